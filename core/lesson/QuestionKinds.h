// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The kinds of question a lesson step may ask, as lesson files write them (lessons/README.md):
// what each kind's JSON holds beside the prompt and the feedback. The loader reads the rest of the
// question (prompt, feedback, `from`); this reads what differs per kind.
//
//   choice        "choices" (2..10) and "answer": the right one's index
//   multi-select  "choices" and "answer": the right ones' indexes (at least one, not all)
//   ordering      "choices" (3..10) listed in their right order; the student sees them shuffled
//   value         "answer": the expected text, optionally "from" the lab
//   number        "answer" and "from": a number the lab computes, compared as a number
//   field         "pick": { "event": ..., "field": key [, "index": n] }: the field to select in
//                 the packet inspector
// A choice may be { "text": ..., "feedback": ... }: the feedback names the misconception a wrong
// pick of it is. Any kind but value and field may be "predict": true (lesson/Answer.h).

#include <string>
#include <string_view>

#include "lab/JsonReader.h"
#include "lesson/Lesson.h"

namespace ipseclab::lesson {

// "choice", "multi-select", "ordering", "value", "number", "field".
std::string_view questionKindName(Question::Kind kind);

// Reads `j`'s kind and what that kind needs into `q` (not prompt, feedback or `from`); throws
// lab::json::BadKey.
void readQuestionKind(const lab::json::Json& j, const std::string& path, Question& q);

// Whether the student chooses among the question's choices (choice, multi-select, ordering).
bool hasChoices(const Question& q);

} // namespace ipseclab::lesson
