// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The attacker on the wire, through the API: the expected-verdict table below the traffic of
// `--traffic 20` with window 64 (each attack's packets get the named verdicts, and no legitimate
// packet is ever rejected), attacks injected while the lab runs, and IKE messages dropped, delayed
// or replayed (retransmission recovers; a replay changes nothing).

#include <QTest>

#include "LabTestSupport.h"
#include "TestData.h"
#include "capture/PcapngReader.h"

using namespace ipseclab;
using namespace ipseclab::test;
using ipsec::Verdict;

namespace {

QStringList verdictNames(const std::vector<Verdict>& verdicts) {
    QStringList out;
    for (Verdict v : verdicts)
        out << QString::fromUtf8(ipsec::verdictName(v).data(), int(ipsec::verdictName(v).size()));
    return out;
}

std::unique_ptr<lab::Lab> attacked(const QString& spec, std::uint32_t traffic = 20) {
    lab::LabOptions options;
    options.trafficCount = traffic;
    auto parsed = lab::AttackSpec::parse(spec.toStdString());
    if (!parsed) qFatal("%s", parsed.error().message.c_str());
    options.attacks.push_back(*parsed);
    return makeLab(builtin("main-quick"), options);
}

} // namespace

class TestLabAttacks : public QObject {
    Q_OBJECT

private slots:
    // The table README "Command line" documents; tst_cli checks it again through the program.
    void verdictTable_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QStringList>("verdicts");
        QTest::addColumn<int>("lostEchoes");
        QTest::newRow("replay") << "replay:seq=5" << QStringList{"duplicate"} << 0;
        QTest::newRow("replay at") << "replay:seq=2:at=10" << QStringList{"duplicate"} << 0;
        QTest::newRow("duplicate") << "duplicate" << QStringList{"duplicate"} << 0;
        QTest::newRow("reorder") << "reorder:span=3" << QStringList{"accepted"} << 0;
        QTest::newRow("delay beyond the window") << "delay:seq=1" << QStringList{"too old"} << 1;
        QTest::newRow("drop") << "drop:seq=3" << QStringList{} << 1;
        QTest::newRow("flip spi") << "flip:spi" << QStringList{"unknown SPI"} << 1;
        QTest::newRow("flip seq") << "flip:seq" << QStringList{"bad ICV"} << 1;
        QTest::newRow("flip payload") << "flip:payload:bit=77" << QStringList{"bad ICV"} << 1;
        QTest::newRow("flip icv") << "flip:icv" << QStringList{"bad ICV"} << 1;
        QTest::newRow("flip icv at") << "flip:icv:at=5" << QStringList{"bad ICV"} << 1;
        QTest::newRow("truncate") << "truncate:bytes=4" << QStringList{"malformed"} << 1;
        QTest::newRow("truncate a block") << "truncate:bytes=16" << QStringList{"bad ICV"} << 1;
        QTest::newRow("unknown spi") << "unknown-spi" << QStringList{"unknown SPI"} << 0;
        QTest::newRow("forge") << "forge:seq=+100000" << QStringList{"bad ICV"} << 0;
        QTest::newRow("inject") << "inject:src=192.0.2.66" << QStringList{"policy mismatch"} << 0;
    }
    void verdictTable() {
        QFETCH(QString, spec);
        QFETCH(QStringList, verdicts);
        QFETCH(int, lostEchoes);
        auto l = attacked(spec);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const auto reports = l->attackReports();
        QCOMPARE(reports.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(reports[0].status), QString("done"));
        QCOMPARE(verdictNames(reports[0].verdicts), verdicts);
        const auto st = l->status();
        QCOMPARE(st.legitimateRejected, std::uint64_t{0});
        QCOMPARE(int(st.echoesLost), lostEchoes);
        QVERIFY(st.echoRequests >= 20);
        QCOMPARE(st.echoReplies + st.echoesLost, st.echoRequests);
        // Marked on the timeline and in the capture.
        QVERIFY(l->timeline().find("attack.1.armed"));
        QVERIFY(countPrefix(l->timeline(), "attack.1.") >= 2);
        for (const auto& e : l->timeline())
            if (const auto* d = e.as<lab::DataPlaneRecord>();
                d && d->event().kind == ipsec::EventKind::Verdict && d->event().verdict != Verdict::Accepted)
                QVERIFY2(e.attack == 1, e.id.c_str()); // only the attack's own packets are refused
    }

    void replayIsMarkedInTheCapture() {
        auto l = attacked("replay:seq=5");
        QVERIFY(runToEnd(*l));
        auto capture = capture::PcapngReader::read(l->capture().bytes());
        QVERIFY(capture);
        // The original ESP seq 5 and its replay carry the same bytes; the replay's comment says so.
        const lab::LabEvent* original = l->timeline().find("ESP.A2B.seq5.delivered");
        const lab::LabEvent* replay = l->timeline().find("ESP.A2B.seq5.delivered#2");
        QVERIFY(original && replay);
        const auto* o = original->as<lab::PacketRecord>();
        const auto* r = replay->as<lab::PacketRecord>();
        QCOMPARE(r->packet, o->packet);
        QCOMPARE(replay->attack, std::optional<int>(1));
        const std::string expected = "injected: a replay of ESP seq 5 (WAN packet #" + std::to_string(o->frame) + ")";
        QVERIFY2(capture->packets[r->frame - 1].comments[0].find(expected) != std::string::npos,
                 capture->packets[r->frame - 1].comments[0].c_str());
        QVERIFY(l->timeline().find("ESP.A2B.seq5.verdict#2"));
    }

    // delay:seq=1 holds the first packet until 70 more have passed: beyond the window of 64, so it
    // is too old when it finally arrives, and the right edge does not move.
    void delayBeyondTheWindow() {
        auto l = attacked("delay:seq=1");
        QVERIFY(runToEnd(*l));
        const auto r = l->attackReports()[0];
        QCOMPARE(verdictNames(r.verdicts), QStringList{"too old"});
        QCOMPARE(r.rightEdgeBefore, std::optional<std::uint64_t>(71));
        QCOMPARE(r.rightEdgeAfter, std::optional<std::uint64_t>(71));
        const lab::LabEvent* released = l->timeline().find("attack.1.released");
        QVERIFY(released);
        QVERIFY(QString::fromStdString(released->text()).contains("after 70 more A→B packets"));
        // The traffic was extended to carry the attack: 71 requests in all.
        QCOMPARE(l->status().echoRequests, 71u);
        // A shorter delay stays inside the window: accepted late.
        auto shorter = attacked("delay:seq=1:after=10");
        QVERIFY(runToEnd(*shorter));
        QCOMPARE(verdictNames(shorter->attackReports()[0].verdicts), QStringList{"accepted"});
    }

    // Two attacks on one packet: the reorder takes ESP seq 6 first, so the delay waiting for seq 6
    // misses it. It says so at once instead of keeping the lab sending traffic until a rekey.
    void attackOnAPacketAlreadyTaken() {
        lab::LabOptions options;
        options.trafficCount = 12;
        for (const char* spec : {"reorder:span=3:at=5", "delay:seq=6"})
            options.attacks.push_back(*lab::AttackSpec::parse(spec));
        auto l = makeLab(builtin("main-quick"), options);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const auto reports = l->attackReports();
        QCOMPARE(reports.size(), std::size_t{2});
        QCOMPARE(QString::fromStdString(reports[0].status), QString("done"));
        QVERIFY2(QString::fromStdString(reports[1].status).startsWith("missed: ESP seq 6 had gone by"),
                 reports[1].status.c_str());
        QVERIFY(l->timeline().find("attack.2.missed"));
        QVERIFY(l->status().echoRequests <= 13); // no traffic stretched out for the missed attack
    }

    void forgeLeavesTheRightEdge() {
        auto l = attacked("forge:seq=+100000");
        QVERIFY(runToEnd(*l));
        const auto r = l->attackReports()[0];
        QCOMPARE(r.rightEdgeBefore, std::optional<std::uint64_t>(20));
        QCOMPARE(r.rightEdgeAfter, std::optional<std::uint64_t>(20));
        QVERIFY(QString::fromStdString(r.summary).contains("forged ESP seq 100020"));
        for (const auto& sa : l->saReports())
            if (sa.site == lab::Site::B && sa.inbound) {
                QCOMPARE(sa.rightEdge, std::optional<std::uint64_t>(20));
                QCOMPARE(sa.counters.count(Verdict::BadIcv), std::uint64_t{1});
            }
    }

    // inject:src=ADDR seals a packet with the A→B keys and the next sequence number. Control first:
    // with a source inside the selectors the same attack's packet is accepted (so only the address
    // makes the difference); from outside it is refused by policy after the window moved.
    void injectOutsideTheSelectors_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("inside");
        for (const char* s : {"main-quick", "gcm", "nat", "ah"}) QTest::newRow(s) << QString(s) << "10.1.0.10";
        QTest::newRow("transport") << "transport"
                                   << "127.0.0.1"; // the gateways protect their own packets
    }
    void injectOutsideTheSelectors() {
        QFETCH(QString, scenario);
        QFETCH(QString, inside);
        auto run = [&](const QString& source) {
            lab::LabOptions options;
            options.trafficCount = 5;
            options.attacks.push_back(*lab::AttackSpec::parse(("inject:src=" + source).toStdString()));
            auto l = makeLab(builtin(scenario.toStdString()), options);
            if (!runToEnd(*l)) qFatal("the lab did not finish");
            return l;
        };
        auto control = run(inside);
        QCOMPARE(verdictNames(control->attackReports()[0].verdicts), QStringList{"accepted"});

        auto l = run("192.0.2.66");
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const auto r = l->attackReports()[0];
        QCOMPARE(QString::fromStdString(r.status), QString("done"));
        QCOMPARE(verdictNames(r.verdicts), QStringList{"policy mismatch"});
        QCOMPARE(r.rightEdgeBefore, std::optional<std::uint64_t>(5));
        QCOMPARE(r.rightEdgeAfter, std::optional<std::uint64_t>(6)); // authentic: the window moved
        QCOMPARE(l->status().legitimateRejected, std::uint64_t{0});
        QCOMPARE(l->status().echoReplies, 5u); // nothing answered the injected packet
        const std::string proto = scenario == "ah" ? "AH" : "ESP";
        const lab::LabEvent* verdict = l->timeline().find("B." + proto + ".A2B.seq6.verdict");
        if (!verdict) verdict = l->timeline().find(proto + ".A2B.seq6.verdict");
        QVERIFY(verdict);
        QCOMPARE(verdict->attack, std::optional<int>(1));
        QVERIFY2(verdict->text().find("policy mismatch") != std::string::npos, verdict->text().c_str());
        QVERIFY2(verdict->text().find("source 192.0.2.66 lies outside") != std::string::npos, verdict->text().c_str());
        for (const auto& sa : l->saReports())
            if (sa.site == lab::Site::B && sa.inbound)
                QCOMPARE(sa.counters.count(Verdict::PolicyMismatch), std::uint64_t{1});
        // The capture's comment on the packet says what the attacker sent.
        auto capture = capture::PcapngReader::read(l->capture().bytes());
        QVERIFY(capture);
        const lab::LabEvent* delivered = l->timeline().find(proto + ".A2B.seq6.delivered");
        QVERIFY(delivered && delivered->attack == std::optional<int>(1));
        const std::string& comment = capture->packets[delivered->as<lab::PacketRecord>()->frame - 1].comments[0];
        QVERIFY2(comment.find("injected: " + proto + " seq 6 sealed with the keys of A2B") != std::string::npos &&
                     comment.find("192.0.2.66") != std::string::npos,
                 comment.c_str());
    }

    void injectNeedsAnAddress() {
        QVERIFY(!lab::AttackSpec::parse("inject").has_value());
        QVERIFY(!lab::AttackSpec::parse("inject:src=10.1.0").has_value());
        QVERIFY(!lab::AttackSpec::parse("inject:seq=3").has_value());
        QVERIFY(!lab::AttackSpec::parse("inject:src=192.0.2.66:at=3").has_value()); // after the traffic only
        const auto spec = lab::AttackSpec::parse("inject:src=192.0.2.66");
        QVERIFY(spec);
        QCOMPARE(spec->toString(), std::string("inject:src=192.0.2.66"));
        QCOMPARE(*lab::AttackSpec::parse(spec->toString()), *spec);
    }

    // Attacks from the API while the lab runs, several at once, each numbered.
    void injectWhileRunning() {
        lab::LabOptions options;
        options.trafficCount = 6;
        auto l = makeLab(builtin("gcm"), options);
        while (!l->timeline().find("ESP.A2B.seq3.verdict")) QVERIFY(l->step());
        QVERIFY(l->inject(*lab::AttackSpec::parse("replay:seq=2")));
        QVERIFY(l->inject(*lab::AttackSpec::parse("flip:payload:at=4")));
        QVERIFY(l->inject(*lab::AttackSpec::parse("drop:seq=2"))); // already passed: it says so
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const auto reports = l->attackReports();
        QCOMPARE(reports.size(), std::size_t{3});
        QCOMPARE(verdictNames(reports[0].verdicts), QStringList{"duplicate"});
        QCOMPARE(verdictNames(reports[1].verdicts), QStringList{"bad ICV"});
        QVERIFY(QString::fromStdString(reports[2].status).startsWith("failed: A→B packet 2 has already crossed"));
        QVERIFY(l->timeline().find("attack.3.failed"));
        QCOMPARE(l->status().legitimateRejected, std::uint64_t{0});
    }

    // A dropped IKE message is retransmitted and the exchange completes.
    void droppedIkeMessageIsRetransmitted_data() {
        QTest::addColumn<QString>("message");
        for (const char* m : {"MM1", "MM2", "MM3", "MM4", "MM5", "MM6", "QM1", "QM2"}) QTest::newRow(m) << QString(m);
    }
    void droppedIkeMessageIsRetransmitted() {
        QFETCH(QString, message);
        auto l = attacked("drop-ike:msg=" + message, 3);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        QVERIFY(l->timeline().find("attack.1.dropped"));
        // The sender of a request retransmits it; a lost answer is sent again when the request comes back.
        bool retransmitted = false;
        for (const auto& e : l->timeline())
            if (const ike::Event* ev = e.ike(); ev && ev->kind == ike::EventKind::Retransmitted) retransmitted = true;
        QVERIFY(retransmitted);
        QVERIFY(l->status().established);
        QCOMPARE(l->status().echoReplies, 3u);
    }

    void delayedIkeMessage() {
        auto l = attacked("delay-ike:msg=MM5:ms=5000", 2);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        // The retransmission after 2 s gets through first; the late original is a harmless duplicate.
        QVERIFY(l->timeline().find("A.MM5.retransmit#1"));
        QVERIFY(l->timeline().find("attack.1.released"));
        QVERIFY(firstWithPrefix(l->timeline(), "B.MM5.duplicate"));
    }

    void replayedIkeMessageChangesNothing() {
        auto l = attacked("replay-ike:msg=MM3", 2);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const auto r = l->attackReports()[0];
        QCOMPARE(r.ikeReactions.size(), std::size_t{1});
        QVERIFY(QString::fromStdString(r.ikeReactions[0]).contains("ignored"));
        QCOMPARE(l->peer(lab::Site::B).ikeSas().size(), std::size_t{1});
    }

    // spoof-info: a forged Informational (QM1's cookies and Message ID, random bytes) right behind
    // QM1. Site B records it as not decrypting and changing nothing; the Quick Mode completes and
    // no failure is recorded anywhere. Unfixed, B erased the Quick Mode's IV and never installed it.
    void spoofedInformationalIsRejected() {
        auto l = attacked("spoof-info:msg=QM1", 2);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        QVERIFY(l->timeline().find("attack.1.injected"));
        const auto r = l->attackReports()[0];
        QCOMPARE(QString::fromStdString(r.status), QString("done"));
        bool rejected = false;
        for (const auto& reaction : r.ikeReactions)
            rejected = rejected ||
                       (reaction.find("B: ") == 0 && reaction.find("did not decrypt") != std::string::npos &&
                        reaction.find("changes nothing") != std::string::npos);
        QVERIFY2(rejected, qPrintable(story(*l)));
        QVERIFY(firstWithPrefix(l->timeline(), "B.QM.established"));
        QCOMPARE(l->peer(lab::Site::B).childSas().size(), std::size_t{1});
        for (const auto& e : l->timeline())
            if (const ike::Event* ev = e.ike()) QVERIFY2(ev->kind != ike::EventKind::Failure, ev->text.c_str());
        QCOMPARE(l->status().echoReplies, 2u);
    }

    // Issue 17: every delivered WAN frame's capture comment ends with what its receiver made of it,
    // in the same words as the Packet dock's comment (the timeline's), and the frames the receiver's
    // reaction produced follow it. The attack's frame names its own verdict; every other frame of
    // these runs was accepted.
    void captureCommentsEndWithTheReceiversVerdict_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QStringList>("says"); // in the attack frame's verdict
        QTest::newRow("replay") << "replay:seq=5"
                                << QStringList{"; receiver: dropped (duplicate: sequence number 5 was already "
                                               "received: a replay)"};
        QTest::newRow("inject") << "inject:src=192.0.2.66"
                                << QStringList{"; receiver: dropped by policy (authentic, but its source 192.0.2.66 "
                                               "lies outside the SA's traffic selector 10.1.0.0/24"};
        QTest::newRow("spoof-info") << "spoof-info:msg=QM1"
                                    << QStringList{"; receiver: dropped (an Informational message did not decrypt",
                                                   "not authenticated, so it changes nothing"};
        QTest::newRow("flip icv") << "flip:icv" << QStringList{"; receiver: dropped (bad ICV"};
        QTest::newRow("delay beyond the window") << "delay:seq=1" << QStringList{"; receiver: dropped (too old"};
        QTest::newRow("replay-ike") << "replay-ike:msg=MM3" << QStringList{"; receiver: ignored ("};
    }
    void captureCommentsEndWithTheReceiversVerdict() {
        QFETCH(QString, spec);
        QFETCH(QStringList, says);
        auto l = attacked(spec, 6);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        auto capture = capture::PcapngReader::read(l->capture().bytes());
        QVERIFY(capture);
        int attackFrames = 0, accepted = 0;
        for (const auto& e : l->timeline()) {
            const auto* r = e.as<lab::PacketRecord>();
            if (!r || r->interface != lab::Interface::Wan || r->fate != lab::PacketFate::Delivered) continue;
            const std::string& comment = capture->packets[r->frame - 1].comments[0];
            QCOMPARE(QString::fromStdString(r->comment), QString::fromStdString(comment));
            const auto at = comment.find("; receiver: ");
            QVERIFY2(at != std::string::npos && at == comment.rfind("; receiver: "), comment.c_str());
            const std::string verdict = comment.substr(at);
            if (e.attack) {
                ++attackFrames;
                for (const QString& words : says)
                    QVERIFY2(verdict.find(words.toStdString()) != std::string::npos, comment.c_str());
                continue;
            }
            QCOMPARE(QString::fromStdString(verdict), QString("; receiver: accepted"));
            ++accepted;
            // An echo request accepted at B: its frame on LAN B comes right after it.
            if (r->from == lab::Origin::SiteA && r->sequenceNumber())
                QCOMPARE(capture->interfaces[capture->packets[r->frame].interfaceId].name, std::string("LAN B"));
        }
        QCOMPARE(attackFrames, 1);
        QVERIFY(accepted >= 9 + 12); // the IKE exchanges, and six echoes each way
    }

    void attacksOnAh() {
        lab::LabOptions options;
        options.trafficCount = 20;
        for (const char* spec : {"replay:seq=5", "flip:payload", "forge:seq=+1000"})
            options.attacks.push_back(*lab::AttackSpec::parse(spec));
        auto l = makeLab(builtin("ah"), options);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const auto r = l->attackReports();
        QCOMPARE(verdictNames(r[0].verdicts), QStringList{"duplicate"});
        QCOMPARE(verdictNames(r[1].verdicts), QStringList{"bad ICV"});
        QCOMPARE(verdictNames(r[2].verdicts), QStringList{"bad ICV"});
    }
};

QTEST_APPLESS_MAIN(TestLabAttacks)
#include "tst_lab_attacks.moc"
