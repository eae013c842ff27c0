// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/JsonFile.h"

#include <fstream>

#include "lesson/JsonLineIndex.h"

namespace ipseclab::lesson {

using lab::json::Json;

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 3, column 5: "
// prefix: the position is given our way.
std::string parseProblem(const std::string& what) {
    std::string out = what;
    if (const auto at = out.find("] "); out.rfind("[json.exception", 0) == 0 && at != std::string::npos)
        out = out.substr(at + 2);
    if (out.rfind("parse error", 0) == 0)
        if (const auto colon = out.find(": "); colon != std::string::npos) out = out.substr(colon + 2);
    return out;
}

} // namespace

tl::expected<JsonFile, LessonError> parseJsonFile(std::string_view text, const std::string& file, std::size_t maxSize,
                                                  const std::string& what) {
    if (text.size() > maxSize)
        return tl::unexpected(LessonError{file, "", std::nullopt,
                                          "the file is " + std::to_string(text.size()) + " bytes: more than a " + what +
                                              " can be (" + std::to_string(maxSize) + ")"});
    const JsonLineIndex index(text);
    if (index.tooDeep()) {
        const std::string key = index.pointerAt(text.size());
        return tl::unexpected(
            LessonError{file, key, lineOfKey(index.lines(), key),
                        "nested deeper than " + std::to_string(JsonLineIndex::kMaxDepth) + " levels"});
    }
    JsonFile out;
    try {
        out.json = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // e.byte counts from 1 and points at the character that broke the grammar.
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        const std::string key = index.pointerAt(offset);
        return tl::unexpected(LessonError{file, key, JsonLineIndex::lineOf(text, offset),
                                          "not valid JSON (column " +
                                              std::to_string(JsonLineIndex::columnOf(text, offset)) +
                                              "): " + parseProblem(e.what())});
    } catch (const Json::out_of_range& e) {
        // The one other thing the parser throws (406): a number with more digits than a double holds.
        // Its message quotes the number, which is how we find where it is.
        const std::string problem = e.what();
        const std::size_t open = problem.find('\''), close = problem.rfind('\'');
        const std::size_t offset = open < close
                                       ? text.find(std::string_view(problem).substr(open + 1, close - open - 1))
                                       : std::string_view::npos;
        if (offset == std::string_view::npos)
            return tl::unexpected(LessonError{file, "", std::nullopt, "not valid JSON: a number too large to read"});
        return tl::unexpected(LessonError{file, index.pointerAt(offset), JsonLineIndex::lineOf(text, offset),
                                          "not valid JSON: a number too large to read"});
    }
    out.lines = index.lines();
    return out;
}

tl::expected<std::string, LessonError> readTextFile(const std::string& path, std::size_t maxSize,
                                                    const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return tl::unexpected(LessonError{path, "", std::nullopt, "cannot open the " + what + " file"});
    // One byte more than allowed is enough to tell a file that is too large.
    std::string buffer(maxSize + 1, '\0');
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.bad()) return tl::unexpected(LessonError{path, "", std::nullopt, "cannot read the " + what + " file"});
    buffer.resize(static_cast<std::size_t>(in.gcount()));
    return buffer;
}

std::string markdown(const Json& j, const std::string& path) {
    if (j.is_string()) return j.get<std::string>();
    if (!j.is_array()) throw lab::json::BadKey{path, "expected a string, or a list of strings (the lines)"};
    std::string out;
    for (std::size_t i = 0; i < j.size(); ++i) out += (i ? "\n" : "") + lab::json::text(j[i], lab::json::join(path, i));
    return out;
}

std::vector<std::string> textList(const Json& j, const std::string& path, std::size_t max) {
    using lab::json::BadKey;
    if (!j.is_array()) throw BadKey{path, "expected a list of strings [\"...\"]"};
    if (j.empty()) throw BadKey{path, "the list is empty"};
    if (j.size() > max) throw BadKey{path, "more than " + std::to_string(max) + " entries"};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(lab::json::nonEmptyText(j[i], lab::json::join(path, i)));
    return out;
}

} // namespace ipseclab::lesson
