#pragma once
// How a student's answer is judged (lessons/README.md): a choice by its index; a typed value by
// text, ignoring case and spaces ("B4" and " b4 " both match "b4"), and a leading "0x" when the
// rest is hexadecimal (students copy hex both ways).

#include <cstddef>
#include <string>
#include <string_view>

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

struct AnswerCheck {
    bool right = false;
    std::string feedback; // the question's right or wrong text
};

// Lower case, without whitespace, without a "0x" before hex digits.
std::string normalizeAnswer(std::string_view text);

AnswerCheck checkChoice(const Question& question, std::size_t index);
// `expected`: the value the lab shows (the stored answer when no lab value is known).
AnswerCheck checkValue(const Question& question, std::string_view typed, std::string_view expected);

} // namespace ipseclab::lesson
