// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ClassCommand.h"

#include <cstdio>
#include <string_view>

#include "ClassGrade.h"
#include "ClassNew.h"
#include "ClassOutputs.h"
#include "ClassPages.h"

namespace ipseclab::classcli {

namespace {

// The subcommands, one line each.
const ClassSubcommand kSubcommands[] = {
    {"new", "make a class from a roster: class file, lab codes, lab cards", runClassNew},
    {"grade", "grade the students' results files: grades CSV, Moodle gradebook CSV", runClassGrade},
    {"handouts", "every student's worksheets (HTML and PDF) with their own values", runClassHandouts},
    {"keys", "every student's answer keys, and a CSV of every student's right answers", runClassKeys},
    {"moodle", "the class's lessons as a Moodle question bank (Moodle XML)", runClassMoodle},
    {"pages", "every student's lessons as Illustrated web pages, answerable, with Hand in", runClassPages},
};

void usage(std::FILE* to) {
    std::fputs("Usage: ipsec-lab class SUBCOMMAND [options]\n\n"
               "A class set: one lab code per student, a results file each, grading that recomputes\n"
               "every answer (docs/class-files.md).\n\nSubcommands:\n",
               to);
    for (const ClassSubcommand& c : kSubcommands) std::fprintf(to, "  %-10s %s\n", c.name, c.summary);
    std::fputs("\nipsec-lab class SUBCOMMAND --help describes each.\n"
               "Exit status: 0 done, 1 failed, 2 bad usage or bad input.\n",
               to);
}

} // namespace

int runClassCommand(int argc, char** argv) {
    if (argc < 3) {
        usage(stderr);
        return kExitUsage;
    }
    const std::string_view name = argv[2];
    if (name == "--help" || name == "-h" || name == "help") {
        usage(stdout);
        return kExitOk;
    }
    for (const ClassSubcommand& c : kSubcommands)
        if (name == c.name) return c.run(std::vector<std::string>(argv + 3, argv + argc));
    std::fprintf(stderr, "ipsec-lab class: no subcommand \"%s\"\nTry ipsec-lab class --help.\n", argv[2]);
    return kExitUsage;
}

} // namespace ipseclab::classcli
