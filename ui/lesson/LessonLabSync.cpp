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
}

void LessonLabSync::follow(const lesson::LessonPlayer& player, bool onward) {
    const auto step = player.currentStep();
    if (!step) return;
    if (!player.lab()) {
        // A reading part: no lab of another lesson (or of a part to come) beside the text.
        m_controller.unload();
        m_target.reset();
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
        auto setup = lesson::LessonPlayer::labSetup(player.lesson(), *step, player.seedAt(*step));
        if (!setup) return; // the player reached this step, so its lab exists: cannot happen
        // Until the new lab is there, the old one's timeline says nothing about our progress.
        m_awaitingReset = true;
        emit labRequested(setup->scenario, setup->options.seed);
        for (std::size_t s = setup->firstStep; s <= *step; ++s) replayStep(player, s);
    }
    m_target = player.lab()->timeline().size();
    check();
}

void LessonLabSync::replayStep(const lesson::LessonPlayer& player, std::size_t step) {
    const lesson::StepReport& report = player.reports()[step];
    std::vector<StepAction> actions;
    // A crack is an offline computation on what was captured: the window's lab does not move.
    for (const StepAction& a : player.lesson().steps[step].actions)
        if (a.kind != StepAction::Kind::Crack) actions.push_back(a);
    m_controller.runShowingUpTo(
        report.labSteps,
        [actions = std::move(actions)](lab::Lab& lab) -> Result<void> {
            std::optional<lesson::PskCrackResult> unused;
            for (const StepAction& a : actions)
                if (auto done = lesson::LessonPlayer::apply(lab, a, unused); !done) return tl::unexpected(done.error());
            return {};
        },
        report.shownEvents);
}

void LessonLabSync::check() {
    if (!m_target || m_awaitingReset) return;
    std::size_t size = 0;
    if (!m_controller.read([&size](const lab::Lab& lab) { size = lab.timeline().size(); }) || size < *m_target) return;
    m_synced = size;
    m_target.reset();
    emit caughtUp();
}

} // namespace ipseclab::ui
