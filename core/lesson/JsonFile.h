// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A JSON file a teacher edits (a lesson, the glossary), read so that every problem names the file,
// the key (a JSON pointer) and the line: nlohmann::json keeps no positions, so the text is indexed
// once (JsonLineIndex) beside the parse, and the parser's own errors are turned into our form.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "lab/JsonReader.h"
#include "lesson/Lesson.h"

namespace ipseclab::lesson {

struct JsonFile {
    lab::json::Json json;
    std::map<std::string, std::size_t> lines; // JSON pointer -> line
};

// `text` parsed; `what` names the kind of file in errors ("lesson": "more than a lesson can be").
tl::expected<JsonFile, LessonError> parseJsonFile(std::string_view text, const std::string& file, std::size_t maxSize,
                                                  const std::string& what);
// The whole file, refused when larger than `maxSize` ("cannot open the lesson file").
tl::expected<std::string, LessonError> readTextFile(const std::string& path, std::size_t maxSize,
                                                    const std::string& what);

// Readers of the values lesson and glossary files share (throwing lab::json::BadKey, like the others
// of lab/JsonReader.h). Markdown: one string, or a list of strings (the lines: easier to read and
// edit in JSON).
std::string markdown(const lab::json::Json& j, const std::string& path);
// A list of 1 to `max` non-empty strings.
std::vector<std::string> textList(const lab::json::Json& j, const std::string& path, std::size_t max);

} // namespace ipseclab::lesson
