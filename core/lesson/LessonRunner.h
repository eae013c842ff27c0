// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab --headless --lesson ID|FILE` and `ipsec-lab --list-lessons`: a lesson played to its
// end on the command line, printing each step's text, the anchor reached, the actions, the
// highlights and each question; with `answers` (--teacher) each question's answer too (a value
// question's as the lab shows it), else none: a student's walk-through is no answer key.
// Without Qt, so tests can run it in-process; app/ only parses the arguments.
//
// Exit status (as lab/HeadlessRunner.h): 0 every anchor was reached and every reference resolved,
// 1 the lab never produced an anchor, or a highlight, value or template does not resolve for this
// seed (each named on `err` by file, step and reference), 2 bad input (no such lesson, a broken
// file: the message names the file, the key and the line).

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "lab/HeadlessRunner.h"
#include "lesson/Lesson.h"

namespace ipseclab::lesson {

class LessonPlayer;
struct StepReport;

// Each step as the walk-through reaches it, and the player at the lesson's end (--html: the page
// and its answers come from this one play, as printed).
using LessonStepSeen = std::function<void(const LessonPlayer& player, const StepReport& reached)>;
using LessonAtEnd = std::function<bool(const LessonPlayer& played, std::ostream& out, std::ostream& err)>;

struct HeadlessLessonOptions {
    std::string lesson;                // an id, a file name in the folder, a number or a path
    std::optional<std::string> folder; // --lessons-dir
    std::optional<std::uint64_t> seed; // replaces the lesson's (answers then come from the lab)
    bool answers = false;              // --teacher: print each question's answer
    LessonStepSeen stepSeen{};         // as each step is reached (--html)
    LessonAtEnd atEnd{};               // once played (--html)
};

int runLessonHeadless(const HeadlessLessonOptions& options, std::ostream& out, std::ostream& err);

// One line per good lesson, "id<TAB>title", in the folder's order; each bad file's error goes to
// `err`. Returns 0, or 2 when the folder has no lesson at all.
int listLessons(const std::optional<std::string>& folder, std::ostream& out, std::ostream& err);

} // namespace ipseclab::lesson
