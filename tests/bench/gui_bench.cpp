// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// gui_bench: does the window keep up? Offscreen, each figure against the 16.7 ms budget of one
// frame at 60 Hz (a ratio below 1 fits in a frame):
//   - one step of main-quick, from the key press to the diagram, log and inspectors repainted;
//   - stepping back from main-quick's end (the lab rebuilt and replayed, every view re-read);
//   - one frame of the sequence diagram at the end of a long timeline (thousands of ESP packets);
//   - one frame of the anti-replay view while 10,000 packets per second flow through an attack
//     burst;
//   - one frame of the anti-replay view while a flood of 100,000 replays runs as fast as the lab
//     goes (the dock reads batches and replots the charts at most ten times a second).
// Run it from a Release or RelWithDebInfo build: build/<dir>/tests/bench/gui_bench

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/LabController.h"
#include "ui/diagram/SequenceDiagramView.h"
#include "ui/replay/ReplayView.h"
#include "ui/window/MainWindow.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

constexpr double kFrameBudgetMs = 1000.0 / 60.0;

void report(const char* what, double ms, const char* detail) {
    std::printf("%-44s %9.3f ms   frame budget %.1f ms   ratio %.3f   (%s)\n", what, ms, kFrameBudgetMs,
                ms / kFrameBudgetMs, detail);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// The command reaches the lab, the lab answers, the views hear of it and repaint.
double timed(MainWindow& window, const std::function<void()>& command) {
    QElapsedTimer timer;
    timer.start();
    command();
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
    window.repaint();
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

// flood:replay=100000 after 200 echoes, run to the end with the anti-replay dock in view.
void floodCase(MainWindow& window) {
    lab::Scenario flood = *lab::builtinScenario("main-quick");
    flood.traffic.count = 200;
    flood.traffic.interval = std::chrono::milliseconds(1);
    flood.attacks.push_back(*lab::AttackSpec::parse("flood:replay=100000"));
    window.start(flood, 1);
    window.raiseDock("replay");
    auto* replay = window.findChild<ReplayView*>();
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
    replay->resetStatistics();
    QElapsedTimer clock;
    clock.start();
    window.controller().runToEnd();
    bool finished = false;
    while (!finished && clock.elapsed() < 120000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        window.controller().read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
    }
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
    const double seconds = static_cast<double>(clock.elapsed()) / 1000;
    const auto frames = replay->frameStatistics();
    char detail[160];
    std::snprintf(detail, sizeof detail, "%d frames for 100,000 packets in %.2f s, slowest %.3f ms", frames.frames,
                  seconds, frames.maxMs);
    report("replay view frame, flood of 100,000", frames.meanMs(), detail);
    const auto batches = replay->batchStatistics();
    std::snprintf(detail, sizeof detail, "%d batches of new events, slowest %.3f ms", batches.frames, batches.maxMs);
    report("replay view reading a flood's events", batches.meanMs(), detail);
    std::vector<double> full;
    for (int i = 0; i < 5; ++i) full.push_back(replay->paintFrame());
    report("replay view full frame after the flood", median(full), "median of 5, strip and charts repainted");
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    MainWindow window;
    window.resize(1600, 960);
    window.show();
    QCoreApplication::processEvents();

    // One step at a time through main-quick.
    window.start(*lab::builtinScenario("main-quick"), 1);
    window.controller().waitForIdle();
    std::vector<double> steps;
    for (bool finished = false; !finished && steps.size() < 500;) {
        steps.push_back(timed(window, [&] { window.controller().step(); }));
        window.controller().read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
    }
    char detail[160];
    std::snprintf(detail, sizeof detail, "median of %zu steps to main-quick's end, slowest %.3f ms", steps.size(),
                  *std::max_element(steps.begin(), steps.end()));
    report("step main-quick (all views repainted)", median(steps), detail);

    std::vector<double> backs;
    for (int i = 0; i < 5; ++i) {
        backs.push_back(timed(window, [&] { window.controller().stepBack(); }));
        window.controller().step();
        window.controller().waitForIdle();
    }
    std::snprintf(detail, sizeof detail, "median of 5, from step %zu: rebuild, replay, every view re-read",
                  steps.size());
    report("step back from main-quick's end", median(backs), detail);

    // A long timeline: 4000 echoes, 8000 ESP packets and their LAN legs in the diagram.
    lab::Scenario busy = *lab::builtinScenario("main-quick");
    busy.traffic.count = 4000;
    busy.traffic.interval = std::chrono::milliseconds(1);
    window.start(busy, 1);
    const double run = timed(window, [&] { window.controller().runToEnd(); });
    SequenceDiagramView* view = window.diagramView();
    std::vector<double> frames;
    QScrollBar* bar = view->verticalScrollBar();
    for (int i = 0; i < 60; ++i) {
        bar->setValue(bar->maximum() * i / 60);
        QElapsedTimer timer;
        timer.start();
        view->viewport()->repaint();
        frames.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::snprintf(detail, sizeof detail,
                  "%lld rows, median of 60 frames scrolled top to bottom; the run itself took %.0f ms",
                  static_cast<long long>(window.diagram().rowCount()), run);
    report("sequence diagram frame, long timeline", median(frames), detail);

    // 3000 echoes a millisecond apart and a burst of attacks on them, stepped at 10,000 steps per
    // wall-clock second (a step delivers one packet) while the anti-replay dock is in view.
    lab::Scenario burst = *lab::builtinScenario("main-quick");
    burst.traffic.count = 3000;
    burst.traffic.interval = std::chrono::milliseconds(1);
    for (const char* spec : {"reorder:span=8:at=500", "replay:seq=600", "duplicate:at=700", "delay:seq=800",
                             "flip:payload:at=900", "forge:at=1000", "replay:seq=1100", "reorder:span=16:at=1200"})
        burst.attacks.push_back(*lab::AttackSpec::parse(spec));
    window.start(burst, 1);
    window.raiseDock("replay");
    auto* replay = window.findChild<ReplayView*>();
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
    replay->resetStatistics();
    constexpr double kStepsPerSecond = 10000;
    QElapsedTimer clock;
    clock.start();
    qint64 posted = 0;
    bool finished = false;
    while (!finished && clock.elapsed() < 30000) {
        for (const qint64 due = static_cast<qint64>(static_cast<double>(clock.elapsed()) * kStepsPerSecond / 1000);
             posted < due; ++posted)
            window.controller().step();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        window.controller().read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
    }
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
    const double seconds = static_cast<double>(clock.elapsed()) / 1000;
    std::size_t wan = 0;
    window.controller().read([&wan](const lab::Lab& lab) {
        for (const lab::LabEvent& e : lab.timeline())
            if (const auto* p = e.as<lab::PacketRecord>();
                p && e.kind == lab::LabEventKind::Wire && p->interface == lab::Interface::Wan)
                ++wan;
    });
    const auto replayFrames = replay->frameStatistics();
    std::snprintf(detail, sizeof detail, "%d frames, slowest %.3f ms; %zu WAN packets in %.2f s = %.0f packets/s",
                  replayFrames.frames, replayFrames.maxMs, wan, seconds, static_cast<double>(wan) / seconds);
    report("replay view frame, 10,000 steps/s attack burst", replayFrames.meanMs(), detail);
    const auto batches = replay->batchStatistics();
    std::snprintf(detail, sizeof detail, "%d batches of new events, slowest %.3f ms", batches.frames, batches.maxMs);
    report("replay view reading the new events", batches.meanMs(), detail);
    floodCase(window);
    return 0;
}
