// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IsakmpCodec.h"

#include <algorithm>

#include "wire/IsakmpDetail.h"

namespace ipseclab::wire {

using namespace isakmp_detail;

// ---- PayloadChain ----

ByteView PayloadChain::raw(std::size_t index) const {
    if (index >= payloads.size()) return {};
    return ByteView(bytes).subspan(payloads[index].offset, payloads[index].length);
}

ByteView PayloadChain::rawBody(std::size_t index) const {
    const ByteView whole = raw(index);
    return whole.size() < kGenericPayloadHeaderSize ? ByteView{} : whole.subspan(kGenericPayloadHeaderSize);
}

ByteView PayloadChain::rawFrom(std::size_t index) const {
    if (index >= payloads.size()) return {};
    return ByteView(bytes).subspan(payloads[index].offset);
}

std::optional<std::size_t> PayloadChain::indexOf(PayloadType type, std::size_t nth) const {
    for (std::size_t i = 0; i < payloads.size(); ++i)
        if (payloads[i].type() == type && nth-- == 0) return i;
    return std::nullopt;
}

// ---- Decoding ----

namespace {

enum class PaddingKind { Encryption, Alignment };

// Decodes the chain in bytes[begin, end) (offsets relative to bytes[0] at annotator.base()).
Result<PayloadChain> decodeChain(PayloadType first, ByteView bytes, std::size_t begin, std::size_t end,
                                 const Annotator& annotator, std::size_t maxPadding, PaddingKind paddingKind,
                                 const FirstTypeField& firstField) {
    const ChainWalk walk = walkChain(first, bytes, begin, end, ChainLevel::Message, annotator, firstField);
    PayloadChain chain;
    chain.payloads.reserve(walk.entries.size());
    for (const ChainEntry& entry : walk.entries) {
        auto body = decodeContainer<PayloadBody>(
            annotator, isakmp_fields::payloadField(entry.type), entry.name, entry.offset, entry.length,
            payloadMeaning(entry.type),
            [&](const Annotator& at) -> Result<PayloadBody> {
                annotateGenericHeader(at, entry, ChainLevel::Message);
                return decodeBody(entry.type, bytes.subspan(entry.offset, entry.length), at);
            },
            [](const PayloadBody& decoded) { return describeBody(decoded); });
        if (!body) return tl::unexpected(body.error());
        chain.payloads.push_back(Payload{std::move(*body), entry.reserved, entry.offset - begin, entry.length});
    }
    if (walk.error) return tl::unexpected(*walk.error);

    const std::size_t padding = end - walk.end;
    if (padding > maxPadding)
        return fail(plural(padding, "byte") + " follow the last payload (Next Payload 0), more than the " +
                        plural(maxPadding, "byte") + " of padding allowed here",
                    fieldPath(annotator, "Padding"), annotator.base() + walk.end);
    if (padding > 0) {
        const ByteView pad = bytes.subspan(walk.end, padding);
        const bool zeros = std::all_of(pad.begin(), pad.end(), [](std::uint8_t b) { return b == 0; });
        annotator.add(isakmp_fields::kPadding, walk.end, padding,
                      plural(padding, "byte") + (zeros ? " (all zero)" : ""),
                      paddingKind == PaddingKind::Encryption
                          ? "fills the plaintext up to the cipher's block size; the receiver ignores it (strongSwan "
                            "pads with zeros, a whole block when the payloads are already aligned)"
                          : "alignment bytes after the last payload; ignored");
    }
    chain.bytes.assign(bytes.begin() + static_cast<std::ptrdiff_t>(begin),
                       bytes.begin() + static_cast<std::ptrdiff_t>(walk.end));
    chain.padding.assign(bytes.begin() + static_cast<std::ptrdiff_t>(walk.end),
                         bytes.begin() + static_cast<std::ptrdiff_t>(end));
    return chain;
}

} // namespace

Result<IsakmpMessage> decodeMessage(ByteView bytes, const Annotator& annotator, std::size_t clearPadding) {
    auto header = decodeIsakmpHeader(bytes, annotator);
    if (!header) return tl::unexpected(header.error());
    const std::size_t length = header->length;
    if (length != bytes.size())
        return fail(plural(bytes.size() - length, "byte") + " follow the " + std::to_string(length) +
                        "-byte message its Length announces",
                    headerFieldLabel(annotator, isakmp_fields::kLength), annotator.base() + 24);

    IsakmpMessage message;
    message.header = *header;
    if (header->encrypted()) {
        message.encrypted.assign(bytes.begin() + kIsakmpHeaderSize, bytes.end());
        if (!message.encrypted.empty())
            annotator.add(isakmp_fields::kEncrypted, kIsakmpHeaderSize, message.encrypted.size(),
                          plural(message.encrypted.size(), "byte"),
                          "the payload chain and its padding, encrypted (CBC) with the phase-1 key; the IKE layer "
                          "decrypts it");
        return message;
    }
    auto chain = decodeChain(header->nextPayload, bytes, kIsakmpHeaderSize, length, annotator, clearPadding,
                             PaddingKind::Alignment,
                             FirstTypeField{&isakmp_fields::kNextPayload, annotator.base() + 16});
    if (!chain) return tl::unexpected(chain.error());
    message.chain = std::move(*chain);
    return message;
}

Result<PayloadChain> decodePayloadChain(PayloadType first, ByteView bytes, const Annotator& annotator,
                                        std::size_t maxPadding) {
    return decodeChain(first, bytes, 0, bytes.size(), annotator, maxPadding, PaddingKind::Encryption, {});
}

Result<Payload> decodePayloadBody(PayloadType type, ByteView body, const Annotator& annotator) {
    const auto number = static_cast<unsigned>(type);
    if (type == PayloadType::None || type == PayloadType::Proposal || type == PayloadType::Transform ||
        (number >= 33 && number <= 53))
        return fail("payload type " + std::to_string(number) + " has no body of its own in an IKEv1 message",
                    annotator.prefix(), annotator.base());
    // The body decoders count offsets from the generic header: give them one, then move their
    // annotations and errors back onto the caller's bytes (every body field sits at offset 4 or later).
    Bytes payload(kGenericPayloadHeaderSize, 0);
    append(payload, body);
    Annotations local;
    const Annotator inner(annotator.enabled() ? &local : nullptr, annotator.prefix(), annotator.base());
    auto decoded = decodeBody(type, payload, inner);
    for (Annotation a : local) {
        a.offset -= kGenericPayloadHeaderSize;
        annotator.append(std::move(a));
    }
    if (!decoded) {
        Error error = decoded.error();
        if (error.offset && *error.offset >= annotator.base() + kGenericPayloadHeaderSize)
            *error.offset -= kGenericPayloadHeaderSize;
        return tl::unexpected(std::move(error));
    }
    return Payload{std::move(*decoded), 0, 0, payload.size()};
}

// ---- Encoding ----

Result<Bytes> encodePayload(const Payload& payload, PayloadType next) {
    auto body = encodePayloadBody(payload.body);
    if (!body) return tl::unexpected(body.error());
    const std::size_t length = body->size() + kGenericPayloadHeaderSize;
    if (length > 0xffff)
        return fail("a payload of " + plural(length, "byte") + " does not fit its 16-bit Payload Length",
                    payloadShortName(payload.type()) + "/Payload Length");
    Bytes out;
    out.reserve(length);
    appendU8(out, static_cast<std::uint8_t>(next));
    appendU8(out, payload.reserved);
    appendU16(out, static_cast<std::uint16_t>(length));
    append(out, *body);
    return out;
}

Result<Bytes> encodePayloadChain(std::span<const Payload> payloads) {
    Bytes out;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        const PayloadType next = i + 1 < payloads.size() ? payloads[i + 1].type() : PayloadType::None;
        auto encoded = encodePayload(payloads[i], next);
        if (!encoded) return tl::unexpected(encoded.error());
        append(out, *encoded);
    }
    return out;
}

namespace {

Result<Bytes> withHeader(IsakmpHeader header, ByteView rest) {
    const std::size_t length = kIsakmpHeaderSize + rest.size();
    if (length > 0xffffffffu)
        return fail("a message of " + plural(length, "byte") + " does not fit its 32-bit Length",
                    headerFieldLabel(Annotator(nullptr), isakmp_fields::kLength));
    header.length = static_cast<std::uint32_t>(length);
    Bytes out = encodeIsakmpHeader(header);
    append(out, rest);
    return out;
}

} // namespace

Result<Bytes> encodeMessage(IsakmpHeader header, std::span<const Payload> payloads) {
    if (header.encrypted())
        return fail("the E flag is set: encrypt the payload chain and use encodeEncryptedMessage",
                    headerFieldLabel(Annotator(nullptr), isakmp_fields::kFlags));
    auto chain = encodePayloadChain(payloads);
    if (!chain) return tl::unexpected(chain.error());
    header.nextPayload = payloads.empty() ? PayloadType::None : payloads.front().type();
    return withHeader(header, *chain);
}

Result<Bytes> encodeEncryptedMessage(IsakmpHeader header, PayloadType firstPayload, ByteView ciphertext) {
    header.flags |= kFlagEncryption;
    header.nextPayload = firstPayload;
    return withHeader(header, ciphertext);
}

Result<Bytes> encodeMessage(const IsakmpMessage& message) {
    if (message.header.encrypted()) return withHeader(message.header, message.encrypted);
    auto chain = encodePayloadChain(message.chain.payloads);
    if (!chain) return tl::unexpected(chain.error());
    append(*chain, message.chain.padding);
    IsakmpHeader header = message.header;
    header.nextPayload = message.chain.payloads.empty() ? PayloadType::None : message.chain.payloads.front().type();
    return withHeader(header, *chain);
}

} // namespace ipseclab::wire
