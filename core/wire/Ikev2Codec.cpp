// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Ikev2Codec.h"

#include <array>

#include "wire/FieldSpec.h"
#include "wire/Ikev2Detail.h"
#include "wire/Ikev2Fields.h"
#include "wire/IsakmpConstants.h"
#include "wire/IsakmpDetail.h"
#include "wire/IsakmpFields.h"
#include "wire/IsakmpFormat.h"

namespace ipseclab::wire::ikev2 {

using isakmp_detail::plural;

const Payload* Message::find(PayloadType type, std::size_t nth) const {
    for (const Payload& payload : payloads)
        if (payload.type == type && nth-- == 0) return &payload;
    return nullptr;
}

const EncryptedPayload* Message::encrypted() const {
    const Payload* sk = find(PayloadType::Encrypted);
    return sk ? sk->as<EncryptedPayload>() : nullptr;
}

namespace {

namespace v1 = isakmp_fields;

// One payload's generic header, checked (RFC 7296 §3.2).
struct Entry {
    PayloadType type;
    std::uint8_t next;
    std::uint8_t flagsByte; // C bit | 7 reserved bits
    std::size_t offset;
    std::size_t length;
    std::string name; // "SA", "N#2"
};

// Where the Next Payload naming the first payload sits: the message header's, or none (a
// decrypted chain, whose first type came from the SK payload).
struct FirstType {
    const Annotator* header = nullptr;
};

std::optional<std::string> misplaced(PayloadType type, bool inner) {
    const auto number = static_cast<unsigned>(type);
    if (number >= 1 && number <= 32)
        return "payload type " + std::to_string(number) + " is an IKEv1 (ISAKMP) payload number, reserved in IKEv2";
    if (inner && type == PayloadType::Encrypted) return std::string("an SK payload cannot sit inside an SK payload");
    return std::nullopt;
}

// Walks the chain in bytes[begin, end) by the Payload Length fields; the entries must fill it.
Result<std::vector<Entry>> walk(PayloadType first, ByteView bytes, std::size_t begin, std::size_t end, bool inner,
                                const Annotator& at, const FirstType& firstType) {
    std::vector<Entry> entries;
    std::array<int, 256> seen{};
    std::size_t pos = begin;
    for (PayloadType type = first; type != PayloadType::None;) {
        std::string name = payloadShortName(type);
        if (const int count = ++seen[static_cast<std::uint8_t>(type)]; count > 1) name += "#" + std::to_string(count);
        if (auto why = misplaced(type, inner)) {
            if (entries.empty() && firstType.header)
                return fail(*why, headerFieldLabel(*firstType.header, "Next Payload", v1::kNextPayload.key),
                            firstType.header->base() + 16);
            if (entries.empty()) return failAt(at, name, pos, *why);
            return failAt(at, entries.back().name + "/Next Payload", entries.back().offset, *why);
        }
        if (end - pos < kGenericHeaderSize)
            return failAt(at, name, pos,
                          "the previous Next Payload announces " + name + " but only " + plural(end - pos, "byte") +
                              " are left for its 4-byte generic header (truncated)");
        const std::size_t length = readU16(bytes, pos + 2);
        if (length < kGenericHeaderSize)
            return failAt(at, name + "/Payload Length", pos + 2,
                          "Payload Length " + std::to_string(length) + " is below the 4-byte generic header");
        if (length > end - pos)
            return failAt(at, name + "/Payload Length", pos + 2,
                          "Payload Length " + std::to_string(length) + " runs past the end of " +
                              (inner ? "the decrypted payloads" : "the message") + " (" + plural(end - pos, "byte") +
                              " left)");
        entries.push_back(Entry{type, bytes[pos], bytes[pos + 1], pos, length, std::move(name)});
        pos += length;
        // SK is the last payload; its Next Payload names the first payload inside it (§3.14).
        type = type == PayloadType::Encrypted ? PayloadType::None : static_cast<PayloadType>(bytes[pos - length]);
    }
    if (pos != end) {
        const bool afterSk = !entries.empty() && entries.back().type == PayloadType::Encrypted;
        const std::string where = entries.empty() ? std::string("Next Payload") : entries.back().name + "/Next Payload";
        return failAt(at, where, entries.empty() ? begin : entries.back().offset,
                      plural(end - pos, "byte") + " follow the last payload" +
                          (afterSk ? " (SK must be the last payload of a message)" : " (Next Payload 0)"));
    }
    // Number repeated types from the first occurrence on ("N#1".."N#5").
    std::array<int, 256> position{};
    for (Entry& entry : entries)
        if (const auto t = static_cast<std::uint8_t>(entry.type); seen[t] > 1)
            entry.name = payloadShortName(entry.type) + "#" + std::to_string(++position[t]);
    return entries;
}

void annotateGenericHeader(const Annotator& at, const Entry& e) {
    if (!at.enabled()) return;
    const auto next = static_cast<PayloadType>(e.next);
    const bool sk = e.type == PayloadType::Encrypted;
    at.add(v1::kNextPayload, 0, 1, nameAndNumber(payloadTypeName(next), e.next),
           sk                          ? "type of the first payload inside the encrypted data"
           : next == PayloadType::None ? "0: this is the last payload of the chain"
                                       : "type of the payload that follows this one");
    const bool critical = (e.flagsByte & kCriticalBit) != 0;
    const unsigned reserved = e.flagsByte & 0x7f;
    std::string value = critical ? "critical" : "not critical";
    if (reserved != 0) value += ", reserved bits " + formatHex(reserved, 2);
    at.add(ikev2_fields::kCritical, 1, 1, value,
           std::string(critical ? "C set: a receiver that does not know this payload type must reject the message"
                                : "C clear: a receiver that does not know this payload type skips it") +
               "; the 7 bits after it (isakmp.reserved7) " + detail::reservedMeaning(reserved == 0));
    at.add(v1::kPayloadLength, 2, 2, plural(e.length, "byte"));
}

Result<std::vector<Payload>> decodeChain(PayloadType first, ByteView bytes, std::size_t begin, bool inner,
                                         const Annotator& at, const FirstType& firstType) {
    auto entries = walk(first, bytes, begin, bytes.size(), inner, at, firstType);
    std::vector<Payload> payloads;
    if (!entries) return tl::unexpected(entries.error());
    payloads.reserve(entries->size());
    for (const Entry& e : *entries) {
        auto body = isakmp_detail::decodeContainer<PayloadBody>(
            at, ikev2_fields::payloadField(e.type), e.name, e.offset, e.length, payloadMeaning(e.type),
            [&](const Annotator& in) -> Result<PayloadBody> {
                annotateGenericHeader(in, e);
                return detail::decodeBody(e.type, bytes.subspan(e.offset, e.length), in);
            },
            detail::describeBody);
        if (!body) return tl::unexpected(body.error());
        payloads.push_back(Payload{e.type, std::move(*body), (e.flagsByte & kCriticalBit) != 0,
                                   static_cast<std::uint8_t>(e.flagsByte & 0x7f), e.offset, e.length});
    }
    return payloads;
}

} // namespace

Result<Message> decodeMessage(ByteView bytes, const Annotator& annotator) {
    auto header = decodeHeader(bytes, annotator);
    if (!header) return tl::unexpected(header.error());
    if (header->length != bytes.size())
        return fail(plural(bytes.size() - header->length, "byte") + " follow the " + std::to_string(header->length) +
                        "-byte message its Length announces",
                    headerFieldLabel(annotator, "Length", v1::kLength.key), annotator.base() + 24);
    auto payloads = decodeChain(header->nextPayload, bytes, kHeaderSize, false, annotator, FirstType{&annotator});
    if (!payloads) return tl::unexpected(payloads.error());
    return Message{*header, std::move(*payloads)};
}

Result<std::vector<Payload>> decodePayloads(PayloadType first, ByteView bytes, const Annotator& annotator) {
    return decodeChain(first, bytes, 0, true, annotator, FirstType{});
}

Result<Bytes> encodePayloads(std::span<const Payload> payloads) {
    Bytes out;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        const Payload& p = payloads[i];
        const std::string name = payloadShortName(p.type);
        if (!bodyFitsType(p.body, p.type))
            return fail("the payload's value cannot be sent as payload type " +
                            std::to_string(static_cast<unsigned>(p.type)),
                        name);
        const bool last = i + 1 == payloads.size();
        const EncryptedPayload* sk = p.as<EncryptedPayload>();
        if (sk && !last) return fail("SK must be the last payload of a message (RFC 7296 §3.14)", name);
        auto body = detail::encodeBody(p.body);
        if (!body)
            return fail(body.error().message, name + (body.error().field.empty() ? "" : "/" + body.error().field));
        const std::size_t length = body->size() + kGenericHeaderSize;
        if (length > 0xffff)
            return fail("a payload of " + plural(length, "byte") + " does not fit its 16-bit Payload Length",
                        name + "/Payload Length");
        if (p.reserved > 0x7f) return fail("the reserved bits after the critical bit are only 7", name);
        appendU8(out, static_cast<std::uint8_t>(sk ? sk->firstInner : last ? PayloadType::None : payloads[i + 1].type));
        appendU8(out, static_cast<std::uint8_t>((p.critical ? kCriticalBit : 0) | p.reserved));
        appendU16(out, static_cast<std::uint16_t>(length));
        append(out, *body);
    }
    return out;
}

Result<Bytes> encodeMessage(Header header, std::span<const Payload> payloads) {
    auto chain = encodePayloads(payloads);
    if (!chain) return tl::unexpected(chain.error());
    header.nextPayload = payloads.empty() ? PayloadType::None : payloads.front().type;
    header.length = static_cast<std::uint32_t>(kHeaderSize + chain->size());
    Bytes out = encodeHeader(header);
    append(out, *chain);
    return out;
}

Result<Bytes> encodeMessage(const Message& message) { return encodeMessage(message.header, message.payloads); }

} // namespace ipseclab::wire::ikev2
