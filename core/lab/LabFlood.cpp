// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// flood:replay=N and flood:forge=N[:spread=D]: the attacker sends N packets back-to-back at the
// line rate, so a class sees the window hold under load. Each packet crosses the wire like any
// other (its capture frame, its verdict, counted for the attack); only the attack's own events are
// one per flood, not one per packet.

#include <algorithm>

#include "ipsec/ReplayWindow.h"
#include "lab/LabEngine.h"

namespace ipseclab::lab::detail {

namespace {

// The time `bits` take on the line, rounded down to the clock's microsecond.
Timestamp lineTime(std::uint64_t bits) {
    return Timestamp(static_cast<Timestamp::rep>(bits / kFloodBitsPerMicrosecond));
}

std::string microsText(Timestamp t) {
    return t.count() >= 10000 ? std::to_string(t.count() / 1000) + " ms" : std::to_string(t.count()) + " µs";
}

} // namespace

std::size_t LabEngine::floodReplayDepth() const {
    const std::uint32_t window = m_scenario.siteB.replayWindow ? m_scenario.siteB.replayWindow
                                                               : ipsec::ReplayWindow::kDefaultSize;
    return 2 * static_cast<std::size_t>(window);
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
    const std::string protocol = info->kind == WanPacket::Kind::Ah ? "AH" : "ESP";
    const std::string index = std::to_string(attack.index);

    // Replays come from the last 2 × window packets: about half land inside the window (duplicates),
    // half to the left of it (too old), once that many have been sent.
    std::vector<const DataHistory*> recent;
    for (auto it = m_dataHistory.rbegin(); it != m_dataHistory.rend() && recent.size() < floodReplayDepth(); ++it)
        recent.push_back(&it->second);
    // Forgeries take the numbers the sender is about to use: beyond the receiver's right edge and
    // beyond the packets still on their way to it.
    const std::uint64_t edge = std::max(rightEdgeOf(Site::B, info->spi, info->kind), m_dataHistory.rbegin()->first);

    std::vector<HeldPacket> out;
    out.reserve(static_cast<std::size_t>(spec.count));
    std::uint64_t bits = 0;
    for (std::uint64_t i = 1; i <= spec.count; ++i) {
        HeldPacket p;
        if (spec.flood == FloodKind::Replay) {
            const DataHistory& original = *recent[m_attackRandom.u32() % recent.size()];
            p = original.packet;
            p.notes =
                "injected: flood packet " + std::to_string(i) + " of " + std::to_string(spec.count) + ", a replay of " +
                protocol + " seq " + std::to_string(original.packet.sequenceNumber.value_or(0)) +
                (original.frame ? " (WAN packet #" + std::to_string(original.frame) + ")" : " (still on its way)") +
                " (attack " + index + ")";
        } else {
            p = forgery(last, *info, edge + 1 + m_attackRandom.u64() % spec.spread);
            p.notes = "injected: flood packet " + std::to_string(i) + " of " + std::to_string(spec.count) +
                      ", a forged " + protocol + " seq " + std::to_string(*p.sequenceNumber) +
                      " with a made-up ICV (attack " + index + ")";
        }
        p.attack = attack.index;
        p.lineDelay = lineTime(bits);
        bits += 8 * p.packet.size();
        out.push_back(std::move(p));
    }

    const std::string what = spec.flood == FloodKind::Replay
                                 ? std::to_string(spec.count) + " replays of the last " +
                                       std::to_string(recent.size()) + " A→B packets (" + protocol + " seq " +
                                       std::to_string(recent.back()->packet.sequenceNumber.value_or(0)) + ".." +
                                       std::to_string(recent.front()->packet.sequenceNumber.value_or(0)) + ")"
                                 : std::to_string(spec.count) + " forged " + protocol + " packets numbered " +
                                       std::to_string(edge + 1) + ".." + std::to_string(edge + spec.spread) +
                                       " (beyond " + std::to_string(edge) + ", the last number sent) with made-up ICVs";
    attack.stage = ArmedAttack::Stage::Done;
    attack.status = "done";
    attack.summary = "flooded " + what;
    attackEvent(attack, "injected",
                "the attacker floods the WAN with " + what + ", back-to-back at " +
                    std::to_string(kFloodBitsPerMicrosecond) + " Mbit/s: " + microsText(lineTime(bits)) +
                    " on the line");
    return out;
}

} // namespace ipseclab::lab::detail
