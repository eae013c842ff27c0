// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Shared by the tst_lab_* suites: building labs from ready-made or inline scenarios, running them,
// and looking things up on their timelines.

#include <QString>
#include <QTest>

#include <memory>
#include <string>

#include "lab/BuiltinScenarios.h"
#include "lab/Lab.h"
#include "lab/TextReport.h"

namespace ipseclab::test {

inline lab::Scenario scenarioFromJson(const std::string& json) {
    auto s = lab::Scenario::fromJson(json, "inline.json");
    if (!s) qFatal("inline scenario: %s", s.error().message.c_str());
    return *s;
}

inline lab::Scenario builtin(const std::string& name) {
    auto s = lab::builtinScenario(name);
    if (!s) qFatal("%s", s.error().message.c_str());
    return *s;
}

inline std::unique_ptr<lab::Lab> makeLab(lab::Scenario scenario, lab::LabOptions options = {}) {
    auto l = lab::Lab::create(std::move(scenario), std::move(options));
    if (!l) qFatal("Lab::create: %s", l.error().message.c_str());
    return std::move(*l);
}

// The whole story as the command line prints it, for failure messages.
inline QString story(const lab::Lab& l) {
    lab::TextReport report;
    return QString::fromStdString(report.newEvents(l.timeline()) + lab::TextReport::attacks(l) +
                                  lab::TextReport::counters(l) + lab::TextReport::outcome(l));
}

inline bool runToEnd(lab::Lab& l) {
    auto r = l.runToEnd();
    if (!r) qWarning("runToEnd: %s", r.error().toString().c_str());
    return r && l.finished();
}

inline int countPrefix(const lab::Timeline& t, const std::string& prefix) {
    int n = 0;
    for (const auto& e : t)
        if (e.id.rfind(prefix, 0) == 0) ++n;
    return n;
}

inline const lab::LabEvent* firstWithPrefix(const lab::Timeline& t, const std::string& prefix) {
    for (const auto& e : t)
        if (e.id.rfind(prefix, 0) == 0) return &e;
    return nullptr;
}

} // namespace ipseclab::test
