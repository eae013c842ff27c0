// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// core/base/ChunkedQueue: the lab timeline's store of events. Appending keeps every element where it
// is, popping the front destroys the element, across the chunks' boundaries and after running empty.

#include <QTest>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "base/ChunkedQueue.h"

using namespace ipseclab;

namespace {

using Queue = ChunkedQueue<std::shared_ptr<int>, 4>; // small chunks: every test crosses their boundaries

std::vector<int> contents(const Queue& q) {
    std::vector<int> out;
    for (const auto& p : q) out.push_back(*p);
    return out;
}

} // namespace

class TestChunkedQueue : public QObject {
    Q_OBJECT

private slots:
    void appendingMovesNothing() {
        Queue q;
        std::vector<const std::shared_ptr<int>*> addresses;
        for (int i = 0; i < 11; ++i) {
            q.push_back(std::make_shared<int>(i));
            addresses.push_back(&q.back());
        }
        QCOMPARE(q.size(), std::size_t{11});
        for (std::size_t i = 0; i < q.size(); ++i) {
            QCOMPARE(&q[i], addresses[i]);
            QCOMPARE(*q.at(i), static_cast<int>(i));
        }
        QCOMPARE(contents(q), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, q.at(11));
    }

    void poppingDestroysTheFront() {
        Queue q;
        std::vector<std::weak_ptr<int>> watched;
        for (int i = 0; i < 10; ++i) {
            q.push_back(std::make_shared<int>(i));
            watched.push_back(q.back());
        }
        const auto* sixth = &q[5];
        for (int i = 0; i < 5; ++i) q.pop_front();
        QCOMPARE(q.size(), std::size_t{5});
        for (int i = 0; i < 10; ++i) QCOMPARE(watched[static_cast<std::size_t>(i)].expired(), i < 5);
        QCOMPARE(&q.front(), sixth);
        QCOMPARE(contents(q), (std::vector<int>{5, 6, 7, 8, 9}));
        // Run empty in the middle of a chunk, then grow again.
        while (!q.empty()) q.pop_front();
        QVERIFY(std::all_of(watched.begin(), watched.end(), [](const auto& w) { return w.expired(); }));
        for (int i = 20; i < 27; ++i) q.push_back(std::make_shared<int>(i));
        QCOMPARE(contents(q), (std::vector<int>{20, 21, 22, 23, 24, 25, 26}));
    }

    void iteratorsAreRandomAccess() {
        Queue q;
        for (int i = 0; i < 9; ++i) q.push_back(std::make_shared<int>(i * 10));
        q.pop_front();
        QCOMPARE(q.end() - q.begin(), std::ptrdiff_t{8});
        QCOMPARE(**(q.begin() + 5), 60);
        QCOMPARE(*q.begin()[7], 80);
        QCOMPARE(**std::prev(q.end()), 80);
        const auto found = std::lower_bound(q.begin(), q.end(), 45, [](const auto& p, int v) { return *p < v; });
        QCOMPARE(**found, 50);
    }

    void destroyingFreesWhatIsLeft() {
        std::weak_ptr<int> kept;
        {
            Queue q;
            for (int i = 0; i < 6; ++i) q.push_back(std::make_shared<int>(i));
            q.pop_front();
            kept = q.back();
            QVERIFY(!kept.expired());
        }
        QVERIFY(kept.expired());
    }
};

QTEST_GUILESS_MAIN(TestChunkedQueue)
#include "tst_chunked_queue.moc"
