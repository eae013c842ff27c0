// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "page/IllustratedMessages.h"

#include <string_view>

#include "lab/PacketAnnotations.h"

namespace ipseclab::page {

namespace {

constexpr std::string_view kReceiverTail = "; receiver: ";

// The receiving gateway's verdict on an ESP or AH packet: the data plane's next Verdict event on
// its SA and sequence number, raised in the step that delivered it (before the next WAN packet).
const lab::DataPlaneRecord* verdictOf(const lab::Timeline& timeline, const lab::LabEvent& wire,
                                      const lab::PacketRecord& record) {
    if (record.saName.empty() || !record.sequenceNumber) return nullptr;
    for (std::size_t i = wire.index + 1; i < timeline.size(); ++i) {
        const lab::LabEvent& e = timeline.at(i);
        if (const auto* next = e.as<lab::PacketRecord>(); next && next->interface == lab::Interface::Wan) break;
        const auto* dp = e.as<lab::DataPlaneRecord>();
        if (dp && dp->event.kind == ipsec::EventKind::Verdict && dp->event.label == record.saName &&
            dp->event.sequenceNumber == *record.sequenceNumber)
            return dp;
    }
    return nullptr;
}

// The IKE datagram a WAN packet carries, as its sender's engine explained it (an attacker's copy
// included: the original sending describes the same bytes).
const ike::DatagramInfo* datagramOf(const lab::Timeline& timeline, const lab::PacketRecord& record) {
    if (record.datagramId.empty()) return nullptr;
    const lab::LabEvent* sent = timeline.datagram(
        record.from == lab::Origin::SiteB ? lab::Origin::SiteB : lab::Origin::SiteA, record.datagramId);
    return sent && sent->ike() ? sent->ike()->as<ike::DatagramInfo>() : nullptr;
}

PageFate fateOf(const lab::PacketRecord& record, std::string_view receiver) {
    if (record.fate != lab::PacketFate::Delivered) return PageFate::Lost;
    return receiver.empty() || receiver.starts_with("accepted") || receiver.starts_with("received") ? PageFate::Accepted
                                                                                                    : PageFate::Refused;
}

PageMessage messageOf(const lab::Timeline& timeline, const lab::LabEvent& e, const lab::PacketRecord& record) {
    PageMessage m;
    m.event = e.index;
    m.label = e.summary;
    m.from = record.from;
    m.time = e.time;
    m.phase = e.phase;
    m.comment = record.comment;
    if (const std::size_t at = record.comment.rfind(kReceiverTail); at != std::string::npos)
        m.receiver = record.comment.substr(at + kReceiverTail.size());
    m.datagramId = record.datagramId;
    m.frame = record.frame;
    m.attack = e.attack.has_value();
    m.fate = fateOf(record, m.receiver);

    lab::Dissected wire = lab::dissect(record);
    m.isakmpOffset = wire.dissection.offsetOf(wire::Layer::Kind::Isakmp).value_or(0);
    m.layers.push_back({"On the wire", record.packet.toBytes(), std::move(wire.annotations)});
    const std::string receiver = record.from == lab::Origin::SiteA ? "B" : "A";
    if (const ike::DatagramInfo* d = datagramOf(timeline, record); d && d->encrypted && !d->plaintext.empty())
        m.layers.push_back(
            {"Decrypted by gateway " + receiver + " (payloads and padding)", d->plaintext, d->plaintextAnnotations()});
    if (const lab::DataPlaneRecord* verdict = verdictOf(timeline, e, record))
        if (const ByteView clear = verdict->cleartext(); !clear.empty())
            m.layers.push_back({"Decrypted by gateway " + receiver, Bytes(clear.begin(), clear.end()),
                                lab::dissectCleartext(*verdict).annotations});
    return m;
}

} // namespace

PageMessages pageMessages(const lab::Timeline& timeline, std::size_t limit) {
    PageMessages out;
    for (const lab::LabEvent& e : timeline) {
        const auto* record = e.as<lab::PacketRecord>();
        if (e.kind != lab::LabEventKind::Wire || !record || record->interface != lab::Interface::Wan ||
            record->packet.empty())
            continue;
        if (out.shown.size() < limit) out.shown.push_back(messageOf(timeline, e, *record));
        ++out.total;
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
