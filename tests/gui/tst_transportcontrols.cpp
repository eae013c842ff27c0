// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The transport as a class uses it from the keyboard: every toolbar action's shortcut works
// wherever the focus is — the Seed field, the Log's filter, a scenario editor field, the lesson's
// answer field, the diagram, a floating dock — while a text field still types its spaces; New
// seed starts the scenario again with another seed shown everywhere, and Reset keeps the seed.

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include "TestData.h"
#include "lab/BuiltinScenarios.h"
#include "ui/common/LabController.h"
#include "ui/common/ShortcutPriority.h"
#include "ui/diagram/SequenceDiagramView.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/log/LogView.h"
#include "ui/scenario/ScenarioEditor.h"
#include "ui/window/MainWindow.h"
#include "ui/window/TransportControls.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

void settle(MainWindow& window) {
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
}

void open(MainWindow& window, const char* scenario, std::uint64_t seed) {
    window.fitTo(QSize(1600, 960)); // the full layout: every toolbar field and dock in sight
    window.start(*lab::builtinScenario(scenario), seed);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    settle(window);
}

std::uint64_t seedOf(const MainWindow& window) {
    std::uint64_t seed = 0;
    window.controller().read([&seed](const lab::Lab& lab) { seed = lab.seed(); });
    return seed;
}

std::size_t stepsOf(const MainWindow& window) {
    std::size_t steps = 0;
    window.controller().read([&steps](const lab::Lab& lab) { steps = lab.stepCount(); });
    return steps;
}

QString statusText(const MainWindow& window) {
    QString text;
    for (const QLabel* label : window.statusBar()->findChildren<QLabel*>()) text += label->text() + '\n';
    return text;
}

// Sends `keys` to the focused widget as the keyboard would (the shortcut map included).
void press(QWidget* focus, const QKeySequence& keys) {
    const QKeyCombination combination = keys[0];
    QTest::keyClick(focus, combination.key(), combination.keyboardModifiers());
}

} // namespace

class TestTransportControls : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path()); }

    // Every ready-made scenario fixes its seed: New seed must still give another one, and the
    // seed field, the status bar and the title must all say which.
    void newSeedDrawsAnotherSeedAndResetKeepsIt() {
        MainWindow window;
        open(window, "main-quick", 1);
        TransportControls& transport = *window.transport();
        QSet<std::uint64_t> seen{1};
        for (int i = 0; i < 3; ++i) {
            transport.newSeedAction()->trigger();
            settle(window);
            const std::uint64_t seed = seedOf(window);
            QVERIFY2(!seen.contains(seed), qPrintable(QString::number(seed)));
            seen.insert(seed);
            QCOMPARE(transport.seedEdit()->text(), QString::number(seed));
            QVERIFY2(window.windowTitle().contains(QStringLiteral("seed %1").arg(seed)),
                     qPrintable(window.windowTitle()));
            QVERIFY2(statusText(window).contains(QStringLiteral("seed %1").arg(seed)), qPrintable(statusText(window)));
        }
        // Reset: the first step again, with the same seed.
        const std::uint64_t seed = seedOf(window);
        for (int i = 0; i < 4; ++i) transport.stepAction()->trigger();
        settle(window);
        QCOMPARE(stepsOf(window), std::size_t{4});
        transport.resetAction()->trigger();
        settle(window);
        QCOMPARE(stepsOf(window), std::size_t{0});
        QCOMPARE(seedOf(window), seed);
        QCOMPARE(transport.seedEdit()->text(), QString::number(seed));
        // The tooltip names its shortcut, like every transport action's.
        QVERIFY(!transport.newSeedAction()->shortcuts().isEmpty());
        QVERIFY(transport.newSeedAction()->toolTip().contains(
            transport.newSeedAction()->shortcuts().first().toString(QKeySequence::NativeText)));
    }

    // A projector's text size (16 points) on a lab PC's 1366-pixel screen: the toolbar drops the
    // text beside its icons (the tooltips keep it) rather than hide the Seed field and New seed
    // behind its » menu; with room again, the text comes back.
    void toolbarFitsAProjectorsTextSize() {
        QSettings().clear();
        MainWindow window;
        window.fitTo(QSize(1366, 768 - 30));
        window.start(*lab::builtinScenario("main-quick"), 1);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        settle(window);
        auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("labToolBar"));
        QVERIFY(toolbar);
        TransportControls& transport = *window.transport();
        auto inSight = [&] {
            QStringList hidden;
            if (!transport.seedEdit()->isVisible()) hidden << QStringLiteral("the Seed field");
            for (QAction* a : transport.actions())
                if (!toolbar->widgetForAction(a) || !toolbar->widgetForAction(a)->isVisible()) hidden << a->text();
            if (auto* more = toolbar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
                more && more->isVisible())
                hidden << QStringLiteral("(the » button is shown)");
            return hidden.join(QStringLiteral(", "));
        };
        QCOMPARE(window.width(), 1366);
        // The text size is a setting: the next tests get the normal size back, whatever happens here.
        const auto normalText = qScopeGuard([&window] {
            window.setTextSize(0);
            QSettings().clear();
        });
        window.setTextSize(16);
        settle(window);
        // The toolbar measures itself once its buttons have the new font (an event later).
        QTRY_VERIFY2(inSight().isEmpty(), qPrintable(inSight()));
        QCOMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonIconOnly);
        QVERIFY(toolbar->iconSize().height() >= toolbar->fontMetrics().height() - 2); // icons grow with the text
        QVERIFY(toolbar->rect().contains(
            QRect(transport.seedEdit()->mapTo(toolbar, QPoint(0, 0)), transport.seedEdit()->size())));
        for (QAction* a : transport.actions()) QVERIFY(!a->toolTip().isEmpty());
        window.setTextSize(0);
        settle(window);
        QTRY_COMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
        QVERIFY2(inSight().isEmpty(), qPrintable(inSight()));
    }

    // Each shortcut of each toolbar action, pressed with the focus in each place a user types or
    // clicks, triggers its action once — and a text field keeps what it had (no word jump, no
    // typed character).
    void everyToolbarShortcutWorksFromAnyFocus() {
        MainWindow window;
        open(window, "main-quick", 1);
        TransportControls& transport = *window.transport();
        // Lesson 2 asks for a value early on: its answer field is one of the places.
        auto* lessons = window.lessonPanel();
        QString error;
        QVERIFY2(lessons->openById(QStringLiteral("2"), test::sourceDir().toStdString() + "/lessons", &error),
                 qPrintable(error));
        settle(window);
        window.raiseDock(QStringLiteral("lesson"));
        auto* answer = window.findChild<QLineEdit*>(QStringLiteral("lessonValue"));
        QVERIFY(answer);
        for (int i = 0; i < 10 && !answer->isVisible(); ++i) {
            lessons->next();
            settle(window);
        }
        // A lesson's reading part may leave no lab: the transport needs one.
        window.start(*lab::builtinScenario("main-quick"), 1);
        settle(window);
        window.raiseDock(QStringLiteral("scenario"));
        QList<QPair<QString, QWidget*>> places = {
            {"seed field", transport.seedEdit()},
            {"log filter", window.logView()->filterEdit()},
            {"scenario editor field", window.scenarioEditor()->field(QStringLiteral("/siteA/psk"))},
            {"scenario editor spin box", window.scenarioEditor()->field(QStringLiteral("/traffic/count"))},
            {"lesson answer field", answer},
            {"diagram", window.diagramView()},
        };
        for (const auto& [name, widget] : places) {
            QVERIFY2(widget && widget->isVisible(), qPrintable(name));
            for (QAction* action : transport.actions()) {
                for (const QKeySequence& keys : action->shortcuts()) {
                    // A lab with somewhere to go: a few steps in, not playing.
                    transport.resetAction()->trigger();
                    settle(window);
                    transport.stepAction()->trigger();
                    transport.stepAction()->trigger();
                    settle(window);
                    widget->activateWindow();
                    widget->setFocus(Qt::ShortcutFocusReason);
                    QTRY_VERIFY2(widget->hasFocus(), qPrintable(name));
                    auto* edit = qobject_cast<QLineEdit*>(widget);
                    if (edit) {
                        edit->setText(QStringLiteral("12 34"));
                        edit->setCursorPosition(0);
                    }
                    const bool typed =
                        keys == QKeySequence(Qt::Key_Space) &&
                        ShortcutPriority::widgetTakesPlainKey(widget, QKeyEvent(QEvent::KeyPress, Qt::Key_Space,
                                                                                Qt::NoModifier, QStringLiteral(" ")));
                    QSignalSpy triggered(action, &QAction::triggered);
                    press(widget, keys);
                    settle(window);
                    const QString what = QStringLiteral("%1 with the focus in the %2").arg(keys.toString(), name);
                    if (typed) {
                        // Space in a text field is a space; Play keeps F5 there.
                        QCOMPARE(triggered.count(), 0);
                        continue;
                    }
                    QVERIFY2(triggered.count() == 1, qPrintable(what + " did not trigger " + action->text()));
                    if (edit && edit != transport.seedEdit()) {
                        QCOMPARE(edit->text(), QStringLiteral("12 34"));
                        QCOMPARE(edit->cursorPosition(), 0);
                    }
                    if (window.controller().playing()) {
                        transport.playAction()->trigger();
                        settle(window);
                    }
                }
            }
        }
        // And the effect, once: Ctrl+Right from the seed field steps the lab, Ctrl+End runs it out.
        transport.resetAction()->trigger();
        settle(window);
        transport.seedEdit()->setFocus();
        press(transport.seedEdit(), QKeySequence(Qt::CTRL | Qt::Key_Right));
        settle(window);
        QCOMPARE(stepsOf(window), std::size_t{1});
        press(transport.seedEdit(), QKeySequence(Qt::CTRL | Qt::Key_End));
        settle(window);
        bool finished = false;
        window.controller().read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
        QVERIFY(finished);
    }

    // A dock pulled out of the window is a window of its own: its fields still drive the lab.
    void shortcutsWorkFromAFloatingDock() {
        MainWindow window;
        open(window, "main-quick", 1);
        QDockWidget* log = window.dock(QStringLiteral("log"));
        log->setFloating(true);
        log->show();
        log->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(log));
        QLineEdit* filter = window.logView()->filterEdit();
        filter->setFocus();
        QTRY_VERIFY(filter->hasFocus());
        const std::size_t before = stepsOf(window);
        press(filter, QKeySequence(Qt::CTRL | Qt::Key_Right));
        settle(window);
        QCOMPARE(stepsOf(window), before + 1);
        // Space types in the filter, Play does not start.
        QTest::keyClick(filter, Qt::Key_Space);
        settle(window);
        QVERIFY(!window.controller().playing());
        QVERIFY(filter->text().endsWith(' '));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestTransportControls)
#include "tst_transportcontrols.moc"
