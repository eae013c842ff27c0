// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/EchoTracker.h"

namespace ipseclab::lab::detail {

void EchoTracker::sent(std::uint16_t number, Timestamp at, bool carrier) {
    // Every number at once (2 MiB): a long run's memory does not creep up to it echo by echo.
    if (m_latest.empty()) m_latest.resize(std::size_t{1} << 16);
    const Echo echo{number, at, false, false, carrier};
    m_latest[number] = echo;
    m_inFlight.push_back(echo);
    ++m_requests;
}

void EchoTracker::settle(const Echo& e) {
    // Sending times only move forward, so the latest echo of a number is the one sent last.
    std::optional<Echo>& latest = m_latest[e.number];
    if (latest && latest->sentAt == e.sentAt) latest = e;
}

const Echo* EchoTracker::answer(std::uint16_t number) {
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        if (it->number != number) {
            ++it;
            continue;
        }
        it->answered = true;
        ++m_replies;
        settle(*it);
        it = m_inFlight.erase(it);
    }
    if (m_latest.empty() || !m_latest[number]) return nullptr;
    return &*m_latest[number];
}

std::vector<Echo> EchoTracker::expire(Timestamp now) {
    // Sent in time order, so the echoes that timed out are the oldest ones in flight.
    std::vector<Echo> expired;
    while (!m_inFlight.empty() && m_inFlight.front().sentAt + m_timeout <= now) {
        Echo& e = m_inFlight.front();
        e.lost = true;
        ++m_lost;
        settle(e);
        expired.push_back(e);
        m_inFlight.pop_front();
    }
    return expired;
}

std::optional<Timestamp> EchoTracker::nextTimeout() const {
    if (m_inFlight.empty()) return std::nullopt;
    return m_inFlight.front().sentAt + m_timeout;
}

} // namespace ipseclab::lab::detail
