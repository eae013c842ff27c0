// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The 28-byte ISAKMP header (RFC 2408 §3.1).

#include <array>
#include <cstdint>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/IsakmpConstants.h"

namespace ipseclab::wire {

using Cookie = std::array<std::uint8_t, 8>;

struct IsakmpHeader {
    Cookie initiatorCookie{}; // CKY-I
    Cookie responderCookie{}; // CKY-R, all zero in the first message
    PayloadType nextPayload = PayloadType::None;
    std::uint8_t version = kIsakmpVersion;
    ExchangeType exchangeType = ExchangeType::IdentityProtection;
    std::uint8_t flags = 0;
    std::uint32_t messageId = 0;
    std::uint32_t length = 0; // whole message: header + payloads (+ padding) or header + ciphertext

    bool encrypted() const { return (flags & kFlagEncryption) != 0; }
    bool commit() const { return (flags & kFlagCommit) != 0; }
    bool authenticationOnly() const { return (flags & kFlagAuthenticationOnly) != 0; }
    // The 4 Message ID bytes as HASH(1..3), IVs and KEYMAT take them.
    Bytes messageIdBytes() const;

    bool operator==(const IsakmpHeader&) const = default;
};

// Decodes the header at the start of `bytes` (which may hold more: the payloads). Fails when fewer
// than 28 bytes are given, on a major version other than 1 (naming IKEv2 for 2.x), on the IKEv2
// exchange types 34–37, and when Length is below 28 or above bytes.size(). Lenient (annotated):
// minor version, unknown flag bits, unknown exchange types. Annotates under "ISAKMP Header/"; an
// error names the field in words with its key ("ISAKMP header version (isakmp.version)").
Result<IsakmpHeader> decodeIsakmpHeader(ByteView bytes, const Annotator& annotator = Annotator(nullptr));

// The 28 header bytes exactly as given (Length and Next Payload are not recomputed here).
Bytes encodeIsakmpHeader(const IsakmpHeader& header);

} // namespace ipseclab::wire
