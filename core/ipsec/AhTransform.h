// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// AH's integrity check for one SA (RFC 4302 §3.3.3, digest §6.9): an HMAC over the IPv4 header with
// its mutable fields (TOS, flags + fragment offset, TTL, checksum, mutable options) zeroed, the AH
// header with its ICV zeroed, everything after it, and with ESN the high 32 bits of the sequence
// number appended (§2.5.1, §3.3.3.2.2).
// Sequence numbers, the window, lifetimes and events are the SecurityAssociation's.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/Hmac.h"
#include "ipsec/Suites.h"
#include "wire/AhHeader.h"

namespace ipseclab::ipsec {

class AhTransform {
public:
    static Result<AhTransform> create(const Suite& suite, ByteView integrityKey);

    const Suite& suite() const { return m_suite; }
    std::size_t icvLength() const { return m_icvLength; }
    // 12 fixed bytes + ICV (a whole number of 32-bit words for every HMAC we offer).
    std::size_t headerLength() const { return wire::kAhFixedLength + m_icvLength; }

    // The sender's ICV of an IPv4 packet laid out as: IPv4 header | AH header | protected data,
    // with the AH header at `ahOffset` (the IPv4 header length). The ICV field's bytes in `packet`
    // are ignored (treated as zero). `out` is icvLength() bytes.
    Result<void> computeIcv(ByteView packet, std::size_t ahOffset, std::uint64_t sequenceNumber, bool esn,
                            std::span<std::uint8_t> out);
    // The receiver's ICV and a constant-time comparison with the ICV in the packet.
    bool verify(ByteView packet, std::size_t ahOffset, std::uint64_t sequenceNumber, bool esn);

private:
    AhTransform(const Suite& suite, ByteView integrityKey);
    // Both ends compute the same ICV, but only the sender of a source-routed packet has to find
    // the final destination in the route (wire::zeroIpv4MutableFields).
    Result<void> icv(ByteView packet, std::size_t ahOffset, std::uint64_t sequenceNumber, bool esn, bool sending,
                     std::span<std::uint8_t> out);

    Suite m_suite;
    std::size_t m_icvLength = 0;
    crypto::Hmac m_hmac;
};

} // namespace ipseclab::ipsec
