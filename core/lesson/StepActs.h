// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the lab does at a lesson's step, in words, as the window's lesson dock and the Illustrated
// page both say it: one Markdown line per action, a crack's result (and its psk-crack line) with it.

#include <string>
#include <string_view>
#include <vector>

#include "lesson/LessonPlayer.h"

namespace ipseclab::lesson {

// The heading above the lines.
inline constexpr std::string_view kActsHeading = "The lab acts:";

// One line per action of the step as its student reads it (StepReport::rendered); `gatewaysTalk`:
// the lab's scenario lets the gateways talk (StepAction::sentence).
std::vector<std::string> actsLines(const StepReport& report, bool gatewaysTalk);

} // namespace ipseclab::lesson
