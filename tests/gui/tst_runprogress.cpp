// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A long run in the window (issue 18): the status line's progress bar says how far the run is and
// how long it has left, and Cancel stops it with every view in step with the lab; a step back from
// far into a run, which replays it all, shows the same bar, and Cancel (Esc) leaves the lab and the
// views as they were, what a lesson holds back included. Run to the end of the phase and
// fast-forward show the bar and stop at Cancel too; a run with a flood counts the flood's packets.
// Pictures at a lab PC's 1366×768 land in tst_runprogress-screens/.

#include <QAction>
#include <QDir>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/LabController.h"
#include "ui/log/LogModel.h"
#include "ui/log/LogView.h"
#include "ui/window/MainWindow.h"
#include "ui/window/RunProgress.h"
#include "ui/window/TransportControls.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// The large case for the window: 100,000 echo requests, a millisecond apart.
constexpr std::uint32_t kEchoes = 100000;

QString screensDir() { return QCoreApplication::applicationDirPath() + QStringLiteral("/tst_runprogress-screens"); }

void settle(MainWindow& window) {
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
}

struct LabState {
    std::size_t steps = 0;
    std::size_t events = 0;
    bool finished = false;
    lab::Timestamp now{0};
    lab::Phase phase = lab::Phase::InterestingTraffic; // of the last event
};

LabState state(const MainWindow& window) {
    LabState s;
    window.controller().read([&s](const lab::Lab& lab) {
        s.steps = lab.stepCount();
        s.events = lab.timeline().size();
        s.finished = lab.finished();
        s.now = lab.now();
        if (!lab.timeline().empty()) s.phase = lab.timeline().back().phase;
    });
    return s;
}

// Every view was told of every event of the lab, and nothing beyond.
void verifyViewsInStep(const MainWindow& window) {
    const LabState s = state(window);
    QCOMPARE(static_cast<std::size_t>(window.controller().shownEvents()), s.events);
    QCOMPARE(static_cast<std::size_t>(window.logView()->model()->rowCount()), s.events);
    QVERIFY(window.diagram().rowCount() > 0);
}

// Cancel stopped a command for good: the bar is gone, the lab stays where it got to with every
// view in step, nothing moves any more, and the lab steps on from there.
void verifyStoppedForGood(MainWindow& window) {
    QVERIFY(window.runProgress()->isHidden());
    const LabState stopped = state(window);
    QVERIFY(!stopped.finished);
    QVERIFY(!window.controller().holdingBack());
    verifyViewsInStep(window);
    QTest::qWait(200);
    settle(window);
    QCOMPARE(state(window).steps, stopped.steps);
    window.controller().step();
    settle(window);
    QCOMPARE(state(window).steps, stopped.steps + 1);
    verifyViewsInStep(window);
}

} // namespace

class TestRunProgress : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QDir().mkpath(screensDir());
    }

    void init() {
        m_window = std::make_unique<MainWindow>();
        m_window->fitTo({1366, 768});
        lab::Scenario large = *lab::builtinScenario("main-quick");
        large.traffic.count = kEchoes;
        large.traffic.interval = std::chrono::milliseconds(1);
        m_window->start(large, 1);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow(); // a display without a window manager (Xvfb) activates nothing itself
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        settle(*m_window);
    }

    void cleanup() {
        m_window->controller().cancel();
        settle(*m_window);
        m_window.reset();
    }

    // Run to the end: the bar fills by echo requests sent, of the 100,000, with an estimate of the
    // time left; Cancel stops the lab where it is, the views holding exactly what it made.
    void runToEndShowsProgressAndCancelStopsIt() {
        MainWindow& window = *m_window;
        RunProgress* progress = window.runProgress();
        QVERIFY(progress->isHidden());
        window.transport()->runToEndAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!progress->remaining().isEmpty(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(progress->bar()->value() > 0, 20000);
        QVERIFY(progress->bar()->text().contains(QLocale().toString(kEchoes)));
        QVERIFY2(progress->remaining().endsWith(QStringLiteral(" left")), qPrintable(progress->remaining()));
        QVERIFY(window.grab().save(screensDir() + QStringLiteral("/run-progress-1366x768.png")));

        QTest::mouseClick(progress->cancelButton(), Qt::LeftButton);
        settle(window);
        QVERIFY(state(window).steps > 0);
        verifyStoppedForGood(window);
    }

    // Cancel stops the command the bar shows, not one queued behind it: a fast-forward posted
    // while the run is under way runs whole after it (it used to be given up with the run).
    void cancelStopsTheCommandShownOnly() {
        MainWindow& window = *m_window;
        RunProgress* progress = window.runProgress();
        window.transport()->runToEndAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 20000);
        window.controller().fastForward(std::chrono::seconds(1));
        QTest::mouseClick(progress->cancelButton(), Qt::LeftButton);
        settle(window);
        window.controller().read([](const lab::Lab& lab) {
            QVERIFY(!lab.finished());
            std::string latest; // the latest fast-forward's event: its start, or its stop when given up
            for (std::size_t i = lab.timeline().size(); i-- > lab.timeline().first() && latest.empty();)
                if (lab.timeline().at(i).id.rfind("clock.fast-forward", 0) == 0) latest = lab.timeline().at(i).id;
            QVERIFY2(latest.rfind("clock.fast-forward-stopped", 0) != 0 && !latest.empty(), latest.c_str());
        });
    }

    // A step back from far into a long run replays it all beside the lab shown: the bar counts
    // the steps replayed; Esc gives up with the lab and the views untouched (no reset); let through,
    // the lab is one step back and every view re-read.
    void stepBackShowsProgressAndCancelKeepsTheLab() {
        MainWindow& window = *m_window;
        RunProgress* progress = window.runProgress();
        window.controller().runToEnd();
        QTRY_VERIFY_WITH_TIMEOUT(state(window).steps >= 60000, 90000);
        window.controller().cancel();
        settle(window);
        QTRY_VERIFY(progress->isHidden());
        const LabState before = state(window);
        const int logRows = window.logView()->model()->rowCount();

        QSignalSpy resets(&window.controller(), &LabController::reset);
        window.transport()->stepBackAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 20000);
        QVERIFY(progress->bar()->text().contains(QLocale().toString(static_cast<qint64>(before.steps - 1))));
        QVERIFY(window.grab().save(screensDir() + QStringLiteral("/step-back-progress-1366x768.png")));
        QTest::keyClick(&window, Qt::Key_Escape);
        settle(window);
        QVERIFY(progress->isHidden());
        QCOMPARE(resets.count(), 0);
        const LabState kept = state(window);
        QCOMPARE(kept.steps, before.steps);
        QCOMPARE(kept.events, before.events);
        QCOMPARE(window.logView()->model()->rowCount(), logRows);
        verifyViewsInStep(window);

        // Through to the end this time: one step back, the views started over and re-read.
        window.controller().stepBack();
        settle(window);
        QCOMPARE(resets.count(), 1);
        const LabState back = state(window);
        QCOMPARE(back.steps, before.steps - 1);
        QVERIFY(back.events < before.events);
        verifyViewsInStep(window);
    }

    // Run to the end of the phase through the 100,000 echoes of data transfer: the bar (busy: the
    // phase's end is not known ahead) with Cancel; Cancel stops the lab where it is, nothing held back.
    void runToEndOfPhaseShowsProgressAndCancelStopsIt() {
        MainWindow& window = *m_window;
        RunProgress* progress = window.runProgress();
        // Past Quick Mode's last message (the first ESP packets go before it arrives).
        while (state(window).steps < 40 || state(window).phase != lab::Phase::DataTransfer ||
               window.controller().holdingBack()) {
            window.controller().step();
            settle(window);
            QVERIFY(state(window).steps < 200);
        }
        window.transport()->runToEndOfPhaseAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 20000);
        QCOMPARE(progress->bar()->maximum(), 0);
        QVERIFY2(progress->besideBar().endsWith(QStringLiteral(" steps")), qPrintable(progress->besideBar()));
        QTest::mouseClick(progress->cancelButton(), Qt::LeftButton);
        settle(window);
        QCOMPARE(state(window).phase, lab::Phase::DataTransfer);
        verifyStoppedForGood(window);
    }

    // Fast-forward by 90 s of the 100 s of traffic: the bar counts the virtual seconds, with the
    // time left; Cancel stops it before the clock got there, and gives its target up.
    void fastForwardShowsProgressAndCancelStopsIt() {
        MainWindow& window = *m_window;
        RunProgress* progress = window.runProgress();
        const lab::Timestamp from = state(window).now;
        window.controller().fastForward(std::chrono::seconds(90));
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(progress->bar()->value() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!progress->remaining().isEmpty(), 20000);
        QVERIFY2(progress->bar()->text().endsWith(QLocale().toString(90.0, 'f', 1) + QStringLiteral(" s")),
                 qPrintable(progress->bar()->text()));
        QTest::keyClick(&window, Qt::Key_Escape);
        settle(window);
        QVERIFY(state(window).now < from + std::chrono::seconds(90));
        // The target given up, as the log's last line says: stepping on does not jump to it.
        const QAbstractItemModel* log = window.logView()->model();
        const QString last = log->index(log->rowCount() - 1, LogModel::EventColumn).data().toString();
        QVERIFY2(last.startsWith(QStringLiteral("fast-forward stopped")), qPrintable(last));
        QVERIFY(window.grab().save(screensDir() + QStringLiteral("/fast-forward-cancelled-1366x768.png")));
        verifyStoppedForGood(window);
        QVERIFY(state(window).now < from + std::chrono::seconds(90));
    }

    // A run with a flood of 300,000 replays after 20 echoes: the bar counts the flood's packets
    // with the echoes (it used to sit full once the 20 echoes were sent).
    void runCountsFloodPackets() {
        MainWindow& window = *m_window;
        RunProgress* progress = window.runProgress();
        lab::Scenario flooded = *lab::builtinScenario("main-quick");
        flooded.traffic.count = 20;
        flooded.attacks.push_back(*lab::AttackSpec::parse("flood:replay=300000"));
        window.start(flooded, 1);
        settle(window);
        window.transport()->runToEndAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(progress->bar()->value() > 10, 60000); // past 1%: flood packets counted
        QVERIFY2(progress->bar()->text().contains(QLocale().toString(300020)), qPrintable(progress->bar()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!progress->remaining().isEmpty(), 20000);
        QVERIFY(window.grab().save(screensDir() + QStringLiteral("/flood-progress-1366x768.png")));
        window.controller().cancel();
        settle(window);
        verifyStoppedForGood(window);
    }

    // A lesson holds events back (the horizon); a step back given up leaves them held back, as
    // they were; one let through lifts them with the rebuilt lab.
    void cancelledStepBackKeepsWhatIsHeldBack() {
        MainWindow& window = *m_window;
        LabController& controller = window.controller();
        controller.runShowingUpTo(
            300, [](lab::Lab&) -> Result<void> { return {}; }, 100);
        settle(window);
        QVERIFY(controller.holdingBack());
        QCOMPARE(controller.shownEvents(), qsizetype{100});
        const LabState before = state(window);

        QSignalSpy resets(&controller, &LabController::reset);
        // The worker held busy (an act that waits) until the step back is posted and cancelled:
        // on an idle machine it could otherwise replay it all before the cancel.
        QSemaphore busy;
        controller.runShowingUpTo(
            0,
            [&busy](lab::Lab&) -> Result<void> {
                busy.acquire();
                return {};
            },
            100);
        controller.stepBack();
        controller.cancel();
        busy.release();
        settle(window);
        QCOMPARE(resets.count(), 0);
        QVERIFY(controller.holdingBack());
        QCOMPARE(controller.shownEvents(), qsizetype{100});
        QCOMPARE(window.logView()->model()->rowCount(), 100);
        QCOMPARE(state(window).steps, before.steps);

        controller.stepBack();
        settle(window);
        QCOMPARE(resets.count(), 1);
        QVERIFY(!controller.holdingBack());
        QCOMPARE(state(window).steps, before.steps - 1);
        verifyViewsInStep(window);
    }

private:
    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestRunProgress)
#include "tst_runprogress.moc"
