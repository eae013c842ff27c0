// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A seeded random byte stream for reproducible labs (docs/architecture.md "Deterministic by seed").
//
// It is OpenSSL's CTR-DRBG (NIST SP 800-90A, AES-256, with derivation function), instantiated from
// OpenSSL's "TEST-RAND" as parent, which hands it entropy and nonce derived from the seed with
// SHA-256 instead of the OS. Reseeding is off, so the stream depends on the seed alone. The DRBG
// is drawn in fixed 256-byte blocks, so the stream does not depend on how callers slice their
// requests: bytes(10) then bytes(22) equals bytes(32).
//
// Predictable by design: never use it facing a real peer.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "crypto/RandomSource.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::crypto {

class DeterministicRandom final : public RandomSource {
public:
    explicit DeterministicRandom(std::uint64_t seed);
    ~DeterministicRandom() override;
    DeterministicRandom(DeterministicRandom&&) noexcept;
    DeterministicRandom& operator=(DeterministicRandom&&) noexcept;

    // An independent stream for one participant ("site-a"): derived from this stream's seed
    // material and the label, not from its output, so it is the same whenever it is forked.
    DeterministicRandom fork(std::string_view label) const;
    // The same stream from the same point on, drawn from independently: what one draws next, the
    // other draws too. It replays the blocks drawn so far: cheap for a stream that drew little, a
    // lab's attacker's; after a flood of forgeries that is tens of thousands of blocks.
    DeterministicRandom clone() const;

    std::uint64_t seed() const { return m_seed; }
    // "" for the root, "site-a" or "site-a/ike" for forks.
    const std::string& label() const { return m_label; }

    void fill(std::span<std::uint8_t> out) override;
    std::string describe() const override;

private:
    struct Drbg; // the OpenSSL contexts, kept out of this header
    DeterministicRandom(std::uint64_t seed, std::string label, SecretBytes material);
    void refill();

    std::uint64_t m_seed = 0;
    std::string m_label;
    SecretBytes m_material; // 32 bytes; the root of this stream and of its forks
    std::unique_ptr<Drbg> m_drbg;
    SecretBytes m_block;        // current DRBG output block
    std::size_t m_used = 0;     // bytes of m_block already handed out
    std::uint64_t m_blocks = 0; // blocks drawn from the DRBG so far (clone)
};

} // namespace ipseclab::crypto
