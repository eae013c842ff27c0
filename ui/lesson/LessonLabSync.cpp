// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/LessonLabSync.h"

#include <algorithm>

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
    m_pending.emplace_back(step, m_controller.runShowingUpTo(report.labSteps, std::move(acts), report.shownEvents));
}

void LessonLabSync::stop(quint64 serial, const QString& failure) {
    // Said once, for the first step given up: the later ones (given up behind it) and the steps of
    // a lab since replaced are no longer pending.
    const auto stoppedAt = std::find_if(m_pending.begin(), m_pending.end(),
                                        [serial](const auto& pending) { return pending.second == serial; });
    if (!m_target || stoppedAt == m_pending.end()) return;
    const std::size_t step = stoppedAt->first;
    m_pending.clear();
    m_target.reset();
    m_synced = kOffTrack; // the next step restarts the lab rather than go on from here
    emit stopped(step > m_labFirst ? step - 1 : m_labFirst, failure);
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
