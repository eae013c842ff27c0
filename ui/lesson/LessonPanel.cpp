// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/LessonPanel.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QButtonGroup>
#include <QCursor>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "lesson/LessonLibrary.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/StepActs.h"
#include "ui/common/AppTheme.h"
#include "ui/common/EventSelection.h"
#include "ui/common/ExportPath.h"
#include "ui/common/LabController.h"
#include "ui/lesson/ChoiceButton.h"
#include "ui/lesson/GlossaryDialog.h"
#include "ui/lesson/LessonBrowser.h"
#include "ui/lesson/LessonLabSync.h"
#include "ui/lesson/LessonText.h"
#include "ui/lesson/LessonWorksheet.h"
#include "ui/lesson/OrderingWidget.h"

namespace ipseclab::ui {

using lesson::Highlight;
using lesson::LessonPlayer;
using lesson::Question;

namespace {

// The main window selects the newest packet within 100 ms of new rows (its "follow" option); a
// step's highlight is applied after that, so it is what stays selected.
constexpr int kHighlightDelayMs = 250;

QString errorText(const lesson::Lesson& lesson, const Error& e) {
    return QString::fromStdString(lesson.error(e.field, e.message).toString());
}

// The heading of what the lab does at a step: core's words, as the Illustrated page says them.
QString actsHeading() { return QString::fromUtf8(lesson::kActsHeading.data(), qsizetype(lesson::kActsHeading.size())); }

} // namespace

LessonPanel::LessonPanel(LabController& controller, EventSelection& selection, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_selection(selection), m_sync(new LessonLabSync(controller, this)),
      m_title(new QLabel(tr("No lesson open"))), m_position(new QLabel), m_text(new QTextBrowser), m_red(new QLabel),
      m_actsTitle(new QLabel(actsHeading())), m_acts(new QLabel), m_lookAt(new QLabel(tr("Look at:"))),
      m_highlights(new QListWidget), m_question(new QGroupBox(tr("Question"))), m_prompt(new QLabel),
      m_choices(new QWidget), m_choiceLayout(new QVBoxLayout(m_choices)), m_choiceGroup(new QButtonGroup(this)),
      m_value(new QLineEdit), m_ordering(new OrderingWidget), m_pick(new QLabel), m_reveal(new QLabel),
      m_check(new QPushButton(tr("Check"))), m_attempts(new QLabel), m_feedback(new QLabel), m_problem(new QLabel),
      m_notice(new QLabel), m_back(new QPushButton(tr("◀ Back"))), m_next(new QPushButton(tr("Next ▶"))),
      m_nextAction(new QAction(tr("Next step"), this)), m_backAction(new QAction(tr("Previous step"), this)),
      m_checkAction(new QAction(tr("Check the answer"), this)) {
    setObjectName(QStringLiteral("lessonPanel"));
    m_nextAction->setObjectName(QStringLiteral("nextStep"));
    m_backAction->setObjectName(QStringLiteral("previousStep"));
    m_checkAction->setObjectName(QStringLiteral("checkAnswer"));
    AppTheme::setRelativeFont(m_title, 1.2, true); // follows the text size
    m_title->setWordWrap(true);
    m_position->setWordWrap(true); // a narrow dock on a small screen
    auto* browseButton = new QPushButton(tr("Lessons…"));
    auto* teacher = m_teacher = new QToolButton;
    teacher->hide(); // teacher mode's (setTeacherMode)
    teacher->setText(tr("Teacher"));
    teacher->setObjectName(QStringLiteral("teacherButton"));
    teacher->setPopupMode(QToolButton::InstantPopup);
    teacher->setMenu(new QMenu(teacher));
    connect(teacher->menu(), &QMenu::aboutToShow, this, &LessonPanel::teacherMenu);
    // The title on a line of its own (a long first word beside two buttons would widen the dock),
    // where the lesson stands beside the buttons.
    auto* top = new QHBoxLayout;
    top->addWidget(m_position, 1);
    top->addWidget(browseButton, 0, Qt::AlignTop);
    top->addWidget(teacher, 0, Qt::AlignTop);

    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setOpenLinks(false); // glossary links are ours; the others go to the browser (openLink)
    // Links by mouse only: Tab walking a step's dozen glossary links would hide the focus in a text
    // taller than the dock shows, and the keyboard has Help › Glossary.
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(m_text, &QTextBrowser::anchorClicked, this, &LessonPanel::openLink);
    connect(m_text, qOverload<const QUrl&>(&QTextBrowser::highlighted), this, &LessonPanel::hoverLink);
    m_text->installEventFilter(this); // its font changes: the headings follow (sizeHeadings)
    m_highlights->setObjectName(QStringLiteral("lessonHighlights"));
    m_highlights->setWordWrap(true);
    m_highlights->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_highlights->setToolTip(tr("What this step points at; click one to show it again"));
    m_choiceLayout->setContentsMargins(0, 0, 0, 0);
    m_prompt->setWordWrap(true);
    m_prompt->setTextFormat(Qt::MarkdownText);
    m_feedback->setWordWrap(true);
    m_feedback->setObjectName(QStringLiteral("lessonFeedback"));
    m_value->setObjectName(QStringLiteral("lessonValue"));
    m_check->setObjectName(QStringLiteral("lessonCheck"));
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_back->setObjectName(QStringLiteral("lessonBack"));
    m_value->setPlaceholderText(tr("Type your answer, then Enter"));
    m_ordering->setObjectName(QStringLiteral("lessonOrdering"));
    m_pick->setObjectName(QStringLiteral("lessonPick"));
    m_pick->setWordWrap(true);
    m_pick->setTextFormat(Qt::PlainText);
    m_reveal->setObjectName(QStringLiteral("lessonReveal"));
    m_reveal->setWordWrap(true);
    m_reveal->setTextFormat(Qt::MarkdownText);
    m_reveal->setStyleSheet(QStringLiteral("QLabel { border-left: 4px solid #2e86c1; padding-left: 6px; }"));
    m_reveal->hide();
    connect(&m_selection, &EventSelection::fieldPicked, this, &LessonPanel::showPicked);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("lessonProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_problem->hide();
    m_notice->setWordWrap(true);
    m_notice->setObjectName(QStringLiteral("lessonNotice"));
    m_notice->setStyleSheet(QStringLiteral("color: #1e8449"));
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();
    m_red->setWordWrap(true);
    m_red->setObjectName(QStringLiteral("lessonRed"));
    m_red->setTextFormat(Qt::MarkdownText);
    m_red->setStyleSheet(QStringLiteral("QLabel { border-left: 4px solid #c0392b; padding-left: 6px; }"));
    m_red->setToolTip(tr("The lab shows red for failed, refused or lost packets: here the lesson expects it"));
    m_red->hide();
    m_acts->setWordWrap(true);
    m_acts->setObjectName(QStringLiteral("lessonActs"));
    m_acts->setTextFormat(Qt::MarkdownText);
    m_acts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_acts->setToolTip(tr("What the lab does at this step: its effects show from the next step on"));
    m_feedback->setTextFormat(Qt::MarkdownText);
    // The window's own shortcuts are Ctrl+letters, Ctrl+arrows, Space and F-keys: Alt+letter is free.
    m_nextAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_N));
    m_backAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_B));
    m_checkAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_C));
    m_next->setToolTip(tr("The next step of the lesson (Alt+N)"));
    m_back->setToolTip(tr("The step before (Alt+B)"));
    m_check->setToolTip(tr("Check your answer (Alt+C, or Enter)"));
    addShortcuts();
    auto* questionLayout = new QVBoxLayout(m_question);
    questionLayout->addWidget(m_prompt);
    questionLayout->addWidget(m_choices);
    questionLayout->addWidget(m_ordering);
    questionLayout->addWidget(m_pick);
    questionLayout->addWidget(m_value);
    auto* checkRow = new QHBoxLayout;
    checkRow->addWidget(m_check);
    checkRow->addWidget(m_attempts, 1);
    m_attempts->setObjectName(QStringLiteral("lessonAttempts"));
    m_attempts->setWordWrap(true);
    m_attempts->hide();
    questionLayout->addLayout(checkRow);
    questionLayout->addWidget(m_feedback);

    auto* moves = new QHBoxLayout;
    moves->addWidget(m_back);
    moves->addStretch(1);
    moves->addWidget(m_next);

    // The title and Back / Next stay in place; the step between them scrolls as one page (its
    // text as tall as it reads, then what to look at and the question), so on a small screen or
    // with large text Next is never pushed out of sight.
    auto* body = new QWidget;
    auto* bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_reveal);
    bodyLayout->addWidget(m_text);
    bodyLayout->addWidget(m_red);
    bodyLayout->addWidget(m_actsTitle);
    bodyLayout->addWidget(m_acts);
    bodyLayout->addWidget(m_lookAt);
    bodyLayout->addWidget(m_highlights);
    bodyLayout->addWidget(m_question);
    bodyLayout->addWidget(m_problem);
    bodyLayout->addStretch(1);
    auto* page = new QScrollArea;
    page->setObjectName(QStringLiteral("lessonPage"));
    page->setFrameShape(QFrame::NoFrame);
    page->setWidgetResizable(true);
    page->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    page->setFocusPolicy(Qt::NoFocus);
    page->setWidget(body);
    m_text->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_text->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    connect(m_text->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            [this](const QSizeF& size) {
                m_text->setFixedHeight(static_cast<int>(std::ceil(size.height())) + 2 * m_text->frameWidth());
            });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(top);
    layout->addWidget(page, 1);
    layout->addLayout(moves);
    layout->addWidget(m_notice);
    m_actsTitle->hide();
    m_acts->hide();
    m_question->hide();
    m_back->setEnabled(false);
    m_next->setEnabled(false);
    setStepText(tr("Choose a lesson with **Lessons…**: each one walks you through the lab step by step."));

    connect(browseButton, &QPushButton::clicked, this, &LessonPanel::browse);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::next);
    connect(m_back, &QPushButton::clicked, this, &LessonPanel::back);
    connect(m_check, &QPushButton::clicked, this, &LessonPanel::check);
    // Enter anywhere in the question (the answer field, a choice) submits it; the field's own
    // returnPressed too, where the window is not the active one (the key then reaches the field).
    connect(m_value, &QLineEdit::returnPressed, m_check, &QPushButton::click);
    for (const int key : {Qt::Key_Return, Qt::Key_Enter}) {
        auto* enter = new QShortcut(QKeySequence(key), m_question, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(enter, &QShortcut::activated, m_check, &QPushButton::click);
    }
    connect(m_checkAction, &QAction::triggered, this, [this] {
        if (m_question->isVisible() && m_check->isEnabled()) m_check->click();
    });
    // A shortcut used while the dock is behind another brings the lesson forward.
    connect(m_nextAction, &QAction::triggered, this, [this] {
        if (!isVisible()) emit dockRequested(QStringLiteral("lesson"));
        next();
    });
    connect(m_backAction, &QAction::triggered, this, [this] {
        if (!isVisible()) emit dockRequested(QStringLiteral("lesson"));
        back();
    });
    connect(m_highlights, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { applyHighlight(m_highlights->row(item)); });
    connect(m_highlights, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { applyHighlight(m_highlights->row(item)); });
    connect(m_sync, &LessonLabSync::labRequested, this, &LessonPanel::labRequested);
    connect(m_sync, &LessonLabSync::caughtUp, this,
            [this] { QTimer::singleShot(kHighlightDelayMs, this, &LessonPanel::applyHighlights); });
    connect(m_sync, &LessonLabSync::stopped, this, &LessonPanel::stoppedOnTheWay);
}

LessonPanel::~LessonPanel() = default;

QString LessonPanel::settingsKey(const std::string& lessonId) {
    return QStringLiteral("lessons/%1/progress").arg(QString::fromStdString(lessonId));
}

bool LessonPanel::reportProblem(bool ok, const QString& problem) {
    m_problem->setVisible(!ok);
    m_problem->setText(ok ? QString() : problem);
    return ok;
}

bool LessonPanel::open(const lesson::Lesson& lesson, std::optional<std::uint64_t> seed, QString* error) {
    if (m_student) seed = m_student->seed; // a student's lab: the code's seed, whatever was asked
    lesson::PlayerOptions options;
    options.seed = seed;
    auto created = LessonPlayer::create(lesson, options);
    if (!created) {
        const QString problem = errorText(lesson, created.error());
        if (error) *error = problem;
        return reportProblem(false, problem);
    }
    m_player = std::move(*created);
    m_seed = seed;
    if (!lesson.file.empty()) {
        // A lesson links the glossary of its own folder; a changed folder gets a fresh window.
        auto loaded = lesson::LessonLibrary::glossary(std::filesystem::path(lesson.file).parent_path().string());
        m_glossary = loaded ? std::move(*loaded) : lesson::Glossary{};
        delete m_glossaryDialog;
        m_glossaryDialog = nullptr;
    }
    m_complete = false;
    QSettings().setValue(QStringLiteral("lessons/last"), QString::fromStdString(lesson.id));
    std::size_t resume = 0;
    const std::string saved = QSettings().value(progressKey(lesson.id, studentCode())).toString().toStdString();
    if (auto progress = lesson::LessonProgress::fromJson(saved); progress && progress->lessonId == lesson.id) {
        resume = progress->currentStep;
        m_player->setProgress(std::move(*progress));
    }
    m_title->setText(QString::fromStdString(lesson.title));
    m_progressBefore = m_player->progress();
    auto reached = m_player->goTo(resume);
    if (!reached && resume > 0) reached = m_player->goTo(0); // the lab of a changed lesson file no longer gets there
    if (!reached) {
        const QString problem = errorText(lesson, reached.error());
        if (error) *error = problem;
        showStep();
        return reportProblem(false, problem);
    }
    reportProblem(true, {});
    showStep();
    m_highlightsDone = false;
    m_movedOnward = false;
    m_sync->follow(*m_player, false); // nothing to save yet: opening changes no progress
    if (!m_player->lab()) QTimer::singleShot(0, this, &LessonPanel::applyHighlights);
    return true;
}

bool LessonPanel::openById(const QString& idOrFile, const std::optional<std::string>& folder, QString* error,
                           std::optional<std::uint64_t> seed) {
    auto file = lesson::LessonLibrary::findFile(idOrFile.toStdString(), lesson::LessonLibrary::folder(folder));
    if (!file) {
        if (error) *error = QString::fromStdString(file.error().message);
        return reportProblem(false, QString::fromStdString(file.error().message));
    }
    auto loaded = lesson::LessonLoader::load(*file);
    if (!loaded) {
        const QString problem = QString::fromStdString(loaded.error().toString());
        if (error) *error = problem;
        return reportProblem(false, problem);
    }
    return open(*loaded, seed, error);
}

void LessonPanel::browse() {
    // The lesson open here, else the one opened last, is the one highlighted.
    const QString current = m_player ? QString::fromStdString(m_player->lesson().id)
                                     : QSettings().value(QStringLiteral("lessons/last")).toString();
    LessonBrowser browser(lesson::LessonLibrary::folder(), this, current.toStdString(), studentCode());
    if (browser.exec() == QDialog::Accepted && browser.chosen()) open(*browser.chosen());
}

bool LessonPanel::next() {
    if (!m_player || m_complete || !m_player->currentStep()) return false;
    if (m_player->atEnd()) {
        showComplete();
        return true;
    }
    m_progressBefore = m_player->progress();
    auto report = m_player->advance();
    return arrived(report ? Result<void>{} : tl::unexpected(report.error()), true);
}

bool LessonPanel::back() {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (current && m_complete) { // from the summary back to the last step, where the lab still is
        showStep();
        return true;
    }
    return current && *current > 0 && goTo(*current - 1);
}

bool LessonPanel::goTo(std::size_t step) {
    if (!m_player || !mayGoBackTo(step)) return false;
    m_progressBefore = m_player->progress();
    return arrived(m_player->goTo(step), false);
}

void LessonPanel::stoppedOnTheWay(std::size_t step, const QString& failure) {
    if (!m_player) return;
    m_player->setProgress(m_progressBefore);
    if (m_player->currentStep() != step) {
        if (auto back = m_player->goTo(step); !back)
            return (void)reportProblem(false, errorText(m_player->lesson(), back.error()));
    }
    showStep();
    m_highlightsDone = false;
    m_movedOnward = false;
    saveProgress();
    if (failure.isEmpty())
        notify(tr("Stopped on the way: the lab stays where it got to, and Next replays the next step in full."));
    else
        notify(tr("The lab stopped on the way: %1. It stays where it got to, and Next replays the next step in full.")
                   .arg(failure));
    QTimer::singleShot(0, this, &LessonPanel::applyHighlights);
}

bool LessonPanel::arrived(const Result<void>& moved, bool onward) {
    if (!moved) return reportProblem(false, errorText(m_player->lesson(), moved.error()));
    reportProblem(true, {});
    showStep();
    m_highlightsDone = false;
    m_movedOnward = onward;
    m_sync->follow(*m_player, onward);
    if (!m_player->lab()) QTimer::singleShot(0, this, &LessonPanel::applyHighlights); // no lab to catch up with
    saveProgress();
    return true;
}

void LessonPanel::showStep() {
    m_complete = false;
    m_notice->hide();
    const auto current = m_player->currentStep();
    showBack();
    m_next->setEnabled(current.has_value());
    m_next->setText(m_player->atEnd() ? tr("Finish ✓") : tr("Next ▶"));
    m_highlights->clear();
    if (!current) return;
    const lesson::StepReport& report = m_player->reports()[*current];
    const lesson::LessonStep& step = report.rendered; // its templates hold this lab's values
    // What this seed's lab does not show (a template, a highlight, a value): named as the validator
    // names it, rather than another seed's value.
    QStringList unresolved;
    for (const Error& e : report.problems) unresolved << errorText(m_player->lesson(), e);
    if (!unresolved.isEmpty()) reportProblem(false, unresolved.join(QLatin1Char('\n')));
    m_position->setText(progressText());
    setStepText(QString::fromStdString(step.text));
    m_red->setText(step.red.empty() ? QString()
                                    : tr("**In red, as expected:** %1").arg(QString::fromStdString(step.red)));
    m_red->setVisible(!step.red.empty());
    const lab::Timeline* timeline = m_player->lab() ? &m_player->lab()->timeline() : nullptr;
    for (const auto& h : report.highlights)
        m_highlights->addItem(LessonText::highlightLine(timeline, h, LessonText::showsValues(step)));
    m_highlights->setVisible(m_highlights->count() > 0);
    m_lookAt->setVisible(m_highlights->count() > 0);
    fitHighlights();
    // What the lab does now, in words; a crack's result (and the psk-crack line) with it.
    QStringList acts;
    const bool gatewaysTalk = m_player->lab() && m_player->lab()->scenario().gatewaysTalk();
    for (const std::string& line : lesson::actsLines(report, gatewaysTalk))
        acts << QStringLiteral("- ") + QString::fromStdString(line);
    m_acts->setText(acts.join(QLatin1Char('\n')));
    m_acts->setVisible(!acts.isEmpty());
    m_actsTitle->setVisible(!acts.isEmpty());
    showReveal();
    showQuestion(step);
}

void LessonPanel::showComplete() {
    m_complete = true;
    const lesson::Lesson& l = m_player->lesson();
    const lesson::LessonProgress& p = m_player->progress();
    const std::size_t questions = l.questionCount();
    std::uint32_t attempts = 0;
    QStringList again;
    for (std::size_t i = 0; i < l.steps.size(); ++i) {
        attempts += p.steps[i].attempts;
        if (l.steps[i].question && !p.steps[i].right)
            again << tr("- Step %1: %2")
                         .arg(i + 1)
                         .arg(QString::fromStdString(m_player->reports()[i].rendered.question->prompt));
    }
    QString md = tr("# Lesson complete ✓\n\n**%1**\n\n").arg(QString::fromStdString(l.title));
    md += questions ? tr("**Score: %1 of %2 questions right** (%3 attempts in all), %4 of %5 steps reached.\n\n")
                          .arg(p.rightCount())
                          .arg(questions)
                          .arg(attempts)
                          .arg(p.reachedCount())
                          .arg(l.steps.size())
                    : tr("All %1 steps reached.\n\n").arg(l.steps.size());
    md += tr("You can now:\n\n");
    for (const std::string& g : l.goals) md += QStringLiteral("- %1\n").arg(QString::fromStdString(g));
    if (!again.isEmpty())
        md += tr("\nWorth another look (Back, or reopen the lesson):\n\n") + again.join(QLatin1Char('\n')) +
              QLatin1Char('\n');
    md += tr("\nChoose the next lesson with **Lessons…**.");
    setStepText(md);
    m_position->setText(tr("Lesson complete · %1 of %2 questions answered right").arg(p.rightCount()).arg(questions));
    m_highlights->clear();
    for (QWidget* w : std::initializer_list<QWidget*>{m_highlights, m_lookAt, m_red, m_acts, m_actsTitle, m_question,
                                                      m_notice, m_reveal})
        w->hide();
    m_next->setEnabled(false);
    m_back->setEnabled(true);
}

void LessonPanel::showQuestion(const lesson::LessonStep& step) {
    m_feedback->clear();
    m_feedback->setStyleSheet({});
    m_question->setVisible(step.question.has_value());
    if (!step.question) return;
    const Question& q = *step.question;
    const QString predict = q.predict ? tr("**Predict, then press Next to see.** ") : QString();
    m_prompt->setText(predict + QString::fromStdString(q.prompt));
    for (QAbstractButton* b : m_choiceGroup->buttons()) m_choiceGroup->removeButton(b);
    qDeleteAll(m_choices->findChildren<ChoiceButton*>(Qt::FindDirectChildrenOnly));
    const bool choice = q.kind == Question::Kind::Choice || q.kind == Question::Kind::MultiSelect;
    const bool typed = q.kind == Question::Kind::Value || q.kind == Question::Kind::Number;
    m_choices->setVisible(choice);
    m_ordering->setVisible(q.kind == Question::Kind::Ordering);
    m_pick->setVisible(q.kind == Question::Kind::Field);
    m_value->setVisible(typed);
    m_value->clear();
    m_choiceGroup->setExclusive(q.kind == Question::Kind::Choice);
    // Made in the file's order (the button ids are the stored indexes), laid out in the order shown.
    const std::vector<std::size_t> order = shownOrder();
    std::vector<ChoiceButton*> rows;
    for (std::size_t c = 0; choice && c < q.choices.size(); ++c) {
        rows.push_back(
            new ChoiceButton(QString::fromStdString(q.choices[c]), m_choices, q.kind == Question::Kind::MultiSelect));
        m_choiceGroup->addButton(rows.back()->button(), static_cast<int>(c));
    }
    for (std::size_t stored : order)
        if (stored < rows.size()) m_choiceLayout->addWidget(rows[stored]);
    if (q.kind == Question::Kind::Ordering) {
        std::vector<std::pair<std::size_t, QString>> items;
        for (std::size_t stored : order) items.emplace_back(stored, QString::fromStdString(q.choices[stored]));
        m_ordering->setItems(items);
    }
    showPicked();
    const lesson::StepProgress& done = m_player->progress().steps[*m_player->currentStep()];
    if (done.right) showFeedback(true, tr("You answered this one already.").toStdString());
    showAttempts();
    reserveFeedbackSpace();
}

// The feedback's room is kept whether it shows or not, as tall as the longer of the two, so the
// question does not move under the mouse when Check answers.
void LessonPanel::reserveFeedbackSpace() {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!current || !m_player->lesson().steps[*current].question) return;
    const Question& q = *m_player->reports()[*current].rendered.question;
    const int width = std::max(m_feedback->width(), 120);
    int height = 0;
    std::vector<std::string> texts{q.feedback.right, q.feedback.wrong,
                                   tr("You answered this one already.").toStdString()};
    for (const std::string& own : q.choiceFeedback) texts.push_back(own);
    for (const std::string& text : texts) {
        QTextDocument document;
        document.setDefaultFont(m_feedback->font());
        document.setDocumentMargin(0);
        document.setMarkdown(QStringLiteral("✔ ") + QString::fromStdString(text));
        document.setTextWidth(width);
        height = std::max(height, static_cast<int>(std::ceil(document.size().height())));
    }
    m_feedback->setMinimumHeight(height);
}

void LessonPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (!m_complete) reserveFeedbackSpace();
    fitHighlights();
}

// "Look at" as tall as its lines (wrapped at the dock's width), at most about five: the step's
// text keeps the room.
void LessonPanel::fitHighlights() {
    const int width = std::max(m_highlights->viewport()->width(), 120) - 8;
    int height = 2 * m_highlights->frameWidth() + 4;
    for (int i = 0; i < m_highlights->count(); ++i)
        height += m_highlights->fontMetrics()
                      .boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap, m_highlights->item(i)->text())
                      .height() +
                  4;
    m_highlights->setFixedHeight(std::min(height, 5 * m_highlights->fontMetrics().lineSpacing() + 16));
}

bool LessonPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_text && event->type() == QEvent::FontChange) sizeHeadings();
    return QWidget::eventFilter(watched, event);
}

bool LessonPanel::event(QEvent* event) {
    // Docked, the shortcuts belong to the window too: they work while another dock hides this one.
    if (event->type() == QEvent::ParentChange || event->type() == QEvent::Show) addShortcuts();
    return QWidget::event(event);
}

void LessonPanel::addShortcuts() {
    for (QAction* a : {m_nextAction, m_backAction, m_checkAction}) {
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        if (window() != this) window()->addAction(a);
    }
}

void LessonPanel::notify(const QString& text) {
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

QString LessonPanel::noticeText() const { return m_notice->isHidden() ? QString() : m_notice->text(); }

QString LessonPanel::redText() const { return m_red->isHidden() ? QString() : m_red->text(); }

QString LessonPanel::actionsText() const { return m_acts->isHidden() ? QString() : m_acts->text(); }

void LessonPanel::setStepText(const QString& markdown) {
    m_text->setMarkdown(QString::fromStdString(glossary().link(markdown.toStdString())));
    sizeHeadings();
}

const lesson::Glossary& LessonPanel::glossary() {
    if (!m_glossary) {
        auto loaded = lesson::LessonLibrary::glossary(lesson::LessonLibrary::folder());
        if (!loaded)
            notify(tr("The glossary is not available: %1").arg(QString::fromStdString(loaded.error().toString())));
        m_glossary = loaded ? std::move(*loaded) : lesson::Glossary{};
    }
    return *m_glossary;
}

GlossaryDialog* LessonPanel::showGlossary(const QString& id) {
    if (!m_glossaryDialog) m_glossaryDialog = new GlossaryDialog(glossary(), this);
    if (!id.isEmpty()) m_glossaryDialog->showTerm(id);
    m_glossaryDialog->show();
    m_glossaryDialog->raise();
    m_glossaryDialog->activateWindow();
    return m_glossaryDialog;
}

void LessonPanel::openLink(const QUrl& url) {
    if (const QString id = GlossaryDialog::linkedId(url); !id.isEmpty()) showGlossary(id);
    else QDesktopServices::openUrl(url);
}

void LessonPanel::hoverLink(const QUrl& url) {
    const QString id = GlossaryDialog::linkedId(url);
    const lesson::GlossaryTerm* term = id.isEmpty() ? nullptr : glossary().find(id.toStdString());
    if (term) QToolTip::showText(QCursor::pos(), GlossaryDialog::toolTip(*term), m_text);
    else QToolTip::hideText();
}

// Markdown headings keep their weight but not their poster size: in a dock a third of a small
// screen wide, an h1 would take three lines of the step. Sized from the text's font, again each
// time it changes (Ctrl++ for a projector).
void LessonPanel::sizeHeadings() {
    const double base = m_text->font().pointSizeF();
    for (QTextBlock block = m_text->document()->begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        if (level == 0) continue;
        QTextCursor cursor(block);
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setProperty(QTextFormat::FontSizeAdjustment, 0); // Markdown's heading scale
        format.setFontPointSize(base * (level == 1 ? 1.3 : level == 2 ? 1.15 : 1.05));
        format.setFontWeight(QFont::Bold);
        cursor.mergeCharFormat(format);
    }
}

QString LessonPanel::shownText() const { return m_text->toPlainText(); }

bool LessonPanel::answerChoice(int index) {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!current || index < 0 || refuseWithoutAttempts()) return false;
    auto check = m_player->answerChoice(*current, static_cast<std::size_t>(index));
    if (!check) return reportProblem(false, errorText(m_player->lesson(), check.error()));
    if (auto* b = m_choiceGroup->button(index)) b->setChecked(true);
    judged(lesson::StudentAnswer{{static_cast<std::size_t>(index)}, {}, {}, {}}, *check);
    return true;
}

bool LessonPanel::answerValue(const QString& typed) {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!current || refuseWithoutAttempts()) return false;
    auto check = m_player->answerValue(*current, typed.toStdString());
    if (!check) return reportProblem(false, errorText(m_player->lesson(), check.error()));
    if (m_value->text() != typed) m_value->setText(typed);
    judged(lesson::StudentAnswer{{}, typed.toStdString(), {}, {}}, *check);
    return true;
}

bool LessonPanel::answerChoices(const std::vector<std::size_t>& picks) {
    const Question* q = currentQuestion();
    if (!q || (q->kind != Question::Kind::MultiSelect && q->kind != Question::Kind::Ordering)) return false;
    lesson::StudentAnswer given;
    given.picks = picks;
    return submit(given);
}

bool LessonPanel::answerPickedField() {
    const Question* q = currentQuestion();
    if (!q || q->kind != Question::Kind::Field || !m_player->lab()) return false;
    const lab::Timeline& timeline = m_player->lab()->timeline();
    const qsizetype picked = m_selection.pickedEvent();
    if (picked < 0 || static_cast<std::size_t>(picked) >= timeline.size() || m_selection.pickedField().isEmpty()) {
        showFeedback(false, tr("Select a field in the Packet dock first.").toStdString());
        return true;
    }
    lesson::StudentAnswer given;
    given.event = timeline.at(static_cast<std::size_t>(picked)).id;
    given.field = m_selection.pickedField().toStdString();
    return submit(given);
}

const Question* LessonPanel::currentQuestion() const {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!current || !m_player->lesson().steps[*current].question) return nullptr;
    return &*m_player->lesson().steps[*current].question;
}

bool LessonPanel::submit(const lesson::StudentAnswer& given) {
    if (refuseWithoutAttempts()) return false;
    auto check = m_player->answer(*m_player->currentStep(), given);
    if (!check) return reportProblem(false, errorText(m_player->lesson(), check.error()));
    judged(given, *check);
    return true;
}

void LessonPanel::judged(const lesson::StudentAnswer& given, const lesson::AnswerCheck& check) {
    showCheck(check);
    saveProgress();
    showAttempts();
    showBack();
    emit answered(QString::fromStdString(m_player->lesson().id), *m_player->currentStep(), given,
                  check.right && !check.pending);
}

void LessonPanel::check() {
    const Question* q = currentQuestion();
    if (!q) return;
    switch (q->kind) {
    case Question::Kind::Choice:
        if (m_choiceGroup->checkedId() < 0) return showFeedback(false, tr("Choose an answer first.").toStdString());
        answerChoice(m_choiceGroup->checkedId());
        break;
    case Question::Kind::MultiSelect: {
        std::vector<std::size_t> picks;
        for (QAbstractButton* b : m_choiceGroup->buttons())
            if (b->isChecked()) picks.push_back(static_cast<std::size_t>(m_choiceGroup->id(b)));
        if (picks.empty()) return showFeedback(false, tr("Tick every answer that holds first.").toStdString());
        answerChoices(picks);
        break;
    }
    case Question::Kind::Ordering: answerChoices(m_ordering->order()); break;
    case Question::Kind::Field: answerPickedField(); break;
    case Question::Kind::Value:
    case Question::Kind::Number: answerValue(m_value->text()); break;
    }
}

std::vector<std::size_t> LessonPanel::shownOrder() const {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    return current ? m_player->shownOrder(*current) : std::vector<std::size_t>{};
}

void LessonPanel::showCheck(const lesson::AnswerCheck& check) {
    if (!check.pending) return showFeedback(check.right, check.feedback);
    m_feedback->setText(tr("Prediction noted. Press Next: the lab's next step shows whether it holds."));
    m_feedback->setStyleSheet({});
}

// The previous step's prediction, judged now that the lab has shown it.
void LessonPanel::showReveal() {
    const auto current = m_player->currentStep();
    const auto& reveal = current ? m_player->reports()[*current].reveal : std::nullopt;
    m_reveal->setVisible(reveal.has_value());
    if (!reveal) return m_reveal->clear();
    const QString verdict = !reveal->answered     ? tr("You made no prediction.")
                            : reveal->check.right ? tr("✔ Your prediction held.")
                                                  : tr("✘ Your prediction did not hold.");
    m_reveal->setText(
        tr("**The lab has shown it (step %1's prediction).** %2 The answer: **%3**.\n\n%4")
            .arg(reveal->step + 1)
            .arg(verdict, QString::fromStdString(reveal->rightAnswer), QString::fromStdString(reveal->check.feedback)));
}

QString LessonPanel::revealText() const { return m_reveal->isHidden() ? QString() : m_reveal->text(); }

// A field question: what the packet inspector has selected, so Check is not a blind press.
void LessonPanel::showPicked() {
    const Question* q = currentQuestion();
    if (!q || q->kind != Question::Kind::Field) return;
    const QString key = m_selection.pickedField();
    m_pick->setText(key.isEmpty() ? tr("Select the field in the Packet dock, then press Check.")
                                  : tr("Selected in the Packet dock: %1. Press Check to answer with it.").arg(key));
}

void LessonPanel::showFeedback(bool right, const std::string& text) {
    m_feedback->setText((right ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + QString::fromStdString(text));
    m_feedback->setStyleSheet(right ? QStringLiteral("color: #1e8449") : QStringLiteral("color: #c0392b"));
    if (m_player) m_position->setText(progressText());
}

QString LessonPanel::feedback() const { return m_feedback->text(); }

const lesson::LessonProgress* LessonPanel::progress() const { return m_player ? &m_player->progress() : nullptr; }

QString LessonPanel::progressText() const {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!current) return {};
    const std::size_t questions = m_player->lesson().questionCount();
    QString text = tr("Step %1 of %2 · %3 of %4 questions answered right")
                       .arg(*current + 1)
                       .arg(m_player->stepCount())
                       .arg(m_player->progress().rightCount())
                       .arg(questions);
    if (const auto seed = m_player->seedAt(*current); seed && m_player->lab()) text += tr(" · seed %1").arg(*seed);
    return text;
}

QStringList LessonPanel::highlightLines() const {
    QStringList lines;
    for (int i = 0; i < m_highlights->count(); ++i) lines << m_highlights->item(i)->text();
    return lines;
}

void LessonPanel::applyHighlights() {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!current || !m_sync->caughtUpNow()) return;
    // The first highlight is the step's main one: applied last, it is the one left selected.
    const auto& highlights = m_player->reports()[*current].highlights;
    for (auto i = static_cast<int>(highlights.size()); i-- > 0;) applyHighlight(i);
    // In a reading part the by-hand DH page is the step's lab: a step without numbers of its own
    // shows those of the latest step before it with some, as it did when the class came there
    // with Next — Back from a later step must not leave that step's numbers (its answers) there.
    const bool ownToy = std::any_of(highlights.begin(), highlights.end(), [](const lesson::ResolvedHighlight& h) {
        return h.highlight.kind == Highlight::Kind::ToyDh;
    });
    if (!ownToy && !m_movedOnward && !m_player->lab())
        if (const auto toy = toyBefore(*current)) emit toyDhRequested(toy->p, toy->g, toy->a, toy->b);
    m_highlightsDone = true;
    emit highlightsApplied();
}

std::optional<Highlight::Toy> LessonPanel::toyBefore(std::size_t step) const {
    const lesson::Lesson& l = m_player->lesson();
    for (std::size_t s = step; s-- > 0;)
        for (const Highlight& h : l.steps[s].highlights)
            if (h.kind == Highlight::Kind::ToyDh) return h.toy;
    return std::nullopt;
}

void LessonPanel::applyHighlight(int row) {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!current || row < 0) return;
    const auto& highlights = m_player->reports()[*current].highlights;
    if (static_cast<std::size_t>(row) >= highlights.size() || !highlights[row].resolved()) return;
    const lesson::ResolvedHighlight& r = highlights[row];
    if (r.highlight.kind == Highlight::Kind::ToyDh) {
        emit dockRequested(QStringLiteral("keys"));
        const Highlight::Toy& t = r.highlight.toy;
        return emit toyDhRequested(t.p, t.g, t.a, t.b);
    }
    const auto index = static_cast<qsizetype>(*r.eventIndex);
    switch (r.highlight.kind) {
    case Highlight::Kind::Field:
        emit dockRequested(QStringLiteral("packet"));
        if (r.field) m_selection.selectField(index, r.inPlaintext, r.field->offset, r.field->length);
        else m_selection.select(index);
        break;
    case Highlight::Kind::Key:
        emit dockRequested(QStringLiteral("keys"));
        m_selection.select(index);
        break;
    case Highlight::Kind::Window:
        emit dockRequested(QStringLiteral("replay"));
        emit replaySaRequested(QString::fromStdString(r.highlight.sa));
        m_selection.select(index);
        break;
    case Highlight::Kind::Event: m_selection.select(index); break;
    case Highlight::Kind::ToyDh: break;
    }
}

void LessonPanel::saveProgress() {
    if (m_player)
        QSettings().setValue(progressKey(m_player->lesson().id, studentCode()),
                             QString::fromStdString(m_player->progress().toJson()));
}

bool LessonPanel::setSeed(std::optional<std::uint64_t> seed) {
    if (!m_player) return false;
    const lesson::Lesson lesson = m_player->lesson();
    return open(lesson, seed);
}

bool LessonPanel::exportWorksheet(const QString& path, bool answerKey, QString* error) {
    if (!m_player) {
        if (error) *error = tr("No lesson is open.");
        return false;
    }
    QString problem;
    const bool written = LessonWorksheet::write(m_player->lesson(), m_seed,
                                                answerKey ? LessonWorksheet::Part::AnswerKey
                                                          : LessonWorksheet::Part::Worksheet,
                                                path, &problem);
    if (error) *error = problem;
    reportProblem(written, problem);
    notify(written ? (answerKey ? tr("Answer key written to %1") : tr("Worksheet written to %1"))
                         .arg(QDir::toNativeSeparators(path))
                   : QString());
    return written;
}

QString LessonPanel::exportFileName(bool answerKey) const {
    if (!m_player) return {};
    const QString id = QString::fromStdString(m_player->lesson().id);
    const QString what = answerKey ? QStringLiteral("answers") : QStringLiteral("worksheet");
    // The window's rule (ExportPath::baseName); a reading lesson has no lab, so no seed to name.
    const auto seed = m_player->seedAt(0);
    return (seed ? ExportPath::baseName(id, *seed, what) : id + QLatin1Char('-') + what) + QStringLiteral(".pdf");
}

void LessonPanel::teacherMenu() {
    auto* menu = qobject_cast<QMenu*>(sender());
    if (!menu) return;
    menu->clear();
    menu->setEnabled(m_player != nullptr);
    if (!m_player) return;
    menu->addAction(tr("Use another &seed for the class…"), this, &LessonPanel::askSeed)
        ->setObjectName(QStringLiteral("classSeed"));
    menu->addAction(tr("Export the &worksheet (HTML or PDF)…"), this, &LessonPanel::askExportWorksheet)
        ->setObjectName(QStringLiteral("exportWorksheet"));
    menu->addAction(tr("Export the &answer key (HTML or PDF)…"), this, &LessonPanel::askExportAnswerKey)
        ->setObjectName(QStringLiteral("exportAnswerKey"));
}

void LessonPanel::askSeed() {
    if (!m_player) return;
    const auto current = m_player->seedAt(0);
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Seed"),
                                               tr("The lab's seed for this lesson (empty: the lesson's own):"),
                                               QLineEdit::Normal, current ? QString::number(*current) : QString(), &ok);
    if (!ok) return;
    if (text.trimmed().isEmpty()) {
        setSeed(std::nullopt);
        return;
    }
    bool number = false;
    const std::uint64_t seed = text.trimmed().toULongLong(&number);
    if (!number)
        return void(QMessageBox::warning(
            this, tr("Seed"), tr("%1 is not a seed: a whole number from 0 to 18446744073709551615.").arg(text)));
    setSeed(seed);
}

void LessonPanel::askExportWorksheet() { askExport(false); }
void LessonPanel::askExportAnswerKey() { askExport(true); }

void LessonPanel::askExport(bool key) {
    if (!m_player) return;
    // Asked as the window's other exports are: the folder used last, the seed in the name.
    const QString path = ExportPath::ask(this, key ? tr("Export the answer key") : tr("Export the worksheet"),
                                         exportFileName(key), tr("PDF (*.pdf);;HTML (*.html)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportWorksheet(path, key, &error)) return void(QMessageBox::warning(this, tr("Export"), error));
    if (auto* main = qobject_cast<QMainWindow*>(window()))
        ExportPath::confirm(*main->statusBar(), noticeText(), path, /*offerFolder=*/true);
}

} // namespace ipseclab::ui
