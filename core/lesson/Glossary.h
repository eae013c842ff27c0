// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The terms the lessons lean on (SA, SPI, nonce, proxy ID, …), each defined once in the lessons
// folder's glossary.json (lessons/README.md) and linked from lesson text where it first appears in a
// step, so a student can hover or click a word instead of leaving the lesson to look it up.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

struct GlossaryTerm {
    std::string id;                   // "spi": the link target, glossary:spi
    std::string term;                 // "SPI"
    std::string expansion;            // "Security Parameter Index"; may be empty
    std::string definition;           // Markdown
    std::vector<std::string> matches; // the words of lesson text that link here (the term itself by default)
    std::vector<std::string> see;     // related terms' ids
};

class Glossary {
public:
    static constexpr const char* kFileName = "glossary.json"; // in the lessons folder
    static constexpr const char* kScheme = "glossary";        // links: glossary:<id>
    static constexpr std::size_t kMaxFileSize = 1 << 20;

    // `file` names the source in errors. A term with an unknown or repeated id, an empty
    // definition, or a match claimed by two terms is an error naming its key and line.
    static tl::expected<Glossary, LessonError> fromJson(std::string_view text, const std::string& file);
    static tl::expected<Glossary, LessonError> load(const std::string& path);

    const std::vector<GlossaryTerm>& terms() const { return m_terms; }
    const GlossaryTerm* find(const std::string& id) const;
    bool empty() const { return m_terms.empty(); }

    // `markdown` with the first mention of each term turned into a link [SPI](glossary:spi). Never
    // inside code (spans, indented or fenced blocks), headings, existing links or {{templates}}; only
    // whole words, the longest match first ("IKE SA" before "SA").
    std::string link(const std::string& markdown) const;
    // The ids of the terms link() would link in `markdown`, in order of first mention.
    std::vector<std::string> mentioned(const std::string& markdown) const;

private:
    std::vector<GlossaryTerm> m_terms;
};

} // namespace ipseclab::lesson
