// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What a student has done in one lesson: the steps reached, and per question whether it was
// answered, answered right, and in how many attempts. Plain data with a JSON form, so the GUI can
// keep it (QSettings, a file) between sessions and a teacher can collect it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"

namespace ipseclab::lesson {

struct StepProgress {
    bool reached = false;
    bool answered = false;      // at least one attempt
    bool right = false;         // answered right at some attempt
    std::uint32_t attempts = 0; // right at the first attempt: right && attempts == 1
    friend bool operator==(const StepProgress&, const StepProgress&) = default;
};

struct LessonProgress {
    std::string lessonId;
    std::size_t currentStep = 0; // the step shown last
    std::vector<StepProgress> steps;

    explicit LessonProgress(std::string id = {}, std::size_t stepCount = 0)
        : lessonId(std::move(id)), steps(stepCount) {}

    void reach(std::size_t step);
    void recordAttempt(std::size_t step, bool right);
    std::size_t reachedCount() const;
    std::size_t rightCount() const;

    // {"lesson": "main-mode", "current": 3, "steps": [{"reached": true, "answered": true, "right": true, "attempts":
    // 1}, ...]}
    std::string toJson() const;
    // Errors name what is wrong; a progress for another lesson, or for a lesson that has since
    // changed its number of steps, is for the caller to judge (lessonId, steps.size()).
    static Result<LessonProgress> fromJson(std::string_view text);

    friend bool operator==(const LessonProgress&, const LessonProgress&) = default;
};

} // namespace ipseclab::lesson
