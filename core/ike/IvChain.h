// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The CBC IV chain of one ISAKMP SA (RFC 2409 App. B; digest §2.4; strongSwan's iv_manager):
// - phase 1: the first encrypted message uses hash(g^xi | g^xr); each next one the last ciphertext
//   block of the previous encrypted phase-1 message, whoever sent it;
// - when phase 1 completes, the last phase-1 block becomes the frozen base of every phase-2 and
//   Informational exchange: its first IV is hash(base | M-ID), later messages of the same M-ID
//   chain on the last block of the previous one.
// The chain advances only through advance(): after a message was sent, or after a received one
// decrypted and verified. A message that fails, or a retransmission that is dropped, changes nothing.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "base/Bytes.h"
#include "crypto/Hash.h"
#include "ike/Keymat.h"

namespace ipseclab::ike {

class IvChain {
public:
    IvChain() = default;
    IvChain(crypto::HashAlgorithm hash, std::size_t blockSize) : m_hash(hash), m_blockSize(blockSize) {}

    std::size_t blockSize() const { return m_blockSize; }

    // Phase 1 (message ID 0).
    void startPhase1(ByteView initialIv) { m_phase1.assign(initialIv.begin(), initialIv.end()); }
    const Bytes& phase1() const { return m_phase1; }
    // Freezes the current phase-1 IV (the last block of the last phase-1 message, or the initial
    // IV when no phase-1 message was encrypted) as the phase-2 base.
    void completePhase1() { m_base = m_phase1; }
    bool phase1Complete() const { return !m_base.empty(); }
    const Bytes& phase2Base() const { return m_base; }

    // The IV the next message of exchange `messageId` uses. For a new phase-2 M-ID, the first IV is
    // derived (hash(base | M-ID)) and its Derivation handed back through `derived` (id `derivedId`)
    // so the caller can record it. Asking changes nothing: a new M-ID's IV is kept only by advance(),
    // so a message that fails to decrypt or verify leaves no trace in the chain. M-ID 0 is phase 1.
    Bytes current(std::uint32_t messageId, const std::string& derivedId = {},
                  std::optional<Derivation>* derived = nullptr, const Source& baseSource = {}) const;
    bool has(std::uint32_t messageId) const {
        return messageId == 0 ? !m_phase1.empty() : m_phase2.count(messageId) > 0;
    }

    // After a message of that exchange was sent, or received and verified: its last ciphertext block.
    void advance(std::uint32_t messageId, ByteView ciphertext);
    void forget(std::uint32_t messageId) { m_phase2.erase(messageId); }

    static Bytes lastBlock(ByteView ciphertext, std::size_t blockSize);
    friend bool operator==(const IvChain&, const IvChain&) = default;

private:
    crypto::HashAlgorithm m_hash = crypto::HashAlgorithm::Sha1;
    std::size_t m_blockSize = 16;
    Bytes m_phase1;
    Bytes m_base;
    std::map<std::uint32_t, Bytes> m_phase2;
};

} // namespace ipseclab::ike
