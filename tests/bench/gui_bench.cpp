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
//     goes (the dock reads batches and replots the charts at most ten times a second);
//   - with a large run loaded (main-quick with kDefaultEchoes echoes, or N with --echoes N up to
//     the lab's most, lab::kMaxTrafficCount: a million, beyond the window's cap; issue 18): loading it
//     (run to the end, the views following), one step forward, stepping back from the end (the
//     whole run replayed, shown by the progress bar) and a step back cancelled, filtering the log
//     (its first screen against 100 ms, its whole result, its longest slice), one frame of the diagram and one of the
//     anti-replay view; each line names the run's size, and the last one the process's peak resident set.
// Run it from a Release or RelWithDebInfo build: build/<dir>/tests/bench/gui_bench [--echoes N]
// [--large-only] [--steps N]. The 1M case (about 15 GB, a quarter of an hour on a busy 2-core
// machine): gui_bench --large-only --echoes 1000000

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/LabController.h"
#include "ui/diagram/SequenceDiagramView.h"
#include "ui/log/LogFilter.h"
#include "ui/log/LogModel.h"
#include "ui/log/LogView.h"
#include "ui/replay/ReplayChart.h"
#include "ui/replay/ReplayView.h"
#include "ui/window/MainWindow.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

constexpr double kFrameBudgetMs = 1000.0 / 60.0;

// What a filter of the log may take: the user types, the lines are there.
constexpr double kFilterBudgetMs = 100;

// The large run's size by default: one that finishes in a few minutes (--echoes for more).
constexpr std::uint32_t kDefaultEchoes = 100000;

// "1,000,000-echo run": what each of the large run's lines says it measured.
std::string runName(std::uint32_t echoes) {
    std::string digits = std::to_string(echoes);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits + "-echo run";
}

void report(const char* what, double ms, const char* detail, double budgetMs = kFrameBudgetMs) {
    std::printf("%-44s %9.3f ms   %s %.1f ms   ratio %.3f   (%s)\n", what, ms,
                budgetMs == kFrameBudgetMs ? "frame budget" : "budget", budgetMs, ms / budgetMs, detail);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// The process's CPU time (both threads), in ms: on a shared machine a thread's wake-up may wait for
// a core, so the wall time of a short command says more about the machine than about the code.
double cpuMs() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// The GUI thread's own CPU time, in ms: a stall's work, whatever the machine's load stretched it to.
double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// Counts the widgets painted (a paint event each), by class: what a step makes the window redraw.
class PaintCounter : public QObject {
public:
    int painted = 0;
    std::map<std::string, int> byClass;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && watched->isWidgetType()) {
            ++painted;
            ++byClass[watched->metaObject()->className()];
        }
        return false;
    }
};

// The command reaches the lab, the lab answers, the views hear of it and repaint. `whole`: the
// whole window repainted (every widget, as the first figures of issue 18 measured it); else what
// the window itself repaints, the widgets whose content changed (their update() requests,
// delivered by processEvents). `cpu`, when given, gets the CPU time it took.
double timed(MainWindow& window, const std::function<void()>& command, double* cpu = nullptr, bool whole = true) {
    const double cpuBefore = cpuMs();
    QElapsedTimer timer;
    timer.start();
    command();
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
    if (whole) window.repaint();
    else QCoreApplication::sendPostedEvents(nullptr, QEvent::UpdateRequest);
    if (cpu) *cpu = cpuMs() - cpuBefore;
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

// 60 frames of the sequence diagram, scrolled from top to bottom: each one's time in ms.
std::vector<double> diagramFrames(MainWindow& window) {
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
    return frames;
}

// A long command as the window lives it: the event loop runs (the progress bar moves) until
// `done`; a 5 ms timer notes the longest the window went without handling its events.
struct Lived {
    double wallMs = 0;
    double cpuMs = 0;
    double longestStallMs = 0;
    double longestStallCpuMs = 0; // the most CPU the GUI thread spent between two of its ticks
};

Lived livedThrough(MainWindow& window, const std::function<void()>& command, const std::function<bool()>& done) {
    Lived lived;
    QElapsedTimer sinceTick;
    double cpuAtTick = threadCpuMs();
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        lived.longestStallMs = std::max(lived.longestStallMs, static_cast<double>(sinceTick.nsecsElapsed()) / 1e6);
        sinceTick.restart();
        const double cpu = threadCpuMs();
        lived.longestStallCpuMs = std::max(lived.longestStallCpuMs, cpu - cpuAtTick);
        cpuAtTick = cpu;
    });
    const double cpuBefore = cpuMs();
    QElapsedTimer timer;
    timer.start();
    sinceTick.start();
    tick.start();
    command();
    // Waits for the next event (the tick's at the latest): spinning here would take a core from
    // the lab's thread on a small machine.
    while (!done()) QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    tick.stop();
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
    window.repaint();
    lived.cpuMs = cpuMs() - cpuBefore;
    lived.wallMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return lived;
}

// The views were told of every event the lab holds.
bool viewsCaughtUp(const MainWindow& window) {
    std::size_t events = 0;
    window.controller().read([&events](const lab::Lab& lab) { events = lab.timeline().size(); });
    return static_cast<std::size_t>(window.controller().shownEvents()) == events;
}

// The process's peak resident set so far, in MiB (the kernel's high-water mark).
double peakRssMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024; // KiB on Linux
}

// A line of the large run: "step, 1,000,000-echo run (views that changed)".
void reportLarge(const std::string& run, const char* what, double ms, const char* detail,
                 double budgetMs = kFrameBudgetMs) {
    report((std::string(what) + ", " + run).c_str(), ms, detail, budgetMs);
}

// The large run loaded: main-quick with `echoes` echo requests, run to its end with the views
// following. Returns the lab's step count at the end.
std::size_t loadLarge(MainWindow& window, std::uint32_t echoes, const std::string& run) {
    lab::Scenario large = *lab::builtinScenario("main-quick");
    large.traffic.count = echoes;
    large.traffic.interval = std::chrono::milliseconds(1);
    window.start(large, 1);
    window.controller().waitForIdle();
    const Lived loaded = livedThrough(
        window, [&] { window.controller().runToEnd(); },
        [&] {
            bool finished = false;
            window.controller().read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
            return finished && viewsCaughtUp(window);
        });
    std::size_t events = 0, steps = 0;
    window.controller().read([&](const lab::Lab& lab) {
        events = lab.timeline().size();
        steps = lab.stepCount();
    });
    const LogModel& log = *window.logView()->model();
    std::printf("%s: %u echoes, %zu steps, %zu events, %lld log lines, %lld diagram rows; loaded (run to the end, "
                "views following) in %.1f s, CPU %.1f s; peak RSS %.0f MiB\n",
                run.c_str(), echoes, steps, events, static_cast<long long>(log.rowCount()),
                static_cast<long long>(window.diagram().rowCount()), loaded.wallMs / 1000, loaded.cpuMs / 1000,
                peakRssMiB());
    std::printf("%s: the log holds %.0f MiB, %.0f bytes a line\n", run.c_str(),
                static_cast<double>(log.memoryBytes()) / (1 << 20),
                static_cast<double>(log.memoryBytes()) / std::max(1, log.rowCount()));
    char detail[320];
    std::snprintf(detail, sizeof detail,
                  "the event loop's longest gap while the run loaded (progress bar shown); the GUI thread's CPU in "
                  "its longest: %.1f ms",
                  loaded.longestStallCpuMs);
    reportLarge(run, "longest stall of the window, run to the end", loaded.longestStallMs, detail);
    return steps;
}

// Back from the end (the whole run replayed beside the one shown, then every view re-read); then
// a second step back cancelled after a second, which must leave the lab as it was.
void stepBackLarge(MainWindow& window, const std::string& run, std::size_t steps) {
    int progressed = 0;
    const auto counting = QObject::connect(&window.controller(), &LabController::progressed, &window,
                                           [&progressed](const LabProgress&) { ++progressed; });
    const auto stepNow = [&window] {
        std::size_t now = 0;
        window.controller().read([&now](const lab::Lab& lab) { now = lab.stepCount(); });
        return now;
    };
    const Lived back = livedThrough(
        window, [&] { window.controller().stepBack(); },
        [&] { return stepNow() + 1 == steps && viewsCaughtUp(window); });
    char detail[320];
    std::snprintf(detail, sizeof detail,
                  "one, from step %zu: the run replayed, every view re-read; CPU %.0f ms; %d progress reports", steps,
                  back.cpuMs, progressed);
    reportLarge(run, "step back from the end", back.wallMs, detail);
    std::snprintf(detail, sizeof detail,
                  "the event loop's longest gap: the views re-reading the rebuilt timeline; the GUI thread's CPU in "
                  "its longest: %.1f ms",
                  back.longestStallCpuMs);
    reportLarge(run, "longest stall of the window, step back", back.longestStallMs, detail);

    // The worker emits progressEnded: the window as context queues it to this (the GUI) thread. The
    // timer dies with this function, so it cannot fire into a later command.
    bool ended = false, cancelled = false;
    const auto ending = QObject::connect(&window.controller(), &LabController::progressEnded, &window,
                                         [&](bool wasCancelled) {
                                             ended = true;
                                             cancelled = wasCancelled;
                                         });
    QElapsedTimer sinceCancel;
    QTimer cancelLater;
    cancelLater.setSingleShot(true);
    QObject::connect(&cancelLater, &QTimer::timeout, [&] {
        sinceCancel.start();
        window.controller().cancel();
    });
    const Lived cancel = livedThrough(
        window,
        [&] {
            window.controller().stepBack();
            cancelLater.start(1000);
        },
        // A step back done before its first progress report ends with no progressEnded.
        [&] { return ended || stepNow() + 2 == steps; });
    const double toCancel = sinceCancel.isValid() ? static_cast<double>(sinceCancel.nsecsElapsed()) / 1e6 : 0;
    std::snprintf(detail, sizeof detail,
                  "cancelled 1 s into a step back: %s, the lab at step %zu of %zu; %.1f s in all",
                  cancelled ? "given up" : "NOT cancelled", stepNow(), steps - 1, cancel.wallMs / 1000);
    reportLarge(run, "step back cancelled, cancel to idle", toCancel, detail);
    QObject::disconnect(counting);
    QObject::disconnect(ending);
}

// Forward from there: the lab goes on past its end (timers, lifetimes). First as the window
// repaints (the views that changed), then with the whole window repainted at each step.
void stepLarge(MainWindow& window, const std::string& run, std::size_t steps, int stepCount) {
    PaintCounter paints;
    char detail[320];
    for (const bool whole : {false, true}) {
        std::vector<double> forward, forwardCpu, painted;
        if (!whole) qApp->installEventFilter(&paints);
        for (int i = 0; i < stepCount; ++i) {
            double cpu = 0;
            const int before = paints.painted;
            forward.push_back(timed(
                window, [&] { window.controller().step(); }, &cpu, whole));
            forwardCpu.push_back(cpu);
            painted.push_back(paints.painted - before);
        }
        qApp->removeEventFilter(&paints);
        std::snprintf(detail, sizeof detail,
                      "median of %d steps at step %zu, slowest %.3f ms; CPU median %.3f ms, slowest %.3f ms%s",
                      stepCount, steps, *std::max_element(forward.begin(), forward.end()), median(forwardCpu),
                      *std::max_element(forwardCpu.begin(), forwardCpu.end()),
                      whole ? "" : "; widgets painted per step, median");
        if (!whole)
            std::snprintf(detail + std::strlen(detail), sizeof detail - std::strlen(detail), " %.0f", median(painted));
        reportLarge(run, whole ? "step (whole window repainted)" : "step (views that changed)", median(forward),
                    detail);
    }
    std::string classes;
    for (const auto& [name, count] : paints.byClass)
        classes += name + " " + std::to_string(count / stepCount) + "." + std::to_string(count * 10 / stepCount % 10) +
                   ", ";
    std::printf("    painted per step, by class: %s\n", classes.c_str());
}

// The log filtered, a text typed: the first screen of the lines kept (all of them, if fewer) in the
// repainted table, against 100 ms; the whole result, which the filter finds in slices while the
// window goes on, and the longest of those slices (the event loop's longest turn: what the window
// waits) against a frame.
void filterLarge(MainWindow& window, const std::string& run) {
    window.raiseDock("log");
    QCoreApplication::processEvents();
    LogView* log = window.logView();
    const LogFilter& filter = *log->filter();
    QTableView& table = *log->table();
    const int screen = table.viewport()->height() / table.verticalHeader()->defaultSectionSize() + 1;
    std::vector<double> firsts, wholes, slices;
    qsizetype kept = 0;
    for (const char* text : {"MM5", "seq 4242", "duplicate", "echo reply", ""}) {
        QElapsedTimer timer;
        timer.start();
        log->filterEdit()->setText(QString::fromLatin1(text)); // its first slice
        double longest = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        const auto turn = [&longest] {
            QElapsedTimer one;
            one.start();
            QCoreApplication::processEvents();
            longest = std::max(longest, static_cast<double>(one.nsecsElapsed()) / 1e6);
        };
        while (filter.scanning() && filter.rowCount() < screen) turn();
        table.viewport()->repaint();
        firsts.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        while (filter.scanning()) turn();
        table.viewport()->repaint();
        wholes.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        slices.push_back(longest);
        if (std::string_view(text) == "echo reply") kept = filter.rowCount();
    }
    char detail[320];
    std::snprintf(detail, sizeof detail,
                  "%d lines in view; median of 5 filters over %d lines (\"echo reply\" keeps %lld), slowest %.3f ms",
                  screen, log->model()->rowCount(), static_cast<long long>(kept),
                  *std::max_element(firsts.begin(), firsts.end()));
    reportLarge(run, "log filter, first screen", median(firsts), detail, kFilterBudgetMs);
    std::printf("%-44s %9.3f ms   (the filter's slices to its end, the window going on meanwhile; median of the "
                "same 5, slowest %.3f ms)\n",
                ("log filter, whole result, " + run).c_str(), median(wholes),
                *std::max_element(wholes.begin(), wholes.end()));
    std::snprintf(detail, sizeof detail,
                  "the event loop's longest turn while the filter ran, median of the same 5; "
                  "slowest %.3f ms",
                  *std::max_element(slices.begin(), slices.end()));
    reportLarge(run, "log filter, longest slice", median(slices), detail);
}

// A frame of the diagram, scrolled top to bottom, and one of the anti-replay view.
void framesLarge(MainWindow& window, const std::string& run) {
    const std::vector<double> frames = diagramFrames(window);
    char detail[320];
    std::snprintf(detail, sizeof detail, "%lld rows, median of 60 frames scrolled top to bottom, slowest %.3f ms",
                  static_cast<long long>(window.diagram().rowCount()), *std::max_element(frames.begin(), frames.end()));
    reportLarge(run, "sequence diagram frame", median(frames), detail);

    window.raiseDock("replay");
    QCoreApplication::processEvents();
    auto* replay = window.findChild<ReplayView*>();
    std::vector<double> replayFrames;
    for (int i = 0; i < 60; ++i) replayFrames.push_back(replay->paintFrame());
    std::snprintf(detail, sizeof detail,
                  "median of 60 frames (window strip and charts, %d accepted points), slowest %.3f ms",
                  replay->chart()->pointCount(VerdictClass::Accepted),
                  *std::max_element(replayFrames.begin(), replayFrames.end()));
    reportLarge(run, "replay view frame", median(replayFrames), detail);
}

// What the diagram's model holds per row: a model folded afresh from the loaded timeline, the heap
// in use (glibc's count: small blocks and mmapped ones) before and after, the lab idle meanwhile.
std::size_t heapInUse() {
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

void diagramMemory(MainWindow& window, const std::string& run) {
    DiagramRows rows;
    std::size_t before = 0, after = 0;
    window.controller().read([&](const lab::Lab& lab) {
        before = heapInUse();
        rows.append(lab.timeline(), 0, static_cast<qsizetype>(lab.timeline().size()));
        after = heapInUse();
    });
    std::printf("%s: diagram model folded afresh: %lld rows, %.0f bytes a row (%.0f MiB of heap; DiagramRow %zu)\n",
                run.c_str(), static_cast<long long>(rows.rowCount()),
                static_cast<double>(after - before) / static_cast<double>(std::max<qsizetype>(rows.rowCount(), 1)),
                static_cast<double>(after - before) / (1024.0 * 1024.0), sizeof(DiagramRow));
}

// The large run's figures (issue 18).
void largeRun(MainWindow& window, std::uint32_t echoes, int stepCount) {
    const std::string run = runName(echoes);
    const std::size_t steps = loadLarge(window, echoes, run);
    diagramMemory(window, run);
    stepBackLarge(window, run, steps);
    stepLarge(window, run, steps, stepCount);
    filterLarge(window, run);
    framesLarge(window, run);
    std::printf("%s: peak RSS of the process %.0f MiB\n", run.c_str(), peakRssMiB());
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
    const QStringList arguments = QCoreApplication::arguments();
    // --echoes N: the large run's size; --steps N: how many steps forward it times (more for a
    // profile of a step: `perf record -g gui_bench --large-only --steps 2000`).
    auto option = [&](const char* name, std::uint32_t fallback) -> std::optional<std::uint32_t> {
        const qsizetype at = arguments.indexOf(QString::fromLatin1(name));
        if (at < 0) return fallback;
        bool ok = false;
        const std::uint32_t value = arguments.value(at + 1).toUInt(&ok);
        if (!ok || value == 0) {
            std::fprintf(stderr, "gui_bench: %s wants a positive number\n", name);
            return std::nullopt;
        }
        return value;
    };
    const auto echoes = option("--echoes", kDefaultEchoes);
    const auto stepCount = option("--steps", 50);
    if (!echoes || !stepCount) return 2;
    // Beyond the window's cap too (the bench is how a larger cap is judged), not beyond the lab's.
    if (*echoes > lab::kMaxTrafficCount) {
        std::fprintf(stderr, "gui_bench: --echoes %u: a run sends at most %u echoes\n", *echoes, lab::kMaxTrafficCount);
        return 2;
    }
    MainWindow window;
    window.resize(1600, 960);
    window.show();
    QCoreApplication::processEvents();
    if (arguments.contains(QStringLiteral("--large-only"))) {
        largeRun(window, *echoes, static_cast<int>(*stepCount));
        return 0;
    }

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
    const std::vector<double> frames = diagramFrames(window);
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
    largeRun(window, *echoes, static_cast<int>(*stepCount));
    return 0;
}
