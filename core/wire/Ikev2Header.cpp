// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Ikev2Header.h"

#include <algorithm>
#include <cctype>

#include "wire/FieldSpec.h"
#include "wire/IsakmpConstants.h"
#include "wire/IsakmpFields.h"
#include "wire/IsakmpFormat.h"

namespace ipseclab::wire::ikev2 {

using isakmp_detail::plural;

namespace {

namespace f = isakmp_fields;
constexpr FieldSpec kInitiatorSpi{&f::kInitiatorCookie, 0, 8,
                                  "SPIi: chosen by the initiator; with SPIr it names the IKE SA", "Initiator SPI"};
constexpr FieldSpec kResponderSpi{&f::kResponderCookie, 8, 8, "SPIr: chosen by the responder in its IKE_SA_INIT reply",
                                  "Responder SPI"};
constexpr FieldSpec kNextPayload{&f::kNextPayload, 16, 1};
constexpr FieldSpec kVersionField{&f::kVersion, 17, 1, "major version 2, minor 0: IKEv2 (RFC 7296)"};
constexpr FieldSpec kExchangeType{&f::kExchangeType, 18, 1};
constexpr FieldSpec kFlags{&f::kFlags, 19, 1, "I (sent by the original initiator), V (higher version), R (response)"};
constexpr FieldSpec kMessageId{&f::kMessageId, 20, 4,
                               "counts the requests of each side from 0; a response carries its request's ID"};
constexpr FieldSpec kLength{&f::kLength, 24, 4, "total length of the message: this header plus all payloads"};
constexpr FieldSpec kFields[] = {kInitiatorSpi, kResponderSpi, kNextPayload, kVersionField,
                                 kExchangeType, kFlags,        kMessageId,   kLength};

tl::unexpected<Error> headerFail(const Annotator& annotator, const FieldSpec& spec, std::string message) {
    return fail(std::move(message), headerFieldLabel(annotator, spec.name(), spec.field->key),
                annotator.base() + spec.offset);
}

std::string flagsText(std::uint8_t flags) {
    std::string names;
    const auto addName = [&](std::string_view name) { names += (names.empty() ? "" : ", ") + std::string(name); };
    if (flags & kFlagInitiator) addName("Initiator");
    if (flags & kFlagVersion) addName("Version");
    if (flags & kFlagResponse) addName("Response");
    if (flags & ~(kFlagInitiator | kFlagVersion | kFlagResponse) & 0xff) addName("reserved bits");
    return formatHex(flags, 2) + " (" + (names.empty() ? "none" : names) + ")";
}

std::string flagsMeaning(std::uint8_t flags) {
    std::string meaning = (flags & kFlagResponse) ? "R: a response" : "R clear: a request";
    meaning += (flags & kFlagInitiator) ? "; I: from the peer that started the IKE SA"
                                        : "; I clear: from the original responder";
    if (flags & kFlagVersion) meaning += "; V: the sender could speak a higher major version";
    if (flags & 0xc7) meaning += "; bits 0-2, 6-7 are reserved and should be zero (ignored)";
    return meaning;
}

} // namespace

std::string headerFieldLabel(const Annotator& annotator, std::string_view name, std::string_view key) {
    std::string words(name);
    std::transform(words.begin(), words.end(), words.begin(), [](unsigned char c) { return std::tolower(c); });
    return fieldPath(annotator, "IKEv2 header " + words + " (" + std::string(key) + ")");
}

Result<Header> decodeHeader(ByteView bytes, const Annotator& annotator) {
    const Annotator at = annotator.child("IKEv2 Header", 0);
    if (bytes.size() < kHeaderSize)
        for (const FieldSpec& spec : kFields)
            if (auto cut = firstCutField(at, std::span(&spec, 1), bytes.size(), "the 28-byte IKEv2 header"))
                return headerFail(annotator, spec, cut->message);

    Header header;
    std::copy_n(bytes.begin(), 8, header.initiatorSpi.begin());
    std::copy_n(bytes.begin() + 8, 8, header.responderSpi.begin());
    header.nextPayload = static_cast<PayloadType>(bytes[16]);
    header.version = bytes[17];
    header.exchangeType = static_cast<ExchangeType>(bytes[18]);
    header.flags = bytes[19];
    header.messageId = readU32(bytes, 20);
    header.length = readU32(bytes, 24);

    const bool annotating = annotator.enabled();
    const auto exchangeName = [&] { return nameAndNumber(exchangeTypeName(header.exchangeType), bytes[18]); };
    if (annotating) {
        annotator.add(f::kHeader, "IKEv2 Header", 0, kHeaderSize, exchangeName() + ", " + plural(header.length, "byte"),
                      "fixed 28-byte header: which IKE SA (the SPIs), which exchange, request or response, how long");
        const bool responderZero = std::all_of(header.responderSpi.begin(), header.responderSpi.end(),
                                               [](std::uint8_t b) { return b == 0; });
        annotate(at, kInitiatorSpi, "0x" + toHex(header.initiatorSpi));
        annotate(at, kResponderSpi, "0x" + toHex(header.responderSpi),
                 responderZero ? "SPIr: zero because the responder has not chosen one (first IKE_SA_INIT request, "
                                 "or a stateless COOKIE/INVALID_KE reply)"
                               : std::string(kResponderSpi.meaningText()));
        annotate(at, kNextPayload, nameAndNumber(payloadTypeName(header.nextPayload), bytes[16]),
                 "type of the first payload; readable even when the rest is encrypted");
    }

    const unsigned major = header.version >> 4;
    const unsigned minor = header.version & 0x0f;
    const auto versionText = [&] {
        return std::to_string(major) + "." + std::to_string(minor) + " (" + formatHex(header.version, 2) + ")";
    };
    if (major != 2) {
        if (annotating) annotate(at, kVersionField, versionText(), "not an IKEv2 message");
        return headerFail(annotator, kVersionField,
                          major == 1 ? "version 1.x is IKEv1 (ISAKMP); this decoder reads IKEv2 (version 2.0)"
                                     : "major version " + std::to_string(major) + " is not IKEv2 (2)");
    }
    if (annotating)
        annotate(at, kVersionField, versionText(),
                 minor == 0 ? std::string(kVersionField.meaningText())
                            : "IKEv2 with a minor version other than 0 (ignored, as RFC 7296 §2.5 says)");
    if (bytes[18] < 34) {
        if (annotating) annotate(at, kExchangeType, exchangeName(), "an ISAKMP (IKEv1) exchange number");
        return headerFail(annotator, kExchangeType,
                          "exchange type " + std::to_string(bytes[18]) + " is not an IKEv2 exchange (34 and up)");
    }
    if (annotating) {
        annotate(at, kExchangeType, exchangeName(), std::string(exchangeMeaning(header.exchangeType)));
        annotate(at, kFlags, flagsText(header.flags), flagsMeaning(header.flags));
        annotate(at, kMessageId, formatHex(header.messageId, 8) + " (" + std::to_string(header.messageId) + ")");
        annotate(at, kLength, plural(header.length, "byte"));
    }
    if (header.length < kHeaderSize)
        return headerFail(annotator, kLength,
                          "Length " + std::to_string(header.length) + " is shorter than the 28-byte header itself");
    if (header.length > bytes.size())
        return headerFail(annotator, kLength,
                          "Length says " + plural(header.length, "byte") + " but only " + plural(bytes.size(), "byte") +
                              " arrived (truncated message)");
    return header;
}

Bytes encodeHeader(const Header& header) {
    Bytes out;
    out.reserve(kHeaderSize);
    append(out, header.initiatorSpi);
    append(out, header.responderSpi);
    appendU8(out, static_cast<std::uint8_t>(header.nextPayload));
    appendU8(out, header.version);
    appendU8(out, static_cast<std::uint8_t>(header.exchangeType));
    appendU8(out, header.flags);
    appendU32(out, header.messageId);
    appendU32(out, header.length);
    return out;
}

} // namespace ipseclab::wire::ikev2
