// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Illustrated page (issue 19) as a file: the same run gives the same bytes; it asks for nothing
// over the network (no URL with a scheme or a host in any attribute, no external script or style);
// one arrow and one section per WAN datagram, each field's bytes inside its layer; a seed's page
// differs from another seed's; each "verify it yourself" line recomputes its value; a path that cannot be written is
// refused by name. The browser test (tests/browser) checks what the page does.

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "LabTestSupport.h"
#include "page/IllustratedMessages.h"
#include "page/IllustratedPage.h"

using namespace ipseclab;
using namespace ipseclab::test;

namespace {

std::string pageOf(const std::string& scenario, std::uint64_t seed, std::vector<std::string> attacks = {}) {
    lab::LabOptions options;
    options.seed = seed;
    for (const std::string& a : attacks) options.attacks.push_back(*lab::AttackSpec::parse(a));
    auto l = makeLab(builtin(scenario), options);
    if (!runToEnd(*l)) qFatal("%s seed %llu did not run to its end", scenario.c_str(), (unsigned long long)seed);
    return page::illustratedPage(*l);
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
        QVERIFY(html.contains(QStringLiteral("id=\"d-SKEYID_e\""))); // the key derivation chain
    }

    // A flood's page draws the first kMaxPageMessages datagrams and says how many more the capture
    // has: with every one it would take gigabytes (about 10 KB of HTML per datagram).
    void longRunIsCapped() {
        const QString html = QString::fromStdString(pageOf("main-quick", 1, {"flood:replay=3000"}));
        const int shown = int(page::kMaxPageMessages);
        QCOMPARE(count(html, QStringLiteral("<a class=\"arrow ")), shown);
        QCOMPARE(count(html, QStringLiteral("<section class=\"msg\"")), shown);
        const QRegularExpression note(QStringLiteral("shows the first %1 of them; the other (\\d+) are in").arg(shown));
        const auto match = note.match(html);
        QVERIFY2(match.hasMatch(), "the page does not say that datagrams were left out");
        QVERIFY(match.captured(1).toInt() > 3000 - shown); // the flood's 3,000 and the exchange's
        QVERIFY(html.contains(QStringLiteral(" · %1 datagrams on the WAN").arg(shown + match.captured(1).toInt())));
    }

    // Each field's bytes lie inside its layer, so the page can tie every byte to a field.
    void everyFieldInsideItsLayer() {
        const QString html = QString::fromStdString(pageOf("main-quick", 1));
        const QRegularExpression layer(QStringLiteral("<div class=\"layer\".*?<div class=\"hex\"[^>]*>(.*?)</div>"));
        const QRegularExpression field(QStringLiteral("<li class=\"f\"[^>]* data-o=\"(\\d+)\" data-l=\"(\\d+)\""));
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

    // "Verify it yourself": every derived value has its line of Python, and each line, run, prints
    // the value the page shows.
    void verifyLinesRecomputeEveryValue_data() { sameRunSameBytes_data(); }
    void verifyLinesRecomputeEveryValue() {
        QFETCH(quint64, seed);
        const QString html = QString::fromStdString(pageOf("main-quick", seed));
        const QRegularExpression item(QStringLiteral("<li class=\"derived\" id=\"([^\"]+)\"><p><b>[^<]*</b> = "
                                                     "[^\\n]*?<p class=\"value\">([0-9a-f ]*)</p><ul class=\"inputs\">"
                                                     ".*?</ul>(<details.*?</details>)?</li>"));
        const QRegularExpression line(QStringLiteral("<details class=\"verify\">.*?<code>(.*?)</code>"));
        int derived = 0;
        for (auto it = item.globalMatch(html); it.hasNext();) {
            const auto match = it.next();
            ++derived;
            const auto verify = line.match(match.captured(3));
            QVERIFY2(verify.hasMatch(), qPrintable(match.captured(1) + " has no verify line"));
            QString command = verify.captured(1);
            command.replace(QStringLiteral("&#39;"), QStringLiteral("'")).replace(QStringLiteral("&quot;"), "\"");
            command.replace(QStringLiteral("&lt;"), "<").replace(QStringLiteral("&gt;"), ">");
            command.replace(QStringLiteral("&amp;"), "&");
            QVERIFY(command.startsWith(QStringLiteral("python3 -c \"")) && command.endsWith('"'));
            QProcess python;
            python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), command.mid(12).chopped(1)});
            QVERIFY(python.waitForFinished(10000));
            QCOMPARE(python.exitCode(), 0);
            QCOMPARE(QString::fromLatin1(python.readAllStandardOutput()).trimmed(), match.captured(2).remove(' '));
        }
        QVERIFY2(derived >= 20, qPrintable(QString::number(derived))); // phase 1, Quick Mode, KEYMAT, IVs
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
