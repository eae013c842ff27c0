// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Plays a lesson over the lab, sans I/O (docs/architecture.md): it creates the lesson's lab (scenario + seed),
// and each advance() reaches the next step — stepping the lab until the step's anchor is on the
// timeline, applying the step's actions, resolving its highlights to timeline indexes and working
// out, from the lab, the value its question expects. Answers are judged against that value and
// kept in a LessonProgress. Nothing here draws, sleeps or reads a clock: the GUI calls advance()
// when the class moves on, the command line calls it in a loop.
//
// A step that names a scenario starts a new lab there (a lesson may compare several set-ups);
// stepping back replays from the lesson's start, the lab being deterministic for its seed.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"
#include "lab/Lab.h"
#include "lesson/Answer.h"
#include "lesson/Lesson.h"
#include "lesson/LessonProgress.h"
#include "lesson/PskCrack.h"
#include "lesson/TimelineLookup.h"

namespace ipseclab::lesson {

struct PlayerOptions {
    // Replaces the lesson's seed (a teacher's choice): the lab's values then differ from the
    // answers stored in the file, and answers are judged against the lab's values.
    std::optional<std::uint64_t> seed;
    // Lab steps allowed to reach one anchor before the player gives up.
    std::size_t maxLabSteps = 200000;
};

// What reaching a step did. Errors and problems carry the lesson key they concern in Error::field
// ("/steps/3/highlight/0").
struct StepReport {
    std::size_t step = 0;
    bool newLab = false; // a lab (re)started for this step
    // The seed that lab runs with: drawn from the OS when neither the options, the step nor the
    // lesson names one, so replaying the lab needs this one.
    std::optional<std::uint64_t> labSeed;
    std::optional<std::size_t> anchorIndex; // the anchor's timeline index
    std::string anchorId;                   // the id that matched (a prefix anchor's full id)
    // The timeline events the step shows, [0, shownEvents): up to its anchor, though the lab step
    // that made the anchor may have made later events too (the receiver's answer); they show at the
    // next step. A step without an anchor shows what the step before it showed (all of a new lab's
    // first events). The window's views and every highlight and value keep to it.
    std::size_t shownEvents = 0;
    std::size_t labSteps = 0;            // lab steps taken to reach the anchor
    std::vector<std::string> actions;    // one line per action applied: "attack replay:seq=5: armed"
    std::optional<PskCrackResult> crack; // a crack action's result
    std::vector<ResolvedHighlight> highlights;
    // A value or number question: the value the lab shows; a question without `from`, the stored
    // answer. None when its `from` does not resolve (a problem): never another seed's stored answer.
    // A prediction's is set when the next step reveals it.
    std::optional<std::string> expected;
    // The step as its student reads it: text, red and question with each {{template}} replaced by
    // this lab's value (LessonTemplate.h). Views show this, not the lesson's own step.
    LessonStep rendered;
    std::vector<Error> problems; // highlights, a value or a template that did not resolve
    // The previous step asked for a prediction: reaching this step reveals it.
    struct Reveal {
        std::size_t step = 0;  // the step that asked
        bool answered = false; // a prediction was given
        AnswerCheck check;     // judged now (not answered: wrong, with the question's wrong feedback)
        std::string rightAnswer;
    };
    std::optional<Reveal> reveal;
};

// The lab that runs at a step, for a view that runs the lab itself.
struct LabSetup {
    std::size_t firstStep = 0; // the step where this lab starts
    lab::Scenario scenario;
    lab::LabOptions options;
};

class LessonPlayer {
public:
    static Result<std::unique_ptr<LessonPlayer>> create(Lesson lesson, PlayerOptions options = {});
    ~LessonPlayer();
    LessonPlayer(const LessonPlayer&) = delete;
    LessonPlayer& operator=(const LessonPlayer&) = delete;

    const Lesson& lesson() const { return m_lesson; }
    std::size_t stepCount() const { return m_lesson.steps.size(); }
    // The step reached last; none before the first advance().
    std::optional<std::size_t> currentStep() const;
    bool atEnd() const { return m_reports.size() == m_lesson.steps.size(); }

    // Reaches the next step. An anchor the lab never produces, or an action the lab refuses, is an
    // error (Error::field = the step's key); the player stays on the previous step.
    Result<StepReport> advance();
    // Reaches `step`, replaying from the start when it lies behind (progress is kept).
    Result<void> goTo(std::size_t step);
    Result<void> playToEnd();
    // The reports of the steps reached, in order.
    const std::vector<StepReport>& reports() const { return m_reports; }

    // The lab of the current step; null before the first advance() and in reading parts.
    const lab::Lab* lab() const { return m_lab.get(); }
    lab::Lab* lab() { return m_lab.get(); }
    // The seed of the lab at `step` (options' seed, else the step's, else the lesson's).
    std::optional<std::uint64_t> seedAt(std::size_t step) const;

    // ---- answers (only for reached steps with a question) ----
    Result<AnswerCheck> answerChoice(std::size_t step, std::size_t index);
    Result<AnswerCheck> answerValue(std::size_t step, std::string_view typed);
    // Any kind (lesson/Answer.h). A prediction (Question::predict) is only noted (AnswerCheck::pending)
    // until the next step is reached, which judges it (StepReport::reveal); once revealed, it is closed.
    Result<AnswerCheck> answer(std::size_t step, const StudentAnswer& given);
    // The right answer as a student would give it: the value, the right choice's text, the right
    // choices' texts ("; "), the items in order (" → "), or "event: field key".
    Result<std::string> rightAnswer(std::size_t step) const;
    // The order the step's choices are shown in (lesson/QuestionOrder.h), for this player's seed.
    std::vector<std::size_t> shownOrder(std::size_t step) const;

    const LessonProgress& progress() const { return m_progress; }
    // Restores saved progress (the GUI's); steps reached again are marked as they are replayed.
    void setProgress(LessonProgress progress);

    // ---- for views that drive a lab of their own ----
    static Result<LabSetup> labSetup(const Lesson& lesson, std::size_t step, std::optional<std::uint64_t> seed = {});
    // Applies one action; a crack stores its result in `crack`. Returns the line for the report.
    static Result<std::string> apply(lab::Lab& lab, const StepAction& action, std::optional<PskCrackResult>& crack);

private:
    LessonPlayer(Lesson lesson, PlayerOptions options);
    void reset();
    Result<const lab::LabEvent*> reachAnchor(std::size_t step, const std::string& anchor, StepReport& report);
    // The step's highlights (as they stood at its anchor) and its question's expected value.
    void resolveReferences(std::size_t step, StepReport& report) const;
    // Reaching step `step` after a prediction: its value worked out now, the prediction judged.
    void reveal(std::size_t step, StepReport& report);
    // Where a prefix anchor starts looking: after the latest anchor reached in the same lab.
    std::size_t prefixSearchStart() const;
    Result<const StepReport*> reported(std::size_t step) const;
    // A value question whose `from` did not resolve: judged against nothing, rather than against
    // the stored answer of another seed.
    Error unresolvedAnswer(std::size_t step) const;

    Lesson m_lesson;
    PlayerOptions m_options;
    std::unique_ptr<lab::Lab> m_lab;
    std::optional<PskCrackResult> m_crack;
    std::optional<std::size_t> m_lastAnchor; // the latest anchor reached in the current lab
    std::size_t m_shown = 0;                 // the events the current lab's latest step shows
    std::vector<StepReport> m_reports;
    LessonProgress m_progress;
    std::map<std::size_t, StudentAnswer> m_predictions; // by step, kept when the lesson replays
};

} // namespace ipseclab::lesson
