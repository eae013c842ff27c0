// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The 28-byte IKEv2 header (RFC 7296 §3.1): ISAKMP's layout with IKEv2's meanings.

#include <array>
#include <cstdint>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Ikev2Constants.h"

namespace ipseclab::wire::ikev2 {

inline constexpr std::size_t kHeaderSize = 28;
inline constexpr std::size_t kGenericHeaderSize = 4;

using Spi = std::array<std::uint8_t, 8>;

struct Header {
    Spi initiatorSpi{}; // SPIi
    Spi responderSpi{}; // SPIr, all zero in the first IKE_SA_INIT request (and in a stateless reply)
    PayloadType nextPayload = PayloadType::None;
    std::uint8_t version = kVersion;
    ExchangeType exchangeType = ExchangeType::IkeSaInit;
    std::uint8_t flags = kFlagInitiator;
    std::uint32_t messageId = 0;
    std::uint32_t length = 0; // header + payloads

    bool initiator() const { return (flags & kFlagInitiator) != 0; } // sent by the original initiator
    bool response() const { return (flags & kFlagResponse) != 0; }
    bool operator==(const Header&) const = default;
};

// Decodes the header at the start of `bytes` (which may hold more: the payloads). Fails when fewer
// than 28 bytes are given, on a major version other than 2 (naming IKEv1 for 1.x), on an exchange
// type below 34 (ISAKMP's numbers), and when Length is below 28 or above bytes.size(). Lenient
// (annotated): the minor version, reserved flag bits, exchange types above 37. Annotates under
// "IKEv2 Header/"; an error names the field in words with its key ("IKEv2 header length (isakmp.length)").
Result<Header> decodeHeader(ByteView bytes, const Annotator& annotator = Annotator(nullptr));

// The 28 header bytes exactly as given (Length and Next Payload are not recomputed here).
Bytes encodeHeader(const Header& header);

// How an error names a header field: "IKEv2 header length (isakmp.length)" under the annotator's prefix.
std::string headerFieldLabel(const Annotator& annotator, std::string_view name, std::string_view key);

} // namespace ipseclab::wire::ikev2
