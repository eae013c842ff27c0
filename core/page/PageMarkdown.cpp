// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "page/PageMarkdown.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "page/IllustratedHtml.h"

namespace ipseclab::page {

namespace {

bool isPunct(char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; }
bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Where the emphasis opened at `from` by `mark` ("*" or "**") closes: a mark after a non-space,
// not part of a longer run of stars. npos when it does not close (the stars are then text).
std::size_t closing(std::string_view text, std::size_t from, std::string_view mark) {
    if (from >= text.size() || isSpace(text[from])) return std::string_view::npos;
    for (std::size_t at = text.find(mark, from + 1); at != std::string_view::npos; at = text.find(mark, at + 1)) {
        const bool longer = at + mark.size() < text.size() && text[at + mark.size()] == '*';
        if (!isSpace(text[at - 1]) && !longer && text[at - 1] != '\\') return at;
        if (longer) ++at;
    }
    return std::string_view::npos;
}

// A glossary link at `at` ("[SPI](glossary:spi)", lesson::Glossary::link): its text and the term's
// id, and where it ends. Other links are not followed: the page leads nowhere outside itself.
struct GlossaryLink {
    std::string_view text, id;
    std::size_t end = 0;
};
std::optional<GlossaryLink> glossaryLink(std::string_view text, std::size_t at) {
    static constexpr std::string_view kTarget = "](glossary:";
    const std::size_t middle = text.find(kTarget, at);
    if (middle == std::string_view::npos || text.substr(at + 1, middle - at - 1).find(']') != std::string_view::npos)
        return std::nullopt;
    const std::size_t idAt = middle + kTarget.size(), close = text.find(')', idAt);
    if (close == std::string_view::npos || close == idAt || middle == at + 1) return std::nullopt;
    const std::string_view id = text.substr(idAt, close - idAt);
    const bool plain = std::all_of(id.begin(), id.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    });
    if (!plain) return std::nullopt;
    return GlossaryLink{text.substr(at + 1, middle - at - 1), id, close};
}

std::string inlineHtml(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '[') {
            if (const auto link = glossaryLink(text, i)) {
                out += "<a class=\"gl\" href=\"#" + std::string(kGlossaryAnchor) + std::string(link->id) + "\">" +
                       inlineHtml(link->text) + "</a>";
                i = link->end;
                continue;
            }
        }
        if (c == '\\' && i + 1 < text.size() && isPunct(text[i + 1])) {
            out += escapeHtml(text.substr(++i, 1));
            continue;
        }
        if (c == '`') {
            const std::size_t end = text.find('`', i + 1);
            if (end != std::string_view::npos) {
                out += "<code>" + escapeHtml(text.substr(i + 1, end - i - 1)) + "</code>";
                i = end;
                continue;
            }
        }
        if (c == '*') {
            const std::string_view mark = text.substr(i).starts_with("**") ? "**" : "*";
            const std::size_t end = closing(text, i + mark.size(), mark);
            if (end != std::string_view::npos) {
                const char* tag = mark.size() == 2 ? "strong" : "em";
                out += "<" + std::string(tag) + ">" + inlineHtml(text.substr(i + mark.size(), end - i - mark.size())) +
                       "</" + tag + ">";
                i = end + mark.size() - 1;
                continue;
            }
        }
        out += escapeHtml(text.substr(i, 1));
    }
    return out;
}

std::vector<std::string_view> linesOf(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        out.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return out;
}

bool blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return isSpace(c); });
}
bool indented(std::string_view line) { return line.starts_with("    ") || line.starts_with("\t"); }

// "- item", "* item", "12. item": the item's text, or none.
std::optional<std::string_view> listItem(std::string_view line, bool& ordered) {
    if (line.starts_with("- ") || line.starts_with("* ")) {
        ordered = false;
        return line.substr(2);
    }
    std::size_t digits = 0;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
    if (digits == 0 || line.substr(digits, 2) != ". ") return std::nullopt;
    ordered = true;
    return line.substr(digits + 2);
}

// A table row's cells: split at '|' that no backslash escapes, the outer bars dropped.
std::vector<std::string> cells(std::string_view row) {
    std::vector<std::string> out(1);
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i] == '\\' && i + 1 < row.size()) out.back() += row.substr(i++, 2);
        else if (row[i] == '|') out.emplace_back();
        else out.back() += row[i];
    }
    const auto trim = [](std::string& s) {
        s.erase(0, s.find_first_not_of(" \t"));
        s.erase(s.find_last_not_of(" \t") + 1);
    };
    for (std::string& c : out) trim(c);
    if (!out.empty() && out.front().empty()) out.erase(out.begin());
    if (!out.empty() && out.back().empty() && row.find_last_not_of(" \t") == row.rfind('|')) out.pop_back();
    return out;
}

bool tableRule(std::string_view line) {
    return line.starts_with('|') && line.find('-') != std::string_view::npos &&
           line.find_first_not_of("|-: \t") == std::string_view::npos;
}

struct Blocks {
    std::vector<std::string_view> lines;
    std::size_t at = 0;
    int shift = 0;
    std::string html;

    void code(std::string_view body) { html += "<pre><code>" + escapeHtml(body) + "</code></pre>"; }
    void fenced();
    void indentedCode();
    void table();
    void list();
    void paragraph();
    void run();
};

void Blocks::fenced() {
    std::string body;
    for (++at; at < lines.size() && !lines[at].starts_with("```"); ++at) body += std::string(lines[at]) + "\n";
    ++at; // the closing fence (or the end)
    code(body);
}

void Blocks::indentedCode() {
    std::string body;
    std::size_t end = at;
    while (end < lines.size() && (indented(lines[end]) || blank(lines[end]))) ++end;
    while (end > at && blank(lines[end - 1])) --end; // trailing blank lines are not the code's
    for (; at < end; ++at)
        body += std::string(blank(lines[at]) ? "" : lines[at].substr(lines[at][0] == '\t' ? 1 : 4)) + "\n";
    code(body);
}

void Blocks::table() {
    const auto row = [](const std::vector<std::string>& cols, const char* tag) {
        std::string out = "<tr>";
        for (const std::string& c : cols) out += "<" + std::string(tag) + ">" + inlineHtml(c) + "</" + tag + ">";
        return out + "</tr>";
    };
    html += "<div class=\"table\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table><thead>" +
            row(cells(lines[at]), "th") + "</thead><tbody>";
    for (at += 2; at < lines.size() && lines[at].starts_with('|'); ++at) html += row(cells(lines[at]), "td");
    html += "</tbody></table></div>";
}

void Blocks::list() {
    bool ordered = false;
    listItem(lines[at], ordered);
    const char* tag = ordered ? "ol" : "ul";
    html += "<" + std::string(tag) + ">";
    std::string item;
    bool kind = ordered;
    for (; at < lines.size() && !blank(lines[at]); ++at) {
        if (const auto text = listItem(lines[at], kind); text && kind == ordered) {
            if (!item.empty()) html += "<li>" + inlineHtml(item) + "</li>";
            item = std::string(*text);
        } else if (lines[at].starts_with(' ')) {
            item += " " + std::string(lines[at].substr(lines[at].find_first_not_of(' ')));
        } else {
            break;
        }
    }
    html += "<li>" + inlineHtml(item) + "</li></" + tag + ">";
}

void Blocks::paragraph() {
    std::string text;
    bool ordered = false;
    for (; at < lines.size() && !blank(lines[at]) && !lines[at].starts_with('#') && !lines[at].starts_with("```") &&
           !listItem(lines[at], ordered);
         ++at)
        text += (text.empty() ? "" : " ") + std::string(lines[at]);
    html += "<p>" + inlineHtml(text) + "</p>";
}

void Blocks::run() {
    bool ordered = false;
    while (at < lines.size()) {
        const std::string_view line = lines[at];
        if (blank(line)) {
            ++at;
        } else if (line.starts_with("```")) {
            fenced();
        } else if (indented(line)) {
            indentedCode();
        } else if (line.starts_with('#')) {
            const std::size_t level = line.find_first_not_of('#');
            const int tag = std::min(6, int(level == std::string_view::npos ? line.size() : level) + shift);
            const std::string_view title = level == std::string_view::npos ? "" : line.substr(level);
            html += "<h" + std::to_string(tag) + ">" +
                    inlineHtml(title.substr(std::min(title.find_first_not_of(' '), title.size()))) + "</h" +
                    std::to_string(tag) + ">";
            ++at;
        } else if (line.starts_with('|') && at + 1 < lines.size() && tableRule(lines[at + 1])) {
            table();
        } else if (listItem(line, ordered)) {
            list();
        } else {
            paragraph();
        }
    }
}

} // namespace

std::string markdownHtml(std::string_view markdown, int headingShift) {
    Blocks blocks{linesOf(markdown), 0, headingShift, {}};
    blocks.run();
    return blocks.html;
}

std::string inlineMarkdownHtml(std::string_view text) { return inlineHtml(text); }

} // namespace ipseclab::page
