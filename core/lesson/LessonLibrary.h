// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Where lessons are found at run time and how a folder of them is read. The folder is, in order:
// the caller's choice (--lessons-dir), the environment variable IPSECLAB_LESSONS_DIR, the installed
// folder (<prefix>/share/ipsec-lab/lessons beside <prefix>/bin/ipsec-lab) when there is one, then
// the source tree's lessons/ compiled in.
//
// Reading a folder never fails as a whole: the good lessons are listed (ordered by file name,
// NN-id.json) and each bad file is reported with its own error, so the app keeps running. The
// folder's glossary.json (Glossary::kFileName) is the glossary, not a lesson.

#include <optional>
#include <string>
#include <vector>

#include "base/Error.h"
#include "lesson/Glossary.h"
#include "lesson/Lesson.h"

namespace ipseclab::lesson {

struct LessonFolder {
    std::string folder;
    std::vector<Lesson> lessons;
    Glossary glossary; // empty when the folder has none (or a bad one: then reported in errors)
    // Bad files, and lessons whose prerequisites name no lesson of the folder (those lessons are
    // listed all the same).
    std::vector<LessonError> errors;
};

class LessonLibrary {
public:
    static constexpr const char* kFolderVariable = "IPSECLAB_LESSONS_DIR";

    // `chosen` if given, else $IPSECLAB_LESSONS_DIR if set and not empty, else the installed folder
    // if there is one, else the compiled-in folder.
    static std::string folder(const std::optional<std::string>& chosen = std::nullopt);
    // Every *.json file of the folder, loaded and checked.
    static LessonFolder loadFolder(const std::string& folder);
    // A lesson file: `idOrFile` itself when it is a file, else the file of `folder` whose name is
    // it ("03-main-mode"), whose name after the number is it ("main-mode") or whose number it is ("3").
    static Result<std::string> findFile(const std::string& idOrFile, const std::string& folder);
    // The folder's glossary (Glossary::kFileName); an empty one when the folder has none.
    static tl::expected<Glossary, LessonError> glossary(const std::string& folder);
    // The number a lesson file's name starts with: "03-main-mode.json" -> 3; none without one.
    static std::optional<unsigned long> number(const std::string& file);
};

} // namespace ipseclab::lesson
