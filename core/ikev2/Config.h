// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The policy of one IKEv2 peer (RFC 7296): who it is, whom it talks to, with which key, what it
// offers and accepts for the IKE SA and for the first child SA.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/HalfOpenLimit.h"
#include "base/RetransmitPolicy.h"
#include "ikev2/Algorithms.h"
#include "wire/Endpoint.h"
#include "wire/Ikev2Payloads.h"
#include "wire/Selector.h"

namespace ipseclab::ikev2 {

using wire::Endpoint;
using wire::Selector;

// IDi / IDr (§3.5): ID_IPV4_ADDR, ID_FQDN, ID_RFC822_ADDR or ID_KEY_ID.
struct Identity {
    wire::ikev2::IdType type = wire::ikev2::IdType::Ipv4Addr;
    Bytes data;

    static Identity ipv4(const wire::Ipv4Address& address);
    bool empty() const { return data.empty(); }
    std::string toString() const; // "127.0.0.1", "site-a.lab"
    friend bool operator==(const Identity&, const Identity&) = default;
};

struct PeerConfig {
    std::string name = "A"; // shown in descriptions only

    Endpoint local;  // our logical IKE endpoint (port 500)
    Endpoint remote; // the peer's (initiator: where IKE_SA_INIT goes; a responder answers anyone)

    Bytes psk;
    Identity localId;  // empty = ID_IPV4_ADDR of local.address
    Identity remoteId; // empty = accept any identity of the peer

    // IKE_SA_INIT: one proposal per suite, in this order; the initiator's KE is for the first
    // suite's group. A responder takes the first of the peer's proposals it has a suite for.
    std::vector<IkeSuite> ikeProposals{IkeSuite{}};
    // IKE_AUTH's child SA (ESP, no D-H transform: IKE_AUTH has no KE).
    std::vector<ChildSuite> childProposals{ChildSuite{}};

    Selector localSelector;  // our protected network (TSi when we initiate)
    Selector remoteSelector; // the peer's (TSr when we initiate)

    // Responder: answer every IKE_SA_INIT without our cookie with N(COOKIE) and keep no state
    // (RFC 7296 §2.6), as charon does under load (its cookie_threshold); a scenario forces it here.
    bool requireCookie = false;
    // Responder, as charon's cookie_threshold: with this many half-open IKE SAs, cookies are
    // required of new initiators until fewer remain.
    std::size_t cookieThreshold = 10;
    // Responder: IKE SAs whose IKE_AUTH has not come (answered IKE_SA_INIT, or failed and kept to
    // answer retransmissions) are forgotten after halfOpenTimeout (charon's half_open_timeout) and
    // capped as IKEv1's are (base/HalfOpenLimit.h): in total, the oldest still waiting for IKE_AUTH
    // makes room; per address, a new IKE_SA_INIT is dropped.
    Timestamp halfOpenTimeout = std::chrono::seconds(30);
    HalfOpenLimits halfOpenLimits;

    RetransmitPolicy retransmit;
    std::size_t nonceLength = 32; // RFC 7296 §2.10: at least half the PRF's key size, 16..256 bytes

    Identity effectiveLocalId() const;
};

} // namespace ipseclab::ikev2
