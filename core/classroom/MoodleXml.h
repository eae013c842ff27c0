// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A class's lessons as a Moodle question bank in Moodle XML (`ipsec-lab class moodle`, the teacher's
// guide, "A class set"): one category per lesson ("$course$/IPsec Lab/<class>/<lesson title>"), each
// step's text as a description item, and each question in the Moodle type that judges it as the lab
// does — choice: multichoice (one answer); multi-select: multichoice (several; fractions +100/right
// and -100/wrong shared out); ordering: ordering (all or nothing); number: numerical (tolerance 0);
// value and field pick: shortanswer.
//
// An item that reads the same for every student of the class is written once, named by its question
// id ("main-mode/5"). One that differs with the seed — a value, a number, a template's value in the
// text — is written once per student, named with the student's lab code ("main-mode/5 · K7QF-92XD"),
// each holding that student's right answer (classroom::expectedAnswers), so the teacher hands each
// student their own variants. Moodle shuffles the choices itself.

#include <functional>
#include <string>
#include <vector>

#include "base/Error.h"
#include "classroom/ClassFile.h"
#include "lesson/Lesson.h"

namespace ipseclab::classroom {

// A lesson's Markdown as an HTML fragment. The caller gives the window's (ui/lesson/LessonText), so
// Moodle shows the text as the lesson dock does; the core knows no Markdown renderer of its own.
using MarkdownToHtml = std::function<std::string(const std::string& markdown)>;

// The question bank of `lessons` (the class's, in its order) for every student of `set`. An error
// names the lesson, the student's code and the step the lab could not reach or resolve.
Result<std::string> moodleXml(const ClassSet& set, const std::vector<lesson::Lesson>& lessons,
                              const MarkdownToHtml& markdownToHtml);

// "$course$/IPsec Lab/<class>/<title>", each name's '/' doubled as Moodle's category paths escape it.
std::string moodleCategory(const std::string& className, const std::string& lessonTitle);

} // namespace ipseclab::classroom
