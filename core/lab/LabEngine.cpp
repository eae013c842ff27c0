// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/LabEngine.h"

#include <algorithm>

#include "capture/WiresharkKeys.h"
#include "wire/IcmpEcho.h"

namespace ipseclab::lab::detail {

namespace {

constexpr std::uint16_t kEchoIdentifier = 0x4c41; // "LA": the lab's ping

Site other(Site site) { return site == Site::A ? Site::B : Site::A; }

std::string arrow(Site from) { return from == Site::A ? "A → B" : "B → A"; }

void consider(std::optional<Timestamp>& next, std::optional<Timestamp> t) {
    if (t && (!next || *t < *next)) next = t;
}

} // namespace

SiteState::SiteState(Site s, const crypto::DeterministicRandom& root)
    : site(s), ikeRandom(root.fork(s == Site::A ? "site-a" : "site-b").fork("ike")),
      espRandom(root.fork(s == Site::A ? "site-a" : "site-b").fork("esp")), sad(s == Site::A ? "A" : "B"),
      gateway(s == Site::A ? 0x1000 : 0x2000), host(s == Site::A ? 0x3000 : 0x4000),
      policyName(s == Site::A ? "A-to-B" : "B-to-A") {}

LabEngine::LabEngine(Scenario scenario, net::LoopbackLink link, Retention retention)
    : m_scenario(std::move(scenario)), m_retention(retention), m_link(std::move(link)), m_root(*m_scenario.seed),
      m_attackRandom(m_root.fork("wire").fork("attacker")) {
    m_sites[0] = std::make_unique<SiteState>(Site::A, m_root);
    m_sites[1] = std::make_unique<SiteState>(Site::B, m_root);
}

LabEngine::~LabEngine() {
    // The data plane's sinks point here: cut them before the timeline they write to goes away.
    for (auto& site : m_sites) {
        if (!site) continue;
        site->sad.setEventSink(nullptr);
        site->spd.setEventSink(nullptr);
    }
}

void LabEngine::addInterfaces(capture::PcapngWriter& writer) const {
    // Transport mode's echoes never cross a LAN (the gateways ping each other): the LAN interfaces stay empty.
    // Added in the order of Interface: its value is the interface's id.
    static_assert(int(Interface::LanA) == 0 && int(Interface::Wan) == 1 && int(Interface::LanB) == 2);
    const std::string quiet = ": empty in transport mode (the gateways protect only their own packets)";
    const bool own = m_scenario.gatewaysTalk();
    writer.addInterface("LAN A", capture::LinkType::Raw,
                        own ? "Site A's LAN 10.1.0.0/24" + quiet
                            : "Site A's LAN 10.1.0.0/24: the cleartext traffic as it reaches gateway A");
    writer.addInterface("WAN", capture::LinkType::Raw, "between the gateways 127.0.0.1 and 127.0.0.2: IKE, ESP and AH");
    writer.addInterface("LAN B", capture::LinkType::Raw,
                        own ? "Site B's LAN 10.2.0.0/24" + quiet
                            : "Site B's LAN 10.2.0.0/24: the cleartext traffic as it leaves gateway B");
}

Result<void> LabEngine::start() {
    addInterfaces(m_capture);
    if (m_scenario.nat) m_nat.emplace(LabNetwork::gateway(Site::A), LabNetwork::natPublicAddress());

    for (Site site : {Site::A, Site::B}) {
        SiteState& s = siteState(site);
        auto config = m_scenario.peerConfig(site);
        if (!config) return tl::unexpected(config.error());
        s.peer = std::make_unique<ike::Peer>(std::move(*config), s.ikeRandom);
        s.sad.setEventSink([this, site](const ipsec::Event& e) { onDataPlaneEvent(site, e); });
        s.spd.setEventSink([this, site](const ipsec::Event& e) { onDataPlaneEvent(site, e); });
        const ike::PeerConfig& c = s.peer->config();
        ipsec::Policy policy;
        policy.name = s.policyName;
        policy.local = ipsec::Subnet{c.localSelector.address, c.localSelector.prefixLength};
        policy.remote = ipsec::Subnet{c.remoteSelector.address, c.remoteSelector.prefixLength};
        policy.action = ipsec::PolicyAction::Protect;
        policy.protocol = m_scenario.site(site).protocol == ike::ChildProtocol::Esp ? ipsec::IpsecProtocol::Esp
                                                                                    : ipsec::IpsecProtocol::Ah;
        if (auto added = s.spd.add(policy); !added) return tl::unexpected(added.error());
    }

    std::string text = "scenario " + m_scenario.name + ", seed " + std::to_string(*m_scenario.seed) + ": Site A " +
                       LabNetwork::gateway(Site::A).toString() + " (LAN " + LabNetwork::lan(Site::A) + ", host " +
                       LabNetwork::host(Site::A).toString() + ") — Site B " + LabNetwork::gateway(Site::B).toString() +
                       " (LAN " + LabNetwork::lan(Site::B) + ", host " + LabNetwork::host(Site::B).toString() + ")";
    if (m_scenario.gatewaysTalk())
        text += "; transport mode: gateway A pings gateway B, and only their own packets are protected";
    if (m_nat) text += "; a NAT rewrites Site A to " + m_nat->outside().toString();
    LabEvent started = event("lab.started", Origin::Wire, LabEventKind::Action, Phase::InterestingTraffic,
                             "lab started · " + m_scenario.name, text);
    started.detail = ActionRecord{"start"};
    add(std::move(started));

    if (m_scenario.traffic.count > 0) m_plans.push_back(TrafficPlan{m_scenario.traffic, Timestamp{0}});
    m_actions = m_scenario.actions;
    std::stable_sort(m_actions.begin(), m_actions.end(),
                     [](const ScenarioAction& a, const ScenarioAction& b) { return a.at < b.at; });
    for (const AttackSpec& spec : m_scenario.attacks) arm(spec);
    if (m_scenario.runForSeconds) m_clockTargets.push_back(std::chrono::seconds(*m_scenario.runForSeconds));
    return {};
}

// ---------------------------------------------------------------- timeline

LabEvent LabEngine::event(std::string id, Origin origin, LabEventKind kind, Phase phase, std::string summary,
                          std::string text) {
    LabEvent e;
    e.id = std::move(id);
    e.time = m_now;
    e.origin = origin;
    e.kind = kind;
    e.phase = phase;
    e.setWords(summary, text);
    return e;
}

void LabEngine::add(LabEvent e) {
    e.time = m_now;
    m_phase = e.phase;
    m_timeline.add(std::move(e));
}

std::size_t LabEngine::capturePacket(Interface interface, ByteView packet, const std::string& comment, bool open) {
    if (!m_retention.capture) return ++m_frames; // numbered all the same: reports name frames
    if (!writesCapture()) return capture::isValidUtf8(comment) ? ++m_frames : 0; // as the writer would refuse it
    const auto id = static_cast<std::uint32_t>(interface);
    const auto micros = kCaptureEpochMicros + static_cast<std::uint64_t>(m_now.count());
    auto added = open ? m_capture.openPacket(id, micros, packet, comment)
                      : m_capture.addPacket(id, micros, packet, comment);
    if (!added) return 0;
    return ++m_frames;
}

bool LabEngine::writesCapture() const { return m_retention.capture && (m_capture.streaming() || !m_retention.history); }

capture::PcapngWriter LabEngine::captureFile() const {
    capture::PcapngWriter file;
    addInterfaces(file);
    if (!m_retention.capture) return file;
    for (const LabEvent& e : m_timeline) {
        const auto* record = e.as<PacketRecord>();
        if (!record || record->frame == 0) continue;
        const auto micros = kCaptureEpochMicros + static_cast<std::uint64_t>(e.time.count());
        (void)file.addPacket(static_cast<std::uint32_t>(record->interface), micros, record->packet, record->comment);
    }
    return file;
}

Result<void> LabEngine::streamCapture(const std::string& path) {
    if (!writesCapture()) m_capture = captureFile();
    return m_capture.streamTo(path);
}

// ---------------------------------------------------------------- steps

Result<bool> LabEngine::step() {
    if (m_now > kHorizon) return false;
    const std::size_t before = m_timeline.size();
    if (!m_wire.empty()) {
        if (auto delivered = deliverNext(); !delivered) return tl::unexpected(delivered.error());
    } else {
        const std::optional<Timestamp> timer = nextTimer();
        const std::optional<Timestamp> target = m_clockTargets.empty()
                                                    ? std::nullopt
                                                    : std::optional<Timestamp>(m_clockTargets.front());
        if (target && (!timer || *target < *timer)) {
            const Timestamp from = m_now;
            m_now = std::max(m_now, *target);
            m_clockTargets.erase(m_clockTargets.begin());
            LabEvent e = event("clock." + std::to_string(m_now.count()), Origin::Wire, LabEventKind::Clock, m_phase,
                               "clock → " + formatSeconds(m_now),
                               "the virtual clock jumps from " + formatSeconds(from) + " to " + formatSeconds(m_now) +
                                   ": nothing was due in between");
            e.detail = ClockRecord{from, m_now, "clock target reached"};
            add(std::move(e));
        } else if (!timer) {
            return false;
        } else if (auto fired = fireTimers(*timer); !fired) {
            return tl::unexpected(fired.error());
        }
    }
    settle();
    afterStep();
    if (m_timeline.size() == before) {
        LabEvent e = event("clock." + std::to_string(m_now.count()), Origin::Wire, LabEventKind::Clock, m_phase,
                           "clock · " + formatSeconds(m_now), "a timer fired; nothing visible changed");
        e.detail = ClockRecord{m_now, m_now, "timer"};
        add(std::move(e));
    }
    ++m_steps;
    evaluateEnd();
    if (!m_retention.history) m_timeline.forgetBefore(before);
    return true;
}

Result<void> LabEngine::deliverNext() {
    HeldPacket p = takeFromWire();
    m_now = std::max(m_now, p.arrival);
    const Site to = other(p.from);
    const bool lost = siteState(to).silent;

    const std::size_t delivered = recordDelivery(p, lost);
    if (lost) return {};

    // The frame went to the capture open: the receiver's verdict ends its comment, and the frames
    // its reaction produces (the LAN B frame, an answer) follow it.
    m_receiving = Receiving{to, {}};
    auto result = receive(p);
    const std::string tail = "; receiver: " +
                             (result ? m_receiving->verdict.text() : "never got it (" + result.error().message + ")");
    m_receiving.reset();
    // A tail the writer would refuse (not UTF-8) goes neither to the capture nor to the timeline, so
    // that the capture rebuilt from the timeline is the streamed one; and the frame must not stay
    // open (every later frame would queue behind it).
    const bool writable = capture::isValidUtf8(tail);
    if (m_capture.hasOpenPacket()) (void)m_capture.closePacket(writable ? tail : std::string());
    if (writable) m_timeline.completeComment(delivered, tail);
    return result;
}

Result<void> LabEngine::receive(HeldPacket& p) {
    const Site to = other(p.from);
    // The packet really crosses the loopback interface, from one site's socket to the other's.
    auto carried = m_link.carry(p.from, p.packet);
    if (!carried) return fail("the wire failed: " + carried.error().toString());
    Bytes received = std::move(*carried);
    if (m_nat && p.from == Site::B) {
        auto translated = m_nat->inbound(received);
        if (translated) received = std::move(*translated);
    }

    m_context = p.phase;
    m_contextAttack = p.attack;
    ArmedAttack* attack = nullptr;
    if (p.attack)
        for (ArmedAttack& a : m_attacks)
            if (a.index == *p.attack) attack = &a;
    // The window of the SA the packet was made for (an attacker may have changed its SPI).
    const bool data = p.kind == WanPacket::Kind::Esp || p.kind == WanPacket::Kind::Ah;
    std::uint32_t spi = 0;
    for (const InstalledChild& c : siteState(to).children)
        if (c.inboundName == p.saName) spi = c.inboundSpi;
    if (attack && data && !attack->rightEdgeBefore) attack->rightEdgeBefore = rightEdgeOf(to, spi, p.kind);
    auto result = receiveAtGateway(to, std::move(received), p);
    // The receiver's reactions belong to this packet (and to its attack, if any).
    settle();
    if (attack && data) attack->rightEdgeAfter = rightEdgeOf(to, spi, p.kind);
    m_contextAttack.reset();
    return result;
}

std::size_t LabEngine::recordDelivery(const HeldPacket& p, bool lost) {
    const Site to = other(p.from);
    std::string comment = wireSummary(p) + " (" + arrow(p.from);
    if (!p.saName.empty()) comment += ", SA " + p.saName;
    comment += ")";
    if (!p.notes.empty()) comment += "; " + p.notes;
    if (lost) comment += "; lost: site " + std::string(siteName(to)) + " is silent";
    if (p.kind == WanPacket::Kind::Esp && p.hints.sequenceHigh && p.sequenceNumber)
        comment += "; " + capture::esnPacketComment(*p.sequenceNumber);
    const std::size_t frame = capturePacket(Interface::Wan, p.packet.view(), comment, !lost);
    if (p.from == Site::A && p.sequenceNumber && !p.attack) {
        auto it = m_dataHistory.find(*p.sequenceNumber);
        if (it != m_dataHistory.end() && it->second.frame == 0) it->second.frame = frame;
    }
    if (p.kind == WanPacket::Kind::Ike && !p.attack) {
        auto it = m_ikeHistory.find(p.datagramId);
        if (it != m_ikeHistory.end() && it->second.notes.find("WAN packet #") == std::string::npos)
            it->second.notes = "WAN packet #" + std::to_string(frame);
    }

    std::string id;
    if (p.kind == WanPacket::Kind::Ike) id = p.datagramId + ".delivered";
    else if (p.kind == WanPacket::Kind::Esp || p.kind == WanPacket::Kind::Ah)
        id = std::string(p.kind == WanPacket::Kind::Esp ? "ESP." : "AH.") + p.saName + ".seq" +
             std::to_string(p.sequenceNumber.value_or(0)) + ".delivered";
    else id = "WAN." + std::to_string(frame) + ".delivered";
    if (lost) id += ".lost";
    std::string text = "WAN #" + std::to_string(frame) + ", " + arrow(p.from);
    if (!p.saName.empty()) text += ", SA " + p.saName;
    if (!p.notes.empty()) text += "; " + p.notes;
    if (lost) text += "; lost: site " + std::string(siteName(to)) + " is silent";
    LabEvent e = event(id, Origin::Wire, LabEventKind::Wire, p.phase, wireSummary(p), text);
    e.attack = p.attack;
    PacketRecord record;
    record.interface = Interface::Wan;
    record.frame = frame;
    record.packet = m_timeline.keep(p.packet);
    record.comment = comment;
    record.from = originOf(p.from);
    record.setWan({p.datagramId, p.saName, p.sequenceNumber, p.hints});
    record.fate = lost ? PacketFate::Lost : PacketFate::Delivered;
    record.fateText = lost ? "lost: site " + std::string(siteName(to)) + " is silent" : "delivered";
    e.detail = std::move(record);
    add(std::move(e));
    return m_timeline.size() - 1;
}

std::optional<Timestamp> LabEngine::nextTimer() const {
    std::optional<Timestamp> next;
    for (Site site : {Site::A, Site::B}) {
        const SiteState& s = siteState(site);
        if (s.silent) continue; // a silent site is frozen: its clocks stand still
        consider(next, s.peer->nextTimeout());
        consider(next, s.sad.nextTimeout());
        consider(next, s.nextDpdCheck);
        for (const InstalledChild& c : s.children) consider(next, c.retireAt);
    }
    bool plansPending = false;
    for (const TrafficPlan& plan : m_plans)
        if (!plan.done()) {
            consider(next, plan.next());
            plansPending = true;
        }
    if (!plansPending && attacksNeedTraffic() && siteState(Site::A).spd.saOf(siteState(Site::A).policyName)) {
        const Timestamp interval = std::chrono::duration_cast<Timestamp>(m_scenario.traffic.interval);
        consider(next, std::max(m_now, m_lastEchoAt ? *m_lastEchoAt + interval : m_now));
    }
    consider(next, m_echoes.nextTimeout());
    if (m_nextAction < m_actions.size()) consider(next, m_actions[m_nextAction].at);
    consider(next, nextAttackTimer());
    if (next && *next < m_now) next = m_now;
    return next;
}

Result<void> LabEngine::fireTimers(Timestamp at) {
    m_now = std::max(m_now, at);
    while (!m_clockTargets.empty() && m_clockTargets.front() <= m_now) m_clockTargets.erase(m_clockTargets.begin());

    // The engines' own timers first (retransmissions, lifetimes, DPD retries), then the data plane's.
    m_context = Phase::Termination;
    for (Site site : {Site::A, Site::B}) {
        SiteState& s = siteState(site);
        if (s.silent) continue;
        if (auto t = s.peer->nextTimeout(); t && *t <= m_now) s.peer->handleTimeout(m_now);
        s.sad.poll(m_now);
        s.spd.poll(m_now);
    }
    settle();

    while (m_nextAction < m_actions.size() && m_actions[m_nextAction].at <= m_now) {
        const ScenarioAction action = m_actions[m_nextAction++];
        if (auto done = runScenarioAction(action); !done) return done;
    }

    for (const Echo& e : m_echoes.expire(m_now)) {
        LabEvent ev = event("echo." + std::to_string(e.number) + ".lost", Origin::SiteA, LabEventKind::Lan,
                            siteState(Site::A).established ? Phase::DataTransfer : Phase::InterestingTraffic,
                            "echo request #" + std::to_string(e.number) + " · no reply",
                            m_scenario.trafficEnd(Site::A) + " got no echo reply #" + std::to_string(e.number) +
                                " within " + formatSeconds(kEchoTimeout) + ": lost");
        ev.detail = ActionRecord{"echo lost"};
        add(std::move(ev));
    }

    bool plansPending = false;
    for (TrafficPlan& plan : m_plans) {
        while (!plan.done() && plan.next() <= m_now) {
            ++plan.sent;
            if (auto sent = sendEcho(false); !sent) return sent;
        }
        plansPending = plansPending || !plan.done();
    }
    if (!plansPending && attacksNeedTraffic() && siteState(Site::A).spd.saOf(siteState(Site::A).policyName)) {
        const Timestamp interval = std::chrono::duration_cast<Timestamp>(m_scenario.traffic.interval);
        if (!m_lastEchoAt || *m_lastEchoAt + interval <= m_now)
            if (auto sent = sendEcho(true); !sent) return sent;
    }

    for (Site site : {Site::A, Site::B}) {
        SiteState& s = siteState(site);
        if (s.silent) continue;
        if (s.nextDpdCheck && *s.nextDpdCheck <= m_now) {
            const auto delay = std::chrono::seconds(m_scenario.site(site).dpdDelaySeconds);
            s.nextDpdCheck = m_now + delay;
            // RFC 3706: only an idle peer is asked whether it is there.
            if (!s.peer->ikeSas().empty() && !s.dpdInProgress && m_now - s.lastHeard >= delay) {
                m_context = Phase::Termination;
                (void)s.peer->sendDpd(m_now);
            }
            if (s.peer->ikeSas().empty()) s.nextDpdCheck.reset();
        }
        for (InstalledChild& c : s.children)
            if (c.retireAt && *c.retireAt <= m_now) {
                c.retireAt.reset();
                m_context = Phase::Termination;
                (void)s.peer->deleteChildSa(c.inboundSpi, m_now);
            }
    }
    fireAttackTimers();
    return {};
}

Result<void> LabEngine::sendEcho(bool carrier) {
    SiteState& a = siteState(Site::A);
    const std::uint16_t number = m_nextEcho++;
    wire::IcmpEcho echo;
    echo.type = wire::IcmpType::EchoRequest;
    echo.identifier = kEchoIdentifier;
    echo.sequenceNumber = number;
    const std::uint32_t size = m_plans.empty() ? m_scenario.traffic.size : m_plans.back().spec.size;
    echo.data.resize(size);
    // ping's pattern: bytes counting up, after the echo number (so every request differs).
    for (std::size_t i = 0; i < echo.data.size(); ++i) echo.data[i] = static_cast<std::uint8_t>(0x10 + i);
    if (echo.data.size() >= 2) writeU16(echo.data, 0, number);
    const bool own = m_scenario.gatewaysTalk();
    auto packet = (own ? a.gateway : a.host)
                      .icmpEcho(m_scenario.trafficAddress(Site::A), m_scenario.trafficAddress(Site::B), echo);
    if (!packet) return tl::unexpected(packet.error());
    m_echoes.sent(number, m_now, carrier);
    m_lastEchoAt = m_now;
    const bool interesting = !a.spd.saOf(a.policyName).has_value();
    const std::string comment = "echo request #" + std::to_string(number) + " " +
                                m_scenario.trafficAddress(Site::A).toString() + " → " +
                                m_scenario.trafficAddress(Site::B).toString() +
                                (own ? " from gateway A's own stack" : " from host A to gateway A") +
                                (interesting ? " (interesting traffic: no SA yet)" : "") +
                                (carrier ? " (extra traffic to carry an attack)" : "");
    cleartextEvent(Site::A, "echo." + std::to_string(number) + ".request",
                   a.established ? Phase::DataTransfer : Phase::InterestingTraffic,
                   "echo request #" + std::to_string(number), comment, *packet, Origin::SiteA,
                   own ? "sent by gateway A" : "sent by host A");
    m_context = Phase::InterestingTraffic;
    gatewayOutbound(Site::A, *packet);
    return {};
}

Result<void> LabEngine::runScenarioAction(const ScenarioAction& action) { return perform(action.kind, action.site); }

bool LabEngine::trafficFinished() const {
    for (const TrafficPlan& plan : m_plans)
        if (!plan.done()) return false;
    return m_echoes.settled();
}

bool LabEngine::wireIdle() const {
    if (!m_wire.empty()) return false;
    for (const ArmedAttack& a : m_attacks)
        if (a.stage == ArmedAttack::Stage::Holding) return false;
    return true;
}

bool LabEngine::quiet() const {
    // Nothing the engines or dead peer detection will do soon: lifetimes hours away do not count.
    for (Site site : {Site::A, Site::B}) {
        const SiteState& s = siteState(site);
        if (s.silent) continue;
        if (auto t = s.peer->nextTimeout(); t && *t <= m_now + kQuietPeriod) return false;
        if (s.nextDpdCheck && *s.nextDpdCheck <= m_now + kQuietPeriod) return false;
    }
    return true;
}

void LabEngine::afterStep() {
    // Without a tunnel there is no A→B SA to attack: once nothing more will happen, say so.
    if (!siteState(Site::A).established && trafficFinished() && wireIdle() && quiet())
        for (ArmedAttack& a : m_attacks)
            if (!a.spec.isIke() && a.stage != ArmedAttack::Stage::Done && a.stage != ArmedAttack::Stage::Failed) {
                a.stage = ArmedAttack::Stage::Failed;
                a.status = "failed: the tunnel never came up, so there is no A→B SA to attack";
                attackEvent(a, "failed", a.status);
            }
    // Attacks that wait for the end of the traffic start one after another, each once the wire is idle.
    if (m_postTrafficAt) return;
    const ArmedAttack* next = nullptr;
    for (const ArmedAttack& a : m_attacks) {
        if (a.stage == ArmedAttack::Stage::WaitingForTraffic && !next) next = &a;
        if (a.stage == ArmedAttack::Stage::Hunting || a.stage == ArmedAttack::Stage::Holding ||
            a.stage == ArmedAttack::Stage::WaitingForAt)
            return;
    }
    // An IKE replay needs no tunnel; attacks on the A→B SA need one.
    if (next && trafficFinished() && wireIdle() && (siteState(Site::A).established || next->spec.isIke()))
        m_postTrafficAt = m_now + kAttackPause;
}

void LabEngine::evaluateEnd() {
    if (m_outcome) return;
    const bool idle = wireIdle() && trafficFinished() && attacksSettled() && m_nextAction >= m_actions.size() &&
                      m_clockTargets.empty() && !m_postTrafficAt;
    if (!idle) return;
    const bool established = siteState(Site::A).established && siteState(Site::B).established;
    const Expectation& expect = m_scenario.expect;
    if (expect.failure || !established) {
        if (!quiet()) return;
    }
    OutcomeRecord outcome;
    outcome.expected = expect.toString();
    const LabStatus st = status();
    std::string echoes = std::to_string(st.echoRequests) + " echo request" + (st.echoRequests == 1 ? "" : "s") + ", " +
                         std::to_string(st.echoReplies) + " repl" + (st.echoReplies == 1 ? "y" : "ies");
    if (!expect.failure) {
        std::optional<std::pair<Site, ike::FailureInfo>> unexpected;
        for (const auto& f : m_failures)
            if (f.second.kind != ike::FailureKind::Local && !unexpected) unexpected = f;
        outcome.asDesigned = established && !unexpected && m_legitimateRejected == 0;
        if (outcome.asDesigned)
            outcome.sentence = "established as designed: " + echoes + ", " + std::to_string(m_legitimateRejected) +
                               " legitimate packets rejected";
        else if (!established)
            outcome.sentence = "NOT as designed: the tunnel was never established" +
                               (unexpected
                                    ? " (" + std::string(ike::failureKindName(unexpected->second.kind)) + " at " +
                                          siteName(unexpected->first) + ": " + unexpected->second.sentence + ")"
                                    : std::string());
        else if (unexpected)
            outcome.sentence = "NOT as designed: " + std::string(ike::failureKindName(unexpected->second.kind)) +
                               " at " + siteName(unexpected->first) + ": " + unexpected->second.sentence;
        else
            outcome.sentence = "NOT as designed: " + std::to_string(m_legitimateRejected) +
                               " legitimate packets were rejected (" + echoes + ")";
    } else {
        std::optional<std::pair<Site, ike::FailureInfo>> named;
        for (const auto& f : m_failures)
            if (f.second.kind == *expect.failure && !named) named = f;
        outcome.asDesigned = named.has_value();
        if (named)
            outcome.sentence = "failed as designed: " + std::string(ike::failureKindName(named->second.kind)) + " at " +
                               siteName(named->first) + ": " + named->second.sentence;
        else
            outcome.sentence = "NOT as designed: expected " + expect.toString() + ", but " +
                               (m_failures.empty()
                                    ? std::string(established ? "the tunnel was established" : "nothing failed")
                                    : std::string(ike::failureKindName(m_failures.front().second.kind)) + " at " +
                                          siteName(m_failures.front().first) + ": " +
                                          m_failures.front().second.sentence);
    }
    LabEvent e = event("outcome", Origin::Wire, LabEventKind::Outcome, m_phase,
                       outcome.asDesigned ? "outcome · as designed" : "outcome · NOT as designed", outcome.sentence);
    e.detail = outcome;
    add(std::move(e));
    m_outcome = std::move(outcome);
}

void LabEngine::giveUp(std::size_t maxSteps) {
    if (m_outcome) return;
    OutcomeRecord outcome;
    outcome.expected = m_scenario.expect.toString();
    outcome.asDesigned = false;
    outcome.sentence = "NOT as designed: the run did not reach its end (stopped after " + std::to_string(m_steps) +
                       " steps" + (maxSteps ? " of at most " + std::to_string(maxSteps) : std::string()) +
                       ", virtual time " + formatSeconds(m_now) + ")";
    LabEvent e = event("outcome", Origin::Wire, LabEventKind::Outcome, m_phase, "outcome · NOT as designed",
                       outcome.sentence);
    e.detail = outcome;
    add(std::move(e));
    m_outcome = std::move(outcome);
}

// ---------------------------------------------------------------- user actions

Result<void> LabEngine::startTraffic(const TrafficSpec& spec) {
    if (spec.count == 0) return fail("traffic needs at least one echo request");
    if (spec.interval.count() <= 0) return fail("traffic needs a positive interval");
    m_plans.push_back(TrafficPlan{spec, m_now});
    LabEvent e = event("traffic.started", Origin::SiteA, LabEventKind::Action, m_phase,
                       "traffic · " + std::to_string(spec.count) + " echo requests",
                       m_scenario.trafficEnd(Site::A) + " starts pinging " +
                           m_scenario.trafficAddress(Site::B).toString() + ": " + std::to_string(spec.count) +
                           " requests, every " + std::to_string(spec.interval.count()) + " ms, " +
                           std::to_string(spec.size) + " bytes of data");
    e.detail = ActionRecord{"traffic"};
    add(std::move(e));
    // A finished run goes on with the new traffic.
    m_outcome.reset();
    return {};
}

Result<void> LabEngine::inject(const AttackSpec& spec) {
    arm(spec);
    m_outcome.reset();
    return {};
}

Result<void> LabEngine::setClockTarget(Timestamp target) {
    if (target <= m_now) return fail("the clock target lies in the past");
    m_clockTargets.insert(std::upper_bound(m_clockTargets.begin(), m_clockTargets.end(), target), target);
    LabEvent e = event("clock.fast-forward", Origin::Wire, LabEventKind::Action, m_phase,
                       "fast-forward → " + formatSeconds(target),
                       "the virtual clock runs to " + formatSeconds(target) + ", firing every timer on the way");
    e.detail = ActionRecord{"fast-forward"};
    add(std::move(e));
    return {};
}

bool LabEngine::hasClockTarget(Timestamp target) const {
    return std::binary_search(m_clockTargets.begin(), m_clockTargets.end(), target);
}

Result<void> LabEngine::dropClockTarget(Timestamp target) {
    const auto it = std::lower_bound(m_clockTargets.begin(), m_clockTargets.end(), target);
    if (it == m_clockTargets.end() || *it != target)
        return fail("no fast-forward to " + formatSeconds(target) + " is under way");
    m_clockTargets.erase(it);
    LabEvent e = event("clock.fast-forward-stopped", Origin::Wire, LabEventKind::Action, m_phase,
                       "fast-forward stopped at " + formatSeconds(m_now),
                       "the fast-forward to " + formatSeconds(target) + " was stopped at " + formatSeconds(m_now) +
                           ": the clock stays here");
    e.detail = ActionRecord{"fast-forward stopped"};
    add(std::move(e));
    // Nothing else may be pending: the lab may have reached its designed end.
    evaluateEnd();
    return {};
}

Result<void> LabEngine::perform(ActionKind action, Site site) {
    SiteState& s = siteState(site);
    const std::string name = siteName(site);
    std::string text;
    Phase phase = Phase::Termination;
    switch (action) {
    case ActionKind::Silence:
        text = "site " + name + " goes silent: its gateway is down (frozen), nothing in or out, its timers stopped";
        break;
    case ActionKind::Resume: text = "site " + name + " is back on the WAN"; break;
    case ActionKind::Dpd: text = "site " + name + " asks its peer R-U-THERE (dead peer detection, RFC 3706)"; break;
    case ActionKind::Rekey:
        text = "site " + name + " starts a new Quick Mode to replace its IPsec SAs";
        phase = Phase::IkePhase2;
        break;
    case ActionKind::DeleteChild: text = "site " + name + " closes its IPsec SAs (Delete notification)"; break;
    case ActionKind::DeleteIke:
        text = "site " + name + " closes the tunnel: IPsec SAs and the IKE SA (Delete notifications)";
        break;
    }
    LabEvent e = event("action." + std::string(actionKindName(action)) + "." + name, originOf(site),
                       LabEventKind::Action, phase, std::string(actionKindName(action)) + " · site " + name, text);
    e.detail = ActionRecord{std::string(actionKindName(action)) + " " + name};
    add(std::move(e));
    m_context = phase;
    switch (action) {
    case ActionKind::Silence: s.silent = true; break;
    case ActionKind::Resume: s.silent = false; break;
    case ActionKind::Dpd: (void)s.peer->sendDpd(m_now); break;
    case ActionKind::Rekey: (void)s.peer->startQuickMode(m_now); break;
    case ActionKind::DeleteChild:
        if (!s.children.empty()) (void)s.peer->deleteChildSa(s.children.back().inboundSpi, m_now);
        else (void)s.peer->deleteChildSa(0, m_now); // the engine records why it cannot
        break;
    case ActionKind::DeleteIke: (void)s.peer->deleteIkeSa(m_now); break;
    }
    settle();
    return {};
}

// ---------------------------------------------------------------- the wire

std::string LabEngine::wireSummary(const HeldPacket& p) const {
    switch (p.kind) {
    case WanPacket::Kind::Ike: return messageSummary(p.label);
    case WanPacket::Kind::Esp: return "ESP seq " + std::to_string(p.sequenceNumber.value_or(0));
    case WanPacket::Kind::Ah: return "AH seq " + std::to_string(p.sequenceNumber.value_or(0));
    case WanPacket::Kind::Keepalive: return "NAT-keepalive";
    case WanPacket::Kind::Other: break;
    }
    return p.label.empty() ? "packet" : p.label;
}

void LabEngine::putOnWire(Site from, Bytes packet, HeldPacket meta) {
    meta.from = from;
    if (siteState(from).silent) {
        meta.packet = m_timeline.keep(packet);
        const std::string summary = wireSummary(meta);
        LabEvent e = event((meta.kind == WanPacket::Kind::Ike ? meta.datagramId : meta.label) + ".not-sent",
                           originOf(from), LabEventKind::Wire, meta.phase, summary,
                           summary + " not sent: site " + siteName(from) + " is silent");
        PacketRecord record;
        record.packet = std::move(meta.packet);
        record.from = originOf(from);
        record.setWan({meta.datagramId, meta.saName, meta.sequenceNumber, meta.hints});
        record.fate = PacketFate::NotSent;
        record.fateText = "not sent: site " + std::string(siteName(from)) + " is silent";
        e.detail = std::move(record);
        add(std::move(e));
        return;
    }
    if (m_nat && from == Site::A) {
        if (auto translated = m_nat->outbound(packet)) {
            meta.notes = m_nat->describe(packet, *translated);
            packet = std::move(*translated);
        }
    }
    meta.packet = m_timeline.keep(packet);
    if (meta.kind == WanPacket::Kind::Other)
        if (auto info = inspectWanPacket(meta.packet)) meta.kind = info->kind;
    if (meta.kind == WanPacket::Kind::Ike && !meta.datagramId.empty() && !m_ikeHistory.count(meta.datagramId))
        m_ikeHistory.emplace(meta.datagramId, meta);
    if (from == Site::A && meta.sequenceNumber &&
        (meta.kind == WanPacket::Kind::Esp || meta.kind == WanPacket::Kind::Ah)) {
        if (meta.saName != m_lastDataSa) {
            m_dataHistory.clear();
            m_lastDataSa = meta.saName;
        }
        m_dataHistory[*meta.sequenceNumber] = DataHistory{meta, 0};
        m_lastDataSeq = meta.sequenceNumber;
    }
    if (!m_retention.history) forgetUnreplayable();
    for (HeldPacket& p : interceptOnSend(std::move(meta))) enqueue(std::move(p));
}

void LabEngine::enqueue(HeldPacket packet) {
    packet.arrival = m_now + kLinkLatency + packet.lineDelay;
    m_wire.push_back(std::move(packet));
}

} // namespace ipseclab::lab::detail
