// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lesson beside the lab (a dock of the main window): the step's text, what it points at, its
// question answered in place with the lesson's feedback, and Back / Next, which move the lesson's
// player and, through LessonLabSync, the window's lab with it. Progress is kept per lesson in
// QSettings ("lessons/<id>/progress", LessonProgress's JSON) and a lesson reopens where it was left.
// Teacher mode (setTeacherMode): another seed for the whole class, and the worksheet and answer key
// for it. A student's lab (setStudentLab, a lab code): every lesson with the code's seed, the
// class's settings kept (attempts allowed, Back past an answered question), every attempt told
// (answered) for the student's results file, progress kept per code.
// Keyboard: Alt+N Next, Alt+B Back, Alt+C Check (from anywhere in the window: the window's own
// shortcuts are Ctrl+letters, Ctrl+arrows, Space and F-keys), Enter in the question submits.
// After the last step, Finish shows the lesson complete, with the score.

#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/Error.h"
#include "classroom/ClassFile.h"
#include "lab/Scenario.h"
#include "lesson/Answer.h"
#include "lesson/Glossary.h"
#include "lesson/Lesson.h"
#include "lesson/LessonProgress.h"

class QAction;
class QButtonGroup;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QToolButton;
class QTextBrowser;
class QUrl;
class QVBoxLayout;

namespace ipseclab::lesson {
class LessonPlayer;
} // namespace ipseclab::lesson

namespace ipseclab::ui {

class EventSelection;
class GlossaryDialog;
class LabController;
class LessonLabSync;
class OrderingWidget;

class LessonPanel : public QWidget {
    Q_OBJECT
public:
    LessonPanel(LabController& controller, EventSelection& selection, QWidget* parent = nullptr);
    ~LessonPanel() override;

    // Opens `lesson` where its saved progress left it (else at its first step). `seed` replaces the
    // lesson's (teacher mode); answers are then judged against the lab's values for that seed.
    bool open(const lesson::Lesson& lesson, std::optional<std::uint64_t> seed = std::nullopt, QString* error = nullptr);
    // A lesson of the folder by id, number or file name, or a lesson file (LessonLibrary::findFile);
    // `seed` as for open() (the command line's --seed).
    bool openById(const QString& idOrFile, const std::optional<std::string>& folder = std::nullopt,
                  QString* error = nullptr, std::optional<std::uint64_t> seed = std::nullopt);
    // The lesson browser; the lesson chosen there opens here.
    void browse();

    // Next on the last step finishes the lesson: the summary with the score (complete()).
    bool next();
    bool back();
    bool goTo(std::size_t step);
    bool complete() const { return m_complete; }

    // Answers the current step's question; false when it asks none of that kind. Choices go by
    // their stored index (the file's), whatever order the dock shows them in.
    bool answerChoice(int index);
    bool answerValue(const QString& typed);
    bool answerChoices(const std::vector<std::size_t>& picks); // multi-select, or an ordering's order
    bool answerPickedField(); // a field question: the field selected in the packet inspector
    // The stored indexes of the choices in the order the dock shows them (lesson/QuestionOrder.h).
    std::vector<std::size_t> shownOrder() const;
    // What reaching this step revealed about the previous step's prediction (empty: nothing).
    QString revealText() const;

    // Teacher mode: restarts the lesson with another seed (none: the lesson's).
    bool setSeed(std::optional<std::uint64_t> seed);
    // The seed that replaces the lesson's (a teacher's or a lab code's); none: the lesson's own.
    std::optional<std::uint64_t> chosenSeed() const { return m_seed; }
    // The Teacher menu shown; never in a student's lab. Off until set.
    void setTeacherMode(bool on);
    bool teacherMenuShown() const;
    struct StudentLab {
        std::uint64_t seed = 0; // the lab code's
        QString code;           // shown form: progress is kept per code
        classroom::ClassSettings settings;
    };
    // A student's lab from now on (none: the lessons' own seeds, no limits); the open lesson reopens with it.
    void setStudentLab(std::optional<StudentLab> lab);
    const std::optional<StudentLab>& studentLab() const { return m_student; }
    QString studentCode() const { return m_student ? m_student->code : QString(); }
    // Attempts the current question still allows (none: no limit, or no question).
    std::optional<std::uint32_t> attemptsLeft() const;
    bool exportWorksheet(const QString& path, bool answerKey, QString* error = nullptr);
    // The file name the export offers: "main-mode-seed7-worksheet.pdf" (a worksheet holds for its seed).
    QString exportFileName(bool answerKey) const;

    const lesson::LessonPlayer* player() const { return m_player.get(); }
    const lesson::LessonProgress* progress() const;
    QString feedback() const;
    QString progressText() const;
    // The lines of the "Look at" list, one per highlight of the current step.
    QStringList highlightLines() const;
    // What the lab does at this step, in words (its actions).
    QString actionsText() const;
    // What the step's expected red events mean (empty: none expected).
    QString redText() const;
    // The lesson's shown text (the step's, or the summary once complete), as plain text.
    QString shownText() const;
    // The last confirmation or problem line shown under the buttons.
    QString noticeText() const;
    // Whether the current step's highlights have been applied (its lab caught up, the window's
    // follow-the-newest-packet done): then what the step points at is selected. highlightsApplied()
    // tells the moment.
    bool highlightsDone() const { return m_highlightsDone; }

    static QString settingsKey(const std::string& lessonId);
    // Where a lesson's progress is kept: settingsKey(), or per lab code in a student's lab.
    static QString progressKey(const std::string& lessonId, const QString& studentCode);

    // The glossary of the open lesson's folder (else of the lessons folder): the step text links its
    // terms, a link shows the definition on hover and opens the glossary at it on a click.
    const lesson::Glossary& glossary();
    // The glossary window at the term `id` (the first term when empty or unknown).
    GlossaryDialog* showGlossary(const QString& id = {});

signals:
    // The window starts this lab (connected to MainWindow::start).
    void labRequested(const ipseclab::lab::Scenario& scenario, std::optional<std::uint64_t> seed);
    // A highlight wants this dock in front: "packet", "keys", "replay"; "lesson" for a shortcut
    // used while the dock is hidden behind another.
    void dockRequested(const QString& name);
    // A window highlight: the Anti-replay dock should show this SA ("A2B", "B2A#2").
    void replaySaRequested(const QString& sa);
    // A toy DH highlight: the Keys dock's by-hand page, with these numbers.
    void toyDhRequested(quint64 p, quint64 g, quint64 a, quint64 b);
    // The current step's highlights were applied (highlightsDone()).
    void highlightsApplied();
    // An attempt at a question (`step` 0-based), as judged (a prediction: false until revealed).
    void answered(const QString& lessonId, std::size_t step, const ipseclab::lesson::StudentAnswer& given, bool right);

private slots:
    // The Teacher menu's dialogs.
    void askSeed();
    void askExportWorksheet();
    void askExportAnswerKey();

private:
    void askExport(bool answerKey);
    void setStepText(const QString& markdown);
    void openLink(const QUrl& url);
    void hoverLink(const QUrl& url);
    void sizeHeadings();
    bool reportProblem(bool ok, const QString& problem); // shows or clears the problem line; returns ok
    // After the player moved (`onward`: one step forward): the step shown, the lab following, the progress kept.
    bool arrived(const Result<void>& moved, bool onward);
    // Cancel (a step's fast-forward) or a failure stopped the window's lab on its way: the lesson
    // goes back to `step`, the last the lab got through, with the progress as it stood before the
    // move, so that no step counts as reached that the lab did not get through; the lab stays where
    // it got to, and the notice names the `failure` (empty for a cancel).
    void stoppedOnTheWay(std::size_t step, const QString& failure);
    void showStep();
    void showQuestion(const lesson::LessonStep& step);
    void applyHighlight(int row);
    void applyHighlights();
    // The numbers of the latest toy DH highlight of the steps before `step` (none: none).
    std::optional<lesson::Highlight::Toy> toyBefore(std::size_t step) const;
    void showFeedback(bool right, const std::string& text);
    void showCheck(const lesson::AnswerCheck& check); // right, wrong, or a prediction noted
    void showReveal();
    void showPicked();
    void check(); // the Check button: the current question's answer, whatever its kind
    const lesson::Question* currentQuestion() const;                                   // null when the step asks none
    bool submit(const lesson::StudentAnswer& given);                                   // any kind, through the player
    void judged(const lesson::StudentAnswer& given, const lesson::AnswerCheck& check); // shown, kept, told
    bool refuseWithoutAttempts();                                                      // true when none are left
    void showAttempts();
    void showBack();
    bool mayGoBackTo(std::size_t step) const; // the class's backPastAnswered
    void reserveFeedbackSpace();
    void fitHighlights();
    void showComplete();
    void notify(const QString& text);
    void saveProgress();
    void teacherMenu();
    void addShortcuts();
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

    LabController& m_controller;
    EventSelection& m_selection;
    LessonLabSync* m_sync;
    std::unique_ptr<lesson::LessonPlayer> m_player;
    std::optional<std::uint64_t> m_seed; // teacher's choice
    std::optional<StudentLab> m_student;
    bool m_teacherMode = false;
    std::optional<lesson::Glossary> m_glossary; // loaded with the lesson, or when first asked for
    GlossaryDialog* m_glossaryDialog = nullptr;

    QLabel* m_title;
    QLabel* m_position;
    QTextBrowser* m_text;
    QLabel* m_red;
    QLabel* m_actsTitle;
    QLabel* m_acts;
    QLabel* m_lookAt;
    QListWidget* m_highlights;
    QGroupBox* m_question;
    QLabel* m_prompt;
    QWidget* m_choices;
    QVBoxLayout* m_choiceLayout;
    QButtonGroup* m_choiceGroup;
    QLineEdit* m_value;
    OrderingWidget* m_ordering;
    QLabel* m_pick;   // a field question: what is selected in the packet inspector
    QLabel* m_reveal; // the previous step's prediction, judged
    QPushButton* m_check;
    QLabel* m_attempts; // what the class allows: the attempts left
    QToolButton* m_teacher;
    QLabel* m_feedback;
    QLabel* m_problem;
    QLabel* m_notice;
    QPushButton* m_back;
    QPushButton* m_next;
    QAction* m_nextAction;
    QAction* m_backAction;
    QAction* m_checkAction;
    bool m_complete = false; // Finish was pressed on the last step
    bool m_highlightsDone = false;
    bool m_movedOnward = false;              // the last move was Next (not Back, a jump or opening)
    lesson::LessonProgress m_progressBefore; // as it stood before the last move (stoppedOnTheWay)
};

} // namespace ipseclab::ui
