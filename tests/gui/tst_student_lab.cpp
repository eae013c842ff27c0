// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A student's lab (issue 16): a lab code typed or a lab card opened sets the seed of the lab and of
// every lesson, the status bar and the exports name the student, every answer attempt is recorded
// and handed in as a results file that validates; the class's settings hold (attempts allowed, no
// Back past an answered question, failure causes hidden in the diagram); and the Teacher menu is
// teacher mode's, never a student's.

#include <QAction>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "TestData.h"
#include "capture/PcapngReader.h"
#include "classroom/ClassFile.h"
#include "classroom/Grader.h"
#include "classroom/LabCode.h"
#include "classroom/Results.h"
#include "lab/BuiltinScenarios.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonPlayer.h"
#include "lesson/LessonProgress.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/ExportPath.h"
#include "ui/common/LabController.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/window/LabCodeDialog.h"
#include "ui/window/MainWindow.h"
#include "ui/window/StudentSession.h"
#include "ui/window/TransportControls.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

constexpr std::uint64_t kSeed = 424242;

std::string lessonsDir() { return (test::sourceDir() + "/lessons").toStdString(); }

classroom::LabCard typedCard(std::uint64_t seed = kSeed) {
    classroom::LabCard card;
    card.code = classroom::encodeLabCode(seed);
    card.studentId = "s01";
    card.name = "Ada Lovelace";
    return card;
}

// A class of two with these settings, and the first student's card written to `path`.
classroom::LabCard writeCard(const QString& path, const classroom::ClassSettings& settings) {
    const classroom::ClassSet set = classroom::makeClass("Networks 2", Bytes(32, 7), {"main-mode"}, settings,
                                                         {{"s01", "Ada Lovelace", 2}, {"s02", "Alan Turing", 3}});
    const classroom::LabCard card = classroom::cardFor(set, set.students.front());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(QByteArray::fromStdString(classroom::toJson(card)));
    return card;
}

// Pictures of what the tests saw, beside the test program, to look at.
void saveScreen(QWidget& widget, const QString& name) {
    const QString dir = QCoreApplication::applicationDirPath() + "/tst_student_lab-screens";
    QDir().mkpath(dir);
    QTest::qWait(300); // laid out, the lab caught up
    widget.grab().save(dir + "/" + name + ".png");
}

bool showWindow(MainWindow& window) {
    window.start();
    window.show();
    return QTest::qWaitForWindowExposed(&window);
}

std::uint64_t labSeed(const MainWindow& window) {
    window.controller().waitForIdle();
    std::uint64_t seed = 0;
    window.controller().read([&seed](const lab::Lab& lab) { seed = lab.seed(); });
    return seed;
}

std::size_t questionStep(const lesson::Lesson& l, lesson::Question::Kind kind, std::size_t from = 0) {
    for (std::size_t i = from; i < l.steps.size(); ++i)
        if (l.steps[i].question && l.steps[i].question->kind == kind && !l.steps[i].question->predict) return i;
    qFatal("no such question");
}

void walkTo(LessonPanel& panel, std::size_t step) {
    while (panel.player()->currentStep() < step) QVERIFY(panel.next());
}

// Every text the diagram shows or tells on hover.
QString diagramText(const DiagramRows& rows) {
    QStringList all;
    for (const DiagramRow& row : rows.rows()) {
        all << row.label << row.reason;
        for (const DiagramMark& mark : row.marks) all << mark.text << mark.detail;
    }
    return all.join(QLatin1Char('\n'));
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestStudentLab : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        QStandardPaths::setTestModeEnabled(true);
    }

    void init() {
        QSettings().clear();
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/results").removeRecursively();
    }

    // A typed code is checked as typed: decodeLabCode's message under the field, OK only once it decodes.
    void theDialogChecksTheCodeAsTyped() {
        LabCodeDialog dialog;
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        const std::string good = classroom::encodeLabCode(kSeed);
        std::string typo = good;
        typo[2] = typo[2] == 'A' ? 'B' : 'A';
        QTest::keyClicks(dialog.codeEdit(), QString::fromStdString(typo));
        QVERIFY(!ok->isEnabled());
        auto* problem = dialog.findChild<QLabel*>("labCodeProblem");
        QCOMPARE(problem->text(), QString::fromStdString(classroom::decodeLabCode(typo).error().message));
        dialog.show();
        saveScreen(dialog, "dialog-typo");
        dialog.codeEdit()->clear();
        QTest::keyClicks(dialog.codeEdit(), QString::fromStdString(good).toLower().remove('-'));
        QVERIFY(ok->isEnabled());
        QVERIFY(problem->text().isEmpty());
        QTest::keyClicks(dialog.idEdit(), "s01");
        QTest::keyClicks(dialog.nameEdit(), "Ada Lovelace");
        QCOMPARE(dialog.card().code, good);
        QCOMPARE(dialog.card().name, std::string("Ada Lovelace"));
        QCOMPARE(dialog.card().settings, classroom::ClassSettings{});
    }

    // A typed code: the seed of the lab and of the lesson, the name and code in the status bar, the
    // seed not the student's to change; two questions answered (one wrong then right), handed in, and
    // the file validates and holds the attempts.
    void aTypedCodeRecordsEveryAttemptAndHandsIn() {
        MainWindow window;
        QVERIFY(showWindow(window));
        QVERIFY(!window.findChild<QAction*>("handIn")->isEnabled());
        QVERIFY(window.findChild<QAction*>("handIn")->toolTip().contains("lab code"));
        QString error;
        QVERIFY2(window.openStudentLab(typedCard(), &error), qPrintable(error));
        const QString code = QString::fromStdString(classroom::encodeLabCode(kSeed));
        auto* label = window.statusBar()->findChild<QLabel*>("studentLabel");
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), "Ada Lovelace · " + code);
        QCOMPARE(labSeed(window), kSeed);
        QVERIFY(!window.transport()->newSeedAction()->isEnabled());
        QVERIFY(!window.transport()->seedEdit()->isEnabled());
        QVERIFY(window.transport()->seedEdit()->toolTip().contains("lab code sets the seed"));
        window.transport()->newSeedAction()->trigger(); // disabled: nothing happens
        QCOMPARE(labSeed(window), kSeed);

        LessonPanel& panel = *window.lessonPanel();
        QVERIFY(panel.openById("main-mode", lessonsDir(), &error, /*seed=*/7)); // the code wins over any seed
        QCOMPARE(panel.player()->seedAt(0), std::optional<std::uint64_t>(kSeed));
        QCOMPARE(labSeed(window), kSeed);
        const lesson::Lesson& l = panel.player()->lesson();
        const std::size_t choiceStep = questionStep(l, lesson::Question::Kind::Choice);
        walkTo(panel, choiceStep);
        const std::size_t right = l.steps[choiceStep].question->answerIndex;
        QVERIFY(panel.answerChoice(int(right == 0 ? 1 : 0)));
        QVERIFY(panel.answerChoice(int(right)));
        const std::size_t valueStep = questionStep(l, lesson::Question::Kind::Value);
        walkTo(panel, valueStep);
        const std::string value = *panel.player()->reports()[valueStep].expected;
        QVERIFY(panel.answerValue(QString::fromStdString(value)));

        // The progress is the code's, apart from the lessons' own.
        QVERIFY(QSettings().contains(LessonPanel::progressKey("main-mode", code)));
        QVERIFY(!QSettings().contains(LessonPanel::settingsKey("main-mode")));

        QTemporaryDir out;
        QVERIFY(window.findChild<QAction*>("handIn")->isEnabled());
        QCOMPARE(window.student().handInFileName(), "s01-" + code + "-results.json");
        const QString path = out.filePath(window.student().handInFileName());
        QVERIFY2(window.handIn(path, &error), qPrintable(error));
        QVERIFY(ExportPath::confirmation(*window.statusBar()).contains(QDir::toNativeSeparators(path)));
        const QByteArray text = readAll(path);
        auto results = classroom::resultsFromJson(text.toStdString(), "handed in");
        QVERIFY2(results, results ? "" : results.error().toString().c_str());
        QCOMPARE(results->code, code.toStdString());
        QCOMPARE(results->studentId, std::string("s01"));
        QCOMPARE(results->name, std::string("Ada Lovelace"));
        QCOMPARE(results->questions.size(), std::size_t{2});
        const classroom::QuestionRecord& choice = results->questions[0];
        QCOMPARE(choice.lesson, std::string("main-mode"));
        QCOMPARE(choice.step, choiceStep);
        QCOMPARE(choice.attempts.size(), std::size_t{2});
        QVERIFY(!choice.attempts[0].right && choice.attempts[1].right);
        QCOMPARE(choice.attempts[1].answer.picks, std::vector<std::size_t>{right});
        QVERIFY(QDateTime::fromString(QString::fromStdString(choice.attempts[0].time), Qt::ISODate).isValid());
        QVERIFY(choice.attempts[0].time.back() == 'Z');
        const classroom::QuestionRecord& typed = results->questions[1];
        QCOMPARE(typed.step, valueStep);
        QCOMPARE(typed.attempts.size(), std::size_t{1});
        QCOMPARE(typed.attempts[0].answer.typed, value);
        QVERIFY(typed.attempts[0].right);

        // Closed: the window as before, the lesson on its own seed again; the answers stay on disk.
        window.findChild<QAction*>("closeLabCode")->trigger();
        QVERIFY(!label->isVisible() && !window.findChild<QAction*>("handIn")->isEnabled());
        QVERIFY(window.transport()->newSeedAction()->isEnabled() && window.transport()->seedEdit()->isEnabled());
        QCOMPARE(panel.player()->seedAt(0), panel.player()->lesson().seed); // the lesson's own (1)
        QVERIFY(panel.player()->seedAt(0) != std::optional<std::uint64_t>(kSeed));
        QVERIFY(panel.studentCode().isEmpty());

        // Kept across a restart: the same code opened again finds the same attempts.
        StudentSession again;
        QVERIFY(again.open(typedCard()));
        QCOMPARE(QByteArray::fromStdString(classroom::toJson(again.results())), text);
    }

    // What the window records is what the grader reads: every question of a lesson answered in the
    // dock (some right, some wrong; a prediction changed from right to wrong before Next, which the
    // dock judges by the last one), handed in, and graded from the class file alone — each question
    // graded right exactly when the dock said so.
    void aHandedInFileGradesAsTheDockJudged() {
        const classroom::ClassSet set = classroom::makeClass("Networks 2", Bytes(32, 7), {"esp-replay"}, {},
                                                             {{"s01", "Ada Lovelace", 2}, {"s02", "Alan Turing", 3}});
        MainWindow window;
        QVERIFY(showWindow(window));
        QString error;
        QVERIFY2(window.openStudentLab(classroom::cardFor(set, set.students.front()), &error), qPrintable(error));
        LessonPanel& panel = *window.lessonPanel();
        QVERIFY2(panel.openById("esp-replay", lessonsDir(), &error), qPrintable(error));
        const lesson::Lesson& l = panel.player()->lesson();
        std::size_t asked = 0, predicted = 0;
        for (std::size_t step = 0; step < l.steps.size(); ++step) {
            walkTo(panel, step);
            if (!l.steps[step].question) continue;
            const lesson::Question& q = *l.steps[step].question;
            const bool tryRight = asked++ % 2 == 0;
            using Kind = lesson::Question::Kind;
            const int wrongChoice = int((q.answerIndex + 1) % std::max<std::size_t>(q.choices.size(), 1));
            if (q.kind == Kind::Value || q.kind == Kind::Number) {
                const auto& expected = panel.player()->reports()[step].expected;
                QVERIFY(panel.answerValue(tryRight && expected ? QString::fromStdString(*expected) : "12345"));
            } else if (q.kind == Kind::Choice && q.predict) {
                QVERIFY(panel.answerChoice(int(q.answerIndex)));                    // right first ...
                if (predicted++ % 2 == 0) QVERIFY(panel.answerChoice(wrongChoice)); // ... then changed: the last counts
            } else if (q.kind == Kind::Choice) {
                QVERIFY(panel.answerChoice(tryRight ? int(q.answerIndex) : wrongChoice));
            } else if (q.kind == Kind::MultiSelect || q.kind == Kind::Ordering) {
                QVERIFY(panel.answerChoices(tryRight && q.kind == Kind::MultiSelect ? q.answerSet
                                                                                    : std::vector<std::size_t>{0}));
            }
        }
        QVERIFY(panel.next() || panel.complete()); // a last prediction is revealed by reaching the end
        QVERIFY(asked >= 10);

        QTemporaryDir out;
        const QString path = out.filePath("handed-in.json");
        QVERIFY2(window.handIn(path, &error), qPrintable(error));
        const lesson::LessonFolder folder = lesson::LessonLibrary::loadFolder(lessonsDir());
        auto graded = classroom::grade(set, folder.lessons, {{"handed-in.json", readAll(path).toStdString()}});
        QVERIFY2(graded, graded ? "" : graded.error().toString().c_str());
        QVERIFY2(graded->problems.empty(), graded->problems.empty() ? "" : graded->problems.front().c_str());
        const classroom::StudentGrade& ada = graded->students.front();
        QCOMPARE(ada.status, std::string("graded"));
        QCOMPARE(ada.lessons.size(), std::size_t{1});
        const lesson::LessonProgress& progress = panel.player()->progress();
        std::size_t rightInDock = 0;
        for (const classroom::QuestionGrade& g : ada.lessons.front().questions) {
            const std::size_t step = std::stoul(g.questionId.substr(g.questionId.find('/') + 1)) - 1;
            QVERIFY2(g.answered == progress.steps[step].answered, g.questionId.c_str());
            QVERIFY2(g.right == progress.steps[step].right, g.questionId.c_str());
            rightInDock += progress.steps[step].right;
        }
        QCOMPARE(ada.score(), rightInDock);
        QVERIFY(rightInDock > 0 && rightInDock < ada.questionCount()); // some right, some wrong
        QCOMPARE(graded->students.back().status, std::string("not handed in"));
    }

    // The exports say whose they are: the report's header, the capture's section comment, the diagram.
    void exportsNameTheStudent() {
        MainWindow window;
        QVERIFY(showWindow(window));
        QVERIFY(window.openStudentLab(typedCard()));
        window.controller().runToEnd();
        window.controller().waitForIdle();
        const QString who = "Ada Lovelace · " + QString::fromStdString(classroom::encodeLabCode(kSeed));
        QTemporaryDir out;
        QString error;
        QVERIFY2(window.exportReport(out.filePath("report.html"), &error), qPrintable(error));
        QVERIFY(QString::fromUtf8(readAll(out.filePath("report.html"))).contains(who.toHtmlEscaped()));
        QVERIFY2(window.exportDiagram(out.filePath("diagram.svg"), &error), qPrintable(error));
        QVERIFY(QString::fromUtf8(readAll(out.filePath("diagram.svg"))).contains(who));
        QSignalSpy exported(&window.controller(), &LabController::exported);
        window.exportCapture(out.filePath("lab.pcapng"));
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 20000);
        const auto capture = capture::PcapngReader::readFile(out.filePath("lab.pcapng").toStdString());
        QVERIFY(capture);
        QVERIFY2(QString::fromStdString(capture->sectionComment).contains(who), capture->sectionComment.c_str());
    }

    // A lab card brings the class's settings: one attempt per question (Check disabled after a wrong
    // answer, and the dock says so), no Back past an answered question (the button disabled, and why).
    void aLabCardsSettingsHold() {
        QTemporaryDir dir;
        classroom::ClassSettings settings;
        settings.attemptsAllowed = 1;
        settings.backPastAnswered = false;
        const classroom::LabCard card = writeCard(dir.filePath("card.json"), settings);
        LabCodeDialog dialog;
        QVERIFY(dialog.loadCard(dir.filePath("card.json")));
        QCOMPARE(dialog.codeEdit()->text(), QString::fromStdString(card.code));
        QCOMPARE(dialog.nameEdit()->text(), QString("Ada Lovelace"));
        QVERIFY(dialog.codeEdit()->isReadOnly());
        QCOMPARE(dialog.card(), card);
        QVERIFY(!dialog.loadCard(dir.filePath("no-such-card.json")));

        MainWindow window;
        QVERIFY(showWindow(window));
        QVERIFY(window.openStudentLab(dialog.card()));
        QCOMPARE(labSeed(window), *classroom::decodeLabCode(card.code));
        LessonPanel& panel = *window.lessonPanel();
        QVERIFY(panel.openById("main-mode", lessonsDir()));
        const lesson::Lesson& l = panel.player()->lesson();
        const std::size_t step = questionStep(l, lesson::Question::Kind::Choice);
        QVERIFY(step > 0);
        walkTo(panel, step);
        auto* check = panel.findChild<QPushButton*>("lessonCheck");
        auto* back = panel.findChild<QPushButton*>("lessonBack");
        auto* attempts = panel.findChild<QLabel*>("lessonAttempts");
        QVERIFY(check->isEnabled() && back->isEnabled());
        QCOMPARE(attempts->text(), QString("1 attempt left."));
        const std::size_t right = l.steps[step].question->answerIndex;
        QVERIFY(panel.answerChoice(int(right == 0 ? 1 : 0)));
        QVERIFY(!check->isEnabled());
        QVERIFY(attempts->isVisible());
        QCOMPARE(attempts->text(), QString("No attempts left for this question."));
        window.resize(1366, 768);
        saveScreen(window, "no-attempts-left");
        QVERIFY(!panel.answerChoice(int(right))); // refused: no attempt left
        QCOMPARE(panel.progress()->steps[step].attempts, 1u);
        QCOMPARE(window.student().results().questions.at(0).attempts.size(), std::size_t{1});
        // Back past the answered question: disabled, and the tooltip says why.
        QVERIFY(!back->isEnabled());
        QVERIFY(back->toolTip().contains("back past a question you answered"));
        QVERIFY(!panel.back());
        QVERIFY(!panel.goTo(0));
        QCOMPARE(panel.player()->currentStep(), std::optional<std::size_t>(step));
        // One step on, Back returns to the answered question, not before it.
        QVERIFY(panel.next());
        QVERIFY(back->isEnabled());
        QVERIFY(panel.back());
        QCOMPARE(panel.player()->currentStep(), std::optional<std::size_t>(step));
        QVERIFY(!back->isEnabled());
    }

    // Without a card (a code typed), the defaults: Back and Check as ever.
    void aTypedCodeKeepsTheDefaults() {
        MainWindow window;
        QVERIFY(showWindow(window));
        QVERIFY(window.openStudentLab(typedCard()));
        LessonPanel& panel = *window.lessonPanel();
        QVERIFY(panel.openById("main-mode", lessonsDir()));
        const lesson::Lesson& l = panel.player()->lesson();
        const std::size_t step = questionStep(l, lesson::Question::Kind::Choice);
        walkTo(panel, step);
        const std::size_t right = l.steps[step].question->answerIndex;
        for (int i = 0; i < 3; ++i) QVERIFY(panel.answerChoice(int(right == 0 ? 1 : 0)));
        QVERIFY(panel.findChild<QPushButton*>("lessonCheck")->isEnabled());
        QVERIFY(panel.findChild<QLabel*>("lessonAttempts")->isHidden());
        QVERIFY(panel.findChild<QPushButton*>("lessonBack")->isEnabled());
        QVERIFY(panel.back());
    }

    // hideFailureNames: the wrong-PSK run's diagram says a failure happened, not which (no notify,
    // no failure kind); the same run without the setting names them.
    void failureNamesHiddenByTheClass() {
        const auto scenario = lab::builtinScenario("wrong-psk-main");
        QVERIFY(scenario);
        for (const bool hide : {false, true}) {
            QTemporaryDir dir;
            classroom::ClassSettings settings;
            settings.hideFailureNames = hide;
            MainWindow window;
            QVERIFY(showWindow(window));
            QVERIFY(window.openStudentLab(writeCard(dir.filePath("card.json"), settings)));
            window.start(*scenario);
            window.controller().runToEnd();
            window.controller().waitForIdle();
            QTRY_VERIFY(window.diagram().rowCount() > 10);
            const QString text = diagramText(window.diagram());
            bool named = false;
            for (const char* cause : {"PAYLOAD-MALFORMED", "psk-mismatch", "pre-shared key"})
                named = named || text.contains(QLatin1String(cause));
            QCOMPARE(named, !hide);
            if (hide) QVERIFY(text.contains("failure") && text.contains("failed: find the cause in the packets"));
        }
    }

    // The Teacher menu: off by default, on in teacher mode (remembered), never in a student's lab.
    void theTeacherMenuIsTeacherModes() {
        {
            MainWindow window;
            QVERIFY(showWindow(window));
            auto* button = window.lessonPanel()->findChild<QToolButton*>("teacherButton");
            QVERIFY(!button->isVisible());
            QVERIFY(!window.teacherMode());
            window.findChild<QAction*>("teacherMode")->trigger();
            QVERIFY(button->isVisible());
            QVERIFY(window.teacherMode());
            QVERIFY(window.openStudentLab(typedCard()));
            QVERIFY(!button->isVisible());
            QVERIFY(!window.findChild<QAction*>("teacherMode")->isEnabled());
            window.setTeacherMode(true); // as --teacher does: still a student's lab
            QVERIFY(!button->isVisible());
        }
        QSettings().setValue("view/teacherMode", true); // View › Teacher mode, remembered
        MainWindow window;
        window.restoreSettings();
        QVERIFY(showWindow(window));
        QVERIFY(window.teacherMode());
        QVERIFY(window.lessonPanel()->findChild<QToolButton*>("teacherButton")->isVisible());
    }

    // The lab code opened last opens again at the next start, its results with it.
    // The answers kept on disk are the code's: the code typed alone at home (no id, no name) goes on
    // from what the card recorded at school, under the card's id and name; a file that does not read
    // is set aside, never overwritten.
    void theCodeTypedAloneGoesOnFromTheCard() {
        {
            StudentSession school;
            QVERIFY(school.open(typedCard()));
            school.record(QStringLiteral("main-mode"), 1, lesson::StudentAnswer{{0}, {}, {}, {}}, false);
        }
        classroom::LabCard home;
        home.code = classroom::encodeLabCode(kSeed);
        StudentSession again;
        QVERIFY(again.open(home));
        QCOMPARE(again.results().questions.size(), std::size_t{1});
        QCOMPARE(again.results().studentId, std::string("s01"));
        QCOMPARE(again.card().name, std::string("Ada Lovelace"));
        QCOMPARE(again.who(), "Ada Lovelace · " + QString::fromStdString(home.code));
    }

    void theLabCodeReopensAtTheNextStart() {
        {
            MainWindow window;
            window.restoreSettings();
            QVERIFY(showWindow(window));
            QVERIFY(window.openStudentLab(typedCard()));
            QVERIFY(window.lessonPanel()->openById("main-mode", lessonsDir()));
            const std::size_t step = questionStep(window.lessonPanel()->player()->lesson(),
                                                  lesson::Question::Kind::Choice);
            walkTo(*window.lessonPanel(), step);
            QVERIFY(window.lessonPanel()->answerChoice(0));
            window.close();
        }
        MainWindow window;
        window.restoreSettings();
        QVERIFY(showWindow(window));
        QVERIFY(window.student().isOpen());
        QCOMPARE(window.student().card().name, std::string("Ada Lovelace"));
        QCOMPARE(window.student().results().questions.size(), std::size_t{1});
        QCOMPARE(labSeed(window), kSeed);
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestStudentLab)
#include "tst_student_lab.moc"
