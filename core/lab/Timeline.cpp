// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/Timeline.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <initializer_list>

namespace ipseclab::lab {

std::string formatSeconds(Timestamp t) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(t.count()) / 1e6);
    return text;
}

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

DataPlaneRecord DataPlaneRecord::of(const ipsec::Event& e, Timeline& timeline) {
    DataPlaneRecord record;
    record.m_spi = e.spi;
    record.m_kind = static_cast<std::uint8_t>(e.kind);
    record.m_protocol = static_cast<std::uint8_t>(e.protocol);
    record.m_verdict = static_cast<std::uint8_t>(e.verdict);
    record.m_limit = static_cast<std::uint8_t>(e.limit);
    record.m_sequenceNumber = e.sequenceNumber;
    if (e.espLayout) {
        record.m_flags |= kLayout;
        record.m_ivLength = static_cast<std::uint16_t>(e.espLayout->ivLength);
        record.m_icvLength = static_cast<std::uint16_t>(e.espLayout->icvLength);
    }
    if (e.extendedSequenceNumbers) record.m_flags |= kEsn;
    record.m_label = e.label;
    if (e.window) record.setWindow(*e.window);
    if (!e.reason.empty()) {
        auto rare = std::make_unique<Rare>(Rare{e.reason, std::nullopt});
        if (!(record.m_flags & kWindow)) rare->window = e.window;
        record.m_rare.held = std::move(rare);
    } else if (e.window && !(record.m_flags & kWindow)) {
        record.m_rare.held = std::make_unique<const Rare>(Rare{std::string(), e.window});
    }
    record.packet = timeline.keep(e.packet);
    record.m_payloadLength = static_cast<std::uint32_t>(e.payload.size());
    // Where the cleartext starts in the payload's buffer, when both views share one (the SA's
    // way); otherwise the cleartext is stored after the payload.
    const auto start = reinterpret_cast<std::uintptr_t>(e.payload.data());
    const auto clear = reinterpret_cast<std::uintptr_t>(e.cleartext.data());
    const bool shared = !e.payload.empty() && !e.cleartext.empty() && clear >= start &&
                        clear <= start + e.payload.size();
    if (shared) {
        record.m_cleartextOffset = static_cast<std::uint32_t>(clear - start);
        const std::size_t end = std::max(e.payload.size(), record.m_cleartextOffset + e.cleartext.size());
        record.m_opened = timeline.keep(ByteView(e.payload.data(), end));
    } else if (e.cleartext.empty()) {
        record.m_cleartextOffset = record.m_payloadLength;
        record.m_opened = timeline.keep(e.payload);
    } else {
        record.m_cleartextOffset = record.m_payloadLength;
        Bytes opened(e.payload.begin(), e.payload.end());
        append(opened, e.cleartext);
        record.m_opened = timeline.keep(opened);
    }
    return record;
}

// Every event is as large as its largest detail: the data-plane record keeps within the packet one's.
static_assert(sizeof(DataPlaneRecord) <= sizeof(PacketRecord));

void DataPlaneRecord::setWindow(const ipsec::WindowDelta& window) {
    // Kept inline when the small fields say it exactly (they do for every verdict the SA makes:
    // the bit set is the packet's, the ring at most 65 words); else with the rare parts.
    m_windowAhead = static_cast<std::uint32_t>(window.rightEdge - window.marked);
    m_windowShift = static_cast<std::uint32_t>(window.shift);
    m_firstClearedWord = static_cast<std::uint8_t>(window.firstClearedWord);
    m_clearedWords = static_cast<std::uint8_t>(window.clearedWords);
    m_flags |= kWindow;
    const std::optional<ipsec::WindowDelta> kept = this->window();
    const bool exact = kept && kept->previousRightEdge == window.previousRightEdge &&
                       kept->rightEdge == window.rightEdge && kept->marked == window.marked &&
                       kept->shift == window.shift && kept->firstClearedWord == window.firstClearedWord &&
                       kept->clearedWords == window.clearedWords;
    if (exact) return;
    m_flags &= static_cast<std::uint8_t>(~kWindow);
    m_windowAhead = m_windowShift = 0;
    m_firstClearedWord = m_clearedWords = 0;
}

const std::string& DataPlaneRecord::reason() const {
    static const std::string none;
    return m_rare.held ? m_rare.held->reason : none;
}

std::optional<ipsec::WindowDelta> DataPlaneRecord::window() const {
    if (!(m_flags & kWindow)) return m_rare.held ? m_rare.held->window : std::nullopt;
    ipsec::WindowDelta window;
    window.marked = m_sequenceNumber;
    window.rightEdge = m_sequenceNumber + m_windowAhead;
    window.shift = m_windowShift;
    window.previousRightEdge = window.rightEdge - m_windowShift;
    window.firstClearedWord = m_firstClearedWord;
    window.clearedWords = m_clearedWords;
    return window;
}

std::optional<wire::EspLayout> DataPlaneRecord::espLayout() const {
    if (!(m_flags & kLayout)) return std::nullopt;
    return wire::EspLayout{m_ivLength, m_icvLength};
}

DataPlaneEvent DataPlaneRecord::event() const {
    return DataPlaneEvent{.kind = kind(),
                          .protocol = protocol(),
                          .verdict = verdict(),
                          .limit = limit(),
                          .extendedSequenceNumbers = extendedSequenceNumbers(),
                          .spi = m_spi,
                          .sequenceNumber = m_sequenceNumber,
                          .label = m_label,
                          .reason = reason(),
                          .window = window(),
                          .espLayout = espLayout()};
}

const PacketRecord::Wan& PacketRecord::wan() const {
    static const Wan none;
    return m_wan ? *m_wan : none;
}

bool routinePacket(const LabEvent& e) {
    if (e.phase != Phase::DataTransfer || e.attack) return false;
    if (const auto* record = e.as<PacketRecord>())
        return record->fate == PacketFate::Delivered && (e.kind == LabEventKind::Lan || !record->saName().empty());
    if (const auto* action = e.as<ActionRecord>()) return action->ownPacket;
    if (const auto* record = e.as<DataPlaneRecord>())
        return record->kind() == ipsec::EventKind::Sent ||
               (record->kind() == ipsec::EventKind::Verdict && record->verdict() == ipsec::Verdict::Accepted);
    return false;
}

namespace {

// Strings built by appending hold up to twice their length: an event keeps only what it says
// (issue 18: memory per frame).
void trim(LabEvent& e) {
    e.id.shrink_to_fit();
    if (auto* record = std::get_if<PacketRecord>(&e.detail)) {
        record->comment.shrink_to_fit();
        record->fateText.shrink_to_fit();
    }
}

} // namespace

std::size_t Timeline::add(LabEvent event) {
    event.index = size();
    if (byId(event.id)) {
        int& n = m_repeats[event.id];
        std::string unique;
        do {
            unique = event.id + "#" + std::to_string(++n + 1);
        } while (byId(unique));
        event.id = std::move(unique);
    }
    trim(event);
    m_events.push_back(std::move(event));
    const LabEvent& added = m_events.back();
    indexId(added);
    SiteId key;
    if (auto* index = siteIndex(added, key)) index->emplace(std::move(key), added.index);
    return added.index;
}

SharedBytes Timeline::keep(ByteView bytes) {
    if (bytes.empty()) return {};
    for (const SharedBytes& kept : m_recent) {
        // Bytes inside a kept packet sit at its front (a LAN packet in a decrypted one) or at its
        // end (an ESP packet in its WAN frame).
        if (kept.size() < bytes.size()) continue;
        for (const std::size_t at : {std::size_t{0}, kept.size() - bytes.size()})
            if (std::equal(bytes.begin(), bytes.end(), kept.begin() + at)) return kept.slice(at, bytes.size());
    }
    SharedBytes added(bytes);
    for (SharedBytes& kept : m_recent) {
        if (kept.empty() || kept.size() >= bytes.size()) continue;
        for (const std::size_t at : {std::size_t{0}, bytes.size() - kept.size()})
            if (std::equal(kept.begin(), kept.end(), bytes.begin() + at)) {
                moveInto(kept, added, at);
                kept = {};
                break;
            }
    }
    remember(added);
    return added;
}

SharedBytes Timeline::keep(SharedBytes bytes) {
    remember(bytes);
    return bytes;
}

void Timeline::remember(const SharedBytes& bytes) {
    for (const SharedBytes& kept : m_recent)
        if (kept.sharesBufferWith(bytes) && kept.size() >= bytes.size()) return;
    m_recent[m_nextRecent] = bytes;
    m_nextRecent = (m_nextRecent + 1) % m_recent.size();
}

void Timeline::moveInto(const SharedBytes& old, const SharedBytes& replacement, std::size_t offset) {
    const auto moved = [&](SharedBytes& held) {
        if (held.sharesBufferWith(old) && held.data() >= old.data() && held.end() <= old.end())
            held = replacement.slice(offset + static_cast<std::size_t>(held.data() - old.data()), held.size());
    };
    for (std::size_t n = 0; n < m_recent.size() && n < m_events.size(); ++n) {
        LabEvent& e = m_events[m_events.size() - 1 - n];
        if (auto* record = std::get_if<DataPlaneRecord>(&e.detail)) {
            moved(record->packet);
            moved(record->m_opened);
        } else if (auto* packet = std::get_if<PacketRecord>(&e.detail)) moved(packet->packet);
    }
}

void Timeline::completeComment(std::size_t index, std::string_view tail) {
    if (auto* record = std::get_if<PacketRecord>(&m_events.at(index - m_first).detail)) {
        record->comment += tail;
        record->comment.shrink_to_fit();
    }
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
        forgetId(e);
        SiteId key;
        if (auto* site = siteIndex(e, key))
            if (const auto it = site->find(key); it != site->end() && it->second == e.index) site->erase(it);
        m_events.pop_front();
        ++m_first;
    }
    // The next "#n" is found among the ids kept (add() checks each against them).
    m_repeats.clear();
}

const LabEvent* Timeline::find(const std::string& id) const { return byId(id); }

std::uint32_t Timeline::idHash(std::string_view id) {
    return static_cast<std::uint32_t>(std::hash<std::string_view>{}(id));
}

std::size_t Timeline::idSlot(std::string_view id, std::uint32_t hash) const {
    const std::size_t mask = m_idSlots.size() - 1; // a power of two
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const Slot held = m_idSlots[slot];
        if (held.event == 0 || (held.event != kErased && held.hash == hash && at(held.event - 1).id == id)) return slot;
    }
}

const LabEvent* Timeline::byId(std::string_view id) const {
    if (m_idSlots.empty()) return nullptr;
    const Slot held = m_idSlots[idSlot(id, idHash(id))];
    return held.event == 0 ? nullptr : &at(held.event - 1);
}

void Timeline::indexId(const LabEvent& event) {
    // At most half the slots used (erased ones included), so that a probe ends soon. A full table
    // doubles (3×, not 4×: 4 × (half + 1) would round up to four times the size); one that held
    // erased slots (a lab keeping no history) is rebuilt at its size. The ids kept are distinct,
    // so each goes to the first empty slot from its hash on.
    if (2 * (m_idSlotsUsed + 1) > m_idSlots.size()) {
        std::vector<Slot> old(std::bit_ceil(std::max<std::size_t>(64, 3 * (m_idsKept + 1))));
        old.swap(m_idSlots);
        const std::size_t mask = m_idSlots.size() - 1;
        m_idSlotsUsed = 0;
        for (const Slot held : old)
            if (held.event != 0 && held.event != kErased) {
                std::size_t slot = held.hash & mask;
                while (m_idSlots[slot].event != 0) slot = (slot + 1) & mask;
                m_idSlots[slot] = held;
                ++m_idSlotsUsed;
            }
    }
    const std::uint32_t hash = idHash(event.id);
    m_idSlots[idSlot(event.id, hash)] = Slot{static_cast<std::uint32_t>(event.index + 1), hash};
    ++m_idSlotsUsed;
    ++m_idsKept;
}

void Timeline::forgetId(const LabEvent& event) {
    if (m_idSlots.empty()) return;
    Slot& held = m_idSlots[idSlot(event.id, idHash(event.id))];
    if (held.event != event.index + 1) return;
    held.event = kErased;
    --m_idsKept;
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
