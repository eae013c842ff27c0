// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The IKEv2 engine's first slice (core/ikev2/Peer.h): two peers on PeerHarness.h's wire complete
// IKE_SA_INIT and IKE_AUTH with a pre-shared key and hold the same child SA, mirrored; a wrong PSK
// fails by an authenticated AUTHENTICATION_FAILED; a tampered IKE_AUTH changes nothing; a lost
// response is answered again from the responder's store; INVALID_KE_PAYLOAD is recovered; every
// datagram decodes with the wire codec; every key is what core/ikev2/Keymat gives on the same inputs.

#include <QTest>

#include <algorithm>

#include "PeerHarness.h"
#include "base/Endian.h"
#include "ikev2/Keymat.h"
#include "ikev2/Peer.h"
#include "ikev2/Protection.h"
#include "wire/Ikev2Codec.h"

Q_DECLARE_METATYPE(ipseclab::ikev2::IkeSuite)
Q_DECLARE_METATYPE(ipseclab::ikev2::ChildSuite)
Q_DECLARE_METATYPE(ipseclab::Bytes)
Q_DECLARE_METATYPE(ipseclab::ikeevents::FailureKind)

using namespace ipseclab;
using namespace ipseclab::test;
namespace v2 = wire::ikev2;
using ikeevents::EventKind;
using ikeevents::FailureKind;
using ikev2::Side;

using V2Harness = PeerHarness<ikev2::Peer, ikev2::PeerConfig, ikev2::Event>;

namespace {

ikev2::PeerConfig siteA() {
    ikev2::PeerConfig c;
    c.name = "A";
    c.local = wire::Endpoint{ip("127.0.0.1"), 500};
    c.remote = wire::Endpoint{ip("127.0.0.2"), 500};
    c.psk = bytesOf("lab-psk-1234");
    c.localSelector = wire::Selector::subnet(ip("10.1.0.0"), 24);
    c.remoteSelector = wire::Selector::subnet(ip("10.2.0.0"), 24);
    return c;
}

ikev2::PeerConfig siteB() {
    ikev2::PeerConfig c = siteA();
    c.name = "B";
    std::swap(c.local, c.remote);
    std::swap(c.localSelector, c.remoteSelector);
    return c;
}

void establish(V2Harness& lab) {
    QVERIFY(lab.A.initiate(lab.now));
    lab.run();
}

const ikev2::Derivation& derived(const std::vector<ikev2::Event>& events, const std::string& id) {
    const auto* e = V2Harness::find(events, id);
    if (!e || !e->as<ikev2::Derivation>()) qFatal("no derivation %s", id.c_str());
    return *e->as<ikev2::Derivation>();
}

ByteView valueOf(const std::vector<ikev2::Event>& events, const std::string& id) {
    return derived(events, id).value.view();
}

// Both peers hold one child SA, mirrored: A's outbound is B's inbound and back, same SPIs and keys.
void compareChildSas(const ikev2::ChildSaInfo& a, const ikev2::ChildSaInfo& b) {
    QCOMPARE(a.outbound.spi, b.inbound.spi);
    QCOMPARE(a.inbound.spi, b.outbound.spi);
    QVERIFY(a.inbound.spi != a.outbound.spi);
    QCOMPARE(hexOf(a.outbound.encryptionKey.view()), hexOf(b.inbound.encryptionKey.view()));
    QCOMPARE(hexOf(a.outbound.integrityKey.view()), hexOf(b.inbound.integrityKey.view()));
    QCOMPARE(hexOf(a.inbound.encryptionKey.view()), hexOf(b.outbound.encryptionKey.view()));
    QCOMPARE(hexOf(a.inbound.integrityKey.view()), hexOf(b.outbound.integrityKey.view()));
    QVERIFY(hexOf(a.inbound.encryptionKey.view()) != hexOf(a.outbound.encryptionKey.view()));
    QVERIFY(a.suite == b.suite);
    QVERIFY(a.localSelector == b.remoteSelector);
    QVERIFY(a.remoteSelector == b.localSelector);
}

const ikev2::FailureInfo* failureOf(const std::vector<ikev2::Event>& events) {
    const auto* e = V2Harness::last(events, EventKind::Failure);
    return e ? e->as<ikev2::FailureInfo>() : nullptr;
}

// The keys that protect what `sender` sends, from its peer's events.
ikev2::SkProtection protectionOf(const std::vector<ikev2::Event>& events, const ikev2::IkeSuite& suite, Side sender) {
    const bool i = sender == Side::Initiator;
    ikev2::SkProtection k{suite.encryption, suite.integrity, valueOf(events, i ? "SK_ei" : "SK_er"), {}};
    if (!crypto::isAead(suite.encryption)) k.integrityKey = valueOf(events, i ? "SK_ai" : "SK_ar");
    return k;
}

bool isAuthRequest(const Delivery& d) { return d.fromA && d.transmit.label == "IKE_AUTH request"; }
bool isAuthResponse(const Delivery& d) { return !d.fromA && d.transmit.label == "IKE_AUTH response"; }

// What a forger who sees `request` (an IKE_SA_INIT request, in clear) sends back: a stateless
// IKE_SA_INIT response carrying one notify.
Bytes forgedInitReply(const Bytes& request, v2::NotifyType type, Bytes data) {
    v2::Header h = v2::decodeMessage(request)->header;
    h.flags = v2::kFlagResponse;
    h.nextPayload = v2::PayloadType::Notify;
    const v2::Payload n{v2::PayloadType::Notify, v2::NotifyPayload{v2::ProtocolId::None, type, {}, std::move(data)}};
    return *v2::encodeMessage(h, std::span<const v2::Payload>(&n, 1));
}

Bytes groupData(crypto::DhGroup group) {
    Bytes data;
    appendU16(data, static_cast<std::uint16_t>(group));
    return data;
}

int sentCount(const V2Harness& lab, bool fromA, const std::string& label) {
    return static_cast<int>(std::count_if(lab.wire.begin(), lab.wire.end(), [&](const Delivery& d) {
        return d.fromA == fromA && d.transmit.label == label;
    }));
}

// A lone responder (site B) and what it says: for feeding it requests from many initiators.
struct Responder {
    explicit Responder(ikev2::PeerConfig config) : peer(std::move(config), random) {}
    crypto::DeterministicRandom random{crypto::DeterministicRandom(1).fork("site-b")};
    ikev2::Peer peer;
    std::vector<ikev2::Event> events;
    std::vector<wire::Transmit> sent;
    Timestamp now{0};

    void take(const Bytes& datagram, const char* from) {
        peer.handle(datagram, wire::Endpoint{ip(from), 500}, peer.config().local, now);
        drain();
    }
    void advance(Timestamp to) {
        now = to;
        peer.handleTimeout(now);
        drain();
    }
    void drain() {
        while (auto e = peer.pollEvent()) events.push_back(std::move(*e));
        while (auto t = peer.pollTransmit()) sent.push_back(std::move(*t));
    }
};

// The IKE_SA_INIT request a new initiator (its own seed) sends.
Bytes initRequestOf(std::uint64_t seed) {
    crypto::DeterministicRandom random = crypto::DeterministicRandom(seed).fork("site-a");
    ikev2::Peer a(siteA(), random);
    (void)a.initiate(Timestamp{0});
    return a.pollTransmit()->datagram;
}

} // namespace

class TestIkev2Engine : public QObject {
    Q_OBJECT

private slots:
    void establishesIkeAndChildSa_data() {
        QTest::addColumn<ikev2::IkeSuite>("ike");
        QTest::addColumn<ikev2::ChildSuite>("child");
        using crypto::DhGroup;
        using crypto::Encryption;
        using crypto::HashAlgorithm;
        using crypto::Integrity;
        QTest::newRow("aes128-sha256-modp2048") << ikev2::IkeSuite{} << ikev2::ChildSuite{};
        QTest::newRow("aes256gcm16-prfsha384-ecp384")
            << ikev2::IkeSuite{Encryption::Aes256Gcm16, Integrity::None, HashAlgorithm::Sha384, DhGroup::Ecp384}
            << ikev2::ChildSuite{Encryption::Aes256Gcm16, Integrity::None};
        QTest::newRow("aes256-sha512-ecp256")
            << ikev2::IkeSuite{Encryption::Aes256Cbc, Integrity::HmacSha512_256, HashAlgorithm::Sha512, DhGroup::Ecp256}
            << ikev2::ChildSuite{Encryption::Aes256Cbc, Integrity::HmacSha384_192};
    }

    void establishesIkeAndChildSa() {
        QFETCH(ikev2::IkeSuite, ike);
        QFETCH(ikev2::ChildSuite, child);
        auto a = siteA(), b = siteB();
        a.ikeProposals = b.ikeProposals = {ike};
        a.childProposals = b.childProposals = {child};
        V2Harness lab(a, b);
        establish(lab);
        QCOMPARE(lab.wire.size(), std::size_t{4}); // IKE_SA_INIT and IKE_AUTH: two round trips
        QVERIFY2(lab.A.ikeSas().size() == 1 && lab.B.ikeSas().size() == 1, qPrintable(dumpBoth(lab)));
        const ikev2::IkeSaInfo ia = lab.A.ikeSas()[0], ib = lab.B.ikeSas()[0];
        QCOMPARE(ia.spiI, ib.spiI);
        QCOMPARE(ia.spiR, ib.spiR);
        QVERIFY(ia.suite == ike && ib.suite == ike);
        QCOMPARE(ia.role, Side::Initiator);
        QCOMPARE(ib.role, Side::Responder);
        QCOMPARE(QString::fromStdString(ib.remoteId.toString()), QString("127.0.0.1"));
        QCOMPARE(QString::fromStdString(ia.remoteId.toString()), QString("127.0.0.2"));
        QCOMPARE(lab.A.childSas().size(), std::size_t{1});
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
        QVERIFY(lab.A.childSas()[0].suite == child);
        QVERIFY(lab.A.childSas()[0].localSelector == a.localSelector);
        for (const char* id : {"SKEYSEED", "SK_d", "SK_ei", "SK_er", "SK_pi", "SK_pr", "KEYMAT"})
            QCOMPARE(hexOf(valueOf(lab.eventsA, id)), hexOf(valueOf(lab.eventsB, id)));
        QVERIFY(V2Harness::find(lab.eventsA, "CHILD_SA.established"));
        QVERIFY(V2Harness::find(lab.eventsB, "IKE_SA.established"));
        QVERIFY(!lab.A.nextTimeout() && !lab.B.nextTimeout());
        QCOMPARE(V2Harness::count(lab.eventsA, EventKind::Failure) + V2Harness::count(lab.eventsB, EventKind::Failure),
                 0);
    }

    void wrongPskFailsAuthenticated() {
        auto b = siteB();
        b.psk = bytesOf("another-psk");
        V2Harness lab(siteA(), b);
        establish(lab);
        QCOMPARE(lab.wire.size(), std::size_t{4});
        const auto* fb = failureOf(lab.eventsB);
        QVERIFY2(fb, qPrintable(dumpBoth(lab)));
        QCOMPARE(fb->kind, FailureKind::AuthenticationFailed);
        QVERIFY(fb->notify == v2::NotifyType::AuthenticationFailed);
        const auto* fa = failureOf(lab.eventsA);
        QVERIFY2(fa, qPrintable(dumpBoth(lab)));
        QCOMPARE(fa->kind, FailureKind::AuthenticationFailed);
        QVERIFY(fa->notify == v2::NotifyType::AuthenticationFailed);
        QVERIFY(fa->authenticated); // it came inside a verified SK payload
        const auto* notify = V2Harness::find(lab.eventsA, "IKE_AUTH.response.received")->as<ikev2::DatagramInfo>();
        QVERIFY(notify->decrypted);
        QCOMPARE(notify->payloads, std::vector<std::string>{"N(AUTHENTICATION_FAILED)"});
        QVERIFY(lab.A.ikeSas().empty() && lab.B.ikeSas().empty());
        QVERIFY(lab.A.childSas().empty() && lab.B.childSas().empty());
        QVERIFY(!lab.A.nextTimeout()); // failed: nothing left to retransmit
    }

    // A flipped byte anywhere in the IKE_AUTH request or response fails its ICV: dropped, and the
    // receiver is as before. The genuine message's retransmission then completes the exchange.
    void tamperedIkeAuthChangesNothing_data() {
        QTest::addColumn<bool>("request");
        QTest::addColumn<int>("fromEnd");
        QTest::newRow("request ICV") << true << 1;
        QTest::newRow("request ciphertext") << true << 40;
        QTest::newRow("request IV") << true << 0; // 0: the first byte of the IV
        QTest::newRow("response ICV") << false << 1;
        QTest::newRow("response ciphertext") << false << 40;
    }

    void tamperedIkeAuthChangesNothing() {
        QFETCH(bool, request);
        QFETCH(int, fromEnd);
        V2Harness lab(siteA(), siteB());
        bool tampered = false;
        lab.filter = [&](Delivery& d) {
            if (!tampered && (request ? isAuthRequest(d) : isAuthResponse(d))) {
                tampered = true;
                Bytes& b = d.transmit.datagram;
                const std::size_t at = fromEnd ? b.size() - static_cast<std::size_t>(fromEnd) : 28 + 4;
                b[at] ^= 0x01;
            }
            return true;
        };
        QVERIFY(lab.A.initiate(lab.now));
        lab.run();
        QVERIFY(tampered);
        auto& receiver = request ? lab.eventsB : lab.eventsA;
        const ikev2::Event& lastEvent = receiver.back();
        QCOMPARE(lastEvent.kind, EventKind::Dropped);
        // The initiator has nothing yet; the responder is done only if it got the genuine request.
        QVERIFY(lab.A.ikeSas().empty() && lab.A.childSas().empty());
        QCOMPARE(lab.B.ikeSas().size(), std::size_t(request ? 0 : 1));
        QCOMPARE(lab.B.childSas().size(), std::size_t(request ? 0 : 1));
        QCOMPARE(V2Harness::count(lab.eventsA, EventKind::Failure) + V2Harness::count(lab.eventsB, EventKind::Failure),
                 0);
        // The responder answered nothing to the forgery (it sent only IKE_SA_INIT's response,
        // and the IKE_AUTH response if only that one was tampered).
        QCOMPARE(lab.wire.size(), std::size_t(request ? 3 : 4));
        const std::size_t before = receiver.size();
        QVERIFY(lab.tick()); // the initiator's retransmission
        QVERIFY2(lab.A.ikeSas().size() == 1 && lab.B.ikeSas().size() == 1, qPrintable(dumpBoth(lab)));
        compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
        QVERIFY(receiver.size() > before);
    }

    void lostResponseIsAnsweredAgain() {
        V2Harness lab(siteA(), siteB());
        bool lost = false;
        lab.filter = [&](Delivery& d) {
            if (!lost && isAuthResponse(d)) return !(lost = true);
            return true;
        };
        establish(lab);
        QVERIFY(lost);
        QVERIFY(lab.A.ikeSas().empty());
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1}); // the responder is done after its answer
        QVERIFY(lab.A.nextTimeout());
        QVERIFY(lab.tick());
        QVERIFY2(lab.A.ikeSas().size() == 1, qPrintable(dumpBoth(lab)));
        compareChildSas(lab.A.childSas()[0], lab.B.childSas()[0]);
        QVERIFY(V2Harness::find(lab.eventsA, "IKE_AUTH.request.retransmit1"));
        QVERIFY(V2Harness::find(lab.eventsB, "IKE_AUTH.response.resent"));
        // The stored answer, byte for byte; B made one child SA, not two.
        QCOMPARE(lab.wire.size(), std::size_t{6});
        QCOMPARE(hexOf(lab.wire[5].transmit.datagram), hexOf(lab.wire[3].transmit.datagram));
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
    }

    void lostRequestTimesOut() {
        auto a = siteA();
        a.retransmit.maxRetransmits = 2;
        V2Harness lab(a, siteB());
        lab.filter = [](Delivery& d) { return !d.fromA; };
        establish(lab);
        lab.runUntil(std::chrono::minutes(5));
        const auto* f = failureOf(lab.eventsA);
        QVERIFY2(f, qPrintable(dumpBoth(lab)));
        QCOMPARE(f->kind, FailureKind::Timeout);
        QCOMPARE(V2Harness::count(lab.eventsA, EventKind::Retransmitted), 2);
        QVERIFY(!lab.A.nextTimeout());
    }

    // The responder takes only MODP-2048; the initiator's KE is for ECP-256, its first suite's group.
    void invalidKePayloadIsRecovered() {
        auto a = siteA(), b = siteB();
        ikev2::IkeSuite ecp;
        ecp.group = crypto::DhGroup::Ecp256;
        a.ikeProposals = {ecp, ikev2::IkeSuite{}};
        V2Harness lab(a, b);
        establish(lab);
        QVERIFY2(lab.A.ikeSas().size() == 1, qPrintable(dumpBoth(lab)));
        QCOMPARE(lab.wire.size(), std::size_t{6});
        const auto refusal = v2::decodeMessage(lab.wire[1].transmit.datagram);
        QVERIFY(refusal);
        QCOMPARE(refusal->header.responderSpi, v2::Spi{});
        const auto* n = refusal->find(v2::PayloadType::Notify)->as<v2::NotifyPayload>();
        QCOMPARE(n->type, v2::NotifyType::InvalidKePayload);
        QCOMPARE(readU16(n->data, 0), std::uint16_t{14});
        const auto first = v2::decodeMessage(lab.wire[0].transmit.datagram);
        const auto retry = v2::decodeMessage(lab.wire[2].transmit.datagram);
        QCOMPARE(retry->header.initiatorSpi, first->header.initiatorSpi); // same SPIi and Ni (§1.2)
        QCOMPARE(retry->find(v2::PayloadType::Nonce)->as<v2::NoncePayload>()->nonce,
                 first->find(v2::PayloadType::Nonce)->as<v2::NoncePayload>()->nonce);
        QCOMPARE(retry->find(v2::PayloadType::Ke)->as<v2::KePayload>()->group, std::uint16_t{14});
        QVERIFY(lab.A.ikeSas()[0].suite == ikev2::IkeSuite{});
        QCOMPARE(lab.wire[2].transmit.datagramId, std::string("IKE_SA_INIT#2.request"));
        // RealMessage1 of AUTH_I is the retry, not the first request.
        const auto& auth = derived(lab.eventsA, "AUTH_I");
        QCOMPARE(hexOf(ByteView(auth.data.view()).first(lab.wire[2].transmit.datagram.size())),
                 hexOf(lab.wire[2].transmit.datagram));
    }

    // §2.6: the responder keeps no state until the initiator returns its cookie, first, in a
    // request otherwise byte for byte the first (charon's ikev2-cookie set shows the same).
    void cookieRoundTrip() {
        auto b = siteB();
        b.requireCookie = true;
        V2Harness lab(siteA(), b);
        QVERIFY(lab.A.initiate(lab.now));
        std::optional<std::size_t> sasWhenAsking;
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label == "IKE_SA_INIT response N(COOKIE)") sasWhenAsking = lab.B.ikeSaCount();
            return true;
        };
        lab.run();
        QCOMPARE(sasWhenAsking, std::optional<std::size_t>(0)); // no state for the first request
        QVERIFY2(lab.A.ikeSas().size() == 1 && lab.B.ikeSas().size() == 1, qPrintable(dumpBoth(lab)));
        QCOMPARE(lab.wire.size(), std::size_t{6});
        const auto ask = v2::decodeMessage(lab.wire[1].transmit.datagram);
        QCOMPARE(ask->header.responderSpi, v2::Spi{});
        const auto* cookie = ask->find(v2::PayloadType::Notify)->as<v2::NotifyPayload>();
        QCOMPARE(cookie->type, v2::NotifyType::Cookie);
        QCOMPARE(cookie->data.size(), std::size_t{24});
        const auto retry = v2::decodeMessage(lab.wire[2].transmit.datagram);
        QCOMPARE(retry->payloads.front().as<v2::NotifyPayload>()->data, cookie->data);
        const Bytes& first = lab.wire[0].transmit.datagram;
        const Bytes& second = lab.wire[2].transmit.datagram;
        const std::size_t cookieLength = 4 + 4 + 24; // generic header, protocol/SPI size/type, cookie
        QCOMPARE(second.size(), first.size() + cookieLength);
        QCOMPARE(hexOf(ByteView(second).subspan(28 + cookieLength)), hexOf(ByteView(first).subspan(28)));
        QCOMPARE(hexOf(ByteView(second).first(16)), hexOf(ByteView(first).first(16))); // SPIi, SPIr 0
        // The cookie is bound to SPIi: another SPIi with it gets a new cookie, not an SA.
        Bytes forged = second;
        forged[0] ^= 0x01;
        lab.B.handle(forged, siteA().local, siteB().local, lab.now);
        lab.run();
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{1});
        QCOMPARE(lab.wire.back().transmit.label, std::string("IKE_SA_INIT response N(COOKIE)"));
    }

    // A forger answers every IKE_SA_INIT request with N(COOKIE), or with INVALID_KE_PAYLOAD naming
    // the other group offered: the initiator restarts three times at most, and fails by its own
    // timeout, when it would have without the forger (sends at 0, 2 s, 6 s; fails at 14 s).
    void forgedRestartsAreCapped_data() {
        QTest::addColumn<bool>("cookie");
        QTest::newRow("COOKIE") << true;
        QTest::newRow("INVALID_KE_PAYLOAD ping-pong") << false;
    }

    void forgedRestartsAreCapped() {
        QFETCH(bool, cookie);
        auto a = siteA();
        a.retransmit.maxRetransmits = 2;
        ikev2::IkeSuite ecp;
        ecp.group = crypto::DhGroup::Ecp256;
        a.ikeProposals = {ecp, ikev2::IkeSuite{}};
        V2Harness lab(a, siteB());
        lab.filter = [&](Delivery& d) {
            if (!d.fromA) return true;
            const Bytes& request = d.transmit.datagram;
            const auto group = v2::decodeMessage(request)->find(v2::PayloadType::Ke)->as<v2::KePayload>()->group;
            const Bytes forged = cookie ? forgedInitReply(request, v2::NotifyType::Cookie, Bytes(16, 0x5a))
                                        : forgedInitReply(request, v2::NotifyType::InvalidKePayload,
                                                          groupData(group == 19 ? crypto::DhGroup::Modp2048
                                                                                : crypto::DhGroup::Ecp256));
            lab.A.handle(forged, siteB().local, siteA().local, lab.now);
            return false; // the real responder never hears it
        };
        establish(lab);
        lab.runUntil(std::chrono::minutes(5));
        QCOMPARE(sentCount(lab, true, "IKE_SA_INIT request"), 1 + 3 + 2); // first, 3 restarts, 2 retransmissions
        const auto* f = failureOf(lab.eventsA);
        QVERIFY2(f, qPrintable(dumpBoth(lab)));
        QCOMPARE(f->kind, FailureKind::Timeout);
        QVERIFY(!f->authenticated);
        QCOMPARE(V2Harness::last(lab.eventsA, EventKind::Failure)->time, Timestamp(std::chrono::seconds(14)));
        QVERIFY(!lab.A.nextTimeout());
    }

    // Restarts that are not taken: a COOKIE of 0 or 65 octets (§3.10.1: 1..64), an INVALID_KE_PAYLOAD
    // naming a group not offered or the one just sent. Dropped, kept to name the timeout.
    void unusableRestartsAreDropped_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<Bytes>("data");
        const auto cookie = static_cast<int>(v2::NotifyType::Cookie);
        const auto invalidKe = static_cast<int>(v2::NotifyType::InvalidKePayload);
        QTest::newRow("empty COOKIE") << cookie << Bytes{};
        QTest::newRow("65-octet COOKIE") << cookie << Bytes(65, 0x11);
        QTest::newRow("INVALID_KE, group not offered") << invalidKe << groupData(crypto::DhGroup::Ecp384);
        QTest::newRow("INVALID_KE, the group sent") << invalidKe << groupData(crypto::DhGroup::Modp2048);
    }

    void unusableRestartsAreDropped() {
        QFETCH(int, type);
        QFETCH(Bytes, data);
        auto a = siteA();
        a.retransmit.maxRetransmits = 0;
        V2Harness lab(a, siteB());
        lab.filter = [](Delivery& d) { return !d.fromA; };
        establish(lab);
        const auto notify = static_cast<v2::NotifyType>(type);
        lab.A.handle(forgedInitReply(lab.wire[0].transmit.datagram, notify, data), siteB().local, siteA().local,
                     lab.now);
        lab.run();
        QCOMPARE(sentCount(lab, true, "IKE_SA_INIT request"), 1);
        QCOMPARE(V2Harness::last(lab.eventsA, EventKind::Dropped)->id, std::string("IKE_SA_INIT.response.dropped"));
        lab.runUntil(std::chrono::minutes(1));
        const auto* f = failureOf(lab.eventsA);
        QVERIFY2(f && f->kind == FailureKind::Timeout, qPrintable(dumpBoth(lab)));
        QVERIFY(f->notify == notify);
    }

    // §2.1: a responder tells a retransmitted IKE_SA_INIT from a new one by the whole request, not
    // SPIi: a changed copy (another nonce) gets a fresh IKE SA and response, and the first exchange
    // is untouched; an exact copy once IKE_AUTH is done is ignored.
    void changedInitRequestIsANewRequest() {
        V2Harness lab(siteA(), siteB());
        Bytes changed;
        lab.filter = [&](Delivery& d) {
            if (d.fromA && d.transmit.label == "IKE_SA_INIT request" && changed.empty()) changed = d.transmit.datagram;
            return true;
        };
        establish(lab);
        QVERIFY2(lab.A.ikeSas().size() == 1 && lab.B.ikeSas().size() == 1, qPrintable(dumpBoth(lab)));
        const std::size_t wire = lab.wire.size();
        lab.B.handle(changed, siteA().local, siteB().local, lab.now); // an exact copy, past IKE_AUTH
        lab.run();
        QCOMPARE(lab.wire.size(), wire);
        QCOMPARE(V2Harness::last(lab.eventsB, EventKind::DuplicateIgnored)->id,
                 std::string("IKE_SA_INIT.request.duplicate"));
        const auto m = v2::decodeMessage(changed);
        changed[m->find(v2::PayloadType::Nonce)->offset + v2::kGenericHeaderSize] ^= 0x01;
        lab.B.handle(changed, siteA().local, siteB().local, lab.now);
        lab.run();
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{2});
        QCOMPARE(lab.wire.back().transmit.label, std::string("IKE_SA_INIT response"));
        QVERIFY(V2Harness::find(lab.eventsB, "IKE#2.IKE_SA_INIT.request.received"));
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1});
        QCOMPARE(lab.A.ikeSas().size(), std::size_t{1}); // A drops the second response: its SA is past it
    }

    // Half-open IKE SAs (answered IKE_SA_INIT, no IKE_AUTH yet): two per address, three in all, the
    // oldest making room at the cap; each forgotten at the half-open timeout.
    void halfOpenSasAreCapped() {
        auto b = siteB();
        b.halfOpenLimits = {3, 2};
        b.cookieThreshold = 100;
        Responder r(b);
        r.take(initRequestOf(11), "127.0.0.1");
        r.take(initRequestOf(12), "127.0.0.1");
        r.take(initRequestOf(13), "127.0.0.1"); // a third from one address
        QCOMPARE(r.peer.ikeSaCount(), std::size_t{2});
        QCOMPARE(r.events.back().id, std::string("IKE_SA_INIT.half-open-limit.dropped"));
        r.take(initRequestOf(14), "127.0.0.3");
        QCOMPARE(r.peer.ikeSaCount(), std::size_t{3});
        r.take(initRequestOf(15), "127.0.0.4"); // at the cap: the oldest makes room
        QCOMPARE(r.peer.ikeSaCount(), std::size_t{3});
        QVERIFY(V2Harness::find(r.events, "IKE_SA.forgotten"));
        QCOMPARE(r.sent.size(), std::size_t{4});
        QCOMPARE(r.peer.nextTimeout(), std::optional<Timestamp>(std::chrono::seconds(30)));
        r.advance(std::chrono::seconds(30));
        QCOMPARE(r.peer.ikeSaCount(), std::size_t{0});
        QCOMPARE(V2Harness::count(r.events, EventKind::SaDeleted), 4);
        QVERIFY(!r.peer.nextTimeout());
    }

    // §2.6: from cookieThreshold half-open IKE SAs on, a new initiator is asked for a cookie and no
    // state is kept; with the cookie returned it gets its IKE SA.
    void cookiesAboveTheThreshold() {
        auto b = siteB();
        b.cookieThreshold = 2;
        Responder r(b);
        r.take(initRequestOf(21), "127.0.0.1");
        r.take(initRequestOf(22), "127.0.0.3");
        QCOMPARE(r.peer.ikeSaCount(), std::size_t{2});
        const Bytes request = initRequestOf(23);
        r.take(request, "127.0.0.4");
        QCOMPARE(r.peer.ikeSaCount(), std::size_t{2});
        QCOMPARE(r.sent.back().label, std::string("IKE_SA_INIT response N(COOKIE)"));
        QCOMPARE(r.sent.back().datagramId, std::string("refusal#1.IKE_SA_INIT.COOKIE"));
        r.take(request, "127.0.0.5");
        QCOMPARE(r.sent.back().datagramId, std::string("refusal#2.IKE_SA_INIT.COOKIE")); // one id per refusal
        // The initiator's restart: the cookie first, the request otherwise the same.
        const auto asked = v2::decodeMessage(r.sent[2].datagram);
        const Bytes cookie = asked->find(v2::PayloadType::Notify)->as<v2::NotifyPayload>()->data;
        crypto::DeterministicRandom random = crypto::DeterministicRandom(23).fork("site-a");
        ikev2::Peer a(siteA(), random);
        QVERIFY(a.initiate(Timestamp{0}));
        (void)a.pollTransmit();
        a.handle(r.sent[2].datagram, siteB().local, siteA().local, Timestamp{0});
        r.take(a.pollTransmit()->datagram, "127.0.0.4");
        QCOMPARE(r.peer.ikeSaCount(), std::size_t{3});
        QCOMPARE(r.sent.back().label, std::string("IKE_SA_INIT response"));
        QVERIFY(!cookie.empty());
    }

    // An authenticated error notify refusing the child SA is named by the RFC's name and kind; one
    // without a kind of its own is the peer's error (not NO_PROPOSAL_CHOSEN). B's IKE_AUTH response
    // is re-sealed with its SA and TS payloads replaced by the notify; AUTH_R still verifies.
    void childRefusalIsNamedByItsNotify_data() {
        QTest::addColumn<int>("notify");
        QTest::addColumn<FailureKind>("kind");
        QTest::addColumn<QString>("words");
        QTest::newRow("NO_PROPOSAL_CHOSEN") << 14 << FailureKind::NoProposalChosen << QString("NO_PROPOSAL_CHOSEN");
        QTest::newRow("TS_UNACCEPTABLE") << 38 << FailureKind::InvalidId << QString("TS_UNACCEPTABLE");
        QTest::newRow("INTERNAL_ADDRESS_FAILURE")
            << 36 << FailureKind::PeerError << QString("INTERNAL_ADDRESS_FAILURE");
        QTest::newRow("private use 8200") << 8200 << FailureKind::PeerError << QString("the peer's error notify 8200");
    }

    void childRefusalIsNamedByItsNotify() {
        QFETCH(int, notify);
        QFETCH(FailureKind, kind);
        QFETCH(QString, words);
        V2Harness lab(siteA(), siteB());
        lab.filter = [&](Delivery& d) {
            if (!isAuthResponse(d)) return true;
            const auto m = v2::decodeMessage(d.transmit.datagram);
            const auto keys = protectionOf(lab.eventsB, ikev2::IkeSuite{}, Side::Responder);
            const auto opened = ikev2::unprotectMessage(keys, d.transmit.datagram, m->payloads.back().offset);
            auto inner = v2::decodePayloads(static_cast<v2::PayloadType>(opened->firstInner), opened->payloads());
            inner->resize(2); // IDr, AUTH
            inner->push_back({v2::PayloadType::Notify,
                              v2::NotifyPayload{v2::ProtocolId::None, static_cast<v2::NotifyType>(notify), {}, {}}});
            const auto plain = v2::encodePayloads(*inner);
            const Bytes prefix(d.transmit.datagram.begin(), d.transmit.datagram.begin() + 28);
            const Bytes padding(ikev2::padLengthFor(keys.encryption, plain->size()), 0);
            const auto sealed = ikev2::protectMessage(keys, prefix, opened->firstInner, *plain, padding,
                                                      Bytes(16, 0x42));
            d.transmit.datagram = sealed->message;
            return true;
        };
        establish(lab);
        QVERIFY2(lab.A.ikeSas().size() == 1 && lab.A.childSas().empty(), qPrintable(dumpBoth(lab)));
        const auto* f = failureOf(lab.eventsA);
        QVERIFY(f);
        QCOMPARE(f->kind, kind);
        QVERIFY(f->authenticated);
        QVERIFY2(QString::fromStdString(f->sentence).endsWith(": " + words), f->sentence.c_str());
    }

    // §1.4.1: A deletes the child SA; B deletes its half and answers with a Delete naming its own
    // inbound SPI; both IKE SAs stay. Then B (the exchange's initiator now, its Message ID 0) deletes
    // the IKE SA; A answers with an empty INFORMATIONAL; both are gone.
    void deletesChildThenIkeSa() {
        V2Harness lab(siteA(), siteB());
        establish(lab);
        QVERIFY2(lab.A.childSas().size() == 1, qPrintable(dumpBoth(lab)));
        const std::uint32_t inA = lab.A.childSas()[0].inbound.spi, inB = lab.B.childSas()[0].inbound.spi;
        QVERIFY(lab.A.deleteChildSa(inA, lab.now));
        lab.run();
        QVERIFY2(lab.A.childSas().empty() && lab.B.childSas().empty(), qPrintable(dumpBoth(lab)));
        QCOMPARE(lab.A.ikeSas().size(), std::size_t{1});
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1});
        QCOMPARE(v2::decodeMessage(lab.wire[4].transmit.datagram)->header.messageId, std::uint32_t{2});
        QVERIFY(V2Harness::find(lab.eventsA, "INFORMATIONAL#1.request.delete"));
        QVERIFY(V2Harness::find(lab.eventsB, "INFORMATIONAL#1.request.delete"));
        QVERIFY(V2Harness::find(lab.eventsA, "INFORMATIONAL#1.response.delete")); // B's half, named
        QVERIFY(V2Harness::find(lab.eventsB, "CHILD_SA." + hex32(inB) + ".deleted"));
        QVERIFY(V2Harness::find(lab.eventsA, "CHILD_SA." + hex32(inA) + ".deleted"));
        QVERIFY(!lab.A.deleteChildSa(inA, lab.now)); // gone
        const v2::Spi spiI = lab.B.ikeSas()[0].spiI;
        QVERIFY(lab.B.deleteIkeSa(spiI, lab.now));
        lab.run();
        QCOMPARE(v2::decodeMessage(lab.wire[6].transmit.datagram)->header.messageId, std::uint32_t{0});
        QVERIFY2(lab.A.ikeSas().empty() && lab.B.ikeSas().empty(), qPrintable(dumpBoth(lab)));
        QCOMPARE(V2Harness::last(lab.eventsA, EventKind::SaDeleted)->id, std::string("IKE_SA.deleted"));
        QCOMPARE(V2Harness::last(lab.eventsB, EventKind::SaDeleted)->id, std::string("IKE_SA.deleted"));
        // Kept to answer a copy of the Delete, then forgotten at both ends.
        QCOMPARE(lab.A.ikeSaCount(), std::size_t{1});
        lab.runUntil(lab.now + std::chrono::seconds(31));
        QCOMPARE(lab.A.ikeSaCount(), std::size_t{0});
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{0});
    }

    // Deleting the IKE SA takes its child SAs with it, at both ends.
    void deletingIkeSaDeletesItsChildren() {
        V2Harness lab(siteA(), siteB());
        establish(lab);
        QVERIFY(lab.A.deleteIkeSa(lab.A.ikeSas()[0].spiI, lab.now));
        lab.run();
        QVERIFY2(lab.A.ikeSas().empty() && lab.B.ikeSas().empty(), qPrintable(dumpBoth(lab)));
        QVERIFY(lab.A.childSas().empty() && lab.B.childSas().empty());
        QVERIFY(V2Harness::find(lab.eventsB, "INFORMATIONAL#1.request.delete"));
        const auto* answer = V2Harness::find(lab.eventsB, "INFORMATIONAL#1.response.sent")->as<ikev2::DatagramInfo>();
        QVERIFY(answer && answer->payloads.empty()); // an empty INFORMATIONAL answers D(IKE)
    }

    // §1.4: an empty INFORMATIONAL is answered by an empty one; unanswered after every
    // retransmission, the peer is dead and the IKE SA with its children deleted.
    void livenessCheck() {
        auto a = siteA();
        a.retransmit.maxRetransmits = 1;
        V2Harness lab(a, siteB());
        establish(lab);
        const v2::Spi spiI = lab.A.ikeSas()[0].spiI;
        QVERIFY(lab.A.checkLiveness(spiI, lab.now));
        lab.run();
        QVERIFY(V2Harness::find(lab.eventsA, "INFORMATIONAL#1.response.liveness"));
        QVERIFY(V2Harness::find(lab.eventsB, "INFORMATIONAL#1.request.liveness"));
        QCOMPARE(lab.A.ikeSas().size(), std::size_t{1});
        QVERIFY(lab.A.checkLiveness(spiI, lab.now));
        QVERIFY(!lab.A.checkLiveness(spiI, lab.now)); // window size 1: one exchange at a time
        lab.filter = [](Delivery& d) { return !d.fromA; };
        lab.run();
        lab.runUntil(lab.now + std::chrono::minutes(1));
        const auto* f = failureOf(lab.eventsA);
        QVERIFY2(f && f->kind == FailureKind::DeadPeer, qPrintable(dumpBoth(lab)));
        QVERIFY(lab.A.ikeSas().empty() && lab.A.childSas().empty());
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1}); // B never heard of it
    }

    // Both ends check liveness at once (each numbers its own requests): each end's answer is recorded
    // under the number of its own request, not the peer's request answered meanwhile.
    void crossedLivenessChecksKeepTheirNumbers() {
        V2Harness lab(siteA(), siteB());
        establish(lab);
        QVERIFY(lab.A.checkLiveness(lab.A.ikeSas()[0].spiI, lab.now));
        QVERIFY(lab.B.checkLiveness(lab.B.ikeSas()[0].spiI, lab.now));
        lab.run();
        for (const auto* events : {&lab.eventsA, &lab.eventsB}) {
            QVERIFY2(V2Harness::find(*events, "INFORMATIONAL#1.response.liveness"), qPrintable(dumpBoth(lab)));
            QVERIFY(V2Harness::find(*events, "INFORMATIONAL#2.request.liveness"));
            QVERIFY(!V2Harness::find(*events, "INFORMATIONAL#2.response.liveness"));
        }
        QCOMPARE(lab.A.ikeSas().size(), std::size_t{1});
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1});
    }

    // An INFORMATIONAL Delete that does not verify changes nothing and gets no answer.
    void forgedDeleteChangesNothing() {
        V2Harness lab(siteA(), siteB());
        establish(lab);
        lab.filter = [](Delivery& d) {
            if (d.fromA) d.transmit.datagram.back() ^= 0x01;
            return true;
        };
        QVERIFY(lab.A.deleteIkeSa(lab.A.ikeSas()[0].spiI, lab.now));
        lab.run();
        QCOMPARE(lab.B.ikeSas().size(), std::size_t{1});
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        QCOMPARE(V2Harness::last(lab.eventsB, EventKind::Dropped)->id, std::string("INFORMATIONAL#1.request.dropped"));
        QCOMPARE(lab.wire.size(), std::size_t{5});
    }

    void noProposalChosenNamesTheTimeout() {
        auto a = siteA(), b = siteB();
        a.retransmit.maxRetransmits = 1;
        b.ikeProposals[0].encryption = crypto::Encryption::Aes256Cbc;
        V2Harness lab(a, b);
        establish(lab);
        lab.runUntil(std::chrono::minutes(1));
        QCOMPARE(lab.B.ikeSaCount(), std::size_t{0}); // refused statelessly
        const auto* f = failureOf(lab.eventsA);
        QVERIFY2(f, qPrintable(dumpBoth(lab)));
        QCOMPARE(f->kind, FailureKind::Timeout); // the refusal is not authenticated: it only names the cause
        QVERIFY(f->notify == v2::NotifyType::NoProposalChosen);
        QVERIFY(!f->authenticated);
    }

    void junkChangesNothing() {
        V2Harness lab(siteA(), siteB());
        establish(lab);
        const std::size_t events = lab.eventsB.size();
        Bytes junk = lab.wire[2].transmit.datagram; // an IKE_AUTH request with another Message ID
        junk[23] ^= 0x07;
        lab.B.handle(junk, siteA().local, siteB().local, lab.now);
        lab.B.handle(Bytes(40, 0xab), siteA().local, siteB().local, lab.now);
        lab.run();
        QCOMPARE(lab.eventsB.size(), events + 2);
        QCOMPARE(lab.eventsB[events].kind, EventKind::Dropped);
        QCOMPARE(lab.eventsB[events + 1].kind, EventKind::Dropped);
        QCOMPARE(lab.B.childSas().size(), std::size_t{1});
        QCOMPARE(lab.wire.size(), std::size_t{4}); // no answer to either
    }

    // §2.9: the responder narrows the initiator's wider TSi to its own policy; both hold that.
    void trafficSelectorsAreNarrowed() {
        auto a = siteA(), b = siteB();
        a.localSelector = wire::Selector::subnet(ip("10.1.0.0"), 16);
        V2Harness lab(a, b);
        establish(lab);
        QVERIFY2(lab.A.childSas().size() == 1, qPrintable(dumpBoth(lab)));
        QCOMPARE(QString::fromStdString(lab.A.childSas()[0].localSelector.toString()), QString("10.1.0.0/24"));
        QCOMPARE(QString::fromStdString(lab.B.childSas()[0].remoteSelector.toString()), QString("10.1.0.0/24"));
        auto c = siteB();
        c.remoteSelector = wire::Selector::subnet(ip("10.9.0.0"), 24);
        V2Harness refused(siteA(), c);
        establish(refused);
        QVERIFY(refused.A.ikeSas().size() == 1 && refused.A.childSas().empty());
        QVERIFY(failureOf(refused.eventsA)->notify == v2::NotifyType::TsUnacceptable);
    }

    // Every datagram either engine sent decodes with core/wire's codec, and every SK payload opens
    // under the keys the events report, to the plaintext they recorded.
    void everyDatagramDecodes() {
        V2Harness lab(siteA(), siteB());
        establish(lab);
        QCOMPARE(lab.wire.size(), std::size_t{4});
        const ikev2::IkeSuite suite;
        for (const Delivery& d : lab.wire) {
            const auto m = v2::decodeMessage(d.transmit.datagram);
            QVERIFY2(m, m ? "" : m.error().toString().c_str());
            const auto& events = d.fromA ? lab.eventsA : lab.eventsB;
            const auto* sent = V2Harness::find(events, d.transmit.datagramId + ".sent")->as<ikev2::DatagramInfo>();
            QVERIFY(sent && sent->udpPayload == d.transmit.datagram);
            QVERIFY(!sent->annotations().empty());
            if (!m->encrypted()) continue;
            const auto opened = ikev2::unprotectMessage(protectionOf(lab.eventsA, suite,
                                                                     d.fromA ? Side::Initiator : Side::Responder),
                                                        d.transmit.datagram, m->payloads.back().offset);
            QVERIFY(opened);
            const auto inner = v2::decodePayloads(static_cast<v2::PayloadType>(opened->firstInner), opened->payloads());
            QVERIFY2(inner, inner ? "" : inner.error().toString().c_str());
            QCOMPARE(hexOf(opened->payloads()), hexOf(sent->plaintext));
            QVERIFY(!sent->plaintextAnnotations().empty());
        }
    }

    // No second key schedule: from the exchanged bytes and g^ir, core/ikev2/Keymat gives every key
    // the engines reported, the AUTH values they sent, and the child SAs' keys.
    void keysAreKeymatsOnTheSameInputs() {
        V2Harness lab(siteA(), siteB());
        establish(lab);
        const auto init = v2::decodeMessage(lab.wire[0].transmit.datagram);
        const auto resp = v2::decodeMessage(lab.wire[1].transmit.datagram);
        const ByteView ni = init->find(v2::PayloadType::Nonce)->as<v2::NoncePayload>()->nonce;
        const ByteView nr = resp->find(v2::PayloadType::Nonce)->as<v2::NoncePayload>()->nonce;
        const auto* dhA = V2Harness::find(lab.eventsA, "g^ir")->as<ikev2::DhInfo>();
        const auto* dhB = V2Harness::find(lab.eventsB, "g^ir")->as<ikev2::DhInfo>();
        QCOMPARE(hexOf(dhA->sharedSecret.view()), hexOf(dhB->sharedSecret.view()));
        const ikev2::IkeSuite suite;
        const auto part = [](const char* name, ByteView v) { return ikev2::Part{name, v, {}}; };
        const auto skeyseed = ikev2::keymat::skeyseed(suite.prf, part("Ni", ni), part("Nr", nr),
                                                      part("g^ir", dhA->sharedSecret.view()));
        const auto keys = ikev2::keymat::ikeSaKeys(suite, ikev2::partOf(skeyseed), part("Ni", ni), part("Nr", nr),
                                                   part("SPIi", resp->header.initiatorSpi),
                                                   part("SPIr", resp->header.responderSpi));
        QVERIFY(keys);
        for (const auto& events : {std::cref(lab.eventsA), std::cref(lab.eventsB)}) {
            QCOMPARE(hexOf(valueOf(events, "SKEYSEED")), hexOf(skeyseed.value.view()));
            QCOMPARE(hexOf(valueOf(events, "SK_d")), hexOf(keys->skD.value.view()));
            QCOMPARE(hexOf(valueOf(events, "SK_ai")), hexOf(keys->skAi->value.view()));
            QCOMPARE(hexOf(valueOf(events, "SK_ar")), hexOf(keys->skAr->value.view()));
            QCOMPARE(hexOf(valueOf(events, "SK_ei")), hexOf(keys->skEi.value.view()));
            QCOMPARE(hexOf(valueOf(events, "SK_er")), hexOf(keys->skEr.value.view()));
            QCOMPARE(hexOf(valueOf(events, "SK_pi")), hexOf(keys->skPi.value.view()));
            QCOMPARE(hexOf(valueOf(events, "SK_pr")), hexOf(keys->skPr.value.view()));
        }
        // AUTH_I as sent: prf(prf(PSK, pad), RealMessage1 | Nr | prf(SK_pi, IDi')).
        const auto m3 = v2::decodeMessage(lab.wire[2].transmit.datagram);
        const auto opened = ikev2::unprotectMessage(protectionOf(lab.eventsA, suite, Side::Initiator),
                                                    lab.wire[2].transmit.datagram, m3->payloads.back().offset);
        const auto inner = v2::decodePayloads(static_cast<v2::PayloadType>(opened->firstInner), opened->payloads());
        QVERIFY(inner);
        const auto& idi = (*inner)[0];
        const Bytes idBody(opened->payloads().begin() + static_cast<std::ptrdiff_t>(idi.offset + 4),
                           opened->payloads().begin() + static_cast<std::ptrdiff_t>(idi.offset + idi.length));
        const auto authI = ikev2::keymat::pskAuth(suite.prf, Side::Initiator, part("PSK", siteA().psk),
                                                  part("RealMessage1", lab.wire[0].transmit.datagram), part("Nr", nr),
                                                  ikev2::partOf(keys->skPi), part("IDi'", idBody));
        QCOMPARE(hexOf((*inner)[1].as<v2::AuthPayload>()->data), hexOf(authI.auth.value.view()));
        QCOMPARE(hexOf(valueOf(lab.eventsB, "AUTH_I")), hexOf(authI.auth.value.view()));
        // The child SA: KEYMAT = prf+(SK_d, Ni | Nr), the initiator's keys first.
        const ikev2::ChildSuite childSuite;
        const auto child = ikev2::keymat::childSaKeys(suite.prf, childSuite, ikev2::partOf(keys->skD), nullptr,
                                                      part("Ni", ni), part("Nr", nr));
        QVERIFY(child);
        const auto a = lab.A.childSas()[0].clone();
        QCOMPARE(hexOf(a.outbound.encryptionKey.view()), hexOf(child->encryptionInitiator.value.view()));
        QCOMPARE(hexOf(a.outbound.integrityKey.view()), hexOf(child->integrityInitiator->value.view()));
        QCOMPARE(hexOf(a.inbound.encryptionKey.view()), hexOf(child->encryptionResponder.value.view()));
        QCOMPARE(hexOf(a.inbound.integrityKey.view()), hexOf(child->integrityResponder->value.view()));
    }

    // A seed gives the same bytes every run (docs: deterministic by seed); another seed others.
    void seededRunsRepeat() {
        V2Harness one(siteA(), siteB(), 7), two(siteA(), siteB(), 7), other(siteA(), siteB(), 8);
        establish(one);
        establish(two);
        establish(other);
        for (std::size_t i = 0; i < one.wire.size(); ++i)
            QCOMPARE(hexOf(one.wire[i].transmit.datagram), hexOf(two.wire[i].transmit.datagram));
        QVERIFY(hexOf(one.wire[0].transmit.datagram) != hexOf(other.wire[0].transmit.datagram));
    }
};

QTEST_APPLESS_MAIN(TestIkev2Engine)
#include "tst_ikev2_engine.moc"
