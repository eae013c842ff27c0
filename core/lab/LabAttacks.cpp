// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The attacker on the wire: it sees every packet a gateway puts on the WAN, and replays, duplicates,
// reorders, delays, drops, alters or forges A→B packets (and IKE messages) as its attacks say. Each
// step of an attack is an event; each packet it makes or touches carries the attack's number, so
// the receiver's verdict on it is tied to the attack and never counted as a legitimate packet's.

#include "ipsec/Suites.h"
#include "lab/LabEngine.h"

namespace ipseclab::lab::detail {

namespace {

bool isData(const HeldPacket& p) {
    return p.from == Site::A && p.sequenceNumber && (p.kind == WanPacket::Kind::Esp || p.kind == WanPacket::Kind::Ah);
}

bool matchesMessage(const std::string& wanted, const HeldPacket& p) {
    if (p.kind != WanPacket::Kind::Ike) return false;
    return p.datagramId == wanted || (wanted.find('.') == std::string::npos && p.label == wanted);
}

// "ESP seq 12", "AH seq 3".
std::string dataName(WanPacket::Kind kind, std::uint64_t sequenceNumber) {
    return std::string(kind == WanPacket::Kind::Ah ? "AH" : "ESP") + " seq " + std::to_string(sequenceNumber);
}

std::string dataName(const HeldPacket& p) { return dataName(p.kind, p.sequenceNumber.value_or(0)); }

// The IKE message a replay names: by its datagram id ("A.MM3.sent"), else the first with its label.
const HeldPacket* ikeMessage(const std::map<std::string, HeldPacket>& history, const std::string& message) {
    if (auto it = history.find(message); it != history.end()) return &it->second;
    for (const auto& [id, p] : history)
        if (matchesMessage(message, p)) return &p;
    return nullptr;
}

} // namespace

void LabEngine::attackEvent(ArmedAttack& attack, const std::string& step, const std::string& text,
                            std::optional<std::size_t> frame, std::optional<std::uint64_t> seq) {
    const std::string spec = attack.spec.toString();
    Phase phase = Phase::DataTransfer;
    if (attack.spec.isIke())
        phase = phaseOfLabel(attack.spec.message.substr(attack.spec.message.rfind('.') + 1), m_phase);
    LabEvent e = event("attack." + std::to_string(attack.index) + "." + step, Origin::Wire, LabEventKind::Attack, phase,
                       "attack " + std::to_string(attack.index) + " · " + spec + " · " + step, text);
    e.attack = attack.index;
    e.detail = AttackRecord{attack.index, spec, step, frame, seq};
    add(std::move(e));
}

void LabEngine::arm(const AttackSpec& spec) {
    ArmedAttack a;
    a.index = static_cast<int>(m_attacks.size()) + 1;
    a.spec = spec;
    std::string when;
    if (spec.kind == AttackKind::DropIke || spec.kind == AttackKind::DelayIke || spec.kind == AttackKind::SpoofInfo) {
        a.stage = ArmedAttack::Stage::Hunting;
        when = "waits for the first " + spec.message;
    } else if (spec.seq && spec.intercepts()) {
        a.stage = ArmedAttack::Stage::Hunting;
        a.targetSeq = spec.seq;
        when = "waits for A→B packet " + std::to_string(*spec.seq);
    } else if (spec.at) {
        a.stage = ArmedAttack::Stage::WaitingForAt;
        when = "starts after A→B packet " + std::to_string(*spec.at);
    } else {
        a.stage = ArmedAttack::Stage::WaitingForTraffic;
        when = "starts after the traffic";
    }
    a.status = when;
    m_attacks.push_back(a);
    ArmedAttack& armed = m_attacks.back();
    attackEvent(armed, "armed", "attack " + std::to_string(armed.index) + " (" + spec.toString() + ") " + when);
    if (armed.stage == ArmedAttack::Stage::Hunting && armed.targetSeq && m_lastDataSeq &&
        *armed.targetSeq <= *m_lastDataSeq) {
        armed.stage = ArmedAttack::Stage::Failed;
        armed.status = "failed: A→B packet " + std::to_string(*armed.targetSeq) + " has already crossed the wire";
        attackEvent(armed, "failed", armed.status);
    } else if (armed.stage == ArmedAttack::Stage::WaitingForAt && m_lastDataSeq && *spec.at <= *m_lastDataSeq) {
        // Already past packet `at`: start now.
        for (HeldPacket& p : triggerAttack(armed)) enqueue(std::move(p));
    }
}

std::vector<HeldPacket> LabEngine::triggerAttack(ArmedAttack& attack) {
    attackEvent(attack, "started",
                "attack " + std::to_string(attack.index) + " (" + attack.spec.toString() + ") starts");
    if (attack.spec.intercepts()) {
        attack.stage = ArmedAttack::Stage::Hunting;
        attack.targetSeq = attack.spec.seq;
        attack.status = attack.targetSeq ? "waiting for A→B packet " + std::to_string(*attack.targetSeq)
                                         : "waiting for the next A→B packet";
        return {};
    }
    if (attack.spec.kind == AttackKind::Flood) {
        if (historyIsLive()) return floodFor(attack);
        // The SA in use (a rekey replaced the one whose packets the attacker saw) has carried
        // nothing yet: the flood follows its first packet, so that it meets the live window.
        attack.stage = ArmedAttack::Stage::Hunting;
        attack.status = "waiting for the next A→B packet";
        return {};
    }
    std::vector<HeldPacket> out;
    if (auto injected = injectFor(attack)) out.push_back(std::move(*injected));
    return out;
}

std::optional<HeldPacket> LabEngine::injectionFailed(ArmedAttack& attack, const std::string& why) {
    attack.stage = ArmedAttack::Stage::Failed;
    attack.status = "failed: " + why;
    attackEvent(attack, "failed", "attack " + std::to_string(attack.index) + " cannot run: " + why);
    return std::nullopt;
}

std::optional<HeldPacket> LabEngine::injected(ArmedAttack& attack, HeldPacket p, const std::string& summary,
                                              std::optional<std::size_t> frame) {
    p.attack = attack.index;
    p.notes = "injected: " + summary + " (attack " + std::to_string(attack.index) + ")";
    attack.stage = ArmedAttack::Stage::Done;
    attack.status = "done";
    attack.summary = "injected " + summary;
    attackEvent(attack, "injected", "the attacker injects " + summary, frame, p.sequenceNumber);
    return p;
}

std::optional<HeldPacket> LabEngine::injectFor(ArmedAttack& attack) {
    const AttackSpec& spec = attack.spec;
    auto failed = [&](const std::string& why) { return injectionFailed(attack, why); };
    auto done = [&](HeldPacket p, const std::string& summary, std::optional<std::size_t> frame) {
        return injected(attack, std::move(p), summary, frame);
    };

    if (spec.kind == AttackKind::ReplayIke) {
        const HeldPacket* original = ikeMessage(m_ikeHistory, spec.message);
        if (!original) return failed("no IKE message " + spec.message + " has crossed the wire");
        HeldPacket copy = *original;
        std::optional<std::size_t> frame;
        if (const auto at = copy.notes.find("WAN packet #"); at != std::string::npos)
            frame = static_cast<std::size_t>(std::stoul(copy.notes.substr(at + 12)));
        const std::string what = "a replay of " + copy.datagramId +
                                 (frame ? " (WAN packet #" + std::to_string(*frame) + ")" : "");
        return done(std::move(copy), what, frame);
    }

    if (spec.kind == AttackKind::Inject) {
        auto sealed = sealOutsideSelectors(spec);
        if (!sealed) return failed(sealed.error().message);
        return done(std::move(sealed->first), sealed->second, std::nullopt);
    }
    if (m_dataHistory.empty()) return failed("no A→B packet has crossed the wire yet");
    const std::uint64_t lastSeq = m_dataHistory.rbegin()->first;
    if (spec.kind == AttackKind::Replay || spec.kind == AttackKind::Duplicate) {
        const std::uint64_t seq = spec.seq.value_or(lastSeq);
        const auto it = m_dataHistory.find(seq);
        if (it == m_dataHistory.end())
            return failed("no A→B packet with sequence number " + std::to_string(seq) + " was sent");
        const std::size_t frame = it->second.frame;
        const std::string what = "a replay of " + dataName(it->second.packet) +
                                 (frame ? " (WAN packet #" + std::to_string(frame) + ")" : " (not yet delivered)");
        return done(it->second.packet, what, frame ? std::optional<std::size_t>(frame) : std::nullopt);
    }

    const DataHistory& last = m_dataHistory.rbegin()->second;
    HeldPacket copy = last.packet;
    auto info = inspectWanPacket(copy.packet);
    if (!info) return failed("the last A→B packet does not decode");
    const std::size_t spiAt = info->transportOffset + (info->kind == WanPacket::Kind::Ah ? 4 : 0);
    if (spec.kind == AttackKind::UnknownSpi) {
        std::uint32_t spi = 0;
        do {
            spi = m_attackRandom.u32();
        } while (spi < 256 || spi == info->spi);
        Bytes bytes = copy.packet.toBytes();
        writeU32(bytes, spiAt, spi);
        copy.packet = std::move(bytes);
        return done(std::move(copy),
                    "a copy of " + dataName(last.packet) + " (WAN packet #" + std::to_string(last.frame) +
                        ") with the unknown SPI " + hex32(spi),
                    last.frame);
    }
    if (spec.kind == AttackKind::Forge) {
        const std::uint64_t edge = rightEdgeOf(Site::B, info->spi, info->kind);
        const std::uint64_t seq = edge + spec.distance;
        return done(forgery(std::move(copy), *info, seq),
                    "a forged " + std::string(info->kind == WanPacket::Kind::Ah ? "AH" : "ESP") + " seq " +
                        std::to_string(seq) + " (the receiver's right edge " + std::to_string(edge) + " + " +
                        std::to_string(spec.distance) + ") with a made-up ICV",
                    std::nullopt);
    }
    return failed("this attack does not inject");
}

void LabEngine::forgetUnreplayable() {
    // What injectFor() can still ask for: the last A→B packet (duplicate, forge, unknown-spi,
    // inject, a replay without seq, a forged flood), the packets a replay names, the IKE message a
    // replay-ike finds; a flood of replays draws from the last floodReplayDepth() packets.
    std::set<std::uint64_t> named;
    std::size_t recent = 1;
    std::set<const HeldPacket*> messages;
    for (const ArmedAttack& a : m_attacks) {
        if (a.stage == ArmedAttack::Stage::Done || a.stage == ArmedAttack::Stage::Failed) continue;
        const AttackKind kind = a.spec.kind;
        if ((kind == AttackKind::Replay || kind == AttackKind::Duplicate) && a.spec.seq) named.insert(*a.spec.seq);
        if (kind == AttackKind::Flood && a.spec.flood == FloodKind::Replay) recent = floodReplayDepth();
        if (kind == AttackKind::ReplayIke)
            if (const HeldPacket* p = ikeMessage(m_ikeHistory, a.spec.message)) messages.insert(p);
    }
    const std::size_t older = m_dataHistory.size() > recent ? m_dataHistory.size() - recent : 0;
    auto data = m_dataHistory.begin();
    for (std::size_t i = 0; i < older; ++i)
        data = named.count(data->first) ? std::next(data) : m_dataHistory.erase(data);
    for (auto it = m_ikeHistory.begin(); it != m_ikeHistory.end();)
        it = messages.count(&it->second) ? std::next(it) : m_ikeHistory.erase(it);
}

HeldPacket LabEngine::forgery(HeldPacket copy, const WanPacket& info, std::uint64_t seq) {
    const Bytes icv = forgedIcv(info, copy.packet.size(), icvLengthOf(Site::A, info.spi), m_attackRandom);
    return forgePacket(std::move(copy), info, seq, icv);
}

namespace {
std::size_t spiAt(const WanPacket& info) { return info.transportOffset + (info.kind == WanPacket::Kind::Ah ? 4 : 0); }

// Where a forgery's ICV goes: AH's after its SPI and sequence number, ESP's at the end.
std::size_t forgedIcvAt(const WanPacket& info, std::size_t size, std::size_t icv) {
    return info.kind == WanPacket::Kind::Ah ? spiAt(info) + 8 : size - icv;
}
} // namespace

Bytes forgedIcv(const WanPacket& info, std::size_t size, std::size_t icv, crypto::DeterministicRandom& random) {
    // A made-up ICV: the attacker has no key.
    if (icv > size || forgedIcvAt(info, size, icv) + icv > size) return {};
    return random.bytes(icv);
}

HeldPacket forgePacket(HeldPacket copy, const WanPacket& info, std::uint64_t seq, ByteView icv) {
    Bytes bytes = copy.packet.toBytes();
    writeU32(bytes, spiAt(info) + 4, static_cast<std::uint32_t>(seq));
    if (!icv.empty())
        std::copy(icv.begin(), icv.end(),
                  bytes.begin() + static_cast<std::ptrdiff_t>(forgedIcvAt(info, bytes.size(), icv.size())));
    copy.packet = std::move(bytes);
    copy.sequenceNumber = seq;
    return copy;
}

std::optional<HeldPacket> LabEngine::alter(ArmedAttack& attack, const HeldPacket& original) {
    auto info = inspectWanPacket(original.packet);
    if (!info) return std::nullopt;
    HeldPacket p = original;
    const bool ah = info->kind == WanPacket::Kind::Ah;
    const std::size_t base = info->transportOffset;
    const std::size_t icv = icvLengthOf(Site::A, info->spi);
    const std::size_t size = p.packet.size();
    if (attack.spec.kind == AttackKind::Flip) {
        std::size_t start = 0, length = 0;
        switch (attack.spec.field) {
        case FlipField::Spi:
            start = base + (ah ? 4 : 0);
            length = 4;
            break;
        case FlipField::Seq:
            start = base + (ah ? 8 : 4);
            length = 4;
            break;
        case FlipField::Icv:
            start = ah ? base + 12 : size - icv;
            length = icv;
            break;
        case FlipField::Payload:
            start = ah ? base + 12 + icv : base + 8;
            length = ah ? size - start : size - icv - start;
            break;
        }
        if (length == 0 || start + length > size) return std::nullopt;
        const std::uint32_t bit = attack.spec.bit % static_cast<std::uint32_t>(length * 8);
        Bytes bytes = p.packet.toBytes();
        bytes[start + bit / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
        p.packet = std::move(bytes);
        attack.summary = "flipped bit " + std::to_string(bit) + " of the " +
                         std::string(flipFieldName(attack.spec.field)) + " of " + dataName(original);
    } else {
        const std::size_t payloadStart = base;
        const std::size_t payloadLength = size - payloadStart;
        const std::size_t cut = std::min<std::size_t>(attack.spec.bytes, payloadLength - 1);
        PacketRewrite r;
        r.transportPayload = Bytes(p.packet.begin() + static_cast<std::ptrdiff_t>(payloadStart),
                                   p.packet.end() - static_cast<std::ptrdiff_t>(cut));
        auto rebuilt = rebuildPacket(p.packet, r);
        if (!rebuilt) return std::nullopt;
        p.packet = std::move(*rebuilt);
        attack.summary = "cut " + std::to_string(cut) + " bytes off the end of " + dataName(original);
    }
    p.attack = attack.index;
    p.notes += std::string(p.notes.empty() ? "" : "; ") + "modified: " + attack.summary + " (attack " +
               std::to_string(attack.index) + ")";
    return p;
}

std::vector<HeldPacket> LabEngine::interceptOnSend(HeldPacket packet) {
    std::vector<HeldPacket> out;
    const bool data = isData(packet) && !packet.attack;
    const bool ike = packet.kind == WanPacket::Kind::Ike && !packet.attack;
    bool consumed = false;
    for (ArmedAttack& a : m_attacks) {
        if (a.stage != ArmedAttack::Stage::Hunting) continue;
        if (a.spec.isIke()) {
            if (!ike || !matchesMessage(a.spec.message, packet)) continue;
            if (a.spec.kind == AttackKind::SpoofInfo) {
                out.push_back(packet);
                if (auto forged = spoofInformational(a, packet)) out.push_back(std::move(*forged));
            } else {
                interceptIke(a, packet);
            }
            consumed = true;
            break;
        }
        if (!data) continue;
        if (a.spec.kind == AttackKind::Flood) {
            out.push_back(packet);
            for (HeldPacket& p : floodFor(a)) out.push_back(std::move(p));
            consumed = true;
            break;
        }
        if (a.targetSeq && *packet.sequenceNumber != *a.targetSeq) {
            checkMissed(a, packet);
            continue;
        }
        consumed = interceptData(a, packet, out);
        if (consumed) break;
    }
    if (!consumed) out.push_back(packet);
    if (data && !consumed) releaseHeld(packet, out);
    return out;
}

// An IKE attack's first message: dropped, or held for the attack's time.
void LabEngine::interceptIke(ArmedAttack& a, HeldPacket& packet) {
    const std::string index = std::to_string(a.index);
    if (a.spec.kind == AttackKind::DropIke) {
        a.stage = ArmedAttack::Stage::Done;
        a.status = "done";
        a.summary = "dropped the first " + packet.datagramId;
        attackEvent(a, "dropped",
                    "the attacker removes " + packet.datagramId + " from the wire: the sender will retransmit");
    } else {
        packet.attack = a.index;
        packet.notes += std::string(packet.notes.empty() ? "" : "; ") + "delayed " +
                        std::to_string(a.spec.hold.count()) + " ms (attack " + index + ")";
        a.held.push_back(packet);
        a.releaseAt = m_now + std::chrono::duration_cast<Timestamp>(a.spec.hold);
        a.stage = ArmedAttack::Stage::Holding;
        a.status = "holding " + packet.datagramId;
        a.summary = "held the first " + packet.datagramId + " for " + std::to_string(a.spec.hold.count()) + " ms";
        attackEvent(a, "held",
                    "the attacker holds " + packet.datagramId + " back for " + std::to_string(a.spec.hold.count()) +
                        " ms");
    }
}

// spoof-info: a forged Informational right behind `packet`, to the same receiver. The attacker sees the
// cookies and the Message ID (they travel in clear) but has no key: the body is random bytes. The
// receiver must find it does not decrypt and change nothing; the exchange goes on.
std::optional<HeldPacket> LabEngine::spoofInformational(ArmedAttack& a, const HeldPacket& packet) {
    const auto info = inspectWanPacket(packet.packet);
    const std::size_t marker = info && info->destinationPort == 4500 ? 4 : 0;
    const std::size_t at = info ? info->transportOffset + marker : 0;
    if (!info || packet.packet.size() < at + 28) {
        a.stage = ArmedAttack::Stage::Failed;
        a.status = "failed: " + packet.datagramId + " does not decode";
        attackEvent(a, "failed", a.status);
        return std::nullopt;
    }
    Bytes isakmp(packet.packet.begin() + static_cast<std::ptrdiff_t>(at),
                 packet.packet.begin() + static_cast<std::ptrdiff_t>(at + 28)); // the header: cookies, Message ID
    isakmp[16] = 8;                                                             // Next Payload: HASH
    isakmp[18] = 5;                                                             // Informational
    isakmp[19] |= 0x01;                                                         // encrypted
    append(isakmp, m_attackRandom.bytes(48));
    writeU32(isakmp, 24, static_cast<std::uint32_t>(isakmp.size()));
    PacketRewrite r;
    r.transportPayload = Bytes(packet.packet.begin() + static_cast<std::ptrdiff_t>(info->transportOffset),
                               packet.packet.begin() + static_cast<std::ptrdiff_t>(at));
    append(*r.transportPayload, isakmp);
    auto rebuilt = rebuildPacket(packet.packet, r);
    if (!rebuilt) return std::nullopt;
    HeldPacket forged = packet;
    forged.packet = std::move(*rebuilt);
    forged.label = "INFO";
    forged.datagramId = "spoofed-INFO." + hex32(readU32(isakmp, 20));
    forged.attack = a.index;
    const std::string what = "a forged Informational with the cookies and Message ID " + hex32(readU32(isakmp, 20)) +
                             " of " + packet.datagramId + " and 48 random bytes as its encrypted body";
    forged.notes = "injected: " + what + " (attack " + std::to_string(a.index) + ")";
    a.stage = ArmedAttack::Stage::Done;
    a.status = "done";
    a.summary = "injected " + what;
    attackEvent(a, "injected",
                "the attacker, who has no key, injects " + what + " right behind " + packet.datagramId +
                    ": the receiver must find it does not decrypt, and change nothing");
    return forged;
}

// A data attack still waiting for packet K when another one passes.
void LabEngine::checkMissed(ArmedAttack& a, const HeldPacket& packet) {
    // Sequence numbers only grow on an SA: once a later one passes, the target is gone
    // (another attack took it, or it went by before this one was armed). Waiting on would
    // only make the lab send traffic until a rekey brought a new SA and a new packet K.
    if (*packet.sequenceNumber > *a.targetSeq) {
        const std::string target = dataName(packet.kind, *a.targetSeq);
        a.stage = ArmedAttack::Stage::Failed;
        a.status = "missed: " + target + " had gone by (" + dataName(packet) + " came next)";
        a.summary = "missed " + target;
        attackEvent(a, "missed",
                    "the attacker missed " + target +
                        ": it went by before this attack could act (another attack had it, or it was "
                        "armed too late)");
    }
}

// A data attack on its packet: false when its kind does not act on data packets.
bool LabEngine::interceptData(ArmedAttack& a, HeldPacket& packet, std::vector<HeldPacket>& out) {
    const std::string index = std::to_string(a.index);
    const std::string what = dataName(packet);
    switch (a.spec.kind) {
    case AttackKind::Duplicate: {
        HeldPacket copy = packet;
        copy.attack = a.index;
        copy.notes += std::string(copy.notes.empty() ? "" : "; ") + "injected: a duplicate of " + what + " (attack " +
                      index + ")";
        out.push_back(std::move(packet));
        out.push_back(std::move(copy));
        a.stage = ArmedAttack::Stage::Done;
        a.status = "done";
        a.summary = "sent " + what + " twice";
        attackEvent(a, "injected", "the attacker copies " + what + ": it will arrive twice", std::nullopt,
                    out.back().sequenceNumber);
        break;
    }
    case AttackKind::Reorder:
    case AttackKind::Delay: {
        a.releaseAfter = a.spec.kind == AttackKind::Reorder
                             ? a.spec.span
                             : a.spec.after.value_or((m_scenario.siteB.replayWindow
                                                          ? m_scenario.siteB.replayWindow
                                                          : ipsec::ReplayWindow::kDefaultSize) +
                                                     6);
        packet.attack = a.index;
        packet.notes += std::string(packet.notes.empty() ? "" : "; ") + "held back by the attacker until " +
                        std::to_string(a.releaseAfter) + " more A→B packets passed (attack " + index + ")";
        a.held.push_back(packet);
        a.passedSinceHold = 0;
        a.stage = ArmedAttack::Stage::Holding;
        a.status = "holding " + what;
        a.summary = "held " + what + " back for " + std::to_string(a.releaseAfter) + " packets";
        attackEvent(a, "held",
                    "the attacker holds " + what + " back until " + std::to_string(a.releaseAfter) +
                        " more A→B packets have passed",
                    std::nullopt, packet.sequenceNumber);
        break;
    }
    case AttackKind::Drop:
        a.stage = ArmedAttack::Stage::Done;
        a.status = "done";
        a.summary = "dropped " + what;
        attackEvent(a, "dropped", "the attacker removes " + what + " from the wire", std::nullopt,
                    packet.sequenceNumber);
        break;
    case AttackKind::Flip:
    case AttackKind::Truncate: {
        auto altered = alter(a, packet);
        a.stage = ArmedAttack::Stage::Done;
        a.status = "done";
        if (!altered) {
            a.stage = ArmedAttack::Stage::Failed;
            a.status = "failed: the packet could not be altered";
            attackEvent(a, "failed", a.status);
            out.push_back(std::move(packet));
        } else {
            attackEvent(a, "modified", "the attacker " + a.summary, std::nullopt, altered->sequenceNumber);
            out.push_back(std::move(*altered));
        }
        break;
    }
    default: return false;
    }
    return true;
}

// After a data packet that no attack took: held packets go back, attacks waiting for it start.
void LabEngine::releaseHeld(const HeldPacket& packet, std::vector<HeldPacket>& out) {
    // Held packets go back on the wire once enough others have passed them.
    for (ArmedAttack& a : m_attacks) {
        if (a.stage != ArmedAttack::Stage::Holding || a.spec.isIke()) continue;
        if (++a.passedSinceHold < a.releaseAfter) continue;
        for (HeldPacket& h : a.held) {
            attackEvent(a, "released",
                        "the attacker releases " + dataName(h) + " after " + std::to_string(a.passedSinceHold) +
                            " more A→B packets",
                        std::nullopt, h.sequenceNumber);
            out.push_back(std::move(h));
        }
        a.held.clear();
        a.stage = ArmedAttack::Stage::Done;
        a.status = "done";
    }
    for (ArmedAttack& a : m_attacks)
        if (a.stage == ArmedAttack::Stage::WaitingForAt && *packet.sequenceNumber >= *a.spec.at)
            for (HeldPacket& p : triggerAttack(a)) out.push_back(std::move(p));
}

bool LabEngine::attacksNeedTraffic() const {
    for (const ArmedAttack& a : m_attacks) {
        if (a.spec.isIke()) continue;
        if (a.stage == ArmedAttack::Stage::Hunting || a.stage == ArmedAttack::Stage::Holding ||
            a.stage == ArmedAttack::Stage::WaitingForAt)
            return true;
    }
    return false;
}

bool LabEngine::attacksSettled() const {
    for (const ArmedAttack& a : m_attacks)
        if (a.stage != ArmedAttack::Stage::Done && a.stage != ArmedAttack::Stage::Failed) {
            // An IKE attack that never saw its message (it was not sent in this run) is not pending.
            if ((a.spec.kind == AttackKind::DropIke || a.spec.kind == AttackKind::DelayIke ||
                 a.spec.kind == AttackKind::SpoofInfo) &&
                a.stage == ArmedAttack::Stage::Hunting)
                continue;
            return false;
        }
    return true;
}

std::optional<Timestamp> LabEngine::nextAttackTimer() const {
    std::optional<Timestamp> next = m_postTrafficAt;
    for (const ArmedAttack& a : m_attacks)
        if (a.stage == ArmedAttack::Stage::Holding && a.releaseAt && (!next || *a.releaseAt < *next))
            next = a.releaseAt;
    return next;
}

void LabEngine::fireAttackTimers() {
    if (m_postTrafficAt && *m_postTrafficAt <= m_now) {
        m_postTrafficAt.reset();
        for (ArmedAttack& a : m_attacks)
            if (a.stage == ArmedAttack::Stage::WaitingForTraffic) {
                for (HeldPacket& p : triggerAttack(a)) enqueue(std::move(p));
                break;
            }
    }
    for (ArmedAttack& a : m_attacks) {
        if (a.stage != ArmedAttack::Stage::Holding || !a.releaseAt || *a.releaseAt > m_now) continue;
        for (HeldPacket& h : a.held) {
            attackEvent(a, "released",
                        "the attacker releases " + h.datagramId + " after " + std::to_string(a.spec.hold.count()) +
                            " ms");
            enqueue(std::move(h));
        }
        a.held.clear();
        a.releaseAt.reset();
        a.stage = ArmedAttack::Stage::Done;
        a.status = "done";
    }
}

bool LabEngine::historyIsLive() const {
    const SiteState& a = siteState(Site::A);
    return !m_dataHistory.empty() && !a.children.empty() && a.children.back().outboundName == m_lastDataSa;
}

std::uint64_t LabEngine::rightEdgeOf(Site site, std::uint32_t spi, WanPacket::Kind kind) const {
    (void)kind;
    const SiteState& s = siteState(site);
    for (const InstalledChild& c : s.children)
        if (c.inboundSpi == spi)
            if (const ipsec::SecurityAssociation* sa = s.sad.find(c.inboundKey); sa && sa->replayWindow())
                return sa->replayWindow()->rightEdge();
    return 0;
}

std::size_t LabEngine::icvLengthOf(Site sender, std::uint32_t spi) const {
    const SiteState& s = siteState(sender);
    for (const InstalledChild& c : s.children)
        if (c.outboundSpi == spi)
            if (const ipsec::SecurityAssociation* sa = s.sad.find(c.outboundKey)) return ipsec::icvLength(sa->suite());
    return 12;
}

} // namespace ipseclab::lab::detail
