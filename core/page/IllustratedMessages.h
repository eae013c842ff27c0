// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The datagrams of a run as the Illustrated page shows them: one per packet on the WAN, in the
// order the wire carried them, each with its layers of bytes and their annotated fields — the
// packet as captured, and what its receiver decrypted (an IKE message's payloads, an ESP packet's
// inner packet). Everything comes from the timeline's records and their annotations; nothing is
// parsed here.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "lab/Timeline.h"
#include "wire/Annotation.h"

namespace ipseclab::page {

struct PageLayer {
    std::string title; // "On the wire", "Decrypted by gateway B"
    Bytes bytes;
    wire::Annotations fields;
};

// How the diagram draws a datagram: what became of it.
enum class PageFate { Accepted, Refused, Lost };

// A flood's packets after its first, summed up under the first (PageMessage::group): a flood is
// thousands of copies or forgeries alike but for a number, and one by one they made a page of tens
// of megabytes that said the same thing each time.
struct PageGroup {
    std::string attack;     // "attack 2, flood:replay=1000"
    std::size_t more = 0;   // packets summed up, after the one shown
    lab::Timestamp last{0}; // the last one's time
    // What became of them, in the order first seen: "dropped (duplicate)" → 998.
    std::vector<std::pair<std::string, std::size_t>> fates;
};

struct PageMessage {
    std::size_t event = 0; // the WAN packet's timeline index
    std::string label;     // the event's summary: "MM1 · SA proposals", "ESP seq 3"
    lab::Origin from = lab::Origin::SiteA;
    lab::Timestamp time{0};
    lab::Phase phase = lab::Phase::InterestingTraffic;
    std::string comment;  // the capture's comment, the receiver's verdict at its end
    std::string receiver; // that verdict alone: "accepted", "dropped (duplicate: ...)"
    std::string datagramId;
    std::size_t frame = 0;
    bool attack = false;
    PageFate fate = PageFate::Accepted;
    std::size_t isakmpOffset = 0; // where the ISAKMP message starts in the wire layer
    std::vector<PageLayer> layers;
    PageGroup group; // a flood's first packet: the rest of the flood (group.more of them)
};

// What became of a refused or lost packet in a few words: "dropped (duplicate)", "lost"; empty when accepted.
std::string shortVerdict(const PageMessage& m);

// A page with every datagram of a long run would take gigabytes (about 10 KB of HTML each): it
// shows the first kMaxPageMessages and says how many more the capture has. A flood's packets after
// its first are summed up in a group instead, and count for none.
inline constexpr std::size_t kMaxPageMessages = 2000;

// The first `limit` datagrams of the WAN (floods grouped), and how many the run had in all.
struct PageMessages {
    std::vector<PageMessage> shown;
    std::size_t total = 0;
    std::size_t grouped = 0; // flood packets summed up in their first's group
};
PageMessages pageMessages(const lab::Timeline& timeline, std::size_t limit = kMaxPageMessages);

// The first message that carried each IKE datagram id ("MM3"), for derivations' input links.
std::map<std::string, std::size_t> messageOfDatagram(const std::vector<PageMessage>& messages);

} // namespace ipseclab::page
