// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the ISAKMP decoder: whole datagrams (decodeMessage) and decrypted payload
// chains (decodePayloadChain, the first byte choosing the first payload type). Beyond "no crash"
// it checks what the decoder promises: annotations stay inside the buffer, and a message that
// decodes re-encodes to the very same bytes.

#include <cstdlib>

#include "wire/IsakmpCodec.h"

using namespace ipseclab;
using namespace ipseclab::wire;

namespace {

void checkAnnotations(const Annotations& annotations, std::size_t size) {
    for (const Annotation& a : annotations)
        if (a.offset > size || a.length > size - a.offset) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView bytes(data, size);

    Annotations annotations;
    const auto message = decodeMessage(bytes, Annotator(&annotations));
    checkAnnotations(annotations, size);
    if (message) {
        const auto again = encodeMessage(*message);
        if (!again || !std::equal(again->begin(), again->end(), bytes.begin(), bytes.end())) std::abort();
    }

    if (size > 0) {
        Annotations chainAnnotations;
        const ByteView chain = bytes.subspan(1);
        const auto decoded = decodePayloadChain(static_cast<PayloadType>(data[0]), chain, Annotator(&chainAnnotations));
        checkAnnotations(chainAnnotations, chain.size());
        if (decoded && decoded->consumed() + decoded->padding.size() != chain.size()) std::abort();
    }
    return 0;
}
