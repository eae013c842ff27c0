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

// Named for both versions; where they differ, each one's terms are given.
enum class FailureKind {
    PskMismatch,          // the pre-shared keys differ, seen as messages that do not decrypt (IKEv1: MM5; IKEv2
                          // sees a wrong AUTH instead: AuthenticationFailed)
    AuthenticationFailed, // the peer's proof is wrong (IKEv1 HASH_I / HASH_R / HASH(n), IKEv2 AUTH) or it says so
                          // (AUTHENTICATION_FAILED)
    NoProposalChosen,     // nothing acceptable in an SA payload (NO-PROPOSAL-CHOSEN, IKEv2 NO_PROPOSAL_CHOSEN)
    PfsMismatch,          // the ends' D-H groups differ: IKEv1 Quick Mode PFS at one end only or other groups,
                          // IKEv2 INVALID_KE_PAYLOAD
    InvalidId,            // identities or traffic selectors that do not match: IKEv1 proxy IDs that do not mirror
                          // or an unexpected phase-1 ID, IKEv2 TS_UNACCEPTABLE
    Timeout,              // no usable answer after every retransmission
    PeerError,            // the peer reported an error notify no kind above names
    Malformed,            // a message we could not use (IKEv2 INVALID_SYNTAX)
    DeadPeer,             // no answer to a liveness check (IKEv1 DPD, IKEv2 an empty INFORMATIONAL)
    Local,                // a command that cannot run (no IKE SA...), or a local error
};

std::string_view failureKindName(FailureKind kind);

} // namespace ipseclab::ikeevents
