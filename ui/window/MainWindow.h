// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The application window: the sequence diagram in the middle; the inspectors docked and tabbed
// around it (Packet, Keys, Anti-replay, Scenario; the Log below); the transport in the toolbar,
// the Lab menu and on the keyboard; the File menu's exports (the capture with its key files, the
// diagram as PNG or SVG, the session report as HTML or PDF); the View menu's light and dark
// palettes and text size; a student's lab opened with a lab code, and teacher mode
// (MainWindowStudent.cpp). Layout, theme, text size, speed, teacher mode, the lab code and the last scenario persist
// (QSettings) when restoreSettings() was called — the command line's screenshots and the tests
// leave the user's settings alone.

#include <QMainWindow>

#include <cstdint>
#include <optional>

#include "base/Error.h"
#include "classroom/ClassFile.h"
#include "lab/Scenario.h"
#include "ui/common/AppTheme.h"
#include "ui/report/SessionReport.h"

class QDockWidget;
class QLabel;

namespace ipseclab::ui {

class DiagramRows;
class ElidedLabel;
class EventSelection;
class LabController;
class LessonPanel;
class LogView;
class PacketDock;
class RunProgress;
class ScenarioEditor;
class SequenceDiagramView;
class StudentSession;
class Throttle;
class TransportControls;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads `scenario` (none: the last one used, else main-quick) with `seed` (none: the scenario's).
    void start(std::optional<lab::Scenario> scenario = std::nullopt, std::optional<std::uint64_t> seed = std::nullopt);
    // The window at `size`, not maximized (--size, the tests); before show(). Otherwise it opens at
    // 1600×960, or maximized on a smaller screen.
    void fitTo(const QSize& size);
    // Restores the layout, theme, text size, speed and last scenario, and saves them on close.
    void restoreSettings();

    LabController& controller() const { return *m_controller; }
    EventSelection& selection() const { return *m_selection; }
    const DiagramRows& diagram() const { return *m_diagram; }
    SequenceDiagramView* diagramView() const { return m_diagramView; }
    PacketDock* packetDock() const { return m_packetDock; }
    LogView* logView() const { return m_logView; }
    RunProgress* runProgress() const { return m_runProgress; }
    LessonPanel* lessonPanel() const { return m_lessonPanel; }
    ScenarioEditor* scenarioEditor() const { return m_scenarioEditor; }
    TransportControls* transport() const { return m_transport; }
    // The docks by name: "packet", "keys", "replay", "log", "scenario", "lesson".
    QDockWidget* dock(const QString& name) const;
    bool raiseDock(const QString& name);
    // The default arrangements of the docks (arrangeDocks() says which is which), chosen by the
    // window's width: Full from kCompactBelow pixels, Compact from kStackedBelow, else Stacked — for
    // 10-point text, proportionally more for larger text.
    enum class DockLayout { Full, Compact, Stacked };
    static constexpr int kCompactBelow = 1440;
    static constexpr int kStackedBelow = 1100;
    static DockLayout layoutFor(int width);
    // The docks where they start for the window's width and text size (View › Reset the layout).
    void applyDefaultLayout();
    DockLayout dockLayout() const { return m_layout; }
    const lab::Scenario& scenario() const { return m_scenario; }

    // Selects the last packet whose label starts with `label` ("MM5", "ESP seq 2"); false if none.
    bool selectPacket(const QString& label);
    void setTheme(Theme theme);
    Theme theme() const { return m_theme; }
    void setTextSize(double points);

    // The exports, without dialogs (the File menu asks for the paths, then calls these); each
    // tells the status bar where its file went. The capture answers later (LabController::exported
    // / failed), the page too (pageExportEnded); the others at once.
    void exportCapture(const QString& capturePath);
    bool exportDiagram(const QString& path, QString* error = nullptr);
    bool exportReport(const QString& path, QString* error = nullptr, const SessionReport::Options& options = {});
    // The run as the Illustrated IPsec page: the bytes `ipsec-lab --headless --html` writes for it (with a
    // lesson's lab open, the lesson's page, as `--lesson ID --html` writes it for the same seed). Made on
    // the lab's worker (a lesson's page replays the lesson), with the run bar's progress and Cancel; an
    // error is shown in a message box.
    void exportPage(const QString& path);
    // What to tell a user about a capture exported with its keys: how Wireshark decrypts it.
    // `esn`: an ESP SA of the capture uses extended sequence numbers, which Wireshark 4.2 and older cannot check.
    static QString wiresharkNote(const QString& capturePath, const QString& keysFolder, bool esn);

    // A student's lab (File › Open lab code, --code, --card): the code's seed is the lab's and every
    // lesson's (New seed and the seed field say so), the class's settings hold, the status bar and
    // every export name the student, each answer is recorded for Hand in, and the Teacher menu is
    // gone. False with `error` (decodeLabCode's message) when the code does not decode.
    bool openStudentLab(const classroom::LabCard& card, QString* error = nullptr);
    // File › Close the lab code: the window as before it (the recorded answers stay on disk).
    void closeStudentLab();
    StudentSession& student() const { return *m_student; }
    // File › Hand in, without its dialog: the results file written to `path`.
    bool handIn(const QString& path, QString* error = nullptr);
    // The Teacher menu of the Lesson dock (View › Teacher mode, --teacher); never in a student's lab.
    void setTeacherMode(bool on);
    bool teacherMode() const;

signals:
    // exportPage() ended: the page written (no error, not cancelled), or not.
    void pageExportEnded(const QString& path, const QString& error, bool cancelled);

protected:
    void setVisible(bool visible) override;
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private slots:
    // What the menus' actions do (createActions() names each action).
    void openScenario();
    void askExportCapture();
    void askExportDiagram();
    void askExportReport();
    void askExportPage();
    void editScenario();
    void browseLessons();
    void showEventList();
    void useLightTheme();
    void useDarkTheme();
    void largerText();
    void smallerText();
    void normalText();
    void toggleFullScreen();
    void showShortcuts();
    void showGlossary();
    void showTeachersGuide();
    void showAbout();
    void askOpenLabCode();
    void askHandIn();

private:
    void pageExported(const QString& path, bool cancelled, const std::optional<Error>& error);
    // Room left for a window manager's title bar when the window is sized to fit the screen.
    static constexpr int kTitleBarAllowance = 40;
    static constexpr QSize kPreferredSize{1600, 960};

    QDockWidget* addDock(const QString& name, const QString& title, QWidget* widget);
    QSize availableSize() const; // of the window's screen
    void keepTabTitlesWhole();
    void arrangeDocks(); // which dock goes where, without sizes
    QAction* makeAction(const char* name, const QString& text, void (MainWindow::*slot)(),
                        const QList<QKeySequence>& shortcuts = {}, const QString& statusTip = {});
    void createActions();
    void buildMenus(); // the menus from createActions()'s actions and the transport's
    QString exportFileName(const QString& what, const QString& suffix) const;
    void askAndWrite(const QString& title, const QString& name, const QString& filters,
                     bool (MainWindow::*write)(const QString&, QString*));
    void load(const lab::Scenario& scenario, std::optional<std::uint64_t> seed);
    void followNewestPacket();
    void updateStatus();
    void updateStudentState(); // the actions, the seed and the status bar for the student's lab (or none)
    void restartLabForSeed(std::optional<std::uint64_t> seed); // when a lab code comes or goes

    LabController* m_controller;
    EventSelection* m_selection;
    DiagramRows* m_diagram;
    SequenceDiagramView* m_diagramView;
    TransportControls* m_transport;
    PacketDock* m_packetDock;
    LogView* m_logView;
    ScenarioEditor* m_scenarioEditor;
    LessonPanel* m_lessonPanel = nullptr;
    ElidedLabel* m_status;
    RunProgress* m_runProgress; // a long run's or step back's, in the status line
    QLabel* m_studentLabel;     // "Ada Lovelace · K7QF-92XD", while a lab code is open
    StudentSession* m_student;
    struct Actions {
        QAction* openScenario = nullptr;
        QAction* exportCapture = nullptr;
        QAction* exportDiagram = nullptr;
        QAction* exportReport = nullptr;
        QAction* exportPage = nullptr;
        QAction* quit = nullptr;
        QAction* follow = nullptr; // checked: select each new packet
        QAction* editScenario = nullptr;
        QAction* browseLessons = nullptr;
        QAction* showEventList = nullptr;
        QAction* lightTheme = nullptr;
        QAction* darkTheme = nullptr;
        QAction* largerText = nullptr;
        QAction* smallerText = nullptr;
        QAction* normalText = nullptr;
        QAction* fullScreen = nullptr;
        QAction* resetLayout = nullptr;
        QAction* shortcuts = nullptr;
        QAction* glossary = nullptr;
        QAction* teachersGuide = nullptr;
        QAction* about = nullptr;
        QAction* openLabCode = nullptr;
        QAction* handIn = nullptr;
        QAction* closeLabCode = nullptr;
        QAction* teacherMode = nullptr; // checkable
    } m_actions;
    Throttle* m_follow;          // selects the newest packet, at most ten times a second
    qsizetype m_followFrom = -1; // the lowest row changed since the last follow
    lab::Scenario m_scenario;
    Theme m_theme = Theme::Light;
    double m_textSize = 0;
    bool m_persist = false;
    bool m_interactiveExport = false; // the capture export came from the menu: show the note
    bool m_layoutRestored = false;    // restoreSettings() found a saved layout
    bool m_shown = false;
    bool m_sizeChosen = false;              // fitTo() or a saved geometry: no maximizing on a small screen
    DockLayout m_layout = DockLayout::Full; // the default layout last applied
    bool m_applyingLayout = false;
    bool m_layoutTouched = false; // the user moved or floated a dock since the default was applied
};

} // namespace ipseclab::ui
