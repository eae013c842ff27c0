// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/AnswersCsv.h"

#include "classroom/Csv.h"
#include "lesson/QuestionKinds.h"

namespace ipseclab::classroom {

std::string answersCsvHeader() {
    return csvLine({"student id", "name", "code", "lesson", "question id", "kind", "prompt", "right answer"});
}

std::string answersCsvRows(const Student& student, const std::vector<ExpectedAnswer>& answers) {
    std::string out;
    for (const ExpectedAnswer& a : answers)
        out += csvLine({student.id, student.name, student.code, a.lesson, a.questionId,
                        std::string(lesson::questionKindName(a.question.kind)), a.question.prompt, a.answer});
    return out;
}

} // namespace ipseclab::classroom
