// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ClassGrade.h"

#include <cstdio>

#include "ClassArguments.h"
#include "ClassCommand.h"
#include "classroom/Grader.h"
#include "lesson/LessonLibrary.h"

namespace ipseclab::classcli {

namespace {

constexpr const char* kUsage =
    "Usage: ipsec-lab class grade DIR RESULTS.json... [--moodle-csv FILE] > grades.csv\n\n"
    "Grades the students' results files against the class in DIR (DIR/class.json). Every expected\n"
    "answer is worked out again from the student's lab code, every attempt judged again; nothing the\n"
    "file says about right or wrong is trusted. The grade sheet (CSV, a row per student of the\n"
    "roster) goes to standard output; a file that cannot be graded is a line \"FILE: problem\" on\n"
    "standard error, and the other students are graded all the same.\n\n"
    "Options:\n"
    "  --moodle-csv FILE   also write Moodle's gradebook import (Grades > Import > CSV file; map\n"
    "                      \"ID number\" to the user's ID number)\n"
    "  --lessons-dir DIR   where the lessons are\n\n"
    "Exit status: 0 every file graded, 1 a file refused or a grade sheet not written (the others are\n"
    "graded), 2 bad usage, an unreadable class file or a lesson of the class not found. A line\n"
    "\"FILE: note: ...\" (answers to lessons the class does not have) is no problem.\n";

} // namespace

int runClassGrade(const std::vector<std::string>& arguments) {
    auto args = parseArguments(arguments, {"--moodle-csv", "--lessons-dir"}, {});
    if (!args) return usageError("grade", args.error().message);
    if (args->help) return std::fputs(kUsage, stdout), kExitOk;
    if (args->positional.empty()) return usageError("grade", "the class folder DIR is missing");
    auto set = readClassFolder(args->positional.front());
    if (!set) return usageError("grade", set.error().message);
    const lesson::LessonFolder folder = lesson::LessonLibrary::loadFolder(
        lesson::LessonLibrary::folder(args->value("--lessons-dir")));
    std::vector<classroom::ResultsFile> files;
    std::vector<std::string> unread;
    for (std::size_t i = 1; i < args->positional.size(); ++i) {
        auto text = readFile(args->positional[i]);
        if (text) files.push_back({args->positional[i], std::move(*text)});
        else unread.push_back(text.error().message);
    }
    auto report = classroom::grade(*set, folder.lessons, files);
    if (!report) {
        return usageError("grade", report.error().message + " (" + folder.folder + ")");
    }
    report->problems.insert(report->problems.begin(), unread.begin(), unread.end());
    for (const std::string& problem : report->problems) std::fprintf(stderr, "%s\n", problem.c_str());
    for (const std::string& note : report->notes) std::fprintf(stderr, "%s\n", note.c_str());
    int code = report->problems.empty() ? kExitOk : kExitFailed;
    if (const auto moodle = args->value("--moodle-csv"))
        if (auto written = writeFile(*moodle, classroom::moodleCsv(*report)); !written) {
            std::fprintf(stderr, "ipsec-lab class grade: %s\n", written.error().message.c_str());
            code = kExitFailed;
        }
    const std::string sheet = classroom::gradesCsv(*report);
    if (std::fwrite(sheet.data(), 1, sheet.size(), stdout) != sheet.size() || std::fflush(stdout) != 0)
        code = kExitFailed;
    return code;
}

} // namespace ipseclab::classcli
