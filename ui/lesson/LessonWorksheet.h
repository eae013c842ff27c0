// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Teacher mode's handouts: a lesson played to its end for a chosen seed, written as the worksheet a
// class works through (each step's text, the values the lab shows there, the questions with room to
// answer) or as its answer key (each question's right answer for that seed). Both hold exactly the
// bytes and values the students' labs show, since the lab is deterministic for a seed. HTML, or PDF
// through Qt's printing (HtmlDocument::writePdf).

#include <QString>

#include <cstdint>
#include <optional>

namespace ipseclab::lesson {
struct Lesson;
}

namespace ipseclab::ui {

class LessonWorksheet {
public:
    enum class Part { Worksheet, AnswerKey };

    // The page, or none with `error` naming the step the lab could not reach. `who`: a line under the
    // title naming whom a class set's sheet is for ("Ada Lovelace (s01), lab code K7QF-92XD"); empty: none.
    static std::optional<QString> html(const lesson::Lesson& lesson, std::optional<std::uint64_t> seed, Part part,
                                       QString* error = nullptr, const QString& who = {});
    // PDF when `path` ends in .pdf, else HTML.
    static bool write(const lesson::Lesson& lesson, std::optional<std::uint64_t> seed, Part part, const QString& path,
                      QString* error = nullptr);
};

} // namespace ipseclab::ui
