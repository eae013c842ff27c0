// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ClassNew.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "ClassArguments.h"
#include "ClassCommand.h"
#include "classroom/Csv.h"
#include "crypto/RandomSource.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonLoader.h"

namespace ipseclab::classcli {

namespace {

namespace fs = std::filesystem;
using classroom::ClassSet;

constexpr const char* kUsage =
    "Usage: ipsec-lab class new --roster ROSTER.csv --lessons LIST --out DIR [options]\n\n"
    "Makes a class from a roster: DIR/class.json (the class file: keep it, it holds the class secret),\n"
    "DIR/codes.csv (id,name,code) and DIR/cards/ID.ipseclab-card (each student's lab card).\n"
    "The roster is a CSV file whose header line names at least the columns id and name.\n\n"
    "Options:\n"
    "  --roster FILE            the roster (CSV, RFC 4180 quoting)\n"
    "  --lessons LIST           the lessons, by number or id as --lesson takes them: 3,5,7\n"
    "  --out DIR                the class folder; an existing class file there is never overwritten\n"
    "  --name TEXT              the class's name shown to students (default: the folder's name)\n"
    "  --attempts N             attempts allowed per question (default: unlimited)\n"
    "  --no-back-past-answered  Back may not return past an answered question\n"
    "  --hide-failure-names     the diagram shows a failure without naming its cause\n"
    "  --lessons-dir DIR        where the lessons are\n\n"
    "Exit status: 0 done, 1 failed (a file could not be written), 2 bad usage or bad input\n"
    "(nothing is written then).\n";

// The lesson ids of "3,5,main-mode", found as --lesson finds them.
Result<std::vector<std::string>> lessonIds(const std::string& list, const std::string& folder) {
    std::vector<std::string> ids;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, comma - start);
        start = comma + 1;
        if (name.empty()) return fail("--lessons: an empty entry in \"" + list + "\"");
        auto file = lesson::LessonLibrary::findFile(name, folder);
        if (!file) return fail("--lessons: " + name + ": " + file.error().message);
        auto loaded = lesson::LessonLoader::load(*file);
        if (!loaded) return fail("--lessons: " + loaded.error().toString());
        if (std::find(ids.begin(), ids.end(), loaded->id) != ids.end())
            return fail("--lessons: lesson " + loaded->id + " is listed twice");
        ids.push_back(loaded->id);
    }
    return ids;
}

// A lab card's file name from a student id: characters a file name could trip over become '_'.
std::string cardName(const std::string& id, std::set<std::string>& taken) {
    std::string base;
    for (const char c : id) base += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
    if (base.empty() || base[0] == '.') base = "_" + base;
    std::string name = base;
    for (int n = 2; !taken.insert(name).second; ++n) name = base + "-" + std::to_string(n);
    return name + ".ipseclab-card";
}

Result<classroom::ClassSettings> settingsOf(const Arguments& args) {
    classroom::ClassSettings settings;
    if (const auto attempts = args.value("--attempts")) {
        char* end = nullptr;
        const unsigned long n = std::strtoul(attempts->c_str(), &end, 10);
        if (attempts->empty() || *end != '\0' || n < 1 || n > 1000)
            return fail("--attempts: \"" + *attempts + "\" is not a number from 1 to 1000");
        settings.attemptsAllowed = static_cast<std::uint32_t>(n);
    }
    settings.backPastAnswered = !args.flags.count("--no-back-past-answered");
    settings.hideFailureNames = args.flags.count("--hide-failure-names") > 0;
    return settings;
}

// class.json first and exclusively (a class's secret is never overwritten), then codes and cards.
Result<void> writeClass(const ClassSet& set, const std::string& out) {
    std::error_code error;
    fs::create_directories(fs::path(out) / "cards", error);
    if (error) return fail(out + ": cannot be made (" + error.message() + ")");
    if (auto written = writeFile(classFilePath(out), classroom::toJson(set), true); !written) return written;
    std::string codes = classroom::csvLine({"id", "name", "code"});
    for (const auto& s : set.students) codes += classroom::csvLine({s.id, s.name, s.code});
    if (auto written = writeFile((fs::path(out) / "codes.csv").string(), codes); !written) return written;
    std::set<std::string> taken;
    for (const auto& s : set.students) {
        const std::string card = (fs::path(out) / "cards" / cardName(s.id, taken)).string();
        if (auto written = writeFile(card, classroom::toJson(classroom::cardFor(set, s))); !written) return written;
    }
    return {};
}

} // namespace

int runClassNew(const std::vector<std::string>& arguments) {
    auto args = parseArguments(arguments, {"--roster", "--lessons", "--out", "--name", "--attempts", "--lessons-dir"},
                               {"--no-back-past-answered", "--hide-failure-names"});
    if (!args) return usageError("new", args.error().message);
    if (args->help) return std::fputs(kUsage, stdout), kExitOk;
    for (const char* required : {"--roster", "--lessons", "--out"})
        if (!args->value(required)) return usageError("new", std::string(required) + " is missing");
    if (!args->positional.empty()) return usageError("new", "unexpected argument \"" + args->positional[0] + "\"");
    const std::string out = *args->value("--out");
    if (fs::exists(classFilePath(out)))
        return usageError("new", classFilePath(out) + " exists already: a class's secret is never overwritten "
                                                      "(choose another --out)");
    auto text = readFile(*args->value("--roster"));
    if (!text) return usageError("new", text.error().message);
    auto roster = classroom::readRoster(*text, *args->value("--roster"));
    if (!roster) return usageError("new", roster.error().message);
    auto settings = settingsOf(*args);
    if (!settings) return usageError("new", settings.error().message);
    auto lessons = lessonIds(*args->value("--lessons"), lesson::LessonLibrary::folder(args->value("--lessons-dir")));
    if (!lessons) return usageError("new", lessons.error().message);
    fs::path folder = fs::path(out).lexically_normal();
    if (folder.filename().empty()) folder = folder.parent_path(); // "DIR/"
    const std::string name = args->value("--name").value_or(folder.filename().string());
    crypto::OsRandom random;
    const ClassSet set = classroom::makeClass(name, random.bytes(32), std::move(*lessons), *settings, *roster);
    if (auto written = writeClass(set, out); !written) {
        std::fprintf(stderr, "ipsec-lab class new: %s\n", written.error().message.c_str());
        return kExitFailed;
    }
    std::printf("%s: class \"%s\", %zu students, lessons", classFilePath(out).c_str(), set.name.c_str(),
                set.students.size());
    for (const std::string& id : set.lessons) std::printf(" %s", id.c_str());
    std::printf("\n%s: the lab codes; %s: the lab cards\n", (fs::path(out) / "codes.csv").string().c_str(),
                (fs::path(out) / "cards").string().c_str());
    return kExitOk;
}

} // namespace ipseclab::classcli
