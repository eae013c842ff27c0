// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One IKEv2 peer (RFC 7296) as a sans-I/O state machine, in the shape of IKEv1's ike::Peer so the
// lab can drive either: datagrams and time go in through handle() and handleTimeout(); datagrams to
// send come out of pollTransmit(), events out of pollEvent(); nextTimeout() says when the engine
// next needs the clock. Its randomness (SPIs, nonces, D-H private values, IVs, padding) comes from
// the RandomSource handed in, so a seeded lab is byte-identical run after run.
//
// The call order is ike::Peer's (ike/Peer.h): `now` never goes backwards; after every call drain
// pollTransmit() and pollEvent(), then ask nextTimeout() again; single-threaded.
//
// This slice speaks IKE_SA_INIT (SA, KE, Ni/Nr, NAT_DETECTION_*), IKE_AUTH with a pre-shared key and
// the first child SA (ESP, TSi/TSr narrowed to the responder's policy), and INFORMATIONAL (Delete,
// liveness check). The initiator retransmits
// its request with back-off; the responder answers a request it already answered with its stored
// response. A datagram that does not decode, decrypt or verify changes nothing; an exchange fails
// only by its timeout or by an authenticated notify.

#include <memory>
#include <optional>
#include <vector>

#include "base/Error.h"
#include "crypto/RandomSource.h"
#include "ikev2/Config.h"
#include "ikev2/Event.h"
#include "wire/Transmit.h"

namespace ipseclab::ikev2 {

using wire::Transmit;

namespace detail {
class Engine;
}

class Peer {
public:
    // `random` must outlive the peer.
    Peer(PeerConfig config, crypto::RandomSource& random);
    ~Peer();
    Peer(Peer&&) noexcept;
    Peer& operator=(Peer&&) noexcept;
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;

    const PeerConfig& config() const;
    // Changes apply to exchanges that start afterwards.
    PeerConfig& config();

    // ---- I/O ----
    void handle(ByteView datagram, const Endpoint& from, const Endpoint& to, Timestamp now);
    std::optional<Transmit> pollTransmit();
    std::optional<Event> pollEvent();
    std::optional<Timestamp> nextTimeout() const;
    void handleTimeout(Timestamp now);

    // ---- commands; a failure is also an Event (kind Failure, FailureKind::Local) ----
    // A new IKE SA to config().remote: IKE_SA_INIT, then IKE_AUTH with the first child SA.
    Result<void> initiate(Timestamp now);
    // INFORMATIONAL (§1.4, §1.5) on the established IKE SA with SPIi `spiI`, one exchange at a time:
    // Delete of the child SA we receive with `inboundSpi` (the peer deletes its half and answers),
    // Delete of the IKE SA and its children, an empty INFORMATIONAL the peer must answer (unanswered
    // after every retransmission: FailureKind::DeadPeer, the IKE SA deleted).
    Result<void> deleteChildSa(std::uint32_t inboundSpi, Timestamp now);
    Result<void> deleteIkeSa(const wire::ikev2::Spi& spiI, Timestamp now);
    Result<void> checkLiveness(const wire::ikev2::Spi& spiI, Timestamp now);

    // ---- what exists now ----
    std::vector<IkeSaInfo> ikeSas() const;     // established IKE SAs, oldest first
    std::vector<ChildSaInfo> childSas() const; // installed child SAs, oldest first (keys cloned)
    // Every IKE SA held: half-open, failed and deleted ones included, until forgotten (a responder's
    // half-open ones at PeerConfig::halfOpenTimeout, deleted ones as long after their deletion).
    std::size_t ikeSaCount() const;

private:
    std::unique_ptr<detail::Engine> m_engine;
};

} // namespace ipseclab::ikev2
