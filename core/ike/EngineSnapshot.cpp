// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The fuzz build's copy of a peer (IPSECLAB_FUZZ_SNAPSHOT, defined by the fuzz preset only):
// fuzz_ike_engine saves the two engines of a genuine exchange after each datagram and restores
// them for every input instead of running the exchange again. Everything is copied by value: the
// SAs behind their unique_ptrs, the key pairs (DiffieHellman duplicates OpenSSL's key), the secrets
// (SecretBytes is copyable in this build only). No other build compiles this.

#ifdef IPSECLAB_FUZZ_SNAPSHOT

#include "ike/Engine.h"

namespace ipseclab::ike {

namespace detail {

Engine::Engine(const Engine& other, crypto::RandomSource& r)
    : config(other.config), random(r), transmits(other.transmits), events(other.events), ikeOrdinal(other.ikeOrdinal),
      qmOrdinal(other.qmOrdinal), now(other.now), ownDecoded(other.ownDecoded), children(other.children) {
    sas.reserve(other.sas.size());
    for (const auto& sa : other.sas) sas.push_back(std::make_unique<IkeSa>(*sa));
}

} // namespace detail

Peer::Peer(std::unique_ptr<detail::Engine> engine) : m_engine(std::move(engine)) {}

Peer Peer::snapshot(crypto::RandomSource& random) const {
    return Peer(std::make_unique<detail::Engine>(*m_engine, random));
}

} // namespace ipseclab::ike

#endif
