// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Retransmission with back-off on the virtual clock; lost answers answered again byte for byte;
// duplicates and replays recognized and harmless; IKEv2, truncated, garbage, oversize datagrams,
// unknown cookies, out-of-order and corrupted messages dropped or answered, and recorded.

#include <QTest>

#include "tst_ike_support.h"
#include "wire/NatTMarker.h"

using namespace ipseclab;
using namespace ipseclab::test;
using ike::EventKind;
using ike::FailureKind;

namespace {

const ike::Event* dropped(const std::vector<ike::Event>& events, const char* part) {
    for (const auto& e : events)
        if (e.kind == EventKind::Dropped && e.text.find(part) != std::string::npos) return &e;
    return nullptr;
}

void finish(IkeHarness& lab) {
    QVERIFY2(lab.A.childSas().size() == 1, qPrintable(dumpBoth(lab)));
    QCOMPARE(lab.B.childSas().size(), std::size_t{1});
    compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
}

// Both peers, all keys, as text: what must not change.
std::string stateOf(const IkeHarness& lab) {
    std::string out;
    for (const ike::Peer* peer : {&lab.A, &lab.B}) {
        for (const auto& sa : peer->ikeSas()) out += toHex(sa.initiatorCookie) + toHex(sa.responderCookie) + ";";
        for (const auto& c : peer->childSas())
            out += std::to_string(c.inbound.spi) + toHex(c.inbound.keymat.view()) + toHex(c.outbound.keymat.view()) +
                   ";";
        out += std::to_string(peer->ikeSaCount()) + "|";
    }
    return out;
}

} // namespace

class TestIkeRobustness : public QObject {
    Q_OBJECT

private slots:
    // Nothing comes back: MM1 goes again after 2, 4, 8, 16 s (back-off), then the exchange fails.
    void retransmissionBackOff() {
        IkeHarness lab(siteA(), siteB());
        lab.filter = [](Delivery& d) { return !d.fromA; }; // B never hears A
        QVERIFY(lab.A.initiate(lab.now).has_value());
        QCOMPARE(lab.A.nextTimeout(), std::optional<ike::Timestamp>(2s));
        lab.run();
        lab.runUntil(200s);
        std::vector<ike::Timestamp> times;
        for (const auto& e : lab.eventsA)
            if (e.kind == EventKind::Retransmitted) times.push_back(e.time);
        QCOMPARE(times, (std::vector<ike::Timestamp>{2s, 6s, 14s, 30s}));
        const auto* f = IkeHarness::last(lab.eventsA, EventKind::Failure);
        QVERIFY(f);
        QCOMPARE(f->time, ike::Timestamp(62s));
        QCOMPARE(f->as<ike::FailureInfo>()->kind, FailureKind::Timeout);
        QVERIFY(f->text.find("no answer to MM1 after 4 retransmissions") != std::string::npos);
        // Every retransmission is byte for byte the first MM1.
        for (const auto& d : lab.wire) QVERIFY(d.transmit.datagram == lab.wire[0].transmit.datagram);
        QCOMPARE(lab.wire.size(), std::size_t{5});
        QVERIFY(!lab.A.nextTimeout());
    }

    // MM4 is lost once: MM3 goes again and gets the very same MM4; B computes its keys only once.
    void lostAnswerIsAnsweredAgainIdentically() {
        IkeHarness lab(siteA(), siteB());
        int mm4 = 0;
        lab.filter = [&](Delivery& d) { return !(d.transmit.label == "MM4" && mm4++ == 0); };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QVERIFY(lab.A.childSas().empty());
        QVERIFY(lab.tick());
        lab.run();
        finish(lab);
        std::vector<Bytes> copies;
        for (const auto& d : lab.wire)
            if (d.transmit.label == "MM4") copies.push_back(d.transmit.datagram);
        QCOMPARE(copies.size(), std::size_t{2});
        QVERIFY(copies[0] == copies[1]);
        QVERIFY(IkeHarness::find(lab.eventsB, "MM3.duplicate"));
        QVERIFY(IkeHarness::find(lab.eventsB, "MM4.resent"));
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DhComputed), 1);
    }

    // QM3 is lost: the responder retransmits QM2, the initiator answers with its stored QM3.
    void lostQm3() {
        IkeHarness lab(siteA(), siteB());
        int qm3 = 0;
        lab.filter = [&](Delivery& d) { return !(d.transmit.label == "QM3" && qm3++ == 0); };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.A.childSas().size(), std::size_t{1});
        QVERIFY(lab.B.childSas().empty());
        QVERIFY(lab.tick());
        finish(lab);
        QVERIFY(IkeHarness::find(lab.eventsB, "QM2.retransmit#1"));
        QVERIFY(IkeHarness::find(lab.eventsA, "QM2.duplicate"));
        QVERIFY(IkeHarness::find(lab.eventsA, "QM3.resent"));
    }

    // AM3 is lost: the responder retransmits AM2 and gets the stored AM3; the Quick Mode that
    // arrived before AM3 (the charon race) was dropped and is retransmitted.
    void lostAm3AndQuickModeTooEarly() {
        auto a = siteA();
        a.mode = ike::Phase1Mode::Aggressive;
        IkeHarness lab(a, siteB());
        int am3 = 0;
        lab.filter = [&](Delivery& d) { return !(d.transmit.label == "AM3" && am3++ == 0); };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QVERIFY(dropped(lab.eventsB, "while phase 1 is incomplete"));
        lab.runUntil(10s);
        finish(lab);
        QVERIFY(IkeHarness::find(lab.eventsA, "AM2.duplicate"));
        QVERIFY(IkeHarness::find(lab.eventsA, "AM3.resent"));
        QVERIFY(IkeHarness::find(lab.eventsA, "QM1.retransmit#1"));
    }

    // Every datagram of a finished exchange, delivered again to its receiver: recognized, nothing changes.
    void replaysChangeNothing() {
        IkeHarness lab(siteA(), siteB());
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        finish(lab);
        const std::string before = stateOf(lab);
        const auto wire = lab.wire;
        lab.eventsA.clear();
        lab.eventsB.clear();
        lab.now += 5s;
        for (const auto& d : wire) {
            (d.fromA ? lab.B : lab.A).handle(d.transmit.datagram, d.transmit.from, d.transmit.to, lab.now);
            lab.run();
        }
        QCOMPARE(stateOf(lab), before);
        QCOMPARE(
            IkeHarness::count(lab.eventsA, EventKind::Failure) + IkeHarness::count(lab.eventsB, EventKind::Failure), 0);
        // Each replay was recognized; only MM5 (its MM6) and QM2 (its QM3) are answered again, and
        // those two answers are duplicates at the other end.
        QCOMPARE(IkeHarness::count(lab.eventsA, EventKind::DuplicateIgnored) +
                     IkeHarness::count(lab.eventsB, EventKind::DuplicateIgnored),
                 int(wire.size()) + 2);
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::Retransmitted), 1); // MM6
        QCOMPARE(IkeHarness::count(lab.eventsA, EventKind::Retransmitted), 1); // QM3
    }

    // Bad input of every kind is dropped and recorded; the peers then complete a normal exchange.
    void badDatagrams() {
        IkeHarness lab(siteA(), siteB());
        const ike::Endpoint from{ip("127.0.0.1"), 500}, to{ip("127.0.0.2"), 500};
        // IKEv2 IKE_SA_INIT header.
        Bytes ikev2 = *fromHex("0102030405060708000000000000000021202208000000000000001c");
        lab.B.handle(ikev2, from, to, lab.now);
        // Garbage, empty, a truncated header.
        lab.B.handle(Bytes{}, from, to, lab.now);
        lab.B.handle(bytesOf("hello, is this IKE?"), from, to, lab.now);
        lab.B.handle(Bytes(27, 0x11), from, to, lab.now);
        // Oversize.
        lab.B.handle(Bytes(20000, 0), from, to, lab.now);
        // A QM for cookies nobody has.
        Bytes unknown = *fromHex("a1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8081020011234567800000030");
        unknown.resize(48, 0x5a);
        lab.B.handle(unknown, from, to, lab.now);
        lab.drainEvents();
        QVERIFY(dropped(lab.eventsB, "IKEv2"));
        QVERIFY(dropped(lab.eventsB, "larger than"));
        QVERIFY(dropped(lab.eventsB, "unknown cookies"));
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::Dropped), 6);
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{0});
        QVERIFY(!lab.B.pollTransmit());

        // A truncated MM1 (Length says more than there is), and MM1 with bytes after its Length.
        QVERIFY(lab.A.initiate(lab.now).has_value());
        auto mm1 = lab.A.pollTransmit();
        QVERIFY(mm1.has_value());
        lab.B.handle(ByteView(mm1->datagram).first(mm1->datagram.size() - 5), mm1->from, mm1->to, lab.now);
        Bytes longer = mm1->datagram;
        longer.push_back(0);
        lab.B.handle(longer, mm1->from, mm1->to, lab.now);
        // On port 4500: a keepalive, and an ESP packet.
        const ike::Endpoint from4500{ip("127.0.0.1"), 4500}, to4500{ip("127.0.0.2"), 4500};
        lab.B.handle(Bytes{0xff}, from4500, to4500, lab.now);
        lab.B.handle(*fromHex("1234567800000001aabbccddeeff0011"), from4500, to4500, lab.now);
        // MM1 on port 4500 without the marker is ESP; with it, it is IKE.
        lab.drainEvents();
        QVERIFY(dropped(lab.eventsB, "NAT-keepalive"));
        QVERIFY(dropped(lab.eventsB, "ESP packet on port 4500"));
        // Their fields, asked for later: none for what never was ISAKMP; for the truncated MM1 the
        // header's fields up to its Length, which names the fault.
        for (const char* part : {"NAT-keepalive", "ESP packet on port 4500"})
            QVERIFY(dropped(lab.eventsB, part)->as<ike::DatagramInfo>()->annotations().empty());
        const wire::Annotations truncated = dropped(lab.eventsB, "truncated")->as<ike::DatagramInfo>()->annotations();
        QVERIFY(!truncated.empty());
        QCOMPARE(QString::fromStdString(truncated.back().key), QString("isakmp.length"));
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{0});
        lab.B.handle(mm1->datagram, mm1->from, mm1->to, lab.now);
        lab.run();
        finish(lab);
    }

    // A message out of order (MM5 while the responder waits for MM3) is dropped; the exchange goes on.
    void outOfOrder() {
        // The same seed gives the same datagrams: take MM5 from a first run.
        IkeHarness first(siteA(), siteB(), 7);
        QVERIFY(first.A.initiate(first.now).has_value());
        first.run();
        Bytes mm5;
        ike::Endpoint from, to;
        for (const auto& d : first.wire)
            if (d.transmit.label == "MM5") {
                mm5 = d.transmit.datagram;
                from = d.transmit.from;
                to = d.transmit.to;
            }
        QVERIFY(!mm5.empty());

        IkeHarness lab(siteA(), siteB(), 7);
        QVERIFY(lab.A.initiate(lab.now).has_value());
        auto mm1 = lab.A.pollTransmit();
        lab.B.handle(mm1->datagram, mm1->from, mm1->to, lab.now);
        lab.B.handle(mm5, from, to, lab.now); // B waits for MM3
        lab.drainEvents();
        QVERIFY2(dropped(lab.eventsB, "out of order"), qPrintable(dumpBoth(lab)));
        lab.wire.push_back(Delivery{true, *mm1});
        lab.run();
        finish(lab);
    }

    // A corrupted QM1 fails verification and does not move B's IV chain: the retransmitted
    // original succeeds. It is an unauthenticated datagram, never a failure of the exchange.
    void corruptedMessageDoesNotCorrupt() {
        IkeHarness lab(siteA(), siteB());
        int qm1 = 0;
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label == "QM1" && qm1++ == 0) d.transmit.datagram[d.transmit.datagram.size() - 20] ^= 0x01;
            return true;
        };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QVERIFY(lab.B.childSas().empty());
        QVERIFY(dropped(lab.eventsB, "not authenticated, so it changes nothing"));
        QVERIFY(!IkeHarness::last(lab.eventsB, EventKind::Failure));
        lab.runUntil(5s);
        finish(lab);
        QVERIFY(!IkeHarness::last(lab.eventsA, EventKind::Failure));
        QVERIFY(!IkeHarness::last(lab.eventsB, EventKind::Failure));
    }

    // A flipped bit in MM5 (in flight): the responder rejects it; the retransmission gets through.
    void corruptedMm5() {
        IkeHarness lab(siteA(), siteB());
        int mm5 = 0;
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label == "MM5" && mm5++ == 0) d.transmit.datagram[40] ^= 0x80;
            return true;
        };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        lab.runUntil(5s);
        finish(lab);
    }

    // The responder's half-open IKE SAs (MM1 and nothing more) are forgotten after a while.
    void halfOpenForgotten() {
        IkeHarness lab(siteA(), siteB());
        lab.filter = [](Delivery& d) { return d.transmit.label == "MM1"; };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{1});
        lab.runUntil(300s);
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{0});
        QCOMPARE(lab.A.ikeSaCount(), std::size_t{0});
    }

    // A flood of MM1s with fresh cookies (issue 17, point 7): 20 from one address, then 3,000 from
    // 600 others. The responder keeps at most 5 half-open SAs per address and 1,000 in all, says
    // why it dropped or forgot each, a genuine initiator still gets phase 1 and Quick Mode through,
    // and at the half-open timeout every flood SA is gone.
    void halfOpenFloodIsCapped() {
        IkeHarness lab(siteA(), siteB());
        crypto::DeterministicRandom random(7);
        ike::Peer flooder(siteA(), random); // its MM1, sent again and again with new cookies
        QVERIFY(flooder.initiate(lab.now).has_value());
        const auto mm1 = flooder.pollTransmit();
        QVERIFY(mm1 && mm1->label == "MM1");
        int refused = 0, forgotten = 0;
        std::uint32_t sent = 0;
        const auto flood = [&](const wire::Ipv4Address& from) {
            Bytes datagram = mm1->datagram;
            ++sent;
            for (int i = 0; i < 4; ++i) datagram[i] = static_cast<std::uint8_t>(sent >> (8 * i));
            lab.B.handle(datagram, ike::Endpoint{from, 500}, lab.B.config().local, lab.now);
            while (lab.B.pollTransmit()) {}
            while (auto e = lab.B.pollEvent()) {
                refused += e->kind == EventKind::Dropped && e->id == "datagram.half-open-limit";
                forgotten += e->kind == EventKind::SaDeleted;
            }
        };
        for (int i = 0; i < 20; ++i) flood(ip("127.9.9.9"));
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{5});
        QCOMPARE(refused, 15);
        for (int i = 0; i < 3000; ++i) {
            const int address = i / 5;
            const std::string dotted = "127.10." + std::to_string(address / 250) + "." +
                                       std::to_string(address % 250 + 1);
            flood(ip(dotted.c_str()));
        }
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{1000});
        QCOMPARE(refused, 15);
        QCOMPARE(forgotten, 3005 - 1000);

        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        finish(lab);
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{1000}); // one flood SA made room for it

        lab.runUntil(300s);
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{1}); // the established one
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1});
    }

    // The flood goes on while a genuine initiator is between MM2 and MM3 (CI's peer_flood_100k
    // lost it so: at 50,000 MM1/s the oldest of 1,000 lasts 20 ms). The flood's addresses each
    // hold SAs, so each new MM1 pushes out its own address's oldest, never the genuine one.
    void floodDuringPhase1SparesTheGenuineInitiator() {
        IkeHarness lab(siteA(), siteB());
        crypto::DeterministicRandom random(7);
        ike::Peer flooder(siteA(), random);
        QVERIFY(flooder.initiate(lab.now).has_value());
        const auto mm1 = flooder.pollTransmit();
        QVERIFY(mm1 && mm1->label == "MM1");
        std::uint32_t sent = 0;
        const auto flood = [&](int count) {
            for (int i = 0; i < count; ++i) {
                Bytes datagram = mm1->datagram;
                ++sent;
                for (int b = 0; b < 4; ++b) datagram[b] = static_cast<std::uint8_t>(sent >> (8 * b));
                const std::string from = "127.10." + std::to_string(sent % 256) + ".1"; // round robin
                lab.B.handle(datagram, ike::Endpoint{ip(from.c_str()), 500}, lab.B.config().local, lab.now);
                while (lab.B.pollTransmit()) {}
                while (lab.B.pollEvent()) {}
            }
        };
        flood(1200);
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{1000});
        QVERIFY(lab.A.initiate(lab.now).has_value());
        bool held = false;
        std::optional<ike::Transmit> mm3;
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label != "MM3" || held) return true;
            held = true;
            mm3 = d.transmit;
            return false;
        };
        lab.run();
        QVERIFY(mm3.has_value());
        flood(5000);
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{1000});
        lab.B.handle(mm3->datagram, mm3->from, mm3->to, lab.now);
        lab.run();
        finish(lab);
    }
};

QTEST_APPLESS_MAIN(TestIkeRobustness)
#include "tst_ike_robustness.moc"
