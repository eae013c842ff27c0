// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// After establishment: dead peer detection (RFC 3706), Delete of child SAs and of the IKE SA,
// lifetimes with soft expiry ("rekey needed"), rekeying by a new Quick Mode, hard expiry.

#include <QTest>

#include "tst_ike_support.h"

using namespace ipseclab;
using namespace ipseclab::test;
using ike::EventKind;

namespace {

void establish(IkeHarness& lab) {
    const std::size_t before = lab.A.childSas().size();
    QVERIFY(lab.A.initiate(lab.now).has_value());
    lab.run();
    QVERIFY2(lab.A.childSas().size() == before + 1 && lab.B.childSas().size() == before + 1, qPrintable(dumpBoth(lab)));
    compareChildSas(lab.A.childSas().back(), lab.B.childSas().back());
}

std::vector<ike::DpdInfo::Step> dpdSteps(const std::vector<ike::Event>& events) {
    std::vector<ike::DpdInfo::Step> steps;
    for (const auto& e : events)
        if (const auto* d = e.as<ike::DpdInfo>()) steps.push_back(d->step);
    return steps;
}

} // namespace

class TestIkeLifecycle : public QObject {
    Q_OBJECT

private slots:
    void deadPeerDetection() {
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        lab.eventsA.clear();
        lab.eventsB.clear();
        lab.now += 10s;
        QVERIFY(lab.A.sendDpd(lab.now).has_value());
        lab.run();
        using Step = ike::DpdInfo::Step;
        QCOMPARE(dpdSteps(lab.eventsA), (std::vector<Step>{Step::RUThereSent, Step::AckReceived}));
        QCOMPARE(dpdSteps(lab.eventsB), (std::vector<Step>{Step::RUThereReceived, Step::AckSent}));
        const auto* sent = IkeHarness::last(lab.eventsA, EventKind::DatagramSent)->as<ike::DatagramInfo>();
        QVERIFY(sent->encrypted); // R-U-THERE travels in a protected Informational exchange
        QVERIFY(!lab.A.nextTimeout() || *lab.A.nextTimeout() > lab.now + 60s); // nothing pending for DPD

        // B goes silent: A retries, then declares it dead and removes its SAs.
        lab.filter = [](Delivery& d) { return d.fromA ? false : true; };
        QVERIFY(lab.A.sendDpd(lab.now).has_value());
        lab.run();
        lab.runUntil(lab.now + 100s);
        QVERIFY2(IkeHarness::find(lab.eventsA, "DPD.dead"), qPrintable(dumpBoth(lab)));
        const auto* f = IkeHarness::last(lab.eventsA, EventKind::Failure)->as<ike::FailureInfo>();
        QCOMPARE(f->kind, ike::FailureKind::DeadPeer);
        QVERIFY(lab.A.ikeSas().empty());
        QVERIFY(lab.A.childSas().empty());
        int sent5 = 0;
        for (const auto s : dpdSteps(lab.eventsA)) sent5 += s == Step::RUThereSent;
        QCOMPARE(sent5, 1 + 1 + lab.A.config().retransmit.maxRetransmits); // the answered one, then 1 + 4 retries
    }

    void deleteChildSa() {
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        const std::uint32_t spi = lab.A.childSas()[0].inbound.spi;
        lab.now += 1s;
        QVERIFY(lab.A.deleteChildSa(spi, lab.now).has_value());
        lab.run();
        QVERIFY(lab.A.childSas().empty());
        QVERIFY(lab.B.childSas().empty());
        const auto* received = IkeHarness::last(lab.eventsB, EventKind::DeleteReceived)->as<ike::DeleteInfo>();
        QVERIFY(received->known && received->authenticated);
        QCOMPARE(received->protocol, wire::ProtocolId::IpsecEsp);
        QCOMPARE(readU32(received->spis[0], 0), spi);
        // Each side's SA-deleted event names the pair by its SPIs: A's inbound is B's outbound.
        const auto* goneA = IkeHarness::last(lab.eventsA, EventKind::SaDeleted)->as<ike::SaDeletedInfo>();
        const auto* goneB = IkeHarness::last(lab.eventsB, EventKind::SaDeleted)->as<ike::SaDeletedInfo>();
        QVERIFY(goneA && goneB);
        QCOMPARE(goneA->sa, ike::SaDeletedInfo::Sa::Child);
        QCOMPARE(goneA->inboundSpi, spi);
        QCOMPARE(goneB->outboundSpi, spi);
        QCOMPARE(goneB->inboundSpi, goneA->outboundSpi);
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1}); // the IKE SA stays
        // A new Quick Mode on the same IKE SA.
        QVERIFY(lab.A.startQuickMode(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
    }

    void deleteIkeSa() {
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        const ike::IkeSaInfo established =
            *IkeHarness::last(lab.eventsB, EventKind::IkeSaEstablished)->as<ike::IkeSaInfo>();
        lab.now += 1s;
        QVERIFY(lab.A.deleteIkeSa(lab.now).has_value());
        lab.run();
        // B's last SA-deleted event is the IKE SA's, named by the cookies it was established with.
        const auto* gone = IkeHarness::last(lab.eventsB, EventKind::SaDeleted)->as<ike::SaDeletedInfo>();
        QVERIFY(gone);
        QCOMPARE(gone->sa, ike::SaDeletedInfo::Sa::Ike);
        QVERIFY(gone->initiatorCookie == established.initiatorCookie &&
                gone->responderCookie == established.responderCookie);
        QVERIFY(lab.A.ikeSas().empty());
        QVERIFY(lab.B.ikeSas().empty());
        QVERIFY(lab.A.childSas().empty());
        QVERIFY(lab.B.childSas().empty());
        QVERIFY(IkeHarness::find(lab.eventsB, "delete.ISAKMP.received"));
        QCOMPARE(IkeHarness::count(lab.eventsA, EventKind::DeleteSent), 2); // the ESP pair, then the ISAKMP SA
        // Both can start again.
        establish(lab);
    }

    // Child lifetime 100 s: soft expiry at 90 s on both ends ("rekey needed"), a new Quick Mode
    // rekeys, the old pair dies at 100 s.
    void childLifetimeAndRekey() {
        auto a = siteA();
        a.childProposals[0].lifetimeSeconds = 100;
        auto b = siteB();
        b.childProposals[0].lifetimeSeconds = 100;
        IkeHarness lab(a, b);
        establish(lab);
        const std::uint32_t oldSpi = lab.A.childSas()[0].inbound.spi;
        lab.runUntil(95s);
        const auto* soft = IkeHarness::last(lab.eventsA, EventKind::Lifetime);
        QVERIFY(soft);
        QCOMPARE(soft->as<ike::LifetimeInfo>()->stage, ike::LifetimeInfo::Stage::Soft);
        QCOMPARE(soft->time, ike::Timestamp(90s));
        QVERIFY(IkeHarness::last(lab.eventsB, EventKind::Lifetime));
        QVERIFY(lab.A.startQuickMode(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.A.childSas().size(), std::size_t{2});
        lab.runUntil(101s);
        QCOMPARE(lab.A.childSas().size(), std::size_t{1});
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        QVERIFY(lab.A.childSas()[0].inbound.spi != oldSpi);
        compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
    }

    // With autoRekey the initiator starts the new Quick Mode itself at the soft lifetime.
    void autoRekey() {
        auto a = siteA();
        a.autoRekey = true;
        a.childProposals[0].lifetimeSeconds = 100;
        auto b = siteB();
        b.childProposals[0].lifetimeSeconds = 100;
        IkeHarness lab(a, b);
        establish(lab);
        const std::uint32_t oldSpi = lab.A.childSas()[0].inbound.spi;
        lab.runUntil(150s);
        QCOMPARE(lab.A.childSas().size(), std::size_t{1});
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        QVERIFY(lab.A.childSas()[0].inbound.spi != oldSpi);
        QVERIFY(IkeHarness::find(lab.eventsA, "QM#2.QM.established"));
        const auto* soft = IkeHarness::last(lab.eventsA, EventKind::Lifetime);
        QVERIFY(soft);
    }

    // With autoRekey the phase-1 initiator starts a new phase 1 at the IKE SA's soft lifetime; the
    // old IKE SA dies at its hard lifetime and the new one carries on.
    void ikeAutoRekey() {
        auto a = siteA();
        a.autoRekey = true;
        a.ikeProposals[0].lifetimeSeconds = 600;
        auto b = siteB();
        b.ikeProposals[0].lifetimeSeconds = 600;
        IkeHarness lab(a, b);
        establish(lab);
        const auto first = lab.A.ikeSas()[0].initiatorCookie;
        lab.runUntil(560s);
        QCOMPARE(lab.A.ikeSas().size(), std::size_t{2});
        QVERIFY(IkeHarness::find(lab.eventsA, "IKE#2.IKE.established"));
        lab.runUntil(700s);
        QCOMPARE(lab.A.ikeSas().size(), std::size_t{1});
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1});
        QVERIFY(lab.A.ikeSas()[0].initiatorCookie != first);
        // Quick Mode runs on the new IKE SA.
        QVERIFY(lab.A.startQuickMode(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.B.childSas().size(), std::size_t{2});
    }

    // The IKE SA's own lifetime: soft expiry, then deletion at both ends.
    void ikeLifetime() {
        auto a = siteA();
        a.ikeProposals[0].lifetimeSeconds = 600;
        auto b = siteB();
        b.ikeProposals[0].lifetimeSeconds = 600;
        IkeHarness lab(a, b);
        establish(lab);
        lab.runUntil(545s);
        QVERIFY(IkeHarness::find(lab.eventsA, "IKE.soft-expiry"));
        QCOMPARE(lab.A.ikeSas().size(), std::size_t{1});
        lab.runUntil(601s);
        QVERIFY(IkeHarness::find(lab.eventsA, "IKE.hard-expiry"));
        QVERIFY(lab.A.ikeSas().empty());
        QVERIFY(lab.B.ikeSas().empty());
        // The child SAs live on with their own lifetimes; a new phase 1 works. A still holds
        // child SAs with B, so its MM5 carries no INITIAL-CONTACT and B keeps the old pair.
        lab.eventsB.clear();
        establish(lab);
        QVERIFY(!IkeHarness::find(lab.eventsB, "IKE#2.notify.INITIAL-CONTACT.received"));
        QCOMPARE(lab.A.childSas().size(), std::size_t{2});
        QCOMPARE(lab.B.childSas().size(), std::size_t{2});
    }

    // A restarts (a fresh engine, no SA at all): its MM5 says INITIAL-CONTACT, and B removes the
    // IKE SA and the child SAs it still kept with the old A; only the new ones remain.
    void initialContactAfterRestart() {
        crypto::DeterministicRandom rebooted = crypto::DeterministicRandom(2).fork("site-a"); // outlives lab.A
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        const std::uint32_t oldInbound = lab.B.childSas()[0].inbound.spi;
        lab.A = ike::Peer(siteA(), rebooted);
        lab.eventsA.clear();
        lab.eventsB.clear();
        lab.now += 60s;
        establish(lab);
        QVERIFY2(IkeHarness::find(lab.eventsB, "IKE#2.notify.INITIAL-CONTACT.received"), qPrintable(dumpBoth(lab)));
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1});
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        QVERIFY(lab.B.childSas()[0].inbound.spi != oldInbound);
        QCOMPARE(lab.B.childSas()[0].inbound.spi, lab.A.childSas()[0].outbound.spi);
        int stale = 0;
        for (const auto& e : lab.eventsB)
            if (e.kind == EventKind::SaDeleted && e.text.find("INITIAL-CONTACT") != std::string::npos) ++stale;
        QCOMPARE(stale, 2);                                                 // the old IKE SA and the old ESP pair
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DeleteSent), 0); // the old A has no keys to read one
    }
};

QTEST_APPLESS_MAIN(TestIkeLifecycle)
#include "tst_ike_lifecycle.moc"
