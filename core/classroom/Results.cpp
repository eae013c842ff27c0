// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/Results.h"

#include <limits>

#include "classroom/JsonFormat.h"
#include "classroom/LabCode.h"
#include "crypto/Hmac.h"

namespace ipseclab::classroom {

namespace json = lab::json;

namespace {

constexpr std::string_view kFormat = "ipsec-lab-results";

// The seal: HMAC-SHA-256 keyed by the code (shown form) over the body without "seal", serialised
// canonically (nlohmann's compact dump: keys sorted, no spaces), so reformatting the file does
// not break it but changing any value does.
std::string sealOf(const Json& body, const std::string& code) {
    Json unsealed = body;
    unsealed.erase("seal");
    const std::string canonical = unsealed.dump(-1, ' ', false, Json::error_handler_t::replace);
    return toHex(crypto::Hmac(crypto::HashAlgorithm::Sha256, bytesOf(code)).mac(bytesOf(canonical)));
}

Json answerToJson(const lesson::StudentAnswer& a) {
    Json out = Json::object();
    if (!a.picks.empty()) out["picks"] = a.picks;
    if (!a.typed.empty()) out["typed"] = a.typed;
    if (!a.event.empty()) out["event"] = a.event;
    if (!a.field.empty()) out["field"] = a.field;
    return out;
}

lesson::StudentAnswer readAnswer(const Json& j, const std::string& path) {
    json::object(j, path);
    json::allowKeys(j, path, {"picks", "typed", "event", "field"});
    lesson::StudentAnswer a;
    if (j.contains("picks")) {
        const std::string at = json::join(path, "picks");
        if (!j.at("picks").is_array()) throw json::BadKey{at, "expected a list of choice indexes"};
        for (std::size_t i = 0; i < j.at("picks").size(); ++i)
            a.picks.push_back(json::unsignedNumber(j.at("picks")[i], json::join(at, i), 0, 1000));
    }
    if (j.contains("typed")) a.typed = json::text(j.at("typed"), json::join(path, "typed"));
    if (j.contains("event")) a.event = json::text(j.at("event"), json::join(path, "event"));
    if (j.contains("field")) a.field = json::text(j.at("field"), json::join(path, "field"));
    return a;
}

QuestionRecord readRecord(const Json& j, const std::string& path) {
    json::object(j, path);
    json::allowKeys(j, path, {"lesson", "step", "attempts"});
    json::requireKeys(j, path, {"lesson", "step", "attempts"});
    QuestionRecord q;
    q.lesson = json::nonEmptyText(j.at("lesson"), json::join(path, "lesson"));
    q.step = json::unsignedNumber(j.at("step"), json::join(path, "step"), 0, 10000);
    const std::string at = json::join(path, "attempts");
    if (!j.at("attempts").is_array()) throw json::BadKey{at, "expected a list of attempts"};
    for (std::size_t i = 0; i < j.at("attempts").size(); ++i) {
        const Json& a = j.at("attempts")[i];
        const std::string ap = json::join(at, i);
        json::object(a, ap);
        json::allowKeys(a, ap, {"answer", "time", "right"});
        json::requireKeys(a, ap, {"answer", "time", "right"});
        q.attempts.push_back(Attempt{readAnswer(a.at("answer"), json::join(ap, "answer")),
                                     json::text(a.at("time"), json::join(ap, "time")),
                                     json::boolean(a.at("right"), json::join(ap, "right"))});
    }
    return q;
}

// The program keeps one record per question (Results::record adds to it), so a second record of
// the same question means the file was made by hand: grading each copy would get round the attempts
// allowed and the first try.
void checkRecordedOnce(const std::vector<QuestionRecord>& records, std::size_t last) {
    const QuestionRecord& q = records[last];
    for (std::size_t i = 0; i < last; ++i)
        if (records[i].lesson == q.lesson && records[i].step == q.step)
            throw json::BadKey{json::join("/questions", last),
                               q.questionId() + " is recorded twice (also at /questions/" + std::to_string(i) +
                                   "): the program records a question once, so the file was forged"};
}

Results readResults(const Json& j) {
    checkFormat(j, kFormat, Results::kVersion);
    json::allowKeys(j, "", {"format", "version", "code", "studentId", "name", "classId", "app", "questions", "seal"});
    json::requireKeys(j, "", {"code", "questions"});
    Results r;
    const std::string typed = json::text(j.at("code"), "/code");
    auto code = normalizeLabCode(typed);
    if (!code) throw json::BadKey{"/code", "\"" + typed + "\": " + code.error().message};
    r.code = *code;
    if (!j.contains("seal"))
        throw json::BadKey{"", "the seal is missing: the file was edited or truncated (the program seals every "
                               "results file it writes)"};
    if (json::text(j.at("seal"), "/seal") != sealOf(j, typed))
        throw json::BadKey{"/seal", "does not match the file's content: the file was edited or truncated after "
                                    "the program wrote it"};
    const std::pair<const char*, std::string*> optional[] = {
        {"studentId", &r.studentId}, {"name", &r.name}, {"classId", &r.classId}, {"app", &r.app}};
    for (const auto& [key, to] : optional)
        if (j.contains(key)) *to = json::text(j.at(key), json::join("", key));
    const Json& questions = j.at("questions");
    if (!questions.is_array()) throw json::BadKey{"/questions", "expected a list of questions"};
    for (std::size_t i = 0; i < questions.size(); ++i) {
        r.questions.push_back(readRecord(questions[i], json::join("/questions", i)));
        checkRecordedOnce(r.questions, i);
    }
    return r;
}

} // namespace

std::string questionId(std::string_view lesson, std::size_t step) {
    return std::string(lesson) + "/" + std::to_string(step + 1);
}

std::string QuestionRecord::questionId() const { return classroom::questionId(lesson, step); }

void Results::record(std::string_view lesson, std::size_t step, Attempt attempt) {
    for (QuestionRecord& q : questions)
        if (q.lesson == lesson && q.step == step) {
            q.attempts.push_back(std::move(attempt));
            return;
        }
    questions.push_back(QuestionRecord{std::string(lesson), step, {std::move(attempt)}});
}

std::string toJson(const Results& results) {
    Json questions = Json::array();
    for (const QuestionRecord& q : results.questions) {
        Json attempts = Json::array();
        for (const Attempt& a : q.attempts)
            attempts.push_back({{"answer", answerToJson(a.answer)}, {"time", a.time}, {"right", a.right}});
        questions.push_back({{"lesson", q.lesson}, {"step", q.step}, {"attempts", std::move(attempts)}});
    }
    Json j = {{"format", kFormat},    {"version", Results::kVersion},
              {"code", results.code}, {"studentId", results.studentId},
              {"name", results.name}, {"classId", results.classId},
              {"app", results.app},   {"questions", std::move(questions)}};
    j["seal"] = sealOf(j, results.code);
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

ResultsClaim claimOf(std::string_view text) {
    const Json j = Json::parse(text, nullptr, false);
    ResultsClaim claim;
    if (!j.is_object()) return claim;
    const std::pair<const char*, std::string*> keys[] = {{"code", &claim.code},
                                                         {"studentId", &claim.studentId},
                                                         {"classId", &claim.classId}};
    for (const auto& [key, to] : keys)
        if (j.contains(key) && j.at(key).is_string()) *to = j.at(key).get<std::string>();
    return claim;
}

Result<Results> resultsFromJson(std::string_view text, std::string_view fileName) {
    auto read = readJsonFile(text, fileName, "results file", readResults);
    if (!read && read.error().message.find("not valid JSON") != std::string::npos)
        read.error().message += " (a truncated or damaged file)";
    return read;
}

} // namespace ipseclab::classroom
