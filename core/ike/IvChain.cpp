// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/IvChain.h"

namespace ipseclab::ike {

Bytes IvChain::lastBlock(ByteView ciphertext, std::size_t blockSize) {
    if (ciphertext.size() < blockSize) return Bytes(ciphertext.begin(), ciphertext.end());
    return Bytes(ciphertext.end() - static_cast<std::ptrdiff_t>(blockSize), ciphertext.end());
}

Bytes IvChain::current(std::uint32_t messageId, const std::string& derivedId, std::optional<Derivation>* derived,
                       const Source& baseSource) const {
    if (messageId == 0) return m_phase1;
    if (auto it = m_phase2.find(messageId); it != m_phase2.end()) return it->second;
    Bytes mid;
    appendU32(mid, messageId);
    Derivation d = keymat::phase2Iv(m_hash, Part{"last phase-1 block", m_base, baseSource},
                                    Part{"M-ID", mid, Source::local("the exchange's Message ID")}, m_blockSize,
                                    derivedId.empty() ? "IV.phase2" : derivedId);
    Bytes iv(d.value.view().begin(), d.value.view().end());
    if (derived) *derived = std::move(d);
    return iv;
}

void IvChain::advance(std::uint32_t messageId, ByteView ciphertext) {
    Bytes block = lastBlock(ciphertext, m_blockSize);
    if (messageId == 0) m_phase1 = std::move(block);
    else m_phase2[messageId] = std::move(block);
}

} // namespace ipseclab::ike
