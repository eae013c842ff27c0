// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What LessonValidator checks in the questions beyond their sources, and what it warns about:
// questions that give their answers away by where they put them.

#include <string>
#include <vector>

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

// Problems of step `step`'s question that its JSON alone does not show: a pick's event id, a number
// question whose source is not a number, a prediction with no step after it to reveal it.
std::vector<LessonError> questionProblems(const Lesson& lesson, std::size_t step, bool labRuns);

// Warnings (Lesson::warnings): in a lesson with two or more choice questions, every right answer
// at the same position of the file, or every right answer the longest choice. The window shuffles
// the choices, but a worksheet copied from the file, or a student who learns the pattern, would not
// need to think.
std::vector<LessonError> questionWarnings(const Lesson& lesson);

} // namespace ipseclab::lesson
