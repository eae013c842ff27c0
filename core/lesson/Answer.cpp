#include "lesson/Answer.h"

#include <cctype>

namespace ipseclab::lesson {

std::string normalizeAnswer(std::string_view text) {
    std::string out;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (out.size() > 2 && out.rfind("0x", 0) == 0) {
        bool hex = true;
        for (std::size_t i = 2; i < out.size(); ++i) hex = hex && std::isxdigit(static_cast<unsigned char>(out[i]));
        if (hex) out.erase(0, 2);
    }
    return out;
}

AnswerCheck checkChoice(const Question& question, std::size_t index) {
    const bool right = question.kind == Question::Kind::Choice && index == question.answerIndex;
    return AnswerCheck{right, right ? question.feedback.right : question.feedback.wrong};
}

AnswerCheck checkValue(const Question& question, std::string_view typed, std::string_view expected) {
    const std::string want = normalizeAnswer(expected);
    const bool right = question.kind == Question::Kind::Value && !want.empty() && normalizeAnswer(typed) == want;
    return AnswerCheck{right, right ? question.feedback.right : question.feedback.wrong};
}

} // namespace ipseclab::lesson
