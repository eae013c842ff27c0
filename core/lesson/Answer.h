// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// How a student's answer is judged (lessons/README.md): a choice by its index; several choices as a
// set; an ordering as the sequence of the choices' stored indexes; a typed value by text, ignoring
// case and spaces ("B4" and " b4 " both match "b4"), and a leading "0x" when the rest is
// hexadecimal (students copy hex both ways); a number by its value, a unit after it allowed
// ("36 bytes"); a field by the event and the key the student selected. A wrong pick of a choice
// that has feedback of its own gets that feedback: it names the misconception.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

struct AnswerCheck {
    bool right = false;
    std::string feedback; // the question's right or wrong text, or the wrong choice's own
    // A prediction noted, not judged yet: the next step reveals it (LessonPlayer).
    bool pending = false;
};

// What a student gave, whatever the kind: the choices (stored indexes; for an ordering, in the
// order given), the text typed, or the event id and field key selected.
struct StudentAnswer {
    std::vector<std::size_t> picks;
    std::string typed;
    std::string event;
    std::string field;
    friend bool operator==(const StudentAnswer&, const StudentAnswer&) = default;
};

// Lower case, without whitespace, without a "0x" before hex digits.
std::string normalizeAnswer(std::string_view text);
// The number at the start of `text` ("36", " 36 bytes", "1,024"); none when it starts otherwise.
std::optional<std::uint64_t> leadingNumber(std::string_view text);

AnswerCheck checkChoice(const Question& question, std::size_t index);
// `expected`: the value the lab shows (the stored answer when no lab value is known).
AnswerCheck checkValue(const Question& question, std::string_view typed, std::string_view expected);
// Any kind; `expected` as for checkValue (unused by the kinds with choices and by field).
AnswerCheck checkAnswer(const Question& question, const StudentAnswer& answer, std::string_view expected);

} // namespace ipseclab::lesson
