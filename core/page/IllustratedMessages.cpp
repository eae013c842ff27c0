// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "page/IllustratedMessages.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "lab/PacketAnnotations.h"

namespace ipseclab::page {

namespace {

constexpr std::string_view kReceiverTail = "; receiver: ";

// The first event that `wanted` accepts among those the step delivering a WAN packet raised: the
// events after it, up to the next WAN packet.
template <typename Wanted>
const lab::LabEvent* inDelivery(const lab::Timeline& timeline, const lab::LabEvent& wire, Wanted wanted) {
    for (std::size_t i = wire.index + 1; i < timeline.size(); ++i) {
        const lab::LabEvent& e = timeline.at(i);
        if (const auto* next = e.as<lab::PacketRecord>(); next && next->interface == lab::Interface::Wan) break;
        if (wanted(e)) return &e;
    }
    return nullptr;
}

// The receiving gateway's verdict on an ESP or AH packet: the data plane's Verdict event on its SA
// and sequence number.
const lab::DataPlaneRecord* verdictOf(const lab::Timeline& timeline, const lab::LabEvent& wire,
                                      const lab::PacketRecord& record) {
    if (record.saName().empty() || !record.sequenceNumber()) return nullptr;
    const lab::LabEvent* found = inDelivery(timeline, wire, [&record](const lab::LabEvent& e) {
        const auto* dp = e.as<lab::DataPlaneRecord>();
        return dp && dp->kind() == ipsec::EventKind::Verdict && dp->label() == record.saName() &&
               dp->sequenceNumber() == *record.sequenceNumber();
    });
    return found ? found->as<lab::DataPlaneRecord>() : nullptr;
}

// The IKE datagram a WAN packet carries as its receiver read it, when the receiver decrypted it: a
// copy it ignored (a replay, a retransmission), dropped or could not decrypt has no clear part to
// show.
const ike::DatagramInfo* decryptedOf(const lab::Timeline& timeline, const lab::LabEvent& wire,
                                     const lab::PacketRecord& record) {
    if (record.datagramId().empty() || record.fate != lab::PacketFate::Delivered) return nullptr;
    const lab::Origin receiver = record.from == lab::Origin::SiteB ? lab::Origin::SiteA : lab::Origin::SiteB;
    const lab::LabEvent* found = inDelivery(timeline, wire, [&](const lab::LabEvent& e) {
        const ike::Event* ike = e.origin == receiver ? e.ike() : nullptr;
        const auto* d = ike && ike->kind == ike::EventKind::DatagramReceived ? ike->as<ike::DatagramInfo>() : nullptr;
        return d && d->datagramId == record.datagramId();
    });
    const auto* d = found ? found->ike()->as<ike::DatagramInfo>() : nullptr;
    return d && d->encrypted && d->decrypted && !d->plaintext.empty() ? d : nullptr;
}

PageFate fateOf(const lab::PacketRecord& record, std::string_view receiver) {
    if (record.fate != lab::PacketFate::Delivered) return PageFate::Lost;
    return receiver.empty() || receiver.starts_with("accepted") || receiver.starts_with("received") ? PageFate::Accepted
                                                                                                    : PageFate::Refused;
}

PageMessage messageOf(const lab::Timeline& timeline, const lab::LabEvent& e, const lab::PacketRecord& record) {
    PageMessage m;
    m.event = e.index;
    m.label = e.summary();
    m.from = record.from;
    m.time = e.time;
    m.phase = e.phase;
    m.comment = record.comment;
    if (const std::size_t at = record.comment.rfind(kReceiverTail); at != std::string::npos)
        m.receiver = record.comment.substr(at + kReceiverTail.size());
    m.datagramId = record.datagramId();
    m.frame = record.frame;
    m.attack = e.attack.has_value();
    m.fate = fateOf(record, m.receiver);

    lab::Dissected wire = lab::dissect(record);
    m.isakmpOffset = wire.dissection.offsetOf(wire::Layer::Kind::Isakmp).value_or(0);
    m.layers.push_back({"On the wire", record.packet.toBytes(), std::move(wire.annotations)});
    const std::string receiver = record.from == lab::Origin::SiteA ? "B" : "A";
    if (const ike::DatagramInfo* d = decryptedOf(timeline, e, record))
        m.layers.push_back(
            {"Decrypted by gateway " + receiver + " (payloads and padding)", d->plaintext, d->plaintextAnnotations()});
    if (const lab::DataPlaneRecord* verdict = verdictOf(timeline, e, record))
        if (const ByteView clear = verdict->cleartext(); !clear.empty())
            m.layers.push_back({"Decrypted by gateway " + receiver, Bytes(clear.begin(), clear.end()),
                                lab::dissectCleartext(*verdict).annotations});
    return m;
}

// The floods among the run's attacks, by number: "attack 2, flood:replay=1000".
std::map<int, std::string> floodsOf(const lab::Timeline& timeline) {
    std::map<int, std::string> out;
    for (const lab::LabEvent& e : timeline)
        if (const auto* a = e.as<lab::AttackRecord>(); a && a->spec.starts_with("flood"))
            out.emplace(a->attack, "attack " + std::to_string(a->attack) + ", " + a->spec);
    return out;
}

// Counts `packet` into its flood's group (the one shown first), in a few words of its fate.
void addToGroup(PageMessage& first, const PageMessage& packet) {
    PageGroup& g = first.group;
    ++g.more;
    g.last = packet.time;
    const std::string verdict = packet.fate == PageFate::Accepted ? "accepted" : shortVerdict(packet);
    const auto it = std::find_if(g.fates.begin(), g.fates.end(), [&](const auto& f) { return f.first == verdict; });
    if (it == g.fates.end()) g.fates.emplace_back(verdict, 1);
    else ++it->second;
}

// The few fields a packet's fate needs, without its layers (a flood's grouped packets).
PageMessage fateOnly(const lab::LabEvent& e, const lab::PacketRecord& record) {
    PageMessage m;
    m.time = e.time;
    if (const std::size_t at = record.comment.rfind(kReceiverTail); at != std::string::npos)
        m.receiver = record.comment.substr(at + kReceiverTail.size());
    m.fate = fateOf(record, m.receiver);
    return m;
}

} // namespace

std::string shortVerdict(const PageMessage& m) {
    if (m.fate == PageFate::Lost) return "lost";
    if (m.fate == PageFate::Accepted) return {};
    std::string text = m.receiver.substr(0, m.receiver.find(':'));
    if (std::count(text.begin(), text.end(), '(') > std::count(text.begin(), text.end(), ')')) text += ")";
    return text;
}

PageMessages pageMessages(const lab::Timeline& timeline, std::size_t limit) {
    PageMessages out;
    const std::map<int, std::string> floods = floodsOf(timeline);
    std::map<int, std::size_t> firstOfFlood; // the message shown for each flood
    for (const lab::LabEvent& e : timeline) {
        const auto* record = e.as<lab::PacketRecord>();
        if (e.kind != lab::LabEventKind::Wire || !record || record->interface != lab::Interface::Wan ||
            record->packet.empty())
            continue;
        ++out.total;
        const bool flood = e.attack && floods.count(*e.attack);
        if (const auto first = flood ? firstOfFlood.find(*e.attack) : firstOfFlood.end(); first != firstOfFlood.end()) {
            addToGroup(out.shown[first->second], fateOnly(e, *record));
            ++out.grouped;
            continue;
        }
        if (out.shown.size() >= limit) continue;
        if (flood) {
            firstOfFlood.emplace(*e.attack, out.shown.size());
            out.shown.push_back(messageOf(timeline, e, *record));
            out.shown.back().group.attack = floods.at(*e.attack);
        } else out.shown.push_back(messageOf(timeline, e, *record));
    }
    return out;
}

std::map<std::string, std::size_t> messageOfDatagram(const std::vector<PageMessage>& messages) {
    std::map<std::string, std::size_t> out;
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (!messages[i].datagramId.empty()) out.emplace(messages[i].datagramId, i);
    return out;
}

} // namespace ipseclab::page
