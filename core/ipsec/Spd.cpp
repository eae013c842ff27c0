// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/Spd.h"

#include <charconv>

namespace ipseclab::ipsec {

std::optional<Subnet> Subnet::parse(std::string_view text) {
    const auto slash = text.find('/');
    const auto address = wire::Ipv4Address::parse(text.substr(0, slash));
    if (!address) return std::nullopt;
    Subnet subnet{*address, 32};
    if (slash != std::string_view::npos) {
        const std::string_view prefix = text.substr(slash + 1);
        unsigned value = 0;
        const auto [end, error] = std::from_chars(prefix.data(), prefix.data() + prefix.size(), value);
        if (error != std::errc{} || end != prefix.data() + prefix.size() || prefix.empty() || value > 32)
            return std::nullopt;
        subnet.prefixLength = static_cast<std::uint8_t>(value);
    }
    const std::uint32_t mask = subnet.prefixLength == 0 ? 0 : ~std::uint32_t{0} << (32 - subnet.prefixLength);
    if ((subnet.network.toU32() & ~mask) != 0) return std::nullopt;
    return subnet;
}

bool Subnet::contains(wire::Ipv4Address address) const {
    const std::uint32_t mask = prefixLength == 0 ? 0 : ~std::uint32_t{0} << (32 - prefixLength);
    return (address.toU32() & mask) == (network.toU32() & mask);
}

std::string Subnet::toString() const { return network.toString() + "/" + std::to_string(prefixLength); }

std::string_view policyActionName(PolicyAction action) {
    switch (action) {
    case PolicyAction::Protect: return "protect";
    case PolicyAction::Bypass: return "bypass";
    case PolicyAction::Discard: return "discard";
    }
    return "?";
}

Spd::Spd(QueueLimits limits) : m_limits(limits) {}

Spd::Entry* Spd::entry(std::string_view name) {
    for (auto& e : m_entries)
        if (e.policy.name == name) return &e;
    return nullptr;
}

const Spd::Entry* Spd::entry(std::string_view name) const {
    for (const auto& e : m_entries)
        if (e.policy.name == name) return &e;
    return nullptr;
}

Result<void> Spd::add(Policy policy) {
    if (policy.name.empty()) return fail("a policy needs a name (it labels its events)", "Policy/Name");
    if (entry(policy.name)) return fail("a policy named \"" + policy.name + "\" exists already", "Policy/Name");
    m_entries.push_back(Entry{std::move(policy), std::nullopt, false, {}});
    return {};
}

const Policy* Spd::find(std::string_view name) const {
    const Entry* e = entry(name);
    return e ? &e->policy : nullptr;
}

const Policy* Spd::match(wire::Ipv4Address source, wire::Ipv4Address destination) const {
    for (const auto& e : m_entries)
        if (e.policy.local.contains(source) && e.policy.remote.contains(destination)) return &e.policy;
    return nullptr;
}

void Spd::notify(EventKind kind, const Policy& policy, std::string reason, ByteView payload, Timestamp now) const {
    if (!m_sink) return;
    Event e;
    e.kind = kind;
    e.protocol = policy.protocol;
    e.label = policy.name;
    e.time = now;
    e.reason = std::move(reason);
    e.payload = payload;
    m_sink(e);
}

OutboundDecision Spd::outbound(ByteView ipv4Packet, Timestamp now) {
    OutboundDecision decision;
    auto ip = wire::decodeIpv4(ipv4Packet);
    if (!ip) return decision; // not IPv4: nothing to match, dropped
    const wire::Ipv4Address source = ip->header.source;
    const wire::Ipv4Address destination = ip->header.destination;

    Entry* matched = nullptr;
    for (auto& e : m_entries)
        if (e.policy.local.contains(source) && e.policy.remote.contains(destination)) {
            matched = &e;
            break;
        }
    if (!matched) return decision; // RFC 4301: no policy, no traffic
    decision.policy = &matched->policy;
    const Policy& policy = matched->policy;

    switch (policy.action) {
    case PolicyAction::Bypass: decision.kind = OutboundDecision::Kind::Bypass; return decision;
    case PolicyAction::Discard:
        decision.kind = OutboundDecision::Kind::Discard;
        notify(EventKind::Discarded, policy,
               "policy " + policy.name + " discards " + source.toString() + " -> " + destination.toString(), ipv4Packet,
               now);
        return decision;
    case PolicyAction::Protect: break;
    }
    if (matched->sa) {
        decision.kind = OutboundDecision::Kind::Protect;
        decision.sa = matched->sa;
        return decision;
    }
    if (matched->queue.size() >= m_limits.packets) {
        decision.kind = OutboundDecision::Kind::Dropped;
        notify(EventKind::QueueDropped, policy,
               "the queue waiting for policy " + policy.name + "'s SA is full (" + std::to_string(m_limits.packets) +
                   " packets): packet dropped",
               ipv4Packet, now);
        return decision;
    }
    const ByteView whole = ipv4Packet.first(ip->header.headerLength() + ip->payload.size());
    matched->queue.push_back(Queued{Bytes(whole.begin(), whole.end()), now});
    decision.kind = OutboundDecision::Kind::Queued;
    if (!matched->acquirePending) {
        matched->acquirePending = true;
        notify(EventKind::Acquire, policy,
               "policy " + policy.name + " must protect " + source.toString() + " -> " + destination.toString() +
                   " but has no SA: ask IKE for one",
               whole, now);
    }
    notify(EventKind::Queued, policy,
           "held until policy " + policy.name + "'s SA exists (" + std::to_string(matched->queue.size()) + " waiting)",
           whole, now);
    return decision;
}

Result<std::vector<Bytes>> Spd::attachSa(std::string_view policyName, const SaKey& sa) {
    Entry* e = entry(policyName);
    if (!e) return fail("no policy named \"" + std::string(policyName) + "\"", "Policy/Name");
    if (e->policy.action != PolicyAction::Protect)
        return fail("policy " + e->policy.name + " does not protect; it takes no SA", "Policy/Action");
    e->sa = sa;
    e->acquirePending = false;
    std::vector<Bytes> released;
    released.reserve(e->queue.size());
    for (auto& q : e->queue) released.push_back(std::move(q.packet));
    e->queue.clear();
    return released;
}

Result<void> Spd::setRemote(std::string_view policyName, Subnet remote) {
    Entry* e = entry(policyName);
    if (!e) return fail("no policy named \"" + std::string(policyName) + "\"", "Policy/Name");
    e->policy.remote = remote;
    return {};
}

void Spd::detachSa(std::string_view policyName) {
    if (Entry* e = entry(policyName)) e->sa.reset();
}

std::optional<SaKey> Spd::saOf(std::string_view policyName) const {
    const Entry* e = entry(policyName);
    return e ? e->sa : std::nullopt;
}

void Spd::poll(Timestamp now) {
    for (auto& e : m_entries) {
        bool dropped = false;
        while (!e.queue.empty() && now - e.queue.front().since >= m_limits.maxAge) {
            notify(EventKind::QueueDropped, e.policy,
                   "waited too long for policy " + e.policy.name + "'s SA: packet dropped", e.queue.front().packet,
                   now);
            e.queue.pop_front();
            dropped = true;
        }
        if (dropped && e.queue.empty()) e.acquirePending = false;
    }
}

std::size_t Spd::queued(std::string_view policyName) const {
    const Entry* e = entry(policyName);
    return e ? e->queue.size() : 0;
}

bool Spd::acquirePending(std::string_view policyName) const {
    const Entry* e = entry(policyName);
    return e && e->acquirePending;
}

} // namespace ipseclab::ipsec
