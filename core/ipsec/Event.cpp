// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/Event.h"

namespace ipseclab::ipsec {

std::string_view verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Accepted: return "accepted";
    case Verdict::Duplicate: return "duplicate";
    case Verdict::TooOld: return "too old";
    case Verdict::SequenceZero: return "sequence number zero";
    case Verdict::BadIcv: return "bad ICV";
    case Verdict::BadPadding: return "bad padding";
    case Verdict::Malformed: return "malformed";
    case Verdict::UnknownSpi: return "unknown SPI";
    case Verdict::DummyPacketDropped: return "dummy packet dropped";
    case Verdict::SaExpired: return "SA expired";
    case Verdict::PolicyMismatch: return "policy mismatch";
    }
    return "?";
}

std::string_view eventKindName(EventKind kind) {
    switch (kind) {
    case EventKind::Verdict: return "verdict";
    case EventKind::Sent: return "sent";
    case EventKind::RefusedToSend: return "refused";
    case EventKind::SoftLimit: return "soft-limit";
    case EventKind::HardLimit: return "hard-limit";
    case EventKind::SaDeleted: return "deleted";
    case EventKind::Acquire: return "acquire";
    case EventKind::Queued: return "queued";
    case EventKind::QueueDropped: return "queue-dropped";
    case EventKind::Discarded: return "discarded";
    }
    return "?";
}

std::string_view limitKindName(LimitKind limit) {
    switch (limit) {
    case LimitKind::None: return "none";
    case LimitKind::Time: return "time";
    case LimitKind::Bytes: return "bytes";
    case LimitKind::Packets: return "packets";
    case LimitKind::SequenceNumber: return "sequence numbers";
    }
    return "?";
}

std::string Event::id() const {
    std::string id;
    switch (kind) {
    case EventKind::Acquire:
    case EventKind::Queued:
    case EventKind::QueueDropped:
    case EventKind::Discarded:
        id = "SPD.";
        id += label;
        break;
    default:
        id = protocolName(protocol);
        id += '.';
        id += label;
        if (kind == EventKind::Verdict && verdict == Verdict::UnknownSpi) id += ".unknown-spi";
        break;
    }
    if (kind == EventKind::Verdict || kind == EventKind::Sent || kind == EventKind::RefusedToSend) {
        id += ".seq";
        id += std::to_string(sequenceNumber);
    }
    id += '.';
    id += eventKindName(kind);
    return id;
}

} // namespace ipseclab::ipsec
