// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "peer/Tunnel.h"

#include <algorithm>

#include "ipsec/Ipv4View.h"
#include "lab/ChildSaConfig.h"
#include "lab/WiresharkMapping.h"
#include "wire/UdpHeader.h"

namespace ipseclab::peer {

Tunnel::Tunnel(const ipsec::Subnet& localTs, const ipsec::Subnet& remoteTs, crypto::RandomSource& random,
               ipsec::EventSink sink)
    : m_random(random), m_sad("peer") {
    m_sad.setEventSink(sink);
    m_spd.setEventSink(std::move(sink));
    ipsec::Policy policy;
    policy.name = kPolicy;
    policy.local = localTs;
    policy.remote = remoteTs;
    policy.action = ipsec::PolicyAction::Protect;
    policy.protocol = ipsec::IpsecProtocol::Esp;
    (void)m_spd.add(std::move(policy)); // the only policy: cannot clash
}

std::vector<Tunnel::Change> Tunnel::reconcile(const std::vector<ike::ChildSaInfo>& children, ipsec::Timestamp now,
                                              const Sender& sendHeld) {
    std::vector<Change> changes;
    for (std::size_t i = m_children.size(); i-- > 0;) {
        const bool present = std::any_of(children.begin(), children.end(), [&](const ike::ChildSaInfo& c) {
            return c.inbound.spi == m_children[i].inboundSpi;
        });
        if (present) continue;
        Change change;
        change.inboundSpi = m_children[i].inboundSpi;
        change.outboundSpi = m_children[i].outboundSpi;
        change.description = "ESP SAs " + hex32(change.inboundSpi) + " (in) and " + hex32(change.outboundSpi) +
                             " (out) removed from the SAD";
        uninstall(i, now);
        changes.push_back(std::move(change));
    }
    for (const ike::ChildSaInfo& info : children) {
        const bool installed = std::any_of(m_children.begin(), m_children.end(),
                                           [&](const Installed& c) { return c.inboundSpi == info.inbound.spi; });
        if (installed) continue;
        Change change;
        change.installed = true;
        change.inboundSpi = info.inbound.spi;
        change.outboundSpi = info.outbound.spi;
        auto done = install(info, now);
        if (!done) {
            change.installed = false;
            change.description = "ESP SAs " + hex32(info.inbound.spi) + " / " + hex32(info.outbound.spi) +
                                 " could not be installed: " + done.error().toString();
            changes.push_back(std::move(change));
            continue;
        }
        m_children.push_back(*done);
        const SaRecord& out = m_records[done->outboundRecord];
        change.description = "SAD: ESP " + out.name + " (SPI " + hex32(info.outbound.spi) + ", to " +
                             out.destination.toString() + ":" + std::to_string(out.destinationPort) + ") and " +
                             m_records[done->inboundRecord].name + " (SPI " + hex32(info.inbound.spi) +
                             ") installed, " + out.suite + ", in UDP";
        changes.push_back(std::move(change));
    }
    // The newest pair protects the traffic; packets held for an SA leave now.
    if (!m_children.empty()) {
        const ipsec::SaKey newest = m_children.back().outboundKey;
        if (m_spd.saOf(kPolicy) != newest) {
            if (auto queued = m_spd.attachSa(kPolicy, newest))
                for (const Bytes& packet : *queued)
                    if (auto datagram = protect(newest, packet, now)) sendHeld(*datagram);
        }
    } else if (m_spd.saOf(kPolicy)) {
        m_spd.detachSa(kPolicy);
    }
    return changes;
}

Result<Tunnel::Installed> Tunnel::install(const ike::ChildSaInfo& info, ipsec::Timestamp now) {
    if (info.protocol != ike::ChildProtocol::Esp) return fail("only ESP child SAs are carried by this peer");
    if (!info.udpEncapsulated)
        return fail("the SA is not UDP-encapsulated; this peer has no raw socket for ESP (IP protocol 50)");
    const int generation = ++m_generation;
    const std::string suffix = generation == 1 ? "" : "#" + std::to_string(generation);

    auto make = [&](const ike::ChildSaDirection& d, const std::string& name,
                    bool inbound) -> Result<ipsec::SecurityAssociation*> {
        lab::ChildSaSettings settings;
        settings.name = name;
        settings.random = &m_random;
        settings.created = now;
        auto c = lab::childSaConfig(info, d, settings);
        if (!c) return tl::unexpected(c.error());
        auto sa = m_sad.add(std::move(*c));
        if (!sa) return sa;
        SaRecord r;
        r.name = name;
        r.inbound = inbound;
        r.spi = d.spi;
        r.suite = ipsec::suiteName((*sa)->suite());
        r.source = d.source.address;
        r.destination = d.destination.address;
        r.sourcePort = d.source.port;
        r.destinationPort = d.destination.port;
        m_records.push_back(r);
        if (auto entry = lab::espSaKeys(**sa, (*sa)->source(), (*sa)->destination()))
            m_keys.push_back(std::move(*entry));
        return sa;
    };
    Installed installed;
    installed.inboundSpi = info.inbound.spi;
    installed.outboundSpi = info.outbound.spi;
    auto in = make(info.inbound, "in" + suffix, true);
    if (!in) return fail("inbound SA " + hex32(info.inbound.spi) + ": " + in.error().toString());
    installed.inboundRecord = m_records.size() - 1;
    auto out = make(info.outbound, "out" + suffix, false);
    if (!out) {
        m_records[installed.inboundRecord].alive = false;
        m_sad.remove((*in)->key(), now);
        return fail("outbound SA " + hex32(info.outbound.spi) + ": " + out.error().toString());
    }
    installed.outboundRecord = m_records.size() - 1;
    installed.inboundKey = (*in)->key();
    installed.outboundKey = (*out)->key();
    return installed;
}

void Tunnel::uninstall(std::size_t index, ipsec::Timestamp now) {
    const Installed child = m_children[index];
    m_children.erase(m_children.begin() + static_cast<std::ptrdiff_t>(index));
    const std::pair<ipsec::SaKey, std::size_t> sas[] = {{child.inboundKey, child.inboundRecord},
                                                        {child.outboundKey, child.outboundRecord}};
    for (const auto& [key, record] : sas) {
        if (const auto dead = m_sad.remove(key, now))
            m_records[record].counters = dead->counters(); // zeroized, counted
        m_records[record].alive = false;
    }
    if (m_spd.saOf(kPolicy) == child.outboundKey) m_spd.detachSa(kPolicy);
}

std::optional<ByteView> Tunnel::receive(ByteView esp, const wire::Ipv4Address& fromAddress, std::uint16_t fromPort,
                                        const wire::Ipv4Address& toAddress, std::uint16_t toPort,
                                        ipsec::Timestamp now) {
    // The SAD judges IPv4 packets: rebuild the one the kernel took apart (ESP in UDP, RFC 3948).
    auto udp = wire::encodeUdp(fromPort, toPort, esp, wire::UdpPseudoHeader{fromAddress, toAddress},
                               wire::UdpChecksum::Zero);
    if (!udp) return std::nullopt;
    wire::Ipv4Header header;
    header.protocol = wire::IpProtocol::Udp;
    header.source = fromAddress;
    header.destination = toAddress;
    auto packet = wire::encodeIpv4(header, *udp);
    if (!packet) return std::nullopt;
    m_sad.receive(*packet, now, m_inbound);
    if (!m_inbound.accepted()) return std::nullopt;
    return ByteView(m_inbound.packet);
}

Result<Tunnel::Datagram> Tunnel::protect(const ipsec::SaKey& key, ByteView innerPacket, ipsec::Timestamp now) {
    ipsec::SecurityAssociation* sa = m_sad.find(key);
    if (!sa) return fail("the SA " + key.toString() + " is gone");
    if (auto sealed = sa->protect(innerPacket, now, m_outer); !sealed) return tl::unexpected(sealed.error());
    // protect() built outer IPv4 | UDP | ESP; the kernel adds the first two from our socket.
    auto ip = ipsec::viewIpv4(m_outer);
    if (!ip || ip->protocol != wire::IpProtocol::Udp || ip->payload().size() < wire::kUdpHeaderLength)
        return fail("the protected packet is not ESP in UDP");
    const ByteView udp = ip->payload();
    Datagram d;
    d.address = ip->destination;
    d.sourcePort = readU16(udp, 0);
    d.port = readU16(udp, 2);
    d.payload = udp.subspan(wire::kUdpHeaderLength);
    return d;
}

Result<std::optional<Tunnel::Datagram>> Tunnel::send(ByteView innerPacket, ipsec::Timestamp now) {
    const ipsec::OutboundDecision decision = m_spd.outbound(innerPacket, now);
    if (decision.kind != ipsec::OutboundDecision::Kind::Protect || !decision.sa) return std::optional<Datagram>();
    auto datagram = protect(*decision.sa, innerPacket, now);
    if (!datagram) return tl::unexpected(datagram.error());
    return std::optional<Datagram>(std::move(*datagram));
}

void Tunnel::poll(ipsec::Timestamp now) {
    m_sad.poll(now);
    m_spd.poll(now);
}

std::optional<ipsec::Timestamp> Tunnel::nextTimeout() const { return m_sad.nextTimeout(); }

std::vector<SaRecord> Tunnel::records() const {
    std::vector<SaRecord> out = m_records;
    for (const Installed& child : m_children) {
        if (const ipsec::SecurityAssociation* sa = m_sad.find(child.inboundKey))
            out[child.inboundRecord].counters = sa->counters();
        if (const ipsec::SecurityAssociation* sa = m_sad.find(child.outboundKey))
            out[child.outboundRecord].counters = sa->counters();
    }
    return out;
}

} // namespace ipseclab::peer
