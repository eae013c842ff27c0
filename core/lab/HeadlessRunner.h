// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab --headless`: the command-line contract (README "Command line") without Qt, so tests
// can run it in-process. app/ parses the arguments into HeadlessOptions; everything else is here.
//
// Exit status: 0 the scenario reached its end as designed (a failure scenario that fails with its
// named failure counts as designed), 1 it did not, 2 bad usage or bad input (the message names
// the file, the key and the problem).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ipseclab::lab {

class Lab;
struct Scenario;

// What a caller above the lab does with it at its end (app/'s --html): prints what it wrote to
// `out`, or why it could not to `err` and returns false (the run then exits with kExitBadInput).
using AtEnd = std::function<bool(const Lab& lab, std::ostream& out, std::ostream& err)>;

inline constexpr int kExitAsDesigned = 0;
inline constexpr int kExitNotAsDesigned = 1;
inline constexpr int kExitBadInput = 2;

struct HeadlessOptions {
    std::string scenario = "main-quick"; // a ready-made name or a JSON file
    std::optional<std::uint64_t> seed;
    std::optional<std::string> pcapPath;
    std::optional<std::string> keysDir;
    std::optional<std::uint32_t> traffic;
    std::vector<std::string> attacks; // attack specs as typed
    // --summary: the header and the summary (attacks, counters, outcome) without the story, from a
    // lab that keeps no history (Retention): constant memory however long the run.
    bool summaryOnly = false;
    AtEnd atEnd{};
};

// The most steps a headless run takes before it gives up: enough for the scenario's echo requests
// (about three steps each) and its floods' packets (one each) on top of the scenario's own.
std::size_t headlessStepLimit(const Scenario& scenario);

// Runs the scenario to its end, printing the story to `out` and problems to `err`.
int runHeadless(const HeadlessOptions& options, std::ostream& out, std::ostream& err);

// One line per ready-made scenario: "name<TAB>description".
std::string listScenarios();

// The --attack grammar, for --help.
std::string attackHelp();

} // namespace ipseclab::lab
