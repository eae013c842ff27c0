// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The window in a classroom: on a 1366×768 lab PC and a 1280×720 projector the window fits the
// screen with its default layout; through every lesson, step by step, the diagram keeps
// all five lanes in view and at least 480 px; hovering a byte widens no dock; a dock narrowed by
// hand stays narrow; Reset puts back the default for the size; Tab reaches every control and shows
// where the focus is. A fixed font (DejaVu Sans 10 pt) keeps the figures stable.

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessible>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QGraphicsView>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <map>
#include <set>

#include "TestData.h"
#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "lesson/LessonPlayer.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/HexView.h"
#include "ui/common/LabController.h"
#include "ui/common/SequenceDiagramPainter.h"
#include "ui/diagram/SequenceDiagramView.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/log/LogView.h"
#include "ui/packet/PacketDock.h"
#include "ui/packet/PacketView.h"
#include "ui/window/MainWindow.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// What a window manager's title bar takes from the screen's height.
constexpr int kTitleBar = 32;
const char* const kDocks[] = {"packet", "keys", "replay", "scenario", "log", "lesson"};

std::string lessonsDir() { return (test::sourceDir() + "/lessons").toStdString(); }

void settle(MainWindow& window) {
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
}

// The test's screens (main() below): a lab PC's 1366×768, a projector's 1280×720 beside it.
QScreen* screenOfSize(QSize size) {
    for (QScreen* s : QGuiApplication::screens())
        if (s->size() == size) return s;
    return QGuiApplication::primaryScreen();
}

void openAt(MainWindow& window, QSize screen, const std::string& scenario = "main-quick") {
    window.setScreen(screenOfSize(screen));
    window.move(window.screen()->geometry().topLeft());
    window.fitTo(screen - QSize(0, kTitleBar));
    window.start(*lab::builtinScenario(scenario), 1);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    settle(window);
}

// The diagram shows Host A to Host B without scrolling sideways, and is at least 480 px wide.
QString lanesProblem(const SequenceDiagramView& view) {
    const SequenceDiagramPainter& painter = view.diagramPainter();
    const int width = view.viewport()->width();
    if (width < 480) return QStringLiteral("the diagram is %1 px wide").arg(width);
    if (view.horizontalScrollBar()->maximum() > 0)
        return QStringLiteral("the diagram scrolls sideways at %1 px (drawn %2 px wide)")
            .arg(width)
            .arg(painter.width());
    if (painter.laneX(Lane::HostA) < 0 || painter.laneX(Lane::HostB) >= width)
        return QStringLiteral("lanes at %1..%2 of %3 px")
            .arg(painter.laneX(Lane::HostA))
            .arg(painter.laneX(Lane::HostB))
            .arg(width);
    return {};
}

// A dock the user sees: shown, and the current tab of its group (the others keep an old geometry).
bool inSight(QDockWidget* dock) { return dock->isVisible() && !dock->visibleRegion().isEmpty(); }

std::map<QString, QSize> dockSizes(MainWindow& window) {
    std::map<QString, QSize> sizes;
    for (const char* name : kDocks)
        if (inSight(window.dock(name))) sizes[name] = window.dock(name)->size();
    return sizes;
}

// Where each dock is: its area, floating or not, shown or not, its tab group, its size.
QStringList describeLayout(MainWindow& window) {
    QStringList lines;
    for (const char* name : kDocks) {
        QDockWidget* d = window.dock(name);
        QStringList tabs;
        for (QDockWidget* t : window.tabifiedDockWidgets(d)) tabs << t->objectName();
        tabs.sort();
        // The sizes of the docks in sight (a tab behind another keeps an old one), within a few pixels.
        lines << QStringLiteral("%1 area %2 floating %3 hidden %4 tabs [%5] size %6")
                     .arg(name)
                     .arg(int(window.dockWidgetArea(d)))
                     .arg(d->isFloating())
                     .arg(d->isHidden())
                     .arg(tabs.join(','))
                     .arg(inSight(d) ? QStringLiteral("%1x%2").arg(d->width() / 8).arg(d->height() / 8)
                                     : QStringLiteral("behind"));
    }
    return lines;
}

} // namespace

class TestWindowLayout : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 10));
    }

    void screens_data() {
        QTest::addColumn<QSize>("screen");
        QTest::newRow("1366x768") << QSize(1366, 768);
        QTest::newRow("1280x720") << QSize(1280, 720);
    }

    // The window's minimum size, with the default layout, fits a small screen; the compact layout is chosen.
    void fitsTheScreen_data() { screens_data(); }
    void fitsTheScreen() {
        QFETCH(QSize, screen);
        MainWindow window;
        openAt(window, screen);
        const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
        QCOMPARE(window.screen()->size(), screen);
        qInfo() << "minimum window size" << minimum << "diagram minimum"
                << window.diagramView()->diagramPainter().minimumWidth();
        QVERIFY2(minimum.width() <= screen.width() && minimum.height() <= screen.height() - kTitleBar,
                 qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
        QCOMPARE(window.size(), screen - QSize(0, kTitleBar));
        QCOMPARE(window.dockLayout(), MainWindow::DockLayout::Compact);
        QVERIFY2(lanesProblem(*window.diagramView()).isEmpty(), qPrintable(lanesProblem(*window.diagramView())));
        // Every dock is there, none floating; the status line is inside the window.
        for (const char* name : kDocks)
            QVERIFY2(!window.dock(name)->isHidden() && !window.dock(name)->isFloating(), name);
        // Each dock brought to the front (after a run with an attack, so the Anti-replay dock is
        // full) fits its width: nothing in it scrolls sideways, except what is made to pan (a
        // table's columns, the hex rows, the derivation graph's canvas).
        window.controller().inject(*lab::AttackSpec::parse("replay:seq=2"));
        window.controller().runToEnd();
        settle(window);
        for (const char* name : kDocks) {
            window.raiseDock(QLatin1String(name));
            QCoreApplication::processEvents();
            for (const auto* area : window.dock(QLatin1String(name))->findChildren<QAbstractScrollArea*>())
                if (area->isVisible() && area->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff &&
                    !qobject_cast<const QAbstractItemView*>(area) && !qobject_cast<const HexView*>(area) &&
                    !qobject_cast<const QGraphicsView*>(area))
                    QVERIFY2(!area->horizontalScrollBar()->isVisible(),
                             qPrintable(QStringLiteral("the %1 dock's %2 scrolls sideways")
                                            .arg(QLatin1String(name), QLatin1String(area->metaObject()->className()))));
        }
        QVERIFY(window.grab().save(QStringLiteral("%1/layout-%2x%3.png")
                                       .arg(QCoreApplication::applicationDirPath())
                                       .arg(screen.width())
                                       .arg(screen.height())));
    }

    // A new window on a small screen opens maximized, its status line on the screen.
    void opensWithinASmallScreen() {
        MainWindow window;
        QCOMPARE(window.screen()->size(), QSize(1366, 768)); // the primary screen
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isMaximized());
        QVERIFY(window.height() <= 768 && window.width() <= 1366);
        QCOMPARE(window.dockLayout(), MainWindow::DockLayout::Compact);
    }

    // Every lesson, step after step: all five lanes in view, and no dock grew.
    void lanesStayInViewThroughLessons_data() {
        QTest::addColumn<QSize>("screen");
        QTest::addColumn<QString>("lesson");
        for (const QSize size : {QSize(1366, 768), QSize(1280, 720)})
            for (const char* lesson : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"})
                QTest::addRow("%dx%d lesson %s", size.width(), size.height(), lesson) << size << QString(lesson);
    }
    void lanesStayInViewThroughLessons() {
        QFETCH(QSize, screen);
        QFETCH(QString, lesson);
        QSettings().clear(); // every lesson from its first step
        MainWindow window;
        openAt(window, screen);
        auto* panel = window.lessonPanel();
        QString error;
        QVERIFY2(panel->openById(lesson, lessonsDir(), &error), qPrintable(error));
        settle(window);
        const std::map<QString, QSize> before = dockSizes(window);
        int steps = 1;
        do {
            settle(window);
            QTRY_VERIFY(panel->highlightsDone()); // the step's highlight (selection, the dock it brings forward) landed
            settle(window);
            const QString problem = lanesProblem(*window.diagramView());
            QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("step %1: %2").arg(steps).arg(problem)));
            // The lesson itself fits its dock: nothing scrolls sideways, and Back / Next are in view.
            if (QDockWidget* dock = window.dock(QStringLiteral("lesson"));
                dock->isVisible() && !dock->visibleRegion().isEmpty()) {
                for (const auto* area : dock->findChildren<QAbstractScrollArea*>())
                    // A table in a step's text may pan inside the text view, as tables do.
                    if (area->isVisible() && area->objectName() != QStringLiteral("lessonHighlights") &&
                        !qobject_cast<const QTextBrowser*>(area)) {
                        QString widest;
                        int widestWidth = 0;
                        for (const QWidget* w : dock->findChildren<QWidget*>())
                            if (w->isVisible() && w->minimumSizeHint().width() > widestWidth) {
                                widestWidth = w->minimumSizeHint().width();
                                widest = QStringLiteral("%1 %2").arg(w->metaObject()->className(), w->objectName());
                            }
                        QVERIFY2(!area->horizontalScrollBar()->isVisible(),
                                 qPrintable(QStringLiteral(
                                                "step %1: %2 in the Lesson dock scrolls sideways (widest: %3, %4 px)")
                                                .arg(steps)
                                                .arg(area->metaObject()->className())
                                                .arg(widest)
                                                .arg(widestWidth)));
                    }
                for (const char* button : {"lessonNext", "lessonBack"}) {
                    auto* b = panel->findChild<QPushButton*>(QLatin1String(button));
                    const QRect inDock(b->mapTo(dock, QPoint()), b->size());
                    QVERIFY2(dock->rect().contains(inDock),
                             qPrintable(
                                 QStringLiteral("step %1: %2 is out of sight").arg(steps).arg(QLatin1String(button))));
                }
            }
            for (const auto& [name, size] : dockSizes(window))
                if (before.count(name))
                    QVERIFY2(size.width() <= before.at(name).width() + 2,
                             qPrintable(QStringLiteral("step %1: the %2 dock grew from %3 to %4 px")
                                            .arg(steps)
                                            .arg(name)
                                            .arg(before.at(name).width())
                                            .arg(size.width())));
            ++steps;
        } while (panel->next());
        QVERIFY(panel->player()->atEnd());
        qInfo() << "lesson" << lesson << "steps" << steps - 1 << "diagram" << window.diagramView()->viewport()->width();
    }

    // Hovering every byte of the packet's hex panes names its field and widens no dock.
    void hoveringBytesWidensNoDock() {
        MainWindow window;
        openAt(window, QSize(1366, 768));
        for (int i = 0; i < 25; ++i) window.controller().step();
        settle(window);
        QTest::qWait(200); // the window has followed the newest packet
        QVERIFY(window.selectPacket(QStringLiteral("QM1")));
        window.raiseDock(QStringLiteral("packet"));
        settle(window);
        const std::map<QString, QSize> before = dockSizes(window);
        const int diagram = window.diagramView()->width();
        PacketView* packet = window.packetDock()->packetView();
        QString longest;
        QCOMPARE(packet->model()->layers().size(), std::size_t{2}); // on the wire and decrypted
        for (int layer = 0; layer < 2; ++layer) {
            HexView* hex = packet->hexView(layer);
            for (std::size_t offset = 0; offset < hex->bytes().size(); ++offset) {
                hex->setHighlight(offset, 1); // scrolls the byte into view
                QTest::mouseMove(hex->viewport(), hex->hexRect(offset).center());
                QCoreApplication::processEvents();
                if (packet->hoverText().size() > longest.size()) longest = packet->hoverText();
            }
        }
        QVERIFY2(longest.size() > 60, qPrintable(longest)); // long enough to have widened the dock before
        QCOMPARE(dockSizes(window), before);
        QCOMPARE(window.diagramView()->width(), diagram);
    }

    // A dock narrowed by hand stays as narrow while a lesson moves on (and its lab with it).
    void narrowedDockStaysNarrow() {
        QSettings().clear();
        MainWindow window;
        openAt(window, QSize(1600, 992));
        QCOMPARE(window.dockLayout(), MainWindow::DockLayout::Full);
        auto* panel = window.lessonPanel();
        QVERIFY(panel->openById(QStringLiteral("1"), lessonsDir()));
        QDockWidget* lesson = window.dock(QStringLiteral("lesson"));
        QDockWidget* packet = window.dock(QStringLiteral("packet"));
        window.resizeDocks({lesson, packet}, {200, 420}, Qt::Horizontal); // as a drag of the separators does
        settle(window);
        const int lessonWidth = lesson->width();
        const int packetWidth = packet->width();
        QVERIFY(lessonWidth < 230);
        for (int i = 0; i < 6 && panel->next(); ++i) {
            settle(window);
            QTRY_VERIFY(panel->highlightsDone());
            settle(window);
            QCOMPARE(lesson->width(), lessonWidth);
            QCOMPARE(packet->width(), packetWidth);
        }
    }

    // View › Reset the layout: exactly where a new window at this size starts, whatever was moved.
    void resetRestoresTheDefault_data() {
        QTest::addColumn<QSize>("screen");
        QTest::newRow("1366x768 compact") << QSize(1366, 768);
        QTest::newRow("1600x992 full") << QSize(1600, 992);
    }
    void resetRestoresTheDefault() {
        QFETCH(QSize, screen);
        QStringList fresh;
        {
            MainWindow window;
            openAt(window, screen);
            fresh = describeLayout(window);
        }
        MainWindow window;
        openAt(window, screen);
        window.dock("keys")->setFloating(true);
        window.removeDockWidget(window.dock("log"));
        window.addDockWidget(Qt::LeftDockWidgetArea, window.dock("log"));
        window.dock("log")->show();
        window.dock("replay")->close();
        window.resizeDocks({window.dock("lesson")}, {150}, Qt::Horizontal);
        settle(window);
        QVERIFY(describeLayout(window) != fresh);
        auto* reset = window.findChild<QAction*>(QStringLiteral("resetLayout"));
        QVERIFY(reset);
        reset->trigger();
        settle(window);
        QCOMPARE(describeLayout(window), fresh);
    }

    // Tab from control to control, with each dock in front in turn: each control it reaches
    // shows that it has the focus (some of its pixels change), and it reaches every control in sight.
    void tabShowsWhereTheFocusIs() {
        QSettings().clear();
        MainWindow window;
        openAt(window, QSize(1366, 768));
        auto* lessons = window.lessonPanel();
        QVERIFY(lessons->openById(QStringLiteral("3"), lessonsDir()));
        for (int i = 0; i < 3; ++i) QVERIFY(lessons->next()); // a step with a question
        settle(window);
        QTRY_VERIFY(lessons->highlightsDone());
        QVERIFY(window.selectPacket(QStringLiteral("MM3")));
        settle(window);
        QStringList invisible;
        QStringList missed;
        int reachedTotal = 0;
        const int sideWidth = window.dock("packet")->width();
        for (const char* name : kDocks) {
            window.raiseDock(name);
            QTest::qWait(50); // the dock's content laid out
            if (std::string_view(name) != "lesson") QCOMPARE(window.dock(name)->width(), sideWidth);
            window.diagramView()->setFocus(Qt::TabFocusReason);
            QCoreApplication::processEvents();
            std::set<QWidget*> reached;
            QWidget* first = nullptr;
            for (int press = 0; press < 300; ++press) {
                const QImage before = window.grab().toImage();
                QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : &window, Qt::Key_Tab);
                QCoreApplication::processEvents();
                QWidget* now = QApplication::focusWidget();
                QVERIFY2(now,
                         qPrintable(
                             QStringLiteral("%1 in front, press %2: the focus left the window").arg(name).arg(press)));
                if (now == first) break;
                if (!first) first = now;
                const QImage after = window.grab().toImage();
                const QRect area = QRect(now->mapTo(&window, QPoint(0, 0)), now->size())
                                       .adjusted(-3, -3, 3, 3)
                                       .intersected(window.rect());
                int changed = 0;
                for (int y = area.top(); y <= area.bottom(); ++y)
                    for (int x = area.left(); x <= area.right(); ++x)
                        changed += before.pixel(x, y) != after.pixel(x, y);
                if (changed == 0)
                    invisible << QStringLiteral("%1 in front, press %2: %3 %4 at %5,%6")
                                     .arg(name)
                                     .arg(press)
                                     .arg(now->metaObject()->className(), now->objectName())
                                     .arg(area.x())
                                     .arg(area.y());
                reached.insert(now);
            }
            for (QWidget* w : window.findChildren<QWidget*>())
                if (w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() &&
                    !w->visibleRegion().isEmpty() && !reached.count(w))
                    missed << QStringLiteral("%1: %2 %3").arg(name, w->metaObject()->className(), w->objectName());
            reachedTotal += static_cast<int>(reached.size());
        }
        QVERIFY2(invisible.isEmpty(), qPrintable(invisible.join(", ")));
        QVERIFY2(missed.isEmpty(), qPrintable(missed.join(", ")));
        qInfo() << "Tab reached" << reachedTotal << "controls over the six docks in front";
    }

    // A screen reader finds the diagram as a list of its rows (the selected one focused), the
    // custom views by name and description, and Ctrl+Shift+L takes the keyboard to the Log.
    // A projector's text size (16 points) on a lab PC's screen: the side column stacks the lesson
    // above the inspectors, the diagram keeps its five lanes, the hex panes and the dock titles grow
    // with the text, and a step that brings the Keys dock forward leaves the lesson in sight.
    void projectorTextScalesAndKeepsTheLessonInSight() {
        QSettings().clear();
        MainWindow window;
        openAt(window, QSize(1366, 768));
        auto* panel = window.lessonPanel();
        QString error;
        QVERIFY2(panel->openById(QStringLiteral("3"), lessonsDir(), &error), qPrintable(error));
        settle(window);
        window.setTextSize(16);
        settle(window);
        QCOMPARE(window.dockLayout(), MainWindow::DockLayout::Stacked);
        QVERIFY(panel->goTo(3)); // SKEYID and its children: the Keys dock comes forward
        settle(window);
        QTRY_VERIFY(panel->highlightsDone());
        settle(window);
        QVERIFY2(lanesProblem(*window.diagramView()).isEmpty(), qPrintable(lanesProblem(*window.diagramView())));
        QVERIFY(inSight(window.dock(QStringLiteral("keys"))));
        QVERIFY(inSight(window.dock(QStringLiteral("lesson"))));
        QVERIFY(window.findChild<HexView*>()->font().pointSizeF() >= 15);
        QVERIFY(QFontInfo(window.dock(QStringLiteral("lesson"))->font()).pointSizeF() >= 15);
        window.setTextSize(0);
        QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 10));
    }

    void accessibleToScreenReaders() {
        MainWindow window;
        openAt(window, QSize(1366, 768));
        for (int i = 0; i < 8; ++i) window.controller().step();
        settle(window);
        QTest::qWait(200);
        QVERIFY(window.selectPacket(QStringLiteral("MM3")));
        SequenceDiagramView* view = window.diagramView();
        QAccessibleInterface* diagram = QAccessible::queryAccessibleInterface(view);
        QVERIFY(diagram);
        QCOMPARE(diagram->role(), QAccessible::List);
        QVERIFY(!diagram->text(QAccessible::Name).isEmpty() && !diagram->text(QAccessible::Description).isEmpty());
        QCOMPARE(diagram->childCount(), int(window.diagram().rowCount()));
        for (int r = 0; r < diagram->childCount(); ++r) {
            const DiagramRow& row = window.diagram().row(r);
            QCOMPARE(diagram->child(r)->text(QAccessible::Name),
                     row.kind == DiagramRow::Kind::Phase ? row.label : row.caption());
            QCOMPARE(diagram->indexOfChild(diagram->child(r)), r);
        }
        QAccessibleInterface* selected = diagram->focusChild();
        QVERIFY(selected);
        QVERIFY2(selected->text(QAccessible::Name).startsWith("MM3"), qPrintable(selected->text(QAccessible::Name)));
        QVERIFY2(selected->text(QAccessible::Description).contains("Site A → Site B"),
                 qPrintable(selected->text(QAccessible::Description)));
        QVERIFY(selected->state().selected);
        QCOMPARE(diagram->childAt(selected->rect().center().x(), selected->rect().center().y()), selected);
        // Stepping on rebuilds nothing it should not, and a new lab forgets the old rows.
        window.controller().step();
        settle(window);
        QCOMPARE(diagram->childCount(), int(window.diagram().rowCount()));

        std::vector<QWidget*> named{view, window.packetDock()->packetView()->hexView(0)};
        window.raiseDock("keys");
        QCoreApplication::processEvents();
        for (const char* type : {"ipseclab::ui::DerivationGraph", "ipseclab::ui::DerivationDetails",
                                 "ipseclab::ui::DhPanel", "ipseclab::ui::DhToyPanel"})
            for (QWidget* w : window.findChildren<QWidget*>())
                if (QLatin1String(w->metaObject()->className()) == QLatin1String(type)) named.push_back(w);
        QCOMPARE(named.size(), std::size_t{6});
        for (QWidget* w : named) {
            QAccessibleInterface* a = QAccessible::queryAccessibleInterface(w);
            QVERIFY2(a && !a->text(QAccessible::Name).isEmpty() && !a->text(QAccessible::Description).isEmpty(),
                     w->metaObject()->className());
        }

        view->setFocus();
        QTest::keyClick(view, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QCoreApplication::processEvents();
        QCOMPARE(QApplication::focusWidget(), window.logView()->table());
        QVERIFY(window.dock("log")->widget()->isEnabled()); // in front
    }

private:
    QTemporaryDir m_settings;
};

// Two screens, as the classroom has them: the lab PC (primary) and the projector.
int main(int argc, char** argv) {
    QTemporaryDir dir;
    QFile config(dir.filePath(QStringLiteral("screens.json")));
    if (!config.open(QIODevice::WriteOnly)) return 1;
    config.write(R"({"screens": [
        {"name": "lab-pc", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96},
        {"name": "projector", "x": 1366, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96}]})");
    config.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.fileName().toLocal8Bit());
    QApplication app(argc, argv);
    TestWindowLayout test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_windowlayout.moc"
