// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/Glossary.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <utility>

#include "lesson/JsonFile.h"

namespace ipseclab::lesson {

namespace {

using namespace lab::json;

bool validId(const std::string& id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    });
}

GlossaryTerm readTerm(const Json& j, const std::string& path) {
    object(j, path);
    allowKeys(j, path, {"id", "term", "expansion", "definition", "matches", "see"});
    requireKeys(j, path, {"id", "term", "definition"});
    GlossaryTerm t;
    t.id = nonEmptyText(j["id"], join(path, "id"));
    if (!validId(t.id)) throw BadKey{join(path, "id"), "\"" + t.id + "\": an id is lower-case letters, digits and '-'"};
    t.term = nonEmptyText(j["term"], join(path, "term"));
    if (j.contains("expansion")) t.expansion = text(j["expansion"], join(path, "expansion"));
    t.definition = markdown(j["definition"], join(path, "definition"));
    if (t.definition.find_first_not_of(" \n") == std::string::npos)
        throw BadKey{join(path, "definition"), "the definition is empty"};
    t.matches = j.contains("matches") ? textList(j["matches"], join(path, "matches"), 20)
                                      : std::vector<std::string>{t.term};
    if (j.contains("see")) t.see = textList(j["see"], join(path, "see"), 20);
    return t;
}

std::vector<GlossaryTerm> readGlossary(const Json& j) {
    object(j, "");
    allowKeys(j, "", {"format", "terms"});
    requireKeys(j, "", {"format", "terms"});
    if (unsignedNumber(j["format"], "/format", 0, 1000) != 1) throw BadKey{"/format", "this version reads format 1"};
    const Json& terms = j["terms"];
    if (!terms.is_array())
        throw BadKey{"/terms", "expected a list of terms [ { \"id\": …, \"term\": …, \"definition\": … } ]"};
    std::vector<GlossaryTerm> out;
    std::map<std::string, std::string> ownerOfMatch; // match -> id
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const std::string at = join("/terms", i);
        GlossaryTerm t = readTerm(terms[i], at);
        for (const GlossaryTerm& earlier : out)
            if (earlier.id == t.id) throw BadKey{join(at, "id"), "\"" + t.id + "\" is already the id of another term"};
        for (const std::string& m : t.matches) {
            const auto [it, added] = ownerOfMatch.emplace(m, t.id);
            if (!added) throw BadKey{join(at, "matches"), "\"" + m + "\" already links to the term " + it->second};
        }
        out.push_back(std::move(t));
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        for (std::size_t k = 0; k < out[i].see.size(); ++k)
            if (std::none_of(out.begin(), out.end(), [&](const GlossaryTerm& t) { return t.id == out[i].see[k]; }))
                throw BadKey{join(join(join("/terms", i), "see"), k), "no term has the id \"" + out[i].see[k] + "\""};
    return out;
}

bool wordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Where a line's text may link: not inside `code`, [links](…), {{templates}} or <tags>. Returns the
// end of the span that starts at `i`, or `i` when none does.
std::size_t skipSpan(const std::string& line, std::size_t i) {
    const auto past = [&](std::string_view close, std::size_t from) {
        const std::size_t end = line.find(close, from);
        return end == std::string::npos ? line.size() : end + close.size();
    };
    if (line[i] == '`') return past("`", i + 1);
    if (line.compare(i, 2, "{{") == 0) return past("}}", i + 2);
    // A tag or a comment; a '<' in prose ("a < b", "<---") is text.
    if (line[i] == '<' && i + 1 < line.size() &&
        (std::isalpha(static_cast<unsigned char>(line[i + 1])) || line[i + 1] == '/' || line[i + 1] == '!'))
        return past(">", i + 1);
    if (line[i] == '[') {
        const std::size_t close = line.find("](", i + 1);
        return close == std::string::npos ? i : past(")", close + 2);
    }
    return i;
}

// Calls `found(offset, length, term)` for the first mention of each term in `markdown`.
void scan(const std::vector<GlossaryTerm>& terms, const std::string& markdown,
          const std::function<void(std::size_t, std::size_t, const GlossaryTerm&)>& found) {
    // Every match, longest first, so "IKE SA" wins over "SA" where both start.
    std::vector<std::pair<const std::string*, const GlossaryTerm*>> matches;
    for (const GlossaryTerm& t : terms)
        for (const std::string& m : t.matches) matches.emplace_back(&m, &t);
    std::stable_sort(matches.begin(), matches.end(),
                     [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
    std::vector<const GlossaryTerm*> linked;
    bool fenced = false;
    std::size_t lineStart = 0;
    while (lineStart <= markdown.size()) {
        std::size_t lineEnd = markdown.find('\n', lineStart);
        if (lineEnd == std::string::npos) lineEnd = markdown.size();
        const std::string line = markdown.substr(lineStart, lineEnd - lineStart);
        const bool fence = line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0;
        if (fence) fenced = !fenced;
        const bool code = fenced || fence || line.rfind("    ", 0) == 0 || line.rfind("\t", 0) == 0;
        if (!code && line.rfind("#", 0) != 0) {
            for (std::size_t i = 0; i < line.size();) {
                if (const std::size_t end = skipSpan(line, i); end != i) {
                    i = end;
                    continue;
                }
                if (i > 0 && wordChar(line[i - 1])) {
                    ++i;
                    continue;
                }
                std::size_t length = 0;
                for (const auto& [m, t] : matches) {
                    if (std::find(linked.begin(), linked.end(), t) != linked.end() ||
                        line.compare(i, m->size(), *m) != 0)
                        continue;
                    if (i + m->size() < line.size() && wordChar(line[i + m->size()])) continue;
                    linked.push_back(t);
                    found(lineStart + i, m->size(), *t);
                    length = m->size();
                    break;
                }
                i += std::max<std::size_t>(length, 1);
            }
        }
        lineStart = lineEnd + 1;
    }
}

} // namespace

tl::expected<Glossary, LessonError> Glossary::fromJson(std::string_view text, const std::string& file) {
    auto parsed = parseJsonFile(text, file, kMaxFileSize, "glossary");
    if (!parsed) return tl::unexpected(parsed.error());
    Glossary g;
    try {
        g.m_terms = readGlossary(parsed->json);
    } catch (const BadKey& bad) {
        return tl::unexpected(LessonError{file, bad.key, lineOfKey(parsed->lines, bad.key), bad.problem});
    } catch (const Json::exception& e) {
        return tl::unexpected(LessonError{file, "", std::nullopt, e.what()});
    }
    return g;
}

tl::expected<Glossary, LessonError> Glossary::load(const std::string& path) {
    auto text = readTextFile(path, kMaxFileSize, "glossary");
    if (!text) return tl::unexpected(text.error());
    return fromJson(*text, path);
}

const GlossaryTerm* Glossary::find(const std::string& id) const {
    const auto it = std::find_if(m_terms.begin(), m_terms.end(), [&](const GlossaryTerm& t) { return t.id == id; });
    return it == m_terms.end() ? nullptr : &*it;
}

std::string Glossary::link(const std::string& markdown) const {
    std::string out;
    std::size_t copied = 0;
    scan(m_terms, markdown, [&](std::size_t at, std::size_t length, const GlossaryTerm& t) {
        out += markdown.substr(copied, at - copied);
        out += "[" + markdown.substr(at, length) + "](" + kScheme + ":" + t.id + ")";
        copied = at + length;
    });
    return out + markdown.substr(copied);
}

std::vector<std::string> Glossary::mentioned(const std::string& markdown) const {
    std::vector<std::string> ids;
    scan(m_terms, markdown, [&](std::size_t, std::size_t, const GlossaryTerm& t) { ids.push_back(t.id); });
    return ids;
}

} // namespace ipseclab::lesson
