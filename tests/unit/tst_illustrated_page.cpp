// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Illustrated page (issue 19) as a file: the same run gives the same bytes; it asks for nothing
// over the network (no URL with a scheme or a host in any attribute, no external script or style)
// and its Content-Security-Policy allows exactly its own inline scripts and styles by their hashes;
// one arrow and one section per WAN datagram, each field's bytes inside its layer, a replayed IKE
// message without a decrypted view it never had; the anti-replay steps as the receiver's window was;
// a seed's page differs from another seed's; each "verify it yourself" line of both sites' chains
// (g^xy too) recomputes its value, and each input links to the latest value of its id; a path that
// cannot be written is refused by name. The browser test (tests/browser) checks what the page does.

#include <QCryptographicHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "LabTestSupport.h"
#include "page/IllustratedHtml.h"
#include "page/IllustratedMessages.h"
#include "page/IllustratedPage.h"

using namespace ipseclab;
using namespace ipseclab::test;

namespace {

std::unique_ptr<lab::Lab> ranLab(lab::Scenario scenario, std::uint64_t seed, std::vector<std::string> attacks = {}) {
    lab::LabOptions options;
    options.seed = seed;
    for (const std::string& a : attacks) options.attacks.push_back(*lab::AttackSpec::parse(a));
    const std::string name = scenario.name;
    auto l = makeLab(std::move(scenario), options);
    if (!runToEnd(*l)) qFatal("%s seed %llu did not run to its end", name.c_str(), (unsigned long long)seed);
    return l;
}

std::string pageOf(const std::string& scenario, std::uint64_t seed, std::vector<std::string> attacks = {}) {
    return page::illustratedPage(*ranLab(builtin(scenario), seed, std::move(attacks)));
}

// main-quick with elliptic curves: ECP-384 in phase 1, ECP-256 for Quick Mode's PFS.
lab::Scenario ellipticScenario() {
    lab::Scenario s = builtin("main-quick");
    for (lab::SiteSettings* site : {&s.siteA, &s.siteB}) {
        site->ikeProposals = {"aes128-sha256-ecp384"};
        site->childProposals = {"aes128-sha1-ecp256"};
    }
    return s;
}

QString unescape(QString text) {
    text.replace(QStringLiteral("&#39;"), QStringLiteral("'")).replace(QStringLiteral("&quot;"), "\"");
    text.replace(QStringLiteral("&lt;"), "<").replace(QStringLiteral("&gt;"), ">");
    return text.replace(QStringLiteral("&amp;"), "&");
}

// Runs a "verify it yourself" command line as a student pastes it into a shell, and returns what it
// printed. Nothing in it may be expanded by the shell: it goes to sh as typed.
QString runVerifyLine(const QString& escaped) {
    const QString command = unescape(escaped);
    if (!command.startsWith(QStringLiteral("python3 -c \"")) || !command.endsWith('"') ||
        command.mid(12).chopped(1).contains(QRegularExpression(QStringLiteral("[\"$`!\\\\]"))))
        return QStringLiteral("not a plain python3 -c line: ") + command;
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    if (!shell.waitForFinished(20000) || shell.exitCode() != 0)
        return QStringLiteral("failed: ") + QString::fromLocal8Bit(shell.readAllStandardError());
    return QString::fromLatin1(shell.readAllStandardOutput()).trimmed();
}

std::size_t wanFrames(const std::string& scenario, std::uint64_t seed) {
    lab::LabOptions options;
    options.seed = seed;
    auto l = makeLab(builtin(scenario), options);
    runToEnd(*l);
    std::size_t n = 0;
    for (const lab::LabEvent& e : l->timeline())
        if (const auto* r = e.as<lab::PacketRecord>(); r && r->interface == lab::Interface::Wan && !r->packet.empty())
            ++n;
    return n;
}

int count(const QString& text, const QString& pattern) { return int(text.count(QRegularExpression(pattern))); }

} // namespace

class TestIllustratedPage : public QObject {
    Q_OBJECT

private slots:
    void sameRunSameBytes_data() {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("main-quick seed 1") << quint64{1};
        QTest::newRow("main-quick seed 7") << quint64{7};
    }
    void sameRunSameBytes() {
        QFETCH(quint64, seed);
        const std::string first = pageOf("main-quick", seed);
        const std::string second = pageOf("main-quick", seed);
        QVERIFY(first == second);
        QVERIFY2(first.size() < 1024 * 1024, qPrintable(QString::number(first.size()))); // issue 19: under 1 MB
    }

    void seedsDiffer() { QVERIFY(pageOf("main-quick", 1) != pageOf("main-quick", 7)); }

    void asksForNothingOverTheNetwork_data() { sameRunSameBytes_data(); }
    void asksForNothingOverTheNetwork() {
        QFETCH(quint64, seed);
        const QString html = QString::fromStdString(pageOf("main-quick", seed, {"replay:seq=2"}));
        // No address with a scheme or a host, anywhere (not even in a text: nothing to click away to).
        QCOMPARE(count(html, QStringLiteral("(?i)\\b(https?|ftp|wss?):")), 0);
        QCOMPARE(count(html, QStringLiteral("(?i)\\b(src|href|action|srcset|poster|data)\\s*=\\s*[\"']?\\s*//")), 0);
        // Every link stays in the page; nothing is loaded from elsewhere.
        QCOMPARE(count(html, QStringLiteral("(?i)\\bhref\\s*=\\s*\"(?!#)")), 0);
        QCOMPARE(count(html, QStringLiteral("(?i)\\bsrc\\s*=")), 0);
        QCOMPARE(count(html, QStringLiteral("(?i)<link\\b|@import|url\\(|<iframe|<object|<embed")), 0);
        QCOMPARE(count(html, QStringLiteral("(?i)fetch\\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource")), 0);
        QVERIFY(html.contains(QStringLiteral("default-src 'none'"))); // the browser refuses any load as well
    }

    // The Content-Security-Policy, first in the head, names the SHA-256 of each inline script and
    // style element the page has, and allows nothing else: no 'unsafe-inline', and no style
    // attribute (a hash cannot allow one: the browser would refuse it and say so).
    void policyHashesEveryInlineScriptAndStyle() {
        const QString html = QString::fromStdString(pageOf("main-quick", 1, {"replay:seq=2"}));
        const QRegularExpression meta(QStringLiteral("<head><meta charset=\"utf-8\"><meta "
                                                     "http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">"));
        const auto policy = meta.match(html);
        QVERIFY(policy.hasMatch());
        QVERIFY(!policy.captured(1).contains(QStringLiteral("unsafe")));
        QVERIFY(policy.captured(1).startsWith(QStringLiteral("default-src 'none'; ")));
        for (const char* tag : {"style", "script"}) {
            QStringList expected;
            const QRegularExpression element(QStringLiteral("<%1(?: [^>]*)?>(.*?)</%1>").arg(tag),
                                             QRegularExpression::DotMatchesEverythingOption);
            for (auto it = element.globalMatch(html); it.hasNext();)
                expected << "'sha256-" +
                                QCryptographicHash::hash(it.next().captured(1).toUtf8(), QCryptographicHash::Sha256)
                                    .toBase64() +
                                "'";
            QVERIFY(!expected.isEmpty());
            const QRegularExpression directive(QStringLiteral("(?:^|; )%1-src ([^;]+)").arg(tag));
            QCOMPARE(directive.match(policy.captured(1)).captured(1).split(' '), expected);
        }
        QCOMPARE(count(html, QStringLiteral("(?i)<[a-z][^>]*\\sstyle\\s*=")), 0);
    }

    // The anti-replay section: each packet's step carries the window after it as the receiver had
    // it. The replayed copy of ESP seq 2 is a duplicate that met a window holding 2; every step's
    // left edge follows its right edge; each SA's last step ends at the right edge the lab reports.
    void replayStepsFollowTheReceiversWindow() {
        auto l = ranLab(builtin("main-quick"), 1, {"replay:seq=2"});
        const QString html = QString::fromStdString(page::illustratedPage(*l));
        const QRegularExpression sa(
            QStringLiteral("<div class=\"sa\" id=\"w\\d+\" data-size=\"(\\d+)\"><h3>ESP (\\S+), "
                           "received by Site ([AB])(.*?)</ol></div>"));
        const QRegularExpression step(QStringLiteral("<li class=\"v-(\\w+)( attack)?\" data-seq=\"(\\d+)\" "
                                                     "data-prev=\"(\\d+)\" data-right=\"(\\d+)\" data-left=\"(\\d+)\" "
                                                     "data-bits=\"([0-9a-f]+)\">"));
        int sas = 0, duplicates = 0;
        for (auto it = sa.globalMatch(html); it.hasNext();) {
            const auto s = it.next();
            ++sas;
            const quint64 size = s.captured(1).toULongLong();
            quint64 right = 0;
            for (auto st = step.globalMatch(s.captured(4)); st.hasNext();) {
                const auto m = st.next();
                QCOMPARE(m.captured(4).toULongLong(), right); // the edge the packet met
                right = m.captured(5).toULongLong();
                const quint64 left = right >= size ? right - size + 1 : 1;
                QCOMPARE(m.captured(6).toULongLong(), left);
                QCOMPARE(quint64(m.captured(7).size()), size / 4);
                if (m.captured(1) == "dup") {
                    ++duplicates;
                    QCOMPARE(m.captured(3), QStringLiteral("2"));
                    QVERIFY(!m.captured(2).isEmpty()); // the attack's copy
                    const quint64 cell = 2 - left;     // its cell holds a received number
                    QVERIFY((QString(m.captured(7)[int(cell / 4)]).toUInt(nullptr, 16) >> (3 - cell % 4)) & 1);
                }
            }
            bool reported = false;
            for (const lab::SaReport& r : l->saReports())
                if (r.inbound && r.name == s.captured(2).toStdString() &&
                    lab::siteName(r.site) == s.captured(3).toStdString()) {
                    QCOMPARE(right, r.rightEdge.value_or(0));
                    reported = true;
                }
            QVERIFY2(reported, qPrintable(s.captured(2)));
        }
        QCOMPARE(sas, 2); // A2B at Site B, B2A at Site A
        QCOMPARE(duplicates, 1);
    }

    // A replayed IKE message is ignored by its receiver without being decrypted: its datagram shows
    // the wire alone, the original beside what the receiver decrypted.
    void replayedIkeMessageShowsNoDecryptedLayer() {
        auto l = ranLab(builtin("main-quick"), 1, {"replay-ike:msg=MM5"});
        int originals = 0, copies = 0;
        for (const page::PageMessage& m : page::pageMessages(l->timeline()).shown) {
            if (m.datagramId != "MM5") continue;
            if (m.attack) ++copies;
            else ++originals;
            QCOMPARE(m.layers.size(), m.attack ? 1u : 2u);
        }
        QCOMPARE(originals, 1);
        QVERIFY(copies >= 1);
    }

    void oneArrowAndOneSectionPerDatagram_data() { sameRunSameBytes_data(); }
    void oneArrowAndOneSectionPerDatagram() {
        QFETCH(quint64, seed);
        const QString html = QString::fromStdString(pageOf("main-quick", seed));
        const int frames = int(wanFrames("main-quick", seed));
        QVERIFY(frames >= 15); // 9 IKE messages and 3 echoes each way
        QCOMPARE(count(html, QStringLiteral("<a class=\"arrow ")), frames);
        QCOMPARE(count(html, QStringLiteral("<section class=\"msg\"")), frames);
        for (int m = 1; m <= frames; ++m) QVERIFY(html.contains(QStringLiteral("href=\"#m%1\" data-m=\"%1\"").arg(m)));
        QVERIFY(html.contains(QStringLiteral("Decrypted by gateway B (payloads and padding)"))); // MM5, QM1, QM3
        QVERIFY(html.contains(QStringLiteral("<code class=\"fk\" title=\"Wireshark display filter\">isakmp.nonce"
                                             "</code>")));
        QVERIFY(html.contains(QStringLiteral("<code class=\"fk\" title=\"Wireshark display filter\">esp.sequence"
                                             "</code>")));
        QVERIFY(html.contains(QStringLiteral("id=\"d-SKEYID_e\""))); // the key derivation chains
        QVERIFY(html.contains(QStringLiteral("id=\"dB-SKEYID_e\"")));
    }

    // A flood's page draws the first kMaxPageMessages datagrams and says how many more the capture
    // has: with every one it would take gigabytes (about 10 KB of HTML per datagram).
    void longRunIsCapped() {
        lab::Scenario scenario = builtin("main-quick");
        scenario.traffic.count = 1500; // an echo's request and reply: 3,000 ESP packets
        const QString html = QString::fromStdString(page::illustratedPage(*ranLab(scenario, 1)));
        const int shown = int(page::kMaxPageMessages);
        QCOMPARE(count(html, QStringLiteral("<a class=\"arrow ")), shown);
        QCOMPARE(count(html, QStringLiteral("<section class=\"msg\"")), shown);
        const QRegularExpression note(QStringLiteral("shows the first %1 of them; the other (\\d+) are in").arg(shown));
        const auto match = note.match(html);
        QVERIFY2(match.hasMatch(), "the page does not say that datagrams were left out");
        QVERIFY(match.captured(1).toInt() > 3000 - shown); // the echoes' 3,000 and the exchange's
        QVERIFY(html.contains(QStringLiteral(" · %1 datagrams on the WAN").arg(shown + match.captured(1).toInt())));
    }

    // A flood's packets after its first are summed up under it, by what became of them: one section
    // and one arrow for the flood, a row "… and N more", and the count in the page's top note. Each
    // flood has its group; the packets around them stay one by one.
    void floodsAreGroupedWithCounts() {
        const auto l = ranLab(builtin("main-quick"), 1, {"flood:replay=3000", "flood:forge=500"});
        const page::PageMessages wan = page::pageMessages(l->timeline());
        const std::string html = page::illustratedPage(*l);
        const auto plain = wanFrames("main-quick", 1);
        QCOMPARE(wan.total, plain + 3500);
        QCOMPARE(wan.grouped, std::size_t{3500 - 2});
        QCOMPARE(wan.shown.size(), plain + 2);
        std::size_t groups = 0, summed = 0;
        for (const page::PageMessage& m : wan.shown) {
            if (!m.group.more) continue;
            ++groups;
            summed += m.group.more;
            std::size_t fates = 0;
            for (const auto& [fate, n] : m.group.fates) fates += n;
            QCOMPARE(fates, m.group.more);
            QVERIFY(m.attack && m.group.attack.find("flood:") != std::string::npos);
            const std::string note = "The first packet of " + page::escapeHtml(m.group.attack) + ". The " +
                                     std::to_string(m.group.more) + " after it";
            QVERIFY2(html.find(note) != std::string::npos, note.c_str());
            for (const auto& [fate, n] : m.group.fates) {
                const std::string said = std::to_string(n) + " " + page::escapeHtml(fate);
                QVERIFY2(html.find(said) != std::string::npos, said.c_str());
            }
        }
        QCOMPARE(groups, std::size_t{2});
        QCOMPARE(summed, wan.grouped);
        const QString text = QString::fromStdString(html);
        QCOMPARE(count(text, QStringLiteral("<a class=\"arrow ")), int(wan.shown.size()));
        QCOMPARE(count(text, QStringLiteral("<a class=\"grouprow\"")), 2);
        QVERIFY(text.contains(QStringLiteral("3498 packets of floods are summed up with each flood's first.")));
        // The replay flood's 3,000 replay packets already received: each after the first is a duplicate.
        QVERIFY(text.contains(QStringLiteral("2999 dropped (duplicate")));
        QVERIFY(html.size() < 1'000'000); // 3,500 one by one: about 35 MB
    }

    // Each field's bytes lie inside its layer, so the page can tie every byte to a field.
    void everyFieldInsideItsLayer() {
        const QString html = QString::fromStdString(pageOf("main-quick", 1));
        const QRegularExpression layer(QStringLiteral("<div class=\"layer\".*?<div class=\"hex\"[^>]*>(.*?)</div>"));
        const QRegularExpression field(QStringLiteral("<li class=\"f d\\d\"[^>]* data-o=\"(\\d+)\" data-l=\"(\\d+)\""));
        int layers = 0, fields = 0;
        for (auto it = layer.globalMatch(html); it.hasNext();) {
            const auto match = it.next();
            const int bytes = int(match.captured(1).count(QStringLiteral("<i>")));
            QVERIFY(bytes > 0);
            ++layers;
            for (auto f = field.globalMatch(match.captured(0)); f.hasNext();) {
                const auto fm = f.next();
                QVERIFY2(fm.captured(1).toInt() + fm.captured(2).toInt() <= bytes, qPrintable(fm.captured(0)));
                ++fields;
            }
        }
        QVERIFY(layers > 15);
        QVERIFY(fields > 300);
    }

    // "Verify it yourself": every derived value of both sites' chains has its line of Python, and
    // each line, run, prints the value the page shows.
    void verifyLinesRecomputeEveryValue_data() { sameRunSameBytes_data(); }
    void verifyLinesRecomputeEveryValue() {
        QFETCH(quint64, seed);
        const QString html = QString::fromStdString(pageOf("main-quick", seed));
        const QRegularExpression item(QStringLiteral("<li class=\"derived\" id=\"([^\"]+)\"><p><b>[^<]*</b> = "
                                                     "[^\\n]*?<p class=\"value\">([0-9a-f ]*)</p><ul class=\"inputs\">"
                                                     ".*?</ul>(<details.*?</details>)?</li>"));
        const QRegularExpression line(QStringLiteral("<details class=\"verify\">.*?<code>(.*?)</code>"));
        int derived = 0, siteB = 0;
        for (auto it = item.globalMatch(html); it.hasNext();) {
            const auto match = it.next();
            ++derived;
            if (match.captured(1).startsWith(QStringLiteral("dB-"))) ++siteB;
            const auto verify = line.match(match.captured(3));
            QVERIFY2(verify.hasMatch(), qPrintable(match.captured(1) + " has no verify line"));
            QCOMPARE(runVerifyLine(verify.captured(1)), match.captured(2).remove(' '));
        }
        QVERIFY2(siteB >= 20 && derived - siteB >= 20, qPrintable(QString::number(siteB))); // both chains whole
    }

    // g^xy of each site, each Diffie-Hellman exchange (phase 1 and Quick Mode's PFS), from MODP and
    // elliptic groups: its lines of Python recompute it from the private value and the peer's public
    // value the page shows.
    void dhVerifyLinesRecomputeTheSharedSecret_data() {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("pfs (MODP-2048 twice)") << "pfs";
        QTest::newRow("ECP-384 and ECP-256") << "elliptic";
    }
    void dhVerifyLinesRecomputeTheSharedSecret() {
        QFETCH(QString, scenario);
        const lab::Scenario s = scenario == "elliptic" ? ellipticScenario() : builtin(scenario.toStdString());
        const QString html = QString::fromStdString(page::illustratedPage(*ranLab(s, 7)));
        const QRegularExpression item(QStringLiteral("<li class=\"derived dh\" id=\"(d[^\"]+)\">.*?"
                                                     "<span class=\"value shared\">([0-9a-f ]+)</span></p>"
                                                     "<details class=\"verify\">.*?<code>(.*?)</code>"),
                                      QRegularExpression::DotMatchesEverythingOption);
        QStringList checked;
        for (auto it = item.globalMatch(html); it.hasNext();) {
            const auto match = it.next();
            QCOMPARE(runVerifyLine(match.captured(3)), match.captured(2).remove(' '));
            checked << match.captured(1);
        }
        QCOMPARE(checked, QStringList({"d-g^xy", "d-g(qm)^xy", "dB-g^xy", "dB-g(qm)^xy"}));
    }

    // An input (or a prf's key) named by a value's id links to the value of that id derived last
    // before it — a second Quick Mode's values repeat ids — and every such link lands.
    void inputLinksNameTheLatestValue_data() {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("main-quick") << "main-quick";
        QTest::newRow("pfs") << "pfs";
    }
    void inputLinksNameTheLatestValue() {
        QFETCH(QString, scenario);
        const QString html = QString::fromStdString(pageOf(scenario.toStdString(), 1));
        QStringList anchors; // in the page's order
        QString pending;     // the item being read
        const QRegularExpression piece(
            QStringLiteral("<li class=\"derived[^\"]*\" id=\"([^\"]+)\"|<a href=\"#(d[^\"]*)\">"));
        int links = 0;
        for (auto it = piece.globalMatch(html); it.hasNext();) {
            const auto match = it.next();
            if (!match.captured(1).isEmpty()) { // a value's item: its own links name earlier values only
                if (!pending.isEmpty()) anchors << pending;
                pending = unescape(match.captured(1));
                continue;
            }
            const QString target = unescape(match.captured(2));
            const QString base = target.section('~', 0, 0);
            QString latest; // the anchor of that id derived last before this link
            for (const QString& a : anchors)
                if (a.section('~', 0, 0) == base) latest = a;
            QCOMPARE(target, latest);
            ++links;
        }
        QVERIFY(links > 20);
    }

    void unwritablePathIsNamed() {
        auto l = makeLab(builtin("main-quick"));
        QVERIFY(runToEnd(*l));
        const auto written = page::writeIllustratedPage(*l, "/nonexistent-folder/page.html");
        QVERIFY(!written);
        QVERIFY(written.error().message.find("/nonexistent-folder/page.html") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestIllustratedPage)
#include "tst_illustrated_page.moc"
