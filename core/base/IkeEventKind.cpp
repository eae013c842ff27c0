// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "base/IkeEventKind.h"

namespace ipseclab::ikeevents {

std::string_view eventKindName(EventKind kind) {
    switch (kind) {
    case EventKind::DatagramSent: return "datagram sent";
    case EventKind::DatagramReceived: return "datagram received";
    case EventKind::Dropped: return "dropped";
    case EventKind::DuplicateIgnored: return "duplicate";
    case EventKind::Retransmitted: return "retransmitted";
    case EventKind::StateChanged: return "state";
    case EventKind::Derived: return "derived";
    case EventKind::DhComputed: return "Diffie-Hellman";
    case EventKind::Negotiation: return "negotiation";
    case EventKind::NatDetection: return "NAT detection";
    case EventKind::IkeSaEstablished: return "IKE SA established";
    case EventKind::ChildSaEstablished: return "child SA established";
    case EventKind::NotifySent: return "notify sent";
    case EventKind::NotifyReceived: return "notify received";
    case EventKind::DeleteSent: return "delete sent";
    case EventKind::DeleteReceived: return "delete received";
    case EventKind::Dpd: return "DPD";
    case EventKind::Lifetime: return "lifetime";
    case EventKind::SaDeleted: return "SA deleted";
    case EventKind::Failure: return "failure";
    }
    return "?";
}

std::string_view failureKindName(FailureKind kind) {
    switch (kind) {
    case FailureKind::PskMismatch: return "psk-mismatch";
    case FailureKind::AuthenticationFailed: return "authentication-failed";
    case FailureKind::NoProposalChosen: return "no-proposal-chosen";
    case FailureKind::PfsMismatch: return "pfs-mismatch";
    case FailureKind::InvalidId: return "invalid-id";
    case FailureKind::Timeout: return "timeout";
    case FailureKind::PeerError: return "peer-error";
    case FailureKind::Malformed: return "malformed";
    case FailureKind::DeadPeer: return "dead-peer";
    case FailureKind::Local: return "local";
    }
    return "?";
}

} // namespace ipseclab::ikeevents
