// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/LessonValidator.h"

#include <cctype>

#include "crypto/ToyDiffieHellman.h"
#include "lesson/Answer.h"
#include "lesson/LessonPlayer.h"
#include "lesson/LessonTemplate.h"
#include "lesson/QuestionChecks.h"
#include "lesson/SaRoles.h"

namespace ipseclab::lesson {

namespace {

bool isEventIdChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '#' || c == '(' ||
           c == ')' || c == '^';
}

// "A2B", "B2A", "A2B#2": the data plane's SA names.
bool isSaName(const std::string& sa) { return parseSaRole(sa).has_value(); }

// A KEYMAT id names its SA by role, so it holds for every seed (SaRoles.h); empty: no problem.
std::string keymatProblem(const std::string& id) {
    const auto k = parseKeymatId(id);
    if (!k || isSaName(k->sa)) return {};
    if (k->sa.rfind("0x", 0) == 0)
        return "\"" + id + "\" names the SA by the SPI one seed drew: name it by its role, " + std::string(1, k->site) +
               ".KEYMAT." + k->protocol + ".A2B or .B2A";
    return "\"" + id + "\": there is no SA role \"" + k->sa + "\" (A2B, B2A, A2B#2, ...)";
}

// "A.SKEYID_a", "B.g^xy": a site, then the engine's id.
bool isSiteQualified(const std::string& id) {
    return id.size() > 2 && (id[0] == 'A' || id[0] == 'B') && id[1] == '.' && LessonValidator::isValidEventId(id);
}

// Checks one lesson; each problem is appended with its key's line.
class Checker {
public:
    explicit Checker(const Lesson& lesson) : m_lesson(lesson) {}

    std::vector<LessonError> run() {
        if (!LessonValidator::isValidLessonId(m_lesson.id))
            problem("/id", "\"" + m_lesson.id + "\": an id has letters, digits and - only");
        if (m_lesson.hasLab() && !m_lesson.seed)
            problem("/seed", "missing: a lesson that runs the lab needs a seed (its values hold for that seed)");
        bool labRuns = m_lesson.scenario.has_value();
        bool cracked = false;
        for (std::size_t i = 0; i < m_lesson.steps.size(); ++i) {
            const LessonStep& s = m_lesson.steps[i];
            if (s.scenario) labRuns = true, cracked = false;
            if (s.seed && !s.scenario)
                problem(stepKey(i, "seed"), "a step's seed goes with a scenario at the same step");
            checkAnchor(i, s, labRuns);
            for (std::size_t a = 0; a < s.actions.size(); ++a) {
                if (!labRuns)
                    problem(stepKey(i, "actions/" + std::to_string(a)),
                            "an action needs a lab: no scenario runs at this step");
                cracked = cracked || s.actions[a].kind == StepAction::Kind::Crack;
            }
            for (std::size_t h = 0; h < s.highlights.size(); ++h)
                checkHighlight(stepKey(i, "highlight/" + std::to_string(h)), s.highlights[h], labRuns);
            if (s.question && s.question->from)
                checkSource(stepKey(i, "question/from"), *s.question->from, labRuns, cracked);
            forEachTemplatedText(s, i, [&](const std::string& key, const std::string& text) {
                checkTemplates(key, text, labRuns);
            });
            if (s.question)
                for (LessonError& e : questionProblems(m_lesson, i, labRuns)) m_problems.push_back(std::move(e));
        }
        return m_problems;
    }

private:
    void problem(const std::string& key, std::string text) {
        m_problems.push_back(m_lesson.error(key, std::move(text)));
    }

    void checkAnchor(std::size_t i, const LessonStep& s, bool labRuns) {
        if (!s.anchor) return;
        const std::string key = stepKey(i, "anchor");
        if (!labRuns) problem(key, "an anchor needs a lab: give the lesson (or this or an earlier step) a scenario");
        else if (!LessonValidator::isValidAnchor(*s.anchor))
            problem(key, "\"" + *s.anchor +
                             "\" is not an event id (letters, digits and . _ - # ( ) ^, with at most a trailing *)");
    }

    void checkHighlight(const std::string& key, const Highlight& h, bool labRuns) {
        if (h.kind == Highlight::Kind::ToyDh) {
            // The panel computes what the toy arithmetic computes: numbers it refuses are a problem here.
            for (const std::uint64_t privateValue : {h.toy.a, h.toy.b})
                if (auto dh = crypto::ToyDiffieHellman::create(h.toy.p, h.toy.g, privateValue); !dh)
                    return problem(key + "/toyDh", dh.error().toString());
            return;
        }
        if (!labRuns) return problem(key, "a highlight needs a lab: no scenario runs at this step");
        switch (h.kind) {
        case Highlight::Kind::Field:
        case Highlight::Kind::Event:
            if (!LessonValidator::isValidEventId(h.event)) problem(key, "\"" + h.event + "\" is not an event id");
            break;
        case Highlight::Kind::Key:
            if (!isSiteQualified(h.key))
                problem(key + "/key", "\"" + h.key + "\" is not a derived value as A.<id> or B.<id> (e.g. B.SKEYID_a)");
            else if (const std::string why = keymatProblem(h.key); !why.empty()) problem(key + "/key", why);
            break;
        case Highlight::Kind::Window:
            if (!isSaName(h.sa)) problem(key + "/window", "\"" + h.sa + "\" is not an SA name (A2B, B2A, A2B#2, ...)");
            break;
        case Highlight::Kind::ToyDh: break;
        }
    }

    void checkSource(const std::string& key, const ValueSource& v, bool labRuns, bool cracked) {
        switch (v.kind) {
        case ValueSource::Kind::Derived:
            if (!labRuns) problem(key, "a value from the lab needs a lab: no scenario runs at this step");
            else if (!isSiteQualified(v.id))
                problem(key + "/derived",
                        "\"" + v.id + "\" is not a derived value as A.<id> or B.<id> (e.g. B.SKEYID_a)");
            else if (const std::string why = keymatProblem(v.id); !why.empty()) problem(key + "/derived", why);
            else if (v.render == ValueSource::Render::Value)
                problem(key + "/as", "a derived value has no annotation: use hex, number or length");
            break;
        case ValueSource::Kind::Event:
            if (!labRuns) problem(key, "a value from the lab needs a lab: no scenario runs at this step");
            else if (!LessonValidator::isValidEventId(v.id))
                problem(key + "/event", "\"" + v.id + "\" is not an event id");
            else if (v.render == ValueSource::Render::Value && v.field.empty())
                problem(key + "/as", "\"value\" is an annotated field's text: give a field");
            break;
        case ValueSource::Kind::Crack:
            if (!cracked) problem(key + "/crack", "no crack action at this step or before it (in the same lab)");
            break;
        case ValueSource::Kind::Window:
            if (!labRuns) problem(key, "a value from the lab needs a lab: no scenario runs at this step");
            else if (!isSaName(v.id))
                problem(key + "/window", "\"" + v.id + "\" is not an SA name (A2B, B2A, A2B#2, ...)");
            break;
        case ValueSource::Kind::Overhead:
            if (!labRuns) problem(key, "a value from the lab needs a lab: no scenario runs at this step");
            else if (!LessonValidator::isValidEventId(v.id))
                problem(key + "/overhead", "\"" + v.id + "\" is not an event id");
            break;
        case ValueSource::Kind::ToyDh:
            if (auto value = valueOf(v, nullptr, nullptr); !value) problem(key + "/toyDh", value.error().toString());
            break;
        }
    }

    // Each {{template}} of a text (LessonTemplate.h): well-formed, with a lab to read, naming a
    // derived value, event or SA as the other references do.
    void checkTemplates(const std::string& key, const std::string& text, bool labRuns) {
        const auto found = findTemplates(text);
        if (!found) return problem(key, found.error().message);
        for (const LessonTemplate& t : *found) {
            const ValueSource& v = t.source;
            std::string why;
            if (!labRuns) why = "a lab value needs a lab: no scenario runs at this step";
            else if (t.sa) continue; // the parser checked the role
            else if (v.kind == ValueSource::Kind::Derived && !isSiteQualified(v.id))
                why = "\"" + v.id + "\" is not a derived value as A.<id> or B.<id> (e.g. B.SKEYID_a)";
            else if (v.kind == ValueSource::Kind::Derived && v.render == ValueSource::Render::Value)
                why = "a derived value has no annotation: use hex, number or length";
            else if (v.kind == ValueSource::Kind::Derived) why = keymatProblem(v.id);
            else if (!LessonValidator::isValidEventId(v.id)) why = "\"" + v.id + "\" is not an event id";
            if (!why.empty()) problem(key, t.written + ": " + why);
        }
    }

    const Lesson& m_lesson;
    std::vector<LessonError> m_problems;
};

} // namespace

bool LessonValidator::isValidLessonId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    return true;
}

bool LessonValidator::isValidEventId(const std::string& id) {
    if (id.empty() || id.size() > 200) return false;
    for (char c : id)
        if (!isEventIdChar(c)) return false;
    return true;
}

bool LessonValidator::isValidAnchor(const std::string& anchor) {
    if (!anchor.empty() && anchor.back() == '*')
        return anchor.size() > 1 && isValidEventId(anchor.substr(0, anchor.size() - 1));
    return isValidEventId(anchor);
}

std::vector<LessonError> LessonValidator::check(const Lesson& lesson) { return Checker(lesson).run(); }

std::vector<LessonError> LessonValidator::play(const Lesson& lesson) {
    std::vector<LessonError> problems;
    auto player = LessonPlayer::create(lesson);
    if (!player) return {lesson.error(player.error().field, player.error().message)};
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        auto report = (*player)->advance();
        if (!report) {
            problems.push_back(lesson.error(report.error().field, report.error().message));
            break; // the steps after it cannot be reached
        }
        for (const Error& p : report->problems) problems.push_back(lesson.error(p.field, p.message));
    }
    // After the loop: a prediction's value is worked out when the next step reveals it.
    const auto& reports = (*player)->reports();
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const auto& q = lesson.steps[i].question;
        const bool typed = q && (q->kind == Question::Kind::Value || q->kind == Question::Kind::Number);
        if (typed && q->from && reports[i].expected && !checkValue(*q, q->answer, *reports[i].expected).right)
            problems.push_back(lesson.error(stepKey(i, "question/answer"),
                                            "the lesson says \"" + q->answer + "\" but the lab shows \"" +
                                                *reports[i].expected + "\" for seed " +
                                                std::to_string((*player)->seedAt(i).value_or(0))));
    }
    return problems;
}

} // namespace ipseclab::lesson
