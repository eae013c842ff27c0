// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab class SUBCOMMAND ...` (docs/class-files.md): a teacher's class set from the command
// line. main() hands it argv before any Qt application object. Each subcommand is a line of the
// table in ClassCommand.cpp; it gets the arguments after its name and returns the exit code.

#include <string>
#include <vector>

namespace ipseclab::classcli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2; // bad usage or bad input

struct ClassSubcommand {
    const char* name;    // "new"
    const char* summary; // one line for `ipsec-lab class --help`
    int (*run)(const std::vector<std::string>& arguments);
};

// argv[1] is "class".
int runClassCommand(int argc, char** argv);

} // namespace ipseclab::classcli
