// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/ClassFile.h"

#include <set>

#include "classroom/JsonFormat.h"
#include "classroom/LabCode.h"
#include "crypto/Hash.h"

namespace ipseclab::classroom {

namespace json = lab::json;

namespace {

constexpr std::string_view kClassFormat = "ipsec-lab-class";
constexpr std::string_view kCardFormat = "ipsec-lab-card";

Student readStudent(const Json& j, const std::string& path, ByteView secret) {
    json::object(j, path);
    json::allowKeys(j, path, {"id", "name", "round", "code"});
    json::requireKeys(j, path, {"id", "name", "code"});
    Student s;
    s.id = json::nonEmptyText(j.at("id"), json::join(path, "id"));
    s.name = json::nonEmptyText(j.at("name"), json::join(path, "name"));
    if (j.contains("round"))
        s.round = static_cast<std::uint32_t>(json::unsignedNumber(j.at("round"), json::join(path, "round"), 0, 1000));
    s.seed = studentSeed(secret, s.id, s.round);
    s.code = encodeLabCode(s.seed);
    const std::string given = json::text(j.at("code"), json::join(path, "code"));
    auto typed = normalizeLabCode(given);
    if (!typed || *typed != s.code)
        throw json::BadKey{json::join(path, "code"), "\"" + given +
                                                         "\" is not the code the class secret gives student " + s.id +
                                                         " (" + s.code + "): the class file was edited"};
    return s;
}

ClassSet readClass(const Json& j) {
    checkFormat(j, kClassFormat, ClassSet::kVersion);
    json::allowKeys(j, "", {"format", "version", "name", "secret", "classId", "lessons", "settings", "students"});
    json::requireKeys(j, "", {"name", "secret", "lessons", "students"});
    ClassSet set;
    set.name = json::text(j.at("name"), "/name");
    const auto secret = fromHex(json::text(j.at("secret"), "/secret"));
    if (!secret || secret->size() < 16) throw json::BadKey{"/secret", "expected at least 16 bytes in hex"};
    set.secret = *secret;
    if (j.contains("classId") && json::text(j.at("classId"), "/classId") != set.classId())
        throw json::BadKey{"/classId", "does not match the secret: the class file was edited"};
    set.lessons = stringList(j.at("lessons"), "/lessons");
    if (j.contains("settings")) set.settings = settingsFromJson(j.at("settings"), "/settings");
    const Json& students = j.at("students");
    if (!students.is_array()) throw json::BadKey{"/students", "expected a list of students"};
    std::set<std::string> ids;
    std::set<std::uint64_t> seeds;
    for (std::size_t i = 0; i < students.size(); ++i) {
        const std::string path = json::join("/students", i);
        Student s = readStudent(students[i], path, set.secret);
        if (!ids.insert(s.id).second) throw json::BadKey{json::join(path, "id"), "the id " + s.id + " is listed twice"};
        if (!seeds.insert(s.seed).second)
            throw json::BadKey{json::join(path, "round"), "two students have the same seed (bump the round)"};
        set.students.push_back(std::move(s));
    }
    return set;
}

LabCard readCard(const Json& j) {
    checkFormat(j, kCardFormat, LabCard::kVersion);
    json::allowKeys(j, "",
                    {"format", "version", "className", "classId", "studentId", "name", "code", "lessons", "settings"});
    json::requireKeys(j, "", {"className", "classId", "studentId", "name", "code", "lessons"});
    LabCard card;
    card.className = json::text(j.at("className"), "/className");
    card.classId = json::nonEmptyText(j.at("classId"), "/classId");
    card.studentId = json::nonEmptyText(j.at("studentId"), "/studentId");
    card.name = json::nonEmptyText(j.at("name"), "/name");
    auto code = normalizeLabCode(json::text(j.at("code"), "/code"));
    if (!code) throw json::BadKey{"/code", code.error().message};
    card.code = *code;
    card.lessons = stringList(j.at("lessons"), "/lessons");
    if (j.contains("settings")) card.settings = settingsFromJson(j.at("settings"), "/settings");
    return card;
}

} // namespace

std::string ClassSet::classId() const {
    Bytes message = bytesOf("ipsec-lab class id v1");
    append(message, secret);
    const Bytes digest = crypto::hash(crypto::HashAlgorithm::Sha256, message);
    return toHex(ByteView(digest).first(8));
}

const Student* ClassSet::findByCode(std::string_view code) const {
    const auto seed = decodeLabCode(code);
    if (!seed) return nullptr;
    for (const Student& s : students)
        if (s.seed == *seed) return &s;
    return nullptr;
}

const Student* ClassSet::findById(std::string_view id) const {
    for (const Student& s : students)
        if (s.id == id) return &s;
    return nullptr;
}

ClassSet makeClass(std::string name, Bytes secret, std::vector<std::string> lessons, ClassSettings settings,
                   const std::vector<RosterEntry>& roster) {
    ClassSet set{std::move(name), std::move(secret), std::move(lessons), settings, {}};
    std::set<std::uint64_t> taken;
    for (const RosterEntry& entry : roster) {
        Student s{entry.id, entry.name, 0, {}, 0};
        while (!taken.insert(s.seed = studentSeed(set.secret, s.id, s.round)).second) ++s.round;
        s.code = encodeLabCode(s.seed);
        set.students.push_back(std::move(s));
    }
    return set;
}

std::string toJson(const ClassSet& set) {
    Json students = Json::array();
    for (const Student& s : set.students) {
        Json j = {{"id", s.id}, {"name", s.name}, {"code", s.code}};
        if (s.round) j["round"] = s.round;
        students.push_back(std::move(j));
    }
    const Json j = {{"format", kClassFormat},
                    {"version", ClassSet::kVersion},
                    {"name", set.name},
                    {"secret", toHex(set.secret)},
                    {"classId", set.classId()},
                    {"lessons", set.lessons},
                    {"settings", settingsToJson(set.settings)},
                    {"students", std::move(students)}};
    return j.dump(2) + "\n";
}

Result<ClassSet> classFromJson(std::string_view text, std::string_view fileName) {
    return readJsonFile(text, fileName, "class file", readClass);
}

LabCard cardFor(const ClassSet& set, const Student& student) {
    return LabCard{set.name, set.classId(), student.id, student.name, student.code, set.lessons, set.settings};
}

std::string toJson(const LabCard& card) {
    const Json j = {
        {"format", kCardFormat},   {"version", LabCard::kVersion}, {"className", card.className},
        {"classId", card.classId}, {"studentId", card.studentId},  {"name", card.name},
        {"code", card.code},       {"lessons", card.lessons},      {"settings", settingsToJson(card.settings)}};
    return j.dump(2) + "\n";
}

Result<LabCard> cardFromJson(std::string_view text, std::string_view fileName) {
    return readJsonFile(text, fileName, "lab card", readCard);
}

} // namespace ipseclab::classroom
