// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/Answer.h"

#include <algorithm>
#include <cctype>

namespace ipseclab::lesson {

namespace {

AnswerCheck judged(const Question& q, bool right, const std::string& wrong) {
    return AnswerCheck{right, right ? q.feedback.right : wrong.empty() ? q.feedback.wrong : wrong, false};
}

// The feedback of the wrong choices picked that have their own, one paragraph each.
std::string choiceFeedback(const Question& q, const std::vector<std::size_t>& wrongPicks) {
    std::string out;
    for (std::size_t i : wrongPicks)
        if (i < q.choiceFeedback.size() && !q.choiceFeedback[i].empty())
            out += (out.empty() ? "" : "\n\n") + q.choiceFeedback[i];
    return out;
}

AnswerCheck checkSet(const Question& q, std::vector<std::size_t> picks) {
    std::sort(picks.begin(), picks.end());
    picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
    std::vector<std::size_t> wrong;
    std::set_difference(picks.begin(), picks.end(), q.answerSet.begin(), q.answerSet.end(), std::back_inserter(wrong));
    return judged(q, picks == q.answerSet, choiceFeedback(q, wrong));
}

AnswerCheck checkOrder(const Question& q, const std::vector<std::size_t>& order) {
    bool right = order.size() == q.choices.size();
    for (std::size_t i = 0; right && i < order.size(); ++i) right = order[i] == i;
    return judged(q, right, {});
}

AnswerCheck checkNumber(const Question& q, std::string_view typed, std::string_view expected) {
    const auto want = leadingNumber(expected), got = leadingNumber(typed);
    return judged(q, want && got && *want == *got, {});
}

} // namespace

std::string normalizeAnswer(std::string_view text) {
    std::string out;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (out.size() > 2 && out.rfind("0x", 0) == 0) {
        bool hex = true;
        for (std::size_t i = 2; i < out.size(); ++i) hex = hex && std::isxdigit(static_cast<unsigned char>(out[i]));
        if (hex) out.erase(0, 2);
    }
    return out;
}

std::optional<std::uint64_t> leadingNumber(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::uint64_t n = 0;
    bool any = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ',' && any) continue; // "1,024"
        if (!std::isdigit(static_cast<unsigned char>(c))) break;
        if (n > (UINT64_MAX - 9) / 10) return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
        any = true;
    }
    if (!any) return std::nullopt;
    return n;
}

AnswerCheck checkChoice(const Question& question, std::size_t index) {
    const bool right = question.kind == Question::Kind::Choice && index == question.answerIndex;
    return judged(question, right, right ? std::string() : choiceFeedback(question, {index}));
}

AnswerCheck checkValue(const Question& question, std::string_view typed, std::string_view expected) {
    if (question.kind == Question::Kind::Number) return checkNumber(question, typed, expected);
    const std::string want = normalizeAnswer(expected);
    const bool right = question.kind == Question::Kind::Value && !want.empty() && normalizeAnswer(typed) == want;
    return judged(question, right, {});
}

AnswerCheck checkAnswer(const Question& q, const StudentAnswer& a, std::string_view expected) {
    switch (q.kind) {
    case Question::Kind::Choice: return a.picks.size() == 1 ? checkChoice(q, a.picks.front()) : judged(q, false, {});
    case Question::Kind::MultiSelect: return checkSet(q, a.picks);
    case Question::Kind::Ordering: return checkOrder(q, a.picks);
    case Question::Kind::Value:
    case Question::Kind::Number: return checkValue(q, a.typed, expected);
    case Question::Kind::Field: return judged(q, a.event == q.pick.event && a.field == q.pick.field.key, {});
    }
    return judged(q, false, {});
}

} // namespace ipseclab::lesson
