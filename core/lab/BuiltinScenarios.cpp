// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/BuiltinScenarios.h"

#include <filesystem>

namespace ipseclab::lab {

namespace {

const detail::BuiltinScenarioFile* findFile(std::string_view name) {
    for (std::size_t i = 0; i < detail::kBuiltinScenarioCount; ++i)
        if (name == detail::kBuiltinScenarioFiles[i].name) return &detail::kBuiltinScenarioFiles[i];
    return nullptr;
}

std::string knownNames() {
    std::string names;
    for (std::size_t i = 0; i < detail::kBuiltinScenarioCount; ++i)
        names += (names.empty() ? "" : ", ") + std::string(detail::kBuiltinScenarioFiles[i].name);
    return names;
}

} // namespace

std::vector<BuiltinScenarioInfo> builtinScenarios() {
    std::vector<BuiltinScenarioInfo> out;
    for (std::size_t i = 0; i < detail::kBuiltinScenarioCount; ++i) {
        const auto& file = detail::kBuiltinScenarioFiles[i];
        auto scenario = Scenario::fromJson(file.json, std::string("resources/scenarios/") + file.name + ".json");
        out.push_back({file.name, scenario ? scenario->description : "(broken: " + scenario.error().message + ")"});
    }
    return out;
}

bool isBuiltinScenario(std::string_view name) { return findFile(name) != nullptr; }

Result<Scenario> builtinScenario(std::string_view name) {
    const auto* file = findFile(name);
    if (!file) return fail("unknown scenario \"" + std::string(name) + "\" (ready-made: " + knownNames() + ")");
    auto scenario = Scenario::fromJson(file->json, std::string("resources/scenarios/") + file->name + ".json");
    if (scenario && scenario->name != file->name)
        return fail("resources/scenarios/" + std::string(file->name) + ".json: key /name: \"" + scenario->name +
                    "\" differs from the file name");
    return scenario;
}

Result<Scenario> resolveScenario(std::string_view nameOrFile) {
    if (isBuiltinScenario(nameOrFile)) return builtinScenario(nameOrFile);
    std::error_code ec;
    const std::string path(nameOrFile);
    if (std::filesystem::exists(path, ec)) return Scenario::load(path);
    return fail("unknown scenario \"" + path + "\": neither a ready-made scenario (" + knownNames() +
                ") nor an existing file");
}

} // namespace ipseclab::lab
