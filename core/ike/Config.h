// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The policy of one peer: who it is, whom it talks to, with which key, what it offers and accepts.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/RetransmitPolicy.h"
#include "crypto/DhGroup.h"
#include "ike/Algorithms.h"
#include "ike/Proposals.h"
#include "ike/Types.h"
#include "wire/IsakmpConstants.h"
#include "wire/Selector.h"

namespace ipseclab::ike {

// A phase-1 identity (IDii / IDir): ID_IPV4_ADDR, ID_FQDN, ID_USER_FQDN or ID_KEY_ID, protocol/port 0/0.
struct Identity {
    wire::IdType type = wire::IdType::Ipv4Addr;
    Bytes data;

    static Identity ipv4(const wire::Ipv4Address& address);
    static Identity fqdn(const std::string& name);
    bool empty() const { return data.empty(); }
    std::string toString() const; // "127.100.0.1", "initiator.lab"
    friend bool operator==(const Identity&, const Identity&) = default;
};

using wire::Selector; // wire/Selector.h, shared with IKEv2's traffic selectors

using ipseclab::RetransmitPolicy; // base/RetransmitPolicy.h, shared with IKEv2

enum class NatTraversal {
    Off,   // no NAT-T vendor ID, no NAT-D: always port 500, plain ESP
    On,    // RFC 3947: float to port 4500 when NAT-D shows a NAT
    Force, // like strongSwan's encap=yes: send a fake own NAT-D so both ends float
};

struct PeerConfig {
    std::string name = "A"; // shown in descriptions only; event ids are not prefixed with it

    Endpoint local;  // our logical IKE endpoint (port 500)
    Endpoint remote; // the peer's (initiator: where to send MM1/AM1; a responder answers anyone)
    std::uint16_t localNatTPort = wire::kNatTPort;
    std::uint16_t remoteNatTPort = wire::kNatTPort;

    Bytes psk;
    Identity localId;  // empty = ID_IPV4_ADDR of local.address
    Identity remoteId; // empty = accept any identity of the peer

    Phase1Mode mode = Phase1Mode::Main;
    std::vector<Phase1Suite> ikeProposals{Phase1Suite{}};
    std::vector<ChildProposal> childProposals{ChildProposal{}};
    std::optional<crypto::DhGroup> pfsGroup; // Quick Mode PFS (KE in QM1/QM2)
    bool acceptOfferedPfs =
        false; // responder: accept an initiator's PFS group even without PFS configured (Cisco-like)

    Selector localSelector;  // our protected network (IDci when we start Quick Mode)
    Selector remoteSelector; // the peer's (IDcr when we start Quick Mode)

    NatTraversal natTraversal = NatTraversal::On;
    RetransmitPolicy retransmit;
    bool sendInitialContact = true;    // N(INITIAL-CONTACT) in MM5 when we hold no SA with the peer, as charon does
    bool autoQuickMode = true;         // initiate(): start Quick Mode as soon as phase 1 is up
    bool autoRekey = false;            // start a new Quick Mode (or phase 1) at the soft lifetime
    double softLifetimeFraction = 0.9; // soft expiry ("rekey needed") at this fraction of a lifetime
    Timestamp halfOpenTimeout = std::chrono::seconds(120); // a responder forgets unfinished phase 1s after this
    // A responder's half-open phase 1s (answered MM1/AM1, not established, failed ones kept to answer
    // retransmissions included), capped like charon's init_limit_half_open (in total) and
    // block_threshold (5 per peer address). Beyond the per-address cap a new MM1/AM1 is dropped; at
    // the total cap one still waiting for MM3/AM3 is forgotten to make room: the sender's own oldest,
    // else the oldest of all. Both recorded.
    std::size_t halfOpenLimit = 1000;
    std::size_t halfOpenLimitPerAddress = 5;
    std::size_t nonceLength = 32;
    // Events carry the Sources of every derived input, the derivation input bytes and payload
    // names. Off: lighter events (ids, values), for benchmarks; the protocol is unchanged.
    // (Datagram annotations are produced on demand in either case: DatagramInfo::annotations().)
    bool detailedEvents = true;

    Identity effectiveLocalId() const;
};

} // namespace ipseclab::ike
