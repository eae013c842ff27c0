// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lesson beside the lab, as a student and a teacher use it: a lesson opens, Next moves the
// window's lab along with the lesson's own (same events at the same indexes, the step's highlight
// selected), questions are answered in place — wrong, then right — with the lesson's feedback and
// the progress kept in QSettings, a lesson reopens where it was left, the browser lists the lessons
// and names the broken files, and teacher mode writes the worksheet and the answer key for a seed.

#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>

#include <atomic>

#include "DialogTestSupport.h"
#include "TestData.h"
#include "crypto/ToyDiffieHellman.h"
#include "lesson/Answer.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/LessonProgress.h"
#include "lesson/TimelineLookup.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/EventSelection.h"
#include "ui/common/ExportPath.h"
#include "ui/common/LabController.h"
#include "ui/diagram/SequenceDiagramView.h"
#include "ui/keys/DhPanel.h"
#include "ui/keys/DhToyPanel.h"
#include "ui/keys/KeysView.h"
#include "ui/lesson/GlossaryDialog.h"
#include "ui/lesson/LessonBrowser.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/log/LogModel.h"
#include "ui/log/LogView.h"
#include "ui/replay/ReplayView.h"
#include "ui/window/MainWindow.h"
#include "ui/window/RunProgress.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

std::string lessonsDir() { return (test::sourceDir() + "/lessons").toStdString(); }

QString screensDir() {
    const QString dir = QCoreApplication::applicationDirPath() + "/tst_lesson_panel-screens";
    QDir().mkpath(dir);
    return dir;
}

lesson::Lesson mainMode() {
    auto loaded = lesson::LessonLoader::load(lessonsDir() + "/03-main-mode.json");
    if (!loaded) qFatal("%s", loaded.error().toString().c_str());
    return *loaded;
}

// The first step at or after `from` asking a question of `kind`.
std::size_t questionStep(const lesson::Lesson& l, lesson::Question::Kind kind, std::size_t from = 0) {
    for (std::size_t i = from; i < l.steps.size(); ++i)
        if (l.steps[i].question && l.steps[i].question->kind == kind) return i;
    qFatal("no such question");
}

// A panel over its own controller, the lab it asks for loaded there (MainWindow::start's job).
struct Rig {
    LabController controller;
    EventSelection selection;
    LessonPanel panel{controller, selection};
    Rig() {
        QObject::connect(&panel, &LessonPanel::labRequested, &controller,
                         [this](const lab::Scenario& s, std::optional<std::uint64_t> seed) {
                             controller.load(s, seed);
                         });
    }
    void walkTo(std::size_t step) {
        while (panel.player()->currentStep() < step)
            QTest::mouseClick(panel.findChild<QPushButton*>("lessonNext"), Qt::LeftButton);
    }
    std::size_t windowTimelineSize() const {
        std::size_t size = 0;
        controller.read([&size](const lab::Lab& lab) { size = lab.timeline().size(); });
        return size;
    }
    QString feedback() const { return panel.findChild<QLabel*>("lessonFeedback")->text(); }
};

// The window as a class has it: its lab started, shown.
bool showWindow(MainWindow& window) {
    window.start();
    window.show();
    return QTest::qWaitForWindowExposed(&window);
}

std::size_t windowTimelineSize(const MainWindow& window) {
    std::size_t size = 0;
    window.controller().read([&size](const lab::Lab& lab) { size = lab.timeline().size(); });
    return size;
}

qsizetype eventsShown(const MainWindow& window) { return window.logView()->model()->rowCount(); }

// Waits until the window's lab holds what the lesson's player holds, and the step's highlights had
// their turn (the panel applies them a moment after the lab caught up, and says so).
void settleStep(MainWindow& window, const LessonPanel& panel) {
    const lesson::LessonPlayer& p = *panel.player();
    if (p.lab()) {
        const std::size_t size = p.lab()->timeline().size();
        QTRY_VERIFY_WITH_TIMEOUT(windowTimelineSize(window) == size, 30000);
    } else {
        QTRY_VERIFY(!window.controller().hasLab());
    }
    window.controller().waitForIdle();
    QTRY_VERIFY(panel.highlightsDone());
}

void unexpected(QStringList& list, const QByteArray& where, const std::vector<DiagramRow>& rows) {
    QStringList bad;
    for (const DiagramRow& row : rows)
        if (row.isBad()) bad << row.label;
    list << QString::fromUtf8(where) + ": " + bad.join("; ");
}

// Clicks line `row` of the step's "Look at" list, as a student does.
void clickLookAt(MainWindow& window, LessonPanel& panel, int row) {
    window.raiseDock("lesson"); // a highlight may have brought another dock in front
    QCoreApplication::processEvents();
    auto* list = panel.findChild<QListWidget*>("lessonHighlights");
    QListWidgetItem* item = list->item(row);
    list->scrollToItem(item);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
}

} // namespace

class TestLessonPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        QSettings().clear();
    }

    void answersWrongThenRightWithFeedbackAndProgress() {
        QSettings().clear();
        const lesson::Lesson l = mainMode();
        Rig rig;
        rig.panel.resize(440, 760); // about the dock's size in the window
        rig.panel.show();           // clicks reach shown widgets only
        QVERIFY(QTest::qWaitForWindowExposed(&rig.panel));
        QString error;
        QVERIFY2(rig.panel.openById("main-mode", lessonsDir(), &error), qPrintable(error));
        QCOMPARE(rig.panel.player()->currentStep(), std::optional<std::size_t>(0));

        // A choice question: the wrong choice, then the right one, by clicking.
        const std::size_t choiceStep = questionStep(l, lesson::Question::Kind::Choice);
        rig.walkTo(choiceStep);
        const lesson::Question& choice = *l.steps[choiceStep].question;
        QCoreApplication::processEvents(); // the new choices laid out
        const auto radios = rig.panel.findChildren<QRadioButton*>();
        QCOMPARE(radios.size(), qsizetype(choice.choices.size()));
        const int wrongChoice = choice.answerIndex == 0 ? 1 : 0;
        QTest::mouseClick(radios[wrongChoice], Qt::LeftButton);
        QTest::mouseClick(rig.panel.findChild<QPushButton*>("lessonCheck"), Qt::LeftButton);
        // The wrong choice's own feedback where it has one, else the question's.
        const std::string wrongFeedback = lesson::checkChoice(choice, std::size_t(wrongChoice)).feedback;
        QVERIFY2(rig.feedback().startsWith("✘") && rig.feedback().contains(QString::fromStdString(wrongFeedback)),
                 qPrintable(rig.feedback()));
        QCOMPARE(rig.panel.progress()->steps[choiceStep], (lesson::StepProgress{true, true, false, 1}));
        QTest::mouseClick(radios[int(choice.answerIndex)], Qt::LeftButton);
        QTest::mouseClick(rig.panel.findChild<QPushButton*>("lessonCheck"), Qt::LeftButton);
        QVERIFY2(rig.feedback().startsWith("✔") &&
                     rig.feedback().contains(QString::fromStdString(choice.feedback.right)),
                 qPrintable(rig.feedback()));
        QCOMPARE(rig.panel.progress()->steps[choiceStep], (lesson::StepProgress{true, true, true, 2}));

        // A value question (the first byte of SKEYID_a for seed 1), typed.
        const std::size_t valueStep = questionStep(l, lesson::Question::Kind::Value, 1);
        rig.walkTo(valueStep);
        const lesson::Question& value = *l.steps[valueStep].question;
        auto* edit = rig.panel.findChild<QLineEdit*>("lessonValue");
        QVERIFY(edit->isVisibleTo(&rig.panel));
        QTest::keyClicks(edit, "ff");
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY2(rig.feedback().contains(QString::fromStdString(value.feedback.wrong)), qPrintable(rig.feedback()));
        edit->clear();
        QTest::keyClicks(edit, " 0x" + QString::fromStdString(value.answer).toUpper());
        QTest::mouseClick(rig.panel.findChild<QPushButton*>("lessonCheck"), Qt::LeftButton);
        QVERIFY2(rig.feedback().contains(QString::fromStdString(value.feedback.right)), qPrintable(rig.feedback()));
        QCOMPARE(rig.panel.progress()->steps[valueStep], (lesson::StepProgress{true, true, true, 2}));
        QCOMPARE(rig.panel.progress()->rightCount(), std::size_t(2));
        QCoreApplication::processEvents(); // the layout makes room for the feedback
        QVERIFY(rig.panel.grab().save(screensDir() + "/panel-answered.png"));
        QVERIFY2(rig.panel.progressText().startsWith(
                     QString("Step %1 of %2 · 2 of ").arg(valueStep + 1).arg(l.steps.size())),
                 qPrintable(rig.panel.progressText()));

        // Kept in QSettings, per lesson; a new panel resumes there.
        auto saved = lesson::LessonProgress::fromJson(
            QSettings().value(LessonPanel::settingsKey("main-mode")).toString().toStdString());
        QVERIFY2(saved.has_value(), qPrintable(test::errorText(saved)));
        QCOMPARE(*saved, *rig.panel.progress());
        QCOMPARE(saved->currentStep, valueStep);
        Rig again;
        QVERIFY(again.panel.openById("3", lessonsDir()));
        QCOMPARE(again.panel.player()->currentStep(), std::optional<std::size_t>(valueStep));
        QCOMPARE(again.panel.progress()->rightCount(), std::size_t(2));
        QVERIFY2(again.feedback().startsWith("✔"), qPrintable(again.feedback()));
        rig.controller.waitForIdle();
        again.controller.waitForIdle();
    }

    // The window's lab holds what the lesson's holds, and the step's first highlight is selected.
    void theWindowLabFollowsTheSteps() {
        QSettings().clear();
        const lesson::Lesson l = mainMode();
        Rig rig;
        QVERIFY(rig.panel.open(l));
        const std::size_t keyStep = 3; // B.SKEYID_e: the four SKEYIDs, a Key highlight first
        QCOMPARE(l.steps[keyStep].highlights.front().kind, lesson::Highlight::Kind::Key);
        rig.walkTo(keyStep);
        const auto& report = rig.panel.player()->reports()[keyStep];
        const std::size_t expected = rig.panel.player()->lab()->timeline().size();
        QTRY_COMPARE(rig.windowTimelineSize(), expected);
        rig.controller.read([&](const lab::Lab& lab) {
            QCOMPARE(lab.timeline().at(*report.anchorIndex).id, report.anchorId);
            QCOMPARE(lab.seed(), std::uint64_t(1));
        });
        QTRY_COMPARE(rig.selection.current(), qsizetype(*report.highlights.front().eventIndex));
        // The step asks a question: the list names where to look, not the bytes (issue 15).
        QVERIFY2(rig.panel.highlightLines().front() == "SKEYID of Site B, in the Keys dock",
                 qPrintable(rig.panel.highlightLines().join('\n')));

        // Back (MM3 already brought the keys, so twice): the window's lab restarts and stops where
        // the lesson's is.
        QVERIFY(rig.panel.back() && rig.panel.back());
        QCOMPARE(rig.panel.player()->currentStep(), std::optional<std::size_t>(keyStep - 2));
        const std::size_t behind = rig.panel.player()->lab()->timeline().size();
        QVERIFY(behind < expected);
        rig.controller.waitForIdle();
        QTRY_COMPARE(rig.windowTimelineSize(), behind);
        rig.controller.waitForIdle();
        QCOMPARE(rig.windowTimelineSize(), behind);
    }

    void teacherWorksheetAndAnswerKeyForAnotherSeed() {
        QSettings().clear();
        const lesson::Lesson l = mainMode();
        Rig rig;
        QVERIFY(rig.panel.open(l));
        QVERIFY(rig.panel.setSeed(7));
        const std::size_t valueStep = questionStep(l, lesson::Question::Kind::Value, 1);
        rig.walkTo(valueStep);
        // Judged against the lab for seed 7, where SKEYID_a starts with another byte.
        auto seven = lesson::LessonPlayer::create(l, {7, 200000});
        QVERIFY((*seven)->goTo(valueStep).has_value());
        const std::string answer7 = *(*seven)->rightAnswer(valueStep);
        QVERIFY(answer7 != l.steps[valueStep].question->answer);
        QVERIFY(rig.panel.answerValue(QString::fromStdString(answer7)));
        QVERIFY2(rig.feedback().startsWith("✔"), qPrintable(rig.feedback()));
        rig.controller.waitForIdle();
        rig.controller.read([](const lab::Lab& lab) { QCOMPARE(lab.seed(), std::uint64_t(7)); });

        QCOMPARE(rig.panel.exportFileName(false), QString("main-mode-seed7-worksheet.pdf"));
        QCOMPARE(rig.panel.exportFileName(true), QString("main-mode-seed7-answers.pdf"));
        QTemporaryDir out;
        QString error;
        for (const char* ext : {".html", ".pdf"}) {
            QVERIFY2(rig.panel.exportWorksheet(out.filePath(QString("sheet") + ext), false, &error), qPrintable(error));
            QVERIFY2(rig.panel.noticeText().startsWith("Worksheet written to") &&
                         rig.panel.noticeText().contains(QString("sheet") + ext),
                     qPrintable(rig.panel.noticeText()));
            QVERIFY2(rig.panel.exportWorksheet(out.filePath(QString("key") + ext), true, &error), qPrintable(error));
        }
        QFile::remove(screensDir() + "/worksheet.pdf");
        QVERIFY(QFile::copy(out.filePath("sheet.pdf"), screensDir() + "/worksheet.pdf")); // to look at
        const auto text = [&out](const char* name) {
            QFile f(out.filePath(name));
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
        };
        const QString sheet = text("sheet.html"), key = text("key.html");
        QVERIFY(sheet.contains("Worksheet — Main Mode") && sheet.contains("lab seed 7"));
        QVERIFY(sheet.contains("Your answer:") && !sheet.contains("Answer:"));
        // Where the students' labs show SKEYID_a, not its bytes for seed 7: its step asks for its
        // first byte (issue 15: no answer printed beside its question).
        lesson::ValueSource skeyidA;
        skeyidA.id = "B.SKEYID_a";
        const auto bytes7 = lesson::valueOf(skeyidA, &(*seven)->lab()->timeline(), nullptr);
        QVERIFY(bytes7.has_value() && bytes7->size() >= 40);
        QVERIFY2(!sheet.contains(QString::fromStdString(*bytes7)), bytes7->c_str());
        QVERIFY(sheet.contains("SKEYID_a of Site B, in the Keys dock"));
        QVERIFY(QString::fromStdString(*bytes7).startsWith(QString::fromStdString(answer7)));
        // The answer key, separately: each question, its answer for seed 7.
        QVERIFY(key.contains("Answer key — Main Mode") && !key.contains("Your answer:"));
        QVERIFY2(key.contains("<code>" + QString::fromStdString(answer7) + "</code>"), qPrintable(key));
        for (const char* pdf : {"sheet.pdf", "key.pdf"}) {
            QFile f(out.filePath(pdf));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(f.read(5) == "%PDF-" && f.size() > 2000);
        }
    }

    void browserListsLessonsAndNamesBrokenFiles() {
        QTemporaryDir folder;
        QVERIFY(QFile::copy(QString::fromStdString(lessonsDir()) + "/03-main-mode.json",
                            folder.filePath("03-main-mode.json")));
        QVERIFY(QFile::copy(test::sourceDir() + "/tests/data/lessons-broken/syntax-error.json",
                            folder.filePath("04-broken.json")));
        LessonBrowser browser(folder.path().toStdString());
        QCOMPARE(browser.lessonCount(), 1);
        QCOMPARE(browser.chosen()->id, std::string("main-mode"));
        QVERIFY2(browser.errors().contains("04-broken.json:"), qPrintable(browser.errors()));
    }

    // The step text links glossary terms; a click opens the glossary at the term, as does Help ›
    // Glossary; the browser shows each lesson's time and the lessons to do first.
    void glossaryAndTheBrowsersTimeAndPrerequisites() {
        QSettings().clear();
        MainWindow window;
        window.start();
        LessonPanel* panel = window.lessonPanel();
        QString error;
        QVERIFY2(panel->openById("main-mode", lessonsDir(), &error), qPrintable(error));
        auto* text = panel->findChild<QTextBrowser*>("lessonText");
        QVERIFY(text);
        QVERIFY2(text->toHtml().contains("href=\"glossary:"), qPrintable(text->toHtml()));
        emit text->anchorClicked(QUrl("glossary:spi"));
        auto* glossary = panel->findChild<GlossaryDialog*>("glossary");
        QVERIFY(glossary && glossary->isVisible());
        QCOMPARE(glossary->shownTerm(), QString("spi"));
        QVERIFY2(glossary->definitionText().contains("Security Parameter Index"),
                 qPrintable(glossary->definitionText()));
        QVERIFY(glossary->grab().save(screensDir() + "/glossary.png"));
        QVERIFY(glossary->showTerm("sa"));
        QVERIFY(!glossary->showTerm("no-such-term"));
        glossary->close();
        window.findChild<QAction*>("glossary")->trigger();
        QVERIFY(glossary->isVisible());
        QCOMPARE(glossary->shownTerm(), QString("sa")); // where the student left it

        LessonBrowser browser(lessonsDir(), nullptr, "main-mode");
        auto* details = browser.findChild<QTextBrowser*>();
        QVERIFY(details);
        QVERIFY2(details->toPlainText().contains("about 40 minutes"), qPrintable(details->toPlainText()));
        QVERIFY2(details->toPlainText().contains("Do first: The five phases of an IPsec tunnel"),
                 qPrintable(details->toPlainText()));
        // Numbered as the files are: the tour is lesson 0, Main Mode lesson 3.
        auto* list = browser.findChild<QListWidget*>();
        QVERIFY(list->item(0)->text().startsWith("0. "));
        QVERIFY(list->item(3)->text().startsWith("3. Main Mode"));
    }

    // The command line's --seed opens a lesson on that seed (as the Teacher menu's seed does).
    void openByIdWithASeed() {
        QSettings().clear();
        Rig rig;
        QString error;
        QVERIFY2(rig.panel.openById("main-mode", lessonsDir(), &error, 7), qPrintable(error));
        QCOMPARE(rig.panel.player()->seedAt(0), std::optional<std::uint64_t>(7));
        QVERIFY(rig.panel.progressText().contains("seed 7"));
        QVERIFY(rig.panel.openById("main-mode", lessonsDir(), &error));
        QCOMPARE(rig.panel.player()->seedAt(0), std::optional<std::uint64_t>(1)); // the lesson's own
        rig.controller.waitForIdle();
    }

    // In the window: the Lesson dock, its lab in the window, a picture of both.
    void inTheMainWindow() {
        QSettings().clear();
        MainWindow window;
        window.start();
        auto* panel = window.lessonPanel();
        QVERIFY(panel && window.dock("lesson"));
        QString error;
        QVERIFY2(panel->openById("main-mode", lessonsDir(), &error), qPrintable(error));
        for (int i = 0; i < 5; ++i) QVERIFY(panel->next());
        QTRY_COMPARE(window.controller().read([](const lab::Lab&) {}), true);
        std::size_t size = 0;
        QTRY_VERIFY((window.controller().read([&size](const lab::Lab& lab) { size = lab.timeline().size(); }),
                     size == panel->player()->lab()->timeline().size()));
        QCOMPARE(QString::fromStdString(window.scenario().name), QString("main-quick"));
        window.show();
        QTRY_VERIFY(panel->highlightsDone()); // what the step points at is selected
        window.raiseDock("lesson");
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(screensDir() + "/window-lesson.png"));
        window.controller().waitForIdle();
    }

    // Every step of every shipped lesson, in the window: the views show the timeline up to the
    // step's anchor and no further (the lab step that made the anchor made more), and each line of
    // "Look at" selects what it names — the event, the key's event, the field's datagram, and for a
    // window its SA in the Anti-replay dock.
    void everyStepStopsAtItsAnchorAndSelectsWhatItNames() {
        MainWindow window;
        QVERIFY(showWindow(window));
        auto* panel = window.lessonPanel();
        auto* replay = window.findChild<ReplayView*>();
        auto* keys = window.findChild<KeysView*>();
        QVERIFY(panel && replay && keys);
        const lesson::LessonFolder folder = lesson::LessonLibrary::loadFolder(lessonsDir());
        QVERIFY(folder.lessons.size() >= 12);
        int anchored = 0, held = 0;
        QStringList unexplained; // steps that bring red rows without saying why
        for (const lesson::Lesson& l : folder.lessons) {
            QSettings().clear();
            QVERIFY(panel->open(l));
            qsizetype redBefore = 0;
            for (;;) {
                settleStep(window, *panel);
                if (QTest::currentTestFailed()) return;
                const lesson::LessonPlayer& p = *panel->player();
                const std::size_t step = *p.currentStep();
                const lesson::StepReport& r = p.reports()[step];
                const QByteArray where =
                    QStringLiteral("%1, step %2").arg(QString::fromStdString(l.id)).arg(step + 1).toUtf8();
                const auto& rows = window.diagram().rows();
                const qsizetype red = std::count_if(rows.begin(), rows.end(),
                                                    [](const DiagramRow& row) { return row.isBad(); });
                if (r.newLab) redBefore = 0;
                if (red > redBefore && l.steps[step].red.empty()) unexpected(unexplained, where, rows);
                QVERIFY2(l.steps[step].red.empty() || !panel->redText().isEmpty(), where);
                redBefore = red;
                if (p.lab()) {
                    QVERIFY2(eventsShown(window) == qsizetype(r.shownEvents), where);
                    QVERIFY2(window.controller().shownEvents() == qsizetype(r.shownEvents), where);
                    QVERIFY2(window.diagram().eventCount() <= qsizetype(r.shownEvents), where);
                    if (r.anchorIndex) {
                        ++anchored;
                        QVERIFY2(eventsShown(window) - 1 == qsizetype(*r.anchorIndex),
                                 where + " : the last event shown is the anchor");
                        held += p.lab()->timeline().size() > r.shownEvents;
                    }
                } else {
                    QVERIFY2(eventsShown(window) == 0 && !window.controller().hasLab(),
                             where + " : a reading part shows no lab");
                }
                for (int h = 0; h < int(r.highlights.size()); ++h) {
                    const lesson::ResolvedHighlight& rh = r.highlights[size_t(h)];
                    QVERIFY2(rh.resolved(), where + " : " + rh.problem.c_str());
                    if (rh.highlight.kind == lesson::Highlight::Kind::ToyDh) {
                        keys->dhPanel()->setToyMode(false);
                        clickLookAt(window, *panel, h);
                        QVERIFY2(keys->isVisible() && keys->dhPanel()->toyMode(), where);
                        const auto toy = crypto::ToyDiffieHellman::create(rh.highlight.toy.p, rh.highlight.toy.g,
                                                                          rh.highlight.toy.a);
                        QVERIFY2(keys->dhPanel()->toyPanel()->publicA() ==
                                     std::optional<std::uint64_t>(toy->publicValue()),
                                 where);
                        continue;
                    }
                    QVERIFY2(*rh.eventIndex < r.shownEvents, where);
                    clickLookAt(window, *panel, h);
                    QVERIFY2(window.selection().current() == qsizetype(*rh.eventIndex),
                             where + " : " + rh.describe().c_str());
                    if (rh.highlight.kind == lesson::Highlight::Kind::Window)
                        QVERIFY2(replay->selectedSa() == QString::fromStdString(rh.highlight.sa),
                                 where + " : Anti-replay shows " + replay->selectedSa().toUtf8());
                }
                if (p.atEnd()) break;
                QVERIFY2(panel->next(), where);
            }
        }
        QVERIFY2(unexplained.isEmpty(),
                 qPrintable("red the lesson does not explain (steps[].red):\n" + unexplained.join('\n')));
        // The horizon is no formality: many anchors come with later events of the same lab step.
        QVERIFY(anchored > 60);
        QVERIFY2(held > 20, QByteArray::number(held));
        window.controller().waitForIdle();
    }

    // Lesson 7, step 2: the text names the A→B window moving from 0 to 1; the Anti-replay dock
    // shows that SA, at right edge 1 (a picture of it for the README's screenshots).
    void lessonSevenStepTwoShowsTheA2BWindow() {
        QSettings().clear();
        MainWindow window;
        window.resize(1366, 768);
        QVERIFY(showWindow(window));
        auto* panel = window.lessonPanel();
        auto* replay = window.findChild<ReplayView*>();
        QString error;
        QVERIFY2(panel->openById("esp-replay", lessonsDir(), &error), qPrintable(error));
        QVERIFY(panel->next());
        settleStep(window, *panel);
        QCOMPARE(QString::fromStdString(panel->player()->reports()[1].anchorId), QString("ESP.A2B.seq1.verdict"));
        QTRY_COMPARE(replay->selectedSa(), QString("A2B"));
        // The header tells the window as the strip draws it: edge 1 once the packet has landed.
        QTRY_VERIFY2(replay->windowText().contains("right edge 1"), qPrintable(replay->windowText()));
        QVERIFY(window.dock("replay")->isVisible());
        QTest::qWait(600); // the strip's animation
        QVERIFY(window.grab().save(screensDir() + "/lesson7-step2.png"));
    }

    // Lesson 1, the happy path, ends without red: the Delete waits for the third echo reply, and
    // both sites' badges leave "established" when the Delete removes their SAs.
    void lessonOneEndsWithoutRedAndWithTheTunnelDeleted() {
        QSettings().clear();
        MainWindow window;
        QVERIFY(showWindow(window));
        auto* panel = window.lessonPanel();
        QVERIFY(panel->openById("five-phases", lessonsDir()));
        const auto badRows = [&window] {
            QStringList bad;
            for (const DiagramRow& row : window.diagram().rows())
                if (row.isBad()) bad << row.label + ": " + row.reason;
            return bad;
        };
        while (!panel->player()->atEnd()) {
            QVERIFY(panel->next());
            settleStep(window, *panel);
            QVERIFY2(badRows().isEmpty(), qPrintable(badRows().join('\n')));
            if (panel->player()->reports().back().anchorId == "echo.3.reply") {
                QVERIFY(window.diagram().currentState(lab::Origin::SiteA)->text.contains("established"));
                QVERIFY2(panel->actionsText().contains("Site A deletes the tunnel"), qPrintable(panel->actionsText()));
                QVERIFY(!panel->actionsText().contains("delete-ike"));
            }
        }
        // The lab ran on to its end: no red there either, and no packet refused.
        window.controller().read([](const lab::Lab& lab) {
            QCOMPARE(lab.status().legitimateRejected, std::uint64_t(0));
            QCOMPARE(lab.status().unknownSpiA + lab.status().unknownSpiB, std::uint64_t(0));
        });
        for (const lab::Origin site : {lab::Origin::SiteA, lab::Origin::SiteB}) {
            const auto& state = window.diagram().currentState(site);
            QVERIFY(state.has_value());
            QVERIFY2(state->text.contains("deleted") && !state->text.contains("established"), qPrintable(state->text));
            QVERIFY2(state->detail.startsWith("DELETED"), qPrintable(state->detail));
        }
        window.controller().waitForIdle();
    }

    // Finish on the last step: the lesson complete, with the score and the goals; Back returns.
    void lessonCompleteWithTheScore() {
        QSettings().clear();
        const lesson::Lesson l = mainMode();
        Rig rig;
        QVERIFY(rig.panel.open(l));
        const std::size_t choiceStep = questionStep(l, lesson::Question::Kind::Choice);
        rig.walkTo(choiceStep);
        QVERIFY(rig.panel.answerChoice(int(l.steps[choiceStep].question->answerIndex)));
        rig.walkTo(l.steps.size() - 1);
        auto* next = rig.panel.findChild<QPushButton*>("lessonNext");
        QVERIFY(next->isEnabled());
        QCOMPARE(next->text(), QString("Finish ✓"));
        QVERIFY(!rig.panel.complete());
        QTest::mouseClick(next, Qt::LeftButton);
        QVERIFY(rig.panel.complete());
        const QString summary = rig.panel.shownText();
        QVERIFY2(summary.contains("Lesson complete") &&
                     summary.contains(QString("Score: 1 of %1 questions right").arg(l.questionCount())),
                 qPrintable(summary));
        QVERIFY(summary.contains(QString::fromStdString(l.goals.front())));
        QVERIFY(!next->isEnabled());
        QVERIFY(rig.panel.back());
        QVERIFY(!rig.panel.complete());
        QCOMPARE(rig.panel.player()->currentStep(), std::optional<std::size_t>(l.steps.size() - 1));
        rig.controller.waitForIdle();
    }

    // The keyboard, in the window: Alt+N and Alt+B move the lesson from wherever the focus is (the
    // diagram), Enter on a chosen answer submits it, Alt+C checks; the window's own shortcuts
    // (Ctrl+Right steps the lab) still work beside them.
    void keyboardShortcutsAndEnter() {
        QSettings().clear();
        const lesson::Lesson l = mainMode();
        MainWindow window;
        window.start();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto* panel = window.lessonPanel();
        QVERIFY(panel->open(l));
        settleStep(window, *panel);
        window.diagramView()->setFocus();
        QTest::keyClick(&window, Qt::Key_N, Qt::AltModifier);
        QCOMPARE(panel->player()->currentStep(), std::optional<std::size_t>(1));
        QTest::keyClick(&window, Qt::Key_B, Qt::AltModifier);
        QCOMPARE(panel->player()->currentStep(), std::optional<std::size_t>(0));
        // Behind another dock, Alt+N still works and brings the lesson forward.
        window.raiseDock("keys");
        window.diagramView()->setFocus();
        QTest::keyClick(&window, Qt::Key_N, Qt::AltModifier);
        QCOMPARE(panel->player()->currentStep(), std::optional<std::size_t>(1));
        QTRY_VERIFY(panel->isVisible());

        const std::size_t choiceStep = questionStep(l, lesson::Question::Kind::Choice);
        while (panel->player()->currentStep() < choiceStep) QTest::keyClick(&window, Qt::Key_N, Qt::AltModifier);
        settleStep(window, *panel);
        window.raiseDock("lesson");
        QCoreApplication::processEvents();
        const auto radios = panel->findChildren<QRadioButton*>();
        const lesson::Question& choice = *l.steps[choiceStep].question;
        QRadioButton* right = radios[int(choice.answerIndex)];
        QTest::mouseClick(right, Qt::LeftButton);
        QVERIFY(right->hasFocus() && right->isChecked());
        QTest::keyClick(right, Qt::Key_Return);
        const auto feedback = [panel] { return panel->findChild<QLabel*>("lessonFeedback")->text(); };
        QVERIFY2(feedback().startsWith("✔"), qPrintable(feedback()));
        QCOMPARE(panel->progress()->steps[choiceStep].attempts, std::uint32_t(1));

        // A value question: typed, then Enter; then Alt+C checks again from the diagram.
        const std::size_t valueStep = questionStep(l, lesson::Question::Kind::Value, choiceStep + 1);
        while (panel->player()->currentStep() < valueStep) QTest::keyClick(&window, Qt::Key_N, Qt::AltModifier);
        settleStep(window, *panel);
        window.raiseDock("lesson");
        QCoreApplication::processEvents();
        auto* edit = panel->findChild<QLineEdit*>("lessonValue");
        edit->setFocus();
        QTest::keyClicks(edit, "zz");
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY2(feedback().startsWith("✘"), qPrintable(feedback()));
        QCOMPARE(panel->progress()->steps[valueStep].attempts, std::uint32_t(1));
        window.diagramView()->setFocus();
        QTest::keyClick(&window, Qt::Key_C, Qt::AltModifier);
        QCOMPARE(panel->progress()->steps[valueStep].attempts, std::uint32_t(2));

        // The window's Step (Ctrl+Right) beside them: it first shows what the step held back.
        const qsizetype shown = eventsShown(window);
        const std::size_t size = windowTimelineSize(window);
        QVERIFY(window.controller().holdingBack() == (size > std::size_t(shown)));
        QTest::keyClick(&window, Qt::Key_Right, Qt::ControlModifier);
        window.controller().waitForIdle();
        QVERIFY(eventsShown(window) > shown);
        window.controller().waitForIdle();
    }

    // The status line tells what the views show: a step whose action runs the clock a minute on
    // (held back behind its anchor) leaves the step count and the clock at the anchor's.
    void statusLineKeepsToWhatIsShown() {
        QSettings().clear();
        auto l = lesson::LessonLoader::fromJson(
            R"({"format": 1, "id": "status-test", "title": "Status", "goals": ["Read the status line"],
            "scenario": "main-quick", "seed": 1,
            "steps": [{"anchor": "SPD.A-to-B.acquire", "text": "The acquire.", "actions": [{"fast-forward": 60}]}]})",
            "status-test.json");
        QVERIFY2(l, l ? "" : l.error().toString().c_str());
        MainWindow window;
        QVERIFY(showWindow(window));
        auto* panel = window.lessonPanel();
        QVERIFY(panel->open(*l));
        settleStep(window, *panel);
        QVERIFY(window.controller().holdingBack());
        std::size_t steps = 0;
        lab::Timestamp now{0}, acquired{0};
        window.controller().read([&](const lab::Lab& lab) {
            steps = lab.stepCount();
            now = lab.now();
            acquired = lab.timeline().find("SPD.A-to-B.acquire")->time;
        });
        QVERIFY(steps > 1 && now >= std::chrono::seconds(60)); // the lab went on behind the horizon
        QString status;
        for (const QLabel* label : window.statusBar()->findChildren<QLabel*>()) status += label->text() + '\n';
        QVERIFY2(status.contains(QStringLiteral("step 1 · %1").arg(formatTime(acquired))), qPrintable(status));
        QTest::keyClick(&window, Qt::Key_Right, Qt::ControlModifier); // Step shows the rest
        window.controller().waitForIdle();
        QVERIFY(!window.controller().holdingBack());
        status.clear();
        for (const QLabel* label : window.statusBar()->findChildren<QLabel*>()) status += label->text() + '\n';
        QVERIFY2(status.contains(QStringLiteral("step %1 · %2").arg(steps).arg(formatTime(now))), qPrintable(status));
    }

    // A step's fast-forward runs under the window's progress bar (here at a lab PC's 1366×768, and
    // at a projector's text size), and Cancel, clicked while the worker is held at a report (the
    // fast-forward under way, whatever the machine's speed), leaves the window's lab where it got to; the lesson goes
    // back to the step before, that step not counted as reached, and Next replays it in full.
    void cancelledFastForwardStepIsNotReached() {
        QSettings().clear();
        auto l = lesson::LessonLoader::fromJson(
            R"({"format": 1, "id": "ff-cancel", "title": "Fast-forward", "goals": ["Wait"],
            "scenario": "main-quick", "seed": 1,
            "steps": [{"anchor": "SPD.A-to-B.acquire", "text": "The acquire.", "actions": [{"traffic": 10000}]},
                      {"text": "A long wait.", "actions": [{"fast-forward": 7200}, {"site": "B", "action": "silence"}]},
                      {"text": "After the wait."}]})",
            "ff-cancel.json");
        QVERIFY2(l, l ? "" : l.error().toString().c_str());
        for (const int points : {0, 16}) {
            QSettings().clear(); // the first pass's progress
            MainWindow window;
            window.fitTo({1366, 768});
            if (points > 0) window.setTextSize(points);
            const auto defaultSize = qScopeGuard(
                [&window] { window.setTextSize(0); }); // the app's font, for the tests after
            QVERIFY(showWindow(window));
            LessonPanel* panel = window.lessonPanel();
            QVERIFY(panel->open(*l));
            settleStep(window, *panel);
            const lesson::LessonProgress before = panel->player()->progress();
            QVERIFY(!before.steps[1].reached);

            // Lock-step: the worker waits at each report of the fast-forward until the GUI thread
            // has taken it in, and is let go on only while the bar is still hidden; so it is held,
            // the fast-forward under way, while the bar shows and Cancel is clicked.
            QSemaphore hold;
            LabController& controller = window.controller();
            // The GUI thread's connection first: the worker's own blocks the slots connected after it.
            const QMetaObject::Connection connections[] = {
                QObject::connect(&controller, &LabController::progressed, panel,
                                 [&](const LabProgress& p) {
                                     // Let go a while later, so that three reports show the bar
                                     // however fast the machine steps.
                                     if (p.task == LabProgress::Task::FastForward && window.runProgress()->isHidden())
                                         QTimer::singleShot(RunProgress::kShowAfterMs / 3, panel,
                                                            [&hold] { hold.release(); });
                                 }),
                QObject::connect(
                    &controller, &LabController::progressed, &controller,
                    [&hold](const LabProgress& p) {
                        if (p.task == LabProgress::Task::FastForward) hold.acquire();
                    },
                    Qt::DirectConnection)};
            const auto letGo = qScopeGuard([&] {
                for (const auto& c : connections) QObject::disconnect(c);
                hold.release(1000);
            });
            QVERIFY(panel->next());
            QTRY_VERIFY_WITH_TIMEOUT(window.runProgress()->isVisible(), 60000);
            QVERIFY2(window.runProgress()->bar()->text().endsWith(QLocale().toString(7200.0, 'f', 1) + " s"),
                     qPrintable(window.runProgress()->bar()->text()));
            QVERIFY(window.grab().save(screensDir() + QStringLiteral("/lesson-fast-forward-1366x768%1.png")
                                                          .arg(points > 0 ? QStringLiteral("-text16") : QString())));
            QTest::mouseClick(window.runProgress()->cancelButton(), Qt::LeftButton);
            for (const auto& c : connections) QObject::disconnect(c);
            hold.release();
            window.controller().waitForIdle();
            QTRY_COMPARE(panel->player()->currentStep(), std::optional<std::size_t>(0));
            QVERIFY(window.runProgress()->isHidden());
            QVERIFY(!panel->player()->progress().steps[1].reached);
            QCOMPARE(panel->player()->progress(), before);
            QVERIFY2(panel->noticeText().startsWith("Stopped on the way"), qPrintable(panel->noticeText()));
            const lab::Timestamp target = std::chrono::seconds(7200);
            window.controller().read([&](const lab::Lab& lab) {
                QVERIFY(lab.now() < target);
                QVERIFY(lab.timeline().back().id.rfind("clock.fast-forward-stopped", 0) == 0);
                for (const lab::LoggedAction& entry : lab.actionLog())
                    QVERIFY(entry.action.kind != lab::LabAction::Kind::SiteAction); // the silence undone
            });
            if (points > 0) continue;
            QVERIFY(window.grab().save(screensDir() + "/lesson-fast-forward-cancelled-1366x768.png"));

            // Next again: the window's lab restarts and catches up with the lesson's, in full.
            QVERIFY(panel->next());
            QCOMPARE(panel->player()->currentStep(), std::optional<std::size_t>(1));
            settleStep(window, *panel);
            QVERIFY(panel->player()->progress().steps[1].reached);
            window.controller().read([&](const lab::Lab& lab) {
                QVERIFY(lab.now() >= target);
                QCOMPARE(lab.actionLog().back().action.kind, lab::LabAction::Kind::SiteAction);
            });
        }
    }

    // Teacher › Export the worksheet asks as the window's other exports do: in the folder used
    // last, on a name with the lesson and its seed; the folder is remembered for every export, and
    // the status bar confirms with a button that opens it.
    void worksheetExportAsksLikeTheWindowsExports() {
        QSettings().clear();
        QTemporaryDir earlier, chosen;
        ExportPath::remember(earlier.filePath("report.pdf"));
        MainWindow window;
        window.setTeacherMode(true); // the Teacher menu is teacher mode's
        QVERIFY(showWindow(window));
        auto* panel = window.lessonPanel();
        QVERIFY(panel->openById("main-mode", lessonsDir()));
        QVERIFY(panel->setSeed(7));
        auto* teacher = panel->findChild<QToolButton*>("teacherButton");
        QVERIFY(teacher->isVisible());
        emit teacher->menu()->aboutToShow(); // the menu fills itself as it opens
        auto* worksheet = teacher->menu()->findChild<QAction*>(QStringLiteral("exportWorksheet"));
        QVERIFY(worksheet);
        QString folderShown, nameShown;
        test::whenShown<QFileDialog>([&](QFileDialog* dialog) {
            folderShown = dialog->directory().absolutePath();
            auto* typed = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            nameShown = typed ? typed->text() : QString();
            if (typed) typed->setText(chosen.filePath("sheet.html"));
            QMetaObject::invokeMethod(dialog, "accept");
        });
        worksheet->trigger();
        QCOMPARE(folderShown, earlier.path());
        QCOMPARE(nameShown, QString("main-mode-seed7-worksheet.pdf"));
        QVERIFY(QFile::exists(chosen.filePath("sheet.html")));
        QCOMPARE(ExportPath::lastFolder(), chosen.path()); // one remembered folder for all exports
        const QString confirmed = ExportPath::confirmation(*window.statusBar());
        QVERIFY2(confirmed.contains("sheet.html"), qPrintable(confirmed));
        QVERIFY(window.statusBar()->findChild<QToolButton*>("openExportFolder"));
    }

    // A step's headings are sized from the text's font, and follow it when it changes (Ctrl++
    // for a projector) without waiting for the next step.
    void headingsFollowTheTextSize() {
        QSettings().clear();
        Rig rig;
        rig.panel.resize(440, 700);
        rig.panel.show();
        QVERIFY(rig.panel.open(mainMode())); // step 1 opens with "# MM1: ..."
        auto* text = rig.panel.findChild<QTextBrowser*>();
        QVERIFY(text);
        const auto sizes = [text] {
            QTextBlock heading = text->document()->begin();
            while (heading.isValid() && heading.blockFormat().headingLevel() == 0) heading = heading.next();
            const double size = heading.isValid() ? heading.begin().fragment().charFormat().fontPointSize() : 0;
            return std::make_pair(size, text->font().pointSizeF());
        };
        const auto [before, baseBefore] = sizes();
        QVERIFY(before > baseBefore);
        QFont larger = rig.panel.font();
        larger.setPointSizeF(baseBefore * 2);
        rig.panel.setFont(larger);
        QCoreApplication::processEvents();
        const auto [after, baseAfter] = sizes();
        QCOMPARE(baseAfter, baseBefore * 2);
        QCOMPARE(after / baseAfter, before / baseBefore); // the same share of a larger text
    }

    // The question does not move when Check answers: its room for the feedback is kept.
    void questionStaysStillAfterCheck() {
        QSettings().clear();
        const lesson::Lesson l = mainMode();
        Rig rig;
        rig.panel.resize(440, 760);
        rig.panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&rig.panel));
        QVERIFY(rig.panel.open(l));
        const std::size_t choiceStep = questionStep(l, lesson::Question::Kind::Choice);
        rig.walkTo(choiceStep);
        QCoreApplication::processEvents();
        const auto radios = rig.panel.findChildren<QRadioButton*>();
        auto* check = rig.panel.findChild<QPushButton*>("lessonCheck");
        const QPoint radioBefore = radios[0]->mapTo(&rig.panel, QPoint());
        const QPoint checkBefore = check->mapTo(&rig.panel, QPoint());
        QTest::mouseClick(radios[0], Qt::LeftButton);
        QTest::mouseClick(check, Qt::LeftButton);
        QCoreApplication::processEvents();
        QVERIFY(!rig.feedback().isEmpty());
        QCOMPARE(radios[0]->mapTo(&rig.panel, QPoint()), radioBefore);
        QCOMPARE(check->mapTo(&rig.panel, QPoint()), checkBefore);
        rig.controller.waitForIdle();
    }

    // The browser opens on the lesson open (or opened last), not always on the first.
    void browserHighlightsTheCurrentLesson() {
        LessonBrowser browser(lessonsDir(), nullptr, "esp-replay");
        QCOMPARE(browser.chosen()->id, std::string("esp-replay"));
        LessonBrowser fresh(lessonsDir());
        QCOMPARE(fresh.chosen()->id, std::string("tour")); // the first: lesson 0
    }

    // A reading part shows no lab (lesson 2 opens on nothing of lesson 1's run).
    void readingPartShowsNoLab() {
        QSettings().clear();
        MainWindow window;
        QVERIFY(showWindow(window));
        window.controller().waitForIdle();
        QVERIFY(window.controller().hasLab());
        auto* panel = window.lessonPanel();
        QVERIFY(panel->openById("diffie-hellman", lessonsDir()));
        QTRY_VERIFY(!window.controller().hasLab());
        window.controller().waitForIdle();
        QCOMPARE(eventsShown(window), qsizetype(0));
        // Its first step, Diffie-Hellman by hand, opens the Keys dock's by-hand page on a worked example.
        auto* keys = window.findChild<KeysView*>();
        QTRY_VERIFY(keys->isVisible() && keys->dhPanel()->toyMode());
        QCOMPARE(keys->dhPanel()->toyPanel()->publicA(), std::optional<std::uint64_t>(4)); // 5^4 mod 23
        QCOMPARE(window.diagram().rowCount(), qsizetype(0));
        while (!panel->player()->lab()) QVERIFY(panel->next());
        settleStep(window, *panel);
        QVERIFY(window.controller().hasLab());
        QCOMPARE(eventsShown(window), qsizetype(panel->player()->reports().back().shownEvents));
    }

    // Lesson 2's by-hand page belongs to the step shown: Back from step 3 (a = 9, b = 15: other
    // numbers than its question's exercise) to step 2 puts step 1's worked example back (a = 4,
    // b = 3), not step 3's numbers.
    void backSetsTheByHandPageOfTheStep() {
        QSettings().clear();
        MainWindow window;
        QVERIFY(showWindow(window));
        auto* panel = window.lessonPanel();
        auto* toy = window.findChild<KeysView*>()->dhPanel()->toyPanel();
        QVERIFY(panel->openById("diffie-hellman", lessonsDir()));
        QTRY_VERIFY(panel->highlightsDone());
        QCOMPARE(toy->publicA(), std::optional<std::uint64_t>(4)); // 5^4 mod 23, a = 4
        QVERIFY(panel->next() && panel->next());                   // step 3: its own numbers
        QTRY_VERIFY(panel->highlightsDone());
        QCOMPARE(toy->publicA(), std::optional<std::uint64_t>(11)); // 5^9 mod 23
        QCOMPARE(toy->publicB(), std::optional<std::uint64_t>(19)); // 5^15 mod 23
        QVERIFY(panel->back());                                     // step 2
        QTRY_VERIFY(panel->highlightsDone());
        QCOMPARE(toy->publicA(), std::optional<std::uint64_t>(4));
        QCOMPARE(toy->publicB(), std::optional<std::uint64_t>(10)); // 5^3 mod 23
        QVERIFY(panel->next());                                     // onward, step 3 sets its own numbers again
        QTRY_VERIFY(panel->highlightsDone());
        QCOMPARE(toy->publicA(), std::optional<std::uint64_t>(11));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lesson_panel.moc"
