// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/QuestionKinds.h"

#include <algorithm>

namespace ipseclab::lesson {

using namespace lab::json;

namespace {

constexpr std::size_t kMaxChoices = 10;

// A choice: its text, or { "text": ..., "feedback": ... }.
void readChoices(const Json& j, const std::string& path, Question& q, std::size_t atLeast) {
    if (!j.is_array()) throw BadKey{path, "expected a list of choices [\"...\", { \"text\": ..., \"feedback\": ... }]"};
    if (j.size() < atLeast || j.size() > kMaxChoices)
        throw BadKey{path, "expected " + std::to_string(atLeast) + " to " + std::to_string(kMaxChoices) + " choices"};
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string at = join(path, i);
        if (j[i].is_object()) {
            allowKeys(j[i], at, {"text", "feedback"});
            requireKeys(j[i], at, {"text"});
            q.choices.push_back(nonEmptyText(j[i]["text"], join(at, "text")));
            q.choiceFeedback.push_back(j[i].contains("feedback") ? nonEmptyText(j[i]["feedback"], join(at, "feedback"))
                                                                 : "");
        } else {
            q.choices.push_back(nonEmptyText(j[i], at));
            q.choiceFeedback.emplace_back();
        }
    }
}

std::size_t choiceIndex(const Json& j, const std::string& path, const Question& q) {
    return static_cast<std::size_t>(unsignedNumber(j, path, 0, q.choices.size() - 1));
}

void readAnswerSet(const Json& j, const std::string& path, Question& q) {
    if (!j.is_array() || j.empty()) throw BadKey{path, "expected the right choices' indexes [0, 2]"};
    for (std::size_t i = 0; i < j.size(); ++i) q.answerSet.push_back(choiceIndex(j[i], join(path, i), q));
    std::sort(q.answerSet.begin(), q.answerSet.end());
    if (std::adjacent_find(q.answerSet.begin(), q.answerSet.end()) != q.answerSet.end())
        throw BadKey{path, "a choice is listed twice"};
    if (q.answerSet.size() == q.choices.size()) throw BadKey{path, "every choice is right: leave at least one wrong"};
}

void refuse(const Json& j, const std::string& path, std::initializer_list<const char*> keys, const std::string& kind) {
    for (const char* k : keys)
        if (j.contains(k)) throw BadKey{join(path, k), "not for a question of kind " + kind};
}

void need(const Json& j, const std::string& path, std::initializer_list<const char*> keys, const std::string& kind) {
    for (const char* k : keys)
        if (!j.contains(k)) throw BadKey{join(path, k), "missing (required for a question of kind " + kind + ")"};
}

} // namespace

std::string_view questionKindName(Question::Kind kind) {
    switch (kind) {
    case Question::Kind::Choice: return "choice";
    case Question::Kind::Value: return "value";
    case Question::Kind::MultiSelect: return "multi-select";
    case Question::Kind::Ordering: return "ordering";
    case Question::Kind::Number: return "number";
    case Question::Kind::Field: return "field";
    }
    return "?";
}

bool hasChoices(const Question& q) {
    return q.kind == Question::Kind::Choice || q.kind == Question::Kind::MultiSelect ||
           q.kind == Question::Kind::Ordering;
}

void readQuestionKind(const Json& j, const std::string& path, Question& q) {
    requireKeys(j, path, {"kind"}); // a const json's [] on a missing key is undefined: never read one unchecked
    const std::string kind = text(j["kind"], join(path, "kind"));
    bool known = false;
    for (auto k : {Question::Kind::Choice, Question::Kind::Value, Question::Kind::MultiSelect, Question::Kind::Ordering,
                   Question::Kind::Number, Question::Kind::Field})
        if (questionKindName(k) == kind) q.kind = k, known = true;
    if (!known)
        throw BadKey{join(path, "kind"),
                     "\"" + kind +
                         "\" is not a question kind (expected choice, multi-select, ordering, value, number or field)"};
    if (hasChoices(q)) {
        refuse(j, path, {"from", "pick"}, kind);
        need(j, path, {"choices"}, kind);
        readChoices(j["choices"], join(path, "choices"), q, q.kind == Question::Kind::Ordering ? 3 : 2);
    } else {
        refuse(j, path, {"choices"}, kind);
    }
    switch (q.kind) {
    case Question::Kind::Choice:
        need(j, path, {"answer"}, kind);
        q.answerIndex = choiceIndex(j["answer"], join(path, "answer"), q);
        break;
    case Question::Kind::MultiSelect:
        need(j, path, {"answer"}, kind);
        readAnswerSet(j["answer"], join(path, "answer"), q);
        break;
    case Question::Kind::Ordering:
        // The choices are the answer, in their order.
        refuse(j, path, {"answer"}, kind);
        break;
    case Question::Kind::Number: need(j, path, {"from"}, kind); [[fallthrough]];
    case Question::Kind::Value: {
        refuse(j, path, {"pick"}, kind);
        need(j, path, {"answer"}, kind);
        const Json& a = j["answer"];
        if (a.is_number_unsigned()) q.answer = std::to_string(a.get<std::uint64_t>());
        else q.answer = nonEmptyText(a, join(path, "answer"));
        break;
    }
    case Question::Kind::Field: {
        refuse(j, path, {"answer", "from"}, kind);
        need(j, path, {"pick"}, kind);
        const std::string at = join(path, "pick");
        const Json& p = object(j["pick"], at);
        // No "index": a pick is judged by its key (the packet inspector's selection carries no
        // occurrence), so a field question names a key its datagram holds once.
        allowKeys(p, at, {"event", "field"});
        requireKeys(p, at, {"event", "field"});
        q.pick.event = nonEmptyText(p["event"], join(at, "event"));
        q.pick.field.key = nonEmptyText(p["field"], join(at, "field"));
        break;
    }
    }
    if (j.contains("predict")) {
        q.predict = boolean(j["predict"], join(path, "predict"));
        if (q.predict && (q.kind == Question::Kind::Value || q.kind == Question::Kind::Field))
            throw BadKey{join(path, "predict"), "a prediction is a choice, multi-select, ordering or number question"};
    }
}

} // namespace ipseclab::lesson
