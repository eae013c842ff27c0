// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ClassPages.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include "ClassArguments.h"
#include "ClassCommand.h"
#include "classroom/ClassLessons.h"
#include "lesson/LessonLibrary.h"
#include "page/IllustratedLesson.h"

namespace ipseclab::classcli {

namespace {

constexpr const char* kUsage =
    "Usage: ipsec-lab class pages DIR\n\n"
    "Writes every student's Illustrated pages for the class in DIR (DIR/class.json): for each student\n"
    "and lesson, DIR/pages/<student id>/<lesson id>.html, one self-contained web page with the\n"
    "lesson played for that student's lab code. The student answers its questions in any browser\n"
    "(the answers are kept there) and Hand in downloads their results file, as the window's\n"
    "File > Hand in writes it, for `ipsec-lab class grade`.\n\n"
    "Options:\n"
    "  --lessons-dir DIR   where the lessons are\n\n"
    "Exit status: 0 done, 1 a lesson could not be played for a student's lab code or a file not\n"
    "written, 2 bad usage or bad input.\n";

int failed(const std::string& message) {
    std::fprintf(stderr, "ipsec-lab class pages: %s\n", message.c_str());
    return kExitFailed;
}

} // namespace

int runClassPages(const std::vector<std::string>& arguments) {
    auto args = parseArguments(arguments, {"--lessons-dir"}, {});
    if (!args) return usageError("pages", args.error().message);
    if (args->help) return std::fputs(kUsage, stdout), kExitOk;
    if (args->positional.size() != 1)
        return usageError("pages", args->positional.empty()
                                       ? "the class folder DIR is missing"
                                       : "one class folder, not " + args->positional[1] + " as well");
    const std::string dir = args->positional.front();
    auto set = readClassFolder(dir);
    if (!set) return usageError("pages", set.error().message);
    const lesson::LessonFolder loaded = lesson::LessonLibrary::loadFolder(
        lesson::LessonLibrary::folder(args->value("--lessons-dir")));
    auto lessons = classroom::classLessons(*set, loaded.lessons);
    if (!lessons) return usageError("pages", lessons.error().message + " (" + loaded.folder + ")");
    std::set<std::string> taken;
    std::size_t written = 0;
    for (const classroom::Student& s : set->students) {
        const std::filesystem::path folder = std::filesystem::path(dir) / "pages" / studentFileName(s.id, taken);
        std::error_code error;
        std::filesystem::create_directories(folder, error);
        if (error) return failed("cannot make the folder " + folder.string() + ": " + error.message());
        page::LessonPageOptions options{s.seed, page::HandInIdentity{s.code, s.id, s.name, set->classId()},
                                        set->settings.attemptsAllowed, "IPsec Lab " IPSECLAB_VERSION,
                                        set->name + " — " + s.name + " (" + s.id + "), lab code " + s.code};
        for (const lesson::Lesson* l : *lessons) {
            const std::string path = (folder / (l->id + ".html")).string();
            if (auto done = page::writeIllustratedLessonPage(*l, path, options); !done)
                return failed(path + ": " + done.error().message);
            ++written;
        }
    }
    std::fprintf(stderr, "ipsec-lab class: wrote %zu pages in %s\n", written,
                 (std::filesystem::path(dir) / "pages").string().c_str());
    return kExitOk;
}

} // namespace ipseclab::classcli
