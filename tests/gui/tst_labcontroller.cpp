// The GUI's handle on the lab: commands run on the worker thread, and the views hear about every
// timeline event exactly once between resets, whatever the mix of steps, runs and steps back.

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
