// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's echo requests and what became of them: answered, lost (no reply within the timeout),
// or still in flight. Every step asks for the next timeout and whether the traffic is over, so
// those questions cost the echoes in flight, not all the echoes ever sent (issue 18: a run stays
// linear in time). Echoes are numbered 16-bit, as ICMP numbers them, so numbers repeat in a long run;
// of the echoes no longer in flight only the latest of each number is kept (a reply's question),
// so the tracker's memory stays bounded however long the run.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "base/Timestamp.h"

namespace ipseclab::lab::detail {

struct Echo {
    std::uint16_t number = 0;
    Timestamp sentAt{0};
    bool answered = false;
    bool lost = false;
    bool carrier = false;
};

class EchoTracker {
public:
    explicit EchoTracker(Timestamp timeout) : m_timeout(timeout) {}

    // Sending times never go back (the virtual clock only moves forward).
    void sent(std::uint16_t number, Timestamp at, bool carrier);
    // A reply numbered `number`: every echo of that number still in flight is answered. Returns the
    // latest echo ever sent with that number (answered, lost or otherwise), or none.
    const Echo* answer(std::uint16_t number);
    // The echoes in flight whose timeout has passed at `now`, marked lost, oldest first.
    std::vector<Echo> expire(Timestamp now);

    // When the oldest echo in flight times out.
    std::optional<Timestamp> nextTimeout() const;
    bool settled() const { return m_inFlight.empty(); }

    std::uint32_t requests() const { return m_requests; }
    std::uint32_t replies() const { return m_replies; }
    std::uint32_t lost() const { return m_lost; }

private:
    // The echo in flight `e` is answered or lost: so is the latest of its number, if it is that one.
    void settle(const Echo& e);

    Timestamp m_timeout;
    std::deque<Echo> m_inFlight;               // oldest first
    std::vector<std::optional<Echo>> m_latest; // by number: the latest echo sent with it
    std::uint32_t m_requests = 0;
    std::uint32_t m_replies = 0;
    std::uint32_t m_lost = 0;
};

} // namespace ipseclab::lab::detail
