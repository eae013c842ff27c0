// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/StepActs.h"

#include <utility>

namespace ipseclab::lesson {

std::vector<std::string> actsLines(const StepReport& report, bool gatewaysTalk) {
    static constexpr std::string_view kCrackLine = "psk-crack line: ";
    std::vector<std::string> out;
    const auto& actions = report.rendered.actions;
    for (std::size_t a = 0; a < actions.size(); ++a) {
        std::string line = actions[a].sentence(gatewaysTalk);
        if (actions[a].kind == StepAction::Kind::Crack && report.crack) {
            line += " Result: " + report.crack->describe() + ".";
            // The line as applied (StepReport::actions) carries the command that cracks it offline.
            const std::string done = a < report.actions.size() ? report.actions[a] : std::string();
            if (const auto at = done.find(kCrackLine); at != std::string::npos)
                line += " The psk-crack line: `" + done.substr(at + kCrackLine.size()) + "`";
        }
        out.push_back(std::move(line));
    }
    return out;
}

} // namespace ipseclab::lesson
