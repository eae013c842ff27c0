#include "lesson/Lesson.h"

namespace ipseclab::lesson {

std::string LessonError::toString() const {
    std::string out = file;
    if (line) out += ":" + std::to_string(*line);
    out += ": ";
    if (!key.empty()) out += "key " + key + ": ";
    return out + problem;
}

std::string ScenarioRef::describe() const {
    if (!inlined) return name;
    return inlined->name + " (inline)";
}

std::string StepAction::describe() const {
    switch (kind) {
    case Kind::Attack: return "attack " + attack.toString();
    case Kind::Traffic: return "traffic: " + std::to_string(traffic.count) + " echo requests";
    case Kind::SiteAction: return std::string(lab::actionKindName(siteAction)) + " " + lab::siteName(site);
    case Kind::FastForward:
        return "fast-forward " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) + " s";
    case Kind::Crack: return "crack with " + std::to_string(words.size()) + " words";
    }
    return "?";
}

LessonError Lesson::error(const std::string& key, std::string problem) const {
    return LessonError{file, key, lineOfKey(lines, key), std::move(problem)};
}

std::optional<std::size_t> lineOfKey(const std::map<std::string, std::size_t>& lines, const std::string& key) {
    std::string at = key;
    while (true) {
        if (const auto it = lines.find(at); it != lines.end()) return it->second;
        if (at.empty()) return std::nullopt;
        const std::size_t slash = at.rfind('/');
        at = slash == std::string::npos ? std::string() : at.substr(0, slash);
    }
}

std::size_t Lesson::questionCount() const {
    std::size_t n = 0;
    for (const LessonStep& s : steps) n += s.question.has_value();
    return n;
}

bool Lesson::hasLab() const {
    if (scenario) return true;
    for (const LessonStep& s : steps)
        if (s.scenario) return true;
    return false;
}

std::string stepKey(std::size_t step, const std::string& key) {
    std::string out = "/steps/" + std::to_string(step);
    return key.empty() ? out : out + "/" + key;
}

} // namespace ipseclab::lesson
