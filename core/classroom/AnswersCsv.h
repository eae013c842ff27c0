// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The teacher's sheet of every student's right answers (`ipsec-lab class keys`, keys/answers.csv):
// one row per student and question, from the same list the grader judges by (ExpectedAnswers.h).

#include <string>
#include <vector>

#include "classroom/ClassFile.h"
#include "classroom/ExpectedAnswers.h"

namespace ipseclab::classroom {

// The header row: "student id,name,code,lesson,question id,kind,prompt,right answer".
std::string answersCsvHeader();

// The rows of one student's answers to one lesson (or several), in the order given. The right
// answer as a student would give it (ExpectedAnswer::answer).
std::string answersCsvRows(const Student& student, const std::vector<ExpectedAnswer>& answers);

} // namespace ipseclab::classroom
