// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Where every random byte of the core comes from: cookies, nonces, DH private values, SPIs, IVs.
// Engines take a RandomSource&, so a lab can hand them a seeded DeterministicRandom and
// `ipsec-lab peer` an OsRandom.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/Bytes.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::crypto {

class RandomSource {
public:
    virtual ~RandomSource() = default;

    // Never fails: a source that cannot deliver aborts rather than hand out predictable bytes.
    virtual void fill(std::span<std::uint8_t> out) = 0;
    // What the GUI shows as the origin of the bytes ("OS (RAND_bytes)", "DRBG seed 42 / site-a").
    virtual std::string describe() const = 0;

    Bytes bytes(std::size_t n);
    SecretBytes secretBytes(std::size_t n);
    // Big-endian from the next 4 / 8 bytes of the stream.
    std::uint32_t u32();
    std::uint64_t u64();

protected:
    RandomSource() = default;
    RandomSource(const RandomSource&) = default;
    RandomSource(RandomSource&&) = default;
    RandomSource& operator=(const RandomSource&) = default;
    RandomSource& operator=(RandomSource&&) = default;
};

// The operating system's randomness through OpenSSL's RAND_bytes.
class OsRandom final : public RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override;
    std::string describe() const override { return "OS (RAND_bytes)"; }
};

} // namespace ipseclab::crypto
