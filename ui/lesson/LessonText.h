// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// How a lesson's parts read on screen and on paper, shared by the lesson panel and the worksheet:
// the Markdown of a step as HTML, and what a highlight points at with the value the lab shows there.

#include <QString>

#include <string>

namespace ipseclab::lab {
class Timeline;
}
namespace ipseclab::lesson {
struct LessonStep;
struct ResolvedHighlight;
} // namespace ipseclab::lesson

namespace ipseclab::ui::LessonText {

// A step's Markdown as an HTML fragment (the body only, to be embedded in a page).
QString markdownToHtml(const std::string& markdown);
// The same in plain tags, for a program with its own style sheet (a Moodle question bank): Qt's
// inline styles become <b>, <i> and <code>, and the rest of them (margins, sizes) are dropped.
QString markdownToPlainHtml(const std::string& markdown);

// "SKEYID_a of Site B = 5d6e…" or "Site A · MM1 · SA proposals › SA/Proposal#1/… = AES-CBC (7) — bytes
// 0007": plain text in words (no timeline ids), from the timeline's own values (nothing is
// re-parsed). `timeline` null: only the name. Without `values`, only where to look: "Site A · MM1 ·
// SA proposals › SA/Proposal#1/… (isakmp.…)", "SKEYID_a of Site B, in the Keys dock" — for a step
// whose question the value would answer.
QString highlightLine(const lab::Timeline* timeline, const lesson::ResolvedHighlight& highlight, bool values = true);

// Whether a step's "Look at" lines and worksheet may show values: only when it asks no question
// (a value printed beside a question answers it, issue 15).
bool showsValues(const lesson::LessonStep& step);

} // namespace ipseclab::ui::LessonText
