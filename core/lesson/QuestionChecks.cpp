// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/QuestionChecks.h"

#include <algorithm>
#include <set>

#include "lesson/Answer.h"
#include "lesson/LessonValidator.h"

namespace ipseclab::lesson {

namespace {

// Whether `source` gives a number (what a number question compares).
bool numeric(const ValueSource& source) {
    switch (source.kind) {
    case ValueSource::Kind::Window:
    case ValueSource::Kind::Overhead:
    case ValueSource::Kind::ToyDh: return true;
    case ValueSource::Kind::Crack: return source.crack == "tries";
    case ValueSource::Kind::Derived:
    case ValueSource::Kind::Event:
        return source.render == ValueSource::Render::Number || source.render == ValueSource::Render::Length;
    }
    return false;
}

// Whether the right choice is longer than every other choice (in characters as written).
bool rightIsLongest(const Question& q) {
    for (std::size_t c = 0; c < q.choices.size(); ++c)
        if (c != q.answerIndex && q.choices[c].size() >= q.choices[q.answerIndex].size()) return false;
    return true;
}

} // namespace

std::vector<LessonError> questionProblems(const Lesson& lesson, std::size_t step, bool labRuns) {
    std::vector<LessonError> out;
    const Question& q = *lesson.steps[step].question;
    const auto problem = [&](const std::string& key, std::string text) {
        out.push_back(lesson.error(stepKey(step, key), std::move(text)));
    };
    if (q.kind == Question::Kind::Field) {
        if (!labRuns) problem("question/pick", "a field question needs a lab: no scenario runs at this step");
        else if (!LessonValidator::isValidEventId(q.pick.event))
            problem("question/pick/event", "\"" + q.pick.event + "\" is not an event id");
        // A highlight of that very field would select it for the student: the answer given away.
        for (std::size_t h = 0; h < lesson.steps[step].highlights.size(); ++h) {
            const Highlight& shown = lesson.steps[step].highlights[h];
            if (shown.kind == Highlight::Kind::Field && shown.event == q.pick.event &&
                shown.field.key == q.pick.field.key)
                problem("highlight/" + std::to_string(h),
                        "highlights the field the question asks to find (" + q.pick.field.key + ")");
        }
    }
    if (q.kind == Question::Kind::Number) {
        if (q.from && !numeric(*q.from))
            problem("question/from", "a number question needs a number: \"as\": \"number\" or \"length\", a window, an "
                                     "overhead, a toy DH value or the crack's tries");
        const std::size_t digits = q.answer.find_first_not_of("0123456789");
        if (!leadingNumber(q.answer) || digits != std::string::npos)
            problem("question/answer", "\"" + q.answer + "\" is not a whole number");
    }
    if (q.kind == Question::Kind::Ordering) {
        if (std::set<std::string>(q.choices.begin(), q.choices.end()).size() != q.choices.size())
            problem("question/choices", "two items are the same: the order would be ambiguous");
    }
    if (q.predict && step + 1 >= lesson.steps.size())
        problem("question/predict", "a prediction is revealed by the next step, and this is the last step");
    else if (q.predict && lesson.steps[step + 1].scenario)
        problem("question/predict", "the next step starts a new lab: a prediction is revealed in the lab it was "
                                    "asked about");
    return out;
}

std::vector<LessonError> questionWarnings(const Lesson& lesson) {
    std::vector<std::size_t> steps; // the steps with a one-answer choice question
    for (std::size_t i = 0; i < lesson.steps.size(); ++i)
        if (const auto& q = lesson.steps[i].question; q && q->kind == Question::Kind::Choice) steps.push_back(i);
    if (steps.size() < 2) return {};
    const auto& first = *lesson.steps[steps.front()].question;
    const bool samePlace = std::all_of(steps.begin(), steps.end(), [&](std::size_t i) {
        return lesson.steps[i].question->answerIndex == first.answerIndex;
    });
    const bool longest = std::all_of(steps.begin(), steps.end(),
                                     [&](std::size_t i) { return rightIsLongest(*lesson.steps[i].question); });
    std::vector<LessonError> out;
    const std::string key = stepKey(steps.front(), "question/answer");
    const std::string count = std::to_string(steps.size());
    if (samePlace)
        out.push_back(lesson.error(key, "lesson " + lesson.id + ": the right answers of all " + count +
                                            " choice questions are at the same position (" +
                                            std::to_string(first.answerIndex) + "): spread them"));
    if (longest)
        out.push_back(lesson.error(
            key, "lesson " + lesson.id + ": in all " + count +
                     " choice questions the right choice is the longest: shorten it or lengthen a wrong one"));
    return out;
}

} // namespace ipseclab::lesson
