// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lab's data: strongSwan proposal strings (core/ike/ProposalSyntax), attack specs, scenario
// files (load, save, and errors that name the file, the key and the problem) and the ready-made
// scenarios.

#include <QTemporaryDir>
#include <QTest>

#include "TestData.h"
#include "ike/ProposalSyntax.h"
#include "ike/Proposals.h"
#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "lab/Scenario.h"

using namespace ipseclab;
using crypto::CipherAlgorithm;
using crypto::DhGroup;
using crypto::HashAlgorithm;
using ike::ChildProtocol;
using ike::Encryption;
using ike::Integrity;

Q_DECLARE_METATYPE(ike::Phase1Suite)

namespace {

QString message(const Error& e) { return QString::fromStdString(e.message); }

lab::Scenario mustParse(const std::string& json) {
    auto s = lab::Scenario::fromJson(json, "test.json");
    if (!s) qWarning("%s", s.error().message.c_str());
    return s ? *s : lab::Scenario{};
}

} // namespace

class TestLabScenario : public QObject {
    Q_OBJECT

private slots:
    void ikeProposals_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<ike::Phase1Suite>("suite");
        QTest::newRow("aes128-sha1-modp2048")
            << "aes128-sha1-modp2048"
            << ike::Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048};
        QTest::newRow("aes256-sha256-modp2048")
            << "aes256-sha256-modp2048"
            << ike::Phase1Suite{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha256, DhGroup::Modp2048};
        QTest::newRow("aes128-sha256-ecp256")
            << "aes128-sha256-ecp256"
            << ike::Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha256, DhGroup::Ecp256};
        QTest::newRow("3des-sha1-modp1024")
            << "3des-sha1-modp1024"
            << ike::Phase1Suite{CipherAlgorithm::TripleDesCbc, HashAlgorithm::Sha1, DhGroup::Modp1024};
        QTest::newRow("order and case") << "MODP2048-SHA384-AES192"
                                        << ike::Phase1Suite{CipherAlgorithm::Aes192Cbc, HashAlgorithm::Sha384,
                                                            DhGroup::Modp2048};
    }
    void ikeProposals() {
        QFETCH(QString, text);
        QFETCH(ike::Phase1Suite, suite);
        auto parsed = ike::parseIkeProposal(text.toStdString());
        QVERIFY2(parsed, qPrintable(test::errorText(parsed)));
        QVERIFY(*parsed == suite);
        // Written back in canonical order, it reads the same.
        auto again = ike::parseIkeProposal(ike::ikeProposalText(*parsed));
        QVERIFY(again && *again == suite);
    }

    void childProposals() {
        struct Case {
            const char* text;
            ChildProtocol protocol;
            Encryption cipher;
            Integrity integrity;
            std::optional<DhGroup> pfs;
            bool esn;
        };
        const Case cases[] = {
            {"aes128-sha1", ChildProtocol::Esp, Encryption::Aes128Cbc, Integrity::HmacSha1_96, {}, false},
            {"aes256-sha256", ChildProtocol::Esp, Encryption::Aes256Cbc, Integrity::HmacSha256_128, {}, false},
            {"aes128gcm16", ChildProtocol::Esp, Encryption::Aes128Gcm16, Integrity::None, {}, false},
            {"aes128gcm16-modp2048", ChildProtocol::Esp, Encryption::Aes128Gcm16, Integrity::None, DhGroup::Modp2048,
             false},
            {"null-sha1", ChildProtocol::Esp, Encryption::Null, Integrity::HmacSha1_96, {}, false},
            {"3des-md5-esn", ChildProtocol::Esp, Encryption::TripleDesCbc, Integrity::HmacMd5_96, {}, true},
            {"sha1", ChildProtocol::Ah, Encryption::Null, Integrity::HmacSha1_96, {}, false},
            {"sha256-ecp256", ChildProtocol::Ah, Encryption::Null, Integrity::HmacSha256_128, DhGroup::Ecp256, false},
        };
        for (const Case& c : cases) {
            auto parsed = ike::parseChildProposal(c.text, c.protocol);
            QVERIFY2(parsed, c.text);
            QCOMPARE(parsed->proposal.suite.protocol, c.protocol);
            QCOMPARE(parsed->proposal.suite.cipher, c.cipher);
            QCOMPARE(parsed->proposal.suite.integrity, c.integrity);
            QCOMPARE(parsed->pfsGroup, c.pfs);
            QCOMPARE(parsed->proposal.esn, c.esn);
            QCOMPARE(QString::fromStdString(ike::childProposalText(parsed->proposal, parsed->pfsGroup)),
                     QString(c.text));
        }
    }

    void proposalErrorsNameTheToken_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("protocol"); // 0 IKE, 1 ESP, 2 AH
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown cipher") << "aes129-sha1-modp2048" << 0 << "aes129"
                                        << "unknown algorithm \"aes129\"";
        QTest::newRow("no group") << "aes128-sha1" << 0 << "aes128-sha1"
                                  << "no DH group";
        QTest::newRow("two hashes") << "aes128-sha1-sha256-modp2048" << 0 << "sha256"
                                    << "a second hash";
        QTest::newRow("gcm with hmac") << "aes128gcm16-sha1" << 1 << "sha1"
                                       << "AES-GCM authenticates by itself";
        QTest::newRow("cbc without hmac") << "aes128" << 1 << "aes128"
                                          << "no integrity algorithm";
        QTest::newRow("ah with cipher") << "aes128-sha1" << 2 << "aes128"
                                        << "AH does not encrypt";
        QTest::newRow("empty token") << "aes128--sha1" << 1 << ""
                                     << "empty algorithm name";
    }
    void proposalErrorsNameTheToken() {
        QFETCH(QString, text);
        QFETCH(int, protocol);
        QFETCH(QString, token);
        QFETCH(QString, says);
        Error error;
        if (protocol == 0) {
            auto r = ike::parseIkeProposal(text.toStdString());
            QVERIFY(!r);
            error = r.error();
        } else {
            auto r = ike::parseChildProposal(text.toStdString(),
                                             protocol == 1 ? ChildProtocol::Esp : ChildProtocol::Ah);
            QVERIFY(!r);
            error = r.error();
        }
        QCOMPARE(QString::fromStdString(error.field), token);
        QVERIFY2(message(error).contains(says), qPrintable(message(error)));
        QVERIFY2(message(error).contains(text), qPrintable(message(error)));
    }

    void proposalListsAgreeOnPfs() {
        auto ok = ike::parseChildProposals("aes128-sha1-modp2048, aes256-sha256-modp2048", ChildProtocol::Esp);
        QVERIFY(ok);
        QCOMPARE(ok->proposals.size(), std::size_t{2});
        QCOMPARE(ok->pfsGroup, std::optional<DhGroup>(DhGroup::Modp2048));
        auto bad = ike::parseChildProposals("aes128-sha1-modp2048,aes256-sha256", ChildProtocol::Esp);
        QVERIFY(!bad);
        QVERIFY(message(bad.error()).contains("different PFS group"));
        auto ikeList = ike::parseIkeProposals("aes128-sha1-modp2048,3des-sha1-modp1024");
        QVERIFY(ikeList && ikeList->size() == 2);
    }

    void attackSpecs() {
        const char* specs[] = {"replay:seq=5",
                               "duplicate",
                               "reorder:span=3",
                               "delay:seq=1",
                               "delay:seq=1:after=70",
                               "drop:seq=3",
                               "flip:spi",
                               "flip:icv:bit=7",
                               "flip:payload:at=4",
                               "truncate:bytes=4",
                               "unknown-spi",
                               "forge:seq=+100000",
                               "replay-ike:msg=MM3",
                               "drop-ike:msg=QM1",
                               "delay-ike:msg=MM5:ms=3000",
                               "spoof-info:msg=QM1",
                               "replay:seq=2:at=10",
                               "flood:replay=10000",
                               "flood:forge=100000:spread=5000",
                               "flood:forge=1:at=3"};
        for (const char* text : specs) {
            auto spec = lab::AttackSpec::parse(text);
            QVERIFY2(spec, text);
            auto again = lab::AttackSpec::parse(spec->toString());
            QVERIFY2(again && *again == *spec, text);
        }
        auto flip = lab::AttackSpec::parse("flip:icv:bit=7:at=4");
        QCOMPARE(flip->field, lab::FlipField::Icv);
        QCOMPARE(flip->bit, 7u);
        QCOMPARE(flip->at, std::optional<std::uint64_t>(4));
        QCOMPARE(lab::AttackSpec::parse("forge:seq=+100000")->distance, std::uint64_t{100000});

        struct Bad {
            const char* text;
            const char* says;
        };
        const Bad bad[] = {
            {"storm", "unknown attack \"storm\""},   {"replay:seq=x", "seq=x is not a number"},
            {"flip", "flip needs the field"},        {"flip:checksum", "\"checksum\" is not a parameter of flip"},
            {"forge:seq=100", "forge takes seq=+D"}, {"replay:span=3", "replay takes no parameter \"span\""},
            {"replay-ike", "needs the IKE message"}, {"replay:seq=0", "sequence numbers start at 1"},
            {"spoof-info", "needs the IKE message"}, {"spoof-info:msg=QM1:at=3", "takes no parameter \"at\""}};
        for (const Bad& b : bad) {
            auto spec = lab::AttackSpec::parse(b.text);
            QVERIFY2(!spec, b.text);
            QVERIFY2(message(spec.error()).contains(b.says), qPrintable(message(spec.error())));
        }
    }

    // flood:replay=N, flood:forge=N[:spread=D]: the packets counted, each error naming its part.
    void floodSpecs() {
        auto replay = lab::AttackSpec::parse("flood:replay=10000");
        QVERIFY(replay);
        QCOMPARE(replay->kind, lab::AttackKind::Flood);
        QCOMPARE(replay->flood, lab::FloodKind::Replay);
        QCOMPARE(replay->count, std::uint64_t{10000});
        QCOMPARE(replay->toString(), std::string("flood:replay=10000"));
        auto forge = lab::AttackSpec::parse("flood:forge=500:spread=64:at=7");
        QVERIFY(forge);
        QCOMPARE(forge->flood, lab::FloodKind::Forge);
        QCOMPARE(forge->count, std::uint64_t{500});
        QCOMPARE(forge->spread, std::uint64_t{64});
        QCOMPARE(forge->at, std::optional<std::uint64_t>(7));
        QCOMPARE(forge->toString(), std::string("flood:forge=500:spread=64:at=7"));
        QCOMPARE(lab::AttackSpec::parse("flood:forge=5")->spread, lab::kFloodSpreadDefault);
        QCOMPARE(lab::AttackSpec::parse("flood:forge=500000")->count, lab::kFloodLimit);

        struct Bad {
            const char* text;
            const char* says;
        };
        const Bad bad[] = {
            {"flood", "flood needs replay=N or forge=N"},
            {"flood:spread=5", "flood needs replay=N or forge=N"},
            {"flood:replay=x", "replay=x is not a number (in attack \"flood:replay=x\")"},
            {"flood:forge=", "forge= is not a number"},
            {"flood:replay=0", "flood:replay=0: a flood has 1..500000 packets"},
            {"flood:forge=500001", "flood:forge=500001: a flood has 1..500000 packets"},
            {"flood:replay=5:forge=5", "replays or forgeries, not both"},
            {"flood:replay=5:spread=3", "spread= goes with forge="},
            {"flood:forge=5:spread=0", "spread=0: the spread must be 1..2147483648"},
            {"flood:forge=5:spread=y", "spread=y is not a number"},
            {"flood:forge=5:seq=3", "flood takes no parameter \"seq\""},
            {"flood:replay", "\"replay\" is not a parameter of flood (expected key=value)"},
        };
        for (const Bad& b : bad) {
            auto spec = lab::AttackSpec::parse(b.text);
            QVERIFY2(!spec, b.text);
            QVERIFY2(message(spec.error()).contains(b.says), qPrintable(message(spec.error())));
        }
    }

    void builtinScenarios() {
        const QStringList expected{"main-quick",
                                   "aggressive",
                                   "pfs",
                                   "nat",
                                   "ah",
                                   "ah-through-nat",
                                   "transport",
                                   "gcm",
                                   "esn-wrap",
                                   "wrong-psk-main",
                                   "wrong-psk-aggressive",
                                   "no-proposal",
                                   "pfs-initiator-only",
                                   "pfs-responder-only",
                                   "proxy-id-mismatch"};
        QStringList names;
        for (const auto& info : lab::builtinScenarios()) {
            names << QString::fromStdString(info.name);
            QVERIFY2(!info.description.empty() && info.description.find('\n') == std::string::npos, info.name.c_str());
            auto s = lab::builtinScenario(info.name);
            QVERIFY2(s, qPrintable(test::errorText(s)));
            QCOMPARE(s->name, info.name);
            QCOMPARE(s->seed, std::optional<std::uint64_t>(1));
            for (auto site : {lab::Site::A, lab::Site::B}) QVERIFY(s->peerConfig(site));
        }
        QCOMPARE(names, expected);
        QCOMPARE(QString::fromUtf8(lab::kDefaultScenario.data()), QString("main-quick"));

        // main-quick is what the issue says: Main Mode aes128-sha1-modp2048 PSK, ESP aes128-sha1
        // tunnel, no PFS, no NAT, window 64, seed 1.
        auto mq = lab::builtinScenario("main-quick");
        auto a = mq->peerConfig(lab::Site::A);
        QCOMPARE(a->mode, ike::Phase1Mode::Main);
        QVERIFY(a->ikeProposals.size() == 1 &&
                a->ikeProposals[0] ==
                    (ike::Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048}));
        QCOMPARE(a->childProposals[0].suite,
                 (ike::ChildSuite{ChildProtocol::Esp, Encryption::Aes128Cbc, Integrity::HmacSha1_96}));
        QCOMPARE(a->childProposals[0].encapsulation, ike::Encapsulation::Tunnel);
        QVERIFY(!a->pfsGroup);
        QVERIFY(!mq->nat);
        QCOMPARE(mq->siteB.replayWindow, 64u);
        QVERIFY(!mq->expect.failure);
        QVERIFY(lab::builtinScenario("nat")->nat);
        QCOMPARE(lab::builtinScenario("wrong-psk-main")->expect.failure, std::optional(ike::FailureKind::PskMismatch));

        auto unknown = lab::resolveScenario("no-such-scenario");
        QVERIFY(!unknown);
        QVERIFY(message(unknown.error()).contains("main-quick"));
    }

    void saveAndLoad() {
        auto original = lab::builtinScenario("nat");
        QVERIFY(original);
        original->attacks.push_back(*lab::AttackSpec::parse("flip:icv:bit=3:at=2"));
        original->actions.push_back(
            lab::ScenarioAction{std::chrono::milliseconds(2500), lab::ActionKind::Silence, lab::Site::B});
        original->runForSeconds = 90;
        original->siteA.lifetimes.ipsecKilobytes = 12;
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/nat.json").toStdString();
        QVERIFY(original->save(path));
        auto loaded = lab::Scenario::load(path);
        QVERIFY2(loaded, qPrintable(test::errorText(loaded)));
        QVERIFY(*loaded == *original);
    }

    void errorsNameFileKeyAndProblem_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("says");
        QTest::newRow("syntax") << "{\n  \"name\": \"x\",\n  \"seed\": ,\n}"
                                << "test.json: parse error at line 3";
        QTest::newRow("huge number") << "{\"seed\": 1" + QString(400, '9') + "}"
                                     << "test.json: not valid JSON: a number too large to read";
        QTest::newRow("unknown key") << R"({"siteA": {"ikee": ["aes128-sha1-modp2048"]}})"
                                     << "test.json: key /siteA/ikee: unknown key";
        QTest::newRow("bad proposal") << R"({"siteB": {"ike": ["aes128-sha1-modp2049"]}})"
                                      << "test.json: key /siteB/ike/0: unknown algorithm \"modp2049\"";
        QTest::newRow("wrong type") << R"({"seed": "one"})"
                                    << "test.json: key /seed: expected a whole number";
        QTest::newRow("range") << R"({"siteA": {"replayWindow": 5000}})"
                               << "test.json: key /siteA/replayWindow: 5000 is out of range";
        QTest::newRow("window") << R"({"siteA": {"replayWindow": 16}})"
                                << "test.json: key /siteA/replayWindow: 16 is not a window size";
        QTest::newRow("attack") << R"({"attacks": ["storm"]})"
                                << "test.json: key /attacks/0: unknown attack";
        QTest::newRow("outcome") << R"({"expect": "failure:bad-luck"})"
                                 << "test.json: key /expect: \"bad-luck\" is not a failure kind";
        QTest::newRow("subnet") << R"({"siteB": {"remoteSubnet": "10.9.0.1/24"}})"
                                << "test.json: key /siteB/remoteSubnet";
        QTest::newRow("esn start") << R"({"labEsnStart": 100})"
                                   << "test.json: key /labEsnStart: a lab ESN start needs";
        // Transport mode carries only the gateways' own packets: a LAN as its selector cannot work.
        QTest::newRow("transport LAN")
            << R"({"siteB": {"encapsulation": "transport", "remoteSubnet": "10.1.0.0/24"}})"
            << "test.json: key /siteB/remoteSubnet: transport mode protects only the gateways' own "
               "packets (RFC 4301 §4.1), so this selector can only be gateway A's address 127.0.0.1/32";
        QTest::newRow("transport host")
            << R"({"siteA": {"encapsulation": "transport", "localSubnet": "10.1.0.10/32"}})"
            << "test.json: key /siteA/localSubnet: transport mode protects only the gateways' own";
        QTest::newRow("action") << R"({"actions": [{"at": 3, "do": "explode"}]})"
                                << "test.json: key /actions/0/do";
        QTest::newRow("not an object") << "[1, 2]"
                                       << "test.json: key /: expected an object";
    }
    void errorsNameFileKeyAndProblem() {
        QFETCH(QString, json);
        QFETCH(QString, says);
        auto s = lab::Scenario::fromJson(json.toStdString(), "test.json");
        QVERIFY(!s);
        QVERIFY2(message(s.error()).startsWith(says), qPrintable(message(s.error())));
    }

    void missingFileIsNamed() {
        auto s = lab::Scenario::load("/nonexistent/lab.json");
        QVERIFY(!s);
        QVERIFY(message(s.error()).contains("/nonexistent/lab.json"));
    }

    void defaultsAreMainQuick() {
        // An empty scenario is main-quick's network and policy (seed left to the OS).
        const lab::Scenario s = mustParse("{}");
        auto a = s.peerConfig(lab::Site::A);
        auto b = s.peerConfig(lab::Site::B);
        QVERIFY(a && b);
        QCOMPARE(a->local.address.toString(), std::string("127.0.0.1"));
        QCOMPARE(b->local.address.toString(), std::string("127.0.0.2"));
        QCOMPARE(a->localSelector.toString(), std::string("10.1.0.0/24"));
        QCOMPARE(a->remoteSelector.toString(), std::string("10.2.0.0/24"));
        QCOMPARE(b->localSelector.toString(), std::string("10.2.0.0/24"));
        QCOMPARE(a->psk, b->psk);
        QVERIFY(!s.seed);
    }

    // A site that lists no IKE proposal: Site A, the initiator, offers the lab's one suite, and Site
    // B, the responder, accepts charon 5.9's IKEv1 default (as `ipsec-lab peer` without --ike),
    // each with the site's own lifetime. Saved, it stays not listed (no "ike" key); a listed one
    // stays listed; an empty list is refused.
    void unlistedIkeProposals() {
        const lab::Scenario s = mustParse(
            R"({"siteA": {"lifetimes": {"ikeSeconds": 3600}}, "siteB": {"lifetimes": {"ikeSeconds": 7200}}})");
        QVERIFY(s.siteA.ikeProposals.empty() && s.siteB.ikeProposals.empty());
        const std::vector<ike::Phase1Suite> offered{
            ike::Phase1Suite{CipherAlgorithm::Aes128Cbc, HashAlgorithm::Sha1, DhGroup::Modp2048, 3600}};
        QVERIFY(s.peerConfig(lab::Site::A)->ikeProposals == offered);
        const auto b = s.peerConfig(lab::Site::B)->ikeProposals;
        QVERIFY(b == ike::charonDefaultPhase1(7200));
        QCOMPARE(b.size(), std::size_t{48});
        QCOMPARE(lab::ikeProposalsText(lab::Site::A, s.siteA),
                 std::string("aes128-sha1-modp2048 (the lab's default; none listed)"));
        QCOMPARE(lab::ikeProposalsText(lab::Site::B, s.siteB),
                 std::string("charon 5.9's IKEv1 default (48 suites; none listed)"));
        const std::string json = s.toJson();
        QVERIFY2(json.find("\"ike\"") == std::string::npos, json.c_str());
        QVERIFY(mustParse(json) == s);

        const lab::Scenario listed = mustParse(R"({"siteB": {"ike": ["aes128-sha1-modp2048", "3des-sha1-modp1024"]}})");
        QCOMPARE(listed.peerConfig(lab::Site::B)->ikeProposals.size(), std::size_t{2});
        QCOMPARE(lab::ikeProposalsText(lab::Site::B, listed.siteB),
                 std::string("aes128-sha1-modp2048,3des-sha1-modp1024"));
        QVERIFY(mustParse(listed.toJson()) == listed);
        QVERIFY(listed.toJson().find(R"("ike": [)") != std::string::npos);

        auto empty = lab::Scenario::fromJson(R"({"siteB": {"ike": []}})", "test.json");
        QVERIFY(!empty);
        QVERIFY2(message(empty.error()).startsWith("test.json: key /siteB/ike: the list is empty"),
                 qPrintable(message(empty.error())));
    }

    // Transport mode protects the gateways' own packets: the proxy IDs default to their /32
    // addresses (strongSwan's ID_IPV4_ADDR pair), and the lab's echoes run gateway to gateway.
    void transportModeProtectsTheGateways() {
        const lab::Scenario s = *lab::builtinScenario("transport");
        QVERIFY(s.gatewaysTalk());
        for (auto site : {lab::Site::A, lab::Site::B}) {
            auto c = s.peerConfig(site);
            QVERIFY(c);
            const lab::Site other = site == lab::Site::A ? lab::Site::B : lab::Site::A;
            QCOMPARE(c->localSelector.toString(), lab::LabNetwork::gateway(site).toString() + "/32");
            QCOMPARE(c->remoteSelector.toString(), lab::LabNetwork::gateway(other).toString() + "/32");
            QCOMPARE(c->childProposals.at(0).encapsulation, ike::Encapsulation::Transport);
            QCOMPARE(s.trafficAddress(site), lab::LabNetwork::gateway(site));
        }
        // The gateways' own addresses written out are what the defaults are.
        const lab::Scenario spelled = mustParse(
            R"({"siteA": {"encapsulation": "transport", "localSubnet": "127.0.0.1/32",
                                                             "remoteSubnet": "127.0.0.2"}})");
        QCOMPARE(spelled.peerConfig(lab::Site::A)->remoteSelector.toString(), std::string("127.0.0.2/32"));
        // Tunnel mode keeps the hosts.
        QCOMPARE(mustParse("{}").trafficAddress(lab::Site::B), lab::LabNetwork::host(lab::Site::B));
        QVERIFY(!mustParse(R"({"siteB": {"encapsulation": "transport"}})").gatewaysTalk());
    }
};

QTEST_APPLESS_MAIN(TestLabScenario)
#include "tst_lab_scenario.moc"
