// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/Sad.h"

#include "wire/UdpHeader.h"

namespace ipseclab::ipsec {

Sad::Sad(std::string name) : m_name(std::move(name)) {}

void Sad::setEventSink(EventSink sink) {
    m_sink = std::move(sink);
    for (auto& [key, sa] : m_sas) sa->setEventSink(m_sink);
}

Result<SecurityAssociation*> Sad::add(SaConfig config) {
    const SaKey key{config.spi, config.destination, config.protocol};
    if (m_sas.count(key) != 0) return fail("an SA for " + key.toString() + " exists already", "SPI");
    auto sa = SecurityAssociation::create(std::move(config));
    if (!sa) return tl::unexpected(sa.error());
    SecurityAssociation* raw = sa->get();
    raw->setEventSink(m_sink);
    m_sas.emplace(key, std::move(*sa));
    return raw;
}

SecurityAssociation* Sad::find(const SaKey& key) {
    const auto it = m_sas.find(key);
    return it == m_sas.end() ? nullptr : it->second.get();
}

const SecurityAssociation* Sad::find(const SaKey& key) const {
    const auto it = m_sas.find(key);
    return it == m_sas.end() ? nullptr : it->second.get();
}

std::unique_ptr<SecurityAssociation> Sad::remove(const SaKey& key, Timestamp now) {
    const auto it = m_sas.find(key);
    if (it == m_sas.end()) return nullptr;
    std::unique_ptr<SecurityAssociation> sa = std::move(it->second);
    m_sas.erase(it);
    if (m_recent == sa.get()) m_recent = nullptr;
    sa->zeroize();
    if (m_sink) {
        Event e;
        e.kind = EventKind::SaDeleted;
        e.protocol = key.protocol;
        e.label = sa->name();
        e.spi = key.spi;
        e.sequenceNumber = sa->nextSequenceNumber();
        e.time = now;
        e.reason = "SA deleted; its keys were zeroized";
        m_sink(e);
    }
    sa->setEventSink({});
    return sa;
}

std::vector<SecurityAssociation*> Sad::all() {
    std::vector<SecurityAssociation*> out;
    out.reserve(m_sas.size());
    for (auto& [key, sa] : m_sas) out.push_back(sa.get());
    return out;
}

void Sad::poll(Timestamp now) {
    for (auto& [key, sa] : m_sas) sa->poll(now);
}

std::optional<Timestamp> Sad::nextTimeout() const {
    std::optional<Timestamp> next;
    for (const auto& [key, sa] : m_sas)
        if (const auto t = sa->nextTimeout(); t && (!next || *t < *next)) next = t;
    return next;
}

void Sad::reject(InboundResult& r, Verdict verdict, IpsecProtocol protocol, std::uint32_t spi,
                 std::uint64_t sequenceNumber, std::string reason, ByteView packet, Timestamp now) {
    if (verdict == Verdict::UnknownSpi) ++m_unknownSpi;
    else ++m_malformed;
    r.verdict = verdict;
    r.sequenceNumber = sequenceNumber;
    r.packet.clear();
    r.reason = std::move(reason);
    if (m_sink) {
        Event e;
        e.kind = EventKind::Verdict;
        e.protocol = protocol;
        e.label = m_name;
        e.spi = spi;
        e.sequenceNumber = sequenceNumber;
        e.verdict = verdict;
        e.time = now;
        e.reason = r.reason;
        e.packet = packet;
        m_sink(e);
    }
}

InboundResult Sad::receive(ByteView ipv4Packet, Timestamp now) {
    InboundResult r;
    receive(ipv4Packet, now, r);
    return r;
}

void Sad::receive(ByteView ipv4Packet, Timestamp now, InboundResult& r) {
    Bytes previous;
    SecurityAssociation::restart(r, ipv4Packet, previous);
    auto ip = viewIpv4(ipv4Packet, true);
    if (!ip)
        return reject(r, Verdict::Malformed, IpsecProtocol::Esp, 0, 0,
                      "not a valid IPv4 packet: " + ip.error().toString(), ipv4Packet, now);

    IpsecProtocol protocol = IpsecProtocol::Esp;
    ByteView protocolBytes = ip->payload();
    std::uint32_t spi = 0;
    std::uint32_t sequenceLow = 0;
    switch (ip->protocol) {
    case wire::IpProtocol::Udp: {
        auto udp = wire::decodeUdp(protocolBytes);
        if (!udp)
            return reject(r, Verdict::Malformed, protocol, 0, 0, "not a valid UDP datagram: " + udp.error().toString(),
                          ipv4Packet, now);
        protocolBytes = udp->payload;
        [[fallthrough]];
    }
    case wire::IpProtocol::Esp:
        if (protocolBytes.size() < wire::kEspHeaderLength || readU32(protocolBytes, 0) == 0)
            return reject(r, Verdict::Malformed, protocol, 0, 0,
                          "not an ESP packet: " + std::to_string(protocolBytes.size()) +
                              " bytes, an ESP packet starts with a non-zero SPI and a sequence number",
                          protocolBytes, now);
        spi = readU32(protocolBytes, 0);
        sequenceLow = readU32(protocolBytes, 4);
        break;
    case wire::IpProtocol::Ah:
        protocol = IpsecProtocol::Ah;
        if (protocolBytes.size() < wire::kAhFixedLength)
            return reject(r, Verdict::Malformed, protocol, 0, 0,
                          std::to_string(protocolBytes.size()) + " bytes cannot hold the 12 fixed bytes of AH",
                          protocolBytes, now);
        spi = readU32(protocolBytes, 4);
        sequenceLow = readU32(protocolBytes, 8);
        break;
    default:
        return reject(r, Verdict::Malformed, protocol, 0, 0,
                      "the packet carries " + wire::ipProtocolName(ip->protocol) + ", neither ESP nor AH", ipv4Packet,
                      now);
    }

    // The recent SA is compared field by field (docs/performance.md, store forwarding).
    const bool recent = m_recent && m_recent->spi() == spi && m_recent->protocol() == protocol &&
                        m_recent->destination().octets == ip->destination.octets;
    const SaKey key{spi, ip->destination, protocol};
    SecurityAssociation* sa = recent ? m_recent : find(key);
    if (!sa)
        return reject(r, Verdict::UnknownSpi, protocol, spi, sequenceLow, "no SA for " + key.toString(), protocolBytes,
                      now);
    m_recent = sa;
    sa->receive(*ip, protocolBytes, now, r);
}

} // namespace ipseclab::ipsec
