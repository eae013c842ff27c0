// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lab's echo bookkeeping (lab/EchoTracker.h): the next timeout is the oldest echo in flight's;
// echoes time out oldest first; a reply answers the echoes in flight with its number and names
// the latest echo of that number, also when it was already counted as lost (a late reply); 16-bit
// numbers repeat in a long run; the counts add up.

#include <QTest>

#include "lab/EchoTracker.h"

using namespace ipseclab;
using namespace ipseclab::lab::detail;
using namespace std::chrono_literals;

class TestLabEchoes : public QObject {
    Q_OBJECT

private slots:
    void answeredAndLost() {
        EchoTracker echoes(10s);
        QVERIFY(echoes.settled());
        QVERIFY(!echoes.nextTimeout());
        echoes.sent(1, 0s, false);
        echoes.sent(2, 1s, false);
        echoes.sent(3, 2s, true);
        QVERIFY(!echoes.settled());
        QCOMPARE(*echoes.nextTimeout(), Timestamp(10s));

        const Echo* answered = echoes.answer(2);
        QVERIFY(answered);
        QCOMPARE(answered->number, std::uint16_t{2});
        QVERIFY(answered->answered);
        QVERIFY(!answered->lost);
        QCOMPARE(*echoes.nextTimeout(), Timestamp(10s));
        QVERIFY(!echoes.answer(7)); // never sent

        QVERIFY(echoes.expire(9s).empty());
        const std::vector<Echo> lost = echoes.expire(12s);
        QCOMPARE(lost.size(), std::size_t{2});
        QCOMPARE(lost[0].number, std::uint16_t{1});
        QCOMPARE(lost[1].number, std::uint16_t{3});
        QVERIFY(lost[1].carrier);
        QVERIFY(echoes.settled());
        QVERIFY(!echoes.nextTimeout());

        // A late reply: the echo stays lost and is not counted as answered.
        const Echo* late = echoes.answer(1);
        QVERIFY(late);
        QVERIFY(late->lost);
        QVERIFY(!late->answered);
        QCOMPARE(echoes.requests(), 3u);
        QCOMPARE(echoes.replies(), 1u);
        QCOMPARE(echoes.lost(), 2u);
    }

    void numbersRepeat() {
        EchoTracker echoes(10s);
        echoes.sent(5, 0s, false); // lost before its number comes round again
        QCOMPARE(echoes.expire(10s).size(), std::size_t{1});
        echoes.sent(5, 20s, false);
        echoes.sent(5, 21s, false);
        // One reply answers both echoes in flight with that number and names the latest.
        const Echo* e = echoes.answer(5);
        QVERIFY(e);
        QCOMPARE(e->sentAt, Timestamp(21s));
        QVERIFY(e->answered);
        QVERIFY(echoes.settled());
        QCOMPARE(echoes.replies(), 2u);
        QCOMPARE(echoes.lost(), 1u);
        // A duplicate reply changes no count.
        QVERIFY(echoes.answer(5));
        QCOMPARE(echoes.replies(), 2u);
        QCOMPARE(echoes.requests(), 3u);
    }
};

QTEST_GUILESS_MAIN(TestLabEchoes)
#include "tst_lab_echoes.moc"
