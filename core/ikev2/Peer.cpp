// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ikev2/Peer.h"

#include "ikev2/Engine.h"

namespace ipseclab::ikev2 {

Peer::Peer(PeerConfig config, crypto::RandomSource& random)
    : m_engine(std::make_unique<detail::Engine>(std::move(config), random)) {}
Peer::~Peer() = default;
Peer::Peer(Peer&&) noexcept = default;
Peer& Peer::operator=(Peer&&) noexcept = default;

const PeerConfig& Peer::config() const { return m_engine->config; }
PeerConfig& Peer::config() { return m_engine->config; }

void Peer::handle(ByteView datagram, const Endpoint& from, const Endpoint& to, Timestamp now) {
    m_engine->now = std::max(m_engine->now, now);
    m_engine->handle(datagram, from, to);
}

std::optional<Transmit> Peer::pollTransmit() { return m_engine->transmits.take(); }

std::optional<Event> Peer::pollEvent() { return m_engine->events.take(); }

std::optional<Timestamp> Peer::nextTimeout() const { return m_engine->nextTimeout(); }

void Peer::handleTimeout(Timestamp now) {
    m_engine->now = std::max(m_engine->now, now);
    m_engine->handleTimeout();
}

Result<void> Peer::initiate(Timestamp now) {
    m_engine->now = std::max(m_engine->now, now);
    return m_engine->initiate();
}

Result<void> Peer::deleteChildSa(std::uint32_t inboundSpi, Timestamp now) {
    detail::Engine& e = *m_engine;
    e.now = std::max(e.now, now);
    for (const detail::ChildSa& c : e.children)
        if (c.info.inbound.spi == inboundSpi) {
            detail::IkeSa* sa = e.established(c.owner, "delete-child");
            if (!sa) return fail("no IKE SA free to delete child SA " + hex32(inboundSpi));
            return detail::informational::start(e, *sa, detail::Informational::DeleteChild, inboundSpi);
        }
    const std::string why = "delete-child: no child SA with inbound SPI " + hex32(inboundSpi);
    e.record(EventKind::Failure, "delete-child.failed", why, FailureInfo{FailureKind::Local, why, {}, "INFORMATIONAL"});
    return fail(why);
}

Result<void> Peer::deleteIkeSa(const wire::ikev2::Spi& spiI, Timestamp now) {
    m_engine->now = std::max(m_engine->now, now);
    detail::IkeSa* sa = m_engine->established(spiI, "delete-ike");
    if (!sa) return fail("no IKE SA free to delete");
    return detail::informational::start(*m_engine, *sa, detail::Informational::DeleteIke);
}

Result<void> Peer::checkLiveness(const wire::ikev2::Spi& spiI, Timestamp now) {
    m_engine->now = std::max(m_engine->now, now);
    detail::IkeSa* sa = m_engine->established(spiI, "liveness");
    if (!sa) return fail("no IKE SA free for a liveness check");
    return detail::informational::start(*m_engine, *sa, detail::Informational::Liveness);
}

std::vector<IkeSaInfo> Peer::ikeSas() const {
    std::vector<IkeSaInfo> out;
    for (const detail::IkeSa& sa : m_engine->sas)
        if (sa.state == detail::SaState::Established)
            out.push_back(IkeSaInfo{sa.spiI, sa.spiR, sa.role, *sa.suite, sa.local, sa.remote,
                                    m_engine->config.effectiveLocalId(), sa.peerId});
    return out;
}

std::vector<ChildSaInfo> Peer::childSas() const {
    std::vector<ChildSaInfo> out;
    for (const detail::ChildSa& c : m_engine->children) out.push_back(c.info.clone());
    return out;
}

std::size_t Peer::ikeSaCount() const { return m_engine->sas.size(); }

} // namespace ipseclab::ikev2
