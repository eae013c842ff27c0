// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's ordered list of events, with the lookups a view needs to follow references without
// re-parsing: an id, a site's datagram (for Source::datagram), a site's derived value (for
// Source::derived). A lab that keeps no history (Retention, Lab.h) forgets the events of its past
// steps: the indexes go on counting, the events and the lookups cover only what is kept.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ChunkedQueue.h"
#include "lab/LabEvent.h"

namespace ipseclab::lab {

class Timeline {
public:
    static constexpr std::size_t kEventsPerChunk = 64;
    Timeline() = default;
    // The id index points into the events (which a deque never moves): a copy would point into the original.
    Timeline(const Timeline&) = delete;
    Timeline& operator=(const Timeline&) = delete;

    // Appends; sets the event's index and makes its id unique among the events kept ("#2" ...).
    // Returns the index.
    std::size_t add(LabEvent event);
    // Appends `tail` to the comment of the packet event at `index` (the receiver's verdict on a WAN
    // packet, known only once the events it caused follow it: the capture's comment ends alike).
    void completeComment(std::size_t index, std::string_view tail);
    // `bytes` as the timeline keeps them: a slice of a packet kept lately when they are part of it
    // (the ESP packet of a WAN frame, the LAN packet inside a decrypted one), else a new buffer. A
    // new buffer that starts or ends with one kept lately (the WAN frame around the ESP packet its
    // Sent event keeps, the decrypted packet after its LAN frame) takes its place in the records
    // of the last events. Each byte once (issue 18).
    SharedBytes keep(ByteView bytes);
    SharedBytes keep(const Bytes& bytes) { return keep(ByteView(bytes)); }
    // Bytes already shared (a packet on the wire): kept as they are, and looked for by keep().
    SharedBytes keep(SharedBytes bytes);
    // Drops the events before `index` (a lab that keeps no history keeps only its last step's);
    // the next event's index is still size().
    void forgetBefore(std::size_t index);

    // The number of events ever added; the events kept are those from first() on.
    std::size_t size() const { return m_first + m_events.size(); }
    std::size_t first() const { return m_first; }
    bool empty() const { return size() == 0; }
    const LabEvent& at(std::size_t index) const { return m_events.at(index - m_first); }
    const LabEvent& back() const { return m_events.back(); }
    const ChunkedQueue<LabEvent, kEventsPerChunk>& events() const { return m_events; }
    auto begin() const { return m_events.begin(); }
    auto end() const { return m_events.end(); }

    const LabEvent* find(const std::string& id) const;
    // The engine event that sent or received datagram `datagramId` at `site` (sent preferred).
    const LabEvent* datagram(Origin site, const std::string& datagramId) const;
    // The engine's Derived event `derivedId` ("SKEYID_a", "IKE#2.Ka") at `site`, or its DhComputed
    // event when the id names the DH shared secret ("g^xy", "g(qm)^xy").
    const LabEvent* derived(Origin site, const std::string& derivedId) const;

private:
    // The slot of the event kept with `id` (whose hash is `hash`), or of the empty slot where the
    // probe ends.
    static std::uint32_t idHash(std::string_view id);
    std::size_t idSlot(std::string_view id, std::uint32_t hash) const;
    const LabEvent* byId(std::string_view id) const;
    void indexId(const LabEvent& event);
    void forgetId(const LabEvent& event);

    using SiteId = std::pair<Origin, std::string>;
    // The site index an engine event belongs in (sent or received datagrams, derived values) and
    // its key there; no index for other events.
    std::map<SiteId, std::size_t>* siteIndex(const LabEvent& event, SiteId& key);

    // Appending never moves the events already there (a vector's growth copies them all and, while
    // it does, holds two copies: issue 18, the peak memory of a long run); chunks of events, not a
    // deque's allocation per event.
    ChunkedQueue<LabEvent, kEventsPerChunk> m_events;
    std::size_t m_first = 0; // the index of m_events.front()
    // The events kept by id: open addressing, each slot an event's index + 1 (0: empty, kErased:
    // a forgotten event's) and its id's hash. A node-based map of the ids cost about 60 bytes an
    // event (issue 18); 32-bit indexes suffice (a run has fewer than 4 billion events). The hash
    // is kept so that a probe reads an event (a cache miss in a long run's timeline: a third of a
    // 1M-echo run's time went there) only when the hashes match, and a growing table places the
    // slots again without reading any event.
    struct Slot {
        std::uint32_t event = 0;
        std::uint32_t hash = 0;
    };
    static constexpr std::uint32_t kErased = ~std::uint32_t{0};
    std::vector<Slot> m_idSlots;
    std::size_t m_idsKept = 0, m_idSlotsUsed = 0; // the events in the slots; those and the erased
    std::map<std::string, int> m_repeats;
    // The buffers kept lately, for keep() to find bytes in (a ring).
    std::array<SharedBytes, 8> m_recent;
    std::size_t m_nextRecent = 0;
    void remember(const SharedBytes& bytes);
    // The records of the last events that hold `old`'s bytes hold them in `replacement` from `offset` on.
    void moveInto(const SharedBytes& old, const SharedBytes& replacement, std::size_t offset);
    // The engine events the lookups below answer with, by site and id, each the first of its kind
    // (indexed as they come: a scan of the whole timeline per lookup made a long run quadratic).
    std::map<SiteId, std::size_t> m_sentDatagrams, m_receivedDatagrams, m_derived;
};

} // namespace ipseclab::lab
