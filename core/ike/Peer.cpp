// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/Peer.h"

#include "ike/Engine.h"

namespace ipseclab::ike {

Peer::Peer(PeerConfig config, crypto::RandomSource& random)
    : m_engine(std::make_unique<detail::Engine>(std::move(config), random)) {}
Peer::~Peer() = default;
Peer::Peer(Peer&&) noexcept = default;
Peer& Peer::operator=(Peer&&) noexcept = default;

const PeerConfig& Peer::config() const { return m_engine->config; }
PeerConfig& Peer::config() { return m_engine->config; }

void Peer::handle(ByteView datagram, const Endpoint& from, const Endpoint& to, Timestamp now) {
    m_engine->handle(datagram, from, to, now);
}

std::optional<Transmit> Peer::pollTransmit() { return m_engine->transmits.take(); }

std::optional<Event> Peer::pollEvent() { return m_engine->events.take(); }

std::optional<Timestamp> Peer::nextTimeout() const { return m_engine->nextTimeout(); }
void Peer::handleTimeout(Timestamp now) { m_engine->handleTimeout(now); }

Result<void> Peer::initiate(Timestamp now) { return m_engine->initiate(now); }
Result<void> Peer::startQuickMode(Timestamp now) { return m_engine->startQuickMode(now); }
Result<void> Peer::deleteChildSa(std::uint32_t inboundSpi, Timestamp now) {
    return m_engine->deleteChildSa(inboundSpi, now);
}
Result<void> Peer::deleteIkeSa(Timestamp now) { return m_engine->deleteIkeSa(now); }
Result<void> Peer::sendDpd(Timestamp now) { return m_engine->sendDpd(now); }

std::vector<IkeSaInfo> Peer::ikeSas() const {
    std::vector<IkeSaInfo> out;
    for (const auto& sa : m_engine->ikeSas()) {
        if (!sa->established()) continue;
        IkeSaInfo info;
        info.initiatorCookie = sa->ckyI;
        info.responderCookie = sa->ckyR;
        info.role = sa->role;
        info.mode = sa->mode;
        info.suite = *sa->suite;
        info.local = sa->local;
        info.remote = sa->remote;
        info.natT = sa->floated;
        info.localId = m_engine->config.effectiveLocalId();
        info.remoteId = sa->peerId;
        out.push_back(std::move(info));
    }
    return out;
}

std::vector<ChildSaInfo> Peer::childSas() const {
    std::vector<ChildSaInfo> out;
    for (const auto& child : m_engine->childSas()) out.push_back(child.info.clone());
    return out;
}

std::size_t Peer::ikeSaCount() const { return m_engine->ikeSas().size(); }

} // namespace ipseclab::ike
