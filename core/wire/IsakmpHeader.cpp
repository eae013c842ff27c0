// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IsakmpHeader.h"

#include <algorithm>
#include <cctype>

#include "wire/FieldSpec.h"
#include "wire/IsakmpDetail.h"
#include "wire/IsakmpFields.h"
#include "wire/IsakmpFormat.h"

namespace ipseclab::wire {

using namespace isakmp_detail;

namespace {

namespace f = isakmp_fields;
constexpr FieldSpec kInitiatorCookie{&f::kInitiatorCookie, 0, 8};
constexpr FieldSpec kResponderCookie{&f::kResponderCookie, 8, 8};
constexpr FieldSpec kNextPayload{&f::kNextPayload, 16, 1};
constexpr FieldSpec kVersion{&f::kVersion, 17, 1};
constexpr FieldSpec kExchangeType{&f::kExchangeType, 18, 1};
constexpr FieldSpec kFlags{&f::kFlags, 19, 1};
constexpr FieldSpec kMessageId{&f::kMessageId, 20, 4};
constexpr FieldSpec kLength{&f::kLength, 24, 4};
constexpr FieldSpec kFields[] = {kInitiatorCookie, kResponderCookie, kNextPayload, kVersion,
                                 kExchangeType,    kFlags,           kMessageId,   kLength};

// A failure of one header field, named as headerFieldLabel names it, at its absolute offset.
tl::unexpected<Error> headerFail(const Annotator& annotator, const FieldSpec& spec, std::string message) {
    return fail(std::move(message), headerFieldLabel(annotator, *spec.field), annotator.base() + spec.offset);
}

std::string_view exchangeMeaning(ExchangeType type) {
    switch (type) {
    case ExchangeType::IdentityProtection:
        return "Main Mode: six messages; the identities travel encrypted in messages 5 and 6";
    case ExchangeType::Aggressive:
        return "Aggressive Mode: three messages; identities and the responder's hash travel in clear text";
    case ExchangeType::Informational:
        return "a one-way notification or delete, protected by the ISAKMP SA once it exists";
    case ExchangeType::QuickMode: return "phase 2: negotiates the IPsec SAs under the protection of the ISAKMP SA";
    case ExchangeType::Transaction: return "Mode-Config / XAUTH exchange (draft), not used by the lab";
    default: return "an exchange type IKEv1 with pre-shared keys does not use";
    }
}

std::string flagsText(std::uint8_t flags) {
    std::string names;
    const auto addName = [&](std::string_view name) { names += (names.empty() ? "" : ", ") + std::string(name); };
    if (flags & kFlagEncryption) addName("Encryption");
    if (flags & kFlagCommit) addName("Commit");
    if (flags & kFlagAuthenticationOnly) addName("Authentication Only");
    if (flags & 0xf8) addName("unknown bits");
    return formatHex(flags, 2) + " (" + (names.empty() ? "none" : names) + ")";
}

std::string flagsMeaning(std::uint8_t flags) {
    std::string meaning = (flags & kFlagEncryption)
                              ? "E: everything after this header is encrypted with the phase-1 key"
                              : "E clear: the payloads travel in clear text";
    if (flags & kFlagCommit)
        meaning += "; C: the sender wants a CONNECTED notification before using the SA (RFC 2408 §3.1); the lab, "
                   "like strongSwan, does not act on it";
    if (flags & kFlagAuthenticationOnly) meaning += "; A: authenticated but not encrypted (unused in practice)";
    if (flags & 0xf8) meaning += "; bits 3-7 are reserved and should be zero (ignored)";
    return meaning;
}

} // namespace

std::string isakmp_detail::headerFieldLabel(const Annotator& annotator, const Field& field) {
    std::string words(field.name);
    std::transform(words.begin(), words.end(), words.begin(), [](unsigned char c) { return std::tolower(c); });
    return fieldPath(annotator, "ISAKMP header " + words + " (" + std::string(field.key) + ")");
}

Bytes IsakmpHeader::messageIdBytes() const {
    Bytes bytes;
    appendU32(bytes, messageId);
    return bytes;
}

Result<IsakmpHeader> decodeIsakmpHeader(ByteView bytes, const Annotator& annotator) {
    const Annotator at = annotator.child("ISAKMP Header", 0);
    // One length check on the hot path; only a short header looks for the first field cut short,
    // which names the fault.
    if (bytes.size() < kIsakmpHeaderSize)
        for (const FieldSpec& spec : kFields)
            if (auto cut = firstCutField(at, std::span(&spec, 1), bytes.size(), "the 28-byte ISAKMP header"))
                return headerFail(annotator, spec, cut->message);

    IsakmpHeader header;
    std::copy_n(bytes.begin(), 8, header.initiatorCookie.begin());
    std::copy_n(bytes.begin() + 8, 8, header.responderCookie.begin());
    header.nextPayload = static_cast<PayloadType>(bytes[16]);
    header.version = bytes[17];
    header.exchangeType = static_cast<ExchangeType>(bytes[18]);
    header.flags = bytes[19];
    header.messageId = readU32(bytes, 20);
    header.length = readU32(bytes, 24);

    // The annotations' strings are built only when someone wants them: the engine decodes every
    // datagram without annotations, on its hot path.
    const bool annotating = annotator.enabled();
    const auto exchangeName = [&] { return nameAndNumber(exchangeTypeName(header.exchangeType), bytes[18]); };
    if (annotating) {
        annotator.add(f::kHeader, 0, kIsakmpHeaderSize, exchangeName() + ", " + plural(header.length, "byte"));
        const bool responderZero = std::all_of(header.responderCookie.begin(), header.responderCookie.end(),
                                               [](std::uint8_t b) { return b == 0; });
        annotate(at, kInitiatorCookie, "0x" + toHex(header.initiatorCookie));
        annotate(at, kResponderCookie, "0x" + toHex(header.responderCookie),
                 responderZero ? "CKY-R: all zero because the responder has not answered yet (first message of phase 1)"
                               : std::string(kResponderCookie.meaningText()));
        annotate(at, kNextPayload, nameAndNumber(payloadTypeName(header.nextPayload), bytes[16]));
    }

    const unsigned major = header.version >> 4;
    const unsigned minor = header.version & 0x0f;
    const auto versionText = [&] {
        return std::to_string(major) + "." + std::to_string(minor) + " (" + formatHex(header.version, 2) + ")";
    };
    if (major != 1) {
        if (annotating) annotate(at, kVersion, versionText(), "not an IKEv1 message");
        return headerFail(annotator, kVersion,
                          major == 2 ? "version 2.x is IKEv2; this lab speaks IKEv1 (version 1.0) only"
                                     : "major version " + std::to_string(major) + " is not ISAKMP/IKEv1 (1)");
    }
    if (annotating)
        annotate(at, kVersion, versionText(),
                 minor == 0 ? std::string(kVersion.meaningText())
                            : "ISAKMP major version 1 with an unexpected minor version (should be 0; accepted)");

    const unsigned exchange = bytes[18];
    if (exchange >= 34 && exchange <= 37) {
        if (annotating) annotate(at, kExchangeType, exchangeName(), "an IKEv2 exchange");
        return headerFail(annotator, kExchangeType,
                          "exchange type " + exchangeName() + " belongs to IKEv2; this lab speaks IKEv1 only");
    }
    if (annotating) {
        annotate(at, kExchangeType, exchangeName(), std::string(exchangeMeaning(header.exchangeType)));
        annotate(at, kFlags, flagsText(header.flags), flagsMeaning(header.flags));
        annotate(at, kMessageId, formatHex(header.messageId, 8),
                 header.messageId == 0
                     ? "0: a phase-1 message (Quick Mode and Informational exchanges use a random non-zero ID)"
                     : std::string(kMessageId.meaningText()));
        annotate(at, kLength, plural(header.length, "byte"));
    }

    if (header.length < kIsakmpHeaderSize)
        return headerFail(annotator, kLength,
                          "Length " + std::to_string(header.length) + " is shorter than the 28-byte header itself");
    if (header.length > bytes.size())
        return headerFail(annotator, kLength,
                          "Length says " + plural(header.length, "byte") + " but only " + plural(bytes.size(), "byte") +
                              " arrived (truncated message)");
    return header;
}

Bytes encodeIsakmpHeader(const IsakmpHeader& header) {
    Bytes out;
    out.reserve(kIsakmpHeaderSize);
    append(out, header.initiatorCookie);
    append(out, header.responderCookie);
    appendU8(out, static_cast<std::uint8_t>(header.nextPayload));
    appendU8(out, header.version);
    appendU8(out, static_cast<std::uint8_t>(header.exchangeType));
    appendU8(out, header.flags);
    appendU32(out, header.messageId);
    appendU32(out, header.length);
    return out;
}

} // namespace ipseclab::wire
