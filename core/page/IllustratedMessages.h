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
};

// A page with every datagram of a long run or a flood would take gigabytes (about 10 KB of HTML
// each): it shows the first kMaxPageMessages and says how many more the capture has.
inline constexpr std::size_t kMaxPageMessages = 2000;

// The first `limit` datagrams of the WAN, and how many the run had in all.
struct PageMessages {
    std::vector<PageMessage> shown;
    std::size_t total = 0;
};
PageMessages pageMessages(const lab::Timeline& timeline, std::size_t limit = kMaxPageMessages);

// The first message that carried each IKE datagram id ("MM3"), for derivations' input links.
std::map<std::string, std::size_t> messageOfDatagram(const std::vector<PageMessage>& messages);

} // namespace ipseclab::page
