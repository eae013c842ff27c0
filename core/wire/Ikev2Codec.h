// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Decoding and encoding of whole IKEv2 messages and payload chains (RFC 7296 §3), beside the
// IKEv1 codec (IsakmpCodec.h) and in its shape: values in Ikev2Payloads.h, annotations keyed by
// Wireshark's isakmp.* fields, every error naming the field and its absolute byte offset.
//
// Strictness:
// - Errors: anything that would make us read past a length or guess at structure — truncation, a
//   length below its header or beyond its parent, SPI sizes, transform and selector counts,
//   attribute lengths, ID and TS addresses of the wrong size, IKEv1 payload numbers (1–32) and
//   exchange types (< 34), a payload after SK (SK is always last, §3.14), bytes after the last
//   payload (IKEv2 pads only inside SK).
// - Lenient but annotated: reserved bits, the minor version, unknown flag bits, unknown payload
//   types (kept raw, the critical bit kept for the engine to answer UNSUPPORTED_CRITICAL_PAYLOAD),
//   unknown exchange, notify, transform and ID numbers.

#include <span>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Ikev2Header.h"
#include "wire/Ikev2Payloads.h"

namespace ipseclab::wire::ikev2 {

struct Message {
    Header header;
    std::vector<Payload> payloads; // Payload::offset counts from the start of the message

    // The nth (0-based) payload of that type, or nullptr.
    const Payload* find(PayloadType type, std::size_t nth = 0) const;
    // The SK payload, when the message is protected.
    const EncryptedPayload* encrypted() const;
};

// ---- Decoding. Annotations go through `annotator` (a null sink costs nothing); nothing throws. ----

// A whole message (non-ESP marker already stripped): header and payload chain. Header Length must
// equal bytes.size(). An SK payload is decoded as its opaque body: decrypt it (core/ikev2) and
// decode the plaintext's payloads with decodePayloads.
Result<Message> decodeMessage(ByteView bytes, const Annotator& annotator = Annotator(nullptr));

// A chain of payloads starting with type `first` that fills `bytes` exactly: the inner payloads of
// a decrypted SK payload, its padding and Pad Length already removed. Offsets count from bytes[0].
// SK cannot appear inside.
Result<std::vector<Payload>> decodePayloads(PayloadType first, ByteView bytes,
                                            const Annotator& annotator = Annotator(nullptr));

// ---- Encoding. Next Payload fields, every length and count are computed; reserved fields and
// attribute forms are written as the values carry them. Fails only on values that do not fit their
// fields (a payload over 65535 bytes, an SPI over 255 bytes...), a body sent as a type it is not
// (a KePayload as TSi), or an SK payload that is not the last. ----

Result<Bytes> encodePayloads(std::span<const Payload> payloads);
// Header (Next Payload and Length set from the payloads) + payloads.
Result<Bytes> encodeMessage(Header header, std::span<const Payload> payloads);
Result<Bytes> encodeMessage(const Message& message);

} // namespace ipseclab::wire::ikev2
