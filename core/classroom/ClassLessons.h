// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The class's lessons found among the lessons loaded (a LessonFolder's): what the grader and the
// handouts, keys and question bank all start from.

#include <vector>

#include "base/Error.h"
#include "classroom/ClassFile.h"
#include "lesson/Lesson.h"

namespace ipseclab::classroom {

// The class's lessons in its order, pointing into `loaded`; a lesson of the class missing there is an
// error naming it.
Result<std::vector<const lesson::Lesson*>> classLessons(const ClassSet& set, const std::vector<lesson::Lesson>& loaded);

} // namespace ipseclab::classroom
