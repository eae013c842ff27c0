// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Where each key of a JSON text sits: nlohmann::json keeps no positions, but a teacher editing a
// lesson needs the line of the key an error names. This is a small scanner of its own that walks
// the text once and records, for every object member and array element, its JSON pointer and its
// line. It also copes with broken text: it stops at the first malformation, and pointerAt() says
// which value was being read at a byte offset (where the JSON parser gave up).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipseclab::lesson {

class JsonLineIndex {
public:
    explicit JsonLineIndex(std::string_view text);

    // The line (1-based) of the member or element at `pointer` ("/steps/2/anchor"); "" is the root.
    std::optional<std::size_t> line(const std::string& pointer) const;
    // The innermost value whose reading covers byte `offset`: the key a syntax error is in.
    std::string pointerAt(std::size_t offset) const;
    const std::map<std::string, std::size_t>& lines() const { return m_lines; }
    // The text nests deeper than kMaxDepth: the scan stopped there (and a parser should not try).
    bool tooDeep() const { return m_tooDeep; }
    static constexpr int kMaxDepth = 64;

    // 1-based line and column of a byte offset.
    static std::size_t lineOf(std::string_view text, std::size_t offset);
    static std::size_t columnOf(std::string_view text, std::size_t offset);
    // A key as a JSON pointer token: '~' -> "~0", '/' -> "~1" (RFC 6901).
    static std::string escape(const std::string& key);

private:
    struct Span {
        std::string pointer;
        std::size_t begin = 0;
        std::size_t end = std::string::npos; // npos: reading stopped inside it
    };
    class Scanner;

    std::map<std::string, std::size_t> m_lines;
    std::vector<Span> m_spans;
    bool m_tooDeep = false;
};

} // namespace ipseclab::lesson
