// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Shared by the tst_ike_* suites: the IKEv1 sites ("Site A" initiator, "Site B" responder) and
// IkeHarness, two IKEv1 peers on PeerHarness.h's in-memory wire.

#include <QTest>

#include "PeerHarness.h"
#include "ike/Peer.h"

namespace ipseclab::test {

inline ike::PeerConfig siteA() {
    ike::PeerConfig c;
    c.name = "A";
    c.local = ike::Endpoint{ip("127.0.0.1"), 500};
    c.remote = ike::Endpoint{ip("127.0.0.2"), 500};
    c.psk = bytesOf("lab-psk-1234");
    c.localSelector = ike::Selector::subnet(ip("10.1.0.0"), 24);
    c.remoteSelector = ike::Selector::subnet(ip("10.2.0.0"), 24);
    return c;
}

inline ike::PeerConfig siteB() {
    ike::PeerConfig c;
    c.name = "B";
    c.local = ike::Endpoint{ip("127.0.0.2"), 500};
    c.remote = ike::Endpoint{ip("127.0.0.1"), 500};
    c.psk = bytesOf("lab-psk-1234");
    c.localSelector = ike::Selector::subnet(ip("10.2.0.0"), 24);
    c.remoteSelector = ike::Selector::subnet(ip("10.1.0.0"), 24);
    c.autoQuickMode = false;
    return c;
}

using IkeHarness = PeerHarness<ike::Peer, ike::PeerConfig, ike::Event>;

// Both peers hold the same child SA pair, mirrored: A's outbound is B's inbound and vice versa,
// with equal SPIs and keys.
inline void compareChildSas(const ike::ChildSaInfo& a, const ike::ChildSaInfo& b) {
    QCOMPARE(a.outbound.spi, b.inbound.spi);
    QCOMPARE(a.inbound.spi, b.outbound.spi);
    QCOMPARE(hexOf(a.outbound.keymat.view()), hexOf(b.inbound.keymat.view()));
    QCOMPARE(hexOf(a.inbound.keymat.view()), hexOf(b.outbound.keymat.view()));
    QCOMPARE(hexOf(a.outbound.encryptionKey.view()), hexOf(b.inbound.encryptionKey.view()));
    QCOMPARE(hexOf(a.outbound.integrityKey.view()), hexOf(b.inbound.integrityKey.view()));
    QVERIFY(a.suite == b.suite);
    QCOMPARE(a.encapsulationMode, b.encapsulationMode);
    QCOMPARE(a.lifetimeSeconds, b.lifetimeSeconds);
    QVERIFY(a.inbound.keymat.size() == ike::keymatLength(a.suite));
    QVERIFY(a.inbound.keymat.view().size() > 0 || ike::keymatLength(a.suite) == 0);
    // Different SPIs, different keys.
    QVERIFY(hexOf(a.inbound.keymat.view()) != hexOf(a.outbound.keymat.view()));
}

} // namespace ipseclab::test
