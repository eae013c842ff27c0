// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/Timeline.h"

#include <algorithm>
#include <cstdint>

namespace ipseclab::lab {

std::string_view phaseName(Phase phase) {
    switch (phase) {
    case Phase::InterestingTraffic: return "interesting traffic";
    case Phase::IkePhase1: return "IKE phase 1";
    case Phase::IkePhase2: return "IKE phase 2";
    case Phase::DataTransfer: return "data transfer";
    case Phase::Termination: return "termination";
    }
    return "?";
}

std::string_view originName(Origin origin) {
    switch (origin) {
    case Origin::SiteA: return "A";
    case Origin::SiteB: return "B";
    case Origin::Wire: return "wire";
    }
    return "?";
}

std::string_view labEventKindName(LabEventKind kind) {
    switch (kind) {
    case LabEventKind::Ike: return "IKE";
    case LabEventKind::DataPlane: return "data plane";
    case LabEventKind::Wire: return "wire";
    case LabEventKind::Lan: return "LAN";
    case LabEventKind::Attack: return "attack";
    case LabEventKind::Clock: return "clock";
    case LabEventKind::Action: return "action";
    case LabEventKind::Outcome: return "outcome";
    }
    return "?";
}

std::string_view interfaceName(Interface interface) {
    switch (interface) {
    case Interface::LanA: return "LAN A";
    case Interface::Wan: return "WAN";
    case Interface::LanB: return "LAN B";
    }
    return "?";
}

DataPlaneRecord DataPlaneRecord::of(const ipsec::Event& e) {
    DataPlaneRecord record;
    record.event = e;
    record.event.packet = {};
    record.event.payload = {};
    record.event.cleartext = {};
    record.packet.assign(e.packet.begin(), e.packet.end());
    record.m_payloadLength = e.payload.size();
    // Where the cleartext starts in the payload's buffer, when both views share one (the SA's
    // way); otherwise the cleartext is stored after the payload.
    const auto start = reinterpret_cast<std::uintptr_t>(e.payload.data());
    const auto clear = reinterpret_cast<std::uintptr_t>(e.cleartext.data());
    const bool shared = !e.payload.empty() && !e.cleartext.empty() && clear >= start &&
                        clear <= start + e.payload.size();
    if (shared) {
        record.m_cleartextOffset = clear - start;
        const std::size_t end = std::max(e.payload.size(), record.m_cleartextOffset + e.cleartext.size());
        record.m_opened.assign(e.payload.data(), e.payload.data() + end);
    } else {
        record.m_cleartextOffset = e.payload.size();
        record.m_opened.assign(e.payload.begin(), e.payload.end());
        record.m_opened.insert(record.m_opened.end(), e.cleartext.begin(), e.cleartext.end());
    }
    return record;
}

bool routinePacket(const LabEvent& e) {
    if (e.phase != Phase::DataTransfer || e.attack) return false;
    if (const auto* record = e.as<PacketRecord>())
        return record->fate == PacketFate::Delivered && (e.kind == LabEventKind::Lan || !record->saName.empty());
    if (const auto* action = e.as<ActionRecord>()) return action->ownPacket;
    if (const auto* record = e.as<DataPlaneRecord>()) {
        const ipsec::Event& event = record->event;
        return event.kind == ipsec::EventKind::Sent ||
               (event.kind == ipsec::EventKind::Verdict && event.verdict == ipsec::Verdict::Accepted);
    }
    return false;
}

std::size_t Timeline::add(LabEvent event) {
    event.index = size();
    if (m_byId.count(event.id)) {
        int& n = m_repeats[event.id];
        std::string unique;
        do {
            unique = event.id + "#" + std::to_string(++n + 1);
        } while (m_byId.count(unique));
        event.id = std::move(unique);
    }
    m_events.push_back(std::move(event));
    const LabEvent& added = m_events.back();
    m_byId.emplace(added.id, added.index);
    SiteId key;
    if (auto* index = siteIndex(added, key)) index->emplace(std::move(key), added.index);
    return added.index;
}

void Timeline::completeComment(std::size_t index, std::string_view tail) {
    if (auto* record = std::get_if<PacketRecord>(&m_events.at(index - m_first).detail)) record->comment += tail;
}

std::map<Timeline::SiteId, std::size_t>* Timeline::siteIndex(const LabEvent& event, SiteId& key) {
    const ike::Event* ev = event.ike();
    if (!ev) return nullptr;
    const auto* info = ev->as<ike::DatagramInfo>();
    if (info && ev->kind == ike::EventKind::DatagramSent) {
        key = SiteId{event.origin, info->datagramId};
        return &m_sentDatagrams;
    }
    if (info && ev->kind == ike::EventKind::DatagramReceived) {
        key = SiteId{event.origin, info->datagramId};
        return &m_receivedDatagrams;
    }
    // Derivations, and the DH shared secret ("g^xy"), which derivations name as an input.
    if (ev->kind == ike::EventKind::Derived || ev->kind == ike::EventKind::DhComputed) {
        key = SiteId{event.origin, ev->id};
        return &m_derived;
    }
    return nullptr;
}

void Timeline::forgetBefore(std::size_t index) {
    if (m_events.empty() || m_events.front().index >= index) return;
    while (!m_events.empty() && m_events.front().index < index) {
        const LabEvent& e = m_events.front();
        m_byId.erase(e.id);
        SiteId key;
        if (auto* site = siteIndex(e, key))
            if (const auto it = site->find(key); it != site->end() && it->second == e.index) site->erase(it);
        m_events.pop_front();
        ++m_first;
    }
    // The next "#n" is found among the ids kept (add() checks each against them).
    m_repeats.clear();
}

const LabEvent* Timeline::find(const std::string& id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &at(it->second);
}

const LabEvent* Timeline::datagram(Origin site, const std::string& datagramId) const {
    auto it = m_sentDatagrams.find(SiteId{site, datagramId});
    if (it != m_sentDatagrams.end()) return &at(it->second);
    it = m_receivedDatagrams.find(SiteId{site, datagramId});
    return it == m_receivedDatagrams.end() ? nullptr : &at(it->second);
}

const LabEvent* Timeline::derived(Origin site, const std::string& derivedId) const {
    const auto it = m_derived.find(SiteId{site, derivedId});
    return it == m_derived.end() ? nullptr : &at(it->second);
}

} // namespace ipseclab::lab
