// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Keeps the window's lab (LabController) where a lesson's player has its own: the same scenario and
// seed, the same lab steps to each anchor, the same actions. Both labs being deterministic for a
// seed, the window's timeline then holds the same events at the same indexes, so the player's
// highlights (timeline indexes) select the right rows of every view. The views stop where the
// step stops, at its anchor (StepReport::shownEvents, LabController::runShowingUpTo). The
// controller works on its own thread: caughtUp() says when its timeline has reached the player's.
// A step's fast-forward shows the window's progress bar; Cancel (or a step that fails) leaves the
// window's lab where it got to, short of the player's: stopped() says so, and the next step restarts
// the lab.

#include <QObject>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "lab/Scenario.h"

namespace ipseclab::lesson {
class LessonPlayer;
}

namespace ipseclab::ui {

class LabController;

class LessonLabSync : public QObject {
    Q_OBJECT
public:
    explicit LessonLabSync(LabController& controller, QObject* parent = nullptr);

    // Brings the window's lab to the player's current step. With `onward` (the player just advanced
    // one step) and the window's lab at the previous step, only this step's lab steps and actions
    // are replayed; otherwise (a new lab, a step back, a jump, a lab the user moved on their own)
    // the lab restarts and every step since its start is replayed. A reading part unloads it.
    void follow(const lesson::LessonPlayer& player, bool onward);
    // Whether the window's lab has everything the player's has.
    bool caughtUpNow() const { return !m_target; }

signals:
    // The window should start this lab (MainWindow::start), so its views follow the new scenario.
    void labRequested(const ipseclab::lab::Scenario& scenario, std::optional<std::uint64_t> seed);
    void caughtUp();
    // Cancel (in a step's fast-forward) or a failure stopped the window's lab on its way: it will
    // not catch up. `step`: the last step whose anchor and actions it did get through (the one
    // before the step stopped; that step itself when it starts the lab). `failure`: what failed,
    // empty for a cancel.
    void stopped(std::size_t step, const QString& failure);

private:
    void replayStep(const lesson::LessonPlayer& player, std::size_t step);
    void check();
    void stop(quint64 serial, const QString& failure);

    // m_synced of a lab that left the lesson's track: no timeline has that size.
    static constexpr std::size_t kOffTrack = static_cast<std::size_t>(-1);

    LabController& m_controller;
    std::optional<std::size_t> m_target;                    // the timeline size the window's lab is on its way to
    std::size_t m_synced = 0;                               // its size when it last caught up
    bool m_awaitingReset = false;                           // a new lab was asked for and has not replaced the old yet
    std::size_t m_labFirst = 0;                             // the step where the window's lab starts
    std::vector<std::pair<std::size_t, quint64>> m_pending; // steps on their way, with their command's serial
};

} // namespace ipseclab::ui
