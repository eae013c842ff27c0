// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The two peers of fuzz_ike_engine, A (initiator, 10.1.0.0/24) and B (responder, 10.2.0.0/24) on
// loopback with a pre-shared key; fuzz_ike_readers reads Quick Mode messages against the same
// policy, so that the one's decrypted messages seed the other.

#include "ike/Config.h"

namespace ipseclab::ike::fuzzing {

inline PeerConfig config(bool initiator, bool aggressive, bool natTAndPfs) {
    PeerConfig c;
    const auto a = *wire::Ipv4Address::parse("127.0.0.1"), b = *wire::Ipv4Address::parse("127.0.0.2");
    c.local = Endpoint{initiator ? a : b, 500};
    c.remote = Endpoint{initiator ? b : a, 500};
    c.psk = bytesOf("fuzz-psk");
    c.mode = aggressive ? Phase1Mode::Aggressive : Phase1Mode::Main;
    c.ikeProposals = {
        Phase1Suite{crypto::CipherAlgorithm::Aes128Cbc, crypto::HashAlgorithm::Sha1, crypto::DhGroup::Ecp256, 600}};
    ChildProposal child;
    child.lifetimeSeconds = 60;
    c.childProposals = {child};
    if (natTAndPfs) {
        c.natTraversal = NatTraversal::Force;
        c.pfsGroup = crypto::DhGroup::Ecp256;
    }
    const auto netA = Selector::subnet(*wire::Ipv4Address::parse("10.1.0.0"), 24);
    const auto netB = Selector::subnet(*wire::Ipv4Address::parse("10.2.0.0"), 24);
    c.localSelector = initiator ? netA : netB;
    c.remoteSelector = initiator ? netB : netA;
    c.autoQuickMode = initiator;
    c.retransmit.maxRetransmits = 2;
    return c;
}

} // namespace ipseclab::ike::fuzzing
