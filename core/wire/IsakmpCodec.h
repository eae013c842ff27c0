// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Decoding and encoding of whole ISAKMP messages and payload chains.
//
// Strictness (decided here, applied everywhere):
// - Errors: anything that would make us read past a length or guess at structure — truncation,
//   a length below its header or beyond its parent, SPI sizes, transform counts, TLV lengths, ID
//   data of the wrong size for its type, a Proposal/Transform outside its parent, IKEv2 payload
//   numbers (33–53), IKEv2 versions and exchange types, bytes after the header's Length.
// - Lenient but annotated ("should be zero; accepted"), as strongSwan and Wireshark are: non-zero
//   RESERVED fields, unknown flag bits, a minor version other than 0, basic attributes sent as TLV,
//   unknown payload types (kept raw), unknown exchange/notify/ID/transform numbers.
// - Padding: after the payload whose Next Payload is 0, the remaining bytes are padding. A
//   decrypted chain may carry any amount (strongSwan adds 1..blocksize zero bytes, racoon more)
//   unless the caller passes a limit. A clear message must end with its last payload by default
//   (strongSwan and racoon never pad one, and a last payload shortened by a corrupted length
//   would otherwise pass unnoticed); a caller facing a peer that aligns clear messages (libreswan's
//   "ikepad") can allow up to 3 bytes. Padding is kept in PayloadChain::padding, annotated "Padding".
//
// Every error names the field and the absolute byte offset (annotator base + offset in the decoded
// bytes): a header field in words with its key ("ISAKMP header length (isakmp.length)"), a payload's
// field by its place in the tree ("SA/Proposal#1/Transform#2/Payload Length"). Nothing reads past
// the buffer.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/IsakmpHeader.h"
#include "wire/IsakmpPayloads.h"

namespace ipseclab::wire {

// A decoded payload chain and the exact bytes it came from, for the hashes that cover raw bytes:
// HASH_I/HASH_R take SAi_b and IDii_b (rawBody), Quick Mode HASH(1)/(2) take every payload after
// HASH with its generic header (rawFrom).
struct PayloadChain {
    std::vector<Payload> payloads; // Payload::offset counts from the start of `bytes`
    Bytes bytes;                   // the chain as received, from its first payload to the end of the last one
    Bytes padding;                 // whatever followed the last payload

    // Where the chain ends: the callers can tell payloads from padding.
    std::size_t consumed() const { return bytes.size(); }
    // Payload `index` with its generic header; empty for an index past the end.
    ByteView raw(std::size_t index) const;
    // Payload `index` without its generic header (X_b in RFC 2409: Ni_b, SAi_b, IDii_b).
    ByteView rawBody(std::size_t index) const;
    // Payloads index..last with their generic headers, padding excluded; empty past the end.
    ByteView rawFrom(std::size_t index) const;
    // Index of the nth (0-based) payload of that type.
    std::optional<std::size_t> indexOf(PayloadType type, std::size_t nth = 0) const;
    // The nth payload whose body is a T.
    template <typename T>
    const T* find(std::size_t nth = 0) const {
        for (const Payload& payload : payloads)
            if (const T* body = payload.as<T>(); body && nth-- == 0) return body;
        return nullptr;
    }
};

struct IsakmpMessage {
    IsakmpHeader header;
    PayloadChain chain; // the payloads of a clear message; empty when the E flag is set
    Bytes encrypted;    // E flag set: everything after the header (ciphertext, padding included)

    // Offset of payload `index` within the message (the chain starts right after the header); an
    // index past the last payload gives the end of the chain.
    std::size_t payloadOffset(std::size_t index) const {
        return kIsakmpHeaderSize + (index < chain.payloads.size() ? chain.payloads[index].offset : chain.consumed());
    }
};

inline constexpr std::size_t kAnyPadding = std::numeric_limits<std::size_t>::max();
inline constexpr std::size_t kAlignmentPadding = 3; // the most a 4-byte-aligning peer adds to a clear message

// ---- Decoding. All annotate through `annotator` (a null sink costs nothing) and never throw. ----

// Decodes a whole datagram's ISAKMP message (non-ESP marker already stripped): the header and,
// for a clear message, the payload chain; for an E-flag message only the header, handing back
// the ciphertext in `encrypted` (the IKE layer decrypts it and calls decodePayloadChain).
// Header Length must equal bytes.size(): trailing bytes are an error. A clear message's chain may
// be followed by at most `clearPadding` bytes before Length (0, or kAlignmentPadding).
Result<IsakmpMessage> decodeMessage(ByteView bytes, const Annotator& annotator = Annotator(nullptr),
                                    std::size_t clearPadding = 0);

// Walks a payload chain starting with payload type `first` (the header's Next Payload) by the
// Payload Length fields, stops at Next Payload 0 and treats what follows as padding, which must
// not exceed `maxPadding` bytes. Payload offsets count from bytes[0]. Use it on decrypted
// plaintext; annotations are "SA/...", "KE/...", "VID#2/...", then "Padding".
Result<PayloadChain> decodePayloadChain(PayloadType first, ByteView bytes,
                                        const Annotator& annotator = Annotator(nullptr),
                                        std::size_t maxPadding = kAnyPadding);

// Decodes one payload body (the payload without its generic header) of the given type, e.g. an SA
// from SAi_b. Annotations are the body's fields, offsets counting from body[0].
Result<Payload> decodePayloadBody(PayloadType type, ByteView body, const Annotator& annotator = Annotator(nullptr));

// ---- Encoding. Next Payload fields and every length are computed; reserved fields and attribute
// forms are written as the values carry them. Fails only on values that do not fit their fields
// (a payload over 65535 bytes, an SPI over 255 bytes, a TV attribute whose value is not 2 bytes...). ----

// The body of one payload, without generic header (e.g. SAi_b of an SA the engine built).
Result<Bytes> encodePayloadBody(const PayloadBody& body);
// One payload with its generic header; `next` is the type of the payload that follows (None if last).
Result<Bytes> encodePayload(const Payload& payload, PayloadType next);
// The chain, ready to be padded and encrypted; no padding added.
Result<Bytes> encodePayloadChain(std::span<const Payload> payloads);
// A clear message: header (Next Payload and Length set from the payloads) + chain. Fails if the
// header has the E flag: encrypt the chain and use encodeEncryptedMessage instead.
Result<Bytes> encodeMessage(IsakmpHeader header, std::span<const Payload> payloads);
// An encrypted message: header (E flag, Next Payload = firstPayload, Length = 28 + ciphertext) + ciphertext.
Result<Bytes> encodeEncryptedMessage(IsakmpHeader header, PayloadType firstPayload, ByteView ciphertext);
// Re-encodes a decoded message (chain + padding, or ciphertext), recomputing Next Payload and Length.
Result<Bytes> encodeMessage(const IsakmpMessage& message);

} // namespace ipseclab::wire
