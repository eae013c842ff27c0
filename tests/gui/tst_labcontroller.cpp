// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The GUI's handle on the lab: commands run on the worker thread, and the views hear about every
// timeline event exactly once between resets, whatever the mix of steps, runs and steps back.

#include <QElapsedTimer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <atomic>

#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "ui/common/LabController.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// What a view would hold: the number of events it was told about since the last reset. Like a
// view, it lives on the GUI thread (the controller's signals reach it queued).
struct ViewMirror {
    QObject gui;
    qsizetype known = 0;
    int resets = 0;
    bool contiguous = true;
    bool shownInStep = true; // the controller's shownEvents() said what each eventsAdded told

    void attach(LabController& controller) {
        QObject::connect(&controller, &LabController::reset, &gui, [this] {
            known = 0;
            ++resets;
        });
        QObject::connect(&controller, &LabController::eventsAdded, &gui,
                         [this, &controller](qsizetype first, qsizetype count) {
                             contiguous = contiguous && first == known;
                             known = first + count;
                             shownInStep = shownInStep && controller.shownEvents() == known;
                         });
    }
};

std::size_t timelineSize(const LabController& controller) {
    std::size_t size = 0;
    controller.read([&size](const lab::Lab& lab) { size = lab.timeline().size(); });
    return size;
}

std::size_t stepCount(const LabController& controller) {
    std::size_t steps = 0;
    controller.read([&steps](const lab::Lab& lab) { steps = lab.stepCount(); });
    return steps;
}

} // namespace

class TestLabController : public QObject {
    Q_OBJECT
private slots:
    // Steps queued faster than the views follow (a held key, a burst) are told in batches, so
    // the window keeps painting; the views still hear of every event once, and of the last step.
    void queuedStepsAreToldInBatches() {
        LabController controller;
        ViewMirror view;
        view.attach(controller);
        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.waitForIdle();
        QCoreApplication::processEvents();
        QSignalSpy told(&controller, &LabController::eventsAdded);
        constexpr int kSteps = 200;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < kSteps; ++i) controller.step();
        controller.waitForIdle();
        const qint64 elapsedMs = clock.elapsed();
        QCoreApplication::processEvents();
        QCOMPARE(stepCount(controller), std::size_t{kSteps});
        // Fewer signals than steps, and no more than one per 20 ms of work (a slow machine takes
        // longer and is told more often, never once per step).
        const QString count = QStringLiteral("%1 signals in %2 ms").arg(told.count()).arg(elapsedMs);
        QVERIFY2(told.count() < kSteps, qPrintable(count));
        QVERIFY2(told.count() <= elapsedMs / 20 + 2, qPrintable(count));
        QVERIFY(view.contiguous);
        QVERIFY(view.shownInStep);
        QCOMPARE(static_cast<std::size_t>(view.known), timelineSize(controller));

        // A single step is told at once.
        told.clear();
        controller.step();
        controller.waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(told.count(), 1);
        QCOMPARE(static_cast<std::size_t>(view.known), timelineSize(controller));
    }

    void stepsRunsAndStepsBack() {
        LabController controller;
        ViewMirror view;
        view.attach(controller);
        QVERIFY(!controller.hasLab());

        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.waitForIdle();
        QVERIFY(controller.hasLab());
        QCOMPARE(view.resets, 1);

        for (int i = 0; i < 5; ++i) controller.step();
        controller.waitForIdle();
        QCOMPARE(stepCount(controller), std::size_t{5});
        QCOMPARE(std::size_t(view.known), timelineSize(controller));

        controller.stepBack();
        controller.waitForIdle();
        QCOMPARE(stepCount(controller), std::size_t{4});
        QCOMPARE(view.resets, 2);
        QCOMPARE(std::size_t(view.known), timelineSize(controller));

        controller.runToEnd();
        controller.waitForIdle();
        bool finished = false;
        controller.read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
        QVERIFY(finished);
        QCOMPARE(std::size_t(view.known), timelineSize(controller));
        QVERIFY(view.contiguous);
    }

    // A fast-forward given up (Cancel) forgets its clock target: the clock stays where it stopped,
    // the lab reaches its designed end without jumping to the target (it used to run on to it),
    // and a step back replays the same.
    void cancelledFastForwardForgetsItsTarget() {
        LabController controller;
        controller.load(*lab::builtinScenario("main-quick"), 1);
        for (int i = 0; i < 5; ++i) controller.step();
        controller.waitForIdle();
        lab::Timestamp from{0};
        controller.read([&from](const lab::Lab& lab) { from = lab.now(); });
        const lab::Timestamp target = from + std::chrono::hours(1);
        // Posted and cancelled under the read lock: the worker cannot step before the cancel (on an
        // idle machine it used to reach the target first), so it begins and stops before a step.
        controller.read([&controller](const lab::Lab&) {
            controller.fastForward(std::chrono::hours(1));
            controller.cancel();
        });
        controller.waitForIdle();
        bool stopped = false;
        controller.read([&](const lab::Lab& lab) {
            QVERIFY(!lab.fastForwarding(target));
            QVERIFY(lab.now() < target);
            stopped = lab.timeline().back().id.rfind("clock.fast-forward-stopped", 0) == 0;
        });
        QVERIFY(stopped);

        controller.runToEnd();
        controller.waitForIdle();
        std::size_t steps = 0;
        controller.read([&](const lab::Lab& lab) {
            QVERIFY(lab.finished());
            QVERIFY2(lab.now() < target, lab::formatSeconds(lab.now()).c_str());
            steps = lab.stepCount();
        });
        controller.stepBack();
        controller.waitForIdle();
        controller.read([&](const lab::Lab& lab) {
            QCOMPARE(lab.stepCount(), steps - 1);
            QVERIFY(!lab.fastForwarding(target));
            QVERIFY(lab.now() < target);
        });
    }

    // The horizon (a lesson step's): the views hear of the events up to the anchor only, though the
    // lab step made more; the user's Step first shows those (the lab does not move), the next one steps;
    // any other command lifts the horizon; a lower horizon starts the views over.
    void lessonHorizonHoldsBackUntilTheUserSteps() {
        LabController controller;
        ViewMirror view;
        view.attach(controller);
        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.waitForIdle();
        const auto noAction = [](lab::Lab&) -> Result<void> { return {}; };
        controller.runShowingUpTo(1, noAction, 3); // the lab started, echo request 1, the acquire
        controller.waitForIdle();
        const std::size_t made = timelineSize(controller);
        QVERIFY2(made > 3, "the first lab step makes more than the acquire");
        QCOMPARE(view.known, qsizetype(3));
        QCOMPARE(controller.shownEvents(), qsizetype(3));
        QVERIFY(controller.holdingBack());
        QCOMPARE(stepCount(controller), std::size_t(1));

        // An action applied by the lesson step, its events held back too.
        controller.runShowingUpTo(
            0, [](lab::Lab& lab) { return lab.startTraffic({}); }, 3);
        controller.waitForIdle();
        QCOMPARE(view.known, qsizetype(3));
        QVERIFY(timelineSize(controller) > made);

        controller.step(); // shows the rest, steps nothing
        controller.waitForIdle();
        QCOMPARE(stepCount(controller), std::size_t(1));
        QCOMPARE(view.known, qsizetype(timelineSize(controller)));
        QVERIFY(!controller.holdingBack());
        controller.step(); // now a real step
        controller.waitForIdle();
        QCOMPARE(stepCount(controller), std::size_t(2));
        QCOMPARE(view.known, qsizetype(timelineSize(controller)));

        // A lower horizon (a lesson step whose anchor lies before what the user revealed).
        const int resets = view.resets;
        controller.runShowingUpTo(0, noAction, 4);
        controller.waitForIdle();
        QCOMPARE(view.resets, resets + 1);
        QCOMPARE(view.known, qsizetype(4));
        QVERIFY(view.contiguous);

        // Any other command of the user's lifts it.
        controller.inject(*lab::AttackSpec::parse("replay:seq=1"));
        controller.waitForIdle();
        QCOMPARE(view.known, qsizetype(timelineSize(controller)));
        QVERIFY(!controller.holdingBack());

        // Unloaded (a lesson's reading part): no lab, the views empty.
        controller.unload();
        controller.waitForIdle();
        QVERIFY(!controller.hasLab());
        QCOMPARE(view.known, qsizetype(0));
        controller.step(); // harmless without a lab
        controller.waitForIdle();
        QVERIFY(view.shownInStep);
    }

    void badCommandsSaySo() {
        LabController controller;
        QSignalSpy failures(&controller, &LabController::failed);
        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.inject(*lab::AttackSpec::parse("replay:seq=5"));
        controller.waitForIdle();
        QCOMPARE(failures.count(), 0);
        controller.exportCapture("/nonexistent-folder/x.pcapng", "/nonexistent-folder/keys");
        controller.waitForIdle();
        QCOMPARE(failures.count(), 1);
        QVERIFY(failures.first().first().toString().contains("nonexistent-folder"));
    }

    // "Run to the end of the phase" stops where its phase ends, though the lab step that ends it
    // began the next one (A receives MM6 and sends QM1 at once): the views are told the phase's
    // events only, and Step then shows the rest before it moves the lab.
    void runToEndOfPhaseStopsAtTheEndOfItsPhase_data() {
        QTest::addColumn<QString>("scenario");
        for (const char* name : {"main-quick", "aggressive", "pfs", "nat", "ah", "wrong-psk-main"})
            QTest::newRow(name) << QString(name);
    }
    void runToEndOfPhaseStopsAtTheEndOfItsPhase() {
        QFETCH(QString, scenario);
        LabController controller;
        ViewMirror view;
        view.attach(controller);
        controller.load(*lab::builtinScenario(scenario.toStdString()), 1);
        controller.waitForIdle();
        std::vector<lab::Phase> phasesEnded;
        for (int run = 0; run < 20; ++run) {
            const qsizetype before = view.known;
            controller.runToEndOfPhase();
            controller.waitForIdle();
            QCOMPARE(controller.shownEvents(), view.known);
            bool finished = false;
            controller.read([&](const lab::Lab& lab) {
                finished = lab.finished();
                const lab::Timeline& timeline = lab.timeline();
                QVERIFY(view.known > before);
                const lab::Phase phase = timeline.at(std::size_t(view.known - 1)).phase;
                // Everything told since the command is of one phase (the outcome aside)...
                for (qsizetype i = before; i < view.known; ++i) {
                    const lab::LabEvent& e = timeline.at(std::size_t(i));
                    if (e.kind != lab::LabEventKind::Outcome)
                        QVERIFY2(e.phase == phase, qPrintable(QString("%1 after %2 phase %3")
                                                                  .arg(QString::fromStdString(e.id))
                                                                  .arg(before)
                                                                  .arg(int(phase))));
                }
                // ... and what is held back begins the next.
                QCOMPARE(controller.holdingBack(), view.known < qsizetype(timeline.size()));
                if (controller.holdingBack()) QVERIFY(timeline.at(std::size_t(view.known)).phase != phase);
                phasesEnded.push_back(phase);
            });
            QVERIFY(view.contiguous && view.shownInStep);
            if (finished && !controller.holdingBack()) break;
        }
        QVERIFY(phasesEnded.size() >= 2);
        if (scenario == "main-quick") {
            // Its phases one by one, and IKE phase 1 ends with A's SA established, QM1 not sent yet.
            QCOMPARE(phasesEnded.at(0), lab::Phase::InterestingTraffic);
            QCOMPARE(phasesEnded.at(1), lab::Phase::IkePhase1);
            QCOMPARE(phasesEnded.at(2), lab::Phase::IkePhase2);
        }
    }

    void stepShowsWhatTheEndOfAPhaseHeldBack() {
        LabController controller;
        ViewMirror view;
        view.attach(controller);
        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.waitForIdle();
        controller.runToEndOfPhase(); // interesting traffic: the echo request, the SPD's acquire
        controller.runToEndOfPhase(); // IKE phase 1
        controller.waitForIdle();
        QVERIFY(controller.holdingBack());
        std::string last, next;
        controller.read([&](const lab::Lab& lab) {
            last = lab.timeline().at(std::size_t(view.known - 1)).id;
            next = lab.timeline().at(std::size_t(view.known)).id;
        });
        QCOMPARE(last, std::string("A.IKE.established"));
        QCOMPARE(next, std::string("A.HASH(1)"));
        const std::size_t steps = stepCount(controller);
        controller.step(); // shows QM1 being sent, and moves nothing
        controller.waitForIdle();
        QVERIFY(!controller.holdingBack());
        QCOMPARE(stepCount(controller), steps);
        QCOMPARE(std::size_t(view.known), timelineSize(controller));
        controller.step(); // now the lab: QM1 delivered
        controller.waitForIdle();
        QCOMPARE(stepCount(controller), steps + 1);
        QVERIFY(view.contiguous);
    }

    void playsUntilPaused() {
        LabController controller;
        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.waitForIdle();
        controller.play(200);
        QTRY_VERIFY(stepCount(controller) >= 3);
        controller.pause();
        controller.waitForIdle();
        QVERIFY(!controller.playing());
        const std::size_t steps = stepCount(controller);
        QTest::qWait(100);
        QCOMPARE(stepCount(controller), steps);
    }

    // A lesson step's fast-forward (runShowingUpTo, a fast-forward among its acts) runs as the
    // window's own: the bar, then Cancel, here given from the worker's thread at its first report
    // (the fast-forward under way, whatever the machine's speed). The lab stays where it got to,
    // the target given up, the act after it undone, the horizon kept; showingStopped() names the
    // step by its serial, and a step posted behind it is given up too.
    void lessonFastForwardShowsProgressAndCancelStopsIt() {
        LabController controller;
        lab::Scenario busy = *lab::builtinScenario("main-quick");
        busy.traffic.count = 100000; // a millisecond apart: 90 s of them take a while to step through
        busy.traffic.interval = std::chrono::milliseconds(1);
        controller.load(busy, 1);
        controller.runShowingUpTo(
            3, [](lab::Lab&) -> Result<void> { return {}; }, 3);
        controller.waitForIdle();
        lab::Timestamp from{0};
        controller.read([&from](const lab::Lab& lab) { from = lab.now(); });

        std::atomic<int> reports = 0;
        QObject::connect(
            &controller, &LabController::progressed, &controller,
            [&controller, &reports](const LabProgress& p) {
                if (p.task == LabProgress::Task::FastForward && reports++ == 0) controller.cancel();
            },
            Qt::DirectConnection);
        QSignalSpy ended(&controller, &LabController::progressEnded);
        QSignalSpy stopped(&controller, &LabController::showingStopped);
        const auto silenceB = [](lab::Lab& lab) -> Result<void> {
            return lab.perform(lab::ActionKind::Silence, lab::Site::B);
        };
        const quint64 first = controller.runShowingUpTo(
            0, std::vector<LabAct>{LabAct{{}, std::chrono::seconds(90)}, LabAct{silenceB, {}}}, 3);
        // The next step, queued, with the same horizon: the serial tells them apart.
        const quint64 next = controller.runShowingUpTo(0, std::vector<LabAct>{LabAct{silenceB, {}}}, 3);
        controller.waitForIdle();

        QCOMPARE(reports.load(), 1);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.at(0).at(0).toBool(), true);
        QCOMPARE(stopped.count(), 2);
        QCOMPARE(stopped.at(0).at(0).value<quint64>(), first);
        QCOMPARE(stopped.at(1).at(0).value<quint64>(), next);
        QVERIFY(stopped.at(0).at(1).toString().isEmpty());
        controller.read([&](const lab::Lab& lab) {
            QVERIFY(lab.now() > from && lab.now() < from + std::chrono::seconds(90));
            QVERIFY(!lab.fastForwarding(from + std::chrono::seconds(90)));
            QVERIFY2(lab.timeline().back().id.rfind("clock.fast-forward-stopped", 0) == 0,
                     lab.timeline().back().id.c_str());
            for (const lab::LoggedAction& entry : lab.actionLog())
                QVERIFY(entry.action.kind != lab::LabAction::Kind::SiteAction);
        });
        QVERIFY(controller.holdingBack());
        QCOMPARE(controller.shownEvents(), qsizetype{3});
    }

    // Cancel by serial (the bar's) stops that command only: a lesson step's fast-forward, cancelled
    // while the GUI thread holds the lab (the worker cannot get past it), is given up, and the
    // user's fast-forward queued behind it runs whole. It used to stop every command queued.
    void cancelBySerialStopsThatCommandOnly() {
        LabController controller;
        controller.load(*lab::builtinScenario("main-quick"), 1);
        for (int i = 0; i < 5; ++i) controller.step();
        controller.waitForIdle();
        lab::Timestamp from{0};
        controller.read([&from](const lab::Lab& lab) { from = lab.now(); });
        QSignalSpy stopped(&controller, &LabController::showingStopped);
        quint64 lessons = 0;
        controller.read([&](const lab::Lab&) {
            lessons = controller.runShowingUpTo(0, std::vector<LabAct>{LabAct{{}, std::chrono::hours(1)}}, 3);
            controller.fastForward(std::chrono::seconds(1));
            controller.cancel(lessons);
        });
        controller.waitForIdle();
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(stopped.at(0).at(0).value<quint64>(), lessons);
        controller.read([&](const lab::Lab& lab) {
            QVERIFY(!lab.fastForwarding(from + std::chrono::hours(1)));
            QVERIFY2(lab.now() >= from + std::chrono::seconds(1), lab::formatSeconds(lab.now()).c_str());
            QVERIFY(lab.now() < from + std::chrono::hours(1));
        });
    }

    // A lesson step whose fast-forward fails (here: past the clock's range) or whose action fails
    // stops as a cancelled one does, and says why: the lesson waiting for it must not wait forever.
    // The step queued behind a failed one is given up too.
    void failedLessonActStopsTheShowing() {
        LabController controller;
        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.waitForIdle();
        QSignalSpy stopped(&controller, &LabController::showingStopped);
        QSignalSpy failed(&controller, &LabController::failed);
        const auto nothing = [](lab::Lab&) -> Result<void> { return {}; };
        const quint64 fastForward = controller.runShowingUpTo(
            2, std::vector<LabAct>{LabAct{{}, lab::Timestamp::max()}, LabAct{nothing, {}}}, 3);
        const quint64 behind = controller.runShowingUpTo(1, nothing, 4);
        controller.waitForIdle();
        QCOMPARE(stopped.count(), 2);
        QCOMPARE(stopped.at(0).at(0).value<quint64>(), fastForward);
        QVERIFY2(stopped.at(0).at(1).toString().contains("clock's range"), qPrintable(stopped.at(0).at(1).toString()));
        QCOMPARE(stopped.at(1).at(0).value<quint64>(), behind);
        QVERIFY(stopped.at(1).at(1).toString().isEmpty());
        QCOMPARE(failed.count(), 1);
        QCOMPARE(stepCount(controller), std::size_t{2}); // the step behind did not run

        controller.load(*lab::builtinScenario("main-quick"), 1); // a new lab: lesson steps run again
        const quint64 action = controller.runShowingUpTo(
            1, [](lab::Lab&) -> Result<void> { return fail("no such action here"); }, 2);
        const quint64 after = controller.runShowingUpTo(1, nothing, 4);
        controller.waitForIdle();
        QCOMPARE(stopped.count(), 4);
        QCOMPARE(stopped.at(2).at(0).value<quint64>(), action);
        QVERIFY(stopped.at(2).at(1).toString().contains("no such action here"));
        QCOMPARE(stopped.at(3).at(0).value<quint64>(), after);
        QCOMPARE(stepCount(controller), std::size_t{1});
    }

    // A job cancelled before it began runs no slice (it used to run one, then look at cancel()).
    // The job ahead of it holds the worker until the cancel is in.
    void cancelledJobRunsNoSlice() {
        LabController controller;
        QSemaphore started, go;
        std::atomic<int> slices = 0;
        QObject gui;
        std::vector<bool> cancelledJobs;
        const auto ended = [&cancelledJobs](bool cancelled, const std::optional<Error>&) {
            cancelledJobs.push_back(cancelled);
        };
        controller.runJob(
            LabProgress{LabProgress::Task::Export},
            [&](LabProgress&) -> Result<bool> {
                started.release();
                go.acquire();
                return true;
            },
            &gui, ended);
        controller.runJob(
            LabProgress{LabProgress::Task::Export},
            [&slices](LabProgress&) -> Result<bool> {
                ++slices;
                return true;
            },
            &gui, ended);
        started.acquire();
        controller.cancel();
        go.release();
        controller.waitForIdle();
        QCOMPARE(slices.load(), 0);
        QCOMPARE(cancelledJobs, (std::vector<bool>{false, true}));
    }

    // A flood that never starts (its tunnel never comes up: the PSKs differ) is planned until the
    // lab finishes, which is when it knows; the finished run's total is what was done, so the bar's
    // last report is full.
    void runTotalDropsAFloodThatNeverStarts() {
        lab::Scenario failing = *lab::builtinScenario("main-quick");
        failing.siteB.psk = "another-psk";
        failing.traffic.count = 5;
        failing.attacks.push_back(*lab::AttackSpec::parse("flood:replay=1000"));
        auto created = lab::Lab::create(failing, lab::LabOptions{});
        QVERIFY(created);
        lab::Lab& lab = **created;
        LabProgress p;
        measureRun(lab, p);
        QCOMPARE(p.total, qint64{1005});
        QVERIFY(p.floods);
        QCOMPARE(p.done, qint64{0});
        while (!lab.finished()) {
            auto stepped = lab.step();
            QVERIFY(stepped && *stepped);
            measureRun(lab, p);
            if (!lab.finished()) QCOMPARE(p.total, qint64{1005});
        }
        QCOMPARE(lab.status().floodPackets, std::uint64_t{0});
        QVERIFY(lab.attackReports(false).front().status.rfind("failed", 0) == 0);
        QVERIFY(lab.status().echoRequests > 0);
        QCOMPARE(p.total, static_cast<qint64>(lab.status().echoRequests));
        QCOMPARE(p.done, p.total);
    }
};

QTEST_MAIN(TestLabController)
#include "tst_labcontroller.moc"
