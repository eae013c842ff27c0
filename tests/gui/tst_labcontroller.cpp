// The GUI's handle on the lab: commands run on the worker thread, and the views hear about every
// timeline event exactly once between resets, whatever the mix of steps, runs and steps back.

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include "lab/BuiltinScenarios.h"
#include "ui/LabController.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// What a view would hold: the number of events it was told about since the last reset.
struct ViewMirror {
    qsizetype known = 0;
    int resets = 0;
    bool contiguous = true;

    void attach(LabController& controller) {
        QObject::connect(&controller, &LabController::reset, [this] {
            known = 0;
            ++resets;
        });
        QObject::connect(&controller, &LabController::eventsAdded, [this](qsizetype first, qsizetype count) {
            contiguous = contiguous && first == known;
            known = first + count;
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

    // A lesson step's horizon: the views hear of the events up to the anchor only, though the lab
    // step made more; the user's Step first shows those (the lab does not move), the next one steps;
    // any other command lifts the horizon; a lower horizon starts the views over.
    void lessonHorizonHoldsBackUntilTheUserSteps() {
        LabController controller;
        ViewMirror view;
        view.attach(controller);
        controller.load(*lab::builtinScenario("main-quick"), 1);
        controller.waitForIdle();
        const auto noAction = [](lab::Lab&) -> Result<void> { return {}; };
        controller.playLessonStep(1, noAction, 3); // the lab started, echo request 1, the acquire
        controller.waitForIdle();
        const std::size_t made = timelineSize(controller);
        QVERIFY2(made > 3, "the first lab step makes more than the acquire");
        QCOMPARE(view.known, qsizetype(3));
        QCOMPARE(controller.shownEvents(), qsizetype(3));
        QVERIFY(controller.holdingBack());
        QCOMPARE(stepCount(controller), std::size_t(1));

        // An action applied by the lesson step, its events held back too.
        controller.playLessonStep(0, [](lab::Lab& lab) { return lab.startTraffic({}); }, 3);
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
        controller.playLessonStep(0, noAction, 4);
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
};

QTEST_MAIN(TestLabController)
#include "tst_labcontroller.moc"
