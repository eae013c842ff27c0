// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The question kinds in the Lesson dock, as a student answers them in the window: an ordering
// (rows moved with Up and Down), a multi-select (check boxes, a wrong tick named by its own
// feedback), a field picked by clicking its row in the Packet dock, a number the lab computes, and
// a prediction that the next step reveals. Choices show shuffled, the same for the same seed,
// and the answer key for that seed gives the letter of the right one as the dock shows it.

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <algorithm>
#include <set>

#include "TestData.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/QuestionOrder.h"
#include "ui/common/EventSelection.h"
#include "ui/common/LabController.h"
#include "ui/lesson/ChoiceButton.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/lesson/LessonWorksheet.h"
#include "ui/lesson/OrderingWidget.h"
#include "ui/packet/PacketDock.h"
#include "ui/packet/PacketModel.h"
#include "ui/packet/PacketView.h"
#include "ui/window/MainWindow.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

lesson::Lesson kindsLesson() {
    auto loaded = lesson::LessonLoader::load(
        (test::sourceDir() + "/tests/data/lesson-question-kinds.json").toStdString());
    if (!loaded) qFatal("%s", loaded.error().toString().c_str());
    return *loaded;
}

QString feedbackOf(const LessonPanel& panel) { return panel.findChild<QLabel*>("lessonFeedback")->text(); }

void check(LessonPanel& panel) { QTest::mouseClick(panel.findChild<QPushButton*>("lessonCheck"), Qt::LeftButton); }

// The choice rows top to bottom, as the student reads them.
QList<ChoiceButton*> choiceRows(const LessonPanel& panel) {
    QList<ChoiceButton*> rows;
    for (ChoiceButton* b : panel.findChildren<ChoiceButton*>())
        if (b->isVisibleTo(&panel)) rows << b;
    std::sort(rows.begin(), rows.end(), [](ChoiceButton* a, ChoiceButton* b) { return a->y() < b->y(); });
    return rows;
}

// Next, then wait until the window's lab caught up and the step's highlights were applied.
void next(MainWindow& window, LessonPanel& panel) {
    QVERIFY(panel.next());
    const std::size_t size = panel.player()->lab()->timeline().size();
    std::size_t shown = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        (window.controller().read([&shown](const lab::Lab& lab) { shown = lab.timeline().size(); }), shown == size),
        30000);
    window.controller().waitForIdle();
    QTRY_VERIFY(panel.highlightsDone());
}

// Clicks the row of the Packet dock's tree whose key is `key`, as a student does.
bool clickField(MainWindow& window, const QString& key) {
    window.raiseDock("packet");
    QCoreApplication::processEvents();
    QTreeView* tree = window.packetDock()->packetView()->tree();
    tree->expandAll();
    const QModelIndexList found = tree->model()->match(tree->model()->index(0, 0), PacketModel::KeyRole, key, 1,
                                                       Qt::MatchExactly | Qt::MatchRecursive);
    if (found.isEmpty()) return false;
    tree->scrollTo(found.front());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(found.front()).center());
    window.raiseDock("lesson");
    QCoreApplication::processEvents();
    return tree->currentIndex().data(PacketModel::KeyRole).toString() == key;
}

} // namespace

class TestLessonQuestionKinds : public QObject {
    Q_OBJECT

private slots:
    // Progress is kept in QSettings: this test's own, in a folder of its own.
    void initTestCase() {
        for (auto format : {QSettings::NativeFormat, QSettings::IniFormat})
            QSettings::setPath(format, QSettings::UserScope, m_settings.path());
    }

    void everyKindAnsweredWrongThenRightInTheDock() {
        QSettings().clear(); // each test starts without saved progress
        MainWindow window;
        const lesson::Lesson l = kindsLesson();
        window.start();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LessonPanel& panel = *window.lessonPanel();
        QString error;
        QVERIFY2(panel.open(l, std::nullopt, &error), qPrintable(error));
        QTRY_VERIFY(panel.highlightsDone());
        window.raiseDock("lesson");

        // Step 1, an ordering: shown out of order; Check as shown is wrong, Up and Down put it right.
        auto* ordering = panel.findChild<OrderingWidget*>("lessonOrdering");
        QVERIFY(ordering && ordering->isVisibleTo(&panel));
        QCOMPARE(ordering->order(), panel.shownOrder());
        const std::vector<std::size_t> shown = ordering->order();
        QVERIFY(!std::is_sorted(shown.begin(), shown.end()));
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("✘") && feedbackOf(panel).contains("not in order"),
                 qPrintable(feedbackOf(panel)));
        // Selection sort with the Up button: bring each item up to its place.
        for (std::size_t want = 0; want < l.steps[0].question->choices.size(); ++want) {
            const auto order = ordering->order();
            int row = static_cast<int>(std::find(order.begin(), order.end(), want) - order.begin());
            ordering->list()->setCurrentRow(row);
            for (; row > static_cast<int>(want); --row)
                QTest::mouseClick(ordering->findChild<QPushButton*>("lessonOrderUp"), Qt::LeftButton);
        }
        QCOMPARE(ordering->order(), (std::vector<std::size_t>{0, 1, 2, 3}));
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("✔") && feedbackOf(panel).contains("in order"),
                 qPrintable(feedbackOf(panel)));
        QCOMPARE(panel.progress()->steps[0].attempts, 2u);

        // Step 2, a multi-select: check boxes in the shown order; a wrong tick gets its own feedback.
        next(window, panel);
        const lesson::Question& multi = *l.steps[1].question;
        QCOMPARE(panel.findChildren<QCheckBox*>().size(), qsizetype(multi.choices.size()));
        const QList<ChoiceButton*> rows = choiceRows(panel);
        const std::vector<std::size_t> order = panel.shownOrder();
        for (int pos = 0; pos < rows.size(); ++pos)
            QCOMPARE(rows[pos]->text().toStdString(), multi.choices[order[pos]]);
        const auto tick = [&](std::size_t stored, bool on) {
            for (ChoiceButton* r : rows)
                if (r->text().toStdString() == multi.choices[stored] && r->button()->isChecked() != on)
                    QTest::mouseClick(r->button(), Qt::LeftButton);
        };
        tick(0, true);
        tick(1, true); // "the PSK": a misconception with feedback of its own
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("✘") && feedbackOf(panel).contains("The PSK goes into SKEYID"),
                 qPrintable(feedbackOf(panel)));
        tick(1, false);
        tick(2, true);
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("✔") && feedbackOf(panel).contains("all three"),
                 qPrintable(feedbackOf(panel)));

        // Step 3, pick the field: a wrong field, then the right one, clicked in the Packet dock.
        next(window, panel);
        QVERIFY(panel.findChild<QLabel*>("lessonPick")->isVisibleTo(&panel));
        check(panel);
        QVERIFY2(feedbackOf(panel).contains("Select a field in the Packet dock first"), qPrintable(feedbackOf(panel)));
        QVERIFY(window.selectPacket("QM1"));
        QVERIFY(clickField(window, "isakmp.ispi"));
        QVERIFY(panel.findChild<QLabel*>("lessonPick")->text().contains("isakmp.ispi"));
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("✘") && feedbackOf(panel).contains("look at the header"),
                 qPrintable(feedbackOf(panel)));
        QVERIFY(clickField(window, "isakmp.messageid"));
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("✔") && feedbackOf(panel).contains("the Message ID"),
                 qPrintable(feedbackOf(panel)));

        // Step 4, a number the lab computes (the ESP overhead), typed.
        next(window, panel);
        auto* value = panel.findChild<QLineEdit*>("lessonValue");
        QVERIFY(value->isVisibleTo(&panel));
        QTest::keyClicks(value, "40");
        QTest::keyClick(value, Qt::Key_Return);
        QVERIFY2(feedbackOf(panel).startsWith("✘"), qPrintable(feedbackOf(panel)));
        value->clear();
        QTest::keyClicks(value, "48 bytes");
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("✔"), qPrintable(feedbackOf(panel)));

        // Step 5, predict then observe: the answer is noted, not judged; Next reveals it.
        next(window, panel);
        QVERIFY(panel.revealText().isEmpty());
        QTest::keyClicks(value, "3");
        check(panel);
        QVERIFY2(feedbackOf(panel).startsWith("Prediction noted"), qPrintable(feedbackOf(panel)));
        QCOMPARE(panel.progress()->steps[4].attempts, 0u);
        next(window, panel);
        const QString reveal = panel.revealText();
        QVERIFY2(reveal.contains("step 5") && reveal.contains("✔ Your prediction held") && reveal.contains("**3**") &&
                     reveal.contains("it moved to 3"),
                 qPrintable(reveal));
        QVERIFY(panel.progress()->steps[4].right);
        window.controller().waitForIdle();
    }

    // A prediction not made, or wrong, is revealed as such.
    void wrongPredictionRevealed() {
        QSettings().clear();
        LabController controller;
        EventSelection selection;
        LessonPanel panel(controller, selection);
        QObject::connect(&panel, &LessonPanel::labRequested, &controller,
                         [&controller](const lab::Scenario& s, std::optional<std::uint64_t> seed) {
                             controller.load(s, seed);
                         });
        QVERIFY(panel.open(kindsLesson()));
        QVERIFY(panel.goTo(4));
        QVERIFY(panel.answerValue("7"));
        QVERIFY(panel.next());
        QVERIFY2(panel.revealText().contains("✘ Your prediction did not hold") &&
                     panel.revealText().contains("a new, higher number moves the edge to it"),
                 qPrintable(panel.revealText()));
        QVERIFY(!panel.answerValue("3")); // closed: the lab has shown it
        controller.waitForIdle();
    }

    // For each seed, the dock's order of the choice question's choices is the player's, the same
    // in a second window, and the answer key's letter for it names the right choice's row.
    void shuffledChoicesMatchTheAnswerKey() {
        const lesson::Lesson l = kindsLesson();
        const std::size_t step = 5;
        const lesson::Question& q = *l.steps[step].question;
        for (std::uint64_t seed : {1ULL, 7ULL, 12345ULL}) {
            QSettings().clear();
            QStringList seen[2];
            for (QStringList& texts : seen) {
                LabController controller;
                EventSelection selection;
                LessonPanel panel(controller, selection);
                panel.resize(440, 760);
                QVERIFY(panel.open(l, seed));
                QVERIFY(panel.goTo(step));
                panel.show();
                QVERIFY(QTest::qWaitForWindowExposed(&panel));
                for (ChoiceButton* row : choiceRows(panel)) texts << row->text();
                controller.waitForIdle();
            }
            QCOMPARE(seen[0], seen[1]);
            const int rightRow = static_cast<int>(seen[0].indexOf(QString::fromStdString(q.choices[q.answerIndex])));
            QVERIFY(rightRow >= 0);
            QString problem;
            const auto key = LessonWorksheet::html(l, seed, LessonWorksheet::Part::AnswerKey, &problem);
            QVERIFY2(key, qPrintable(problem));
            const QString expected =
                QStringLiteral("<code>%1: %2</code>")
                    .arg(QString::fromStdString(lesson::choiceLetter(static_cast<std::size_t>(rightRow))),
                         QString::fromStdString(q.choices[q.answerIndex]));
            QVERIFY2(key->contains(expected),
                     qPrintable(QString("seed %1: %2 not in the answer key").arg(seed).arg(expected)));
            // The worksheet lists the choices in the dock's order, lettered.
            const auto sheet = LessonWorksheet::html(l, seed, LessonWorksheet::Part::Worksheet, &problem);
            QVERIFY2(sheet, qPrintable(problem));
            for (int pos = 0; pos < seen[0].size(); ++pos)
                QVERIFY(sheet->contains(QStringLiteral("%1. %2").arg(QString::fromStdString(lesson::choiceLetter(pos)),
                                                                     seen[0][pos].toHtmlEscaped())));
        }
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestLessonQuestionKinds)
#include "tst_lesson_question_kinds.moc"
