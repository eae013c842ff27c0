// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Issue 17's responder policy and input checks, on engines wired in memory: charon's default
// phase-1 proposals, a longer offered lifetime, the same input checks in every mode, Aggressive
// Mode's DH group, INITIAL-CONTACT by identity, DPD's checks, an authenticated error notify in
// MM5/MM6, kilobytes as strongSwan counts them. The engines' internals (an IKE SA's keys and IVs) let a test craft what
// a peer with keys could send.

#include <QTest>

#include <functional>
#include <memory>

#include "crypto/DeterministicRandom.h"
#include "ike/Engine.h"
#include "lab/ChildSaConfig.h"
#include "tst_ike_support.h"
#include "wire/IsakmpCodec.h"

using namespace ipseclab;
using namespace ipseclab::ike;
using namespace ipseclab::ike::detail;
using crypto::CipherAlgorithm;
using crypto::DhGroup;
using crypto::HashAlgorithm;
using test::siteA;
using test::siteB;
using wire::NotifyType;

namespace {

// One engine and the random source it draws from.
struct Node {
    Node(PeerConfig config, const char* label)
        : random(crypto::DeterministicRandom(17).fork(label)), engine(std::move(config), random) {}
    crypto::DeterministicRandom random;
    Engine engine;
};

std::unique_ptr<Node> node(PeerConfig config, const char* label) {
    return std::make_unique<Node>(std::move(config), label);
}

// May change a datagram in flight; false drops it.
using Alter = std::function<bool(Transmit&, bool fromA)>;

// Delivers what `a` and `b` send to each other until both are quiet.
void run(Engine& a, Engine& b, Timestamp now, const Alter& alter = {}) {
    for (int round = 0; round < 100; ++round) {
        bool any = false;
        for (const bool fromA : {true, false}) {
            Engine& sender = fromA ? a : b;
            Engine& receiver = fromA ? b : a;
            while (!sender.transmits.empty()) {
                Transmit t = std::move(sender.transmits.front());
                sender.transmits.pop_front();
                any = true;
                if (alter && !alter(t, fromA)) continue;
                receiver.handle(t.datagram, t.from, t.to, now);
            }
        }
        if (!any) return;
    }
}

// Fires timers up to `until`, delivering what they send.
void runUntil(Engine& a, Engine& b, Timestamp& now, Timestamp until, const Alter& alter = {}) {
    for (;;) {
        std::optional<Timestamp> next = a.nextTimeout();
        if (const auto t = b.nextTimeout(); t && (!next || *t < *next)) next = t;
        if (!next || *next > until) break;
        now = std::max(now, *next);
        a.handleTimeout(now);
        b.handleTimeout(now);
        run(a, b, now, alter);
    }
    now = until;
}

std::string dump(const Engine& e) {
    std::string out;
    for (const Event& event : e.events) out += "  " + event.id + ": " + event.text + "\n";
    return out;
}

const FailureInfo* failure(const Engine& e, FailureKind kind) {
    for (const Event& event : e.events)
        if (const auto* f = event.as<FailureInfo>(); f && f->kind == kind) return f;
    return nullptr;
}

bool anyText(const Engine& e, const char* part) {
    for (const Event& event : e.events)
        if (event.text.find(part) != std::string::npos) return true;
    return false;
}

bool sent(const Engine& e, const char* label) {
    for (const Event& event : e.events)
        if (const auto* d = event.as<DatagramInfo>(); d && event.kind == EventKind::DatagramSent && d->label == label)
            return true;
    return false;
}

IkeSa* established(const Engine& e, std::size_t nth = 0) {
    for (const auto& sa : e.ikeSas())
        if (sa->established() && nth-- == 0) return sa.get();
    return nullptr;
}

std::size_t establishedCount(const Engine& e) {
    std::size_t n = 0;
    for (const auto& sa : e.ikeSas()) n += sa->established();
    return n;
}

PeerConfig client(const char* id) {
    PeerConfig c = siteA();
    c.localId = Identity::fqdn(id);
    return c;
}

// Decodes a clear message, lets `change` edit its payloads, encodes it again.
Bytes rewriteClear(ByteView datagram, const std::function<void(std::vector<wire::Payload>&)>& change) {
    auto message = wire::decodeMessage(datagram);
    if (!message) return Bytes(datagram.begin(), datagram.end());
    std::vector<wire::Payload> payloads = message->chain.payloads;
    change(payloads);
    return *wire::encodeMessage(message->header, payloads);
}

// Decrypts an encrypted phase-1 message with `sa`'s Ka and phase-1 IV, adds `notify`, seals it again.
Bytes withNotify(ByteView datagram, const IkeSa& sa, NotifyType notify) {
    auto message = wire::decodeMessage(datagram);
    auto opened = openMessage(*message, sa.cipher(), sa.keys.ka.view(), sa.iv.phase1());
    std::vector<wire::Payload> payloads = opened->chain.payloads;
    wire::NotificationPayload n;
    n.type = notify;
    n.spi = sa.isakmpSpi();
    payloads.push_back(wire::Payload{n});
    return sealMessage(message->header, payloads, sa.cipher(), sa.keys.ka.view(), sa.iv.phase1())->message;
}

Bytes sequenceBytes(std::uint32_t sequence) {
    Bytes out;
    appendU32(out, sequence);
    return out;
}

// Phase 1 from `a` to `b` through `alter`: the failure of `kind` that `at` recorded, if any.
const FailureInfo* phase1Fails(Node& a, Node& b, const Alter& alter, const Engine& at, FailureKind kind) {
    if (!a.engine.initiate(Timestamp{0})) return nullptr;
    run(a.engine, b.engine, Timestamp{0}, alter);
    return failure(at, kind);
}

// Whether failure `f` names `notify` and has `part` in its sentence.
bool names(const FailureInfo* f, NotifyType notify, const std::string& part) {
    return f && f->notify == notify && f->sentence.find(part) != std::string::npos;
}

// The unprotected NO-PROPOSAL-CHOSEN in what `e` sent last.
bool answeredNoProposalChosen(const Engine& e) {
    for (const Event& event : e.events)
        if (const auto* n = event.as<NotifyInfo>();
            n && event.kind == EventKind::NotifySent && n->type == NotifyType::NoProposalChosen)
            return true;
    return false;
}

} // namespace

class TestIkePolicy : public QObject {
    Q_OBJECT

private slots:
    // A responder with charon's default set accepts aes128-sha1-modp2048 and aes256-sha256-modp2048
    // and refuses des-md5-modp768 with NO-PROPOSAL-CHOSEN (what the ike-scan probe checks).
    void charonDefaultResponder() {
        for (const Phase1Suite& offered :
             {Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048, 28800},
              Phase1Suite{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha256, DhGroup::Modp2048, 28800}}) {
            PeerConfig a = siteA();
            a.ikeProposals = {offered};
            PeerConfig b = siteB();
            b.ikeProposals = charonDefaultPhase1();
            auto A = node(a, "a"), B = node(b, "b");
            QVERIFY(A->engine.initiate(Timestamp{0}).has_value());
            run(A->engine, B->engine, Timestamp{0});
            QVERIFY2(established(B->engine), dump(B->engine).c_str());
            QCOMPARE(established(B->engine)->suite->name(), offered.name());
            QCOMPARE(B->engine.childSas().size(), std::size_t{1});
        }
        // des-md5-modp768, written by hand (the engine itself cannot offer DES).
        PeerConfig b = siteB();
        b.ikeProposals = charonDefaultPhase1();
        auto B = node(b, "b");
        wire::Transform t;
        t.number = 1;
        t.transformId = wire::kKeyIke;
        // Encryption DES-CBC, hash MD5, group MODP-768, pre-shared key, life type seconds.
        const std::pair<std::uint16_t, std::uint16_t> attributes[] = {{1, 1}, {2, 1}, {4, 1}, {3, 1}, {11, 1}};
        for (const auto& [type, value] : attributes) t.attributes.push_back(wire::DataAttribute::tv(type, value));
        t.attributes.push_back(wire::DataAttribute::tv(12, 28800));
        wire::SaPayload sa;
        sa.proposals.push_back(wire::Proposal{1, wire::ProtocolId::Isakmp, {}, {t}});
        wire::IsakmpHeader h;
        h.initiatorCookie = {1, 2, 3, 4, 5, 6, 7, 8};
        h.exchangeType = wire::ExchangeType::IdentityProtection;
        const std::vector<wire::Payload> payloads{wire::Payload{sa}};
        B->engine.handle(*wire::encodeMessage(h, payloads), siteA().local, siteB().local, Timestamp{0});
        QVERIFY2(answeredNoProposalChosen(B->engine), dump(B->engine).c_str());
        const auto* f = failure(B->engine, FailureKind::NoProposalChosen);
        QVERIFY(f);
        QVERIFY2(f->sentence.find("DES") != std::string::npos, f->sentence.c_str());
    }

    // A longer phase-1 lifetime than ours is accepted (charon does the same): the responder keeps
    // its own 28800 s; the initiator, told nothing (RFC 2409 has no RESPONDER-LIFETIME for phase 1),
    // keeps what it offered.
    void longerPhase1Lifetime() {
        for (const Phase1Mode mode : {Phase1Mode::Main, Phase1Mode::Aggressive}) {
            PeerConfig a = siteA();
            a.mode = mode;
            a.ikeProposals[0].lifetimeSeconds = 86400;
            auto A = node(a, "a"), B = node(siteB(), "b");
            QVERIFY(A->engine.initiate(Timestamp{0}).has_value());
            run(A->engine, B->engine, Timestamp{0});
            QVERIFY2(established(B->engine), dump(B->engine).c_str());
            QVERIFY(!failure(B->engine, FailureKind::NoProposalChosen));
            QCOMPARE(established(B->engine)->suite->lifetimeSeconds, 28800u);
            QCOMPARE(established(A->engine)->suite->lifetimeSeconds, 86400u);
            QVERIFY(anyText(B->engine, "86400 s is longer than our 28800 s: accepted, ours applies"));
            // Ours applies: the responder's IKE SA ends at 28800 s.
            QCOMPARE(established(B->engine)->timers.get(IkeTimer::HardLifetime),
                     std::optional<Timestamp>(std::chrono::seconds(28800)));
        }
    }

    // A zero responder cookie in MM2 or AM2 is refused without a change of state; the genuine
    // answer (to the retransmitted MM1/AM1) then completes phase 1.
    void zeroResponderCookie() {
        for (const Phase1Mode mode : {Phase1Mode::Main, Phase1Mode::Aggressive}) {
            PeerConfig a = siteA();
            a.mode = mode;
            auto A = node(a, "a"), B = node(siteB(), "b");
            const char* label = mode == Phase1Mode::Main ? "MM2" : "AM2";
            bool altered = false;
            const Alter zeroCookie = [&](Transmit& t, bool fromA) {
                if (!fromA && t.label == label && !altered) {
                    altered = true;
                    std::fill(t.datagram.begin() + 8, t.datagram.begin() + 16, 0);
                }
                return true;
            };
            Timestamp now{0};
            QVERIFY(A->engine.initiate(now).has_value());
            run(A->engine, B->engine, now, zeroCookie);
            QVERIFY(altered);
            QVERIFY2(anyText(A->engine, "refused: its responder cookie is zero"), dump(A->engine).c_str());
            QVERIFY(!established(A->engine));
            QVERIFY(isZero(A->engine.ikeSas()[0]->ckyR)); // nothing was taken from it
            runUntil(A->engine, B->engine, now, std::chrono::seconds(10), zeroCookie);
            QVERIFY2(established(A->engine), dump(A->engine).c_str());
            QCOMPARE(A->engine.childSas().size(), std::size_t{1});
        }
    }

    // A nonce outside 8..256 bytes: refused in AM1 (PAYLOAD-MALFORMED), in AM2 (dropped, state
    // unchanged) and in QM1 (PAYLOAD-MALFORMED), as Main Mode refuses it in MM3/MM4.
    void nonceLengthInEveryMode() {
        for (const std::size_t length : {std::size_t{4}, std::size_t{300}}) {
            PeerConfig a = siteA();
            a.mode = Phase1Mode::Aggressive;
            a.nonceLength = length;
            auto A = node(a, "a"), B = node(siteB(), "b");
            const auto* f = phase1Fails(*A, *B, {}, B->engine, FailureKind::Malformed);
            QVERIFY2(names(f, NotifyType::PayloadMalformed, "its nonce has " + std::to_string(length) + " bytes"),
                     dump(B->engine).c_str());
            QVERIFY(!sent(B->engine, "AM2"));
        }
        {
            PeerConfig b = siteB();
            b.nonceLength = 7;
            PeerConfig a = siteA();
            a.mode = Phase1Mode::Aggressive;
            auto A = node(a, "a"), B = node(b, "b");
            Timestamp now{0};
            QVERIFY(A->engine.initiate(now).has_value());
            run(A->engine, B->engine, now);
            QVERIFY2(anyText(A->engine, "AM2 refused: its nonce has 7 bytes"), dump(A->engine).c_str());
            QVERIFY(!established(A->engine));
            QCOMPARE(A->engine.ikeSas()[0]->state, P1State::AmI1);
        }
        PeerConfig a = siteA();
        a.autoQuickMode = false;
        auto A = node(a, "a"), B = node(siteB(), "b");
        QVERIFY(A->engine.initiate(Timestamp{0}).has_value());
        run(A->engine, B->engine, Timestamp{0});
        QVERIFY(established(B->engine));
        A->engine.config.nonceLength = 257;
        QVERIFY(A->engine.startQuickMode(Timestamp{0}).has_value());
        run(A->engine, B->engine, Timestamp{0});
        const auto* f = failure(B->engine, FailureKind::Malformed);
        QVERIFY2(f, dump(B->engine).c_str());
        QVERIFY2(f->sentence.find("QM1 is malformed: its nonce has 257 bytes") != std::string::npos,
                 f->sentence.c_str());
        QCOMPARE(f->notify, std::optional(NotifyType::PayloadMalformed));
        QVERIFY(B->engine.childSas().empty());
    }

    // Aggressive Mode: the group is the chosen transform's, not the first one whose public value
    // has the KE's length (MODP-768 and ECP-384 values are both 96 bytes).
    void aggressiveModeGroupFromProposal() {
        const Phase1Suite ecp384{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Ecp384, 28800};
        PeerConfig a = siteA();
        a.mode = Phase1Mode::Aggressive;
        a.ikeProposals = {ecp384};
        PeerConfig b = siteB();
        b.ikeProposals = {ecp384};
        {
            // AM1 offers MODP-768 first, then ECP-384; its KE (96 bytes) is ECP-384's.
            auto A = node(a, "a"), B = node(b, "b");
            const Alter modp768First = [](Transmit& t, bool fromA) {
                if (fromA && t.label == "AM1")
                    t.datagram = rewriteClear(t.datagram, [](std::vector<wire::Payload>& payloads) {
                        auto& sa = std::get<wire::SaPayload>(payloads[0].body);
                        wire::Transform modp768 = sa.proposals[0].transforms[0];
                        modp768.number = 2;
                        for (auto& attribute : modp768.attributes)
                            if (attribute.type == 4) attribute = wire::DataAttribute::tv(4, 1);
                        sa.proposals[0].transforms.insert(sa.proposals[0].transforms.begin(), modp768);
                    });
                return fromA; // B's answer is not needed: the SA changed, so HASH_R cannot verify at A
            };
            QVERIFY(A->engine.initiate(Timestamp{0}).has_value());
            run(A->engine, B->engine, Timestamp{0}, modp768First);
            QVERIFY2(sent(B->engine, "AM2"), dump(B->engine).c_str());
            QVERIFY(!answeredNoProposalChosen(B->engine));
            QCOMPARE(B->engine.ikeSas()[0]->suite->group, DhGroup::Ecp384);
        }
        // The chosen transform says MODP-2048, the KE has ECP-384's length: INVALID-KEY-INFORMATION.
        b.ikeProposals = {Phase1Suite{}};
        auto A = node(a, "a"), B = node(b, "b");
        const Alter modp2048 = [](Transmit& t, bool fromA) {
            if (fromA && t.label == "AM1")
                t.datagram = rewriteClear(t.datagram, [](std::vector<wire::Payload>& payloads) {
                    for (auto& attribute :
                         std::get<wire::SaPayload>(payloads[0].body).proposals[0].transforms[0].attributes)
                        if (attribute.type == 4) attribute = wire::DataAttribute::tv(4, 14);
                });
            return true;
        };
        const auto* f = phase1Fails(*A, *B, modp2048, B->engine, FailureKind::Malformed);
        QVERIFY2(names(f, NotifyType::InvalidKeyInformation, "MODP-2048, the group of the chosen transform"),
                 dump(B->engine).c_str());
        QVERIFY(!sent(B->engine, "AM2"));
    }

    // INITIAL-CONTACT in MM5 removes the SAs of the peer with that authenticated identity, not of
    // every peer at that address: two clients behind one NAT keep their SAs.
    void initialContactByIdentity() {
        auto B = node(siteB(), "b");
        auto one = node(client("client1.lab"), "one");
        auto two = node(client("client2.lab"), "two");
        QVERIFY(one->engine.initiate(Timestamp{0}).has_value());
        run(one->engine, B->engine, Timestamp{0});
        QVERIFY(two->engine.initiate(Timestamp{0}).has_value());
        run(two->engine, B->engine, Timestamp{0});
        QVERIFY(anyText(B->engine, "notification INITIAL-CONTACT received in MM5"));
        QCOMPARE(establishedCount(B->engine), std::size_t{2}); // same address, other identity: both stay
        QCOMPARE(B->engine.childSas().size(), std::size_t{2});

        // Client 1 restarts: its INITIAL-CONTACT removes its old SAs only.
        auto again = node(client("client1.lab"), "again");
        QVERIFY(again->engine.initiate(Timestamp{0}).has_value());
        run(again->engine, B->engine, Timestamp{0});
        QCOMPARE(establishedCount(B->engine), std::size_t{2});
        QCOMPARE(B->engine.childSas().size(), std::size_t{2});
        QCOMPARE(established(B->engine, 0)->peerId, Identity::fqdn("client2.lab"));
        QCOMPARE(established(B->engine, 1)->peerId, Identity::fqdn("client1.lab"));
        QCOMPARE(established(B->engine, 1)->ckyI, established(again->engine)->ckyI);
        QCOMPARE(B->engine.childSas()[0].peerId, Identity::fqdn("client2.lab"));
        QCOMPARE(B->engine.childSas()[1].ckyI, established(again->engine)->ckyI);
    }

    // INITIAL-CONTACT in a protected Informational is honoured too, by identity.
    void initialContactInInformational() {
        auto B = node(siteB(), "b");
        auto one = node(client("client1.lab"), "one");
        auto two = node(client("client2.lab"), "two");
        PeerConfig restarted = client("client1.lab");
        restarted.sendInitialContact = false; // it tells later, in an Informational
        auto again = node(restarted, "again");
        for (Node* n : {one.get(), two.get(), again.get()}) {
            QVERIFY(n->engine.initiate(Timestamp{0}).has_value());
            run(n->engine, B->engine, Timestamp{0});
        }
        QCOMPARE(establishedCount(B->engine), std::size_t{3});
        QCOMPARE(B->engine.childSas().size(), std::size_t{3});
        IkeSa& sa = *established(again->engine);
        informational::sendNotify(again->engine, sa, NotifyType::InitialContact, wire::ProtocolId::Isakmp,
                                  sa.isakmpSpi());
        run(again->engine, B->engine, Timestamp{0});
        QVERIFY2(anyText(B->engine, "client1.lab sent INITIAL-CONTACT"), dump(B->engine).c_str());
        QCOMPARE(establishedCount(B->engine), std::size_t{2});
        QCOMPARE(established(B->engine, 0)->peerId, Identity::fqdn("client2.lab"));
        QCOMPARE(established(B->engine, 1)->ckyI, sa.ckyI);
        QCOMPARE(B->engine.childSas().size(), std::size_t{2}); // client 2's, and the sender's own
        QCOMPARE(B->engine.childSas()[0].peerId, Identity::fqdn("client2.lab"));
        QCOMPARE(B->engine.childSas()[1].ckyI, sa.ckyI);
    }

    // DPD (RFC 3706): no R-U-THERE without the peer's DPD vendor ID; a notify with another SPI or
    // data length is ignored; only the pending sequence number's ACK counts.
    void dpdChecks() {
        auto A = node(siteA(), "a"), B = node(siteB(), "b");
        QVERIFY(A->engine.initiate(Timestamp{0}).has_value());
        run(A->engine, B->engine, Timestamp{0});
        IkeSa& a = *established(A->engine);
        IkeSa& b = *established(B->engine);
        QVERIFY(a.peerDpd);

        a.peerDpd = false;
        QVERIFY(!A->engine.sendDpd(Timestamp{0}).has_value());
        QVERIFY(A->engine.transmits.empty());
        QVERIFY(anyText(A->engine, "did not send the DPD vendor ID"));
        a.peerDpd = true;

        // Our R-U-THERE is lost; B's ACKs are crafted.
        QVERIFY(A->engine.sendDpd(Timestamp{0}).has_value());
        A->engine.transmits.clear();
        const std::uint32_t pending = *a.dpd.pending;
        const auto ack = [&](std::uint32_t sequence, Bytes spi) {
            informational::sendNotify(B->engine, b, NotifyType::RUThereAck, wire::ProtocolId::Isakmp, std::move(spi),
                                      sequenceBytes(sequence));
            run(A->engine, B->engine, Timestamp{0});
        };
        ack(pending + 1, b.isakmpSpi());
        QCOMPARE(a.dpd.pending, std::optional(pending)); // another number: ignored
        ack(pending - 1, b.isakmpSpi());
        QCOMPARE(a.dpd.pending, std::optional(pending));
        ack(pending, Bytes(8, 1)); // not CKY-I | CKY-R
        QCOMPARE(a.dpd.pending, std::optional(pending));
        QVERIFY(anyText(A->engine, "is not this IKE SA's CKY-I | CKY-R"));
        informational::sendNotify(B->engine, b, NotifyType::RUThereAck, wire::ProtocolId::Isakmp, b.isakmpSpi(),
                                  Bytes{0, 0, 1});
        run(A->engine, B->engine, Timestamp{0});
        QCOMPARE(a.dpd.pending, std::optional(pending));
        QVERIFY(anyText(A->engine, "its data has 3 bytes"));
        QVERIFY(a.timers.get(IkeTimer::Dpd).has_value());
        ack(pending, b.isakmpSpi());
        QVERIFY(!a.dpd.pending);
        QVERIFY(!a.timers.get(IkeTimer::Dpd));

        // A malformed R-U-THERE gets no answer; a good one does.
        informational::sendNotify(B->engine, b, NotifyType::RUThere, wire::ProtocolId::Isakmp, Bytes(4, 2),
                                  sequenceBytes(7));
        std::size_t answers = 0;
        const Alter count = [&](Transmit&, bool fromA) {
            answers += fromA;
            return true;
        };
        run(A->engine, B->engine, Timestamp{0}, count);
        QCOMPARE(answers, std::size_t{0});
        informational::sendNotify(B->engine, b, NotifyType::RUThere, wire::ProtocolId::Isakmp, b.isakmpSpi(),
                                  sequenceBytes(7));
        run(A->engine, B->engine, Timestamp{0}, count);
        QCOMPARE(answers, std::size_t{1});
    }

    // An error notify inside MM5 or MM6, authenticated by HASH_I / HASH_R, fails phase 1 by name.
    void errorNotifyInsideMm5AndMm6() {
        {
            auto A = node(siteA(), "a"), B = node(siteB(), "b");
            const Alter inMm5 = [&](Transmit& t, bool fromA) {
                if (fromA && t.label == "MM5")
                    t.datagram = withNotify(t.datagram, *B->engine.ikeSas()[0], NotifyType::InvalidIdInformation);
                return true;
            };
            const auto* f = phase1Fails(*A, *B, inMm5, B->engine, FailureKind::InvalidId);
            QVERIFY2(names(f, NotifyType::InvalidIdInformation, "INVALID-ID-INFORMATION inside MM5"),
                     dump(B->engine).c_str());
            QVERIFY(!established(B->engine));
            QVERIFY(!sent(B->engine, "MM6"));
        }
        auto A = node(siteA(), "a"), B = node(siteB(), "b");
        const Alter inMm6 = [&](Transmit& t, bool fromA) {
            if (!fromA && t.label == "MM6")
                t.datagram = withNotify(t.datagram, *A->engine.ikeSas()[0], NotifyType::NoProposalChosen);
            return true;
        };
        const auto* f = phase1Fails(*A, *B, inMm6, A->engine, FailureKind::NoProposalChosen);
        QVERIFY2(names(f, NotifyType::NoProposalChosen, "NO-PROPOSAL-CHOSEN inside MM6"), dump(A->engine).c_str());
        QVERIFY(!established(A->engine));
        QVERIFY(A->engine.childSas().empty());
    }

    // A Quick Mode lifetime in kilobytes counts 1000 bytes per kilobyte, as strongSwan's
    // get_lifebytes does, so both ends of an interop tunnel run out together.
    void kilobytesAreThousands() {
        ChildSaInfo info;
        info.lifetimeKilobytes = 4;
        info.outbound.spi = 0x1234;
        info.outbound.keymat = crypto::SecretBytes(keymatLength(info.suite));
        lab::ChildSaSettings settings;
        settings.softLifetimeFraction = 0.9;
        const auto config = lab::childSaConfig(info, info.outbound, settings);
        QVERIFY2(config, config ? "" : config.error().toString().c_str());
        QCOMPARE(config->lifetime.hard.bytes, std::optional<std::uint64_t>(4000));
        QCOMPARE(config->lifetime.soft.bytes, std::optional<std::uint64_t>(3600));
    }
};

QTEST_GUILESS_MAIN(TestIkePolicy)
#include "tst_ike_policy.moc"
