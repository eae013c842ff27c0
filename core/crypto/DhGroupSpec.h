// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Internal to core/crypto: how each DhGroup maps onto OpenSSL.

#include <cstddef>
#include <string_view>

#include "crypto/DhGroup.h"
#include "crypto/OpenSsl.h"

namespace ipseclab::crypto::detail {

struct DhGroupSpec {
    DhGroup group;
    std::string_view name;
    std::string_view shortName;
    bool isElliptic;
    std::size_t valueLength;      // len(p), or the coordinate length for ECP
    std::size_t privateValueBits; // see DhGroupInfo::privateValueBits
    bool privateTopBitSet;        // groups 1/2: OpenSSL draws exactly privateValueBits bits, top bit one
    // OpenSSL's group name: "modp_1536", "modp_2048", "P-256", "P-384"; empty for groups 1/2,
    // which OpenSSL 3 has no name for (we pass p and g).
    std::string_view opensslName;
    int curveNid; // NID_undef for MODP
};

const DhGroupSpec& dhGroupSpec(DhGroup group);
// A fresh copy of the MODP prime (BN_get_rfc2409_prime_* / BN_get_rfc3526_prime_*).
ossl::BnPtr modpPrime(DhGroup group);
inline constexpr unsigned long kModpGenerator = 2;

} // namespace ipseclab::crypto::detail
