// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the peer loop needs of an IKE engine, so one loop (sockets, timers, pings, the tunnel, the
// events file) drives either core/ike's IKEv1 Peer or core/ikev2's Peer. Each adapter turns its
// engine's events into an EngineEvent: the few facts the loop acts on, plus the event as JSON.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/Error.h"
#include "base/IkeEventKind.h"
#include "capture/WiresharkKeys.h"
#include "crypto/RandomSource.h"
#include "ike/Event.h"
#include "peer/EventJson.h"
#include "peer/PeerOptions.h"
#include "wire/Transmit.h"

namespace ipseclab::peer {

struct EngineEvent {
    ikeevents::EventKind kind = ikeevents::EventKind::StateChanged;
    std::string id;
    std::string text;
    nlohmann::ordered_json json; // the whole event, for --events (built only when asked)

    // StateChanged: the SA ("IKE SA 0x...", "Quick Mode 0x...") and whether this is the initiator's
    // own exchange starting or a failure.
    std::string sa;
    bool isIkeSa = false;
    bool initiatorState = false;
    bool failed = false;
    // IkeSaEstablished: NAT-T in use and the peer's endpoint for it.
    bool natT = false;
    std::optional<ike::Endpoint> remote;
    // NatDetection
    std::optional<bool> weAreBehindNat;
    // Dpd (IKEv1)
    std::optional<ike::DpdInfo::Step> dpd;
    // A failure after which the initiator's own exchange cannot bring its child SA (IKEv2: IKE_AUTH
    // set up the IKE SA, but its child SA was refused).
    bool endsOwnExchange = false;

    // The fields every engine's event has (its JSON line only when asked); the engine's adapter adds
    // what its kind says.
    template <typename Event>
    static EngineEvent from(const Event& e, bool withJson) {
        EngineEvent out;
        out.kind = e.kind;
        out.id = e.id;
        out.text = e.text;
        if (withJson) out.json = toJson(e);
        return out;
    }
};

class PeerEngine {
public:
    virtual ~PeerEngine() = default;

    // A datagram as the socket received it (the non-ESP marker still on IKE at the NAT-T port).
    virtual void handle(ByteView datagram, const ike::Endpoint& from, const ike::Endpoint& to, ike::Timestamp now) = 0;
    // A datagram to send as it goes on the wire (`from.port` names the socket).
    virtual std::optional<wire::Transmit> pollTransmit() = 0;
    // `withJson`: fill EngineEvent::json (an --events file takes it).
    virtual std::optional<EngineEvent> pollEvent(bool withJson) = 0;
    virtual std::optional<ike::Timestamp> nextTimeout() const = 0;
    virtual void handleTimeout(ike::Timestamp now) = 0;

    virtual Result<void> initiate(ike::Timestamp now) = 0;
    // IKEv1 negotiates its child SAs after phase 1 (Quick Mode), IKEv2 inside IKE_AUTH.
    virtual bool needsQuickMode() const = 0;
    virtual Result<void> startQuickMode(ike::Timestamp now) = 0;
    virtual Result<void> sendDpd(ike::Timestamp now) = 0;
    // Deletes the newest established IKE SA (false: nothing deleted), then any child SA left.
    virtual bool deleteIkeSa(ike::Timestamp now) = 0;
    virtual void deleteChildSas(ike::Timestamp now) = 0;

    virtual bool hasIkeSa() const = 0;
    // The installed child SAs in the form the tunnel installs (outer endpoints as on the wire).
    virtual std::vector<ike::ChildSaInfo> childSas() const = 0;
    // The IKE SAs' lines of the Wireshark key files (the tunnel adds esp_sa).
    virtual void addIkeKeys(capture::WiresharkKeys& keys) const = 0;
    virtual int ikeVersion() const = 0;
    // "Quick Mode", "IKE_AUTH": where the first child SA comes from, in sentences.
    virtual std::string childExchangeName() const = 0;
};

std::unique_ptr<PeerEngine> makeIkev1Engine(const PeerOptions& options, std::uint16_t ikePort, std::uint16_t natTPort,
                                            crypto::RandomSource& random);
std::unique_ptr<PeerEngine> makeIkev2Engine(const PeerOptions& options, std::uint16_t ikePort, std::uint16_t natTPort,
                                            crypto::RandomSource& random);

} // namespace ipseclab::peer
