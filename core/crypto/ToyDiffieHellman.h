// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// INSECURE — FOR THE CLASSROOM ONLY. The by-hand Diffie-Hellman example (p = 23, g = 5, ...) on
// 64-bit numbers, which anyone can break by trying every exponent. It exists so a class can
// check each step with pencil and paper; it is never offered on the wire. It is the one piece of
// core/crypto that does its own arithmetic instead of calling OpenSSL.

#include <cstdint>
#include <string_view>

#include "base/Error.h"

namespace ipseclab::crypto {

class ToyDiffieHellman {
public:
    static constexpr bool kInsecure = true;
    static constexpr std::string_view describe() {
        return "Toy Diffie-Hellman on 64-bit numbers: insecure, for the by-hand classroom example only";
    }

    // p must be a prime above 2, 1 < g < p, and 1 <= a <= p-2.
    static Result<ToyDiffieHellman> create(std::uint64_t p, std::uint64_t g, std::uint64_t privateValue);

    std::uint64_t prime() const { return m_p; }
    std::uint64_t generator() const { return m_g; }
    std::uint64_t privateValue() const { return m_a; }
    std::uint64_t publicValue() const { return m_public; } // A = g^a mod p

    // B^a mod p; the peer's B must satisfy 1 < B < p-1, as for the real groups.
    Result<std::uint64_t> sharedSecret(std::uint64_t peerPublic) const;

    static std::uint64_t modPow(std::uint64_t base, std::uint64_t exponent, std::uint64_t modulus);
    // Deterministic Miller-Rabin, exact for every 64-bit number.
    static bool isPrime(std::uint64_t n);

private:
    ToyDiffieHellman(std::uint64_t p, std::uint64_t g, std::uint64_t a);

    std::uint64_t m_p;
    std::uint64_t m_g;
    std::uint64_t m_a;
    std::uint64_t m_public;
};

} // namespace ipseclab::crypto
