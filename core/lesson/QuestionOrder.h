// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The order a question's choices are shown in: shuffled, the same for the same lesson, step and
// seed (so a class on one seed sees what that seed's answer key prints), different from seed to
// seed. The shuffle is ours (splitmix64 and Fisher-Yates), not the standard library's, whose
// distributions differ between implementations: a worksheet printed on one machine must match
// the window on another. An ordering question is never shown in its right order.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

// shown[i] = the stored index of the choice shown at position i. Empty for a question without choices.
std::vector<std::size_t> shownOrder(const std::string& lessonId, std::size_t step, std::uint64_t seed,
                                    const Question& q);

// "A", "B", ...: how worksheets and answer keys name the choice shown at `position`.
std::string choiceLetter(std::size_t position);

} // namespace ipseclab::lesson
