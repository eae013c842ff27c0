// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A lesson in the Illustrated page (issue 19): the lesson played for one seed (lesson::LessonPlayer),
// its steps' text, highlights and questions above the run, answerable in the page with the
// window's feedback, kept in the browser (localStorage); and, for a student's lab code, a Hand in
// that downloads the results file the window writes (classroom/Results.h), sealed as it seals it.
//
// The page judges answers from data worked out here by the grader's own list
// (classroom::expectedAnswers): the choices in the order shown for the seed, the value the lab
// showed, the events that carry the pick's datagram, each feedback. Its script
// (illustrated-lesson.js) applies lesson/Answer.h's rules to them, so the page and the grader
// give the same verdict for the same answer.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"
#include "classroom/ExpectedAnswers.h"
#include "lesson/Glossary.h"
#include "lesson/Lesson.h"
#include "lesson/LessonPlayer.h"

namespace ipseclab::page {

// Who hands in: what a results file names (classroom::Results), a lab code at least.
struct HandInIdentity {
    std::string code; // shown form, "K7QF-92XD"
    std::string studentId;
    std::string name;
    std::string classId;
};

struct LessonPageOptions {
    // The lab's seed, replacing the lesson's (lesson::PlayerOptions::seed): a student's code's seed.
    std::optional<std::uint64_t> seed;
    // A student's lab: the page offers Hand in. None: answers are kept in the browser only.
    std::optional<HandInIdentity> handIn;
    std::optional<std::uint32_t> attemptsAllowed; // the class's (classroom::ClassSettings)
    std::string app;                              // the results file's "app": "IPsec Lab 1.2.0"
    std::string subtitle;                         // under the title: "Networks 2 — Ada Lovelace (s01)"
};

// The whole page: the lesson, then the run of its lab (of a lesson that starts several, the one
// with the most field questions, else the last); a reading lesson's page has the lesson only. A
// step the lab never reaches, an answer that does not resolve for this seed: an error naming the
// lesson and step.
Result<std::string> illustratedLessonPage(const lesson::Lesson& lesson, const LessonPageOptions& options = {});
Result<void> writeIllustratedLessonPage(const lesson::Lesson& lesson, const std::string& path,
                                        const LessonPageOptions& options = {});
// The same from a play made already, so the lesson is played once (the command line prints its
// walk-through from it): `played` from its first step to its end with options.seed as its seed,
// `answers` the grader's list noted from that play (classroom::ExpectedAnswersRecorder).
Result<std::string> illustratedLessonPage(const lesson::LessonPlayer& played,
                                          std::vector<classroom::ExpectedAnswer> answers,
                                          const LessonPageOptions& options = {});
Result<void> writeIllustratedLessonPage(const lesson::LessonPlayer& played,
                                        std::vector<classroom::ExpectedAnswer> answers, const std::string& path,
                                        const LessonPageOptions& options = {});

// The lesson's page made a step at a time, for a caller that shows how far it is and may stop
// between steps (the window's export, on the lab's worker thread): advance() until it says it is
// at the end, then page(). The same bytes as illustratedLessonPage(lesson, options), which is made so.
class LessonPageMaker {
public:
    static Result<std::unique_ptr<LessonPageMaker>> create(const lesson::Lesson& lesson,
                                                           LessonPageOptions options = {});
    // The lesson's next step; true once the lesson is at its end. An error names the lesson and step.
    Result<bool> advance();
    std::size_t stepsDone() const { return m_player->reports().size(); }
    std::size_t stepCount() const { return m_player->stepCount(); }
    // Once at the end: the page, and the grader's list the page judges answers with.
    Result<std::string> page() const;
    Result<void> write(const std::string& path) const; // the error names the path and why
    Result<std::vector<classroom::ExpectedAnswer>> answers() const { return m_answers.finish(*m_player); }
    const lesson::LessonPlayer& player() const { return *m_player; }
    const LessonPageOptions& options() const { return m_options; }

private:
    LessonPageMaker(std::unique_ptr<lesson::LessonPlayer> player, LessonPageOptions options);
    std::unique_ptr<lesson::LessonPlayer> m_player;
    classroom::ExpectedAnswersRecorder m_answers;
    LessonPageOptions m_options;
};

// The glossary of the lesson's folder, which the page links the lesson's text to: none for a lesson
// without a file or a folder without a glossary. One that does not load is an error naming its file
// and what is wrong; the page then says so in place of the links, and `--html` on stderr.
Result<lesson::Glossary> lessonGlossary(const lesson::Lesson& lesson);

// The data the page's script judges answers with (JSON, as embedded in the page), for tests.
Result<std::string> lessonPageData(const lesson::Lesson& lesson, const LessonPageOptions& options = {});

// The lesson part's style sheet and script (core/page/illustrated-lesson.css, .js), compiled in.
std::string_view lessonStyle();
std::string_view lessonScript();

} // namespace ipseclab::page
