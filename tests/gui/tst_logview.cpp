// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Log dock over a long run: the time column is as wide as the largest time needs (a lab
// past 1000 s must not show "1400.0…"), after a larger text size too; the table and its
// filter have names a screen reader says; and the log's text, kept in chunks, reads and filters
// the same whatever the chunks' size.

#include <QHeaderView>
#include <QLineEdit>
#include <QStyle>
#include <QTableView>
#include <QTest>

#include "InspectorTestSupport.h"
#include "lab/AttackSpec.h"
#include "ui/log/LogModel.h"
#include "ui/log/LogView.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// The room a cell's text needs in the table: its width plus the item view's margins.
int needed(const QTableView& table, const QString& text) {
    const int margin = table.style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, &table) + 1;
    return table.fontMetrics().horizontalAdvance(text) + 2 * margin;
}

QString widestTime(const LogModel& model) {
    QString widest;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString time = model.index(row, LogModel::TimeColumn).data().toString();
        if (time.size() > widest.size()) widest = time;
    }
    return widest;
}

} // namespace

class TestLogView : public QObject {
    Q_OBJECT
private slots:
    void timeColumnFitsTheLargestTime() {
        test::InspectorRig<LogView> rig({1000, 400});
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        QTableView& table = *rig.view.table();
        // Three pings 700 s apart: the last ones past 1000 s.
        lab::Scenario s = test::scenario("main-quick");
        s.traffic.interval = std::chrono::milliseconds(700000);
        test::load(rig.controller, s);
        rig.controller.step();
        rig.controller.waitForIdle();
        QCoreApplication::processEvents();
        const int early = table.columnWidth(LogModel::TimeColumn);
        QVERIFY(early >= needed(table, widestTime(*rig.view.model())));
        QVERIFY(test::runToEnd(rig.controller));
        QCoreApplication::processEvents();
        const QString widest = widestTime(*rig.view.model());
        QVERIFY2(widest.startsWith("1400."), qPrintable(widest));
        QVERIFY2(table.columnWidth(LogModel::TimeColumn) >= needed(table, widest),
                 qPrintable(QString("%1 px for %2 (needs %3)")
                                .arg(table.columnWidth(LogModel::TimeColumn))
                                .arg(widest)
                                .arg(needed(table, widest))));
        QVERIFY(table.columnWidth(LogModel::TimeColumn) > early);
        // A projector's text size: still whole.
        QFont big = table.font();
        big.setPointSizeF(big.pointSizeF() * 2);
        rig.view.setFont(big);
        QCoreApplication::processEvents();
        const int projected = table.columnWidth(LogModel::TimeColumn);
        QVERIFY(projected >= needed(table, widest));
        // A new lab starts narrow again.
        test::load(rig.controller, test::scenario("main-quick"));
        QCoreApplication::processEvents();
        QVERIFY(table.columnWidth(LogModel::TimeColumn) < projected);
    }

    // Chunks of a few hundred bytes (a row or two each, a long row alone in a bigger one) against
    // the megabyte ones: the same cells, and each filter keeps exactly the rows whose columns, one
    // of them, contain the text in any case, from the first row or from one in the middle.
    void chunksReadAndFilterAlike() {
        ui::LabController controller;
        lab::Scenario s = test::scenario("main-quick");
        s.traffic.count = 20;
        s.attacks.push_back(*lab::AttackSpec::parse("replay:seq=5"));
        test::load(controller, s);
        QVERIFY(test::runToEnd(controller));
        LogModel small(nullptr, 300), large;
        controller.read([&](const lab::Lab& lab) {
            const auto size = static_cast<qsizetype>(lab.timeline().size());
            for (LogModel* model : {&small, &large}) { // in two batches: the second adds to a chunk begun
                model->append(lab.timeline(), 0, size / 2);
                model->append(lab.timeline(), size / 2, size - size / 2);
            }
        });
        QVERIFY(small.rowCount() > 100);
        QCOMPARE(small.rowCount(), large.rowCount());
        for (int row = 0; row < small.rowCount(); ++row) {
            QCOMPARE(small.lineOf(row), large.lineOf(row));
            for (int column = 0; column < LogModel::ColumnCount; ++column)
                QCOMPARE(small.index(row, column).data(), large.index(row, column).data());
        }
        for (const char* text : {"skeyid_A", "Echo", "esp seq", "replay", "0.0", "no such text"}) {
            for (const int first : {0, small.rowCount() / 2}) {
                std::vector<int> expected;
                for (int row = first; row < small.rowCount(); ++row)
                    for (int column = 0; column < LogModel::ColumnCount; ++column)
                        if (large.index(row, column).data().toString().contains(text, Qt::CaseInsensitive)) {
                            expected.push_back(row);
                            break;
                        }
                for (const LogModel* model : {&small, &large}) {
                    std::vector<int> found;
                    model->forEachContaining(LogModel::needleOf(text), first,
                                             [&found](int row) { found.push_back(row); });
                    QVERIFY2(found == expected, text);
                }
                if (first == 0 && std::string_view(text) != "no such text") QVERIFY2(!expected.empty(), text);
            }
        }
    }

    void namedForScreenReaders() {
        test::InspectorRig<LogView> rig({800, 300});
        QCOMPARE(rig.view.table()->accessibleName(), QStringLiteral("Log"));
        QVERIFY(rig.view.table()->accessibleDescription().contains("timeline"));
        QCOMPARE(rig.view.filterEdit()->accessibleName(), QStringLiteral("Log filter"));
    }
};

QTEST_MAIN(TestLogView)
#include "tst_logview.moc"
