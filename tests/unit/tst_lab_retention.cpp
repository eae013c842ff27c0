// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What a lab keeps of its past (lab::Retention, issue 18): `--headless --summary` prints the same
// header and summary (attacks, counters, outcome) as the full run of the same seed, scenario,
// traffic and attacks, from a lab that forgot its history; the timeline of such a lab keeps only
// its last step's events but counts every event, and its steps add up.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

#include "LabTestSupport.h"
#include "lab/HeadlessRunner.h"

using namespace ipseclab;
using namespace ipseclab::test;

namespace {

struct Printed {
    int exitCode = 0;
    std::string out;
    std::string err;
};

Printed headless(lab::HeadlessOptions options, bool summaryOnly) {
    options.summaryOnly = summaryOnly;
    std::ostringstream out, err;
    Printed p;
    p.exitCode = lab::runHeadless(options, out, err);
    p.out = out.str();
    p.err = err.str();
    return p;
}

// Rekeys under traffic: by bytes (three pairs of SAs for 100 pings), and by time (60 s).
constexpr const char* kRekeyByBytes =
    R"({"name": "rekey-bytes", "siteA": {"lifetimes": {"ipsecKilobytes": 4}},
        "siteB": {"lifetimes": {"ipsecKilobytes": 4}}, "traffic": {"count": 100, "intervalMs": 500}})";
constexpr const char* kRekeyByTime =
    R"({"name": "rekey-time", "siteA": {"lifetimes": {"ipsecSeconds": 60}},
        "siteB": {"lifetimes": {"ipsecSeconds": 60}}, "traffic": {"count": 100, "intervalMs": 1000}})";

} // namespace

class TestLabRetention : public QObject {
    Q_OBJECT

private slots:
    void summaryEqualsTheFullRunsSummary_data() {
        QTest::addColumn<QString>("scenario"); // a ready-made name, or "rekey-bytes"/"rekey-time" (above)
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<quint32>("traffic"); // 0: the scenario's
        QTest::addColumn<QStringList>("attacks");
        QTest::newRow("main-quick 1") << "main-quick" << quint64{1} << 0u << QStringList{};
        QTest::newRow("main-quick 3, 500") << "main-quick" << quint64{3} << 500u << QStringList{};
        QTest::newRow("aggressive 5") << "aggressive" << quint64{5} << 20u << QStringList{};
        QTest::newRow("nat 2") << "nat" << quint64{2} << 20u << QStringList{};
        QTest::newRow("transport 4") << "transport" << quint64{4} << 20u << QStringList{};
        QTest::newRow("esn-wrap 6") << "esn-wrap" << quint64{6} << 0u << QStringList{};
        QTest::newRow("wrong-psk-main 8") << "wrong-psk-main" << quint64{8} << 0u << QStringList{};
        // The attacks' lines name WAN frames and replayed packets: the history they need is kept.
        QTest::newRow("attacks 1") << "main-quick" << quint64{1} << 20u
                                   << QStringList{"replay:seq=5", "forge:seq=+100000", "drop-ike:msg=MM3"};
        QTest::newRow("attacks 7") << "main-quick" << quint64{7} << 200u
                                   << QStringList{"replay:seq=150",     "duplicate",          "unknown-spi",
                                                  "replay-ike:msg=MM3", "replay:seq=3:at=40", "inject:src=192.0.2.66",
                                                  "flip:icv:at=7"};
        QTest::newRow("ah attacks 2") << "ah" << quint64{2} << 30u
                                      << QStringList{"replay:seq=1", "reorder:span=3", "delay:seq=4"};
        // A flood of replays draws from the last 2 × window packets: a summary run keeps them.
        QTest::newRow("floods 4") << "main-quick" << quint64{4} << 300u
                                  << QStringList{"flood:replay=2000:at=250", "flood:forge=500:spread=40",
                                                 "replay:seq=7"};
        QTest::newRow("rekey by bytes 3") << "rekey-bytes" << quint64{3} << 0u << QStringList{"replay:seq=2"};
        QTest::newRow("rekey by time 7") << "rekey-time" << quint64{7} << 0u << QStringList{};
    }
    void summaryEqualsTheFullRunsSummary() {
        QFETCH(QString, scenario);
        QFETCH(quint64, seed);
        QFETCH(quint32, traffic);
        QFETCH(QStringList, attacks);
        QTemporaryDir dir;
        lab::HeadlessOptions options;
        options.scenario = scenario.toStdString();
        for (const char* json : {kRekeyByBytes, kRekeyByTime}) {
            auto parsed = lab::Scenario::fromJson(json, "inline.json");
            QVERIFY(parsed);
            if (parsed->name != options.scenario) continue;
            options.scenario = dir.filePath(scenario + ".json").toStdString();
            QFile file(QString::fromStdString(options.scenario));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(json);
        }
        options.seed = seed;
        if (traffic) options.traffic = traffic;
        for (const QString& a : attacks) options.attacks.push_back(a.toStdString());

        const Printed full = headless(options, false);
        const Printed summary = headless(options, true);
        QVERIFY2(full.err.empty() && summary.err.empty(), (full.err + summary.err).c_str());
        QCOMPARE(summary.exitCode, full.exitCode);
        // The summary is the full run's header and its closing sections, without the story between.
        const std::size_t sections = summary.out.find("\n── ");
        QVERIFY(sections != std::string::npos);
        const std::string header = summary.out.substr(0, sections);
        const std::string closing = summary.out.substr(sections);
        QVERIFY2(closing.rfind("\n── Attacks\n", 0) == 0 || closing.rfind("\n── Counters\n", 0) == 0, closing.c_str());
        QVERIFY(closing.find("\n── Outcome\n") != std::string::npos);
        QVERIFY(full.out.size() > summary.out.size());
        QCOMPARE(full.out.substr(0, header.size()), header);
        QCOMPARE(full.out.substr(full.out.size() - closing.size()), closing);
        // ... and the story is really left out.
        QVERIFY(summary.out.find("── 1. interesting traffic") == std::string::npos);
        QVERIFY(full.out.find("── 1. interesting traffic") != std::string::npos);
        if (!attacks.isEmpty()) QVERIFY(closing.find("WAN packet #") != std::string::npos);
    }

    // The timeline of a lab without history: the last step's events kept, every event counted (as
    // many as the full run's), the steps' count right.
    void timelineForgetsButCounts() {
        lab::LabOptions full;
        full.seed = 4;
        full.trafficCount = 300;
        full.attacks.push_back(*lab::AttackSpec::parse("replay:seq=7"));
        lab::LabOptions forgetting = full;
        forgetting.retention.history = false;
        forgetting.retention.capture = false;
        auto a = makeLab(builtin("main-quick"), full);
        auto b = makeLab(builtin("main-quick"), forgetting);
        QVERIFY(runToEnd(*a));
        QVERIFY(runToEnd(*b));
        QCOMPARE(b->timeline().size(), a->timeline().size());
        QCOMPARE(b->stepCount(), a->stepCount());
        QCOMPARE(b->stepsIn(b->timeline().size()), b->stepCount());
        QCOMPARE(a->timeline().first(), std::size_t{0});
        QVERIFY(b->timeline().first() > a->timeline().size() - 20);
        QCOMPARE(b->stepsIn(b->timeline().first()), b->stepCount() - 1); // the last step's events are kept
        QCOMPARE(b->timeline().back().id, std::string("outcome"));
        QVERIFY(b->timeline().find("outcome"));
        QVERIFY(!b->timeline().find("lab.started"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, b->timeline().at(0));
        // The frames are numbered as they came, none kept.
        QCOMPARE(b->capture().packetCount(), std::size_t{0});
        QVERIFY(a->capture().packetCount() > 6 * 300);
        QCOMPARE(lab::TextReport::attacks(*b), lab::TextReport::attacks(*a));
        // The story of what is kept can still be told.
        lab::TextReport report;
        QVERIFY(report.newEvents(b->timeline()).find("outcome") != std::string::npos);

        // Without history but with the capture, the lab writes every frame as it comes, and its
        // export is the full run's file, not the frames of the events it still holds.
        lab::LabOptions capturing = forgetting;
        capturing.retention.capture = true;
        auto c = makeLab(builtin("main-quick"), capturing);
        QVERIFY(runToEnd(*c));
        QTemporaryDir dir;
        const QString fullPath = dir.filePath("full.pcapng"), forgettingPath = dir.filePath("forgetting.pcapng");
        QVERIFY(a->exportCapture(fullPath.toStdString()));
        QVERIFY(c->exportCapture(forgettingPath.toStdString()));
        QFile fullFile(fullPath), forgettingFile(forgettingPath);
        QVERIFY(fullFile.open(QIODevice::ReadOnly) && forgettingFile.open(QIODevice::ReadOnly));
        QVERIFY2(fullFile.readAll() == forgettingFile.readAll(), "a lab without history exports another capture");
    }
};

QTEST_GUILESS_MAIN(TestLabRetention)
#include "tst_lab_retention.moc"
