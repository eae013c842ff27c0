// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/ExpectedAnswers.h"

#include <algorithm>

#include "classroom/Results.h"
#include "lesson/LessonPlayer.h"
#include "lesson/TimelineLookup.h"

namespace ipseclab::classroom {

namespace {

using lesson::LessonPlayer;
using lesson::Question;

// The events of the step's lab that carry the pick's datagram (the pick's own first).
std::vector<std::string> sameEvents(const LessonPlayer& player, const Question& q) {
    std::vector<std::string> out;
    if (q.kind != Question::Kind::Field || q.predict || !player.lab()) return out;
    const lab::Timeline& timeline = player.lab()->timeline();
    for (const lab::LabEvent& e : timeline)
        if (e.id != q.pick.event && lesson::sameBytes(timeline, e.id, q.pick.event)) out.push_back(e.id);
    return out;
}

Error at(const lesson::Lesson& lesson, const Error& error) {
    return Error{lesson.error(error.field, error.message).toString(), error.field, std::nullopt};
}

} // namespace

Result<std::vector<ExpectedAnswer>> expectedAnswers(const lesson::Lesson& lesson, std::uint64_t seed) {
    lesson::PlayerOptions options;
    options.seed = seed;
    auto created = LessonPlayer::create(lesson, options);
    if (!created) return tl::unexpected(at(lesson, created.error()));
    return expectedAnswers(**created);
}

Result<std::vector<ExpectedAnswer>> expectedAnswers(LessonPlayer& player) {
    const lesson::Lesson& lesson = player.lesson();
    if (player.currentStep())
        return fail("the lesson " + lesson.id + " was played already: its answers need a new player");
    ExpectedAnswersRecorder recorder;
    while (!player.atEnd()) {
        auto report = player.advance();
        if (!report) return tl::unexpected(at(lesson, report.error()));
        recorder.note(player, *report);
    }
    return recorder.finish(player);
}

void ExpectedAnswersRecorder::note(const LessonPlayer& player, const lesson::StepReport& reached) {
    const auto& question = reached.rendered.question;
    if (!question) return;
    ExpectedAnswer e;
    e.lesson = player.lesson().id;
    e.step = reached.step;
    e.questionId = questionId(e.lesson, reached.step);
    e.question = *question;
    e.shownOrder = player.shownOrder(reached.step);
    e.sameEvents = sameEvents(player, *question);
    m_answers.push_back(std::move(e));
}

Result<std::vector<ExpectedAnswer>> ExpectedAnswersRecorder::finish(const LessonPlayer& player) const {
    if (!player.atEnd()) return fail("the lesson " + player.lesson().id + " was not played to its end");
    std::vector<ExpectedAnswer> out = m_answers;
    // Known only now: a prediction's value shows a step after its question.
    for (ExpectedAnswer& e : out) {
        auto right = player.rightAnswer(e.step);
        if (!right) return tl::unexpected(at(player.lesson(), right.error()));
        e.answer = *right;
        e.expected = player.reports()[e.step].expected.value_or(std::string());
    }
    return out;
}

lesson::AnswerCheck judge(const ExpectedAnswer& expected, const lesson::StudentAnswer& given) {
    lesson::StudentAnswer judged = given;
    const auto& same = expected.sameEvents;
    if (std::find(same.begin(), same.end(), judged.event) != same.end()) judged.event = expected.question.pick.event;
    for (const std::size_t pick : given.picks)
        if (pick >= expected.question.choices.size())
            return lesson::AnswerCheck{false, "there is no such choice", false};
    lesson::AnswerCheck check = lesson::checkAnswer(expected.question, judged, expected.expected);
    check.pending = false; // a prediction is judged here against the value the lab showed next
    return check;
}

} // namespace ipseclab::classroom
