// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the `class` subcommands share: their options read the same way ("--out DIR" or
// "--out=DIR"), files read and written with errors that name them, the lessons found as --lesson
// finds them.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/Error.h"
#include "classroom/ClassFile.h"

namespace ipseclab::classcli {

struct Arguments {
    std::map<std::string, std::string> values; // "--out" -> "DIR"
    std::set<std::string> flags;               // "--no-back-past-answered"
    std::vector<std::string> positional;
    bool help = false;
    std::optional<std::string> value(const std::string& option) const;
};

// `withValue` and `flags` name the options the subcommand takes ("--out"); anything else starting
// with "--" is an error.
Result<Arguments> parseArguments(const std::vector<std::string>& arguments, const std::set<std::string>& withValue,
                                 const std::set<std::string>& flags);

// Prints "ipsec-lab class NAME: MESSAGE" and the hint to --help; returns kExitUsage.
int usageError(const std::string& subcommand, const std::string& message);

// A file's text; an error names the file.
Result<std::string> readFile(const std::string& path);
// Writes `text` to `path`; `exclusive`: refuse a file that exists. An error names the file.
Result<void> writeFile(const std::string& path, const std::string& text, bool exclusive = false);

// The class folder's class file (DIR/class.json), read and checked.
Result<classroom::ClassSet> readClassFolder(const std::string& folder);
std::string classFilePath(const std::string& folder);

// A student's files are named from their id: characters a file name could trip over become '_', and
// a name taken already (in `taken`, kept in lower case: case-insensitive file systems) gets "-2", "-3"... The roster's
// order gives every subcommand the same names (a lab card, a handout folder).
std::string studentFileName(const std::string& id, std::set<std::string>& taken);

} // namespace ipseclab::classcli
