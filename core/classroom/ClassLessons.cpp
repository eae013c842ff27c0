// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/ClassLessons.h"

#include <algorithm>

namespace ipseclab::classroom {

Result<std::vector<const lesson::Lesson*>> classLessons(const ClassSet& set,
                                                        const std::vector<lesson::Lesson>& loaded) {
    std::vector<const lesson::Lesson*> out;
    for (const std::string& id : set.lessons) {
        const auto found = std::find_if(loaded.begin(), loaded.end(), [&](const auto& l) { return l.id == id; });
        if (found == loaded.end()) return fail("the class's lesson " + id + " is not among the lessons loaded");
        out.push_back(&*found);
    }
    return out;
}

} // namespace ipseclab::classroom
