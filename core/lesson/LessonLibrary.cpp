// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/LessonLibrary.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

#include "lesson/LessonLoader.h"

#ifndef IPSECLAB_LESSONS_DIR
#define IPSECLAB_LESSONS_DIR "lessons"
#endif

namespace ipseclab::lesson {

namespace fs = std::filesystem;

namespace {

// The lesson files of a folder, sorted by name (the NN- prefix orders the browser).
std::vector<fs::path> lessonFiles(const std::string& folder, std::error_code& error) {
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        std::error_code ignored;
        if (it->path().extension() == ".json" && it->path().filename() != Glossary::kFileName &&
            it->is_regular_file(ignored))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// "03-main-mode" -> number 3, name "main-mode"; "intro" -> no number, name "intro".
struct FileName {
    std::optional<unsigned long> number;
    std::string name;
};

FileName splitStem(const std::string& stem) {
    std::size_t digits = 0;
    while (digits < stem.size() && digits < 6 && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
    if (digits == 0 || digits >= stem.size() || stem[digits] != '-') return {std::nullopt, stem};
    return {std::stoul(stem.substr(0, digits)), stem.substr(digits + 1)};
}

} // namespace

std::string LessonLibrary::folder(const std::optional<std::string>& chosen) {
    if (chosen && !chosen->empty()) return *chosen;
    if (const char* env = std::getenv(kFolderVariable); env && *env) return env;
    // Installed (installer/CMakeLists.txt): <prefix>/bin/ipsec-lab beside <prefix>/share/ipsec-lab/lessons.
    std::error_code error;
    const fs::path program = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path installed = program.parent_path().parent_path() / "share" / "ipsec-lab" / "lessons";
        if (fs::is_directory(installed, error)) return installed.string();
    }
    return IPSECLAB_LESSONS_DIR;
}

LessonFolder LessonLibrary::loadFolder(const std::string& folder) {
    LessonFolder out;
    out.folder = folder;
    std::error_code error;
    const std::vector<fs::path> files = lessonFiles(folder, error);
    if (error) {
        out.errors.push_back(
            LessonError{folder, "", std::nullopt, "cannot read the lesson folder: " + error.message()});
        return out;
    }
    std::map<std::string, std::string> fileOfId;
    for (const fs::path& file : files) {
        auto lesson = LessonLoader::load(file.string());
        if (!lesson) {
            out.errors.push_back(lesson.error());
            continue;
        }
        if (const auto it = fileOfId.find(lesson->id); it != fileOfId.end()) {
            out.errors.push_back(lesson->error("/id", "\"" + lesson->id + "\" is already the id of " + it->second));
            continue;
        }
        fileOfId[lesson->id] = file.string();
        out.lessons.push_back(std::move(*lesson));
    }
    for (const Lesson& lesson : out.lessons)
        for (std::size_t i = 0; i < lesson.prerequisites.size(); ++i)
            if (!fileOfId.contains(lesson.prerequisites[i]))
                out.errors.push_back(
                    lesson.error("/prerequisites/" + std::to_string(i),
                                 "no lesson of the folder has the id \"" + lesson.prerequisites[i] + "\""));
    if (auto loaded = glossary(folder)) out.glossary = std::move(*loaded);
    else out.errors.push_back(loaded.error());
    return out;
}

tl::expected<Glossary, LessonError> LessonLibrary::glossary(const std::string& folder) {
    const fs::path file = fs::path(folder) / Glossary::kFileName;
    std::error_code error;
    if (!fs::exists(file, error)) return Glossary{};
    return Glossary::load(file.string());
}

std::optional<unsigned long> LessonLibrary::number(const std::string& file) {
    return splitStem(fs::path(file).stem().string()).number;
}

Result<std::string> LessonLibrary::findFile(const std::string& idOrFile, const std::string& folder) {
    std::error_code ignored;
    if (fs::is_regular_file(idOrFile, ignored)) return idOrFile;
    if (idOrFile.find('/') != std::string::npos || fs::path(idOrFile).extension() == ".json")
        return fail(idOrFile + ": no such lesson file");
    std::error_code error;
    const std::vector<fs::path> files = lessonFiles(folder, error);
    if (error) return fail(folder + ": cannot read the lesson folder: " + error.message());
    const FileName wanted = splitStem(idOrFile);
    std::optional<unsigned long> wantedNumber;
    if (!idOrFile.empty() && idOrFile.size() <= 6 && std::all_of(idOrFile.begin(), idOrFile.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        wantedNumber = std::stoul(idOrFile);
    std::string known;
    for (const fs::path& file : files) {
        const std::string stem = file.stem().string();
        const FileName name = splitStem(stem);
        if (stem == idOrFile || name.name == wanted.name || (wantedNumber && name.number == wantedNumber))
            return file.string();
        known += (known.empty() ? "" : ", ") + stem;
    }
    return fail("no lesson \"" + idOrFile + "\" in " + folder +
                (known.empty() ? " (the folder has none)" : " (known: " + known + ")"));
}

} // namespace ipseclab::lesson
