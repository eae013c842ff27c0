// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The fuzz build's copy of a peer (IPSECLAB_FUZZ_SNAPSHOT, defined by the fuzz preset only):
// fuzz_ike_engine saves the two engines of a genuine exchange after each datagram and restores
// them for every input instead of running the exchange again. The IKE SAs are shared until one
// side changes one (IkeSaHandle, Engine::own(), which copies it by value then: the key pairs, as
// DiffieHellman duplicates OpenSSL's key, and the secrets, as SecretBytes is copyable in this build
// only); everything else is copied by value. It also compares two engines' states, so the target
// can tell an input that left them as the genuine exchange had them. No other build compiles this.

#ifdef IPSECLAB_FUZZ_SNAPSHOT

#include "ike/Engine.h"

namespace ipseclab::ike {

namespace detail {

Engine::Engine(const Engine& other, crypto::RandomSource& r)
    : config(other.config), random(r), transmits(other.transmits), events(other.events), ikeOrdinal(other.ikeOrdinal),
      qmOrdinal(other.qmOrdinal), now(other.now), ownDecoded(other.ownDecoded), sas(other.sas),
      children(other.children) {}

bool Engine::sameState(const Engine& other) const {
    // ownDecoded is a cache of a decoding of its bytes: the bytes decide.
    const auto ownBytes = [](const Engine& e) { return e.ownDecoded ? &e.ownDecoded->bytes : nullptr; };
    const Bytes *own = ownBytes(*this), *otherOwn = ownBytes(other);
    // The cheap comparisons first: most states a run compares with differ in them.
    if (!(ikeOrdinal == other.ikeOrdinal && qmOrdinal == other.qmOrdinal && now == other.now &&
          sas.size() == other.sas.size() && children.size() == other.children.size() &&
          transmits.size() == other.transmits.size() && transmits == other.transmits &&
          (own && otherOwn ? *own == *otherOwn : own == otherOwn) && children == other.children))
        return false;
    for (std::size_t i = 0; i < sas.size(); ++i)
        if (sas[i] != other.sas[i] && !(*sas[i] == *other.sas[i])) return false; // shared: the same
    return true;
}

} // namespace detail

Peer::Peer(std::unique_ptr<detail::Engine> engine) : m_engine(std::move(engine)) {}

Peer Peer::snapshot(crypto::RandomSource& random) const {
    return Peer(std::make_unique<detail::Engine>(*m_engine, random));
}

bool Peer::sameState(const Peer& other) const { return m_engine->sameState(*other.m_engine); }

} // namespace ipseclab::ike

#endif
