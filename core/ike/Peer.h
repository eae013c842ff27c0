// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One IKEv1 peer as a sans-I/O state machine (docs/architecture.md "Engines do no I/O"; the shape of
// quinn-proto / ngtcp2): datagrams and time go in through handle() and handleTimeout(); datagrams
// to send come out of pollTransmit(), events out of pollEvent(); nextTimeout() says when the
// engine next needs the clock. No sockets, no clock, no randomness of its own: the RandomSource
// handed in supplies cookies, nonces, DH private values, SPIs, Message IDs and DPD sequence
// numbers, so a seeded lab produces byte-identical datagrams.
//
// Datagrams are UDP payloads as on the wire. On our NAT-T port (PeerConfig::localNatTPort, 4500)
// `to.port` tells the engine to expect the 4-byte non-ESP marker before the ISAKMP message (RFC
// 3948); keepalives and ESP arriving there are recorded and dropped. Transmits sent from the NAT-T
// port carry the marker. `from` and `to` are the logical endpoints: NAT-D hashes use them.
//
// Call order (the contract, as quinn-proto writes its own):
// - `now` never goes backwards: each call that takes a time takes one >= the time of the call before
//   (handle, handleTimeout and the commands alike). Equal times are fine.
// - After every handle(), handleTimeout() or command, drain pollTransmit() and pollEvent() until
//   they return nothing, then ask nextTimeout() again: any call may queue datagrams and events and
//   move, set or clear the next timeout.
// - Call handleTimeout(t) once the clock reaches t = nextTimeout() (later is fine: every timer due
//   by then is served, in order); calling it earlier, or with no timeout pending, does nothing harmful.
// - config() may be changed between calls; it applies to exchanges that start afterwards.
// - Single-threaded: one call at a time; no call re-enters the peer.
//
// The peer speaks Main, Aggressive, Quick and Informational exchanges with pre-shared keys, NAT-T
// (RFC 3947), DPD (RFC 3706), deletes and lifetimes, and keeps several IKE SAs and child SAs.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/RandomSource.h"
#include "ike/Config.h"
#include "ike/Event.h"
#include "ike/Types.h"
#include "wire/Transmit.h"

namespace ipseclab::ike {

namespace detail {
class Engine;
}

using wire::Transmit; // wire/Transmit.h, shared with IKEv2

class Peer {
public:
    // `random` must outlive the peer.
    Peer(PeerConfig config, crypto::RandomSource& random);
    ~Peer();
    Peer(Peer&&) noexcept;
    Peer& operator=(Peer&&) noexcept;
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    // The fuzz build only: an independent copy of this peer (every SA, queued datagram and event),
    // drawing on `random` from then on, so a fuzz target restores a saved exchange instead of
    // running it again (tests/fuzz/fuzz_ike_engine.cpp). `random` must outlive the copy.
    Peer snapshot(crypto::RandomSource& random) const;
    // Whether `other` is in the same state, so that it would do exactly what this peer does from
    // here on (given the same random bytes): fuzz_ike_engine stops an input whose engines are back
    // in a state the genuine exchange passed through (Engine::sameState).
    bool sameState(const Peer& other) const;
#endif

    const PeerConfig& config() const;
    // Changes apply to exchanges that start afterwards (e.g. a corrected PSK before a new initiate()).
    PeerConfig& config();

    // ---- I/O ----
    void handle(ByteView datagram, const Endpoint& from, const Endpoint& to, Timestamp now);
    std::optional<Transmit> pollTransmit();
    std::optional<Event> pollEvent();
    std::optional<Timestamp> nextTimeout() const;
    void handleTimeout(Timestamp now);

    // ---- commands; each failure is also an Event (kind Failure, FailureKind::Local) ----
    // A new phase 1 (Main or Aggressive Mode, as configured) to config().remote; then, with
    // config().autoQuickMode, a Quick Mode for the configured selectors.
    Result<void> initiate(Timestamp now);
    // A Quick Mode on the newest established IKE SA (also how a child SA is rekeyed).
    Result<void> startQuickMode(Timestamp now);
    // Deletes the child SA whose inbound SPI (the one we chose) is `inboundSpi`: Delete payload to
    // the peer, keys zeroized.
    Result<void> deleteChildSa(std::uint32_t inboundSpi, Timestamp now);
    // Deletes the newest established IKE SA (its child SAs first, as charon does).
    Result<void> deleteIkeSa(Timestamp now);
    // R-U-THERE on the newest established IKE SA; no R-U-THERE-ACK after the retransmission
    // schedule means the peer is dead (its SAs are removed).
    Result<void> sendDpd(Timestamp now);

    // ---- what exists now ----
    std::vector<IkeSaInfo> ikeSas() const;     // established IKE SAs, oldest first
    std::vector<ChildSaInfo> childSas() const; // installed child SAs, oldest first (keys cloned)
    std::size_t ikeSaCount() const;            // every IKE SA, half-open and failed ones included

private:
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    explicit Peer(std::unique_ptr<detail::Engine> engine);
#endif
    std::unique_ptr<detail::Engine> m_engine;
};

} // namespace ipseclab::ike
