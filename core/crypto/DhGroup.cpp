// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/DhGroup.h"

#include <string>

#include <openssl/obj_mac.h>

#include "crypto/DhGroupSpec.h"

namespace ipseclab::crypto {

namespace detail {

namespace {
// Private value lengths as OpenSSL 3 generates them (tst_diffiehellman checks them against this
// machine's OpenSSL): crypto/ffc/ffc_dh.c gives modp_1536 200 bits and modp_2048 225 bits
// (RFC 7919's lengths for the same sizes); crypto/dh/dh_key.c generate_key() draws exactly
// BN_num_bits(p) - 2 bits, top bit set, when no q is known (groups 1 and 2).
constexpr DhGroupSpec kSpecs[] = {
    {DhGroup::Modp768, "MODP-768 (group 1)", "MODP-768", false, 96, 766, true, "", NID_undef},
    {DhGroup::Modp1024, "MODP-1024 (group 2)", "MODP-1024", false, 128, 1022, true, "", NID_undef},
    {DhGroup::Modp1536, "MODP-1536 (group 5)", "MODP-1536", false, 192, 200, false, "modp_1536", NID_undef},
    {DhGroup::Modp2048, "MODP-2048 (group 14)", "MODP-2048", false, 256, 225, false, "modp_2048", NID_undef},
    {DhGroup::Ecp256, "ECP-256 (group 19)", "ECP-256", true, 32, 256, false, "P-256", NID_X9_62_prime256v1},
    {DhGroup::Ecp384, "ECP-384 (group 20)", "ECP-384", true, 48, 384, false, "P-384", NID_secp384r1},
};
} // namespace

const DhGroupSpec& dhGroupSpec(DhGroup group) {
    for (const auto& spec : kSpecs)
        if (spec.group == group) return spec;
    return kSpecs[0]; // unreachable for a valid enumerator
}

ossl::BnPtr modpPrime(DhGroup group) {
    BIGNUM* p = nullptr;
    switch (group) {
    case DhGroup::Modp768: p = BN_get_rfc2409_prime_768(nullptr); break;
    case DhGroup::Modp1024: p = BN_get_rfc2409_prime_1024(nullptr); break;
    case DhGroup::Modp1536: p = BN_get_rfc3526_prime_1536(nullptr); break;
    case DhGroup::Modp2048: p = BN_get_rfc3526_prime_2048(nullptr); break;
    case DhGroup::Ecp256:
    case DhGroup::Ecp384: break;
    }
    if (p == nullptr) ossl::fatal("BN_get_rfc*_prime");
    return ossl::BnPtr(p);
}

} // namespace detail

DhGroupInfo dhGroupInfo(DhGroup group) {
    const auto& spec = detail::dhGroupSpec(group);
    DhGroupInfo info{group,
                     spec.name,
                     spec.shortName,
                     spec.isElliptic,
                     spec.isElliptic ? 2 * spec.valueLength : spec.valueLength,
                     spec.valueLength,
                     spec.privateValueBits,
                     spec.isElliptic ? spec.opensslName : std::string_view{},
                     {},
                     {}};
    if (!spec.isElliptic) {
        info.prime.resize(spec.valueLength);
        BN_bn2binpad(detail::modpPrime(group).get(), info.prime.data(), static_cast<int>(spec.valueLength));
        info.generator = {static_cast<std::uint8_t>(detail::kModpGenerator)};
    }
    return info;
}

Result<DhGroup> dhGroupFromId(std::uint16_t id) {
    for (DhGroup group : supportedDhGroups())
        if (static_cast<std::uint16_t>(group) == id) return group;
    return fail("Diffie-Hellman group " + std::to_string(id) + " is not supported (supported: 1, 2, 5, 14, 19, 20)");
}

std::span<const DhGroup> supportedDhGroups() {
    static constexpr DhGroup kAll[] = {DhGroup::Modp768,  DhGroup::Modp1024, DhGroup::Modp1536,
                                       DhGroup::Modp2048, DhGroup::Ecp256,   DhGroup::Ecp384};
    return kAll;
}

} // namespace ipseclab::crypto
