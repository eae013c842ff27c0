// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Every question of a lesson with its right answer for one seed: the lesson played to its end
// headlessly (lesson::LessonPlayer), as the student's window plays it. The teacher's answer keys, the
// CSV of every student's answers, the Moodle variants and the grader all read this one list.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/Error.h"
#include "lesson/Answer.h"
#include "lesson/Lesson.h"
#include "lesson/LessonPlayer.h"

namespace ipseclab::classroom {

struct ExpectedAnswer {
    std::string lesson;                  // the lesson id
    std::size_t step = 0;                // 0-based
    std::string questionId;              // "main-mode/5"
    lesson::Question question;           // as the student reads it (templates filled in for this seed)
    std::vector<std::size_t> shownOrder; // the order its choices are shown in for this seed
    std::string expected;                // a value or number question's value for this seed (lab-computed)
    std::string answer;                  // the right answer as a student would give it (LessonPlayer::rightAnswer)
    // A field question: the events that carry the same datagram as the pick's (its sender's and its
    // receiver's view); the dock takes a field picked in any of them (LessonPlayer::answer).
    std::vector<std::string> sameEvents;
};

// An error names the lesson and the step the lab could not reach or the reference that does not
// resolve for this seed.
Result<std::vector<ExpectedAnswer>> expectedAnswers(const lesson::Lesson& lesson, std::uint64_t seed);
// The same from `player`, which must not have reached a step yet: it is played to its end here, so a
// view can show the very steps (their text, highlights, lab) whose answers these are.
Result<std::vector<ExpectedAnswer>> expectedAnswers(lesson::LessonPlayer& player);

// The same list from a play someone else drives (the command line's walk-through, whose page comes
// from that one play): note() each step as the player reaches it, from the first on, then finish()
// with the player at its end. A field question's events are looked up in the lab of its step,
// which a lesson of several labs has only while that step is current.
class ExpectedAnswersRecorder {
public:
    void note(const lesson::LessonPlayer& player, const lesson::StepReport& reached);
    Result<std::vector<ExpectedAnswer>> finish(const lesson::LessonPlayer& player) const;

private:
    std::vector<ExpectedAnswer> m_answers;
};

// An answer judged as the student's window judges it (LessonPlayer::answer), against this seed's
// expected answer: what the grader counts.
lesson::AnswerCheck judge(const ExpectedAnswer& expected, const lesson::StudentAnswer& given);

} // namespace ipseclab::classroom
