// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/AttackSpec.h"

#include <array>
#include <charconv>
#include <utility>
#include <vector>

namespace ipseclab::lab {

namespace {

struct KindName {
    AttackKind kind;
    std::string_view name;
};

constexpr std::array<KindName, 15> kKinds{{
    {AttackKind::Replay, "replay"},
    {AttackKind::Duplicate, "duplicate"},
    {AttackKind::Reorder, "reorder"},
    {AttackKind::Delay, "delay"},
    {AttackKind::Drop, "drop"},
    {AttackKind::Flip, "flip"},
    {AttackKind::Truncate, "truncate"},
    {AttackKind::UnknownSpi, "unknown-spi"},
    {AttackKind::Forge, "forge"},
    {AttackKind::ReplayIke, "replay-ike"},
    {AttackKind::DropIke, "drop-ike"},
    {AttackKind::DelayIke, "delay-ike"},
    {AttackKind::SpoofInfo, "spoof-info"},
    {AttackKind::Inject, "inject"},
    {AttackKind::Flood, "flood"},
}};

constexpr std::array<std::pair<FlipField, std::string_view>, 4> kFields{{
    {FlipField::Spi, "spi"},
    {FlipField::Seq, "seq"},
    {FlipField::Payload, "payload"},
    {FlipField::Icv, "icv"},
}};

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = text.find(separator, start);
        parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return parts;
        start = at + 1;
    }
}

Result<std::uint64_t> number(std::string_view key, std::string_view value, std::string_view spec) {
    std::uint64_t n = 0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, n);
    if (value.empty() || ec != std::errc() || ptr != end)
        return fail(std::string(key) + "=" + std::string(value) + " is not a number (in attack \"" + std::string(spec) +
                        "\")",
                    std::string(key));
    return n;
}

// Which parameters each kind takes.
bool takes(AttackKind kind, std::string_view key) {
    // inject seals the sender's next number: during the traffic the sender's own packet with it
    // would then be refused as a duplicate, so it runs after the traffic only.
    if (key == "at")
        return kind != AttackKind::DropIke && kind != AttackKind::DelayIke && kind != AttackKind::SpoofInfo &&
               kind != AttackKind::Inject;
    switch (kind) {
    case AttackKind::Replay:
    case AttackKind::Duplicate:
    case AttackKind::Drop: return key == "seq";
    case AttackKind::Reorder: return key == "span" || key == "seq";
    case AttackKind::Delay: return key == "seq" || key == "after";
    case AttackKind::Flip: return key == "seq" || key == "bit";
    case AttackKind::Truncate: return key == "seq" || key == "bytes";
    case AttackKind::UnknownSpi: return false;
    case AttackKind::Forge: return key == "seq";
    case AttackKind::ReplayIke:
    case AttackKind::DropIke:
    case AttackKind::SpoofInfo: return key == "msg";
    case AttackKind::DelayIke: return key == "msg" || key == "ms";
    case AttackKind::Inject: return key == "src";
    case AttackKind::Flood: return key == "replay" || key == "forge" || key == "spread";
    }
    return false;
}

} // namespace

std::string_view attackKindName(AttackKind kind) {
    for (const auto& k : kKinds)
        if (k.kind == kind) return k.name;
    return "?";
}

std::string_view flipFieldName(FlipField field) {
    for (const auto& [f, name] : kFields)
        if (f == field) return name;
    return "?";
}

bool AttackSpec::intercepts() const {
    switch (kind) {
    case AttackKind::Duplicate:
    case AttackKind::Reorder:
    case AttackKind::Delay:
    case AttackKind::Drop:
    case AttackKind::Flip:
    case AttackKind::Truncate:
    case AttackKind::DropIke:
    case AttackKind::DelayIke:
    case AttackKind::SpoofInfo: return true;
    default: return false;
    }
}

namespace {

// A numeric parameter's value, checked, into `spec`.
Result<void> setNumber(AttackSpec& spec, std::string_view key, std::uint64_t n) {
    if (key == "seq" && spec.kind == AttackKind::Forge) {
        if (n == 0) return fail("forge needs a distance of at least 1 (seq=+1)", "seq");
        spec.distance = n;
    } else if (key == "seq") {
        if (n == 0) return fail("seq=0: ESP sequence numbers start at 1", "seq");
        spec.seq = n;
    } else if (key == "at") {
        spec.at = n;
    } else if (key == "span") {
        if (n == 0 || n > 4096) return fail("span must be 1..4096", "span");
        spec.span = static_cast<std::uint32_t>(n);
    } else if (key == "after") {
        if (n == 0 || n > 100000) return fail("after must be 1..100000", "after");
        spec.after = static_cast<std::uint32_t>(n);
    } else if (key == "bit") {
        if (n > 100000) return fail("bit is too large", "bit");
        spec.bit = static_cast<std::uint32_t>(n);
    } else if (key == "bytes") {
        if (n == 0 || n > 65535) return fail("bytes must be 1..65535", "bytes");
        spec.bytes = static_cast<std::uint32_t>(n);
    } else if (key == "replay" || key == "forge") {
        if (n == 0 || n > kFloodLimit)
            return fail("flood:" + std::string(key) + "=" + std::to_string(n) + ": a flood has 1.." +
                            std::to_string(kFloodLimit) + " packets",
                        std::string(key));
        spec.flood = key == "replay" ? FloodKind::Replay : FloodKind::Forge;
        spec.count = n;
    } else if (key == "spread") {
        if (n == 0 || n > kFloodSpreadLimit)
            return fail("spread=" + std::to_string(n) + ": the spread must be 1.." + std::to_string(kFloodSpreadLimit),
                        "spread");
        spec.spread = n;
    } else if (key == "ms") {
        if (n > 3600000) return fail("ms must be at most 3600000 (one hour)", "ms");
        spec.hold = std::chrono::milliseconds(n);
    }
    return {};
}

// A flood names what it sends; spread= only shapes forgeries.
Result<void> checkFlood(const AttackSpec& spec, bool haveSpread) {
    if (spec.kind != AttackKind::Flood) return {};
    if (spec.count == 0) return fail("flood needs replay=N or forge=N, e.g. flood:replay=10000", "flood");
    if (spec.flood == FloodKind::Replay && haveSpread)
        return fail("spread= goes with forge=: flood:forge=N:spread=D", "spread");
    return {};
}

} // namespace

Result<AttackSpec> AttackSpec::parse(std::string_view text) {
    const auto parts = split(text, ':');
    AttackSpec spec;
    bool known = false;
    for (const auto& k : kKinds)
        if (k.name == parts[0]) {
            spec.kind = k.kind;
            known = true;
        }
    if (!known) {
        std::string names;
        for (const auto& k : kKinds) names += (names.empty() ? "" : ", ") + std::string(k.name);
        return fail("unknown attack \"" + std::string(parts[0]) + "\" (expected one of: " + names + ")",
                    std::string(parts[0]));
    }
    bool haveField = false;
    bool haveMessage = false;
    bool haveSource = false;
    bool haveSpread = false;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string_view part = parts[i];
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            // The only bare word: flip's field.
            bool matched = false;
            for (const auto& [f, name] : kFields)
                if (spec.kind == AttackKind::Flip && name == part) {
                    spec.field = f;
                    matched = haveField = true;
                }
            if (!matched)
                return fail("\"" + std::string(part) + "\" is not a parameter of " +
                                std::string(attackKindName(spec.kind)) +
                                (spec.kind == AttackKind::Flip ? " (expected spi, seq, payload or icv)"
                                                               : " (expected key=value)"),
                            std::string(part));
            continue;
        }
        const std::string_view key = part.substr(0, eq);
        std::string_view value = part.substr(eq + 1);
        if (!takes(spec.kind, key))
            return fail(std::string(attackKindName(spec.kind)) + " takes no parameter \"" + std::string(key) + "\"",
                        std::string(key));
        if (key == "msg") {
            if (value.empty()) return fail("msg= needs an IKE message, e.g. msg=MM3", "msg");
            spec.message = std::string(value);
            haveMessage = true;
            continue;
        }
        if (key == "src") {
            const auto address = wire::Ipv4Address::parse(value);
            if (!address)
                return fail("src=" + std::string(value) + " is not an IPv4 address, e.g. src=192.0.2.66", "src");
            spec.source = *address;
            haveSource = true;
            continue;
        }
        if (key == "seq" && spec.kind == AttackKind::Forge) {
            if (value.empty() || value[0] != '+')
                return fail("forge takes seq=+D: a distance beyond the receiver's right edge, e.g. seq=+100000", "seq");
            value.remove_prefix(1);
        }
        if (spec.kind == AttackKind::Flood && (key == "replay" || key == "forge") && spec.count)
            return fail("a flood sends replays or forgeries, not both: flood:replay=N or flood:forge=N",
                        std::string(key));
        haveSpread = haveSpread || key == "spread";
        auto n = number(key, value, text);
        if (!n) return tl::unexpected(n.error());
        if (auto set = setNumber(spec, key, *n); !set) return tl::unexpected(set.error());
    }
    if (spec.kind == AttackKind::Flip && !haveField)
        return fail("flip needs the field to alter: flip:spi, flip:seq, flip:payload or flip:icv", "flip");
    if (spec.isIke() && !haveMessage)
        return fail(std::string(attackKindName(spec.kind)) + " needs the IKE message: msg=MM3 (or AM1, QM1, ...)",
                    "msg");
    if (auto flood = checkFlood(spec, haveSpread); !flood) return tl::unexpected(flood.error());
    if (spec.kind == AttackKind::Inject && !haveSource)
        return fail("inject needs the inner source address: src=ADDR, e.g. inject:src=192.0.2.66", "src");
    return spec;
}

std::string AttackSpec::toString() const {
    std::string out(attackKindName(kind));
    if (kind == AttackKind::Flip) {
        out += ":" + std::string(flipFieldName(field));
        if (bit) out += ":bit=" + std::to_string(bit);
    }
    if (kind == AttackKind::Forge) out += ":seq=+" + std::to_string(distance);
    else if (seq) out += ":seq=" + std::to_string(*seq);
    if (kind == AttackKind::Reorder) out += ":span=" + std::to_string(span);
    if (kind == AttackKind::Delay && after) out += ":after=" + std::to_string(*after);
    if (kind == AttackKind::Truncate) out += ":bytes=" + std::to_string(bytes);
    if (isIke()) out += ":msg=" + message;
    if (kind == AttackKind::DelayIke) out += ":ms=" + std::to_string(hold.count());
    if (kind == AttackKind::Inject) out += ":src=" + source.toString();
    if (kind == AttackKind::Flood) {
        out += std::string(flood == FloodKind::Replay ? ":replay=" : ":forge=") + std::to_string(count);
        if (flood == FloodKind::Forge && spread != kFloodSpreadDefault) out += ":spread=" + std::to_string(spread);
    }
    if (at) out += ":at=" + std::to_string(*at);
    return out;
}

} // namespace ipseclab::lab
