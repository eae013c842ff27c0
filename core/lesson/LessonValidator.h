// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What makes a lesson well-formed beyond its JSON shape (LessonLoader checks types and keys):
//
// check()  — without running anything: ids and anchors spelled as the lab spells them, a seed
//            wherever a lab runs, highlights and value sources that name a site or an SA the lab
//            has, crack results asked only after a crack, steps that need a lab only where one runs.
// play()   — by playing the lesson on its lab (LessonPlayer): every anchor is reached, every
//            highlight resolves, every value question's `from` resolves, and its stored answer is
//            the value the lab shows for the lesson's seed.
//
// Each problem names the file, the key and its line.

#include <vector>

#include "lesson/Lesson.h"

namespace ipseclab::lesson {

class LessonValidator {
public:
    static std::vector<LessonError> check(const Lesson& lesson);
    static std::vector<LessonError> play(const Lesson& lesson);

    // A lesson id: letters, digits and '-'.
    static bool isValidLessonId(const std::string& id);
    // A timeline event id as the lab spells them: letters, digits and . _ - # ( ) ^ ("A.g^xy",
    // "HASH(1)", "ESP.A2B.seq5.verdict#2"). An anchor may end in '*' (a prefix).
    static bool isValidEventId(const std::string& id);
    static bool isValidAnchor(const std::string& anchor);
};

} // namespace ipseclab::lesson
