// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/LessonPlayer.h"

#include <algorithm>

#include "lab/BuiltinScenarios.h"
#include "lesson/LessonTemplate.h"
#include "lesson/QuestionOrder.h"

namespace ipseclab::lesson {

namespace {

Error at(const std::string& key, std::string message) { return Error{std::move(message), key, std::nullopt}; }

// A question whose answer is typed and judged against what the lab shows.
bool typedAnswer(const Question& q) { return q.kind == Question::Kind::Value || q.kind == Question::Kind::Number; }

// The step whose scenario runs at `step`: the closest one at or before it that names a scenario
// (none: the lesson's own, from step 0).
std::optional<std::size_t> labStart(const Lesson& lesson, std::size_t step) {
    for (std::size_t i = step + 1; i-- > 0;)
        if (lesson.steps[i].scenario) return i;
    if (lesson.scenario) return 0;
    return std::nullopt;
}

} // namespace

LessonPlayer::LessonPlayer(Lesson lesson, PlayerOptions options)
    : m_lesson(std::move(lesson)), m_options(options), m_progress(m_lesson.id, m_lesson.steps.size()) {}

LessonPlayer::~LessonPlayer() = default;

Result<std::unique_ptr<LessonPlayer>> LessonPlayer::create(Lesson lesson, PlayerOptions options) {
    if (lesson.steps.empty()) return tl::unexpected(at("/steps", "a lesson needs at least one step"));
    return std::unique_ptr<LessonPlayer>(new LessonPlayer(std::move(lesson), options));
}

std::optional<std::size_t> LessonPlayer::currentStep() const {
    if (m_reports.empty()) return std::nullopt;
    return m_reports.size() - 1;
}

std::optional<std::uint64_t> LessonPlayer::seedAt(std::size_t step) const {
    if (m_options.seed) return m_options.seed;
    const auto start = labStart(m_lesson, std::min(step, m_lesson.steps.size() - 1));
    if (start && m_lesson.steps[*start].seed) return m_lesson.steps[*start].seed;
    return m_lesson.seed;
}

Result<LabSetup> LessonPlayer::labSetup(const Lesson& lesson, std::size_t step, std::optional<std::uint64_t> seed) {
    if (step >= lesson.steps.size())
        return tl::unexpected(at("/steps", "the lesson has no step " + std::to_string(step)));
    const auto start = labStart(lesson, step);
    if (!start) return tl::unexpected(at(stepKey(step), "no lab runs at this step (a reading part)"));
    const bool own = lesson.steps[*start].scenario.has_value();
    const ScenarioRef& ref = own ? *lesson.steps[*start].scenario : *lesson.scenario;
    const std::string key = own ? stepKey(*start, "scenario") : "/scenario";
    LabSetup setup;
    setup.firstStep = *start;
    if (ref.inlined) {
        setup.scenario = *ref.inlined;
    } else {
        auto builtin = lab::builtinScenario(ref.name);
        if (!builtin) return tl::unexpected(at(key, builtin.error().message));
        setup.scenario = std::move(*builtin);
    }
    setup.options.seed = seed ? seed : (own && lesson.steps[*start].seed ? lesson.steps[*start].seed : lesson.seed);
    return setup;
}

Result<std::string> LessonPlayer::apply(lab::Lab& lab, const StepAction& action, std::optional<PskCrackResult>& crack) {
    Result<void> done;
    switch (action.kind) {
    case StepAction::Kind::Attack: done = lab.inject(action.attack); break;
    case StepAction::Kind::Traffic: done = lab.startTraffic(action.traffic); break;
    case StepAction::Kind::SiteAction: done = lab.perform(action.siteAction, action.site); break;
    case StepAction::Kind::FastForward: done = lab.fastForward(action.duration); break;
    case StepAction::Kind::Crack: {
        auto capture = captureAggressiveMode(lab.timeline());
        if (!capture) return tl::unexpected(capture.error());
        crack = crackPsk(*capture, action.words);
        return action.describe() + ": " + crack->describe() + "\n  psk-crack line: " + capture->toPskCrackLine();
    }
    }
    if (!done) return tl::unexpected(done.error());
    return action.describe() + ": done";
}

void LessonPlayer::reset() {
    m_lab.reset();
    m_crack.reset();
    m_lastAnchor.reset();
    m_shown = 0;
    m_reports.clear();
}

std::size_t LessonPlayer::prefixSearchStart() const { return m_lastAnchor ? *m_lastAnchor + 1 : 0; }

Result<const lab::LabEvent*> LessonPlayer::reachAnchor(std::size_t step, const std::string& anchor,
                                                       StepReport& report) {
    const std::string key = stepKey(step, "anchor");
    if (!m_lab) return tl::unexpected(at(key, "an anchor needs a lab, and no scenario runs at this step"));
    const lab::Timeline& timeline = m_lab->timeline();
    // An exact id is unique wherever it is; a prefix means the next match after the last anchor.
    const bool prefix = anchor.back() == '*';
    const std::size_t from = prefix ? prefixSearchStart() : 0;
    if (const lab::LabEvent* e = findAnchor(timeline, anchor, from)) return e;
    while (report.labSteps < m_options.maxLabSteps) {
        const std::size_t before = timeline.size();
        auto stepped = m_lab->step();
        if (!stepped)
            return tl::unexpected(
                at(key, "the lab failed while looking for " + anchor + ": " + stepped.error().toString()));
        ++report.labSteps;
        // Only the new events can hold an anchor that was not there before.
        if (const lab::LabEvent* e = findAnchor(timeline, anchor, std::max(before, from))) return e;
        if (!*stepped)
            return tl::unexpected(at(key, "the lab can do nothing more (" + std::to_string(m_lab->stepCount()) +
                                              " steps, " + std::to_string(timeline.size()) + " events) and " + anchor +
                                              " never appeared"));
    }
    return tl::unexpected(
        at(key, anchor + " did not appear within " + std::to_string(m_options.maxLabSteps) + " lab steps"));
}

void LessonPlayer::resolveReferences(std::size_t i, StepReport& report) const {
    const LessonStep& s = m_lesson.steps[i];
    for (std::size_t h = 0; h < s.highlights.size(); ++h) {
        ResolvedHighlight r;
        if (s.highlights[h].kind == Highlight::Kind::ToyDh) {
            r.highlight = s.highlights[h]; // nothing to look up: the panel computes it
        } else if (m_lab) {
            r = resolveHighlight(m_lab->timeline(), s.highlights[h], report.shownEvents);
        } else {
            r.highlight = s.highlights[h];
            r.problem = "no lab runs at this step";
        }
        if (!r.resolved()) report.problems.push_back(at(stepKey(i, "highlight/" + std::to_string(h)), r.describe()));
        report.highlights.push_back(std::move(r));
    }
    report.rendered = s;
    const std::string seed = std::to_string(seedAt(i).value_or(0));
    forEachTemplatedText(report.rendered, i, [&](const std::string& key, std::string& text) {
        std::vector<std::string> unresolved;
        text = renderTemplates(text, m_lab ? &m_lab->timeline() : nullptr, report.shownEvents, unresolved);
        for (const std::string& why : unresolved) report.problems.push_back(at(key, why + " (seed " + seed + ")"));
    });
    if (s.question && s.question->kind == Question::Kind::Field) {
        // The field to pick must be there to pick: in a datagram the step shows.
        Highlight pick;
        pick.kind = Highlight::Kind::Field;
        pick.event = s.question->pick.event;
        pick.field = s.question->pick.field;
        const ResolvedHighlight r = m_lab ? resolveHighlight(m_lab->timeline(), pick, report.shownEvents)
                                          : ResolvedHighlight{};
        if (!m_lab) report.problems.push_back(at(stepKey(i, "question/pick"), "no lab runs at this step"));
        else if (!r.resolved()) report.problems.push_back(at(stepKey(i, "question/pick"), r.problem));
    }
    const bool typed = s.question && typedAnswer(*s.question);
    // A prediction's value is what the lab has not shown yet: the next step works it out (reveal()).
    if (!typed || s.question->predict) return;
    if (!s.question->from) {
        report.expected = s.question->answer; // a conceptual answer: the file's is the only one
        return;
    }
    auto value = valueOf(*s.question->from, m_lab ? &m_lab->timeline() : nullptr, m_crack ? &*m_crack : nullptr,
                         m_lab ? std::optional<std::size_t>(report.shownEvents) : std::nullopt);
    if (value) report.expected = *value;
    else report.problems.push_back(at(stepKey(i, "question/from"), value.error().toString()));
}

Result<StepReport> LessonPlayer::advance() {
    const std::size_t i = m_reports.size();
    if (i >= m_lesson.steps.size()) return tl::unexpected(at("/steps", "the lesson has no more steps"));
    const LessonStep& s = m_lesson.steps[i];
    StepReport report;
    report.step = i;

    if (s.scenario || (i == 0 && m_lesson.scenario)) {
        auto setup = labSetup(m_lesson, i, m_options.seed);
        if (!setup) return tl::unexpected(setup.error());
        auto created = lab::Lab::create(std::move(setup->scenario), setup->options);
        if (!created)
            return tl::unexpected(at(s.scenario ? stepKey(i, "scenario") : "/scenario", created.error().toString()));
        m_lab = std::move(*created);
        m_crack.reset();
        m_lastAnchor.reset();
        m_shown = m_lab->timeline().size();
        report.newLab = true;
        report.labSeed = m_lab->seed();
    }
    if (s.anchor) {
        auto found = reachAnchor(i, *s.anchor, report);
        if (!found) return tl::unexpected(found.error());
        report.anchorIndex = (*found)->index;
        report.anchorId = (*found)->id;
        m_lastAnchor = std::max(m_lastAnchor.value_or(0), (*found)->index);
        m_shown = std::max(m_shown, (*found)->index + 1);
    }
    report.shownEvents = m_shown;
    for (std::size_t a = 0; a < s.actions.size(); ++a) {
        const std::string key = stepKey(i, "actions/" + std::to_string(a));
        if (!m_lab) return tl::unexpected(at(key, "an action needs a lab, and no scenario runs at this step"));
        auto line = apply(*m_lab, s.actions[a], m_crack);
        if (!line) return tl::unexpected(at(key, s.actions[a].describe() + ": " + line.error().toString()));
        report.actions.push_back(*line);
        if (s.actions[a].kind == StepAction::Kind::Crack) report.crack = m_crack;
    }
    resolveReferences(i, report);
    if (i > 0 && m_lesson.steps[i - 1].question && m_lesson.steps[i - 1].question->predict) reveal(i, report);
    m_progress.reach(i);
    m_reports.push_back(report);
    return report;
}

Result<void> LessonPlayer::goTo(std::size_t step) {
    if (step >= m_lesson.steps.size())
        return tl::unexpected(at("/steps", "the lesson has no step " + std::to_string(step)));
    if (step < m_reports.size()) reset();
    while (m_reports.size() <= step)
        if (auto r = advance(); !r) return tl::unexpected(r.error());
    return {};
}

Result<void> LessonPlayer::playToEnd() {
    while (!atEnd())
        if (auto r = advance(); !r) return tl::unexpected(r.error());
    return {};
}

Result<const StepReport*> LessonPlayer::reported(std::size_t step) const {
    if (step >= m_lesson.steps.size())
        return tl::unexpected(at("/steps", "the lesson has no step " + std::to_string(step)));
    if (!m_lesson.steps[step].question) return tl::unexpected(at(stepKey(step), "this step asks no question"));
    if (step >= m_reports.size()) return tl::unexpected(at(stepKey(step), "this step has not been reached yet"));
    return &m_reports[step];
}

Error LessonPlayer::unresolvedAnswer(std::size_t step) const {
    return at(stepKey(step, "question/from"), "the lab of seed " + std::to_string(seedAt(step).value_or(0)) +
                                                  " does not show this answer (see the step's problems)");
}

void LessonPlayer::reveal(std::size_t i, StepReport& report) {
    const std::size_t asked = i - 1;
    StepReport& askedReport = m_reports[asked];
    const Question& q = *askedReport.rendered.question; // as its student read it
    if (q.from) {
        auto value = valueOf(*q.from, m_lab ? &m_lab->timeline() : nullptr, m_crack ? &*m_crack : nullptr,
                             m_lab ? std::optional<std::size_t>(report.shownEvents) : std::nullopt);
        if (value) askedReport.expected = *value;
        else report.problems.push_back(at(stepKey(asked, "question/from"), value.error().toString()));
    } else if (q.kind == Question::Kind::Value || q.kind == Question::Kind::Number) {
        askedReport.expected = q.answer;
    }
    StepReport::Reveal r;
    r.step = asked;
    const auto given = m_predictions.find(asked);
    const StepProgress before = m_progress.steps[asked];
    // Shown now, the answer closes the question (an attempt is recorded, predicted or not), so Back
    // cannot predict it again; a replay of this step records nothing more.
    if (given != m_predictions.end() && typedAnswer(q) && !askedReport.expected) {
        r.answered = true; // the lab of this seed does not show the answer: a problem, never judged
        r.check = AnswerCheck{false, unresolvedAnswer(asked).toString(), false};
    } else if (given != m_predictions.end()) {
        r.answered = true;
        r.check = checkAnswer(q, given->second, askedReport.expected.value_or(std::string()));
        if (before.attempts == 0) m_progress.recordAttempt(asked, r.check.right);
    } else if (before.attempts > 0) { // judged before: in an earlier session, or at a first reveal
        r.answered = true;
        r.check = AnswerCheck{before.right, before.right ? q.feedback.right : q.feedback.wrong, false};
    } else {
        r.check = AnswerCheck{false, q.feedback.wrong, false};
        m_progress.recordAttempt(asked, false); // no prediction made counts as a wrong one
    }
    r.rightAnswer = rightAnswer(asked).value_or("");
    report.reveal = std::move(r);
}

Result<AnswerCheck> LessonPlayer::answerChoice(std::size_t step, std::size_t index) {
    auto report = reported(step);
    if (!report) return tl::unexpected(report.error());
    const Question& q = *m_lesson.steps[step].question;
    if (q.kind != Question::Kind::Choice)
        return tl::unexpected(at(stepKey(step, "question"), "this question asks for a value"));
    if (index >= q.choices.size())
        return tl::unexpected(at(stepKey(step, "question"), "there is no choice " + std::to_string(index)));
    return answer(step, StudentAnswer{{index}, {}, {}, {}});
}

Result<AnswerCheck> LessonPlayer::answerValue(std::size_t step, std::string_view typed) {
    auto report = reported(step);
    if (!report) return tl::unexpected(report.error());
    const Question& q = *m_lesson.steps[step].question;
    if (q.kind != Question::Kind::Value && q.kind != Question::Kind::Number)
        return tl::unexpected(at(stepKey(step, "question"), "this question offers choices"));
    return answer(step, StudentAnswer{{}, std::string(typed), {}, {}});
}

Result<AnswerCheck> LessonPlayer::answer(std::size_t step, const StudentAnswer& given) {
    auto report = reported(step);
    if (!report) return tl::unexpected(report.error());
    const Question& q = *(*report)->rendered.question; // its templates filled in for this seed
    for (std::size_t pick : given.picks)
        if (pick >= q.choices.size())
            return tl::unexpected(at(stepKey(step, "question"), "there is no choice " + std::to_string(pick)));
    if (q.predict) {
        if (m_progress.steps[step].attempts > 0)
            return tl::unexpected(
                at(stepKey(step, "question"), "the lab has shown it already: a prediction is made before stepping on"));
        m_predictions[step] = given;
        return AnswerCheck{false, "Prediction noted. Press Next: the lab's next step shows whether it holds.", true};
    }
    if (typedAnswer(q) && !(*report)->expected) return tl::unexpected(unresolvedAnswer(step));
    StudentAnswer judged = given;
    if (q.kind == Question::Kind::Field && m_lab && judged.event != q.pick.event &&
        sameBytes(m_lab->timeline(), judged.event, q.pick.event))
        judged.event = q.pick.event; // the same datagram, picked where its receiver shows it
    const AnswerCheck check = checkAnswer(q, judged, (*report)->expected.value_or(std::string()));
    m_progress.recordAttempt(step, check.right);
    return check;
}

Result<std::string> LessonPlayer::rightAnswer(std::size_t step) const {
    auto report = reported(step);
    if (!report) return tl::unexpected(report.error());
    const Question& q = *m_lesson.steps[step].question;
    const Question& shown = *(*report)->rendered.question;
    std::string out;
    switch (q.kind) {
    case Question::Kind::Choice: return shown.choices[q.answerIndex];
    case Question::Kind::MultiSelect:
        for (std::size_t i : q.answerSet) out += (out.empty() ? "" : "; ") + shown.choices[i];
        return out;
    case Question::Kind::Ordering:
        for (const std::string& c : shown.choices) out += (out.empty() ? "" : " → ") + c;
        return out;
    case Question::Kind::Field: return q.pick.event + ": " + q.pick.field.describe();
    case Question::Kind::Value:
    case Question::Kind::Number: break;
    }
    if (!(*report)->expected) return tl::unexpected(unresolvedAnswer(step));
    return *(*report)->expected;
}

std::vector<std::size_t> LessonPlayer::shownOrder(std::size_t step) const {
    if (step >= m_lesson.steps.size() || !m_lesson.steps[step].question) return {};
    return lesson::shownOrder(m_lesson.id, step, seedAt(step).value_or(0), *m_lesson.steps[step].question);
}

void LessonPlayer::setProgress(LessonProgress progress) {
    // Saved for this lesson, possibly before it gained or lost steps: fit it to the lesson as it is.
    progress.lessonId = m_lesson.id;
    progress.steps.resize(m_lesson.steps.size());
    if (progress.currentStep >= progress.steps.size()) progress.currentStep = 0;
    m_progress = std::move(progress);
}

} // namespace ipseclab::lesson
