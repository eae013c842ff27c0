// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the IKEv2 decoder: whole messages (decodeMessage) and decrypted payload
// chains (decodePayloads, the first byte choosing the first payload type). Beyond "no crash" it
// checks what the decoder promises: annotations stay inside the buffer, and whatever decodes
// re-encodes to the very same bytes. Seeds: regressions/fuzz_ikev2_codec (messages and inner
// chains of the vectors-ikev2 sets).

#include <algorithm>
#include <cstdlib>

#include "wire/Ikev2Codec.h"

using namespace ipseclab;
using namespace ipseclab::wire;

namespace {

void checkAnnotations(const Annotations& annotations, std::size_t size) {
    for (const Annotation& a : annotations)
        if (a.offset > size || a.length > size - a.offset) std::abort();
}

void checkSame(const Result<Bytes>& encoded, ByteView original) {
    if (!encoded || !std::equal(encoded->begin(), encoded->end(), original.begin(), original.end())) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView bytes(data, size);

    Annotations annotations;
    const auto message = ikev2::decodeMessage(bytes, Annotator(&annotations));
    checkAnnotations(annotations, size);
    if (message) checkSame(ikev2::encodeMessage(*message), bytes);

    if (size > 0) {
        Annotations chainAnnotations;
        const ByteView chain = bytes.subspan(1);
        const auto payloads = ikev2::decodePayloads(static_cast<ikev2::PayloadType>(data[0]), chain,
                                                    Annotator(&chainAnnotations));
        checkAnnotations(chainAnnotations, chain.size());
        if (payloads) checkSame(ikev2::encodePayloads(*payloads), chain);
    }
    return 0;
}
