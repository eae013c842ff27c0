// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// SA payloads the engine offers, and the responder's choice among what an initiator offers
// (RFC 2408 §4.2, RFC 2409 §5, RFC 2407 §4.5). The responder takes the first offered
// proposal/transform its policy accepts and answers with exactly that one (original numbers and
// attributes). Every other offer is recorded with the reason it was refused, so a NO-PROPOSAL-CHOSEN
// sentence can name what differed: cipher, key length, hash, group, authentication method,
// lifetime, PFS group, encapsulation, ESN.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/Error.h"
#include "crypto/DhGroup.h"
#include "ike/Algorithms.h"
#include "wire/IsakmpPayloads.h"

namespace ipseclab::ike {

// One offered transform the responder did not take.
struct Refusal {
    std::uint8_t proposalNumber = 0;
    std::uint8_t transformNumber = 0;
    std::string offered; // "AES-128-CBC/SHA1/MODP-1024, 28800 s"
    std::string reason;  // "group MODP-1024 differs (we accept MODP-2048)"
};

// "proposal #1 transform #2 (AES-128-CBC/SHA1/MODP-1024, 28800 s): group MODP-1024 differs ..."
std::string describe(const Refusal& refusal);

// ---------------------------------------------------------------- phase 1

// One ISAKMP proposal holding one KEY_IKE transform per suite, in preference order. Attribute
// order as charon sends it: encryption, key length, hash, group, auth method, life type/duration.
wire::SaPayload phase1Offer(std::span<const Phase1Suite> suites);
// The suite a KEY_IKE transform describes (PSK only); errors name what is unsupported.
Result<Phase1Suite> phase1SuiteOf(const wire::Transform& transform);

struct Phase1Selection {
    bool chosen = false;
    Phase1Suite suite;     // the agreed suite; lifetimeSeconds = the effective lifetime
    wire::SaPayload reply; // one proposal, one transform, echoed as offered
    std::vector<Refusal> refused;
    std::string sentence; // what happened, for the Negotiation/Failure event
};

// The first offered transform our policy accepts (lifetime aside: a longer offered lifetime is
// accepted and ours applies, as with charon). Aggressive Mode checks AM1's KE against the chosen
// transform's group afterwards.
Phase1Selection selectPhase1(const wire::SaPayload& offer, std::span<const Phase1Suite> policy);

// What strongSwan charon 5.9 accepts in IKEv1 phase 1 by default (proposal_create_default(PROTO_IKE)),
// as far as this engine implements it: AES-128/192/256-CBC and 3DES-CBC, each with SHA2-256/384/512
// and SHA1, each with ECP-256, ECP-384 and MODP-2048. charon also has AES-CTR and Camellia (no IKEv1
// phase-1 number for CTR), AES-XCBC/CMAC, ECP-521, Brainpool, Curve25519/448 and MODP-3072 to 8192,
// which the engine does not implement; charon leaves out DES, MD5 and MODP-768/1024/1536.
std::vector<Phase1Suite> charonDefaultPhase1(std::uint32_t lifetimeSeconds = 28800);

// The initiator's check of MM2/AM2: one proposal with one transform, which must be one we offered.
Result<Phase1Suite> acceptPhase1Reply(const wire::SaPayload& reply, const wire::SaPayload& offer);

// ---------------------------------------------------------------- Quick Mode

struct ChildProposal {
    ChildSuite suite;
    Encapsulation encapsulation = Encapsulation::Tunnel;
    bool esn = false;
    // 0 = none proposed. A responder uses its own where the offer has none, or 0 (RFC 2407 §4.5:
    // local policy), or a longer one; with none of its own, the RFC 2407 default 28800 s.
    std::uint32_t lifetimeSeconds = 3600;
    std::uint32_t lifetimeKilobytes = 0; // 0 = none; 1 KB = 1000 bytes, as strongSwan counts it

    friend bool operator==(const ChildProposal&, const ChildProposal&) = default;
};

// What both ends agreed on for one child SA.
struct ChildAgreement {
    ChildSuite suite;
    Encapsulation encapsulation = Encapsulation::Tunnel;
    bool udpEncapsulated = false; // NAT-T mode 3/4
    bool esn = false;
    std::uint32_t lifetimeSeconds = 28800;
    std::uint32_t lifetimeKilobytes = 0;
    std::optional<crypto::DhGroup> pfsGroup;
    std::uint8_t proposalNumber = 1;
    std::uint8_t transformNumber = 1;

    std::string describe() const; // "ESP AES-128-CBC/HMAC-SHA1-96, tunnel, PFS MODP-2048, 3600 s"
    friend bool operator==(const ChildAgreement&, const ChildAgreement&) = default;
};

// One proposal per configured entry (numbers 1, 2, ...), one transform each, carrying the SPI of its
// protocol. Attribute order as charon: key length, auth, group, encapsulation, ESN, life type/duration.
// AH proposals are left out when UDP-encapsulated (AH cannot cross a NAT).
wire::SaPayload childOffer(std::span<const ChildProposal> proposals, std::optional<crypto::DhGroup> pfsGroup,
                           bool udpEncapsulated, ByteView espSpi, ByteView ahSpi);

struct ChildSelection {
    bool chosen = false;
    ChildAgreement agreement;
    wire::SaPayload reply; // one proposal, one transform, as offered (the engine puts its own SPI in)
    ByteView offeredSpi;   // the initiator's SPI in the chosen proposal (view into the offer)
    std::vector<Refusal> refused;
    std::string sentence;
    bool pfsRelated = false; // every refusal was (also) about the PFS group
    // Set when our policy's lifetime is shorter than the one offered: the responder tells the
    // initiator with RESPONDER-LIFETIME. (When none was offered, our lifetime is added to the
    // reply's transform instead, as charon does.)
    std::optional<std::uint32_t> responderLifetimeSeconds;
    std::optional<std::uint32_t> responderLifetimeKilobytes;
};

ChildSelection selectChild(const wire::SaPayload& offer, std::span<const ChildProposal> policy,
                           std::optional<crypto::DhGroup> pfsGroup, bool acceptOfferedPfs, bool udpEncapsulated);

// The initiator's check of QM2's SA: one proposal, one transform, matching one we offered; extra
// lifetime attributes the responder added are accepted (and lower the lifetime).
Result<ChildAgreement> acceptChildReply(const wire::SaPayload& reply, const wire::SaPayload& offer,
                                        bool udpEncapsulated);

// Lifetime attributes (Life Type, Life Duration) of RESPONDER-LIFETIME data or of a transform.
struct Lifetimes {
    std::optional<std::uint32_t> seconds;
    std::optional<std::uint32_t> kilobytes;
};
Lifetimes lifetimesOf(const wire::DataAttributes& attributes, bool ipsec);
wire::DataAttributes lifetimeAttributes(const Lifetimes& lifetimes, bool ipsec);

} // namespace ipseclab::ike
