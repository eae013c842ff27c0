// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

std::string LessonError::toString() const {
    std::string out = file;
    if (line) out += ":" + std::to_string(*line);
    out += ": ";
    if (!key.empty()) out += "key " + key + ": ";
    return out + problem;
}

std::string FieldRef::describe() const {
    if (key.empty()) return legacyPath;
    return index == 1 ? key : key + " #" + std::to_string(index);
}

std::string ScenarioRef::describe() const {
    if (!inlined) return name;
    return inlined->name + " (inline)";
}

std::string StepAction::describe() const {
    switch (kind) {
    case Kind::Attack: return "attack " + attack.toString();
    case Kind::Traffic: return "traffic: " + std::to_string(traffic.count) + " echo requests";
    case Kind::SiteAction: return std::string(lab::actionKindName(siteAction)) + " " + lab::siteName(site);
    case Kind::FastForward:
        return "fast-forward " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) +
               " s";
    case Kind::Crack: return "crack with " + std::to_string(words.size()) + " words";
    }
    return "?";
}

namespace {

std::string packet(std::uint64_t seq) { return "A→B packet " + std::to_string(seq); }

// When an attack strikes, as AttackSpec's grammar has it (seq=K, at=K, or after the traffic).
std::string when(const lab::AttackSpec& a) {
    if (a.at) return ", right after packet " + std::to_string(*a.at);
    if (!a.seq) return ", once the traffic is over";
    return "";
}

std::string fieldName(lab::FlipField field) {
    switch (field) {
    case lab::FlipField::Spi: return "SPI";
    case lab::FlipField::Seq: return "sequence number";
    case lab::FlipField::Payload: return "encrypted payload";
    case lab::FlipField::Icv: return "ICV";
    }
    return "?";
}

std::string attackSentence(const lab::AttackSpec& a) {
    using lab::AttackKind;
    const std::string target = a.seq ? packet(*a.seq) : "the next A→B packet";
    switch (a.kind) {
    case AttackKind::Replay:
        return "An attacker on the wire sends a copy of " +
               (a.seq ? packet(*a.seq) : std::string("the last A→B packet")) + " again" + when(a) + ".";
    case AttackKind::Duplicate: return "An attacker delivers " + target + " twice" + when(a) + ".";
    case AttackKind::Reorder:
        return "An attacker holds " + target + " back and releases it after " + std::to_string(a.span) +
               " more packets" + when(a) + ".";
    case AttackKind::Delay:
        return "An attacker holds " + target + " back and releases it after " +
               (a.after ? std::to_string(*a.after) + " more packets"
                        : std::string("more packets than the receiver's window holds")) +
               when(a) + ".";
    case AttackKind::Drop: return "An attacker removes " + target + " from the wire" + when(a) + ".";
    case AttackKind::Flip:
        return "An attacker flips one bit of the " + fieldName(a.field) + " of " + target + when(a) + ".";
    case AttackKind::Truncate:
        return "An attacker cuts " + std::to_string(a.bytes) + " bytes off the end of " + target + when(a) + ".";
    case AttackKind::UnknownSpi:
        return "An attacker sends a copy of the last A→B packet with an SPI no SA has" + when(a) + ".";
    case AttackKind::Forge:
        return "An attacker sends a made-up packet numbered " + std::to_string(a.distance) +
               " beyond the receiver's window" + when(a) + ".";
    case AttackKind::Inject:
        return "An attacker holding the A→B keys seals a packet of its own from " + a.source.toString() +
               ", outside the SA's traffic selectors" + when(a) + ".";
    case AttackKind::ReplayIke: return "An attacker sends a copy of " + a.message + " again.";
    case AttackKind::DropIke: return "An attacker removes the first " + a.message + " from the wire.";
    case AttackKind::DelayIke:
        return "An attacker holds the first " + a.message + " back for " + std::to_string(a.hold.count()) + " ms.";
    case AttackKind::SpoofInfo:
        return "An attacker without keys sends a forged Informational with the cookies and Message ID of " + a.message +
               ", right behind it.";
    case AttackKind::Flood:
        return a.flood == lab::FloodKind::Replay
                   ? "An attacker floods the wire with " + std::to_string(a.count) +
                         " copies of recent A→B packets, back-to-back" + when(a) + "."
                   : "An attacker floods the wire with " + std::to_string(a.count) +
                         " made-up packets numbered just beyond the receiver's window, back-to-back" + when(a) + ".";
    }
    return "An attacker acts on the wire.";
}

} // namespace

std::string StepAction::sentence(bool gatewaysTalk) const {
    const std::string who = std::string("Site ") + lab::siteName(site);
    switch (kind) {
    case Kind::Attack: return attackSentence(attack);
    case Kind::Traffic:
        return std::string(gatewaysTalk ? "Gateway A" : "Host A") + " sends " + std::to_string(traffic.count) +
               " more echo requests.";
    case Kind::SiteAction:
        switch (siteAction) {
        case lab::ActionKind::Silence: return who + "'s gateway goes silent: nothing in or out.";
        case lab::ActionKind::Resume: return who + "'s gateway is back on the wire.";
        case lab::ActionKind::Dpd: return who + " asks its peer whether it is still there (dead peer detection).";
        case lab::ActionKind::Rekey: return who + " starts a new Quick Mode to replace its IPsec SAs.";
        case lab::ActionKind::DeleteChild: return who + " deletes its IPsec SAs and tells its peer (Delete).";
        case lab::ActionKind::DeleteIke:
            return who + " deletes the tunnel: its IPsec SAs, then the IKE SA, telling its peer (Delete).";
        }
        break;
    case Kind::FastForward:
        return "The lab's clock jumps " +
               std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) +
               " s ahead, firing every timer on the way.";
    case Kind::Crack:
        return "An attacker who captured the Aggressive Mode exchange tries " + std::to_string(words.size()) +
               " common passwords offline.";
    }
    return describe();
}

LessonError Lesson::error(const std::string& key, std::string problem) const {
    return LessonError{file, key, lineOfKey(lines, key), std::move(problem)};
}

std::optional<std::size_t> lineOfKey(const std::map<std::string, std::size_t>& lines, const std::string& key) {
    std::string at = key;
    while (true) {
        if (const auto it = lines.find(at); it != lines.end()) return it->second;
        if (at.empty()) return std::nullopt;
        const std::size_t slash = at.rfind('/');
        at = slash == std::string::npos ? std::string() : at.substr(0, slash);
    }
}

std::size_t Lesson::questionCount() const {
    std::size_t n = 0;
    for (const LessonStep& s : steps) n += s.question.has_value();
    return n;
}

bool Lesson::hasLab() const {
    if (scenario) return true;
    for (const LessonStep& s : steps)
        if (s.scenario) return true;
    return false;
}

std::string stepKey(std::size_t step, const std::string& key) {
    std::string out = "/steps/" + std::to_string(step);
    return key.empty() ? out : out + "/" + key;
}

} // namespace ipseclab::lesson
