// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's ordered list of events, with the lookups a view needs to follow references without
// re-parsing: an id, a site's datagram (for Source::datagram), a site's derived value (for
// Source::derived).

#include <cstddef>
#include <deque>
#include <map>
#include <string>

#include "lab/LabEvent.h"

namespace ipseclab::lab {

class Timeline {
public:
    // Appends; sets the event's index and makes its id unique ("#2" ...). Returns the index.
    std::size_t add(LabEvent event);

    std::size_t size() const { return m_events.size(); }
    bool empty() const { return m_events.empty(); }
    const LabEvent& at(std::size_t index) const { return m_events.at(index); }
    const LabEvent& back() const { return m_events.back(); }
    const std::deque<LabEvent>& events() const { return m_events; }
    auto begin() const { return m_events.begin(); }
    auto end() const { return m_events.end(); }

    const LabEvent* find(const std::string& id) const;
    // The engine event that sent or received datagram `datagramId` at `site` (sent preferred).
    const LabEvent* datagram(Origin site, const std::string& datagramId) const;
    // The engine's Derived event `derivedId` ("SKEYID_a", "IKE#2.Ka") at `site`, or its DhComputed
    // event when the id names the DH shared secret ("g^xy", "g(qm)^xy").
    const LabEvent* derived(Origin site, const std::string& derivedId) const;

private:
    // A deque: appending never moves the events already there (a vector's growth copies them all
    // and, while it does, holds two copies: issue 18, the peak memory of a long run).
    std::deque<LabEvent> m_events;
    std::map<std::string, std::size_t> m_byId;
    std::map<std::string, int> m_repeats;
};

} // namespace ipseclab::lab
