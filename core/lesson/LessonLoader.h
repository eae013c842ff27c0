// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Lesson files (lessons/README.md) into Lesson values. A file that is not JSON, has a key of the
// wrong type or an unknown key, or fails LessonValidator's checks gets one LessonError naming the
// file, the key (a JSON pointer), the line where known and what is wrong. Nothing throws out.

#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

using LessonResult = tl::expected<Lesson, LessonError>;

class LessonLoader {
public:
    // Lesson files are small; anything larger is refused before parsing.
    static constexpr std::size_t kMaxFileSize = 1 << 20;

    // `file` names the source in errors.
    static LessonResult fromJson(std::string_view text, const std::string& file);
    static LessonResult load(const std::string& path);
};

} // namespace ipseclab::lesson
