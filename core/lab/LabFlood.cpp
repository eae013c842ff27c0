// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// flood:replay=N and flood:forge=N[:spread=D]: the attacker sends N packets back-to-back at the
// line rate, so a class sees the window hold under load. Each packet crosses the wire like any
// other (its capture frame, its verdict, counted for the attack); only the attack's own events are
// one per flood, not one per packet.
//
// The packets are made one at a time, as the one ahead of them leaves the wire: the wire holds a
// FloodStream in their place, with what the attacker had seen when the flood began and its own
// copy of the attacker's random stream. So a flood's memory does not grow with N, and its packets
// are the ones an all-at-once flood would have sent, whatever else happens meanwhile.

#include <algorithm>

#include "ipsec/ReplayWindow.h"
#include "lab/LabEngine.h"

namespace ipseclab::lab::detail {

// What a flood sends, and how far it is.
struct FloodPlan {
    struct Seen {
        HeldPacket packet;
        std::size_t frame = 0;
    };
    FloodKind kind = FloodKind::Replay;
    std::uint64_t count = 0;
    std::uint64_t made = 0; // packets made so far
    std::uint64_t bits = 0; // their bits on the line
    int attack = 0;
    std::string protocol;     // "ESP", "AH"
    std::vector<Seen> recent; // replays: the last A→B packets, newest first
    HeldPacket last;          // forgeries: the last A→B packet, their model
    WanPacket info;           // ... decoded
    std::uint64_t edge = 0;   // ... their numbers: edge + 1 .. edge + spread
    std::uint64_t spread = 1;
    std::size_t icv = 0; // ... their made-up ICV's length
    bool done() const { return made >= count; }
};

// The packets of a flood still to come: its plan and the attacker's random stream as it was when
// the flood began (what the flood draws, it draws from this copy).
struct FloodStream {
    FloodPlan plan;
    crypto::DeterministicRandom random;
};

namespace {

// The time `bits` take on the line, rounded down to the clock's microsecond.
Timestamp lineTime(std::uint64_t bits) {
    return Timestamp(static_cast<Timestamp::rep>(bits / kFloodBitsPerMicrosecond));
}

std::string microsText(Timestamp t) {
    return t.count() >= 10000 ? std::to_string(t.count() / 1000) + " ms" : std::to_string(t.count()) + " µs";
}

// What the flood's next packet draws from the attacker's stream (which packet it replays, or a
// forgery's number and ICV) and its place on the line: all the flood's start needs of it, so its
// up-front pass makes no packet.
struct FloodDraw {
    std::uint64_t index = 0;    // 1..count
    std::size_t original = 0;   // replays: in FloodPlan::recent
    std::uint64_t sequence = 0; // forgeries
    Bytes icv;                  // ... made up
    Timestamp lineDelay{0};
};

FloodDraw drawNext(FloodPlan& f, crypto::DeterministicRandom& random) {
    FloodDraw d;
    d.index = ++f.made;
    std::size_t size = 0;
    if (f.kind == FloodKind::Replay) {
        d.original = random.u32() % f.recent.size();
        size = f.recent[d.original].packet.packet.size();
    } else {
        d.sequence = f.edge + 1 + random.u64() % f.spread;
        size = f.last.packet.size();
        d.icv = forgedIcv(f.info, size, f.icv, random);
    }
    d.lineDelay = lineTime(f.bits);
    f.bits += 8 * size;
    return d;
}

// The flood's next packet; its arrival is the wire's to set (the flood's start + its lineDelay).
HeldPacket nextPacket(FloodPlan& f, crypto::DeterministicRandom& random) {
    const FloodDraw d = drawNext(f, random);
    const std::string index = std::to_string(f.attack);
    HeldPacket p;
    if (f.kind == FloodKind::Replay) {
        const FloodPlan::Seen& original = f.recent[d.original];
        p = original.packet;
        p.notes = "injected: flood packet " + std::to_string(d.index) + " of " + std::to_string(f.count) +
                  ", a replay of " + f.protocol + " seq " + std::to_string(original.packet.sequenceNumber.value_or(0)) +
                  (original.frame ? " (WAN packet #" + std::to_string(original.frame) + ")" : " (still on its way)") +
                  " (attack " + index + ")";
    } else {
        p = forgePacket(f.last, f.info, d.sequence, d.icv);
        p.notes = "injected: flood packet " + std::to_string(d.index) + " of " + std::to_string(f.count) +
                  ", a forged " + f.protocol + " seq " + std::to_string(*p.sequenceNumber) +
                  " with a made-up ICV (attack " + index + ")";
    }
    p.attack = f.attack;
    p.lineDelay = d.lineDelay;
    return p;
}

} // namespace

std::size_t LabEngine::floodReplayDepth() const {
    const std::uint32_t window = m_scenario.siteB.replayWindow ? m_scenario.siteB.replayWindow
                                                               : ipsec::ReplayWindow::kDefaultSize;
    return 2 * static_cast<std::size_t>(window);
}

HeldPacket LabEngine::takeFromWire() {
    HeldPacket& front = m_wire.front();
    if (!front.flood) {
        HeldPacket p = std::move(front);
        m_wire.pop_front();
        return p;
    }
    HeldPacket p = nextPacket(front.flood->plan, front.flood->random);
    p.arrival = front.arrival + p.lineDelay;
    ++m_floodPackets;
    if (front.flood->plan.done()) m_wire.pop_front();
    return p;
}

std::vector<HeldPacket> LabEngine::floodFor(ArmedAttack& attack) {
    const AttackSpec& spec = attack.spec;
    if (m_dataHistory.empty()) {
        injectionFailed(attack, "no A→B packet has crossed the wire yet");
        return {};
    }
    const HeldPacket& last = m_dataHistory.rbegin()->second.packet;
    const auto info = inspectWanPacket(last.packet);
    if (!info) {
        injectionFailed(attack, "the last A→B packet does not decode");
        return {};
    }
    FloodPlan f;
    f.kind = spec.flood;
    f.count = spec.count;
    f.attack = attack.index;
    f.protocol = info->kind == WanPacket::Kind::Ah ? "AH" : "ESP";
    // Replays come from the last 2 × window packets: about half land inside the window (duplicates),
    // half to the left of it (too old), once that many have been sent.
    if (spec.flood == FloodKind::Replay)
        for (auto it = m_dataHistory.rbegin(); it != m_dataHistory.rend() && f.recent.size() < floodReplayDepth(); ++it)
            f.recent.push_back(FloodPlan::Seen{it->second.packet, it->second.frame});
    // Forgeries take the numbers the sender is about to use: beyond the receiver's right edge and
    // beyond the packets still on their way to it.
    f.last = last;
    f.info = *info;
    f.edge = std::max(rightEdgeOf(Site::B, info->spi, info->kind), m_dataHistory.rbegin()->first);
    f.spread = spec.spread;
    f.icv = icvLengthOf(Site::A, info->spi);

    // What the packets draw, drawn once here (the packets themselves are made as they leave): that
    // gives the flood's time on the line (its event says it) and moves the attacker's stream past
    // what they draw, as if they were all sent now.
    auto stream = std::make_shared<FloodStream>(FloodStream{f, m_attackRandom.clone()});
    while (!f.done()) (void)drawNext(f, m_attackRandom);
    const Timestamp onTheLine = lineTime(f.bits);

    const std::string what = spec.flood == FloodKind::Replay
                                 ? std::to_string(spec.count) + " replays of the last " +
                                       std::to_string(f.recent.size()) + " A→B packets (" + f.protocol + " seq " +
                                       std::to_string(f.recent.back().packet.sequenceNumber.value_or(0)) + ".." +
                                       std::to_string(f.recent.front().packet.sequenceNumber.value_or(0)) + ")"
                                 : std::to_string(spec.count) + " forged " + f.protocol + " packets numbered " +
                                       std::to_string(f.edge + 1) + ".." + std::to_string(f.edge + spec.spread) +
                                       " (beyond " + std::to_string(f.edge) +
                                       ", the last number sent) with made-up ICVs";
    attack.stage = ArmedAttack::Stage::Done;
    attack.status = "done";
    attack.summary = "flooded " + what;
    attackEvent(attack, "injected",
                "the attacker floods the WAN with " + what + ", back-to-back at " +
                    std::to_string(kFloodBitsPerMicrosecond) + " Mbit/s: " + microsText(onTheLine) + " on the line");
    HeldPacket placeholder;
    placeholder.from = Site::A;
    placeholder.attack = attack.index;
    placeholder.flood = std::move(stream);
    return {placeholder};
}

void LabEngine::viewFlood(const FloodStream& stream, Timestamp start, std::vector<HeldPacketView>& out) const {
    FloodStream rest{stream.plan, stream.random.clone()};
    while (!rest.plan.done()) {
        const HeldPacket p = nextPacket(rest.plan, rest.random);
        out.push_back(HeldPacketView{p.from, wireSummary(p), start + p.lineDelay, p.attack});
    }
}

} // namespace ipseclab::lab::detail
