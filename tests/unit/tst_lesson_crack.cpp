// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The offline dictionary attack on Aggressive Mode (lesson 4): the crack finds a weak key from a
// word list and fails on a list without it — against ike-scan's published psk-crack vectors
// (digest §8.6), a real strongSwan exchange (vectors/am-aes128-sha1-modp2048), and the lab's own
// Aggressive Mode, whose nine values it copies off the timeline.

#include <QTest>

#include <algorithm>
#include <string>
#include <vector>

#include "TestData.h"
#include "lab/BuiltinScenarios.h"
#include "lab/Lab.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/PskCrack.h"
#include "lesson/StepActs.h"

using namespace ipseclab;
using namespace ipseclab::lesson;

namespace {

using test::hex;

// ike-scan check-psk-crack-2, MD5 transform, PSK "abc123" (digest §8.6).
AggressiveModeCapture ikeScanMd5() {
    AggressiveModeCapture c;
    c.hash = crypto::HashAlgorithm::Md5;
    c.gxr = hex("5c7916ddf8db4d233b3b36005bb3ccc115a73807e11a897be943fd4a2d0f942624cb00588d8b3a0a26502b73e639df21"
                "7ef6c4cb90f96b0a3c3ef2f62ed025b4a705df9de65e33e380c1ba5fa23bf1f9911bbf388d0844256fa0131fc5cf8acb"
                "396936ba3295b4637b039d93f58db90a3a1cf1ef5051103bacf6e1a3334f9f89");
    c.gxi = hex("fde8c68c5f324c7dbcbadde1d757af6962c63496c009f77cad647f2997fd4295e50821453a6dc2f6279fd7fef6876858"
                "4d9cee0da6e68a534a097ce206bf77ecc798310206f3f82d92d02c885794e0a430ceb2d6b43c2aff45a6e14c6558382d"
                "f0692ff65c2724eef750764ee456f31424a5ebd9e115d826bbb9722111aa4e01");
    c.ckyR = hex("b2a3c7aa4be95e85");
    c.ckyI = hex("756e3fa11c1b102c");
    c.saiB = hex("00000001"
                 "00000001"
                 "0000002c"
                 "01010001"
                 "00000024"
                 "01010000"
                 "80010001"
                 "80020001"
                 "80030001"
                 "80040002"
                 "800b0001"
                 "000c0004"
                 "00007080");
    c.idirB = hex("01000000ac100202");
    c.niB = hex("251d7ace920b17cb34f9d561bca46d037b337d19");
    c.nrB = hex("e045819a64edbf022620bff3efdb935216584cc4");
    c.hashR = hex("b9c594fa3fca6bb30a85c4208a8df348");
    return c;
}

const std::vector<std::string> kWords{"password", "123456", "qwerty", "abc123", "letmein"};
const std::vector<std::string> kWordsWithout{"password", "123456", "qwerty", "letmein", "abc1234", "ABC123"};

} // namespace

class TestLessonCrack : public QObject {
    Q_OBJECT

private slots:
    void findsIkeScanKey() {
        const PskCrackResult r = crackPsk(ikeScanMd5(), kWords);
        QVERIFY(r.key.has_value());
        QCOMPARE(QString::fromStdString(*r.key), QString("abc123"));
        QCOMPARE(r.tried, std::size_t(4));
        QCOMPARE(r.candidates, kWords.size());
        QCOMPARE(QString::fromStdString(r.describe()), QString("found \"abc123\" after 4 of 5 words"));
    }

    void failsWithoutTheKey() {
        const PskCrackResult r = crackPsk(ikeScanMd5(), kWordsWithout);
        QVERIFY(!r.key.has_value());
        QCOMPARE(r.tried, kWordsWithout.size());
        QCOMPARE(QString::fromStdString(r.describe()), QString("no match in 6 words"));
    }

    // One byte of HASH_R changed: the right key no longer matches (the comparison is real).
    void alteredHashMatchesNothing() {
        AggressiveModeCapture c = ikeScanMd5();
        c.hashR[0] ^= 0x01;
        QVERIFY(!crackPsk(c, kWords).key.has_value());
    }

    void pskCrackLineHasNineFields() {
        const std::string line = ikeScanMd5().toPskCrackLine();
        QCOMPARE(QString::fromStdString(line).split(':').size(), 9);
        QVERIFY(line.rfind("5c7916dd", 0) == 0);
        QVERIFY(line.find(":b2a3c7aa4be95e85:756e3fa11c1b102c:") != std::string::npos);
        QVERIFY(line.size() > 32 && line.substr(line.size() - 32) == "b9c594fa3fca6bb30a85c4208a8df348");
    }

    // A strongSwan Aggressive Mode exchange (SHA-1): its HASH_R falls to a list holding its key.
    void findsStrongSwanKey() {
        const QJsonObject v = test::loadVector("am-aes128-sha1-modp2048");
        AggressiveModeCapture c;
        c.hash = crypto::HashAlgorithm::Sha1;
        c.gxr = test::hexAt(v, "g_xr");
        c.gxi = test::hexAt(v, "g_xi");
        c.ckyR = test::hexAt(v, "cky_r");
        c.ckyI = test::hexAt(v, "cky_i");
        c.saiB = test::hexAt(v, "sai_b");
        c.idirB = test::hexAt(v, "idir_b");
        c.niB = test::hexAt(v, "ni_b");
        c.nrB = test::hexAt(v, "nr_b");
        c.hashR = test::hexAt(v, "hash_r");
        QVERIFY(!c.hashR.empty() && !c.gxr.empty());
        const std::string psk = test::valueAt(v, "psk.text").toString().toStdString();
        const std::vector<std::string> words{"vpn", "ipsec", psk, "secret"};
        const PskCrackResult r = crackPsk(c, words);
        QVERIFY(r.key.has_value());
        QCOMPARE(*r.key, psk);
        QVERIFY(!crackPsk(c, kWords).key.has_value());
    }

    // The lab's own Aggressive Mode: the nine values come off the timeline.
    void crackOnTheLabTimeline() {
        auto scenario = lab::builtinScenario("aggressive");
        QVERIFY(scenario.has_value());
        scenario->siteA.psk = scenario->siteB.psk = "letmein";
        lab::LabOptions options;
        options.seed = 1;
        auto l = lab::Lab::create(std::move(*scenario), options);
        QVERIFY(l.has_value());
        QVERIFY((*l)->runToEnd().has_value());

        auto capture = captureAggressiveMode((*l)->timeline());
        QVERIFY2(capture.has_value(), capture ? "" : capture.error().message.c_str());
        QCOMPARE(capture->hash, crypto::HashAlgorithm::Sha1);
        QCOMPARE(capture->gxr.size(), std::size_t(256));
        QCOMPARE(capture->hashR.size(), std::size_t(20));
        QCOMPARE(QString::fromStdString(toHex(capture->idirB)),
                 QString("02000000") + QByteArray("responder.lab").toHex());

        const PskCrackResult found = crackPsk(*capture, kWords);
        QVERIFY(found.key.has_value());
        QCOMPARE(QString::fromStdString(*found.key), QString("letmein"));
        QCOMPARE(found.tried, std::size_t(5));
        const std::vector<std::string> withoutLetmein{"password", "123456", "qwerty", "letmein!", "LetMeIn"};
        QVERIFY(!crackPsk(*capture, withoutLetmein).key.has_value());
    }

    // The lesson's crack step as the window's dock and the Illustrated page both say it
    // (lesson/StepActs.h): the action's sentence, the key found and the psk-crack line.
    void crackStepSaysItsResult() {
        auto lesson = LessonLoader::load((test::sourceDir() + "/lessons/04-aggressive-mode.json").toStdString());
        QVERIFY2(lesson, lesson ? "" : lesson.error().toString().c_str());
        auto player = LessonPlayer::create(*lesson);
        QVERIFY(player);
        std::vector<std::string> said;
        while (!(*player)->atEnd()) {
            auto report = (*player)->advance();
            QVERIFY2(report, report ? "" : report.error().message.c_str());
            if (report->crack) said = actsLines(*report, (*player)->lab()->scenario().gatewaysTalk());
        }
        QCOMPARE(said.size(), std::size_t(1));
        const std::string& line = said.front();
        QVERIFY2(line.find(" Result: ") != std::string::npos, line.c_str());
        const std::size_t at = line.find(" The psk-crack line: `");
        QVERIFY2(at != std::string::npos && line.back() == '`', line.c_str());
        // The line itself: the nine values psk-crack reads, colon-separated.
        const std::string crackLine = line.substr(at + 22, line.size() - at - 23);
        QCOMPARE(int(std::count(crackLine.begin(), crackLine.end(), ':')), 8);
    }

    void mainModeOffersNothingToCapture() {
        auto scenario = lab::builtinScenario("main-quick");
        QVERIFY(scenario.has_value());
        auto l = lab::Lab::create(std::move(*scenario));
        QVERIFY(l.has_value());
        QVERIFY((*l)->runToEnd().has_value());
        const auto capture = captureAggressiveMode((*l)->timeline());
        QVERIFY(!capture.has_value());
        QVERIFY(capture.error().message.find("no Aggressive Mode exchange") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestLessonCrack)
#include "tst_lesson_crack.moc"
