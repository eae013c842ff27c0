// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The command-line contract (README "Command line"), through the real program: --list-scenarios,
// --help, --version, every ready-made scenario to its designed end, the readable output, the
// expected-verdict table of --attack below --traffic 20, --pcap, --keys and --html, and the exit status
// (0 as designed, 1 not, 2 bad usage or bad input with a message naming the file, key and problem).

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "ProgramRun.h"
#include "TestData.h"

namespace {

const QString kProgram = QStringLiteral(IPSECLAB_EXECUTABLE);

using Run = ipseclab::test::ProgramRun;

Run run(const QStringList& arguments) { return ipseclab::test::runProgram(kProgram, arguments, 60000); }

QString tail(const QString& text) { return text.right(3000); }

// "  attack 1  replay:seq=5  verdicts: duplicate  (...)" -> "duplicate".
QString verdictsOf(const QString& out, int attack) {
    const QRegularExpression line(QString("^  attack %1  \\S+  verdicts: (.*?)(?:  \\(|$)").arg(attack),
                                  QRegularExpression::MultilineOption);
    const auto m = line.match(out);
    return m.hasMatch() ? m.captured(1).trimmed() : QString("(no attack line)");
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void listScenarios() {
        const Run r = run({"--list-scenarios"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 15);
        QVERIFY(lines[0].startsWith("main-quick\tMain Mode aes128-sha1-modp2048"));
        for (const QString& line : lines) {
            const QStringList parts = line.split('\t');
            QCOMPARE(parts.size(), 2);
            QVERIFY(!parts[0].isEmpty() && parts[1].size() > 20);
        }
    }

    void helpAndVersion() {
        const Run help = run({"--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char* option : {"--headless", "--scenario", "--seed", "--pcap", "--keys", "--traffic", "--attack",
                                   "--summary", "--list-scenarios", "--version", "forge:seq=+D", "inject:src=ADDR",
                                   "replay-ike:msg=MM3", "spoof-info:msg=QM1"})
            QVERIFY2(help.out.contains(option), option);
        const Run version = run({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith("IPsec Lab 0."), qPrintable(version.out));
    }

    // The default run: main-quick, seed 1, every message and derived value in a readable line.
    void defaultRunIsReadable() {
        const Run r = run({"--headless"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("IPsec Lab — scenario main-quick, seed 1\n"));
        for (const char* part :
             {"MM1 · SA proposals", "MM5 · IDii, HASH_I (encrypted)", "QM3 · HASH(3) (encrypted)",
              "SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 0x01)", "g^xy · Diffie-Hellman", "KEYMAT.ESP.",
              "ESP seq 1 · accepted", "echo reply #3 reached host A", "── 2. IKE phase 1", "── 4. data transfer",
              "── Counters", "legitimate packets rejected: 0", "established as designed"})
            QVERIFY2(r.out.contains(QString::fromUtf8(part)), part);
        // Names and short hex, not a hex flood.
        QVERIFY(!r.out.contains(QRegularExpression("[0-9a-f]{65,}")));
        for (const QString& line : r.out.split('\n')) QVERIFY2(line.size() < 400, qPrintable(line));
        // Every message of both sites is there, sent and received.
        for (const char* m : {"MM1", "MM2", "MM3", "MM4", "MM5", "MM6", "QM1", "QM2", "QM3"}) {
            QVERIFY2(r.out.count(QRegularExpression(QString("  [AB]     %1 · ").arg(m))) == 2, m);
        }
        // Same seed, same story.
        QCOMPARE(run({"--headless"}).out, r.out);
        const Run seeded = run({"--headless", "--seed", "5"});
        QCOMPARE(seeded.exitCode, 0);
        QVERIFY(seeded.out.startsWith("IPsec Lab — scenario main-quick, seed 5\n"));
        QVERIFY(seeded.out != r.out);
    }

    void everyScenarioReachesItsDesignedEnd_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : {"main-quick", "aggressive", "pfs", "nat", "ah", "ah-through-nat", "transport", "gcm",
                                 "esn-wrap", "wrong-psk-main", "wrong-psk-aggressive", "no-proposal",
                                 "pfs-initiator-only", "pfs-responder-only", "proxy-id-mismatch"})
            QTest::newRow(name) << QString(name);
    }
    void everyScenarioReachesItsDesignedEnd() {
        QFETCH(QString, name);
        const Run r = run({"--headless", "--scenario", name});
        QVERIFY2(r.exitCode == 0, qPrintable(tail(r.out) + r.err));
        QVERIFY(r.out.contains("── Outcome\n  established as designed") ||
                r.out.contains("── Outcome\n  failed as designed"));
    }

    // The expected-verdict table, below the traffic of --traffic 20 (window 64).
    void verdictTable_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("verdicts");
        QTest::newRow("replay") << "replay:seq=5"
                                << "duplicate";
        QTest::newRow("duplicate") << "duplicate"
                                   << "duplicate";
        QTest::newRow("reorder") << "reorder:span=3"
                                 << "accepted";
        QTest::newRow("delay") << "delay:seq=1"
                               << "too old";
        QTest::newRow("drop") << "drop:seq=3"
                              << "none";
        QTest::newRow("flip spi") << "flip:spi"
                                  << "unknown SPI";
        QTest::newRow("flip seq") << "flip:seq"
                                  << "bad ICV";
        QTest::newRow("flip payload") << "flip:payload"
                                      << "bad ICV";
        QTest::newRow("flip icv") << "flip:icv"
                                  << "bad ICV";
        QTest::newRow("flip icv bit") << "flip:icv:bit=95:at=7"
                                      << "bad ICV";
        QTest::newRow("truncate") << "truncate:bytes=4"
                                  << "malformed";
        QTest::newRow("unknown spi") << "unknown-spi"
                                     << "unknown SPI";
        QTest::newRow("forge") << "forge:seq=+100000"
                               << "bad ICV";
        QTest::newRow("inject") << "inject:src=192.0.2.66"
                                << "policy mismatch";
        QTest::newRow("replay ike") << "replay-ike:msg=MM3"
                                    << "n/a (IKE)";
        // A flood's verdicts are counted: 20 packets sent, all inside the window of 64.
        QTest::newRow("flood replay") << "flood:replay=1000"
                                      << "duplicate 1000 (1000 packets)";
        QTest::newRow("flood forge") << "flood:forge=1000:spread=50"
                                     << "bad ICV 1000 (1000 packets)";
    }
    void verdictTable() {
        QFETCH(QString, spec);
        QFETCH(QString, verdicts);
        const Run r = run({"--headless", "--traffic", "20", "--attack", spec});
        QVERIFY2(r.exitCode == 0, qPrintable(tail(r.out) + r.err));
        QCOMPARE(verdictsOf(r.out, 1), verdicts);
        QVERIFY(r.out.contains("  legitimate packets rejected: 0\n"));
        if (spec.startsWith("forge") || spec.startsWith("flood")) QVERIFY(r.out.contains("right edge 20 → 20"));
        // The injected packet is authentic: the window moves before the policy check drops it.
        if (spec.startsWith("inject")) QVERIFY(r.out.contains("right edge 20 → 21"));
        if (spec.startsWith("delay")) QVERIFY(r.out.contains("after 70 more A→B packets"));
    }

    // The command of issue 18: ten thousand replays, the summary counting their verdicts.
    void floodSummary() {
        const Run r = run({"--headless", "--scenario", "main-quick", "--seed", "1", "--attack", "flood:replay=10000"});
        QVERIFY2(r.exitCode == 0, qPrintable(tail(r.out) + r.err));
        QCOMPARE(verdictsOf(r.out, 1), QString("duplicate 10000 (10000 packets)"));
        QVERIFY(r.out.contains("back-to-back at 100 Mbit/s"));
        QVERIFY(r.out.contains("  legitimate packets rejected: 0\n"));
    }

    void severalAttacks() {
        const Run r = run({"--headless", "--traffic", "20", "--attack", "replay:seq=5", "--attack", "forge:seq=+100000",
                           "--attack", "drop-ike:msg=MM3"});
        QVERIFY2(r.exitCode == 0, qPrintable(tail(r.out) + r.err));
        QCOMPARE(verdictsOf(r.out, 1), QString("duplicate"));
        QCOMPARE(verdictsOf(r.out, 2), QString("bad ICV"));
        QVERIFY(r.out.contains("retransmission · MM3"));
    }

    // --summary: the header and the closing sections of the full run, without the story between.
    void summaryOnly() {
        const QStringList arguments{"--headless", "--seed", "2", "--traffic", "20", "--attack", "replay:seq=5"};
        const Run full = run(arguments);
        const Run summary = run(QStringList(arguments) << "--summary");
        QVERIFY2(summary.exitCode == 0, qPrintable(summary.out + summary.err));
        QVERIFY(summary.out.startsWith("IPsec Lab — scenario main-quick, seed 2\n"));
        QVERIFY(!summary.out.contains("MM1 · SA proposals"));
        QCOMPARE(verdictsOf(summary.out, 1), QString("duplicate"));
        const qsizetype closing = summary.out.indexOf(QString::fromUtf8("\n── Attacks\n"));
        QVERIFY(closing > 0);
        QVERIFY(full.out.startsWith(summary.out.left(closing)));
        QVERIFY(full.out.endsWith(summary.out.mid(closing)));
    }

    void pcapAndKeys() {
        QTemporaryDir dir;
        const QString pcap = dir.filePath("lab.pcapng");
        const QString keys = dir.filePath("keys");
        const Run r = run({"--headless", "--scenario", "gcm", "--pcap", pcap, "--keys", keys});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(pcap));
        QCOMPARE(QDir(keys).entryList(QDir::Files, QDir::Name), (QStringList{"esp_sa", "ikev1_decryption_table"}));
        QFile esp(keys + "/esp_sa");
        QVERIFY(esp.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = esp.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].contains("\"AES-GCM with 16 octet ICV [RFC4106]\""));
        // Seed 1, same bytes as the golden capture for main-quick.
        const QString again = dir.filePath("mq.pcapng");
        QCOMPARE(run({"--headless", "--pcap", again}).exitCode, 0);
        QFile produced(again), golden(ipseclab::test::sourceDir() + "/tests/data/golden/main-quick-seed1.pcapng");
        QVERIFY(produced.open(QIODevice::ReadOnly) && golden.open(QIODevice::ReadOnly));
        QVERIFY(produced.readAll() == golden.readAll());
    }

    // --html (issue 19): the Illustrated page, the same bytes each time; without --headless too (it
    // implies it); a lesson's lab.
    void htmlPage() {
        QTemporaryDir dir;
        const QString first = dir.filePath("first.html"), second = dir.filePath("second.html");
        const Run r = run({"--headless", "--scenario", "main-quick", "--seed", "7", "--html", first});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("  page: " + first));
        QCOMPARE(run({"--scenario", "main-quick", "--seed", "7", "--html", second}).exitCode, 0);
        QFile a(first), b(second);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray page = a.readAll();
        QVERIFY(page.startsWith("<!DOCTYPE html>") && page.contains("scenario main-quick, seed 7"));
        QVERIFY(page == b.readAll());
        const QString lesson = dir.filePath("lesson.html");
        const Run l = run({"--headless", "--lesson", "1", "--html", lesson});
        QVERIFY2(l.exitCode == 0, qPrintable(l.err));
        QVERIFY(QFile::exists(lesson));
    }

    // A lesson whose folder's glossary does not load: the page is written all the same, and stderr
    // names the glossary's file and what is wrong with it.
    void htmlPageOfALessonWithABadGlossary() {
        QTemporaryDir dir;
        QVERIFY(
            QFile::copy(ipseclab::test::sourceDir() + "/lessons/03-main-mode.json", dir.filePath("03-main-mode.json")));
        QFile glossary(dir.filePath("glossary.json"));
        QVERIFY(glossary.open(QIODevice::WriteOnly));
        glossary.write("[1, 2");
        glossary.close();
        const QString page = dir.filePath("lesson.html");
        const Run r = run({"--headless", "--lesson", dir.filePath("03-main-mode.json"), "--html", page});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(page));
        QVERIFY2(r.err.contains("the page links no glossary terms: " + dir.filePath("glossary.json")),
                 qPrintable(r.err));
    }

    void exitTwoForBadInput_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("fileContent"); // written to FILE and substituted for it
        QTest::addColumn<QStringList>("says");
        QTest::newRow("unknown scenario") << QStringList{"--headless", "--scenario", "no-such"} << QString()
                                          << QStringList{"unknown scenario \"no-such\"", "main-quick"};
        QTest::newRow("malformed file") << QStringList{"--headless", "--scenario", "FILE"}
                                        << "{\n  \"seed\": 1,\n  oops\n}" << QStringList{"bad.json: ", "line 3"};
        QTest::newRow("bad key") << QStringList{"--headless", "--scenario", "FILE"}
                                 << R"({"siteA": {"esp": ["aes128-sha7"]}})"
                                 << QStringList{"bad.json: key /siteA/esp/0: ", "\"sha7\""};
        QTest::newRow("bad attack") << QStringList{"--headless", "--attack", "flip:nothing"} << QString()
                                    << QStringList{"--attack flip:nothing", "\"nothing\""};
        QTest::newRow("bad seed") << QStringList{"--headless", "--seed", "x"} << QString() << QStringList{"--seed x"};
        QTest::newRow("bad traffic") << QStringList{"--headless", "--traffic", "-3"} << QString()
                                     << QStringList{"--traffic -3"};
        QTest::newRow("too much traffic") << QStringList{"--headless", "--traffic", "1000001"} << QString()
                                          << QStringList{"--traffic 1000001", "from 0 to 1000000"};
        QTest::newRow("summary of a lesson") << QStringList{"--headless", "--summary", "--lesson", "1"} << QString()
                                             << QStringList{"--summary or --lesson"};
        QTest::newRow("unknown option") << QStringList{"--headless", "--frobnicate"} << QString()
                                        << QStringList{"frobnicate"};
        QTest::newRow("unwritable html") << QStringList{"--headless", "--html", "/nonexistent/dir/x.html"} << QString()
                                         << QStringList{"--html /nonexistent/dir/x.html", "No such file or directory"};
        QTest::newRow("unwritable html of a lesson")
            << QStringList{"--headless", "--lesson", "1", "--html", "/nonexistent/dir/x.html"} << QString()
            << QStringList{"--html /nonexistent/dir/x.html"};
        QTest::newRow("summary as a page")
            << QStringList{"--summary", "--html", "x.html"} << QString() << QStringList{"--summary or --html"};
        QTest::newRow("unwritable pcap") << QStringList{"--headless", "--pcap", "/nonexistent/dir/x.pcapng"}
                                         << QString() << QStringList{"--pcap /nonexistent/dir/x.pcapng"};
    }
    void exitTwoForBadInput() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, fileContent);
        QFETCH(QStringList, says);
        QTemporaryDir dir;
        if (!fileContent.isNull()) {
            QFile f(dir.filePath("bad.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(fileContent.toUtf8());
            arguments.replaceInStrings("FILE", dir.filePath("bad.json"));
        }
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        for (const QString& part : says) QVERIFY2(r.err.contains(part), qPrintable(r.err));
    }

    // A run that does not end as designed exits with 1.
    void exitOneWhenNotAsDesigned() {
        QTemporaryDir dir;
        QFile f(dir.filePath("expects-too-much.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "expects-too-much", "seed": 1, "siteA": {"psk": "one"}, "siteB": {"psk": "two"},
                    "traffic": {"count": 1}, "expect": "established"})");
        f.close();
        const Run r = run({"--headless", "--scenario", f.fileName()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("NOT as designed: the tunnel was never established"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
