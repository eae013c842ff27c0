// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Quick Mode readers on their own (no engine, no keys): crafted payload chains in, an offer or
// the rejection the responder (QM1) or initiator (QM2) must answer with out.

#include <QTest>

#include "ike/Engine.h"

using namespace ipseclab;
using namespace ipseclab::ike;
using namespace ipseclab::ike::detail;
using wire::DataAttribute;
using wire::NotifyType;

namespace {

wire::Ipv4Address ip(const char* dotted) { return *wire::Ipv4Address::parse(dotted); }

const Bytes kEspSpi{0x11, 0x22, 0x33, 0x44};

// Site B, the responder: 10.2.0.0/24 behind it, 10.1.0.0/24 behind the initiator.
PeerConfig responderConfig() {
    PeerConfig c;
    c.local = Endpoint{ip("127.0.0.2"), 500};
    c.remote = Endpoint{ip("127.0.0.1"), 500};
    c.localSelector = Selector::subnet(ip("10.2.0.0"), 24);
    c.remoteSelector = Selector::subnet(ip("10.1.0.0"), 24);
    return c;
}

IkeSa responderSa(const PeerConfig& c) {
    IkeSa sa;
    sa.role = Role::Responder;
    sa.local = c.local;
    sa.remote = c.remote;
    return sa;
}

wire::IdPayload subnetId(const char* network) {
    wire::IdPayload id;
    id.idType = wire::IdType::Ipv4AddrSubnet;
    const wire::Ipv4Address a = ip(network);
    id.data.assign(a.octets.begin(), a.octets.end());
    append(id.data, Bytes{0xff, 0xff, 0xff, 0x00});
    return id;
}

// HASH(1) | SA | Ni [| KE] [| IDci | IDcr], as an initiator with `proposals` would send it.
wire::PayloadChain qm1(const std::vector<ChildProposal>& proposals, std::optional<crypto::DhGroup> pfs = std::nullopt,
                       std::optional<Bytes> ke = std::nullopt, bool ids = true, const char* idci = "10.1.0.0",
                       const char* idcr = "10.2.0.0") {
    wire::PayloadChain chain;
    chain.payloads.push_back(wire::Payload{wire::HashPayload{Bytes(20, 0)}});
    chain.payloads.push_back(wire::Payload{childOffer(proposals, pfs, false, kEspSpi, {})});
    chain.payloads.push_back(wire::Payload{wire::NoncePayload{Bytes(32, 0x4e)}});
    if (ke) chain.payloads.push_back(wire::Payload{wire::KePayload{*ke}});
    if (ids) {
        chain.payloads.push_back(wire::Payload{subnetId(idci)});
        chain.payloads.push_back(wire::Payload{subnetId(idcr)});
    }
    return chain;
}

// The initiator's Quick Mode after QM1 with the default proposal: what QM2 is read against.
QuickMode initiatorQm(std::optional<crypto::DhGroup> pfs = std::nullopt) {
    QuickMode qm;
    qm.role = Role::Initiator;
    qm.espSpi = kEspSpi;
    qm.offer = childOffer(std::vector<ChildProposal>{ChildProposal{}}, pfs, false, kEspSpi, {});
    qm.idciBody = bodyOf(subnetId("10.1.0.0"));
    qm.idcrBody = bodyOf(subnetId("10.2.0.0"));
    return qm;
}

// HASH(2) | SA | Nr [| KE] | IDci | IDcr [| N]: the responder's answer choosing `reply`.
wire::PayloadChain qm2(wire::SaPayload reply, std::optional<Bytes> ke = std::nullopt, const char* idcr = "10.2.0.0",
                       std::optional<wire::NotificationPayload> notify = std::nullopt) {
    reply.proposals[0].spi = Bytes{0x55, 0x66, 0x77, 0x88};
    wire::PayloadChain chain;
    chain.payloads.push_back(wire::Payload{wire::HashPayload{Bytes(20, 0)}});
    chain.payloads.push_back(wire::Payload{std::move(reply)});
    chain.payloads.push_back(wire::Payload{wire::NoncePayload{Bytes(32, 0x52)}});
    if (ke) chain.payloads.push_back(wire::Payload{wire::KePayload{*ke}});
    chain.payloads.push_back(wire::Payload{subnetId("10.1.0.0")});
    chain.payloads.push_back(wire::Payload{subnetId(idcr)});
    if (notify) chain.payloads.push_back(wire::Payload{*notify});
    return chain;
}

} // namespace

class TestIkeReaders : public QObject {
    Q_OBJECT

private slots:
    void qm1Accepted() {
        const PeerConfig c = responderConfig();
        const auto offer = quick_mode::readQm1(qm1({ChildProposal{}}), c, responderSa(c));
        QVERIFY(offer.has_value());
        QVERIFY(offer->selection.chosen);
        QCOMPARE(offer->peerSpi, kEspSpi);
        QCOMPARE(offer->proposalIndex, std::optional<std::size_t>(0));
        QCOMPARE(offer->ni, Bytes(32, 0x4e));
        QVERIFY(!offer->gi);
        QVERIFY(offer->idci && offer->idcr);
    }

    void qm1WithoutSaOrNonce() {
        const PeerConfig c = responderConfig();
        wire::PayloadChain chain = qm1({ChildProposal{}});
        chain.payloads.erase(chain.payloads.begin() + 2); // the nonce
        auto read = quick_mode::readQm1(chain, c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::Malformed);
        QCOMPARE(read.error().notify, std::optional(NotifyType::PayloadMalformed));
        QVERIFY(read.error().tellPeer);
        QVERIFY(!read.error().selection); // refused before any negotiation

        chain = qm1({ChildProposal{}});
        std::swap(chain.payloads[1], chain.payloads[2]); // SA not right after HASH
        read = quick_mode::readQm1(chain, c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().notify, std::optional(NotifyType::PayloadMalformed));
    }

    void qm1NoProposalChosen() {
        PeerConfig c = responderConfig();
        ChildProposal ah;
        ah.suite.protocol = ChildProtocol::Ah;
        c.childProposals = {ah}; // an ESP offer suits no policy of ours
        const auto read = quick_mode::readQm1(qm1({ChildProposal{}}), c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::NoProposalChosen);
        QCOMPARE(read.error().notify, std::optional(NotifyType::NoProposalChosen));
        QCOMPARE(read.error().spi, kEspSpi); // the notify names the offer's first SPI
        QVERIFY(read.error().selection && !read.error().selection->chosen);
    }

    void qm1PfsMismatch() {
        PeerConfig c = responderConfig();
        c.pfsGroup = crypto::DhGroup::Modp2048;
        ChildProposal p;
        // The offer names the group (so the proposal is chosen) but QM1 carries no KE.
        auto read = quick_mode::readQm1(qm1({p}, crypto::DhGroup::Modp2048), c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::PfsMismatch);
        QCOMPARE(read.error().notify, std::optional(NotifyType::NoProposalChosen));
        QCOMPARE(read.error().spi, kEspSpi);
        QVERIFY(QString::fromStdString(read.error().sentence).contains("carries no KE payload"));
        QVERIFY(read.error().selection && read.error().selection->chosen); // chosen, then refused

        // A KE of the wrong size for the group.
        read = quick_mode::readQm1(qm1({p}, crypto::DhGroup::Modp2048, Bytes(128, 1)), c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::PfsMismatch);
        QVERIFY(QString::fromStdString(read.error().sentence).contains("does not fit DH group"));

        // The right size is accepted, and the KE is read.
        read = quick_mode::readQm1(qm1({p}, crypto::DhGroup::Modp2048, Bytes(256, 1)), c, responderSa(c));
        QVERIFY(read.has_value());
        QCOMPARE(read->gi, std::optional<Bytes>(Bytes(256, 1)));
    }

    void qm1ProxyIds() {
        const PeerConfig c = responderConfig();
        // Not our networks, mirrored.
        auto read = quick_mode::readQm1(qm1({ChildProposal{}}, std::nullopt, std::nullopt, true, "10.9.0.0"), c,
                                        responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::InvalidId);
        QCOMPARE(read.error().notify, std::optional(NotifyType::InvalidIdInformation));
        QVERIFY(QString::fromStdString(read.error().sentence).contains("do not mirror ours"));

        // An ID type that is no selector.
        wire::PayloadChain chain = qm1({ChildProposal{}});
        chain.payloads[3].body = wire::IdPayload{wire::IdType::Fqdn, 0, 0, Bytes{'a', '.', 'b'}};
        read = quick_mode::readQm1(chain, c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::InvalidId);
        QVERIFY(QString::fromStdString(read.error().sentence).contains("unusable proxy ID"));

        // No IDs: the hosts, which are not the configured subnets.
        read = quick_mode::readQm1(qm1({ChildProposal{}}, std::nullopt, std::nullopt, false), c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::InvalidId);
    }

    void qm2Accepted() {
        const QuickMode qm = initiatorQm();
        const auto reply = quick_mode::readQm2(qm2(qm.offer), qm, false);
        QVERIFY(reply.has_value());
        QCOMPARE(reply->peerSpi, (Bytes{0x55, 0x66, 0x77, 0x88}));
        QCOMPARE(reply->nr, Bytes(32, 0x52));
        QVERIFY(!reply->gr);
    }

    void qm2Refusals() {
        const QuickMode qm = initiatorQm();
        // No nonce.
        wire::PayloadChain chain = qm2(qm.offer);
        chain.payloads.erase(chain.payloads.begin() + 2);
        auto reply = quick_mode::readQm2(chain, qm, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::Malformed);
        QVERIFY(!reply.error().tellPeer); // the initiator only records; its QM1 times out at the responder

        // A choice we did not offer.
        ChildProposal ah;
        ah.suite.protocol = ChildProtocol::Ah;
        reply = quick_mode::readQm2(qm2(childOffer(std::vector<ChildProposal>{ah}, std::nullopt, false, {}, kEspSpi)),
                                    qm, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::NoProposalChosen);

        // A KE although we asked for no PFS.
        reply = quick_mode::readQm2(qm2(qm.offer, Bytes(256, 1)), qm, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::PfsMismatch);

        // No KE although we asked for PFS.
        const QuickMode pfs = initiatorQm(crypto::DhGroup::Modp2048);
        reply = quick_mode::readQm2(qm2(pfs.offer), pfs, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::PfsMismatch);

        // Proxy IDs not echoed.
        reply = quick_mode::readQm2(qm2(qm.offer, std::nullopt, "10.3.0.0"), qm, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::InvalidId);
        QCOMPARE(reply.error().notify, std::optional(NotifyType::InvalidIdInformation));
    }

    void qm2ResponderLifetime() {
        const QuickMode qm = initiatorQm();
        wire::NotificationPayload n;
        n.protocolId = wire::ProtocolId::IpsecEsp;
        n.type = NotifyType::ResponderLifetime;
        (void)wire::appendAttributes(n.data, lifetimeAttributes(Lifetimes{600, std::nullopt}, true));
        const auto reply = quick_mode::readQm2(qm2(qm.offer, std::nullopt, "10.2.0.0", n), qm, false);
        QVERIFY(reply.has_value());
        QCOMPARE(reply->agreement.lifetimeSeconds, 600u);
    }

    // Issue 17: a nonce outside 8..256 bytes and a lone ID payload are refused in Quick Mode as in
    // Main Mode, before any negotiation.
    void qm1NonceAndIdChecks() {
        const PeerConfig c = responderConfig();
        for (const std::size_t length : {std::size_t{7}, std::size_t{257}}) {
            wire::PayloadChain chain = qm1({ChildProposal{}});
            chain.payloads[2].body = wire::NoncePayload{Bytes(length, 0x4e)};
            const auto read = quick_mode::readQm1(chain, c, responderSa(c));
            QVERIFY(!read);
            QCOMPARE(read.error().kind, FailureKind::Malformed);
            QCOMPARE(read.error().notify, std::optional(NotifyType::PayloadMalformed));
            QVERIFY(read.error().tellPeer);
            QVERIFY(!read.error().selection);
            QVERIFY2(QString::fromStdString(read.error().sentence).contains("not 8 to 256"),
                     read.error().sentence.c_str());
        }
        for (const std::size_t length : {std::size_t{8}, std::size_t{256}}) {
            wire::PayloadChain chain = qm1({ChildProposal{}});
            chain.payloads[2].body = wire::NoncePayload{Bytes(length, 0x4e)};
            QVERIFY(quick_mode::readQm1(chain, c, responderSa(c)).has_value());
        }
        wire::PayloadChain chain = qm1({ChildProposal{}});
        chain.payloads.pop_back(); // IDci without IDcr
        const auto read = quick_mode::readQm1(chain, c, responderSa(c));
        QVERIFY(!read);
        QCOMPARE(read.error().kind, FailureKind::InvalidId);
        QCOMPARE(read.error().notify, std::optional(NotifyType::InvalidIdInformation));
        QVERIFY(QString::fromStdString(read.error().sentence).contains("one ID payload"));
    }

    void qm2NonceAndIdChecks() {
        const QuickMode qm = initiatorQm();
        wire::PayloadChain chain = qm2(qm.offer);
        chain.payloads[2].body = wire::NoncePayload{Bytes(4, 0x52)};
        auto reply = quick_mode::readQm2(chain, qm, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::Malformed);
        QCOMPARE(reply.error().notify, std::optional(NotifyType::PayloadMalformed));
        QVERIFY(!reply.error().tellPeer);

        // QM1 carried IDs: a QM2 without them is refused, and so is one with a single ID.
        chain = qm2(qm.offer);
        chain.payloads.erase(chain.payloads.begin() + 3, chain.payloads.end());
        reply = quick_mode::readQm2(chain, qm, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::InvalidId);
        QCOMPARE(reply.error().notify, std::optional(NotifyType::InvalidIdInformation));
        QVERIFY(QString::fromStdString(reply.error().sentence).contains("drops the proxy IDs"));
        chain = qm2(qm.offer);
        chain.payloads.pop_back();
        reply = quick_mode::readQm2(chain, qm, false);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, FailureKind::InvalidId);
        QVERIFY(QString::fromStdString(reply.error().sentence).contains("one ID payload"));
    }

    // RFC 2407 §4.5: Life Duration 0 leaves the lifetime to local policy; it is not an SA that never
    // expires. The responder uses its own (or the default 28800 s) and says so with RESPONDER-LIFETIME.
    void childLifetimeZeroIsLocalPolicy() {
        PeerConfig c = responderConfig();
        ChildProposal offered;
        offered.lifetimeSeconds = 0; // childOffer then sends no lifetime: add a zero one by hand
        wire::SaPayload offer = childOffer(std::vector<ChildProposal>{offered}, std::nullopt, false, kEspSpi, {});
        for (DataAttribute& attribute : lifetimeAttributes(Lifetimes{0, 0}, true))
            offer.proposals[0].transforms[0].attributes.push_back(attribute);
        auto selection = selectChild(offer, c.childProposals, std::nullopt, false, false);
        QVERIFY(selection.chosen);
        QCOMPARE(selection.agreement.lifetimeSeconds, 3600u); // ChildProposal's default
        QCOMPARE(selection.responderLifetimeSeconds, std::optional<std::uint32_t>(3600));
        QCOMPARE(selection.agreement.lifetimeKilobytes, 0u);
        QVERIFY(!selection.responderLifetimeKilobytes);

        c.childProposals[0].lifetimeSeconds = 0;
        c.childProposals[0].lifetimeKilobytes = 5000;
        selection = selectChild(offer, c.childProposals, std::nullopt, false, false);
        QVERIFY(selection.chosen);
        QCOMPARE(selection.agreement.lifetimeSeconds, 28800u); // RFC 2407 §4.5's default
        QCOMPARE(selection.responderLifetimeSeconds, std::optional<std::uint32_t>(28800));
        QCOMPARE(selection.agreement.lifetimeKilobytes, 5000u);
        QCOMPARE(selection.responderLifetimeKilobytes, std::optional<std::uint32_t>(5000));
    }

    // Issue 17: without configuration the responder accepts what charon 5.9 accepts by default.
    void charonDefaultPhase1Policy() {
        const std::vector<Phase1Suite> policy = charonDefaultPhase1();
        QCOMPARE(policy.size(), std::size_t{48});
        using crypto::CipherAlgorithm;
        using crypto::DhGroup;
        using crypto::HashAlgorithm;
        for (const Phase1Suite& offered :
             {Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048, 28800},
              Phase1Suite{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha256, DhGroup::Modp2048, 28800},
              Phase1Suite{CipherAlgorithm::Aes192Cbc, HashAlgorithm::Sha512, DhGroup::Ecp384, 3600}}) {
            const Phase1Selection selection = selectPhase1(phase1Offer(std::vector<Phase1Suite>{offered}), policy);
            QVERIFY2(selection.chosen, selection.sentence.c_str());
            QCOMPARE(selection.suite, offered);
        }
        for (const Phase1Suite& offered :
             {Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Md5, DhGroup::Modp2048, 28800},
              Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp1024, 28800},
              Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp768, 28800}}) {
            const Phase1Selection selection = selectPhase1(phase1Offer(std::vector<Phase1Suite>{offered}), policy);
            QVERIFY2(!selection.chosen, selection.sentence.c_str());
        }
    }

    // A phase-1 lifetime longer than ours is accepted (charon does the same); ours applies, the
    // reply echoes the offer (RFC 2409 has no RESPONDER-LIFETIME for phase 1).
    void phase1LongerLifetimeAccepted() {
        const Phase1Suite ours{}; // 28800 s
        Phase1Suite offered{};
        offered.lifetimeSeconds = 86400;
        const wire::SaPayload offer = phase1Offer(std::vector<Phase1Suite>{offered});
        Phase1Selection selection = selectPhase1(offer, std::vector<Phase1Suite>{ours});
        QVERIFY2(selection.chosen, selection.sentence.c_str());
        QCOMPARE(selection.suite.lifetimeSeconds, 28800u);
        QCOMPARE(lifetimesOf(selection.reply.proposals[0].transforms[0].attributes, false).seconds,
                 std::optional<std::uint32_t>(86400));
        QVERIFY2(QString::fromStdString(selection.sentence).contains("86400 s is longer than our 28800 s"),
                 selection.sentence.c_str());
        offered.lifetimeSeconds = 600; // shorter: the offer's
        selection = selectPhase1(phase1Offer(std::vector<Phase1Suite>{offered}), std::vector<Phase1Suite>{ours});
        QVERIFY(selection.chosen);
        QCOMPARE(selection.suite.lifetimeSeconds, 600u);
    }
};

QTEST_GUILESS_MAIN(TestIkeReaders)
#include "tst_ike_readers.moc"
