// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What kind of thing an IKE engine's event reports, and how an exchange failed: one vocabulary for
// IKEv1's engine (ike/Event.h) and IKEv2's (ikev2/Event.h), so the lab reads both alike.

#include <string_view>

namespace ipseclab::ikeevents {

enum class EventKind {
    DatagramSent,
    DatagramReceived,
    Dropped, // a datagram the engine did not process (malformed, unknown SPIs, the other IKE version, out of order...)
    DuplicateIgnored, // a copy of a datagram already processed: nothing changed (answered again if it was the last
                      // request)
    Retransmitted,    // we sent a request (or the stored answer) again
    StateChanged,
    Derived,
    DhComputed,
    Negotiation,
    NatDetection,
    IkeSaEstablished,
    ChildSaEstablished,
    NotifySent,
    NotifyReceived,
    DeleteSent,
    DeleteReceived,
    Dpd,
    Lifetime,
    SaDeleted, // an SA is gone locally (deleted, expired, dead peer, failed)
    Failure,
};

std::string_view eventKindName(EventKind kind);

enum class FailureKind {
    PskMismatch,          // MM5 did not decrypt / HASH did not verify: the keys differ
    AuthenticationFailed, // HASH_I / HASH_R / HASH(n) wrong
    NoProposalChosen,     // nothing acceptable in an SA
    PfsMismatch,          // Quick Mode PFS at one end only, or different groups
    InvalidId,            // proxy IDs do not mirror, or an unexpected phase-1 ID
    Timeout,              // no answer after every retransmission
    PeerError,            // the peer reported an error notify
    Malformed,            // a message we could not use
    DeadPeer,             // DPD got no answer
    Local,                // a command that cannot run (no IKE SA...), or a local error
};

std::string_view failureKindName(FailureKind kind);

} // namespace ipseclab::ikeevents
