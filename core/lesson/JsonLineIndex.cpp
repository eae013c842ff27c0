// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/JsonLineIndex.h"

#include <algorithm>
#include <cstdint>

#include "lab/JsonReader.h"

namespace ipseclab::lesson {

// Recursive descent over the JSON grammar, recording spans; it gives up (keeping what it has) at
// the first thing that is not JSON, and at a nesting depth no lesson needs (kMaxDepth), so hostile
// input cannot exhaust the stack.
class JsonLineIndex::Scanner {
public:
    Scanner(std::string_view text, JsonLineIndex& index) : m_text(text), m_index(index) {
        // nlohmann accepts a UTF-8 byte order mark; so must the positions.
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3;
    }

    void run() {
        skipSpace();
        record("");
        if (value("", 0)) close(0);
    }

private:
    std::size_t record(const std::string& pointer) {
        m_index.m_lines[pointer] = m_line;
        m_index.m_spans.push_back(Span{pointer, m_pos, std::string::npos});
        return m_index.m_spans.size() - 1;
    }
    void close(std::size_t span) { m_index.m_spans[span].end = m_pos; }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }

    void skipSpace() {
        while (!atEnd()) {
            const char c = peek();
            if (c == '\n') ++m_line;
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return;
            ++m_pos;
        }
    }

    bool value(const std::string& pointer, int depth) {
        if (depth > kMaxDepth) {
            m_index.m_tooDeep = true;
            return false;
        }
        skipSpace();
        if (atEnd()) return false;
        switch (peek()) {
        case '{': return object(pointer, depth);
        case '[': return array(pointer, depth);
        case '"': {
            std::string ignored;
            return string(ignored);
        }
        default: return scalar();
        }
    }

    // The members or elements of a container, each read by `element(i)`, up to `end`.
    template <typename Element>
    bool elements(char end, Element element) {
        ++m_pos; // '{' or '['
        skipSpace();
        if (!atEnd() && peek() == end) return ++m_pos, true;
        for (std::size_t i = 0;; ++i) {
            skipSpace();
            if (!element(i)) return false;
            skipSpace();
            if (atEnd()) return false;
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == end) return ++m_pos, true;
            return false;
        }
    }

    bool object(const std::string& pointer, int depth) {
        return elements('}', [&](std::size_t) {
            if (atEnd() || peek() != '"') return false;
            const std::size_t keyLine = m_line;
            const std::size_t keyPos = m_pos;
            std::string key;
            if (!string(key)) return false;
            const std::string child = pointer + "/" + escape(key);
            // The member starts at its key: that is the line a reader looks for.
            m_index.m_lines[child] = keyLine;
            m_index.m_spans.push_back(Span{child, keyPos, std::string::npos});
            const std::size_t span = m_index.m_spans.size() - 1;
            skipSpace();
            if (atEnd() || peek() != ':') return false;
            ++m_pos;
            if (!value(child, depth + 1)) return false;
            close(span);
            return true;
        });
    }

    bool array(const std::string& pointer, int depth) {
        return elements(']', [&](std::size_t i) {
            const std::size_t span = record(pointer + "/" + std::to_string(i));
            if (!value(pointer + "/" + std::to_string(i), depth + 1)) return false;
            close(span);
            return true;
        });
    }

    bool scalar() {
        const std::size_t start = m_pos;
        while (!atEnd()) {
            const char c = peek();
            const bool part = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' ||
                              c == '-' || c == '.';
            if (!part) break;
            ++m_pos;
        }
        return m_pos > start;
    }

    static void appendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    bool hex4(std::uint32_t& out) {
        if (m_pos + 4 > m_text.size()) return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            out <<= 4;
            if (c >= '0' && c <= '9') out |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') out |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') out |= static_cast<std::uint32_t>(c - 'A' + 10);
            else return false;
        }
        return true;
    }

    // A string token, decoded (keys must match nlohmann's decoded keys).
    bool string(std::string& out) {
        ++m_pos; // '"'
        while (!atEnd()) {
            const char c = m_text[m_pos++];
            if (c == '"') return true;
            if (c == '\n') ++m_line; // not JSON, but keep the lines right for what follows
            if (c != '\\') {
                out += c;
                continue;
            }
            if (atEnd()) return false;
            const char e = m_text[m_pos++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(cp)) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low = 0;
                    if (m_text.substr(m_pos, 2) != "\\u") return false;
                    m_pos += 2;
                    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default: return false;
            }
        }
        return false;
    }

    std::string_view m_text;
    JsonLineIndex& m_index;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

JsonLineIndex::JsonLineIndex(std::string_view text) { Scanner(text, *this).run(); }

std::optional<std::size_t> JsonLineIndex::line(const std::string& pointer) const {
    const auto it = m_lines.find(pointer);
    if (it == m_lines.end()) return std::nullopt;
    return it->second;
}

std::string JsonLineIndex::pointerAt(std::size_t offset) const {
    // Spans are recorded outside-in, so the last one covering the offset is the innermost.
    std::string best;
    for (const Span& s : m_spans)
        if (s.begin <= offset && (s.end == std::string::npos || offset < s.end)) best = s.pointer;
    return best;
}

std::size_t JsonLineIndex::lineOf(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 +
           static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::size_t JsonLineIndex::columnOf(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    if (offset == 0 || lineStart == std::string_view::npos) return offset + 1;
    return offset - lineStart;
}

std::string JsonLineIndex::escape(const std::string& key) { return lab::json::escapeKey(key); }

} // namespace ipseclab::lesson
