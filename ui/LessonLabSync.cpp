#include "LessonLabSync.h"

#include "LabController.h"
#include "lesson/LessonPlayer.h"

namespace ipseclab::ui {

using lesson::StepAction;

LessonLabSync::LessonLabSync(LabController& controller, QObject* parent) : QObject(parent), m_controller(controller) {
    connect(&m_controller, &LabController::stateChanged, this, &LessonLabSync::check);
    connect(&m_controller, &LabController::eventsAdded, this, &LessonLabSync::check);
    connect(&m_controller, &LabController::reset, this, [this] { m_awaitingReset = false; });
}

void LessonLabSync::follow(const lesson::LessonPlayer& player, bool onward) {
    const auto step = player.currentStep();
    if (!step || !player.lab()) return;
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
    for (std::size_t i = 0; i < report.labSteps; ++i) m_controller.step();
    for (const StepAction& a : player.lesson().steps[step].actions) {
        switch (a.kind) {
        case StepAction::Kind::Attack: m_controller.inject(a.attack); break;
        case StepAction::Kind::Traffic: m_controller.startTraffic(a.traffic); break;
        case StepAction::Kind::SiteAction: m_controller.perform(a.siteAction, a.site); break;
        case StepAction::Kind::FastForward: m_controller.fastForward(a.duration); break;
        case StepAction::Kind::Crack: break; // an offline computation: the window's lab does not move
        }
    }
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
