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
    // "main-mode/5" (the step as a person counts it: 1 is the first)
    std::string questionId() const;
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
// malformed record: an error naming the file, the key and the problem.
Result<Results> resultsFromJson(std::string_view text, std::string_view fileName);

} // namespace ipseclab::classroom
