// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// An SA's lifetimes (RFC 4301 §4.4.2.1): a soft limit asks for a rekey and traffic goes on, a hard
// limit ends the SA. Each limit counts time since the SA was created, payload bytes or packets.
// SaLifetime says which limits are reached and why; the SA turns each into its event and state.

#include <cstdint>
#include <optional>
#include <string>

#include "ipsec/Event.h"
#include "ipsec/SaKey.h"

namespace ipseclab::ipsec {

struct LifetimeLimits {
    std::optional<Timestamp> time;        // since the SA was created
    std::optional<std::uint64_t> bytes;   // payload bytes protected or accepted
    std::optional<std::uint64_t> packets; // packets protected or accepted
};

struct Lifetime {
    LifetimeLimits soft; // "rekey needed": one SoftLimit event, traffic goes on
    LifetimeLimits hard; // one HardLimit event, then the SA refuses all traffic
};

class SaLifetime {
public:
    SaLifetime(const Lifetime& limits, Timestamp created);

    const Lifetime& limits() const { return m_limits; }
    // The cheap "is any limit set" tests the per-packet paths make before a check.
    bool timeLimited() const { return m_timeLimited; }
    bool trafficLimited() const { return m_trafficLimited; }

    // A limit reached: which, and the sentence its event carries.
    struct Reached {
        LimitKind limit = LimitKind::None;
        std::string reason;
    };
    // The soft and the hard limit the SA's age reaches at `now`, if any. Once per SA at most, so
    // cold: the sentences stay off the per-packet paths.
    [[gnu::cold]] std::optional<Reached> softTime(Timestamp now) const;
    [[gnu::cold]] std::optional<Reached> hardTime(Timestamp now) const;
    // The same for the traffic so far (sent + received), packets before bytes.
    std::optional<Reached> softTraffic(std::uint64_t packets, std::uint64_t bytes) const;
    std::optional<Reached> hardTraffic(std::uint64_t packets, std::uint64_t bytes) const;
    // When the next time limit falls due: the soft one unless it was reached, or the hard one.
    std::optional<Timestamp> nextTimeout(bool softReached) const;

private:
    Lifetime m_limits;
    Timestamp m_created;
    bool m_timeLimited = false;    // a soft or hard time limit is set
    bool m_trafficLimited = false; // a soft or hard packet or byte limit is set
};

} // namespace ipseclab::ipsec
