// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/LessonProgress.h"

#include <nlohmann/json.hpp>

namespace ipseclab::lesson {

namespace {
constexpr std::size_t kMaxSteps = 10000; // far beyond any lesson; bounds what a file can make us allocate
}

void LessonProgress::reach(std::size_t step) {
    if (step >= steps.size()) steps.resize(step + 1);
    steps[step].reached = true;
    currentStep = step;
}

void LessonProgress::recordAttempt(std::size_t step, bool right) {
    if (step >= steps.size()) steps.resize(step + 1);
    StepProgress& s = steps[step];
    s.answered = true;
    ++s.attempts;
    s.right = s.right || right;
}

std::size_t LessonProgress::reachedCount() const {
    std::size_t n = 0;
    for (const StepProgress& s : steps) n += s.reached;
    return n;
}

std::size_t LessonProgress::rightCount() const {
    std::size_t n = 0;
    for (const StepProgress& s : steps) n += s.right;
    return n;
}

std::string LessonProgress::toJson() const {
    nlohmann::ordered_json j;
    j["lesson"] = lessonId;
    j["current"] = currentStep;
    j["steps"] = nlohmann::ordered_json::array();
    for (const StepProgress& s : steps)
        j["steps"].push_back(
            {{"reached", s.reached}, {"answered", s.answered}, {"right", s.right}, {"attempts", s.attempts}});
    return j.dump();
}

Result<LessonProgress> LessonProgress::fromJson(std::string_view text) {
    const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("lesson progress: not a JSON object");
    if (!j.contains("lesson") || !j["lesson"].is_string())
        return fail("lesson progress: \"lesson\" must be a string", "/lesson");
    if (!j.contains("current") || !j["current"].is_number_unsigned())
        return fail("lesson progress: \"current\" must be a step number", "/current");
    if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].size() > kMaxSteps)
        return fail("lesson progress: \"steps\" must be a list of at most " + std::to_string(kMaxSteps) + " steps",
                    "/steps");
    LessonProgress p(j["lesson"].get<std::string>());
    p.currentStep = j["current"].get<std::size_t>();
    for (std::size_t i = 0; i < j["steps"].size(); ++i) {
        const auto& s = j["steps"][i];
        const std::string key = "/steps/" + std::to_string(i);
        if (!s.is_object()) return fail("lesson progress: step " + std::to_string(i) + " is not an object", key);
        StepProgress step;
        for (auto [name, flag] : {std::pair{"reached", &step.reached}, std::pair{"answered", &step.answered},
                                  std::pair{"right", &step.right}}) {
            if (!s.contains(name) || !s[name].is_boolean())
                return fail("lesson progress: \"" + std::string(name) + "\" must be true or false", key + "/" + name);
            *flag = s[name].get<bool>();
        }
        if (!s.contains("attempts") || !s["attempts"].is_number_unsigned() ||
            s["attempts"].get<std::uint64_t>() > UINT32_MAX)
            return fail("lesson progress: \"attempts\" must be a count", key + "/attempts");
        step.attempts = static_cast<std::uint32_t>(s["attempts"].get<std::uint64_t>());
        p.steps.push_back(step);
    }
    if (!p.steps.empty() && p.currentStep >= p.steps.size())
        return fail("lesson progress: \"current\" is beyond the steps", "/current");
    return p;
}

} // namespace ipseclab::lesson
