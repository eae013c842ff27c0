// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/EchoTracker.h"

namespace ipseclab::lab::detail {

void EchoTracker::sent(std::uint16_t number, Timestamp at, bool carrier) {
    m_latest[number] = m_echoes.size();
    m_inFlight.insert(m_inFlight.end(), m_echoes.size());
    m_echoes.push_back(Echo{number, at, false, false, carrier});
}

const Echo* EchoTracker::answer(std::uint16_t number) {
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        Echo& e = m_echoes[*it];
        if (e.number != number) {
            ++it;
            continue;
        }
        e.answered = true;
        ++m_replies;
        it = m_inFlight.erase(it);
    }
    const auto latest = m_latest.find(number);
    return latest == m_latest.end() ? nullptr : &m_echoes[latest->second];
}

std::vector<Echo> EchoTracker::expire(Timestamp now) {
    // Sent in time order, so the echoes that timed out are the oldest ones in flight.
    std::vector<Echo> expired;
    while (!m_inFlight.empty() && m_echoes[*m_inFlight.begin()].sentAt + m_timeout <= now) {
        Echo& e = m_echoes[*m_inFlight.begin()];
        e.lost = true;
        ++m_lost;
        expired.push_back(e);
        m_inFlight.erase(m_inFlight.begin());
    }
    return expired;
}

std::optional<Timestamp> EchoTracker::nextTimeout() const {
    if (m_inFlight.empty()) return std::nullopt;
    return m_echoes[*m_inFlight.begin()].sentAt + m_timeout;
}

} // namespace ipseclab::lab::detail
