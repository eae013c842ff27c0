// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A student's results file (docs/class-files.md, format "ipsec-lab-results", version 1): what the
// window recorded as the student answered — per question the lesson, the step, every attempt (the
// answer given and when), and what the window judged — and File › Hand in writes. The grader
// trusts none of it beyond the answers given: it recomputes every expected answer from the seed.
//
// The file ends with a seal, HMAC-SHA-256 over its canonical body keyed by the lab code: it is not a
// lock (anyone with the program can reseal a file), but a hand-edited or truncated file is told
// apart from one the program wrote, and reported as such.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"
#include "lesson/Answer.h"

namespace ipseclab::classroom {

// A question's id: the lesson and its step as a person counts it ("main-mode/5" for step 4, 0-based).
std::string questionId(std::string_view lesson, std::size_t step);

struct Attempt {
    lesson::StudentAnswer answer;
    std::string time;   // UTC, ISO 8601 ("2026-12-06T20:41:07Z")
    bool right = false; // as the window judged it (the grader recomputes)
    friend bool operator==(const Attempt&, const Attempt&) = default;
};

struct QuestionRecord {
    std::string lesson;   // the lesson id
    std::size_t step = 0; // 0-based step index
    std::vector<Attempt> attempts;
    std::string questionId() const; // classroom::questionId(lesson, step)
    friend bool operator==(const QuestionRecord&, const QuestionRecord&) = default;
};

struct Results {
    static constexpr int kVersion = 1;
    std::string code;      // the lab code, shown form
    std::string studentId; // from the lab card, or as typed
    std::string name;
    std::string classId; // from the lab card; empty when the code was typed without one
    std::string app;     // "IPsec Lab 1.2.0"
    std::vector<QuestionRecord> questions;

    // Adds an attempt to the question's record (made when first answered).
    void record(std::string_view lesson, std::size_t step, Attempt attempt);
};

// With the seal.
std::string toJson(const Results& results);
// A file of another format, a newer version, a broken or missing seal (edited, truncated), a
// malformed record, a question recorded twice (the program records each once: a forged file): an
// error naming the file, the key and the problem.
Result<Results> resultsFromJson(std::string_view text, std::string_view fileName);

// Whom a results file says it is from, read from its text without checking anything else (the file
// may be malformed or fail its seal): only to tell which student a refused file concerns, never to
// grade. A key absent or not text is empty; text that is no JSON object claims nothing.
struct ResultsClaim {
    std::string code;
    std::string studentId;
    std::string classId;
};
ResultsClaim claimOf(std::string_view text);

} // namespace ipseclab::classroom
