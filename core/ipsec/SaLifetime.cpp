// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/SaLifetime.h"

namespace ipseclab::ipsec {

SaLifetime::SaLifetime(const Lifetime& limits, Timestamp created)
    : m_limits(limits), m_created(created), m_timeLimited(limits.soft.time || limits.hard.time),
      m_trafficLimited(limits.soft.packets || limits.soft.bytes || limits.hard.packets || limits.hard.bytes) {}

namespace {

std::string seconds(Timestamp age) { return std::to_string(age.count() / 1000000); }

} // namespace

std::optional<SaLifetime::Reached> SaLifetime::softTime(Timestamp now) const {
    const Timestamp age = now - m_created;
    if (!m_limits.soft.time || age < *m_limits.soft.time) return std::nullopt;
    return Reached{LimitKind::Time, "the SA is " + seconds(age) + " s old, its soft lifetime: rekey needed"};
}

std::optional<SaLifetime::Reached> SaLifetime::hardTime(Timestamp now) const {
    const Timestamp age = now - m_created;
    if (!m_limits.hard.time || age < *m_limits.hard.time) return std::nullopt;
    return Reached{LimitKind::Time,
                   "the SA is " + seconds(age) + " s old, its hard lifetime: it carries no more traffic"};
}

std::optional<SaLifetime::Reached> SaLifetime::softTraffic(std::uint64_t packets, std::uint64_t bytes) const {
    const LifetimeLimits& soft = m_limits.soft;
    if (soft.packets && packets >= *soft.packets)
        return Reached{LimitKind::Packets, std::to_string(packets) + " packets reached the soft limit: rekey needed"};
    if (soft.bytes && bytes >= *soft.bytes)
        return Reached{LimitKind::Bytes, std::to_string(bytes) + " bytes reached the soft limit: rekey needed"};
    return std::nullopt;
}

std::optional<SaLifetime::Reached> SaLifetime::hardTraffic(std::uint64_t packets, std::uint64_t bytes) const {
    const LifetimeLimits& hard = m_limits.hard;
    if (hard.packets && packets >= *hard.packets)
        return Reached{LimitKind::Packets,
                       std::to_string(packets) + " packets reached the hard limit: the SA carries no more traffic"};
    if (hard.bytes && bytes >= *hard.bytes)
        return Reached{LimitKind::Bytes,
                       std::to_string(bytes) + " bytes reached the hard limit: the SA carries no more traffic"};
    return std::nullopt;
}

std::optional<Timestamp> SaLifetime::nextTimeout(bool softReached) const {
    std::optional<Timestamp> next;
    if (!softReached && m_limits.soft.time) next = m_created + *m_limits.soft.time;
    if (m_limits.hard.time) {
        const Timestamp hard = m_created + *m_limits.hard.time;
        if (!next || hard < *next) next = hard;
    }
    return next;
}

} // namespace ipseclab::ipsec
