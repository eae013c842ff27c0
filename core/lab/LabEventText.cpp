// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// An event's summary and text: those of the events every packet makes (a frame on a LAN, the data
// plane's Sent and verdict events) made from the detail when asked, the others as kept. A run keeps
// a few of these events per frame, and their lines, kept, cost about 200 bytes a frame (issue 18).

#include <string>

#include "lab/LabEvent.h"

namespace ipseclab::lab {

namespace {

std::string dataPlaneSummary(const DataPlaneRecord& e) {
    const std::string proto = ipsec::protocolName(e.protocol());
    const std::string seq = proto + " seq " + std::to_string(e.sequenceNumber());
    switch (e.kind()) {
    case ipsec::EventKind::Verdict: return seq + " · " + std::string(ipsec::verdictName(e.verdict()));
    case ipsec::EventKind::Sent: return seq;
    case ipsec::EventKind::RefusedToSend: return seq + " · refused";
    case ipsec::EventKind::SoftLimit:
        return proto + " " + e.label() + " · soft lifetime (" + std::string(ipsec::limitKindName(e.limit())) + ")";
    case ipsec::EventKind::HardLimit:
        return proto + " " + e.label() + " · hard lifetime (" + std::string(ipsec::limitKindName(e.limit())) + ")";
    case ipsec::EventKind::SaDeleted: return proto + " " + e.label() + " · deleted";
    case ipsec::EventKind::Acquire: return "SPD acquire · IKE, please";
    case ipsec::EventKind::Queued: return "SPD · packet waits for an SA";
    case ipsec::EventKind::QueueDropped: return "SPD · waiting packet dropped";
    case ipsec::EventKind::Discarded: return "SPD · discarded";
    }
    return std::string(ipsec::eventKindName(e.kind()));
}

std::string dataPlaneText(const DataPlaneRecord& e) {
    std::string text;
    switch (e.kind()) {
    case ipsec::EventKind::Sent:
        text += e.label() + " protects a packet: " + ipsec::protocolName(e.protocol()) + " SPI " + hex32(e.spi()) +
                ", seq " + std::to_string(e.sequenceNumber()) + ", " + std::to_string(e.packet.size()) + " bytes";
        break;
    case ipsec::EventKind::Verdict:
        text += e.label() + " " + ipsec::protocolName(e.protocol()) + " SPI " + hex32(e.spi()) + " seq " +
                std::to_string(e.sequenceNumber()) + ": " + std::string(ipsec::verdictName(e.verdict()));
        if (const std::optional<ipsec::WindowDelta> window = e.window())
            text += " (window right edge " + std::to_string(window->previousRightEdge) + " → " +
                    std::to_string(window->rightEdge) + ")";
        if (!e.reason().empty()) text += " — " + e.reason();
        break;
    default:
        text += e.reason().empty() ? std::string(ipsec::eventKindName(e.kind())) + " (" + e.label() + ")" : e.reason();
        break;
    }
    return text;
}

// A frame on a LAN: "LAN A #12: " and the capture's comment.
const PacketRecord* lanFrame(const LabEvent& e) { return e.kind == LabEventKind::Lan ? e.as<PacketRecord>() : nullptr; }

} // namespace

std::string LabEvent::summary() const {
    if (const auto* record = as<DataPlaneRecord>()) return dataPlaneSummary(*record);
    return std::string(keptSummary());
}

std::string LabEvent::text() const {
    if (const auto* record = as<DataPlaneRecord>()) return dataPlaneText(*record);
    if (const PacketRecord* frame = lanFrame(*this))
        return std::string(interfaceName(frame->interface)) + " #" + std::to_string(frame->frame) + ": " +
               frame->comment;
    return std::string(keptText());
}

void LabEvent::setWords(std::string_view summary, std::string_view text) {
    // Made apart first: setSummary() and setText() pass a view of what is kept.
    std::string words(summary);
    if (!text.empty()) {
        words += '\0';
        words += text;
    }
    words.shrink_to_fit(); // appending leaves up to twice the length
    m_words = std::move(words);
}

std::string_view LabEvent::keptSummary() const {
    const std::string_view words = m_words;
    return words.substr(0, words.find('\0'));
}

std::string_view LabEvent::keptText() const {
    const std::size_t end = m_words.find('\0');
    return end == std::string::npos ? std::string_view() : std::string_view(m_words).substr(end + 1);
}

} // namespace ipseclab::lab
