// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/ToyDiffieHellman.h"

#include <string>

namespace ipseclab::crypto {

namespace {
// GCC/Clang extension; -Wpedantic flags the type name, not its use through this alias.
__extension__ using U128 = unsigned __int128;

std::uint64_t mulMod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
    return static_cast<std::uint64_t>(static_cast<U128>(a) * b % m);
}
} // namespace

std::uint64_t ToyDiffieHellman::modPow(std::uint64_t base, std::uint64_t exponent, std::uint64_t modulus) {
    if (modulus == 1) return 0;
    std::uint64_t result = 1;
    base %= modulus;
    while (exponent > 0) {
        if (exponent & 1) result = mulMod(result, base, modulus);
        base = mulMod(base, base, modulus);
        exponent >>= 1;
    }
    return result;
}

bool ToyDiffieHellman::isPrime(std::uint64_t n) {
    if (n < 2) return false;
    // These twelve bases decide primality for all n < 3.3 * 10^24 (Sorenson & Webster).
    static constexpr std::uint64_t kBases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    for (std::uint64_t b : kBases)
        if (n % b == 0) return n == b;
    std::uint64_t d = n - 1;
    int r = 0;
    while ((d & 1) == 0) {
        d >>= 1;
        ++r;
    }
    for (std::uint64_t b : kBases) {
        std::uint64_t x = modPow(b, d, n);
        if (x == 1 || x == n - 1) continue;
        bool composite = true;
        for (int i = 1; i < r && composite; ++i) {
            x = mulMod(x, x, n);
            if (x == n - 1) composite = false;
        }
        if (composite) return false;
    }
    return true;
}

ToyDiffieHellman::ToyDiffieHellman(std::uint64_t p, std::uint64_t g, std::uint64_t a)
    : m_p(p), m_g(g), m_a(a), m_public(modPow(g, a, p)) {}

Result<ToyDiffieHellman> ToyDiffieHellman::create(std::uint64_t p, std::uint64_t g, std::uint64_t privateValue) {
    if (p <= 2) return fail("toy DH: p must be a prime above 2, got " + std::to_string(p));
    if (!isPrime(p)) return fail("toy DH: p = " + std::to_string(p) + " is not prime");
    if (g <= 1 || g >= p)
        return fail("toy DH: g must satisfy 1 < g < p = " + std::to_string(p) + ", got " + std::to_string(g));
    if (privateValue < 1 || privateValue > p - 2)
        return fail("toy DH: the private value must satisfy 1 <= a <= p-2 = " + std::to_string(p - 2) + ", got " +
                    std::to_string(privateValue));
    return ToyDiffieHellman(p, g, privateValue);
}

Result<std::uint64_t> ToyDiffieHellman::sharedSecret(std::uint64_t peerPublic) const {
    if (peerPublic <= 1 || peerPublic >= m_p - 1)
        return fail("toy DH: the peer's public value must satisfy 1 < B < p-1 = " + std::to_string(m_p - 1) + ", got " +
                    std::to_string(peerPublic));
    return modPow(peerPublic, m_a, m_p);
}

} // namespace ipseclab::crypto
