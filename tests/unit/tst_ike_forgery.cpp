// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Issue 17: a datagram that does not authenticate changes no state, and an exchange fails only by
// its own timeout or an authenticated notify. Forged Informationals and Quick Mode messages (right
// cookies and Message ID, random body), junk that used to flush the replay cache, replays from a
// new address, error notifies and Deletes that name something else: each injected between two
// engines, each test asserting what the unfixed engine got wrong (an erased IV, a failure, a new
// Quick Mode, a moved peer, a cancelled exchange, a removed SA).

#include <QTest>

#include "ike/Engine.h"
#include "tst_ike_support.h"

using namespace ipseclab;
using namespace ipseclab::test;
using ike::EventKind;
using ike::FailureKind;
using wire::NotifyType;

namespace {

int failures(const std::vector<ike::Event>& events) { return IkeHarness::count(events, EventKind::Failure); }

const ike::Event* droppedWith(const std::vector<ike::Event>& events, const char* part) {
    for (const auto& e : events)
        if (e.kind == EventKind::Dropped && e.text.find(part) != std::string::npos) return &e;
    return nullptr;
}

// A datagram with `header`'s cookies (and Message ID unless `messageId` is given), of exchange type
// `exchange`, flagged encrypted, with `bodyLength` random bytes for a body: what an attacker without
// keys can send.
Bytes forged(ByteView header, std::uint8_t exchange, std::uint32_t seed, std::size_t bodyLength = 48,
             std::optional<std::uint32_t> messageId = std::nullopt) {
    Bytes out(header.begin(), header.begin() + 28);
    out[16] = 8; // HASH
    out[18] = exchange;
    out[19] |= 0x01;
    if (messageId) writeU32(out, 20, *messageId);
    crypto::DeterministicRandom noise(seed);
    append(out, noise.bytes(bodyLength));
    writeU32(out, 24, static_cast<std::uint32_t>(out.size()));
    return out;
}

// The genuine clear message `bytes` with another responder cookie, altered by `alter`: a forgery
// anyone who saw the exchange's first message can make (the cookies travel in clear).
Bytes altered(ByteView bytes, const std::function<void(wire::IsakmpMessage&)>& alter) {
    auto message = wire::decodeMessage(bytes);
    if (!message) return {};
    message->header.responderCookie[0] ^= 0x5a;
    alter(*message);
    auto encoded = wire::encodeMessage(*message);
    return encoded ? *encoded : Bytes{};
}

// A clear Informational with `type`, on the cookies of `bytes` (the responder's one altered).
Bytes clearNotify(ByteView bytes, NotifyType type) {
    wire::IsakmpHeader header = wire::decodeMessage(bytes)->header;
    header.responderCookie[0] ^= 0x5a;
    header.exchangeType = wire::ExchangeType::Informational;
    header.flags = 0;
    const std::vector<wire::Payload> payloads{
        wire::Payload{wire::NotificationPayload{wire::kIpsecDoi, wire::ProtocolId::Isakmp, type, {}, {}}}};
    return *wire::encodeMessage(header, payloads);
}

template <typename T>
T* payload(wire::IsakmpMessage& m) {
    for (wire::Payload& p : m.chain.payloads)
        if (auto* body = p.as<T>()) return body;
    return nullptr;
}

// A forgery of the genuine MM2/AM2 `bytes`: 0, its SA made unacceptable (a transform number we did
// not offer); 1, its HASH_R altered; 2, a clear NO-PROPOSAL-CHOSEN instead.
Bytes forgedSecond(ByteView bytes, int forgery) {
    if (forgery == 2) return clearNotify(bytes, NotifyType::NoProposalChosen);
    return altered(bytes, [&](wire::IsakmpMessage& m) {
        if (forgery == 0) payload<wire::SaPayload>(m)->proposals[0].transforms[0].number = 77;
        else payload<wire::HashPayload>(m)->hash[0] ^= 0x01;
    });
}

// A forgery of the genuine MM3/MM4 `bytes`, on its own cookies: 0, its KE all zero bytes (g^x = 0);
// 1, its KE all 0xff (not below p); 2, its KE a byte short; 3, no nonce; 4, a nonce of 4 bytes.
Bytes forgedKeyExchange(ByteView bytes, int forgery) {
    const auto message = wire::decodeMessage(bytes);
    std::vector<wire::Payload> payloads;
    for (const wire::Payload& p : message->chain.payloads) {
        if (const auto* ke = p.as<wire::KePayload>()) {
            Bytes value = ke->keyExchangeData;
            if (forgery < 2) std::fill(value.begin(), value.end(), forgery == 0 ? 0x00 : 0xff);
            if (forgery == 2) value.pop_back();
            payloads.push_back(wire::Payload{wire::KePayload{std::move(value)}});
        } else if (!p.as<wire::NoncePayload>()) {
            payloads.push_back(p);
        } else if (forgery != 3) {
            payloads.push_back(forgery == 4 ? wire::Payload{wire::NoncePayload{Bytes(4, 0x42)}} : p);
        }
    }
    return *wire::encodeMessage(message->header, payloads);
}

const Delivery* sent(const IkeHarness& lab, const std::string& label) {
    for (const auto& d : lab.wire)
        if (d.transmit.label == label) return &d;
    return nullptr;
}

// The Informationals sent by A (`fromA`) or by B so far, in order.
std::vector<const Delivery*> informationals(const IkeHarness& lab, bool fromA) {
    std::vector<const Delivery*> out;
    for (const auto& d : lab.wire)
        if (d.fromA == fromA && d.transmit.label == "INFO") out.push_back(&d);
    return out;
}

// Phase 1 and a Quick Mode between A behind a NAT (127.0.0.3, ports + 1000) and B: B follows A's
// authenticated, fresh messages to a new mapping, so a replay that moved it would show.
void establishBehindNat(IkeHarness& lab) {
    lab.nat = ip("127.0.0.3");
    QVERIFY(lab.A.initiate(lab.now).has_value());
    lab.run();
    QCOMPARE(lab.B.childSas().size(), std::size_t{1});
}

// Two engines, seen from inside (their IKE SAs, IVs and children), and the wire between them.
struct EnginePair {
    explicit EnginePair(ike::PeerConfig a = siteA(), ike::PeerConfig b = siteB())
        : randomA(crypto::DeterministicRandom(1).fork("site-a")),
          randomB(crypto::DeterministicRandom(1).fork("site-b")), A(std::move(a), randomA), B(std::move(b), randomB) {}

    crypto::DeterministicRandom randomA, randomB;
    ike::detail::Engine A, B;
    ike::Timestamp now{0};
    std::function<bool(bool fromA, ike::Transmit&)> filter; // false: dropped

    void run() {
        for (bool any = true; any;) {
            any = false;
            for (bool fromA : {true, false}) {
                ike::detail::Engine& sender = fromA ? A : B;
                ike::detail::Engine& receiver = fromA ? B : A;
                while (!sender.transmits.empty()) {
                    ike::Transmit t = std::move(sender.transmits.front());
                    sender.transmits.pop_front();
                    any = true;
                    if (!filter || filter(fromA, t)) receiver.handle(t.datagram, t.from, t.to, now);
                }
            }
        }
    }
    // Fires the earlier of the two engines' next timeouts, and delivers what follows, while `pending`.
    void runTimeoutsWhile(const std::function<bool()>& pending) {
        while (pending()) {
            const auto a = A.nextTimeout(), b = B.nextTimeout();
            if (!a && !b) return;
            now = std::min(a.value_or(ike::Timestamp::max()), b.value_or(ike::Timestamp::max()));
            A.handleTimeout(now);
            B.handleTimeout(now);
            run();
        }
    }
    static const ike::Event* lastFailure(const ike::detail::Engine& engine) {
        const ike::Event* f = nullptr;
        for (const auto& e : engine.events)
            if (e.kind == EventKind::Failure) f = &e;
        return f;
    }
    static ike::detail::IkeSa& sa(const ike::detail::Engine& engine, std::size_t index = 0) {
        return *engine.ikeSas().at(index);
    }
    static int count(const ike::detail::Engine& engine, EventKind kind) {
        int n = 0;
        for (const auto& e : engine.events) n += e.kind == kind;
        return n;
    }
};

} // namespace

class TestIkeForgery : public QObject {
    Q_OBJECT

private slots:
    // Point 1: a forged Informational on the Message ID of a running Quick Mode, at both ends
    // (A waits for QM2, B for QM3): each is dropped as unauthenticated; the IVs stay; the Quick
    // Mode completes and no failure is recorded. Unfixed, the IV was erased and QM2 failed.
    void forgedInformationalKeepsQuickMode() {
        IkeHarness lab(siteA(), siteB());
        int injected = 0;
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label != "QM2") return true;
            const Delivery* qm1 = sent(lab, "QM1");
            lab.A.handle(forged(qm1->transmit.datagram, 5, 1), d.transmit.from, d.transmit.to, lab.now);
            lab.B.handle(forged(qm1->transmit.datagram, 5, 2), qm1->transmit.from, qm1->transmit.to, lab.now);
            ++injected;
            return true;
        };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QCOMPARE(injected, 1);
        QVERIFY2(lab.A.childSas().size() == 1 && lab.B.childSas().size() == 1, qPrintable(dumpBoth(lab)));
        compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
        QVERIFY(droppedWith(lab.eventsA, "Informational message did not decrypt"));
        QVERIFY(droppedWith(lab.eventsB, "Informational message did not decrypt"));
        QVERIFY(droppedWith(lab.eventsB, "not authenticated, so it changes nothing"));
    }

    // Point 1, inside: the forged Informational leaves the Quick Mode's IV exactly as it was.
    void forgedInformationalLeavesTheIv() {
        EnginePair pair;
        std::uint32_t mid = 0;
        Bytes before, after;
        bool hadIv = false, keptIv = false, newKept = true;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (fromA || t.label != "QM2") return true;
            ike::detail::IkeSa& b = EnginePair::sa(pair.B);
            mid = readU32(t.datagram, 20);
            hadIv = b.iv.has(mid);
            before = b.iv.current(mid);
            pair.B.handle(forged(t.datagram, 5, 3), t.to, t.from, pair.now);
            keptIv = b.iv.has(mid);
            after = b.iv.current(mid);
            // A new Message ID's IV is derived on demand and kept only when a message verified.
            pair.B.handle(forged(t.datagram, 5, 4, 48, mid + 1), t.to, t.from, pair.now);
            newKept = b.iv.has(mid + 1);
            return true;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QVERIFY(mid != 0);
        QVERIFY(hadIv);
        QVERIFY(keptIv);
        QCOMPARE(hexOf(after), hexOf(before));
        QVERIFY(!newKept);
        QCOMPARE(pair.A.childSas().size(), std::size_t{1});
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure) + EnginePair::count(pair.B, EventKind::Failure), 0);
    }

    // Point 1 and 2: an undecryptable fake QM2 (at A) and fake QM3 (at B) just before the genuine
    // ones: dropped as unauthenticated, no Failure (which would end `ipsec-lab peer`), no state
    // change; the genuine messages complete the Quick Mode.
    void fakeQuickModeMessagesAreEventsNotFailures() {
        IkeHarness lab(siteA(), siteB());
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label == "QM2")
                lab.A.handle(forged(d.transmit.datagram, 32, 5), d.transmit.from, d.transmit.to, lab.now);
            if (d.transmit.label == "QM3")
                lab.B.handle(forged(d.transmit.datagram, 32, 6), d.transmit.from, d.transmit.to, lab.now);
            return true;
        };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QVERIFY2(lab.A.childSas().size() == 1 && lab.B.childSas().size() == 1, qPrintable(dumpBoth(lab)));
        compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
        QVERIFY(droppedWith(lab.eventsA, "QM2 of Quick Mode"));
        QVERIFY(droppedWith(lab.eventsB, "QM3 of Quick Mode"));
        // Nothing else went out because of them: A sent QM1, QM3 once each; B sent QM2 once.
        int qm3 = 0;
        for (const auto& d : lab.wire) qm3 += d.transmit.label == "QM3";
        QCOMPARE(qm3, 1);
    }

    // Point 4: 40 junk Quick Mode datagrams (right cookies, random Message IDs and bodies) once
    // flushed the 32-entry replay cache, and an old QM1 replayed then started a new Quick Mode.
    // Now junk enters no cache and the QM1's Message ID stays spent.
    void junkCannotFlushTheReplayCache() {
        IkeHarness lab(siteA(), siteB());
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        const Delivery qm1 = *sent(lab, "QM1");
        lab.eventsB.clear();
        for (std::uint32_t i = 0; i < 40; ++i)
            lab.B.handle(forged(qm1.transmit.datagram, 32, 100 + i, 64, 0x1000 + i), qm1.transmit.from, qm1.transmit.to,
                         lab.now);
        lab.drainEvents();
        const int junkFailures = failures(lab.eventsB);
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DatagramSent), 0);
        lab.eventsB.clear();
        lab.B.handle(qm1.transmit.datagram, qm1.transmit.from, qm1.transmit.to, lab.now);
        lab.drainEvents();
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DatagramSent), 0); // no QM2 for the replay
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::StateChanged), 0);
        QVERIFY2(IkeHarness::count(lab.eventsB, EventKind::DuplicateIgnored) == 1, qPrintable(dumpBoth(lab)));
        QCOMPARE(junkFailures, 0); // junk is an event, never a failure
        QVERIFY(!lab.B.pollTransmit());
        // The replay's Message ID is refused however much genuine traffic comes in between too:
        // 40 Informationals (DPD) fill the recent-datagram list, and the QM1 is still a replay.
        for (int i = 0; i < 40; ++i) {
            QVERIFY(lab.A.sendDpd(lab.now).has_value());
            lab.run();
        }
        lab.eventsB.clear();
        lab.B.handle(qm1.transmit.datagram, qm1.transmit.from, qm1.transmit.to, lab.now);
        lab.drainEvents();
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DuplicateIgnored), 1);
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DatagramSent), 0);
        // A genuine new Quick Mode still runs.
        QVERIFY(lab.A.startQuickMode(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.A.childSas().size(), std::size_t{2});
        QCOMPARE(lab.B.childSas().size(), std::size_t{2});
    }

    // Point 4 for Informationals: an R-U-THERE replayed after junk is recognised and not answered.
    void replayedInformationalAfterJunk() {
        IkeHarness lab(siteA(), siteB());
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QVERIFY(lab.A.sendDpd(lab.now).has_value());
        lab.run();
        const Delivery* info = nullptr;
        for (const auto& d : lab.wire)
            if (d.fromA && d.transmit.label == "INFO") info = &d;
        QVERIFY(info);
        const Delivery ruThere = *info;
        for (std::uint32_t i = 0; i < 40; ++i)
            lab.B.handle(forged(ruThere.transmit.datagram, 5, 200 + i, 64, 0x2000 + i), ruThere.transmit.from,
                         ruThere.transmit.to, lab.now);
        lab.drainEvents();
        lab.eventsB.clear();
        lab.B.handle(ruThere.transmit.datagram, ruThere.transmit.from, ruThere.transmit.to, lab.now);
        lab.drainEvents();
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DuplicateIgnored), 1);
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::NotifySent), 0); // no second R-U-THERE-ACK
        QVERIFY(!lab.B.pollTransmit());
    }

    // Point 5, no NAT between the peers: an authenticated Informational from another address (a
    // rewritten source) does not move the peer; neither does a replay from a new address.
    void noNatPeerDoesNotMove() {
        IkeHarness lab(siteA(), siteB());
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        const ike::Endpoint elsewhere{ip("127.0.0.9"), 500};
        lab.filter = [&](Delivery& d) {
            if (d.fromA && d.transmit.label == "INFO") d.transmit.from = elsewhere;
            return true;
        };
        QVERIFY(lab.A.sendDpd(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.B.ikeSas().at(0).remote.toString(), std::string("127.0.0.1:500"));
        QVERIFY2(IkeHarness::find(lab.eventsB, "peer.moved.127.0.0.9:500"), qPrintable(dumpBoth(lab)));
        // B answered where its peer is, and A heard it.
        const ike::Event* ack = IkeHarness::last(lab.eventsA, EventKind::Dpd);
        QVERIFY(ack && ack->as<ike::DpdInfo>()->step == ike::DpdInfo::Step::AckReceived);
    }

    // Point 5 behind a NAT (A behind it): A, behind the NAT, never moves B; B follows A's new
    // mapping on a fresh authenticated Informational, never on a replay.
    void natFollowOnlyFreshAndOnlyOutside() {
        IkeHarness lab(siteA(), siteB());
        lab.nat = ip("127.0.0.3");
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        QCOMPARE(lab.B.ikeSas().at(0).remote.toString(), std::string("127.0.0.3:5500"));
        // B's authenticated Informational reaches A from another address: A, behind the NAT, stays.
        const std::string before = lab.A.ikeSas().at(0).remote.toString();
        lab.filter = [&](Delivery& d) {
            if (!d.fromA && d.transmit.label == "INFO") d.transmit.from = ike::Endpoint{ip("127.0.0.8"), 4500};
            return true;
        };
        QVERIFY(lab.B.sendDpd(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.A.ikeSas().at(0).remote.toString(), before);
        QVERIFY(IkeHarness::find(lab.eventsA, "peer.moved.127.0.0.8:4500"));
        // The NAT's mapping changes: A's next Informational comes from port 5501. B follows.
        lab.filter = [&](Delivery& d) {
            if (d.fromA && d.transmit.label == "INFO") d.transmit.from.port = 4501;
            return d.fromA; // B's answer would need the NAT's new mapping, which this wire does not model
        };
        QVERIFY(lab.A.sendDpd(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.B.ikeSas().at(0).remote.toString(), std::string("127.0.0.3:5501"));
        // A replay of that Informational from the old mapping moves nothing back.
        const Delivery* info = nullptr;
        for (const auto& d : lab.wire)
            if (d.fromA && d.transmit.label == "INFO") info = &d;
        QVERIFY(info);
        lab.filter = nullptr;
        Bytes replay = info->transmit.datagram;
        lab.B.handle(replay, ike::Endpoint{ip("127.0.0.3"), 5500}, ike::Endpoint{ip("127.0.0.2"), 4500}, lab.now);
        lab.drainEvents();
        QCOMPARE(lab.B.ikeSas().at(0).remote.toString(), std::string("127.0.0.3:5501"));
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
    }

    // IKEv1 protection has no direction: B's own R-U-THERE sent back to B (from another address)
    // decrypts and verifies at B. It is refused like a replay and moves nothing. Unfixed, B
    // followed it to the attacker's address (the control, a fresh message of A's moving B, is in
    // natFollowOnlyFreshAndOnlyOutside).
    void reflectedInformationalMovesNothing() {
        IkeHarness lab(siteA(), siteB());
        establishBehindNat(lab);
        QVERIFY(lab.B.sendDpd(lab.now).has_value());
        lab.run();
        QVERIFY(!informationals(lab, false).empty());
        const Bytes reflected = informationals(lab, false).back()->transmit.datagram;
        lab.B.handle(reflected, ike::Endpoint{ip("127.0.0.9"), 4500}, ike::Endpoint{ip("127.0.0.2"), 4500}, lab.now);
        lab.drainEvents();
        QCOMPARE(lab.B.ikeSas().at(0).remote.toString(), std::string("127.0.0.3:5500"));
        bool refused = false;
        for (const auto& e : lab.eventsB)
            refused = refused ||
                      (e.kind == EventKind::DuplicateIgnored && e.text.find("a reflection") != std::string::npos);
        QVERIFY(refused);
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
    }

    // Point 2, phase 1: a forged MM5 at the responder and a forged MM6 at the initiator (right
    // cookies, random bytes) just before the genuine ones: recorded as unreadable, no failure,
    // phase 1 completes. Unfixed, each was a PSK-mismatch failure at once.
    void forgedPhase1MessagesDoNotFailPhase1() {
        IkeHarness lab(siteA(), siteB());
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label == "MM5")
                lab.B.handle(forged(d.transmit.datagram, 2, 7, 64, 0), d.transmit.from, d.transmit.to, lab.now);
            if (d.transmit.label == "MM6")
                lab.A.handle(forged(d.transmit.datagram, 2, 8, 64, 0), d.transmit.from, d.transmit.to, lab.now);
            return true;
        };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QVERIFY2(lab.A.childSas().size() == 1 && lab.B.childSas().size() == 1, qPrintable(dumpBoth(lab)));
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
        QVERIFY(IkeHarness::find(lab.eventsB, "MM5.unreadable"));
        QVERIFY(IkeHarness::find(lab.eventsA, "MM6.unreadable"));
        // Nothing lingers to fail later.
        lab.runUntil(lab.now + 300s);
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
    }

    // Point 2, Aggressive Mode: a forged AM3 before the genuine one changes nothing.
    void forgedAm3DoesNotFailPhase1() {
        auto a = siteA(), b = siteB();
        a.mode = b.mode = ike::Phase1Mode::Aggressive;
        IkeHarness lab(a, b);
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label == "AM3")
                lab.B.handle(forged(d.transmit.datagram, 4, 9, 64, 0), d.transmit.from, d.transmit.to, lab.now);
            return true;
        };
        QVERIFY(lab.A.initiate(lab.now).has_value());
        lab.run();
        QVERIFY2(lab.A.childSas().size() == 1 && lab.B.childSas().size() == 1, qPrintable(dumpBoth(lab)));
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
        QVERIFY(IkeHarness::find(lab.eventsB, "AM3.unreadable"));
    }

    // Phase 1's second message, forged ahead of the genuine one: an MM2/AM2 whose SA we cannot
    // accept, an AM2 whose HASH_R does not verify, a clear NO-PROPOSAL-CHOSEN. Each is dropped (the
    // notify recorded), the initiator's SA is unchanged (state, no responder cookie, no peer values,
    // no keys, nothing derived), and the genuine answer completes the exchange. Unfixed, the first
    // and the last failed phase 1 at once, and the bad HASH_R wrote AM2's values into the SA first.
    void forgedSecondMessageChangesNothing_data() {
        QTest::addColumn<bool>("aggressive");
        QTest::addColumn<int>("forgery"); // 0: unacceptable SA, 1: bad HASH_R, 2: clear NO-PROPOSAL-CHOSEN
        QTest::addColumn<QString>("dropped");
        QTest::newRow("MM2 unacceptable SA") << false << 0 << "MM2.unacceptable";
        QTest::newRow("AM2 unacceptable SA") << true << 0 << "AM2.unacceptable";
        QTest::newRow("AM2 bad HASH_R") << true << 1 << "AM2.bad-hash";
        QTest::newRow("MM1 answered NO-PROPOSAL-CHOSEN") << false << 2 << "";
        QTest::newRow("AM1 answered NO-PROPOSAL-CHOSEN") << true << 2 << "";
    }
    void forgedSecondMessageChangesNothing() {
        QFETCH(bool, aggressive);
        QFETCH(int, forgery);
        QFETCH(QString, dropped);
        auto a = siteA(), b = siteB();
        if (aggressive) a.mode = b.mode = ike::Phase1Mode::Aggressive;
        EnginePair pair(a, b);
        const std::string second = aggressive ? "AM2" : "MM2";
        bool injected = false, unchanged = false, answerNamesItsCookies = false;
        std::size_t notifiesSent = 0;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (fromA || t.label != second || injected) return true;
            injected = true;
            const Bytes forgedBytes = forgedSecond(t.datagram, forgery);
            const ike::detail::P1State before = EnginePair::sa(pair.A).state;
            const auto derived = EnginePair::count(pair.A, EventKind::Derived);
            pair.A.handle(forgedBytes, t.from, t.to, pair.now);
            if (forgedBytes.empty() || pair.A.ikeSas().size() != 1) return true; // unfixed: the SA is gone
            const ike::detail::IkeSa& sa = EnginePair::sa(pair.A);
            unchanged = sa.state == before && ike::detail::isZero(sa.ckyR) && sa.gxr.value().empty() &&
                        sa.nr.value().empty() && sa.keys.skeyid.size() == 0 &&
                        EnginePair::count(pair.A, EventKind::Derived) == derived;
            notifiesSent = static_cast<std::size_t>(EnginePair::count(pair.A, EventKind::NotifySent));
            // The answer names the cookies of the AM2 it answers (A accepted no responder cookie).
            if (notifiesSent == 1 && !pair.A.transmits.empty())
                answerNamesItsCookies = wire::decodeMessage(pair.A.transmits.back().datagram)->header.responderCookie ==
                                        wire::decodeMessage(forgedBytes)->header.responderCookie;
            return true;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QVERIFY(injected);
        QVERIFY(unchanged);
        if (!dropped.isEmpty()) {
            const auto it = std::find_if(pair.A.events.begin(), pair.A.events.end(),
                                         [&](const ike::Event& e) { return e.id == dropped.toStdString(); });
            QVERIFY(it != pair.A.events.end());
            QCOMPARE(it->kind, EventKind::Dropped);
        }
        // The bad HASH_R alone is answered (AUTHENTICATION-FAILED, once); nothing else is.
        QCOMPARE(notifiesSent, std::size_t(forgery == 1 ? 1 : 0));
        QCOMPARE(answerNamesItsCookies, forgery == 1);
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure) + EnginePair::count(pair.B, EventKind::Failure), 0);
        QCOMPARE(pair.A.childSas().size(), std::size_t{1});
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
    }

    // Only forged second messages come (the genuine one lost): the initiator keeps retransmitting and
    // fails at its own timeout, named by what came: a proposal mismatch for an unacceptable SA or a
    // clear NO-PROPOSAL-CHOSEN (which it says cannot be authenticated), a PSK mismatch for a bad HASH_R.
    void onlyForgedSecondMessagesNameTheTimeout_data() { forgedSecondMessageChangesNothing_data(); }
    void onlyForgedSecondMessagesNameTheTimeout() {
        QFETCH(bool, aggressive);
        QFETCH(int, forgery);
        auto a = siteA(), b = siteB();
        if (aggressive) a.mode = b.mode = ike::Phase1Mode::Aggressive;
        EnginePair pair(a, b);
        const std::string second = aggressive ? "AM2" : "MM2";
        int forgeries = 0;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (fromA || t.label != second) return true;
            ++forgeries;
            const Bytes forgedBytes = forgedSecond(t.datagram, forgery);
            pair.A.handle(forgedBytes, t.from, t.to, pair.now);
            return false;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure), 0);
        while (!pair.A.ikeSas().empty()) {
            const auto next = pair.A.nextTimeout();
            QVERIFY(next);
            pair.now = *next;
            pair.A.handleTimeout(pair.now);
            pair.B.handleTimeout(pair.now);
            pair.run();
        }
        QVERIFY(forgeries > 1); // each retransmission of the first message was answered again
        QCOMPARE(EnginePair::count(pair.A, EventKind::Retransmitted), a.retransmit.maxRetransmits);
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure), 1);
        const ike::Event* f = nullptr;
        for (const auto& e : pair.A.events)
            if (e.kind == EventKind::Failure) f = &e;
        QVERIFY(f);
        const char* named[] = {"The only answers offered no proposal we accept", "HASH_R in message 2 did not verify",
                               "the responder said NO-PROPOSAL-CHOSEN in clear, which cannot be authenticated"};
        QCOMPARE(f->as<ike::FailureInfo>()->kind,
                 forgery == 1 ? FailureKind::PskMismatch : FailureKind::NoProposalChosen);
        QVERIFY2(QString::fromStdString(f->text).contains(named[forgery], Qt::CaseInsensitive), f->text.c_str());
        QVERIFY2(f->text.find(std::string("no acceptable answer to ") + (aggressive ? "AM1" : "MM1")) !=
                     std::string::npos,
                 f->text.c_str());
        // At most one notify answered all those forgeries.
        QVERIFY(EnginePair::count(pair.A, EventKind::NotifySent) <= 1);
    }

    // Junk MM5s and AM3s (ten encrypted, then one in clear: an MM5 not encrypted, an AM3 with a wrong
    // HASH_I) make the responder answer once per kind and SA, not once per datagram (it was a
    // reflector: one PAYLOAD-MALFORMED for each).
    void junkIsAnsweredOncePerSa_data() {
        QTest::addColumn<bool>("aggressive");
        QTest::newRow("MM5") << false;
        QTest::newRow("AM3") << true;
    }
    void junkIsAnsweredOncePerSa() {
        QFETCH(bool, aggressive);
        auto a = siteA(), b = siteB();
        if (aggressive) a.mode = b.mode = ike::Phase1Mode::Aggressive;
        EnginePair pair(a, b);
        const std::string third = aggressive ? "AM3" : "MM5";
        int sentBefore = -1;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (!fromA || t.label != third || sentBefore >= 0) return true;
            sentBefore = EnginePair::count(pair.B, EventKind::DatagramSent);
            for (std::uint32_t i = 0; i < 10; ++i)
                pair.B.handle(forged(t.datagram, aggressive ? 4 : 2, 100 + i, 64, 0), t.from, t.to, pair.now);
            { // and a clear one: an AM3 whose HASH_I is wrong, an MM5 that is not encrypted
                wire::IsakmpHeader header = wire::decodeMessage(t.datagram)->header;
                header.flags = 0;
                const std::vector<wire::Payload> hash{wire::Payload{wire::HashPayload{Bytes(20, 0x42)}}};
                pair.B.handle(*wire::encodeMessage(header, hash), t.from, t.to, pair.now);
            }
            sentBefore = EnginePair::count(pair.B, EventKind::DatagramSent) - sentBefore;
            return true;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QCOMPARE(sentBefore, 2);
        QCOMPARE(EnginePair::count(pair.B, EventKind::NotifySent), 2);
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure) + EnginePair::count(pair.B, EventKind::Failure), 0);
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
    }

    // Main Mode's third and fourth messages travel in clear too: an MM3 (at the responder) or MM4
    // (at the initiator) forged ahead of the genuine one, with a KE that is no Diffie-Hellman value
    // (0, not below p), a KE of the wrong length, no nonce or a short one. Each is dropped; the SA
    // is unchanged (state, no peer values, no keys, nothing derived, no g^xy); the first is answered
    // with one clear notify, the second with none; the genuine message completes the exchange.
    // Unfixed, each recorded a failure and was answered, and an unusable value failed phase 1.
    void forgedKeyExchangeChangesNothing_data() {
        QTest::addColumn<bool>("third"); // MM3 at B, else MM4 at A
        QTest::addColumn<int>("forgery");
        const char* names[] = {"KE 0", "KE not below p", "KE a byte short", "no nonce", "short nonce"};
        for (bool third : {true, false})
            for (int forgery = 0; forgery < 5; ++forgery)
                QTest::newRow(qPrintable(QString(third ? "MM3 " : "MM4 ") + names[forgery])) << third << forgery;
    }
    void forgedKeyExchangeChangesNothing() {
        QFETCH(bool, third);
        QFETCH(int, forgery);
        EnginePair pair;
        const std::string label = third ? "MM3" : "MM4";
        bool injected = false, unchanged = false;
        int answers = -1;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (fromA != third || t.label != label || injected) return true;
            injected = true;
            ike::detail::Engine& target = third ? pair.B : pair.A;
            const ike::detail::IkeSa& sa = EnginePair::sa(target);
            const ike::detail::P1State before = sa.state;
            const auto derived = EnginePair::count(target, EventKind::Derived);
            for (int copy = 0; copy < 2; ++copy)
                target.handle(forgedKeyExchange(t.datagram, forgery), t.from, t.to, pair.now);
            if (target.ikeSas().size() != 1) return true; // unfixed: the SA failed
            const Bytes& peerKe = third ? sa.gxi.value() : sa.gxr.value();
            const Bytes& peerNonce = third ? sa.ni.value() : sa.nr.value();
            unchanged = sa.state == before && peerKe.empty() && peerNonce.empty() && sa.keys.gxy.size() == 0 &&
                        sa.keys.skeyid.size() == 0 && EnginePair::count(target, EventKind::Derived) == derived &&
                        EnginePair::count(target, EventKind::DhComputed) == 0;
            answers = EnginePair::count(target, EventKind::NotifySent);
            return true;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QVERIFY(injected);
        QVERIFY(unchanged);
        QCOMPARE(answers, 1); // two forgeries, one answer
        const ike::detail::Engine& target = third ? pair.B : pair.A;
        const auto it = std::find_if(target.events.begin(), target.events.end(),
                                     [&](const ike::Event& e) { return e.id == label + ".unacceptable"; });
        QVERIFY(it != target.events.end());
        QCOMPARE(it->kind, EventKind::Dropped);
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure) + EnginePair::count(pair.B, EventKind::Failure), 0);
        QCOMPARE(pair.A.childSas().size(), std::size_t{1});
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
    }

    // A forged MM3 answered first does not silence the answer a genuine MM5 under a different key
    // gets (answers are counted per kind): the initiator still learns PAYLOAD-MALFORMED and fails as
    // a key mismatch, not as a plain timeout. With one answer per SA, the forgery took it.
    void forgedMm3LeavesTheWrongKeyAnswer() {
        auto a = siteA();
        a.psk = bytesOf("not-the-same-key");
        EnginePair pair(a, siteB());
        bool injected = false;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (!fromA || t.label != "MM3" || injected) return true;
            injected = true;
            pair.B.handle(forgedKeyExchange(t.datagram, 0), t.from, t.to, pair.now);
            return true;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QVERIFY(injected);
        QCOMPARE(EnginePair::count(pair.B, EventKind::NotifySent), 2); // INVALID-KEY-INFORMATION, PAYLOAD-MALFORMED
        bool told = false;
        for (const auto& e : pair.A.events)
            if (const auto* n = e.as<ike::NotifyInfo>())
                told = told || (e.kind == EventKind::NotifyReceived && n->type == NotifyType::PayloadMalformed);
        QVERIFY(told);
    }

    // Only forged MM3s (or MM4s) come, the genuine ones lost: the receiver keeps waiting and fails at
    // its own timeout (the responder's half-open timeout, the initiator's last retransmission of
    // MM3), naming what came; one notify answered them all.
    void onlyForgedKeyExchangesNameTheTimeout_data() {
        QTest::addColumn<bool>("third");
        QTest::addColumn<int>("forgery");
        QTest::addColumn<QString>("named");
        QTest::newRow("MM3 KE 0") << true << 0 << "the initiator's Diffie-Hellman value was unusable";
        QTest::newRow("MM3 short nonce") << true << 4 << "the nonce has 4 bytes, not 8 to 256";
        QTest::newRow("MM4 KE 0") << false << 0 << "the responder's Diffie-Hellman value was unusable";
        QTest::newRow("MM4 KE a byte short") << false << 2 << "the KE has 255 bytes; MODP-2048 needs exactly 256";
    }
    void onlyForgedKeyExchangesNameTheTimeout() {
        QFETCH(bool, third);
        QFETCH(int, forgery);
        QFETCH(QString, named);
        EnginePair pair;
        const std::string label = third ? "MM3" : "MM4";
        int forgeries = 0;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (fromA != third || t.label != label) return true;
            ++forgeries;
            (third ? pair.B : pair.A).handle(forgedKeyExchange(t.datagram, forgery), t.from, t.to, pair.now);
            return false;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        ike::detail::Engine& target = third ? pair.B : pair.A;
        QCOMPARE(EnginePair::count(target, EventKind::Failure), 0);
        pair.runTimeoutsWhile([&] { return !target.ikeSas().empty(); });
        QVERIFY(target.ikeSas().empty());
        QVERIFY(forgeries > 1); // each retransmission of MM3 came (or was answered) again
        QCOMPARE(EnginePair::count(target, EventKind::NotifySent), 1);
        QCOMPARE(EnginePair::count(target, EventKind::Failure), 1);
        const ike::Event* f = EnginePair::lastFailure(target);
        QVERIFY(f);
        QCOMPARE(f->as<ike::FailureInfo>()->kind, FailureKind::Malformed);
        QVERIFY2(QString::fromStdString(f->text).contains(named), f->text.c_str());
        const std::string when = third ? "before the half-open timeout" : "no acceptable answer to MM3 after";
        QVERIFY2(f->text.find(when) != std::string::npos, f->text.c_str());
    }

    // A forged MM2 refused, then the genuine one accepted, then no MM4 at all: the timeout is a plain
    // one; the refused MM2 does not name it (as if an unusable MM4 had come).
    void refusedSecondMessageNamesNoLaterTimeout() {
        EnginePair pair;
        bool injected = false;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (!fromA && t.label == "MM2" && !injected) {
                injected = true;
                pair.A.handle(forgedSecond(t.datagram, 0), t.from, t.to, pair.now);
            }
            return t.label != "MM4";
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QVERIFY(injected);
        pair.runTimeoutsWhile([&] { return !pair.A.ikeSas().empty(); });
        const ike::Event* f = EnginePair::lastFailure(pair.A);
        QVERIFY(f);
        QCOMPARE(f->as<ike::FailureInfo>()->kind, FailureKind::Timeout);
        QVERIFY2(f->text.find("no answer to MM3") != std::string::npos, f->text.c_str());
    }

    // Error notifies cancel only the Quick Mode they name: a NO-PROPOSAL-CHOSEN with another SPI,
    // an INVALID-ID-INFORMATION with no SPI under another Message ID, a PAYLOAD-MALFORMED with our
    // SPI leave A's only pending Quick Mode running (unfixed, the first two cancelled it, as the only
    // one pending); NO-PROPOSAL-CHOSEN with our SPI ends it.
    void errorNotifiesCancelOnlyWhatTheyName() {
        EnginePair pair;
        pair.filter = [](bool fromA, ike::Transmit& t) { return !(fromA && t.label == "QM1"); };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        ike::detail::IkeSa& a = EnginePair::sa(pair.A);
        ike::detail::IkeSa& b = EnginePair::sa(pair.B);
        QVERIFY(b.established());
        QCOMPARE(a.quickModes.size(), std::size_t{1});
        const Bytes ours = a.quickModes.begin()->second.espSpi;
        const int heard = EnginePair::count(pair.A, EventKind::NotifyReceived);
        using ike::detail::informational::sendNotify;
        sendNotify(pair.B, b, NotifyType::NoProposalChosen, wire::ProtocolId::IpsecEsp, Bytes{1, 2, 3, 4});
        sendNotify(pair.B, b, NotifyType::InvalidIdInformation, wire::ProtocolId::IpsecEsp, Bytes{});
        sendNotify(pair.B, b, NotifyType::PayloadMalformed, wire::ProtocolId::IpsecEsp, ours);
        pair.run();
        QCOMPARE(a.quickModes.size(), std::size_t{1});
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure), 0);
        QCOMPARE(EnginePair::count(pair.A, EventKind::NotifyReceived), heard + 3);
        sendNotify(pair.B, b, NotifyType::NoProposalChosen, wire::ProtocolId::IpsecEsp, ours);
        pair.run();
        QCOMPARE(a.quickModes.size(), std::size_t{0});
        const ike::Event* f = nullptr;
        for (const auto& e : pair.A.events)
            if (e.kind == EventKind::Failure) f = &e;
        QVERIFY(f);
        QCOMPARE(f->as<ike::FailureInfo>()->kind, FailureKind::NoProposalChosen);
    }

    // charon refuses a Quick Mode with NO-PROPOSAL-CHOSEN, SPI 0, in an Informational of its own:
    // it names no exchange of ours, so it cancels nothing at once; the Quick Mode ends by its own
    // timeout, and that failure carries the refusal's name (the interop test's esp-mismatch case).
    void unnamedRefusalNamesTheTimeout() {
        EnginePair pair;
        pair.filter = [](bool fromA, ike::Transmit& t) { return !(fromA && t.label.starts_with("QM1")); };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        ike::detail::IkeSa& a = EnginePair::sa(pair.A);
        QCOMPARE(a.quickModes.size(), std::size_t{1});
        ike::detail::informational::sendNotify(pair.B, EnginePair::sa(pair.B), NotifyType::NoProposalChosen,
                                               wire::ProtocolId::IpsecEsp, Bytes{0, 0, 0, 0});
        pair.run();
        QCOMPARE(a.quickModes.size(), std::size_t{1});
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure), 0);
        while (!a.quickModes.empty()) {
            const auto next = pair.A.nextTimeout();
            QVERIFY(next);
            pair.now = *next;
            pair.A.handleTimeout(pair.now);
            pair.run();
        }
        const ike::Event* f = nullptr;
        for (const auto& e : pair.A.events)
            if (e.kind == EventKind::Failure) f = &e;
        QVERIFY(f);
        QCOMPARE(f->as<ike::FailureInfo>()->kind, FailureKind::NoProposalChosen);
        QVERIFY2(f->text.find("no answer to QM1") != std::string::npos &&
                     f->text.find("NO-PROPOSAL-CHOSEN") != std::string::npos,
                 f->text.c_str());
    }

    // The review's Message ID points. DPD does not use up an IKE SA: with an R-U-THERE every 30 s,
    // 10,000 exchanges came after ~3.5 days and then the SA refused its peer. DPD's Message IDs now
    // sit in a window of kDpdWindow, the Quick Modes' and other Informationals' stay (none here).
    void dpdDoesNotExhaustTheIkeSa() {
        ike::PeerConfig configA = siteA(), configB = siteB();
        configA.detailedEvents = configB.detailedEvents = false; // 10,000 rounds: details are not read
        EnginePair pair(configA, configB);
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
        const std::size_t rounds = ike::detail::kMaxPeerExchanges + 20;
        for (std::size_t i = 0; i < rounds; ++i) {
            QVERIFY(pair.A.sendDpd(pair.now).has_value());
            pair.run();
            QVERIFY2(!EnginePair::sa(pair.A).dpd.pending, qPrintable(QString("R-U-THERE %1 unanswered").arg(i)));
            pair.A.events.clear();
            pair.B.events.clear();
        }
        const ike::detail::Messaging& a = EnginePair::sa(pair.A).messages;
        const ike::detail::Messaging& b = EnginePair::sa(pair.B).messages;
        QCOMPARE(b.peerDpdMessageIds.size(), ike::detail::kDpdWindow); // A's R-U-THEREs, bounded
        QCOMPARE(b.ourDpdMessageIds.size(), ike::detail::kDpdWindow);  // B's ACKs
        QCOMPARE(a.ourDpdMessageIds.size(), ike::detail::kDpdWindow);
        QCOMPARE(b.peerMessageIds.size(), std::size_t{1}); // QM1
        // The IKE SA still serves its peer: a new Quick Mode completes.
        QVERIFY(pair.A.startQuickMode(pair.now).has_value());
        pair.run();
        QCOMPARE(pair.B.childSas().size(), std::size_t{2});
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure) + EnginePair::count(pair.B, EventKind::Failure), 0);
    }

    // A replayed R-U-THERE whose Message ID has left the window is known by its sequence number
    // (RFC 3706 §7): not answered, and it moves no peer (B would follow A behind its NAT).
    void dpdReplayBeyondTheWindow() {
        IkeHarness lab(siteA(), siteB());
        establishBehindNat(lab);
        QVERIFY(lab.A.sendDpd(lab.now).has_value());
        lab.run();
        QCOMPARE(informationals(lab, true).size(), std::size_t{1});
        const Bytes replay = informationals(lab, true).front()->transmit.datagram;
        const ike::Endpoint elsewhere{ip("127.0.0.3"), 5999}, b{ip("127.0.0.2"), 4500};
        // Control: a recent copy is refused by its bytes or its Message ID, before decryption.
        lab.eventsB.clear();
        lab.B.handle(replay, elsewhere, b, lab.now);
        lab.drainEvents();
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DuplicateIgnored), 1);
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DatagramReceived), 0);
        for (std::size_t i = 0; i < ike::detail::kDpdWindow; ++i) {
            QVERIFY(lab.A.sendDpd(lab.now).has_value());
            lab.run();
        }
        lab.eventsB.clear();
        lab.B.handle(replay, elsewhere, b, lab.now);
        lab.drainEvents();
        const ike::Event* refused = IkeHarness::last(lab.eventsB, EventKind::DuplicateIgnored);
        QVERIFY2(refused && refused->text.find("is not newer than") != std::string::npos, qPrintable(dumpBoth(lab)));
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::NotifySent), 0);
        QVERIFY(!lab.B.pollTransmit());
        QCOMPARE(lab.B.ikeSas().at(0).remote.toString(), std::string("127.0.0.3:5500"));
        QCOMPARE(failures(lab.eventsA) + failures(lab.eventsB), 0);
    }

    // B's own R-U-THERE sent back to it after its Message ID left the window: by its sequence
    // number, one of B's. It is answered (the peer's random start may fall in B's range, and a
    // genuine R-U-THERE refused would make the peer declare B dead), but it proves nothing fresh:
    // no peer moved, no mark set that would refuse the peer's genuine ones.
    void dpdReflectionBeyondTheWindow() {
        IkeHarness lab(siteA(), siteB());
        establishBehindNat(lab);
        for (std::size_t i = 0; i <= ike::detail::kDpdWindow; ++i) {
            QVERIFY(lab.B.sendDpd(lab.now).has_value());
            lab.run();
        }
        QVERIFY(!informationals(lab, false).empty());
        lab.eventsB.clear();
        lab.B.handle(informationals(lab, false).front()->transmit.datagram, ike::Endpoint{ip("127.0.0.9"), 4500},
                     ike::Endpoint{ip("127.0.0.2"), 4500}, lab.now);
        lab.drainEvents();
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::DuplicateIgnored), 0);
        QCOMPARE(IkeHarness::count(lab.eventsB, EventKind::NotifySent), 1); // the ACK
        QCOMPARE(lab.B.ikeSas().at(0).remote.toString(), std::string("127.0.0.3:5500"));
    }

    // The peer's R-U-THERE numbers fall in our own range (both start at random): each is answered,
    // and none leaves a mark that refuses the next. Unfixed, all of them went unanswered as
    // reflections, and the peer would declare us dead.
    void peerDpdInOurRangeIsAnswered() {
        EnginePair pair;
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        ike::detail::IkeSa& a = EnginePair::sa(pair.A);
        ike::detail::IkeSa& b = EnginePair::sa(pair.B);
        QVERIFY(pair.B.sendDpd(pair.now).has_value()); // B's range starts
        pair.run();
        a.dpd.first = a.dpd.sequence = b.dpd.first; // A's next numbers: B's first ones
        b.dpd.sequence = b.dpd.first + 100;
        for (int i = 0; i < 3; ++i) {
            QVERIFY(pair.A.sendDpd(pair.now).has_value());
            pair.run();
            QVERIFY2(!a.dpd.pending, qPrintable(QString("R-U-THERE %1 unanswered").arg(i)));
        }
        QVERIFY(!b.dpd.peerLast || !(*b.dpd.peerLast - b.dpd.first < 100u));
    }

    // An older R-U-THERE in a message with other payloads (where the replay check by sequence
    // number does not apply) is answered, but the mark of the peer's newest stays. Unfixed, it
    // moved back, and older R-U-THEREs beyond the Message ID window were accepted again.
    void peerDpdMarkNeverMovesBack() {
        EnginePair pair;
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        ike::detail::IkeSa& a = EnginePair::sa(pair.A);
        ike::detail::IkeSa& b = EnginePair::sa(pair.B);
        QVERIFY(pair.A.sendDpd(pair.now).has_value());
        pair.run();
        QVERIFY(b.dpd.peerLast.has_value());
        const std::uint32_t newest = *b.dpd.peerLast;
        wire::NotificationPayload n;
        n.protocolId = wire::ProtocolId::Isakmp;
        n.type = NotifyType::RUThere;
        n.spi = a.isakmpSpi();
        appendU32(n.data, newest - 5);
        wire::DeletePayload d; // of an ESP SPI B does not have: changes nothing
        d.protocolId = wire::ProtocolId::IpsecEsp;
        d.spiSize = 4;
        d.spis = {Bytes{1, 2, 3, 4}};
        ike::detail::informational::sendProtected(pair.A, a, {wire::Payload{n}, wire::Payload{d}}, "N | D");
        pair.run();
        QCOMPARE(*b.dpd.peerLast, newest);
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
    }

    // The limit on the peer's exchanges holds for Quick Modes and other Informationals, not DPD.
    void exchangeLimitSparesDpd() {
        EnginePair pair;
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        ike::detail::IkeSa& b = EnginePair::sa(pair.B);
        for (std::uint32_t i = 0; b.messages.peerMessageIds.size() < ike::detail::kMaxPeerExchanges; ++i)
            b.messages.peerMessageIds.insert(0xf0000000u + i);
        QVERIFY(pair.A.startQuickMode(pair.now).has_value());
        pair.run();
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
        const auto exhausted = [&] {
            int n = 0;
            for (const auto& e : pair.B.events)
                n += e.kind == EventKind::Dropped && e.text.find("it needs a new one") != std::string::npos;
            return n;
        };
        QCOMPARE(exhausted(), 1);
        ike::detail::informational::sendDelete(pair.A, EnginePair::sa(pair.A), wire::ProtocolId::IpsecEsp,
                                               {Bytes{1, 2, 3, 4}});
        pair.run();
        QCOMPARE(exhausted(), 2);
        QVERIFY(pair.A.sendDpd(pair.now).has_value());
        pair.run();
        QVERIFY(!EnginePair::sa(pair.A).dpd.pending); // answered
        QCOMPARE(exhausted(), 2);
    }

    // A forged QM1 (right cookies, new Message ID, random body) takes no Quick Mode ordinal: the
    // genuine Quick Mode after it is still B's first ("QM.established", not "QM#2."), and no name
    // of it: its events carry its Message ID, so "QM1" and "IV.QM1" are the genuine one's alone.
    void forgedQm1TakesNoOrdinal() {
        EnginePair pair;
        pair.filter = [&](bool fromA, ike::Transmit& t) {
            if (fromA && t.label == "QM1")
                pair.B.handle(forged(t.datagram, 32, 7, 64, readU32(t.datagram, 20) ^ 1u), t.from, t.to, pair.now);
            return true;
        };
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QCOMPARE(pair.B.childSas().size(), std::size_t{1});
        QCOMPARE(pair.B.qmOrdinal, 1);
        bool first = false, second = false;
        for (const auto& e : pair.B.events) {
            first = first || e.id == "QM.established";
            second = second || e.id.starts_with("QM#2.");
        }
        QVERIFY(first);
        QVERIFY(!second);
        int forgedDropped = 0, qm1 = 0, ivQm1 = 0;
        for (const auto& e : pair.B.events) {
            forgedDropped += e.kind == EventKind::Dropped && e.id.starts_with("QM.") &&
                             e.id.ends_with(".QM1.unauthenticated");
            qm1 += e.kind == EventKind::DatagramReceived && e.id == "QM1.received";
            ivQm1 += e.id == "IV.QM1";
        }
        QCOMPARE(forgedDropped, 1);
        QCOMPARE(qm1, 1);
        QCOMPARE(ivQm1, 1);
    }

    // An Informational that deletes the IKE SA it came on ends there: the R-U-THERE after the
    // Delete is not answered with the SA's wiped keys (nor anything else done for the SA that is gone).
    void deleteOfTheIkeSaEndsTheInformational() {
        EnginePair pair;
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        ike::detail::IkeSa& b = EnginePair::sa(pair.B);
        wire::DeletePayload d;
        d.protocolId = wire::ProtocolId::Isakmp;
        d.spiSize = 16;
        d.spis = {b.isakmpSpi()};
        wire::NotificationPayload n;
        n.protocolId = wire::ProtocolId::Isakmp;
        n.type = NotifyType::RUThere;
        n.spi = b.isakmpSpi();
        n.data = Bytes{0, 0, 0, 9};
        const std::size_t sentBefore = pair.A.events.size();
        ike::detail::informational::sendProtected(pair.B, b, {wire::Payload{d}, wire::Payload{n}}, "D | N");
        pair.run();
        QVERIFY(pair.A.ikeSas().empty());
        int deleted = 0, sent = 0;
        for (std::size_t i = sentBefore; i < pair.A.events.size(); ++i) {
            const ike::Event& e = pair.A.events[i];
            deleted += e.kind == EventKind::SaDeleted;
            sent += e.kind == EventKind::DatagramSent || e.kind == EventKind::NotifySent || e.kind == EventKind::Dpd;
        }
        QCOMPARE(deleted, 1);
        QCOMPARE(sent, 0);
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure), 0);
    }

    // A Delete removes only what it names: the child SA of the protocol and SPI, made by the IKE SA
    // the Delete came on. Unfixed, a Delete on the second IKE SA removed the first one's child SA.
    void deleteScopedToItsIkeSaAndProtocol() {
        EnginePair pair;
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QVERIFY(pair.A.initiate(pair.now).has_value());
        pair.run();
        QCOMPARE(pair.A.childSas().size(), std::size_t{2});
        QCOMPARE(pair.B.ikeSas().size(), std::size_t{2});
        ike::detail::IkeSa& first = EnginePair::sa(pair.B, 0);
        ike::detail::IkeSa& second = EnginePair::sa(pair.B, 1);
        Bytes spi;
        appendU32(spi, pair.B.childSas().at(0).info.inbound.spi); // made by the first IKE SA
        QCOMPARE(pair.B.childSas().at(0).ckyI, first.ckyI);
        using ike::detail::informational::sendDelete;
        sendDelete(pair.B, second, wire::ProtocolId::IpsecEsp, {spi});
        pair.run();
        QCOMPARE(pair.A.childSas().size(), std::size_t{2});
        sendDelete(pair.B, first, wire::ProtocolId::IpsecAh, {spi});
        pair.run();
        QCOMPARE(pair.A.childSas().size(), std::size_t{2});
        sendDelete(pair.B, first, wire::ProtocolId::IpsecEsp, {spi});
        pair.run();
        QCOMPARE(pair.A.childSas().size(), std::size_t{1});
        QCOMPARE(EnginePair::count(pair.A, EventKind::Failure), 0);
    }
};

QTEST_APPLESS_MAIN(TestIkeForgery)
#include "tst_ike_forgery.moc"
