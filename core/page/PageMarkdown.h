// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Lesson text (Markdown, lessons/README.md) as HTML for the Illustrated page, which has no Qt to
// do it: the part of Markdown the lessons write — headings, paragraphs, lists, tables, fenced and
// indented code, `code`, **strong**, *emphasis*, backslash escapes and glossary links
// ([SPI](glossary:spi), lesson::Glossary::link) to the page's glossary ("#g-spi"). Everything else
// is text, escaped: a lesson can put no markup of its own into the page.

#include <string>
#include <string_view>

namespace ipseclab::page {

// The page's anchor of a glossary term: this and its id.
inline constexpr std::string_view kGlossaryAnchor = "g-";

// Block Markdown; headings move down by `headingShift` levels (a lesson's "#" under the page's h2).
std::string markdownHtml(std::string_view markdown, int headingShift = 2);
// One line of inline Markdown (a question's prompt, a choice, a feedback).
std::string inlineMarkdownHtml(std::string_view text);

} // namespace ipseclab::page
