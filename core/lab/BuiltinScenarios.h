// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The ready-made scenarios (resources/scenarios/*.json, compiled in) and how a name or a file
// becomes a Scenario.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"
#include "lab/Scenario.h"

namespace ipseclab::lab {

struct BuiltinScenarioInfo {
    std::string name;
    std::string description;
};

// In the order of resources/scenarios/index.txt; main-quick first.
std::vector<BuiltinScenarioInfo> builtinScenarios();
bool isBuiltinScenario(std::string_view name);
// The parsed scenario; an unknown name is an error listing the known ones.
Result<Scenario> builtinScenario(std::string_view name);
inline constexpr std::string_view kDefaultScenario = "main-quick";

// A ready-made name, or else a path to a JSON file (errors name the file, the key and the problem).
Result<Scenario> resolveScenario(std::string_view nameOrFile);

namespace detail {
struct BuiltinScenarioFile {
    const char* name;
    const char* json;
};
extern const BuiltinScenarioFile kBuiltinScenarioFiles[];
extern const std::size_t kBuiltinScenarioCount;
} // namespace detail

} // namespace ipseclab::lab
