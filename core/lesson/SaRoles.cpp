// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/SaRoles.h"

#include <cctype>

#include "ike/Event.h"

namespace ipseclab::lesson {

namespace {

// The `pair`-th ChildSaInfo a site recorded (1 = the first), among the events [0, end).
const ike::ChildSaInfo* pairOf(const lab::Timeline& timeline, lab::Origin site, std::size_t pair, std::size_t end) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < end; ++i) {
        const lab::LabEvent& e = timeline.at(i);
        const ike::ChildSaInfo* info = e.origin == site && e.ike() ? e.ike()->as<ike::ChildSaInfo>() : nullptr;
        if (info && ++seen == pair) return info;
    }
    return nullptr;
}

// Site A sends on A2B and receives on B2A; Site B the other way round.
const ike::ChildSaDirection& directionOf(const ike::ChildSaInfo& info, lab::Origin site, bool aToB) {
    return (site == lab::Origin::SiteA) == aToB ? info.outbound : info.inbound;
}

std::string pairName(const std::string& sa, const SaRole& role) {
    return role.pair == 1 ? "the first pair of SAs (" + sa + ")"
                          : "pair #" + std::to_string(role.pair) + " (" + sa + ")";
}

} // namespace

std::optional<SaRole> parseSaRole(std::string_view sa) {
    if (sa.size() < 3 || (sa.substr(0, 3) != "A2B" && sa.substr(0, 3) != "B2A")) return std::nullopt;
    SaRole role;
    role.aToB = sa[0] == 'A';
    if (sa.size() == 3) return role;
    if (sa.size() < 5 || sa.size() > 8 || sa[3] != '#') return std::nullopt;
    std::size_t pair = 0;
    for (char c : sa.substr(4)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        pair = pair * 10 + static_cast<std::size_t>(c - '0');
    }
    if (pair == 0) return std::nullopt;
    role.pair = pair;
    return role;
}

std::optional<KeymatId> parseKeymatId(std::string_view id) {
    if (id.size() < 3 || (id[0] != 'A' && id[0] != 'B') || id[1] != '.') return std::nullopt;
    const std::string_view rest = id.substr(2);
    const std::size_t at = rest.find("KEYMAT.");
    // The engine's own ids may start with a Quick Mode's or an IKE SA's ordinal: "QM#2.KEYMAT.…".
    if (at == std::string_view::npos || (at != 0 && rest[at - 1] != '.')) return std::nullopt;
    const std::string_view tail = rest.substr(at + 7);
    const std::size_t dot = tail.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    return KeymatId{id[0], std::string(tail.substr(0, dot)), std::string(tail.substr(dot + 1))};
}

Result<std::uint32_t> spiOf(const lab::Timeline& timeline, const std::string& sa, std::optional<std::size_t> shown) {
    const auto role = parseSaRole(sa);
    if (!role) return fail("\"" + sa + "\" is not an SA role (A2B, B2A, A2B#2, ...)");
    const std::size_t end = shown ? std::min(*shown, timeline.size()) : timeline.size();
    // Whichever site installed the pair first (both record the same two SPIs).
    const ike::ChildSaInfo* a = pairOf(timeline, lab::Origin::SiteA, role->pair, end);
    const ike::ChildSaInfo* b = pairOf(timeline, lab::Origin::SiteB, role->pair, end);
    if (!a && !b) return fail("no site has " + pairName(sa, *role) + " yet" + (shown ? " at this step" : ""));
    return a ? directionOf(*a, lab::Origin::SiteA, role->aToB).spi
             : directionOf(*b, lab::Origin::SiteB, role->aToB).spi;
}

Result<std::string> resolveRoleId(const lab::Timeline& timeline, const std::string& id) {
    const auto keymat = parseKeymatId(id);
    if (!keymat) return id;
    const auto role = parseSaRole(keymat->sa);
    if (!role) return id; // named by value, or no SA: the lookup fails with the id as written
    const lab::Origin site = keymat->site == 'A' ? lab::Origin::SiteA : lab::Origin::SiteB;
    const ike::ChildSaInfo* info = pairOf(timeline, site, role->pair, timeline.size());
    if (!info)
        return fail("Site " + std::string(1, keymat->site) + " has no " + pairName(keymat->sa, *role) +
                    " on the timeline");
    const ike::ChildSaDirection& d = directionOf(*info, site, role->aToB);
    const auto engine = parseKeymatId(std::string(1, keymat->site) + "." + d.keymatId);
    if (engine && engine->protocol != keymat->protocol)
        return fail(id + ": the SA " + keymat->sa + " is " + engine->protocol + ", not " + keymat->protocol);
    return std::string(1, keymat->site) + "." + d.keymatId;
}

} // namespace ipseclab::lesson
