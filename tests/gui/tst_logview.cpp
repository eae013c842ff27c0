// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Log dock over a long run: the time column is as wide as the largest time needs (a lab
// past 1000 s must not show "1400.0…"), after a larger text size too; the table and its
// filter have names a screen reader says; the log's text, kept in chunks, reads and filters
// the same whatever the chunks' size; and a filter found in slices (LogFilter) keeps exactly the
// rows a whole filter keeps, however its scan is interrupted (a new text, new rows), the dock
// saying how far it is. The slices are driven by calling them, never by the clock.

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStyle>
#include <QTableView>
#include <QTest>

#include "InspectorTestSupport.h"
#include "lab/AttackSpec.h"
#include "ui/log/LogFilter.h"
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

// The rows whose columns, one of them, contain `text` in any case (and of `site`, when given).
std::vector<int> containing(const LogModel& model, const QString& text, const QString& site = {}) {
    std::vector<int> rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (!site.isEmpty() && model.index(row, 0).data(LogModel::SiteRole).toString() != site) continue;
        for (int column = 0; column < LogModel::ColumnCount; ++column)
            if (model.index(row, column).data().toString().contains(text, Qt::CaseInsensitive)) {
                rows.push_back(row);
                break;
            }
    }
    return rows;
}

std::vector<int> kept(const LogFilter& filter) {
    std::vector<int> rows;
    for (int row = 0; row < filter.rowCount(); ++row) rows.push_back(filter.sourceRow(row));
    return rows;
}

// The scan's slices, one after another, to its end; how many it took.
int finish(LogFilter& filter) {
    int slices = 0;
    for (; filter.scanning(); ++slices) filter.slice();
    return slices;
}

// main-quick with `echoes` echoes and a replay, run to its end.
void runEchoes(ui::LabController& controller, std::uint32_t echoes) {
    lab::Scenario s = test::scenario("main-quick");
    s.traffic.count = echoes;
    s.traffic.interval = std::chrono::milliseconds(1);
    s.attacks.push_back(*lab::AttackSpec::parse("replay:seq=5"));
    test::load(controller, s);
    QVERIFY(test::runToEnd(controller));
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
        for (const char* text : {"skeyid_A", "Echo", "esp seq", "replay", "0.0", "x", "·", "no such text"}) {
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

    // Every byte: A-Z folded to a-z, nothing else touched (the eight-at-a-time fold and its tail).
    void needleFoldsTheEnglishLettersOnly() {
        QByteArray all;
        for (int byte = 1; byte < 128; ++byte) all.append(static_cast<char>(byte));
        const QString text = QString::fromLatin1(all) + QStringLiteral("ÉCHO Ü");
        QByteArray expected = all.toLower() + QStringLiteral("ÉCHO Ü").toUtf8();
        for (char& c : expected)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        QCOMPARE(QByteArray::fromStdString(LogModel::needleOf(text)), expected);
    }

    // A log of many small chunks: the first slice stops at a screenful, the slices after it find
    // the rest, and the rows are exactly a whole filter's, text and site alike.
    void slicesKeepWhatAWholeFilterKeeps() {
        ui::LabController controller;
        runEchoes(controller, 60);
        LogModel model(nullptr, 300);
        controller.read([&](const lab::Lab& lab) {
            model.append(lab.timeline(), 0, static_cast<qsizetype>(lab.timeline().size()));
        });
        LogFilter filter(model);
        QCOMPARE(filter.rowCount(), model.rowCount());
        for (const auto& [text, site] : std::vector<std::pair<QString, QString>>{
                 {"Echo", {}}, {"esp", "wire"}, {"", "A"}, {"skeyid_A", {}}, {"no such text", {}}}) {
            const std::vector<int> expected = containing(model, text, site);
            filter.setText(text);
            filter.setSite(site);
            if (expected.size() > 2 * LogFilter::kFirstScreenRows) {
                QVERIFY2(filter.scanning(), qPrintable(text));
                QVERIFY2(filter.rowCount() < static_cast<int>(expected.size()), qPrintable(text));
                QVERIFY(finish(filter) > 0);
            }
            finish(filter);
            QVERIFY2(kept(filter) == expected, qPrintable(text));
            QCOMPARE(filter.scanned(), model.rowCount());
        }
        // No filter: every row at once, the log's own.
        filter.setText({});
        filter.setSite({});
        QVERIFY(!filter.scanning());
        QCOMPARE(filter.rowCount(), model.rowCount());
        QCOMPARE(filter.sourceRow(model.rowCount() - 1), model.rowCount() - 1);
        QCOMPARE(filter.rowOf(7), 7);
    }

    // A new text mid-scan gives the old scan up (none of its rows stay, its timer does not come
    // back); rows that come mid-scan are found once, and after it at once.
    void aNewTextCancelsTheScanUnderWay() {
        ui::LabController controller;
        runEchoes(controller, 400);
        LogModel model(nullptr, 300);
        qsizetype size = 0;
        controller.read([&](const lab::Lab& lab) {
            size = static_cast<qsizetype>(lab.timeline().size());
            model.append(lab.timeline(), 0, size / 3);
        });
        LogFilter filter(model);
        filter.setText("echo");
        QVERIFY(filter.scanning());
        filter.setText("reply");
        QVERIFY(filter.scanning());
        controller.read([&](const lab::Lab& lab) { model.append(lab.timeline(), size / 3, size / 3); });
        finish(filter);
        QVERIFY(kept(filter) == containing(model, "reply"));
        QCoreApplication::processEvents(); // a timer left from "echo" would add its rows here
        QVERIFY(kept(filter) == containing(model, "reply"));
        controller.read([&](const lab::Lab& lab) { model.append(lab.timeline(), 2 * (size / 3), size); });
        QVERIFY(!filter.scanning());
        QVERIFY(kept(filter) == containing(model, "reply"));
        QCOMPARE(model.rowCount(), size);
    }

    // The dock while a long log is filtered: how far, then how many; the view at its top with no
    // event selected (it does not follow the rows found), else at the selected event once found.
    // The zero timer's slices (processed events) finish the scan by themselves.
    void theDockShowsTheScan() {
        test::InspectorRig<LogView> rig({900, 400});
        runEchoes(rig.controller, 2000);
        QCoreApplication::processEvents();
        LogView& view = rig.view;
        QVERIFY(view.filterStatus()->isHidden());
        const int lines = view.model()->rowCount();
        rig.selection.clear();
        view.filterEdit()->setText("reply");
        QVERIFY(view.filter()->scanning());
        QVERIFY(!view.filterStatus()->isHidden());
        const QLocale locale;
        QCOMPARE(view.filterStatus()->text(),
                 QStringLiteral("Filtering… %1 of %2 lines, %3 found")
                     .arg(locale.toString(view.filter()->scanned()), locale.toString(lines),
                          locale.toString(view.filter()->rowCount())));
        QTRY_VERIFY(!view.filter()->scanning());
        const std::vector<int> expected = containing(*view.model(), "reply");
        QVERIFY(kept(*view.filter()) == expected);
        QCOMPARE(view.filterStatus()->text(),
                 QStringLiteral("%1 of %2 lines")
                     .arg(locale.toString(static_cast<int>(expected.size())), locale.toString(lines)));
        QCOMPARE(view.table()->verticalScrollBar()->value(), 0);
        const int last = expected.back();
        rig.selection.select(last);
        view.filterEdit()->setText("REPLY");
        QTRY_VERIFY(!view.filter()->scanning());
        QCOMPARE(view.filter()->sourceRow(view.table()->currentIndex().row()), last);
        QVERIFY(view.table()->verticalScrollBar()->value() > 0);
        view.filterEdit()->clear();
        QVERIFY(view.filterStatus()->isHidden());
        QCOMPARE(view.table()->model()->rowCount(), lines);
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
