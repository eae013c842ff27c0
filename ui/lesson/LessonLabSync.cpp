// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/LessonLabSync.h"

#include "lesson/LessonPlayer.h"
#include "ui/common/LabController.h"

namespace ipseclab::ui {

using lesson::StepAction;

LessonLabSync::LessonLabSync(LabController& controller, QObject* parent) : QObject(parent), m_controller(controller) {
    connect(&m_controller, &LabController::stateChanged, this, &LessonLabSync::check);
    connect(&m_controller, &LabController::eventsAdded, this, &LessonLabSync::check);
    connect(&m_controller, &LabController::reset, this, [this] { m_awaitingReset = false; });
    connect(&m_controller, &LabController::showingStopped, this, &LessonLabSync::stop);
}

void LessonLabSync::follow(const lesson::LessonPlayer& player, bool onward) {
    const auto step = player.currentStep();
    if (!step) return;
    if (!player.lab()) {
        // A reading part: no lab of another lesson (or of a part to come) beside the text.
        m_controller.unload();
        m_target.reset();
        m_pending.clear();
        m_synced = 0;
        m_awaitingReset = false;
        return;
    }
    const lesson::StepReport& report = player.reports()[*step];
    std::size_t windowSize = 0;
    const bool haveLab = m_controller.read([&windowSize](const lab::Lab& lab) { windowSize = lab.timeline().size(); });
    // On its way to the previous step (commands queue in order) or standing there: only this step.
    const bool atPrevious = haveLab && (m_target ? true : windowSize == m_synced);
    const bool continues = onward && !report.newLab && *step > 0 && atPrevious;
    if (continues) {
        replayStep(player, *step);
    } else {
        m_pending.clear();
        auto setup = lesson::LessonPlayer::labSetup(player.lesson(), *step, player.seedAt(*step));
        if (!setup) return; // the player reached this step, so its lab exists: cannot happen
        // Until the new lab is there, the old one's timeline says nothing about our progress.
        m_awaitingReset = true;
        m_labFirst = setup->firstStep;
        emit labRequested(setup->scenario, setup->options.seed);
        for (std::size_t s = setup->firstStep; s <= *step; ++s) replayStep(player, s);
    }
    m_target = player.lab()->timeline().size();
    check();
}

void LessonLabSync::replayStep(const lesson::LessonPlayer& player, std::size_t step) {
    const lesson::StepReport& report = player.reports()[step];
    std::vector<LabAct> acts;
    for (const StepAction& a : player.lesson().steps[step].actions) {
        // A crack is an offline computation on what was captured: the window's lab does not move.
        if (a.kind == StepAction::Kind::Crack) continue;
        // A fast-forward runs as the window's own does: the bar, and Cancel.
        if (a.kind == StepAction::Kind::FastForward) {
            acts.push_back(LabAct{{}, a.duration});
            continue;
        }
        acts.push_back(LabAct{[a](lab::Lab& lab) -> Result<void> {
                                  std::optional<lesson::PskCrackResult> unused;
                                  if (auto done = lesson::LessonPlayer::apply(lab, a, unused); !done)
                                      return tl::unexpected(done.error());
                                  return {};
                              },
                              {}});
    }
    m_controller.runShowingUpTo(report.labSteps, std::move(acts), report.shownEvents);
    m_pending.emplace_back(step, report.shownEvents);
}

void LessonLabSync::stop(qsizetype shown) {
    if (!m_target) return; // the later steps it gave up too: said once
    // The first step given up is the earliest on its way with that horizon (steps without an anchor
    // share their predecessor's; taking the earliest errs towards a step the lab did get past).
    std::size_t stoppedAt = m_labFirst;
    for (const auto& [step, horizon] : m_pending)
        if (static_cast<qsizetype>(horizon) == shown) {
            stoppedAt = step;
            break;
        }
    m_pending.clear();
    m_target.reset();
    m_synced = kOffTrack; // the next step restarts the lab rather than go on from here
    emit stopped(stoppedAt > m_labFirst ? stoppedAt - 1 : m_labFirst);
}

void LessonLabSync::check() {
    if (!m_target || m_awaitingReset) return;
    std::size_t size = 0;
    if (!m_controller.read([&size](const lab::Lab& lab) { size = lab.timeline().size(); }) || size < *m_target) return;
    m_synced = size;
    m_target.reset();
    m_pending.clear();
    emit caughtUp();
}

} // namespace ipseclab::ui
