// The lesson beside the lab, as a student and a teacher use it: a lesson opens, Next moves the
// window's lab along with the lesson's own (same events at the same indexes, the step's highlight
// selected), questions are answered in place — wrong, then right — with the lesson's feedback and
// the progress kept in QSettings, a lesson reopens where it was left, the browser lists the lessons
// and names the broken files, and teacher mode writes the worksheet and the answer key for a seed.

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "TestData.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/LessonProgress.h"
#include "lesson/TimelineLookup.h"
#include "ui/EventSelection.h"
#include "ui/LabController.h"
#include "ui/LessonBrowser.h"
#include "ui/LessonPanel.h"
#include "ui/MainWindow.h"

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
                         [this](const lab::Scenario& s, std::optional<std::uint64_t> seed) { controller.load(s, seed); });
    }
    void walkTo(std::size_t step) {
        while (panel.player()->currentStep() < step) QTest::mouseClick(panel.findChild<QPushButton*>("lessonNext"), Qt::LeftButton);
    }
    std::size_t windowTimelineSize() const {
        std::size_t size = 0;
        controller.read([&size](const lab::Lab& lab) { size = lab.timeline().size(); });
        return size;
    }
    QString feedback() const { return panel.findChild<QLabel*>("lessonFeedback")->text(); }
};

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
        QVERIFY2(rig.feedback().startsWith("✘") && rig.feedback().contains(QString::fromStdString(choice.feedback.wrong)),
                 qPrintable(rig.feedback()));
        QCOMPARE(rig.panel.progress()->steps[choiceStep], (lesson::StepProgress{true, true, false, 1}));
        QTest::mouseClick(radios[int(choice.answerIndex)], Qt::LeftButton);
        QTest::mouseClick(rig.panel.findChild<QPushButton*>("lessonCheck"), Qt::LeftButton);
        QVERIFY2(rig.feedback().startsWith("✔") && rig.feedback().contains(QString::fromStdString(choice.feedback.right)),
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
        QVERIFY2(rig.panel.progressText().startsWith(QString("Step %1 of %2 · 2 of ").arg(valueStep + 1).arg(l.steps.size())),
                 qPrintable(rig.panel.progressText()));

        // Kept in QSettings, per lesson; a new panel resumes there.
        auto saved = lesson::LessonProgress::fromJson(QSettings().value(LessonPanel::settingsKey("main-mode")).toString().toStdString());
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
        QVERIFY2(rig.panel.highlightLines().front().startsWith("SKEYID of Site B = "), qPrintable(rig.panel.highlightLines().join('\n')));

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

        QTemporaryDir out;
        QString error;
        for (const char* ext : {".html", ".pdf"}) {
            QVERIFY2(rig.panel.exportWorksheet(out.filePath(QString("sheet") + ext), false, &error), qPrintable(error));
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
        // The bytes the students' labs show for seed 7: SKEYID_a in full, as the lab derived it.
        lesson::ValueSource skeyidA;
        skeyidA.id = "B.SKEYID_a";
        const auto bytes7 = lesson::valueOf(skeyidA, &(*seven)->lab()->timeline(), nullptr);
        QVERIFY(bytes7.has_value() && bytes7->size() >= 40);
        QVERIFY2(sheet.contains(QString::fromStdString(*bytes7)), bytes7->c_str());
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
        QVERIFY(QFile::copy(QString::fromStdString(lessonsDir()) + "/03-main-mode.json", folder.filePath("03-main-mode.json")));
        QVERIFY(QFile::copy(test::sourceDir() + "/tests/data/lessons-broken/syntax-error.json", folder.filePath("04-broken.json")));
        LessonBrowser browser(folder.path().toStdString());
        QCOMPARE(browser.lessonCount(), 1);
        QCOMPARE(browser.chosen()->id, std::string("main-mode"));
        QVERIFY2(browser.errors().contains("04-broken.json:"), qPrintable(browser.errors()));
    }

    // In the window: the Lesson dock, its lab in the window, a picture of both.
    void inTheMainWindow() {
        QSettings().clear();
        MainWindow window;
        window.start();
        auto* panel = window.findChild<LessonPanel*>();
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
        window.raiseDock("lesson");
        QTest::qWait(400);
        QVERIFY(window.grab().save(screensDir() + "/window-lesson.png"));
        window.controller().waitForIdle();
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lesson_panel.moc"
