// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/JsonFormat.h"

#include <limits>

namespace ipseclab::classroom {

namespace json = lab::json;

void checkFormat(const Json& j, std::string_view format, int version) {
    json::object(j, "");
    json::requireKeys(j, "", {"format", "version"});
    const std::string given = json::text(j.at("format"), "/format");
    if (given != format)
        throw json::BadKey{"/format", "\"" + given + "\" is not the format of this file (\"" + std::string(format) +
                                          "\"): another kind of file"};
    const std::uint64_t v = json::unsignedNumber(j.at("version"), "/version", 1,
                                                 std::numeric_limits<std::uint32_t>::max());
    if (v > static_cast<std::uint64_t>(version))
        throw json::BadKey{"/version", "version " + std::to_string(v) + " is newer than this program reads (" +
                                           std::to_string(version) + "): a newer IPsec Lab wrote it"};
}

Json settingsToJson(const ClassSettings& settings) {
    Json out = {{"backPastAnswered", settings.backPastAnswered}, {"hideFailureNames", settings.hideFailureNames}};
    if (settings.attemptsAllowed) out["attemptsAllowed"] = *settings.attemptsAllowed;
    return out;
}

ClassSettings settingsFromJson(const Json& j, const std::string& path) {
    json::object(j, path);
    json::allowKeys(j, path, {"attemptsAllowed", "backPastAnswered", "hideFailureNames"});
    ClassSettings out;
    if (j.contains("attemptsAllowed"))
        out.attemptsAllowed = static_cast<std::uint32_t>(
            json::unsignedNumber(j.at("attemptsAllowed"), json::join(path, "attemptsAllowed"), 1, 1000));
    if (j.contains("backPastAnswered"))
        out.backPastAnswered = json::boolean(j.at("backPastAnswered"), json::join(path, "backPastAnswered"));
    if (j.contains("hideFailureNames"))
        out.hideFailureNames = json::boolean(j.at("hideFailureNames"), json::join(path, "hideFailureNames"));
    return out;
}

std::vector<std::string> stringList(const Json& j, const std::string& path) {
    if (!j.is_array()) throw json::BadKey{path, "expected a list of strings [\"...\"]"};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(json::nonEmptyText(j[i], json::join(path, i)));
    return out;
}

Error fileError(const lesson::LessonError& error) { return Error{error.toString(), error.key, std::nullopt}; }

} // namespace ipseclab::classroom
