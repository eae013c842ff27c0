// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Two IKE peers in memory: Main and Aggressive Mode, Quick Mode with and without PFS, every phase-1
// suite and DH group, every ESP/AH suite, NAT-T (forced, and through a NAT); both ends derive the
// same keys per direction; seeded runs are byte-identical.

#include <QTest>

#include <algorithm>
#include <set>

#include "TestData.h"
#include "tst_ike_support.h"
#include "wire/IsakmpCodec.h"

using namespace ipseclab;
using namespace ipseclab::test;
using crypto::CipherAlgorithm;
using crypto::DhGroup;
using crypto::HashAlgorithm;
using ike::ChildProtocol;
using ike::Encryption;
using ike::EventKind;
using ike::Integrity;

Q_DECLARE_METATYPE(ike::Phase1Suite)
Q_DECLARE_METATYPE(ike::ChildProposal)
Q_DECLARE_METATYPE(ike::Phase1Mode)

namespace {

// Runs initiate() to the end; both peers must have one IKE SA and one child SA more.
void establish(IkeHarness& lab) {
    const std::size_t childrenBefore = lab.A.childSas().size();
    QVERIFY(lab.A.initiate(lab.now).has_value());
    lab.run();
    QVERIFY2(lab.A.childSas().size() == childrenBefore + 1, qPrintable(dumpBoth(lab)));
    QCOMPARE(lab.B.childSas().size(), childrenBefore + 1);
    compareChildSas(lab.A.childSas().back(), lab.B.childSas().back());
}

// The ISAKMP header of a transmit (marker skipped).
wire::IsakmpHeader headerOf(const Delivery& d) {
    ByteView bytes = d.transmit.datagram;
    if (d.transmit.from.port == 4500) bytes = bytes.subspan(4);
    return *wire::decodeIsakmpHeader(bytes);
}

} // namespace

class TestIkeEngine : public QObject {
    Q_OBJECT

private slots:
    void mainModeAndQuickMode() {
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        QCOMPARE(lab.wire.size(), std::size_t{9});
        const char* labels[] = {"MM1", "MM2", "MM3", "MM4", "MM5", "MM6", "QM1", "QM2", "QM3"};
        for (std::size_t i = 0; i < 9; ++i)
            QCOMPARE(QString::fromStdString(lab.wire[i].transmit.label), QString(labels[i]));
        for (const char* id : {"MM1.sent",
                               "MM2.received",
                               "MM3.sent",
                               "MM4.received",
                               "g^xy",
                               "SKEYID",
                               "SKEYID_d",
                               "SKEYID_a",
                               "SKEYID_e",
                               "Ka",
                               "IV.phase1",
                               "HASH_I",
                               "HASH_R",
                               "state.MM_NO_STATE",
                               "state.MM_SA_SETUP",
                               "state.MM_KEY_EXCH",
                               "state.MM_KEY_AUTH",
                               "state.QM_IDLE",
                               "IKE.established",
                               "HASH(1)",
                               "IV.QM1",
                               "HASH(2)",
                               "HASH(3)",
                               "QM.established"})
            QVERIFY2(IkeHarness::find(lab.eventsA, id), id);
        for (const char* id : {"MM1.received", "MM2.sent", "MM6.sent", "state.MM_SA_SETUP", "state.QM_IDLE",
                               "negotiation.phase1", "negotiation.QM", "QM.established"})
            QVERIFY2(IkeHarness::find(lab.eventsB, id), id);
        // The same keys and hashes on both sides.
        for (const char* id : {"SKEYID", "SKEYID_d", "SKEYID_a", "SKEYID_e", "Ka", "IV.phase1", "HASH_I", "HASH_R",
                               "HASH(1)", "HASH(2)", "HASH(3)", "IV.QM1"})
            QCOMPARE(hexOf(IkeHarness::find(lab.eventsA, id)->as<ike::Derivation>()->value.view()),
                     hexOf(IkeHarness::find(lab.eventsB, id)->as<ike::Derivation>()->value.view()));
        // Every encrypted datagram sent is explained: plaintext, IV, annotations; the receiver
        // explains the same bytes with the same fields.
        for (const auto& e : lab.eventsA) {
            if (e.kind != EventKind::DatagramSent) continue;
            const auto* d = e.as<ike::DatagramInfo>();
            QVERIFY(!d->annotations().empty());
            if (d->encrypted) {
                QVERIFY(d->decrypted && !d->plaintext.empty() && !d->iv.empty() && !d->plaintextAnnotations().empty());
                QVERIFY(d->paddingLength >= 1 && d->paddingLength <= 16);
            }
            const auto* received = IkeHarness::find(lab.eventsB, d->datagramId + ".received");
            QVERIFY2(received, d->datagramId.c_str());
            const auto* r = received->as<ike::DatagramInfo>();
            QCOMPARE(r->annotations().size(), d->annotations().size());
            QCOMPARE(r->annotations().back().path, d->annotations().back().path);
            QCOMPARE(r->plaintextAnnotations().size(), d->plaintextAnnotations().size());
        }
        const auto ike = lab.A.ikeSas();
        QCOMPARE(ike.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(ike[0].suite.name()), QString("AES-128-CBC/SHA1/MODP-2048"));
        QVERIFY(!ike[0].natT);
        QCOMPARE(lab.A.childSas()[0].encapsulationMode, wire::EncapsulationMode::Tunnel);
    }

    // Derivations name their inputs: SKEYID_d's g^xy comes from the DH event, Ni_b from MM3's nonce.
    void derivationsReferenceTheirInputs() {
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        const auto* skeyid = IkeHarness::find(lab.eventsB, "SKEYID")->as<ike::Derivation>();
        QCOMPARE(skeyid->inputs.size(), std::size_t{2});
        QCOMPARE(QString::fromStdString(skeyid->inputs[0].name), QString("Ni_b"));
        QCOMPARE(skeyid->inputs[0].source.kind, ike::Source::Kind::Datagram);
        QCOMPARE(QString::fromStdString(skeyid->inputs[0].source.id), QString("MM3"));
        QCOMPARE(QString::fromStdString(skeyid->inputs[0].source.field), QString("isakmp.nonce"));
        // The referenced bytes are the nonce in MM3 as B received it.
        const auto* mm3 = IkeHarness::find(lab.eventsB, "MM3.received")->as<ike::DatagramInfo>();
        const ByteView nonce = ByteView(mm3->udpPayload)
                                   .subspan(mm3->isakmpOffset + skeyid->inputs[0].source.offset,
                                            skeyid->inputs[0].source.length);
        QCOMPARE(hexOf(nonce), hexOf(skeyid->data.view().first(skeyid->inputs[0].length)));
        const auto* d = IkeHarness::find(lab.eventsB, "SKEYID_d")->as<ike::Derivation>();
        QCOMPARE(QString::fromStdString(d->keyName), QString("SKEYID"));
        QCOMPARE(d->inputs[0].source.kind, ike::Source::Kind::Derived);
        QCOMPARE(QString::fromStdString(d->inputs[0].source.id), QString("g^xy"));
        QCOMPARE(QString::fromStdString(d->inputs.back().name), QString("0x00"));
        const auto* dh = IkeHarness::find(lab.eventsB, "g^xy")->as<ike::DhInfo>();
        QCOMPARE(hexOf(dh->sharedSecret.view()), hexOf(d->data.view().first(dh->sharedSecret.size())));
        // HASH(1)'s payloads are the plaintext of QM1 from SA on.
        const auto* hash1 = IkeHarness::find(lab.eventsA, "HASH(1)")->as<ike::Derivation>();
        const auto& payloads = hash1->inputs[1];
        QVERIFY(payloads.source.plaintext);
        const auto* qm1 = IkeHarness::find(lab.eventsA, "QM1.sent")->as<ike::DatagramInfo>();
        QCOMPARE(hexOf(ByteView(qm1->plaintext).subspan(payloads.source.offset, payloads.source.length)),
                 hexOf(hash1->data.view().subspan(payloads.offset, payloads.length)));
        // KEYMAT refers to SKEYID_d and to the SPI field of the SA it keys.
        const auto children = lab.A.childSas();
        const auto& child = children[0];
        const auto* keymat = IkeHarness::find(lab.eventsA, child.outbound.keymatId + ".K1")->as<ike::Derivation>();
        QCOMPARE(keymat->keySource.id, std::string("SKEYID_d"));
        const auto spi = std::find_if(keymat->inputs.begin(), keymat->inputs.end(),
                                      [](const auto& i) { return i.name == "SPI"; });
        QVERIFY(spi != keymat->inputs.end());
        QCOMPARE(QString::fromStdString(spi->source.id), QString("QM2"));
        QCOMPARE(QString::fromStdString(spi->source.field), QString("isakmp.spi"));
        QCOMPARE(spi->source.index, std::size_t(1));
    }

    void phase1Suites_data() {
        QTest::addColumn<ike::Phase1Suite>("suite");
        QTest::addColumn<ike::Phase1Mode>("mode");
        const CipherAlgorithm ciphers[] = {CipherAlgorithm::Aes128Cbc, CipherAlgorithm::Aes192Cbc,
                                           CipherAlgorithm::Aes256Cbc, CipherAlgorithm::TripleDesCbc};
        const HashAlgorithm hashes[] = {HashAlgorithm::Md5, HashAlgorithm::Sha1, HashAlgorithm::Sha256,
                                        HashAlgorithm::Sha384, HashAlgorithm::Sha512};
        const DhGroup groups[] = {DhGroup::Modp768,  DhGroup::Modp1024, DhGroup::Modp1536,
                                  DhGroup::Modp2048, DhGroup::Ecp256,   DhGroup::Ecp384};
        // Every cipher with every hash, the groups rotating through; then every group with one suite.
        int n = 0;
        for (CipherAlgorithm cipher : ciphers)
            for (HashAlgorithm hash : hashes) {
                ike::Phase1Suite s{cipher, hash, groups[n % 6], 28800};
                const auto mode = n % 3 == 2 ? ike::Phase1Mode::Aggressive : ike::Phase1Mode::Main;
                QTest::newRow(
                    qPrintable(QString::fromStdString(s.name()) + (mode == ike::Phase1Mode::Main ? " MM" : " AM")))
                    << s << mode;
                ++n;
            }
        for (DhGroup group : groups)
            for (auto mode : {ike::Phase1Mode::Main, ike::Phase1Mode::Aggressive}) {
                ike::Phase1Suite s{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha256, group, 0};
                QTest::newRow(qPrintable("group " + QString::number(int(group)) +
                                         (mode == ike::Phase1Mode::Main ? " MM" : " AM")))
                    << s << mode;
            }
    }
    void phase1Suites() {
        QFETCH(ike::Phase1Suite, suite);
        QFETCH(ike::Phase1Mode, mode);
        auto a = siteA();
        a.mode = mode;
        a.ikeProposals = {suite};
        auto b = siteB();
        // The responder's policy holds the suite among others.
        b.ikeProposals = {ike::Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048, 28800},
                          suite,
                          ike::Phase1Suite{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha512, DhGroup::Ecp384, 28800}};
        IkeHarness lab(a, b);
        establish(lab);
        QCOMPARE(lab.A.ikeSas()[0].suite, suite);
        QCOMPARE(lab.B.ikeSas()[0].suite.name(), suite.name());
        QCOMPARE(lab.wire.size(), std::size_t{mode == ike::Phase1Mode::Main ? 9u : 6u});
        // Ka has the cipher's key length; the IV its block size.
        const auto* ka = IkeHarness::find(lab.eventsA, "Ka")->as<ike::Derivation>();
        QCOMPARE(ka->value.size(), crypto::keyLength(suite.cipher));
        QCOMPARE(IkeHarness::find(lab.eventsA, "IV.phase1")->as<ike::Derivation>()->value.size(),
                 crypto::blockSize(suite.cipher));
        const bool expanded = crypto::hashLength(suite.hash) < crypto::keyLength(suite.cipher);
        QCOMPARE(IkeHarness::find(lab.eventsA, "Ka.K1") != nullptr, expanded);
        QCOMPARE(hexOf(ka->value.view()),
                 hexOf(IkeHarness::find(lab.eventsB, "Ka")->as<ike::Derivation>()->value.view()));
        const auto* dh = IkeHarness::find(lab.eventsA, "g^xy")->as<ike::DhInfo>();
        QCOMPARE(dh->sharedSecret.size(), crypto::dhGroupInfo(suite.group).sharedSecretLength);
    }

    void childSuites_data() {
        QTest::addColumn<ike::ChildProposal>("proposal");
        const auto add = [](ike::ChildSuite suite, ike::Encapsulation encapsulation = ike::Encapsulation::Tunnel,
                            bool esn = false) {
            ike::ChildProposal p;
            p.suite = suite;
            p.encapsulation = encapsulation;
            p.esn = esn;
            QTest::newRow(qPrintable(QString::fromStdString(suite.name()) +
                                     (encapsulation == ike::Encapsulation::Transport ? " transport" : "") +
                                     (esn ? " ESN" : "")))
                << p;
        };
        const Integrity hmacs[] = {Integrity::HmacMd5_96, Integrity::HmacSha1_96, Integrity::HmacSha256_128,
                                   Integrity::HmacSha384_192, Integrity::HmacSha512_256};
        for (Encryption cipher : {Encryption::Aes128Cbc, Encryption::Aes192Cbc, Encryption::Aes256Cbc,
                                  Encryption::TripleDesCbc, Encryption::Null})
            for (Integrity hmac : hmacs) add({ChildProtocol::Esp, cipher, hmac});
        for (Encryption cipher : {Encryption::Aes128Gcm16, Encryption::Aes192Gcm16, Encryption::Aes256Gcm16})
            add({ChildProtocol::Esp, cipher, Integrity::None});
        for (Integrity hmac : hmacs) add({ChildProtocol::Ah, Encryption::Null, hmac});
        add({ChildProtocol::Esp, Encryption::Aes128Cbc, Integrity::HmacSha1_96}, ike::Encapsulation::Transport);
        add({ChildProtocol::Ah, Encryption::Null, Integrity::HmacSha256_128}, ike::Encapsulation::Transport);
        add({ChildProtocol::Esp, Encryption::Aes128Gcm16, Integrity::None}, ike::Encapsulation::Tunnel, true);
    }
    void childSuites() {
        QFETCH(ike::ChildProposal, proposal);
        auto a = siteA();
        a.childProposals = {proposal};
        auto b = siteB();
        ike::ChildProposal other;
        other.suite = {ChildProtocol::Esp, Encryption::Aes256Gcm16, Integrity::None};
        b.childProposals = {other, proposal};
        IkeHarness lab(a, b);
        establish(lab);
        const auto children = lab.A.childSas();
        const auto& child = children[0];
        QVERIFY(child.suite == proposal.suite);
        QCOMPARE(child.protocol, proposal.suite.protocol);
        QCOMPARE(child.esn, proposal.esn);
        QCOMPARE(child.encapsulationMode, ike::encapsulationModeOf(proposal.encapsulation, false));
        QCOMPARE(child.inbound.keymat.size(), ike::keymatLength(proposal.suite));
        QCOMPARE(child.inbound.encryptionKey.size(),
                 proposal.suite.protocol == ChildProtocol::Ah ? 0 : crypto::encryptionKeyLength(proposal.suite.cipher));
        QCOMPARE(child.inbound.integrityKey.size(), crypto::integrityKeyLength(proposal.suite.integrity));
        QCOMPARE(child.transformId, ike::transformIdOf(proposal.suite));
        QVERIFY(child.inbound.spi >= 256 && child.outbound.spi >= 256);
        // Its IKEv1 numbers read back to the same suite.
        const auto read = ike::childSuiteFromIke(proposal.suite.protocol, ike::transformIdOf(proposal.suite),
                                                 ike::keyLengthBitsOf(proposal.suite),
                                                 ike::authenticationAlgorithmOf(proposal.suite));
        QVERIFY2(read.has_value(), qPrintable(errorText(read)));
        QVERIFY(*read == proposal.suite);
    }

    // IKEv1 numbers (RFC 2407 §4.4.4, §4.5) to suites, and the combinations refused by name.
    void ikev1Numbers() {
        using ike::childSuiteFromIke;
        const auto esp = [](std::uint8_t id, std::optional<std::uint64_t> bits, std::optional<std::uint64_t> auth) {
            return childSuiteFromIke(ChildProtocol::Esp, id, bits, auth);
        };
        QVERIFY(
            (*esp(12, 128, 2) == ike::ChildSuite{ChildProtocol::Esp, Encryption::Aes128Cbc, Integrity::HmacSha1_96}));
        QVERIFY((*esp(12, 256, 5) ==
                 ike::ChildSuite{ChildProtocol::Esp, Encryption::Aes256Cbc, Integrity::HmacSha256_128}));
        QVERIFY((*esp(20, 128, std::nullopt) ==
                 ike::ChildSuite{ChildProtocol::Esp, Encryption::Aes128Gcm16, Integrity::None}));
        QVERIFY((*esp(3, std::nullopt, 2) ==
                 ike::ChildSuite{ChildProtocol::Esp, Encryption::TripleDesCbc, Integrity::HmacSha1_96}));
        QVERIFY((*esp(11, std::nullopt, 7) ==
                 ike::ChildSuite{ChildProtocol::Esp, Encryption::Null, Integrity::HmacSha512_256}));
        QCOMPARE(QString::fromStdString(esp(12, std::nullopt, 2).error().message),
                 QString("ESP_AES without a Key Length attribute"));
        QVERIFY(!esp(20, 128, 2).has_value()); // GCM takes no authentication attribute
        QVERIFY(!esp(12, 100, 2).has_value());
        QVERIFY(!esp(12, 128, std::nullopt).has_value());
        QVERIFY(!esp(2, std::nullopt, 2).has_value()); // ESP_DES: not offered
        QVERIFY((*childSuiteFromIke(ChildProtocol::Ah, 3, std::nullopt, 2) ==
                 ike::ChildSuite{ChildProtocol::Ah, Encryption::Null, Integrity::HmacSha1_96}));
        QVERIFY((*childSuiteFromIke(ChildProtocol::Ah, 5, std::nullopt, std::nullopt) ==
                 ike::ChildSuite{ChildProtocol::Ah, Encryption::Null, Integrity::HmacSha256_128}));
        QVERIFY(!childSuiteFromIke(ChildProtocol::Ah, 4, std::nullopt, std::nullopt).has_value());
        QVERIFY(!childSuiteFromIke(ChildProtocol::Ah, 3, std::nullopt, 5).has_value()); // AH_SHA with SHA2-256
    }

    void quickModeWithPfs_data() {
        QTest::addColumn<int>("group");
        for (int g : {2, 5, 14, 19, 20}) QTest::newRow(qPrintable("group " + QString::number(g))) << g;
    }
    void quickModeWithPfs() {
        QFETCH(int, group);
        auto a = siteA();
        auto b = siteB();
        a.pfsGroup = b.pfsGroup = static_cast<DhGroup>(group);
        IkeHarness lab(a, b);
        establish(lab);
        QCOMPARE(lab.A.childSas()[0].pfsGroup, std::optional<DhGroup>(static_cast<DhGroup>(group)));
        const auto* dhA = IkeHarness::find(lab.eventsA, "g(qm)^xy")->as<ike::DhInfo>();
        const auto* dhB = IkeHarness::find(lab.eventsB, "g(qm)^xy")->as<ike::DhInfo>();
        QCOMPARE(hexOf(dhA->sharedSecret.view()), hexOf(dhB->sharedSecret.view()));
        QCOMPARE(hexOf(dhA->ourPublic), hexOf(dhB->peerPublic));
        // g(qm)^xy opens the KEYMAT seed.
        const auto* k1 =
            IkeHarness::find(lab.eventsA, lab.A.childSas()[0].outbound.keymatId + ".K1")->as<ike::Derivation>();
        QCOMPARE(QString::fromStdString(k1->inputs[0].name), QString("g(qm)^xy"));
        // QM1 carries HASH SA NONCE KE ID ID.
        const auto* qm1 = IkeHarness::find(lab.eventsA, "QM1.sent")->as<ike::DatagramInfo>();
        QCOMPARE(qm1->payloads, (std::vector<std::string>{"HASH", "SA", "NONCE", "KE", "ID", "ID"}));
    }

    void quickModeWithoutPfs() {
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        QVERIFY(!lab.A.childSas()[0].pfsGroup);
        QVERIFY(!IkeHarness::find(lab.eventsA, "g(qm)^xy"));
        QCOMPARE(IkeHarness::find(lab.eventsA, "QM1.sent")->as<ike::DatagramInfo>()->payloads,
                 (std::vector<std::string>{"HASH", "SA", "NONCE", "ID", "ID"}));
    }

    // The responder takes the initiator's first acceptable proposal, and says why it refused the others.
    void responderPicksFirstAcceptable() {
        auto a = siteA();
        a.ikeProposals = {ike::Phase1Suite{CipherAlgorithm::TripleDesCbc, HashAlgorithm::Md5, DhGroup::Modp1024, 28800},
                          ike::Phase1Suite{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha256, DhGroup::Modp2048, 28800},
                          ike::Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048, 28800}};
        auto b = siteB();
        b.ikeProposals = {ike::Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048, 28800},
                          ike::Phase1Suite{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha256, DhGroup::Modp2048,
                                           28800}};
        IkeHarness lab(a, b);
        establish(lab);
        QCOMPARE(QString::fromStdString(lab.B.ikeSas()[0].suite.name()), QString("AES-256-CBC/SHA256/MODP-2048"));
        const auto* negotiation = IkeHarness::find(lab.eventsB, "negotiation.phase1")->as<ike::NegotiationInfo>();
        QVERIFY(negotiation->accepted);
        QCOMPARE(negotiation->refused.size(), std::size_t{1});
        QCOMPARE(int(negotiation->refused[0].transformNumber), 1);
        QVERIFY(negotiation->refused[0].reason.find("cipher 3DES-CBC") != std::string::npos);
        QVERIFY(negotiation->refused[0].reason.find("hash MD5") != std::string::npos);
        QVERIFY(negotiation->refused[0].reason.find("DH group MODP-1024") != std::string::npos);
    }

    // strongSwan's Life-Duration 0 (= none proposed) is accepted; the responder's policy decides.
    void lifeDurationZero() {
        auto a = siteA();
        a.ikeProposals[0].lifetimeSeconds = 0;
        auto b = siteB();
        b.ikeProposals[0].lifetimeSeconds = 3600;
        IkeHarness lab(a, b);
        establish(lab);
        QCOMPARE(lab.B.ikeSas()[0].suite.lifetimeSeconds, 3600u);
    }

    // The responder's shorter child lifetime reaches the initiator through RESPONDER-LIFETIME.
    void responderLifetime() {
        auto a = siteA();
        a.childProposals[0].lifetimeSeconds = 7200;
        auto b = siteB();
        b.childProposals[0].lifetimeSeconds = 1800;
        IkeHarness lab(a, b);
        establish(lab);
        QVERIFY(IkeHarness::find(lab.eventsA, "notify.RESPONDER-LIFETIME.received"));
        QCOMPARE(lab.A.childSas()[0].lifetimeSeconds, 1800u);
        QCOMPARE(lab.B.childSas()[0].lifetimeSeconds, 1800u);
    }

    // /32 selectors go as ID_IPV4_ADDR (as charon sends them).
    void hostSelectors() {
        auto a = siteA();
        a.localSelector = ike::Selector::subnet(ip("10.1.0.10"), 32);
        a.remoteSelector = ike::Selector::subnet(ip("10.2.0.20"), 32);
        auto b = siteB();
        b.localSelector = a.remoteSelector;
        b.remoteSelector = a.localSelector;
        IkeHarness lab(a, b);
        establish(lab);
        const auto* qm1 = IkeHarness::find(lab.eventsA, "QM1.sent")->as<ike::DatagramInfo>();
        const auto chain = wire::decodePayloadChain(wire::PayloadType::Hash, qm1->plaintext);
        QVERIFY(chain.has_value());
        QCOMPARE(chain->find<wire::IdPayload>(0)->idType, wire::IdType::Ipv4Addr);
        QCOMPARE(chain->find<wire::IdPayload>(1)->idType, wire::IdType::Ipv4Addr);
    }

    void natTForced_data() {
        QTest::addColumn<ike::Phase1Mode>("mode");
        QTest::newRow("Main Mode") << ike::Phase1Mode::Main;
        QTest::newRow("Aggressive Mode") << ike::Phase1Mode::Aggressive;
    }
    // Like charon's encap=yes: a fake own NAT-D makes both ends float to 4500; ESP mode 3.
    void natTForced() {
        QFETCH(ike::Phase1Mode, mode);
        auto a = siteA();
        a.mode = mode;
        a.natTraversal = ike::NatTraversal::Force;
        IkeHarness lab(a, siteB());
        establish(lab);
        QVERIFY(lab.A.ikeSas()[0].natT);
        QVERIFY(lab.B.ikeSas()[0].natT);
        const std::size_t firstOn4500 = mode == ike::Phase1Mode::Main ? 4 : 2; // MM5 / AM3
        for (std::size_t i = 0; i < lab.wire.size(); ++i) {
            const auto& t = lab.wire[i].transmit;
            const bool on4500 = i >= firstOn4500;
            QCOMPARE(t.from.port, std::uint16_t(on4500 ? 4500 : 500));
            QCOMPARE(t.to.port, std::uint16_t(on4500 ? 4500 : 500));
            // The non-ESP marker precedes IKE on 4500.
            QCOMPARE(on4500 && t.datagram[0] == 0 && t.datagram[1] == 0 && t.datagram[2] == 0 && t.datagram[3] == 0,
                     on4500);
        }
        const auto children = lab.A.childSas();
        const auto& child = children[0];
        QVERIFY(child.udpEncapsulated);
        QCOMPARE(child.encapsulationMode, wire::EncapsulationMode::UdpEncapsulatedTunnel);
        QCOMPARE(child.outbound.destination.port, std::uint16_t(4500));
        const auto* natB = IkeHarness::last(lab.eventsB, EventKind::NatDetection)->as<ike::NatInfo>();
        QVERIFY(natB->peerIsBehindNat);
        QVERIFY(!natB->weAreBehindNat);
    }

    // NAT-T drafts (draft-ietf-ipsec-nat-t-ike-02, -02\n, -03): an initiator that sends only a
    // draft's vendor ID (MM1 rewritten on the wire) gets that one back, NAT-D as payload type 130
    // both ways, and the tunnel; RFC 3947's wins when both come, the newest draft among drafts.
    void natTDraftVendorIds_data() {
        QTest::addColumn<QByteArray>("natTVid"); // replaces our RFC 3947 VID in MM1
        QTest::addColumn<QByteArray>("dpdVid");  // replaces our DPD VID in MM1 (empty: kept)
        QTest::addColumn<QByteArray>("answered");
        const QByteArray rfc = "4a131c81070358455c5728f20e95452f", d03 = "7d9419a65310ca6f2c179d9215529d56",
                         d02n = "90cb80913ebb696e086381b5ec427b1f", d02 = "cd60464335df21f87cfdb2fc68b6a448";
        QTest::newRow("draft-03") << d03 << QByteArray() << d03;
        QTest::newRow("draft-02\\n") << d02n << QByteArray() << d02n;
        QTest::newRow("draft-02") << d02 << QByteArray() << d02;
        QTest::newRow("draft-02 and draft-03") << d02 << d03 << d03;
        QTest::newRow("RFC 3947 and draft-02") << rfc << d02 << rfc;
    }
    void natTDraftVendorIds() {
        QFETCH(QByteArray, natTVid);
        QFETCH(QByteArray, dpdVid);
        QFETCH(QByteArray, answered);
        const auto replace = [](Bytes& datagram, const char* from, const QByteArray& to) {
            const Bytes old = *fromHex(from), now = *fromHex(to.toStdString());
            const auto at = std::search(datagram.begin(), datagram.end(), old.begin(), old.end());
            QVERIFY(at != datagram.end());
            std::copy(now.begin(), now.end(), at);
        };
        IkeHarness lab(siteA(), siteB());
        lab.nat = ip("192.0.2.77");
        lab.filter = [&](Delivery& d) {
            if (d.transmit.label != "MM1") return true;
            replace(d.transmit.datagram, "4a131c81070358455c5728f20e95452f", natTVid);
            if (!dpdVid.isEmpty()) replace(d.transmit.datagram, "afcad71368a1f1c96b8696fc77570100", dpdVid);
            return true;
        };
        establish(lab);
        const bool draft = answered != "4a131c81070358455c5728f20e95452f";
        for (const Delivery& d : lab.wire) {
            if (d.transmit.label != "MM2" && d.transmit.label != "MM3" && d.transmit.label != "MM4") continue;
            const auto message = wire::decodeMessage(d.transmit.datagram);
            QVERIFY(message.has_value());
            std::set<std::string> vids;
            int natD = 0, natDDraft = 0;
            for (const wire::Payload& p : message->chain.payloads) {
                if (const auto* vid = p.as<wire::VendorIdPayload>()) vids.insert(toHex(vid->vendorId));
                natD += p.type() == wire::PayloadType::NatD;
                natDDraft += p.type() == wire::PayloadType::NatDDraft;
            }
            if (d.transmit.label == "MM2") QVERIFY(vids.count(answered.toStdString()));
            if (d.transmit.label == "MM2")
                QCOMPARE(vids.count("4a131c81070358455c5728f20e95452f"), std::size_t(!draft));
            if (d.transmit.label != "MM2")
                QCOMPARE(std::pair(natD, natDDraft), draft ? std::pair(0, 2) : std::pair(2, 0));
        }
        QVERIFY(IkeHarness::find(lab.eventsB, "MM3.NAT-D.result")->as<ike::NatInfo>()->peerIsBehindNat);
        QVERIFY(IkeHarness::find(lab.eventsA, "MM4.NAT-D.result")->as<ike::NatInfo>()->weAreBehindNat);
        QCOMPARE(lab.B.childSas()[0].encapsulationMode, wire::EncapsulationMode::UdpEncapsulatedTunnel);
    }

    // A real NAT in front of A: both ends see the translation and float.
    void natTThroughNat() {
        IkeHarness lab(siteA(), siteB());
        lab.nat = ip("192.0.2.77");
        establish(lab);
        QVERIFY(lab.A.ikeSas()[0].natT);
        const auto* natA = IkeHarness::find(lab.eventsA, "MM4.NAT-D.result")->as<ike::NatInfo>();
        QVERIFY(natA->weAreBehindNat);
        const auto* natB = IkeHarness::find(lab.eventsB, "MM3.NAT-D.result")->as<ike::NatInfo>();
        QVERIFY(natB->peerIsBehindNat);
        // B talks to the NAT's address and port.
        QCOMPARE(lab.B.ikeSas()[0].remote.address, ip("192.0.2.77"));
        QCOMPARE(lab.B.ikeSas()[0].remote.port, std::uint16_t(5500));
        QCOMPARE(lab.B.childSas()[0].encapsulationMode, wire::EncapsulationMode::UdpEncapsulatedTunnel);
    }

    // NAT-T off at one end: no NAT-D, no float, even through a NAT.
    void natTOffAtOneEnd() {
        auto b = siteB();
        b.natTraversal = ike::NatTraversal::Off;
        IkeHarness lab(siteA(), b);
        establish(lab);
        QVERIFY(!lab.A.ikeSas()[0].natT);
        QVERIFY(!IkeHarness::find(lab.eventsA, "MM3.NAT-D.peer"));
        for (const auto& d : lab.wire) QCOMPARE(d.transmit.from.port, std::uint16_t(500));
    }

    // AH cannot cross a NAT: once NAT-T floats, the initiator offers only ESP.
    void ahNotOfferedOverNatT() {
        auto a = siteA();
        a.natTraversal = ike::NatTraversal::Force;
        ike::ChildProposal ah;
        ah.suite = {ChildProtocol::Ah, Encryption::Null, Integrity::HmacSha1_96};
        a.childProposals = {ah, ike::ChildProposal{}};
        auto b = siteB();
        b.childProposals = a.childProposals;
        IkeHarness lab(a, b);
        establish(lab);
        QCOMPARE(lab.A.childSas()[0].protocol, ChildProtocol::Esp);
    }

    void deterministic() {
        const auto runOnce = [](std::uint64_t seed) {
            auto a = siteA();
            a.pfsGroup = DhGroup::Ecp256;
            auto b = siteB();
            b.pfsGroup = DhGroup::Ecp256;
            IkeHarness lab(a, b, seed);
            lab.A.initiate(lab.now);
            lab.run();
            std::vector<Bytes> out;
            for (const auto& d : lab.wire) out.push_back(d.transmit.datagram);
            return out;
        };
        const auto first = runOnce(42), second = runOnce(42), other = runOnce(43);
        QCOMPARE(first.size(), std::size_t{9});
        QVERIFY(first == second);
        QVERIFY(first != other);
    }

    // Quick Mode can be started by the phase-1 responder too, and several child SAs coexist.
    void quickModeFromResponderAndSeveral() {
        IkeHarness lab(siteA(), siteB());
        establish(lab);
        lab.now += 1s;
        QVERIFY(lab.B.startQuickMode(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.A.childSas().size(), std::size_t{2});
        compareChildSas(lab.B.childSas()[1], lab.A.childSas()[1]);
        QVERIFY(IkeHarness::find(lab.eventsB, "QM#2.QM.established"));
        QCOMPARE(lab.B.childSas()[1].quickModeRole, ike::Role::Initiator);
        QVERIFY(lab.A.startQuickMode(lab.now).has_value());
        lab.run();
        QCOMPARE(lab.A.childSas().size(), std::size_t{3});
        // Every Quick Mode used its own Message ID.
        std::set<std::uint32_t> mids;
        for (const auto& c : lab.A.childSas()) mids.insert(c.messageId);
        QCOMPARE(mids.size(), std::size_t{3});
    }

    void aggressiveModeIdentities() {
        auto a = siteA();
        a.mode = ike::Phase1Mode::Aggressive;
        a.localId = ike::Identity::fqdn("initiator.lab");
        a.remoteId = ike::Identity::fqdn("responder.lab");
        auto b = siteB();
        b.localId = ike::Identity::fqdn("responder.lab");
        b.remoteId = ike::Identity::fqdn("initiator.lab");
        IkeHarness lab(a, b);
        establish(lab);
        QCOMPARE(QString::fromStdString(lab.B.ikeSas()[0].remoteId.toString()), QString("initiator.lab"));
        QCOMPARE(lab.wire.size(), std::size_t{6});
        const auto* am2 = IkeHarness::find(lab.eventsA, "AM2.received")->as<ike::DatagramInfo>();
        QCOMPARE(am2->payloads,
                 (std::vector<std::string>{"SA", "KE", "NONCE", "ID", "VID", "VID", "NAT-D", "NAT-D", "HASH"}));
        QVERIFY(IkeHarness::find(lab.eventsA, "AM3.sent")->as<ike::DatagramInfo>()->encrypted);
        QCOMPARE(headerOf(lab.wire[2]).exchangeType, wire::ExchangeType::Aggressive);
    }
};

QTEST_APPLESS_MAIN(TestIkeEngine)
#include "tst_ike_engine.moc"
