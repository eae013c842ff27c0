// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Diffie-Hellman groups IKEv1 negotiates (phase-1 attribute 4 / phase-2 PFS), with what the
// GUI's DH panel shows about each: sizes, and for MODP the prime p and generator g.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::crypto {

enum class DhGroup : std::uint16_t {
    Modp768 = 1,   // RFC 2409 §6.1 (broken today; kept for teaching)
    Modp1024 = 2,  // RFC 2409 §6.2
    Modp1536 = 5,  // RFC 3526 §2
    Modp2048 = 14, // RFC 3526 §3
    Ecp256 = 19,   // RFC 5903, P-256
    Ecp384 = 20,   // RFC 5903, P-384
};

struct DhGroupInfo {
    DhGroup group;
    std::string_view name;      // "MODP-2048 (group 14)"
    std::string_view shortName; // "MODP-2048", used in error messages
    bool isElliptic;
    std::size_t publicValueLength;  // KE payload data: len(p), or x|y = 2 * coordinate length
    std::size_t sharedSecretLength; // g^xy: len(p), or the x coordinate alone
    // Bit length of private values as OpenSSL 3 generates them: exactly len(p)*8 - 2 for groups
    // 1/2 (no q known), at most 200 / 225 for groups 5 / 14 (OpenSSL's named-group lengths),
    // at most the order's length for ECP.
    std::size_t privateValueBits;
    std::string_view curveName; // "P-256"; empty for MODP
    Bytes prime;                // MODP p, big-endian, len(p) bytes; empty for ECP
    Bytes generator;            // MODP g (0x02); empty for ECP
};

DhGroupInfo dhGroupInfo(DhGroup group);
// The IKE group number (1, 2, 5, 14, 19, 20); others are errors that name the number.
Result<DhGroup> dhGroupFromId(std::uint16_t id);
std::span<const DhGroup> supportedDhGroups();

} // namespace ipseclab::crypto
