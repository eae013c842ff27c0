// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the class set's JSON files share (docs/class-files.md): each names its format and version at
// its top, is read by the strict readers of lab/JsonReader.h, and reports a problem as
// "FILE:LINE: key /pointer: problem" (lesson/JsonFile.h finds the line).

#include <cstddef>
#include <string>
#include <string_view>

#include "base/Error.h"
#include "classroom/ClassFile.h"
#include "lab/JsonReader.h"
#include "lesson/JsonFile.h"

namespace ipseclab::classroom {

using lab::json::Json;

inline constexpr std::size_t kMaxJsonFileSize = 4 * 1024 * 1024;

// Throws lab::json::BadKey when `j` is not an object of `format` at a version up to `version`.
void checkFormat(const Json& j, std::string_view format, int version);

Json settingsToJson(const ClassSettings& settings);
ClassSettings settingsFromJson(const Json& j, const std::string& path);
// A list of strings (lesson ids).
std::vector<std::string> stringList(const Json& j, const std::string& path);

Error fileError(const lesson::LessonError& error);

// Parses `text` as a file of `what` ("class file"), then runs `read` on it; a BadKey it throws
// becomes an error with the key's line.
template <typename Read>
auto readJsonFile(std::string_view text, std::string_view fileName, const std::string& what, Read read)
    -> Result<decltype(read(std::declval<const Json&>()))> {
    const std::string file(fileName);
    auto parsed = lesson::parseJsonFile(text, file, kMaxJsonFileSize, what);
    if (!parsed) return tl::unexpected(fileError(parsed.error()));
    try {
        return read(parsed->json);
    } catch (const lab::json::BadKey& bad) {
        return tl::unexpected(fileError({file, bad.key, lesson::lineOfKey(parsed->lines, bad.key), bad.problem}));
    } catch (const Json::exception& e) {
        return tl::unexpected(fileError({file, "", std::nullopt, e.what()}));
    }
}

} // namespace ipseclab::classroom
