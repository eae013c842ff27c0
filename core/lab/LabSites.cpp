// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The two gateways and their hosts: what arrives from the WAN goes to the IKE engine or the SAD,
// cleartext goes to the LAN and the host answers, outbound traffic goes through the SPD; the IKE
// engines' events join the timeline and their child SAs are installed in (and removed from) the
// data plane.

#include <algorithm>

#include "ipsec/Suites.h"
#include "lab/ChildSaConfig.h"
#include "lab/LabEngine.h"
#include "lab/PacketAnnotations.h"
#include "lab/WiresharkMapping.h"
#include "wire/IcmpEcho.h"
#include "wire/NatTMarker.h"

namespace ipseclab::lab::detail {

namespace {

Site other(Site site) { return site == Site::A ? Site::B : Site::A; }

Interface lanOf(Site site) { return site == Site::A ? Interface::LanA : Interface::LanB; }

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

Phase dataPlanePhase(const ipsec::Event& e) {
    switch (e.kind) {
    case ipsec::EventKind::Acquire:
    case ipsec::EventKind::Queued:
    case ipsec::EventKind::QueueDropped: return Phase::InterestingTraffic;
    case ipsec::EventKind::SoftLimit:
    case ipsec::EventKind::HardLimit:
    case ipsec::EventKind::SaDeleted: return Phase::Termination;
    case ipsec::EventKind::RefusedToSend:
        return e.limit == ipsec::LimitKind::None ? Phase::DataTransfer : Phase::Termination;
    default: return Phase::DataTransfer;
    }
}

// The SA prefix of an IKE datagram id: "IKE#2.MM3" with label "MM3" -> "IKE#2.".
std::string ikePrefix(const std::string& datagramId, const std::string& label) {
    if (datagramId.size() >= label.size() &&
        datagramId.compare(datagramId.size() - label.size(), label.size(), label) == 0)
        return datagramId.substr(0, datagramId.size() - label.size());
    return {};
}

} // namespace

// ---------------------------------------------------------------- inbound

Result<void> LabEngine::receiveAtGateway(Site site, Bytes packet, const HeldPacket& meta) {
    SiteState& s = siteState(site);
    auto info = inspectWanPacket(packet);
    // What the gateway decides on its own, before an engine sees the packet, is its verdict.
    const auto decide = [this](std::string verdict) {
        if (m_receiving) m_receiving->verdict.noteGateway(std::move(verdict));
    };
    if (!info) {
        decide("dropped (malformed: " + info.error().toString() + ")");
        LabEvent e = event(std::string(siteName(site)) + ".wan.malformed", originOf(site), LabEventKind::Wire,
                           meta.phase, "malformed packet dropped",
                           std::string(siteName(site)) + ": " + info.error().toString());
        add(std::move(e));
        return {};
    }
    switch (info->kind) {
    case WanPacket::Kind::Ike: {
        const ByteView udpPayload = ByteView(packet).subspan(info->transportOffset);
        s.peer->handle(udpPayload, ike::Endpoint{info->source, info->sourcePort},
                       ike::Endpoint{info->destination, info->destinationPort}, m_now);
        break;
    }
    case WanPacket::Kind::Esp:
    case WanPacket::Kind::Ah: dataPlaneReceive(site, packet); break;
    case WanPacket::Kind::Keepalive: {
        decide("nothing to do (a NAT-keepalive only keeps the NAT mapping open)");
        LabEvent e = event(std::string(siteName(site)) + ".natt.keepalive", originOf(site), LabEventKind::Wire,
                           Phase::DataTransfer, "NAT-keepalive",
                           std::string(siteName(site)) +
                               ": a NAT-keepalive (one 0xFF byte) only keeps the NAT mapping open");
        add(std::move(e));
        break;
    }
    case WanPacket::Kind::Other: {
        decide("dropped (nothing at the gateway handles this packet)");
        LabEvent e = event(std::string(siteName(site)) + ".wan.dropped", originOf(site), LabEventKind::Wire, meta.phase,
                           "packet dropped",
                           std::string(siteName(site)) + ": nothing at the gateway handles this packet");
        add(std::move(e));
        break;
    }
    }
    return {};
}

void LabEngine::dataPlaneReceive(Site site, ByteView packet) {
    SiteState& s = siteState(site);
    const ipsec::InboundResult result = s.sad.receive(packet, m_now);
    if (result.accepted()) deliverToLan(site, result.packet);
}

void LabEngine::deliverToLan(Site site, ByteView inner) {
    SiteState& s = siteState(site);
    const std::string name = siteName(site);
    const Phase phase = siteState(Site::A).established ? Phase::DataTransfer : Phase::InterestingTraffic;
    // Tunnel mode hands the packet to the host on the LAN; transport mode keeps it at the gateway,
    // whose own stack is the traffic's end.
    const bool own = m_scenario.gatewaysTalk();
    const wire::Ipv4Address self = m_scenario.trafficAddress(site);
    const std::string arrived = own ? "decrypted at gateway " + name + ", for gateway " + name + " itself"
                                    : "out of the tunnel, from gateway " + name + " to host " + self.toString();
    auto ip = wire::decodeIpv4(inner);
    std::optional<wire::IcmpEcho> echo;
    if (ip && ip->header.protocol == wire::IpProtocol::Icmp)
        if (auto decoded = wire::decodeIcmpEcho(ip->payload)) echo = std::move(*decoded);
    if (!ip || !echo) {
        cleartextEvent(site, name + ".lan.packet", phase, own ? "packet for gateway " + name : "packet on LAN " + name,
                       "a packet out of the tunnel at gateway " + name + " (not an echo)", inner, Origin::Wire,
                       "delivered");
        return;
    }
    const std::string number = std::to_string(echo->sequenceNumber);
    const std::string route = ip->header.source.toString() + " → " + ip->header.destination.toString();
    if (echo->type == wire::IcmpType::EchoRequest && ip->header.destination == self) {
        cleartextEvent(site, "echo." + number + ".request." + name, phase,
                       "echo request #" + number + (own ? " reached gateway " : " on LAN ") + name,
                       "echo request #" + number + " " + route + " " + arrived, inner, originOf(other(site)),
                       "delivered to " + std::string(own ? "gateway " : "host ") + name);
        // The host (in transport mode the gateway) answers at once.
        wire::IcmpEcho reply = *echo;
        reply.type = wire::IcmpType::EchoReply;
        auto packet = (own ? s.gateway : s.host).icmpEcho(self, ip->header.source, reply);
        if (!packet) return;
        cleartextEvent(site, "echo." + number + ".reply." + name, phase, "echo reply #" + number,
                       "echo reply #" + number + " " + self.toString() + " → " + ip->header.source.toString() +
                           (own ? " from gateway " + name + "'s own stack"
                                : " from host " + name + " to gateway " + name),
                       *packet, originOf(site), std::string(own ? "sent by gateway " : "sent by host ") + name);
        gatewayOutbound(site, *packet);
        return;
    }
    if (echo->type == wire::IcmpType::EchoReply && ip->header.destination == self) {
        std::string note;
        if (const Echo* e = m_echoes.answer(echo->sequenceNumber))
            note = e->lost ? " (late: already counted as lost)" : ", round trip " + formatSeconds(m_now - e->sentAt);
        cleartextEvent(site, "echo." + number + ".reply", phase,
                       "echo reply #" + number + " reached " + (own ? "gateway " : "host ") + name,
                       "echo reply #" + number + " " + route + " " + arrived + note, inner, originOf(other(site)),
                       "delivered to " + std::string(own ? "gateway " : "host ") + name);
        return;
    }
    cleartextEvent(site, name + ".lan.echo", phase, (own ? "echo at gateway " : "echo on LAN ") + name,
                   "an echo " + route + " nobody here answers", inner, Origin::Wire, "delivered");
}

void LabEngine::cleartextEvent(Site site, const std::string& id, Phase phase, const std::string& summary,
                               const std::string& comment, ByteView bytes, Origin from, const std::string& fate) {
    if (m_scenario.gatewaysTalk()) {
        // The gateway's own packet crosses no LAN: no capture frame, a note at the gateway.
        LabEvent e = event(id, originOf(site), LabEventKind::Action, phase, summary,
                           "gateway " + std::string(siteName(site)) + ": " + comment);
        e.detail = ActionRecord{"own packet", true};
        add(std::move(e));
        return;
    }
    const std::size_t frame = capturePacket(lanOf(site), bytes, comment);
    LabEvent e = event(id, originOf(site), LabEventKind::Lan, phase, summary, {}); // its text: the record's
    PacketRecord record;
    record.interface = lanOf(site);
    record.frame = frame;
    record.packet = m_timeline.keep(bytes);
    record.comment = comment;
    record.from = from;
    record.fateText = fate;
    e.detail = std::move(record);
    add(std::move(e));
}

// ---------------------------------------------------------------- outbound

void LabEngine::gatewayOutbound(Site site, ByteView packet) {
    SiteState& s = siteState(site);
    if (s.silent) {
        // A silent gateway is down: what its LAN hands it goes nowhere.
        LabEvent e = event(std::string(siteName(site)) + ".gateway.down", originOf(site), LabEventKind::Lan, m_phase,
                           "gateway " + std::string(siteName(site)) + " is down",
                           "the packet from the LAN is lost: gateway " + std::string(siteName(site)) + " is silent");
        e.detail = ActionRecord{"gateway down"};
        add(std::move(e));
        return;
    }
    const ipsec::OutboundDecision decision = s.spd.outbound(packet, m_now);
    if (decision.kind == ipsec::OutboundDecision::Kind::Protect && decision.sa)
        protectAndSend(site, *decision.sa, packet);
}

void LabEngine::protectAndSend(Site site, const ipsec::SaKey& key, ByteView inner) {
    SiteState& s = siteState(site);
    ipsec::SecurityAssociation* sa = s.sad.find(key);
    if (!sa) return;
    m_lastSent.reset();
    auto protectedPacket = sa->protect(inner, m_now);
    if (!protectedPacket) return; // the SA said why (RefusedToSend)
    HeldPacket meta;
    meta.kind = sa->protocol() == ipsec::IpsecProtocol::Esp ? WanPacket::Kind::Esp : WanPacket::Kind::Ah;
    meta.saName = sa->name();
    meta.phase = Phase::DataTransfer;
    if (m_lastSent) {
        meta.sequenceNumber = m_lastSent->sequenceNumber;
        meta.hints = m_lastSent->hints;
    }
    meta.label = ipsec::protocolName(sa->protocol()) + " seq " + std::to_string(meta.sequenceNumber.value_or(0));
    putOnWire(site, std::move(*protectedPacket), std::move(meta));
}

void LabEngine::onDataPlaneEvent(Site site, const ipsec::Event& e) {
    SiteState& s = siteState(site);
    DataPlaneRecord record = DataPlaneRecord::of(e, m_timeline);
    // Both ends name an SA pair alike ("A2B"): events both can raise for it carry the site.
    const bool bothEnds = e.kind == ipsec::EventKind::SoftLimit || e.kind == ipsec::EventKind::HardLimit ||
                          e.kind == ipsec::EventKind::SaDeleted;
    if (m_receiving && m_receiving->site == site) m_receiving->verdict.noteDataPlane(e);
    LabEvent ev = event(bothEnds ? std::string(siteName(site)) + "." + e.id() : e.id(), originOf(site),
                        LabEventKind::DataPlane, dataPlanePhase(e), {}, {}); // made from the record when asked
    switch (e.kind) {
    case ipsec::EventKind::Sent: m_lastSent = LastSent{e.label, e.sequenceNumber, e.spi, ipsecHints(e)}; break;
    case ipsec::EventKind::Acquire: s.acquireRaised = true; break;
    case ipsec::EventKind::SoftLimit:
        if (e.limit == ipsec::LimitKind::Bytes || e.limit == ipsec::LimitKind::Packets) s.softLimits.push_back(e.label);
        break;
    case ipsec::EventKind::HardLimit:
        if (e.limit == ipsec::LimitKind::Bytes || e.limit == ipsec::LimitKind::Packets) s.hardLimits.push_back(e.label);
        break;
    case ipsec::EventKind::Verdict:
        ev.attack = m_contextAttack;
        if (e.verdict == ipsec::Verdict::Accepted) s.lastHeard = m_now;
        else if (!m_contextAttack) ++m_legitimateRejected;
        if (m_contextAttack)
            for (ArmedAttack& a : m_attacks)
                if (a.index == *m_contextAttack) a.verdicts.push_back(e.verdict);
        break;
    default: break;
    }
    ev.detail = std::move(record);
    add(std::move(ev));
}

void LabEngine::onIkeEvent(Site site, ike::Event e) {
    SiteState& s = siteState(site);
    const std::string name = siteName(site);
    const Phase phase = ikePhase(e);
    LabEvent ev = event(name + "." + e.id, originOf(site), LabEventKind::Ike, phase, ikeEventSummary(e), e.text);
    ev.attack = m_contextAttack;
    const auto* datagram = e.as<ike::DatagramInfo>();
    switch (e.kind) {
    case ike::EventKind::DatagramSent:
        if (datagram) m_datagramPhase.emplace(name + ":" + datagram->datagramId, phase);
        break;
    case ike::EventKind::DatagramReceived: s.lastHeard = m_now; break;
    case ike::EventKind::Failure:
        if (const auto* f = e.as<ike::FailureInfo>()) m_failures.emplace_back(site, *f);
        s.negotiating = false;
        break;
    case ike::EventKind::ChildSaEstablished: s.negotiating = false; break;
    case ike::EventKind::IkeSaEstablished:
        s.lastHeard = m_now;
        if (const auto delay = m_scenario.site(site).dpdDelaySeconds; delay && !s.nextDpdCheck)
            s.nextDpdCheck = m_now + std::chrono::seconds(delay);
        break;
    case ike::EventKind::Dpd:
        if (const auto* d = e.as<ike::DpdInfo>()) {
            if (d->step == ike::DpdInfo::Step::RUThereSent) s.dpdInProgress = true;
            if (d->step == ike::DpdInfo::Step::AckReceived || d->step == ike::DpdInfo::Step::Dead)
                s.dpdInProgress = false;
        }
        break;
    case ike::EventKind::SaDeleted:
        if (e.id.size() >= 11 && e.id.compare(e.id.size() - 11, 11, "IKE.deleted") == 0) s.negotiating = false;
        break;
    default: break;
    }
    // Site A's keys for the ikev1_decryption_table: each IKE SA's initiator cookie and Ka.
    if (site == Site::A) {
        if (datagram && (e.kind == ike::EventKind::DatagramSent || e.kind == ike::EventKind::DatagramReceived) &&
            (startsWith(datagram->label, "MM") || startsWith(datagram->label, "AM"))) {
            IkeKeys& keys = m_ikeKeys[ikePrefix(datagram->datagramId, datagram->label)];
            if (keys.initiatorCookie.empty())
                keys.initiatorCookie.assign(datagram->header.initiatorCookie.begin(),
                                            datagram->header.initiatorCookie.end());
        }
        if (e.kind == ike::EventKind::Derived)
            if (const auto* d = e.as<ike::Derivation>(); d && d->id.size() >= 2 &&
                                                         d->id.compare(d->id.size() - 2, 2, "Ka") == 0 &&
                                                         (d->id.size() == 2 || d->id[d->id.size() - 3] == '.'))
                m_ikeKeys[d->id.substr(0, d->id.size() - 2)].ka.assign(d->value.view().begin(), d->value.view().end());
    }
    if (m_contextAttack)
        for (ArmedAttack& a : m_attacks)
            if (a.index == *m_contextAttack && a.spec.isIke() &&
                (e.kind == ike::EventKind::DuplicateIgnored || e.kind == ike::EventKind::Dropped ||
                 e.kind == ike::EventKind::DatagramReceived || e.kind == ike::EventKind::Failure))
                a.ikeReactions.push_back(name + ": " + e.text);
    if (m_receiving && m_receiving->site == site) m_receiving->verdict.noteIke(e);
    ev.setIke(std::move(e));
    add(std::move(ev));
}

void LabEngine::sendIke(Site site, ike::Transmit transmit) {
    SiteState& s = siteState(site);
    ByteView isakmp = transmit.datagram;
    // The synthesizer puts the non-ESP marker back whenever a port is 4500.
    const bool natT = transmit.from.port == wire::kNatTPort || transmit.to.port == wire::kNatTPort;
    if (natT && isakmp.size() >= 4 &&
        std::equal(wire::kNonEspMarker.begin(), wire::kNonEspMarker.end(), isakmp.begin()))
        isakmp = isakmp.subspan(4);
    auto packet = s.gateway.ike(capture::UdpEndpoint{transmit.from.address, transmit.from.port},
                                capture::UdpEndpoint{transmit.to.address, transmit.to.port}, isakmp);
    if (!packet) return;
    HeldPacket meta;
    meta.kind = WanPacket::Kind::Ike;
    meta.label = transmit.label;
    meta.datagramId = transmit.datagramId;
    const auto known = m_datagramPhase.find(std::string(siteName(site)) + ":" + transmit.datagramId);
    meta.phase = known != m_datagramPhase.end() ? known->second : phaseOfLabel(transmit.label, m_context);
    putOnWire(site, std::move(*packet), std::move(meta));
}

// ---------------------------------------------------------------- settling

void LabEngine::settle() {
    for (int round = 0; round < 1000; ++round) {
        bool moved = false;
        for (Site site : {Site::A, Site::B}) moved = drainSite(site) || moved;
        if (!moved) return;
    }
}

bool LabEngine::drainSite(Site site) {
    SiteState& s = siteState(site);
    bool moved = false;
    while (auto e = s.peer->pollEvent()) {
        onIkeEvent(site, std::move(*e));
        moved = true;
    }
    while (auto t = s.peer->pollTransmit()) {
        sendIke(site, std::move(*t));
        moved = true;
    }
    reconcile(site);

    std::vector<std::string> soft, hard;
    soft.swap(s.softLimits);
    hard.swap(s.hardLimits);
    for (const std::string& name : soft)
        for (InstalledChild& c : s.children)
            if ((c.inboundName == name || c.outboundName == name) && !c.rekeyStarted) {
                // One rekey per pair: mark the mirror pair at the other site too (A's outbound SPI is
                // B's inbound SPI), so the later soft limit there does not start a second one.
                c.rekeyStarted = true;
                for (InstalledChild& m : siteState(other(site)).children)
                    if (m.inboundSpi == c.outboundSpi) m.rekeyStarted = true;
                m_context = Phase::IkePhase2;
                (void)s.peer->startQuickMode(m_now);
                moved = true;
            }
    for (const std::string& name : hard)
        for (const InstalledChild& c : s.children)
            if (c.inboundName == name || c.outboundName == name) {
                m_context = Phase::Termination;
                (void)s.peer->deleteChildSa(c.inboundSpi, m_now);
                moved = true;
                break;
            }
    if (s.acquireRaised) {
        s.acquireRaised = false;
        startIke(site);
        moved = true;
    }
    return moved;
}

void LabEngine::reconcile(Site site) {
    SiteState& s = siteState(site);
    const std::vector<ike::ChildSaInfo> current = s.peer->childSas();
    for (std::size_t i = s.children.size(); i-- > 0;) {
        const bool present = std::any_of(current.begin(), current.end(), [&](const ike::ChildSaInfo& c) {
            return c.inbound.spi == s.children[i].inboundSpi;
        });
        if (!present) uninstall(site, i);
    }
    for (const ike::ChildSaInfo& info : current) {
        const bool installed = std::any_of(s.children.begin(), s.children.end(),
                                           [&](const InstalledChild& c) { return c.inboundSpi == info.inbound.spi; });
        if (!installed) install(site, info);
    }
}

void LabEngine::install(Site site, const ike::ChildSaInfo& info) {
    SiteState& s = siteState(site);
    const SiteSettings& settings = m_scenario.site(site);
    const int generation = ++s.generations;
    const std::string suffix = generation == 1 ? "" : "#" + std::to_string(generation);
    InstalledChild child;
    child.inboundSpi = info.inbound.spi;
    child.outboundSpi = info.outbound.spi;
    child.outboundName = (site == Site::A ? "A2B" : "B2A") + suffix;
    child.inboundName = (site == Site::A ? "B2A" : "A2B") + suffix;

    const ipsec::IpsecProtocol protocol = info.protocol == ike::ChildProtocol::Esp ? ipsec::IpsecProtocol::Esp
                                                                                   : ipsec::IpsecProtocol::Ah;
    const ipsec::Suite suite{info.suite.cipher, info.suite.integrity}; // the same algorithms (crypto/IpsecAlgorithms.h)
    auto problem = [&](const std::string& why) {
        LabEvent e = event(std::string(siteName(site)) + ".SAD.install-failed", originOf(site), LabEventKind::Action,
                           Phase::IkePhase2, "SA not installed", std::string(siteName(site)) + ": " + why);
        e.detail = ActionRecord{"install failed"};
        add(std::move(e));
    };
    const bool transport = isTransportMode(info.encapsulationMode);
    auto make = [&](const ike::ChildSaDirection& d, const std::string& name) -> Result<ipsec::SecurityAssociation*> {
        ChildSaSettings cs;
        cs.name = name;
        cs.random = &s.espRandom;
        cs.created = m_now;
        cs.replayWindow = settings.replayWindow;
        cs.softLifetimeFraction = s.peer->config().softLifetimeFraction;
        cs.labStartSequence = m_scenario.labEsnStart;
        auto c = childSaConfig(info, d, cs);
        if (!c) return tl::unexpected(c.error());
        return s.sad.add(std::move(*c));
    };
    auto inbound = make(info.inbound, child.inboundName);
    if (!inbound) return problem("inbound SA " + hex32(info.inbound.spi) + ": " + inbound.error().toString());
    auto outbound = make(info.outbound, child.outboundName);
    if (!outbound) {
        s.sad.remove((*inbound)->key(), m_now);
        return problem("outbound SA " + hex32(info.outbound.spi) + ": " + outbound.error().toString());
    }
    child.inboundKey = (*inbound)->key();
    child.outboundKey = (*outbound)->key();
    recordSas(site, **inbound, **outbound);
    // Site B sees the outer addresses as the capture does (after the NAT), so its view keys esp_sa.
    if (site == Site::B) {
        if (auto k = espSaKeys(**inbound, info.inbound.source.address, info.inbound.destination.address))
            m_espKeys.push_back(*k);
        if (auto k = espSaKeys(**outbound, info.outbound.source.address, info.outbound.destination.address))
            m_espKeys.push_back(*k);
    }
    if (transport) followNat(site, info.outbound.destination.address);
    s.established = true;
    const std::string proto = ipsec::protocolName(protocol);
    LabEvent e = event(std::string(siteName(site)) + ".SAD." + child.outboundName + ".installed", originOf(site),
                       LabEventKind::Action, Phase::IkePhase2,
                       "SAD · " + child.outboundName + " and " + child.inboundName + " installed",
                       std::string(siteName(site)) + ": the SAD now holds " + proto + " " + child.outboundName +
                           " (out, SPI " + hex32(child.outboundSpi) + ") and " + child.inboundName + " (in, SPI " +
                           hex32(child.inboundSpi) + "), " + ipsec::suiteName(suite) +
                           (info.udpEncapsulated ? ", in UDP 4500" : "") + (info.esn ? ", ESN" : ""));
    e.detail = ActionRecord{"install"};
    add(std::move(e));
    for (auto r = m_saRecords.end() - 2; r != m_saRecords.end(); ++r) r->installedAt = m_timeline.size() - 1;
    s.children.push_back(std::move(child));
    attachNewest(site);
    // A byte-lifetime rekey replaced an older pair: retire it shortly after, as strongSwan does.
    if (s.children.size() >= 2)
        for (std::size_t i = 0; i + 1 < s.children.size(); ++i)
            if (s.children[i].rekeyStarted && !s.children[i].retireAt && site == Site::A)
                s.children[i].retireAt = m_now + kRetireAfterRekey;
}

// The two SAs of a child just installed, in the lab's record of every SA.
void LabEngine::recordSas(Site site, const ipsec::SecurityAssociation& inbound,
                          const ipsec::SecurityAssociation& outbound) {
    for (const auto* sa : {&inbound, &outbound}) {
        SaRecord r;
        r.site = site;
        r.key = sa->key();
        r.name = sa->name();
        r.inbound = sa == &inbound;
        r.source = sa->source();
        r.destination = sa->destination();
        r.suite = ipsec::suiteName(sa->suite());
        r.udpEncapsulated = sa->udpEncapsulation();
        r.esn = sa->extendedSequenceNumbers();
        m_saRecords.push_back(r);
    }
}

void LabEngine::followNat(Site site, const wire::Ipv4Address& peerAddress) {
    // Transport mode with the peer behind a NAT: its packets come from its public address (the
    // header the NAT rewrote is the packet's own), which is where the SA sends, so the policy
    // follows it, as strongSwan changes the traffic selectors "due to NAT". The lab's ICMP has no
    // checksum over the addresses; a TCP or UDP checksum is corrected on decapsulation from the
    // NAT-OA payloads Quick Mode carried (RFC 3947 §5.2, RFC 3948 §3.1.2: SaConfig::natOriginal).
    SiteState& s = siteState(site);
    if (const ipsec::Policy* policy = s.spd.find(s.policyName); policy && !policy->remote.contains(peerAddress)) {
        const std::string before = policy->local.toString() + " ↔ " + policy->remote.toString();
        const ipsec::Subnet peer{peerAddress, 32};
        if (s.spd.setRemote(s.policyName, peer)) {
            LabEvent e = event(std::string(siteName(site)) + ".SPD." + s.policyName + ".behind-nat", originOf(site),
                               LabEventKind::Action, Phase::IkePhase2, "SPD · the peer is behind a NAT",
                               std::string(siteName(site)) + ": transport mode, peer behind a NAT: policy " +
                                   s.policyName + " now protects " + policy->local.toString() + " ↔ " +
                                   peer.toString() +
                                   " (the peer's public address, where its packets come from) instead of " + before);
            e.detail = ActionRecord{"policy follows the NAT"};
            add(std::move(e));
        }
    }
}

void LabEngine::uninstall(Site site, std::size_t index) {
    SiteState& s = siteState(site);
    const InstalledChild child = s.children[index];
    s.children.erase(s.children.begin() + static_cast<std::ptrdiff_t>(index));
    for (const ipsec::SaKey& key : {child.inboundKey, child.outboundKey}) {
        const std::size_t removedAt = m_timeline.size(); // its "deleted" event, if the SAD tells one
        auto dead = s.sad.remove(key, m_now);
        for (SaRecord& r : m_saRecords)
            if (r.site == site && r.key == key && r.alive) {
                if (dead) r.finalCounters = dead->counters();
                r.alive = false;
                r.removedAt = removedAt;
            }
    }
    if (s.spd.saOf(s.policyName) == child.outboundKey) {
        s.spd.detachSa(s.policyName);
        attachNewest(site);
    }
}

void LabEngine::attachNewest(Site site) {
    SiteState& s = siteState(site);
    if (s.children.empty()) return;
    const ipsec::SaKey key = s.children.back().outboundKey;
    if (s.spd.saOf(s.policyName) == key) return;
    auto queued = s.spd.attachSa(s.policyName, key);
    if (!queued) return;
    for (const Bytes& packet : *queued) protectAndSend(site, key, packet);
}

void LabEngine::startIke(Site site) {
    SiteState& s = siteState(site);
    if (s.negotiating) return;
    s.negotiating = true;
    if (!s.peer->ikeSas().empty()) {
        m_context = Phase::IkePhase2;
        (void)s.peer->startQuickMode(m_now);
    } else {
        m_context = Phase::IkePhase1;
        (void)s.peer->initiate(m_now);
    }
}

Phase LabEngine::ikePhase(const ike::Event& e) const {
    using K = ike::EventKind;
    switch (e.kind) {
    case K::Lifetime:
    case K::Dpd:
    case K::SaDeleted:
    case K::DeleteSent:
    case K::DeleteReceived: return Phase::Termination;
    case K::IkeSaEstablished: return Phase::IkePhase1;
    case K::ChildSaEstablished: return Phase::IkePhase2;
    default: break;
    }
    const bool negotiating = m_context == Phase::IkePhase1 || m_context == Phase::IkePhase2;
    if (const auto* d = e.as<ike::DatagramInfo>()) return phaseOfLabel(d->label, m_context);
    if (const auto* f = e.as<ike::FailureInfo>()) {
        if (f->exchange == "phase 1") return Phase::IkePhase1;
        if (startsWith(f->exchange, "Quick Mode")) return Phase::IkePhase2;
        return negotiating ? m_context : Phase::Termination;
    }
    if (const auto* n = e.as<ike::NotifyInfo>()) {
        if (n->type == wire::NotifyType::RUThere || n->type == wire::NotifyType::RUThereAck) return Phase::Termination;
        return negotiating ? m_context : Phase::Termination;
    }
    if (const auto* st = e.as<ike::StateInfo>()) {
        if (st->ciscoName == "DELETED") return Phase::Termination;
        return startsWith(st->sa, "Quick Mode") ? Phase::IkePhase2 : Phase::IkePhase1;
    }
    // Derived values, DH, negotiation, NAT detection: by the exchange their id names.
    std::string id = e.id;
    for (const char* prefix : {"IKE#", "QM#"})
        while (startsWith(id, prefix) && id.find('.') != std::string::npos) id = id.substr(id.find('.') + 1);
    if (id.find("INFO.") != std::string::npos) return negotiating ? m_context : Phase::Termination;
    if (id.find("QM") != std::string::npos || id.find("KEYMAT") != std::string::npos ||
        id.find("g(qm)") != std::string::npos || startsWith(id, "HASH("))
        return Phase::IkePhase2;
    if (id.find("DELETED") != std::string::npos) return Phase::Termination;
    return Phase::IkePhase1;
}

} // namespace ipseclab::lab::detail
