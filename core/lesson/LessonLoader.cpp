// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/LessonLoader.h"

#include <cmath>
#include <fstream>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "lab/BuiltinScenarios.h"
#include "lab/ScenarioJson.h"
#include "lesson/JsonFile.h"
#include "lesson/LessonValidator.h"
#include "lesson/QuestionChecks.h"
#include "lesson/QuestionKinds.h"

namespace ipseclab::lesson {

namespace {

using namespace lab::json; // the strict reader (lab/JsonReader.h), shared with the scenario files

ScenarioRef scenarioRef(const Json& j, const std::string& path) {
    ScenarioRef ref;
    if (j.is_string()) {
        ref.name = j.get<std::string>();
        if (!lab::isBuiltinScenario(ref.name)) {
            std::string names;
            for (const auto& s : lab::builtinScenarios()) names += (names.empty() ? "" : ", ") + s.name;
            throw BadKey{path, "\"" + ref.name + "\" is not a ready-made scenario (known: " + names + ")"};
        }
        return ref;
    }
    if (!j.is_object()) throw BadKey{path, "expected a ready-made scenario's name or a scenario object { ... }"};
    auto scenario = lab::readScenarioJson(j);
    if (!scenario) throw BadKey{path + scenario.error().key, scenario.error().problem}; // re-rooted under this key
    ref.inlined = std::move(*scenario);
    return ref;
}

// A field by key: "field": "isakmp.nonce" and, for a repeat, "index": 2 (1 = the first).
FieldRef fieldByKey(const Json& j, const std::string& path) {
    requireKeys(j, path, {"field"}); // a const json's [] on a missing key is undefined: never read one unchecked
    FieldRef f;
    f.key = nonEmptyText(j["field"], join(path, "field"));
    if (j.contains("index")) f.index = unsignedNumber(j["index"], join(path, "index"), 1, 65535);
    return f;
}

Highlight highlight(const Json& j, const std::string& path) {
    object(j, path);
    allowKeys(j, path, {"field", "index", "key", "window", "event", "toyDh"});
    Highlight h;
    if (j.contains("field") && j["field"].is_string()) {
        // { "event": "A.MM3.sent", "field": "isakmp.nonce" [, "index": 2] }
        requireKeys(j, path, {"event"});
        for (const auto& [name, value] : j.items())
            if (name != "event" && name != "field" && name != "index")
                throw BadKey{join(path, name), "a field highlight is event, field and index only"};
        h.kind = Highlight::Kind::Field;
        h.event = nonEmptyText(j["event"], join(path, "event"));
        h.field = fieldByKey(j, path);
        return h;
    }
    if (j.size() != 1) throw BadKey{path, "expected exactly one of: field, key, window, event, toyDh"};
    if (j.contains("field")) {
        // The form before keys, { "field": { "event": ..., "path": "NONCE/Nonce Data" } }: deprecated.
        const std::string at = join(path, "field");
        const Json& f = object(j["field"], at);
        allowKeys(f, at, {"event", "path"});
        requireKeys(f, at, {"event", "path"});
        h.kind = Highlight::Kind::Field;
        h.event = nonEmptyText(f["event"], join(at, "event"));
        h.field.legacyPath = nonEmptyText(f["path"], join(at, "path"));
    } else if (j.contains("key")) {
        h.kind = Highlight::Kind::Key;
        h.key = nonEmptyText(j["key"], join(path, "key"));
    } else if (j.contains("window")) {
        h.kind = Highlight::Kind::Window;
        h.sa = nonEmptyText(j["window"], join(path, "window"));
    } else if (j.contains("toyDh")) {
        const std::string at = join(path, "toyDh");
        const Json& t = object(j["toyDh"], at);
        allowKeys(t, at, {"p", "g", "a", "b"});
        requireKeys(t, at, {"p", "g", "a", "b"});
        h.kind = Highlight::Kind::ToyDh;
        h.toy.p = unsignedNumber(t["p"], join(at, "p"), 3, UINT64_MAX);
        h.toy.g = unsignedNumber(t["g"], join(at, "g"), 2, UINT64_MAX);
        h.toy.a = unsignedNumber(t["a"], join(at, "a"), 1, UINT64_MAX);
        h.toy.b = unsignedNumber(t["b"], join(at, "b"), 1, UINT64_MAX);
    } else {
        // The one key left may be "index" alone: a const json's [] on a missing key is undefined.
        if (!j.contains("event")) throw BadKey{path, "expected exactly one of: field, key, window, event, toyDh"};
        h.kind = Highlight::Kind::Event;
        h.event = nonEmptyText(j["event"], join(path, "event"));
    }
    return h;
}

ValueSource::Render render(const std::string& value, const std::string& path) {
    if (value == "hex") return ValueSource::Render::Hex;
    if (value == "number") return ValueSource::Render::Number;
    if (value == "length") return ValueSource::Render::Length;
    if (value == "value") return ValueSource::Render::Value;
    throw BadKey{path, "\"" + value + "\" is not a rendering (expected hex, number, length or value)"};
}

ValueSource valueSource(const Json& j, const std::string& path) {
    object(j, path);
    allowKeys(j, path,
              {"derived", "event", "field", "index", "path", "offset", "length", "as", "crack", "toyDh", "window",
               "overhead"});
    int kinds = 0;
    for (const char* k : {"derived", "event", "crack", "toyDh", "window", "overhead"}) kinds += int(j.contains(k));
    if (kinds != 1) throw BadKey{path, "expected exactly one of: derived, event, crack, toyDh, window, overhead"};
    ValueSource v;
    if (j.contains("window") || j.contains("overhead")) { // numbers the lab computes (lessons/README.md)
        for (const char* k : {"field", "index", "path", "offset", "length", "as"})
            if (j.contains(k)) throw BadKey{join(path, k), "only for derived and event values"};
        v.kind = j.contains("window") ? ValueSource::Kind::Window : ValueSource::Kind::Overhead;
        v.id = nonEmptyText(j.contains("window") ? j["window"] : j["overhead"],
                            join(path, j.contains("window") ? "window" : "overhead"));
        v.render = ValueSource::Render::Number;
        return v;
    }
    if (j.contains("crack") || j.contains("toyDh")) {
        for (const char* k : {"field", "index", "path", "offset", "length", "as"})
            if (j.contains(k)) throw BadKey{join(path, k), "only for derived and event values"};
    }
    if (j.contains("derived")) {
        v.kind = ValueSource::Kind::Derived;
        v.id = nonEmptyText(j["derived"], join(path, "derived"));
        for (const char* k : {"field", "index", "path"})
            if (j.contains(k)) throw BadKey{join(path, k), "only for event values"};
    } else if (j.contains("event")) {
        v.kind = ValueSource::Kind::Event;
        v.id = nonEmptyText(j["event"], join(path, "event"));
        if (j.contains("field") && j.contains("path")) throw BadKey{join(path, "path"), "give field or path, not both"};
        if (j.contains("index") && !j.contains("field")) throw BadKey{join(path, "index"), "only with a field"};
        if (j.contains("field")) {
            v.field = fieldByKey(j, path);
            v.render = ValueSource::Render::Value;
        } else if (j.contains("path")) { // the form before keys: deprecated
            v.field.legacyPath = nonEmptyText(j["path"], join(path, "path"));
            v.render = ValueSource::Render::Value;
        }
    } else if (j.contains("crack")) {
        v.kind = ValueSource::Kind::Crack;
        v.crack = text(j["crack"], join(path, "crack"));
        if (v.crack != "key" && v.crack != "tries")
            throw BadKey{join(path, "crack"), "\"" + v.crack + "\" is not a crack result (expected key or tries)"};
    } else {
        v.kind = ValueSource::Kind::ToyDh;
        const std::string at = join(path, "toyDh");
        const Json& t = object(j["toyDh"], at);
        allowKeys(t, at, {"p", "g", "private", "peerPublic", "result"});
        requireKeys(t, at, {"p", "g", "private", "result"});
        v.toy.p = unsignedNumber(t["p"], join(at, "p"), 3, UINT64_MAX);
        v.toy.g = unsignedNumber(t["g"], join(at, "g"), 2, UINT64_MAX);
        v.toy.privateValue = unsignedNumber(t["private"], join(at, "private"), 1, UINT64_MAX);
        if (t.contains("peerPublic"))
            v.toy.peerPublic = unsignedNumber(t["peerPublic"], join(at, "peerPublic"), 2, UINT64_MAX);
        const std::string result = text(t["result"], join(at, "result"));
        if (result != "public" && result != "shared")
            throw BadKey{join(at, "result"), "\"" + result + "\" is not a toy DH result (expected public or shared)"};
        v.toy.shared = result == "shared";
        if (v.toy.shared && !v.toy.peerPublic)
            throw BadKey{join(at, "peerPublic"), "missing (required for the shared secret)"};
        v.render = ValueSource::Render::Number;
    }
    if (j.contains("offset")) v.offset = unsignedNumber(j["offset"], join(path, "offset"), 0, 65535);
    if (j.contains("length")) v.length = unsignedNumber(j["length"], join(path, "length"), 1, 65535);
    if (j.contains("as")) v.render = render(text(j["as"], join(path, "as")), join(path, "as"));
    return v;
}

Question question(const Json& j, const std::string& path) {
    object(j, path);
    allowKeys(j, path, {"kind", "prompt", "choices", "answer", "from", "pick", "predict", "feedback"});
    requireKeys(j, path, {"kind", "prompt", "feedback"});
    Question q;
    q.prompt = nonEmptyText(j["prompt"], join(path, "prompt"));
    readQuestionKind(j, path, q); // lesson/QuestionKinds.h
    if (j.contains("from")) q.from = valueSource(j["from"], join(path, "from"));
    const std::string at = join(path, "feedback");
    const Json& f = object(j["feedback"], at);
    allowKeys(f, at, {"right", "wrong"});
    requireKeys(f, at, {"right", "wrong"});
    q.feedback.right = markdown(f["right"], join(at, "right"));
    q.feedback.wrong = markdown(f["wrong"], join(at, "wrong"));
    return q;
}

StepAction action(const Json& j, const std::string& path) {
    object(j, path);
    allowKeys(j, path, {"attack", "traffic", "site", "action", "fast-forward", "crack"});
    StepAction a;
    if (j.contains("action") || j.contains("site")) {
        requireKeys(j, path, {"site", "action"});
        if (j.size() != 2)
            throw BadKey{path, "a site action is { \"site\": \"A\", \"action\": \"silence\" } and nothing else"};
        a.kind = StepAction::Kind::SiteAction;
        const std::string site = text(j["site"], join(path, "site"));
        if (site != "A" && site != "B")
            throw BadKey{join(path, "site"), "\"" + site + "\" is not a site (expected A or B)"};
        a.site = site == "A" ? lab::Site::A : lab::Site::B;
        const std::string what = text(j["action"], join(path, "action"));
        bool known = false;
        for (auto k : {lab::ActionKind::Silence, lab::ActionKind::Resume, lab::ActionKind::Dpd, lab::ActionKind::Rekey,
                       lab::ActionKind::DeleteChild, lab::ActionKind::DeleteIke})
            if (lab::actionKindName(k) == what) a.siteAction = k, known = true;
        if (!known)
            throw BadKey{
                join(path, "action"),
                "\"" + what +
                    "\" is not a site action (expected silence, resume, dpd, rekey, delete-child or delete-ike)"};
        return a;
    }
    if (j.size() != 1)
        throw BadKey{path, "expected exactly one of: attack, traffic, site + action, fast-forward, crack"};
    if (j.contains("attack")) {
        a.kind = StepAction::Kind::Attack;
        auto spec = lab::AttackSpec::parse(text(j["attack"], join(path, "attack")));
        if (!spec) throw BadKey{join(path, "attack"), spec.error().message};
        a.attack = *spec;
    } else if (j.contains("traffic")) {
        a.kind = StepAction::Kind::Traffic;
        a.traffic.count = static_cast<std::uint32_t>(unsignedNumber(j["traffic"], join(path, "traffic"), 1, 10000));
    } else if (j.contains("fast-forward")) {
        a.kind = StepAction::Kind::FastForward;
        const Json& s = j["fast-forward"];
        if (!s.is_number() || s.get<double>() <= 0 || s.get<double>() > 86400)
            throw BadKey{join(path, "fast-forward"), "expected seconds, more than 0 and at most 86400"};
        a.duration = lab::Timestamp(static_cast<std::int64_t>(std::llround(s.get<double>() * 1e6)));
    } else {
        requireKeys(j, path, {"crack"}); // the one key left, as allowKeys has it
        a.kind = StepAction::Kind::Crack;
        a.words = textList(j["crack"], join(path, "crack"), 100000);
    }
    return a;
}

LessonStep step(const Json& j, const std::string& path) {
    object(j, path);
    allowKeys(j, path, {"anchor", "scenario", "seed", "text", "red", "highlight", "actions", "question"});
    requireKeys(j, path, {"text"});
    LessonStep s;
    if (j.contains("anchor")) s.anchor = nonEmptyText(j["anchor"], join(path, "anchor"));
    if (j.contains("scenario")) s.scenario = scenarioRef(j["scenario"], join(path, "scenario"));
    if (j.contains("seed")) s.seed = unsignedNumber(j["seed"], join(path, "seed"), 0, UINT64_MAX);
    s.text = markdown(j["text"], join(path, "text"));
    if (j.contains("red")) s.red = markdown(j["red"], join(path, "red"));
    if (j.contains("highlight")) {
        const Json& h = j["highlight"];
        const std::string at = join(path, "highlight");
        if (!h.is_array()) throw BadKey{at, "expected a list of highlights [ { \"event\": ... }, ... ]"};
        for (std::size_t i = 0; i < h.size(); ++i) s.highlights.push_back(highlight(h[i], join(at, i)));
    }
    if (j.contains("actions")) {
        const Json& a = j["actions"];
        const std::string at = join(path, "actions");
        if (!a.is_array()) throw BadKey{at, "expected a list of actions [ { \"attack\": \"replay:seq=5\" }, ... ]"};
        for (std::size_t i = 0; i < a.size(); ++i) s.actions.push_back(action(a[i], join(at, i)));
    }
    if (j.contains("question")) s.question = question(j["question"], join(path, "question"));
    return s;
}

Lesson readLesson(const Json& j) {
    object(j, "");
    allowKeys(j, "",
              {"format", "id", "title", "summary", "goals", "minutes", "prerequisites", "scenario", "seed", "steps"});
    requireKeys(j, "", {"format", "id", "title", "goals", "steps"});
    Lesson l;
    l.format = static_cast<int>(unsignedNumber(j["format"], "/format", 0, 1000));
    if (l.format != 1)
        throw BadKey{"/format",
                     "format " + std::to_string(l.format) + " is not supported (this version reads format 1)"};
    l.id = nonEmptyText(j["id"], "/id");
    l.title = nonEmptyText(j["title"], "/title");
    if (j.contains("summary")) l.summary = text(j["summary"], "/summary");
    l.goals = textList(j["goals"], "/goals", 20);
    if (j.contains("minutes")) l.minutes = static_cast<unsigned>(unsignedNumber(j["minutes"], "/minutes", 1, 600));
    if (j.contains("prerequisites")) l.prerequisites = textList(j["prerequisites"], "/prerequisites", 20);
    if (j.contains("scenario")) l.scenario = scenarioRef(j["scenario"], "/scenario");
    if (j.contains("seed")) l.seed = unsignedNumber(j["seed"], "/seed", 0, UINT64_MAX);
    const Json& steps = j["steps"];
    if (!steps.is_array()) throw BadKey{"/steps", "expected a list of steps [ { ... }, ... ]"};
    if (steps.empty()) throw BadKey{"/steps", "a lesson needs at least one step"};
    for (std::size_t i = 0; i < steps.size(); ++i) l.steps.push_back(step(steps[i], stepKey(i)));
    return l;
}

// One warning per field a lesson still names by its annotation path.
std::vector<LessonError> deprecations(const Lesson& lesson) {
    std::vector<LessonError> out;
    const auto warn = [&](std::size_t step, const std::string& key, const FieldRef& field) {
        if (field.legacyPath.empty()) return;
        out.push_back(lesson.error(stepKey(step, key),
                                   "deprecated: lesson " + lesson.id + ", step " + std::to_string(step + 1) +
                                       " names a field by its path \"" + field.legacyPath +
                                       "\"; name it by its key, \"field\": \"isakmp.nonce\" with \"index\" for a "
                                       "repeat (lessons/README.md). Paths will not be read after this release."));
    };
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& s = lesson.steps[i];
        for (std::size_t h = 0; h < s.highlights.size(); ++h)
            warn(i, "highlight/" + std::to_string(h) + "/field/path", s.highlights[h].field);
        if (s.question && s.question->from) warn(i, "question/from/path", s.question->from->field);
    }
    return out;
}

} // namespace

LessonResult LessonLoader::fromJson(std::string_view text, const std::string& file) {
    auto parsed = parseJsonFile(text, file, kMaxFileSize, "lesson");
    if (!parsed) return tl::unexpected(parsed.error());
    Lesson lesson;
    try {
        lesson = readLesson(parsed->json);
    } catch (const BadKey& bad) {
        return tl::unexpected(LessonError{file, bad.key, lineOfKey(parsed->lines, bad.key), bad.problem});
    } catch (const Json::exception& e) {
        return tl::unexpected(LessonError{file, "", std::nullopt, e.what()});
    }
    lesson.file = file;
    lesson.lines = std::move(parsed->lines);
    lesson.warnings = deprecations(lesson);
    for (LessonError& w : questionWarnings(lesson)) lesson.warnings.push_back(std::move(w));
    const std::vector<LessonError> problems = LessonValidator::check(lesson);
    if (!problems.empty()) return tl::unexpected(problems.front());
    return lesson;
}

LessonResult LessonLoader::load(const std::string& path) {
    auto text = readTextFile(path, kMaxFileSize, "lesson");
    if (!text) return tl::unexpected(text.error());
    return fromJson(*text, path);
}

} // namespace ipseclab::lesson
