// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A scenario read from JSON already parsed, with each problem naming its key as data: for a reader
// that embeds scenarios in its own files (a lesson's inline scenario) and re-roots the key.

#include <optional>

#include <tl/expected.hpp>

#include "lab/JsonReader.h"
#include "lab/Scenario.h"

namespace ipseclab::lab {

// Reads and validates (Scenario::validate()'s checks); the BadKey's key is "" for a problem no key
// holds (nlohmann's own exceptions).
tl::expected<Scenario, json::BadKey> readScenarioJson(const json::Json& j);
// Scenario::validate()'s first problem, if any.
std::optional<json::BadKey> scenarioProblem(const Scenario& scenario);

} // namespace ipseclab::lab
