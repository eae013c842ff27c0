// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// core/base/Fifo: the engine's queues of datagrams and events. First in, first out through every
// way it keeps its buffer (drained, compacted, copied, moved).

#include <QTest>

#include <string>
#include <vector>

#include "base/Fifo.h"

using namespace ipseclab;

namespace {

std::vector<std::string> contents(const Fifo<std::string>& q) { return {q.begin(), q.end()}; }

} // namespace

class TestFifo : public QObject {
    Q_OBJECT

private slots:
    void firstInFirstOut() {
        Fifo<std::string> q;
        QVERIFY(q.empty());
        for (const char* s : {"a", "b", "c"}) q.push_back(s);
        QCOMPARE(q.size(), std::size_t{3});
        QCOMPARE(q.front(), std::string("a"));
        QCOMPARE(q.back(), std::string("c"));
        q.pop_front();
        QCOMPARE(q.front(), std::string("b"));
        QCOMPARE(q[1], std::string("c"));
        QCOMPARE(std::vector<std::string>(q.rbegin(), q.rend()), (std::vector<std::string>{"c", "b"}));
        q.pop_front();
        q.pop_front();
        QVERIFY(q.empty());
        q.push_back("d"); // a drained queue takes more
        QCOMPARE(contents(q), std::vector<std::string>{"d"});
    }

    // Never drained to empty: what was taken is dropped as it goes, the order stays.
    void neverDrained() {
        Fifo<std::string> q;
        int next = 0, taken = 0;
        for (int round = 0; round < 1000; ++round) {
            q.push_back(std::to_string(next++));
            q.push_back(std::to_string(next++));
            QCOMPARE(q.front(), std::to_string(taken++));
            q.pop_front();
        }
        QCOMPARE(q.size(), std::size_t{1000});
        for (std::size_t i = 0; i < q.size(); ++i) QCOMPARE(q[i], std::to_string(taken + static_cast<int>(i)));
    }

    void copiesHoldWhatIsQueued() {
        Fifo<std::string> q;
        for (const char* s : {"a", "b", "c"}) q.push_back(s);
        q.pop_front();
        Fifo<std::string> copy = q;
        QCOMPARE(contents(copy), (std::vector<std::string>{"b", "c"}));
        QVERIFY(copy == q);
        copy.pop_front();
        QVERIFY(!(copy == q));
        QCOMPARE(contents(q), (std::vector<std::string>{"b", "c"}));
        Fifo<std::string> moved = std::move(q);
        QCOMPARE(contents(moved), (std::vector<std::string>{"b", "c"}));
        QVERIFY(q.empty()); // NOLINT(bugprone-use-after-move): a moved-from queue is empty
        q.push_back("e");
        QCOMPARE(contents(q), std::vector<std::string>{"e"});
        q.clear();
        QVERIFY(q.empty());
    }
};

QTEST_APPLESS_MAIN(TestFifo)
#include "tst_fifo.moc"
