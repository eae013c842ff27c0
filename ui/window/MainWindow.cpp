// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/window/MainWindow.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFocusFrame>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScopedValueRollback>
#include <QScreen>
#include <QSettings>
#include <QShowEvent>
#include <QStatusBar>
#include <QTabBar>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTextEdit>
#include <QToolBar>
#include <QVBoxLayout>

#include "capture/WiresharkKeys.h"
#include "lab/BuiltinScenarios.h"
#include "lesson/LessonPlayer.h"
#include "page/IllustratedLesson.h"
#include "page/IllustratedPage.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/ElidedLabel.h"
#include "ui/common/EventSelection.h"
#include "ui/common/ExportPath.h"
#include "ui/common/HtmlDocument.h"
#include "ui/common/LabController.h"
#include "ui/common/Throttle.h"
#include "ui/diagram/DiagramExport.h"
#include "ui/diagram/SequenceDiagramView.h"
#include "ui/keys/DhPanel.h"
#include "ui/keys/DhToyPanel.h"
#include "ui/keys/KeysView.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/log/LogView.h"
#include "ui/packet/PacketDock.h"
#include "ui/replay/ReplayView.h"
#include "ui/report/SessionReport.h"
#include "ui/scenario/ScenarioEditor.h"
#include "ui/window/DockContent.h"
#include "ui/window/RunProgress.h"
#include "ui/window/StudentSession.h"
#include "ui/window/TransportControls.h"

namespace ipseclab::ui {

namespace {

const char* const kDockNames[] = {"packet", "keys", "replay", "scenario", "log", "lesson"};

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_controller(new LabController(this)), m_selection(new EventSelection(this)),
      m_diagram(new DiagramRows(this)), m_diagramView(new SequenceDiagramView(*m_diagram, *m_selection)),
      m_transport(new TransportControls(*m_controller, this)),
      m_packetDock(new PacketDock(*m_controller, *m_selection, *m_diagram)),
      m_logView(new LogView(*m_controller, *m_selection)), m_scenarioEditor(new ScenarioEditor),
      m_status(new ElidedLabel), m_runProgress(new RunProgress(*m_controller)), m_studentLabel(new QLabel),
      m_student(new StudentSession(this)), m_follow(new Throttle(
                                               100, [this] { followNewestPacket(); }, this)),
      m_scenario(*lab::builtinScenario(lab::kDefaultScenario)) {
    setWindowTitle(tr("IPsec Lab"));
    setObjectName(QStringLiteral("mainWindow"));
    m_diagram->follow(*m_controller);
    setCentralWidget(m_diagramView);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    setTabPosition(Qt::AllDockWidgetAreas, QTabWidget::North);

    // Where each dock goes is applyDefaultLayout()'s business, once the window knows its size.
    addDock(QStringLiteral("packet"), tr("Packet"), m_packetDock);
    auto* keys = new KeysView(*m_controller, *m_selection);
    auto* replay = new ReplayView(*m_controller, *m_selection);
    addDock(QStringLiteral("keys"), tr("Keys"), keys);
    addDock(QStringLiteral("replay"), tr("Anti-replay"), replay);
    addDock(QStringLiteral("scenario"), tr("Scenario"), m_scenarioEditor);
    addDock(QStringLiteral("log"), tr("Log"), m_logView);
    // The lesson beside the lab: it starts the lesson's lab here and brings forward what a step points at.
    m_lessonPanel = new LessonPanel(*m_controller, *m_selection);
    addDock(QStringLiteral("lesson"), tr("Lesson"), m_lessonPanel);
    connect(m_lessonPanel, &LessonPanel::labRequested, this,
            [this](const lab::Scenario& s, std::optional<std::uint64_t> seed) { start(s, seed); });
    connect(m_lessonPanel, &LessonPanel::dockRequested, this, &MainWindow::raiseDock);
    connect(m_lessonPanel, &LessonPanel::answered, m_student, &StudentSession::record);
    connect(m_student, &StudentSession::keepFailed, this, [this](const QString& message) {
        statusBar()->showMessage(
            tr("Your answers could not be kept on disk (Hand in still has them): %1").arg(message));
    });
    connect(m_lessonPanel, &LessonPanel::replaySaRequested, replay, &ReplayView::selectSa);
    connect(m_lessonPanel, &LessonPanel::toyDhRequested, keys, [keys](quint64 p, quint64 g, quint64 a, quint64 b) {
        keys->dhPanel()->setToyMode(true);
        keys->dhPanel()->toyPanel()->setNumbers(p, g, a, b);
    });
    arrangeDocks();

    auto* toolbar = addToolBar(tr("Lab"));
    toolbar->setObjectName(QStringLiteral("labToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addWidget(new QLabel(tr(" Scenario ")));
    toolbar->addWidget(m_scenarioEditor->chooser());
    toolbar->addSeparator();
    m_transport->populate(*toolbar);
    createActions();
    buildMenus();
    m_studentLabel->setObjectName(QStringLiteral("studentLabel"));
    AppTheme::setRelativeFont(m_studentLabel, 1.0, true); // whose lab: in bold, at the text size
    m_studentLabel->setToolTip(tr("Whose lab this is: the student's name and lab code (File › Open lab code)"));
    m_studentLabel->hide();
    statusBar()->addPermanentWidget(m_studentLabel);
    statusBar()->addPermanentWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_runProgress, 1);
    updateStudentState();

    connect(m_transport, &TransportControls::restartRequested, this,
            [this](std::optional<std::uint64_t> seed) { load(m_scenario, seed); });
    connect(m_scenarioEditor, &ScenarioEditor::scenarioChosen, this,
            [this](const lab::Scenario& s) { load(s, s.seed); });
    connect(m_scenarioEditor, &ScenarioEditor::applied, this, [this](const lab::Scenario& s) {
        // Edited settings keep the seed in use, so the change is the only difference.
        std::optional<std::uint64_t> seed;
        m_controller->read([&seed](const lab::Lab& lab) { seed = lab.seed(); });
        load(s, seed);
    });
    // Text views (the lesson's text, a key's details) draw no focus of their own under Fusion: a
    // frame in the highlight colour follows the keyboard focus onto them.
    auto* focusFrame = new QFocusFrame(this);
    connect(qApp, &QApplication::focusChanged, this, [this, focusFrame](QWidget*, QWidget* now) {
        const bool textView = (qobject_cast<QTextEdit*>(now) || qobject_cast<QPlainTextEdit*>(now)) &&
                              isAncestorOf(now);
        if (textView) {
            QPalette palette = focusFrame->palette();
            palette.setColor(QPalette::WindowText, now->palette().color(QPalette::Highlight));
            focusFrame->setPalette(palette);
        }
        focusFrame->setWidget(textView ? now : nullptr);
    });
    connect(m_controller, &LabController::stateChanged, this, &MainWindow::updateStatus);
    connect(m_controller, &LabController::failed, this,
            [this](const QString& message) { statusBar()->showMessage(tr("The lab says: %1").arg(message), 15000); });
    connect(m_controller, &LabController::exported, this, [this](const QString& capture, const QString& keysFolder) {
        bool esn = false; // the note says what Wireshark 4.0 gets wrong with extended sequence numbers
        m_controller->read([&esn](const lab::Lab& lab) {
            for (const lab::SaReport& sa : lab.saReports())
                esn = esn || (sa.esn && sa.protocol == ipsec::IpsecProtocol::Esp);
        });
        const QString note = wiresharkNote(capture, keysFolder, esn);
        QFile file(QFileInfo(capture).absolutePath() + QLatin1Char('/') + QFileInfo(capture).completeBaseName() +
                   QStringLiteral("-wireshark.txt"));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) file.write(note.toUtf8());
        ExportPath::confirm(*statusBar(), tr("Capture written to %1, its keys to %2").arg(capture, keysFolder), capture,
                            m_interactiveExport);
        if (m_interactiveExport) {
            auto* box = new QMessageBox(QMessageBox::Information, tr("Open this in Wireshark"), note, QMessageBox::Ok,
                                        this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->setTextInteractionFlags(Qt::TextSelectableByMouse);
            ExportPath::addOpenFolderButton(*box, capture);
            box->open();
        }
        m_interactiveExport = false;
    });
    connect(m_diagram, &DiagramRows::rowsUpdated, this, [this](qsizetype firstChanged) {
        m_followFrom = m_followFrom < 0 ? firstChanged : std::min(m_followFrom, firstChanged);
        m_follow->request();
    });
    connect(m_diagram, &DiagramRows::modelReset, this, [this] {
        m_follow->cancel();
        m_followFrom = -1;
    });

    // 1600×960 where the screen has room; a lab PC's 1366×768 or a 1280×720 projector gets all of
    // its screen (the window fits it: no dock asks for more than a few lines of room).
    resize(kPreferredSize.boundedTo(availableSize() - QSize(0, kTitleBarAllowance)));
}

QSize MainWindow::availableSize() const { return screen() ? screen()->availableGeometry().size() : kPreferredSize; }

void MainWindow::setVisible(bool visible) {
    // Shown for the first time on a screen smaller than the preferred size, with no size given
    // (fitTo, a saved geometry): maximized, so the title bar and the status line are on screen.
    if (visible && !m_sizeChosen) {
        m_sizeChosen = true;
        const QSize available = availableSize();
        if (available.width() < kPreferredSize.width() ||
            available.height() < kPreferredSize.height() + kTitleBarAllowance) {
            resize(kPreferredSize.boundedTo(available - QSize(0, kTitleBarAllowance)));
            setWindowState(windowState() | Qt::WindowMaximized);
        }
    }
    QMainWindow::setVisible(visible);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (m_shown) return;
    m_shown = true;
    // Docks take their sizes only once the window is laid out.
    if (!m_layoutRestored) applyDefaultLayout();
    keepTabTitlesWhole();
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    // Maximized after it was shown (a window manager), or resized across the threshold: the
    // default layout for the new width, as long as the user has not arranged the docks.
    if (m_shown && !m_layoutTouched && m_layout != layoutFor(width())) applyDefaultLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::fitTo(const QSize& size) {
    m_sizeChosen = true;
    resize(size);
}

QDockWidget* MainWindow::addDock(const QString& name, const QString& title, QWidget* widget) {
    auto* dockWidget = new QDockWidget(title, this);
    dockWidget->setObjectName(name + QStringLiteral("Dock"));
    dockWidget->toggleViewAction()->setObjectName(QStringLiteral("show") + name.front().toUpper() + name.mid(1) +
                                                  QStringLiteral("Dock"));
    auto* content = new DockContent(widget);
    dockWidget->setWidget(content);
    // A dock behind another's tab stays "visible", moved out of sight: its content is disabled
    // there, so Tab never takes the focus where nobody can see it (hiding it instead would change
    // its size hints, and the dock area would shrink).
    connect(dockWidget, &QDockWidget::visibilityChanged, content, &QWidget::setEnabled);
    dockWidget->setAccessibleName(title);
    // QDockWidget draws its title in the font the platform gave it at creation whenever its own
    // font equals the application's: a font that differs only in a detail nobody sees makes the
    // title follow the text size instead (a projector's larger text).
    QFont follows;
    follows.setStyleStrategy(QFont::PreferAntialias);
    dockWidget->setFont(follows);
    auto touched = [this] {
        if (!m_applyingLayout) m_layoutTouched = true;
    };
    connect(dockWidget, &QDockWidget::dockLocationChanged, this, touched);
    connect(dockWidget, &QDockWidget::topLevelChanged, this, touched);
    return dockWidget;
}

// The thresholds are for 10-point text; larger text needs proportionally more room.
MainWindow::DockLayout MainWindow::layoutFor(int width) {
    const double scale = std::max(1.0, QApplication::font().pointSizeF() / 10.0);
    if (width >= kCompactBelow * scale) return DockLayout::Full;
    if (width >= kStackedBelow * scale) return DockLayout::Compact;
    return DockLayout::Stacked;
}

// Full (a desktop, a projector at normal text): the lesson on the left, the inspectors tabbed on
// the right, the log below. Compact (a lab PC, a laptop): the log joins the inspectors' tabs, so
// the lesson, the diagram and the inspector each keep the window's whole height — a lesson's
// question and its Next button, all five lanes, the packet's tree and bytes in sight together.
// Stacked (large text on a small screen): one side column wide enough to read beside a diagram
// that keeps all its lanes, the lesson above the inspectors' tabs — a step that brings the Keys or
// the Packet dock forward then leaves its own text in view.
void MainWindow::arrangeDocks() {
    const QScopedValueRollback applying(m_applyingLayout, true);
    m_layout = layoutFor(width());
    QDockWidget* packet = dock(QStringLiteral("packet"));
    QDockWidget* lesson = dock(QStringLiteral("lesson"));
    QDockWidget* log = dock(QStringLiteral("log"));
    for (const char* name : kDockNames) {
        QDockWidget* d = dock(QLatin1String(name));
        d->setFloating(false);
        removeDockWidget(d);
    }
    addDockWidget(m_layout == DockLayout::Stacked ? Qt::RightDockWidgetArea : Qt::LeftDockWidgetArea, lesson);
    addDockWidget(Qt::RightDockWidgetArea, packet, Qt::Vertical); // below the lesson when stacked
    for (const char* name : {"keys", "replay", "scenario"}) tabifyDockWidget(packet, dock(QLatin1String(name)));
    if (m_layout == DockLayout::Full) addDockWidget(Qt::BottomDockWidgetArea, log);
    else tabifyDockWidget(packet, log);
    for (const char* name : kDockNames) dock(QLatin1String(name))->show();
    packet->raise();
    keepTabTitlesWhole();
}

// The docks' tab bars scroll rather than cut their titles to "P…", "K…" (large text on a small screen).
void MainWindow::keepTabTitlesWhole() {
    for (QTabBar* bar : findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
        bar->setElideMode(Qt::ElideNone);
        bar->setUsesScrollButtons(true);
    }
}

void MainWindow::applyDefaultLayout() {
    arrangeDocks();
    const QScopedValueRollback applying(m_applyingLayout, true);
    QDockWidget* packet = dock(QStringLiteral("packet"));
    QDockWidget* lesson = dock(QStringLiteral("lesson"));
    if (m_layout == DockLayout::Stacked) {
        // The side column as wide as the diagram leaves it (the diagram keeps its minimum), three
        // fifths of its height for the lesson: at a projector's text size the step's text is what
        // the class reads, and its title and progress lines already take a third of the dock.
        resizeDocks({packet}, {width() * 2 / 5}, Qt::Horizontal);
        resizeDocks({lesson, packet}, {height() * 3 / 5, height() * 2 / 5}, Qt::Vertical);
    } else if (m_layout == DockLayout::Compact) {
        // The inspectors about 31% of the width, the lesson 23%; the diagram what is left (never
        // less than its minimum: all five lanes).
        resizeDocks({packet, lesson}, {width() * 31 / 100, width() * 23 / 100}, Qt::Horizontal);
    } else {
        // The inspectors two fifths of the width (two hex panes side by side), the lesson a sixth,
        // the log a fifth of the height.
        resizeDocks({packet, lesson}, {width() * 2 / 5, width() / 6}, Qt::Horizontal);
        resizeDocks({dock(QStringLiteral("log"))}, {height() / 5}, Qt::Vertical);
    }
    m_layoutTouched = false;
}

QDockWidget* MainWindow::dock(const QString& name) const {
    return findChild<QDockWidget*>(name + QStringLiteral("Dock"));
}

bool MainWindow::raiseDock(const QString& name) {
    QDockWidget* d = dock(name);
    if (!d) return false;
    d->show();
    d->raise();
    return true;
}

QAction* MainWindow::makeAction(const char* name, const QString& text, void (MainWindow::*slot)(),
                                const QList<QKeySequence>& shortcuts, const QString& statusTip) {
    auto* action = new QAction(text, this);
    action->setObjectName(QLatin1String(name));
    action->setShortcuts(shortcuts);
    action->setStatusTip(statusTip);
    if (slot) connect(action, &QAction::triggered, this, slot);
    return action;
}

// Every action of the menus, each named (objectName) so that tests and scripts find it by name,
// not by its translated text.
void MainWindow::createActions() {
    m_actions.openScenario = makeAction("openScenario", tr("&Open a scenario…"), &MainWindow::openScenario,
                                        {QKeySequence::Open});
    m_actions.exportCapture =
        makeAction("exportCapture", tr("Export the &capture for Wireshark…"), &MainWindow::askExportCapture,
                   {QKeySequence(Qt::CTRL | Qt::Key_E)},
                   tr("pcapng with LAN A, WAN and LAN B, and beside it the key files Wireshark decrypts it with"));
    m_actions.exportDiagram =
        makeAction("exportDiagram", tr("Export the &diagram (PNG or SVG)…"), &MainWindow::askExportDiagram, {},
                   tr("The sequence diagram as drawn, every row: SVG for print and editing, PNG for slides"));
    m_actions.exportReport =
        makeAction("exportReport", tr("Export the session &report (HTML or PDF)…"), &MainWindow::askExportReport, {},
                   tr("The whole run as a document: the diagram, every message and field, every key, the verdicts"));
    m_actions.exportPage =
        makeAction("exportPage", tr("Export the &Illustrated page (one web page)…"), &MainWindow::askExportPage, {},
                   tr("The run as one web page that works offline in any browser: the diagram, every byte explained, "
                      "the keys and the anti-replay window"));
    m_actions.quit = makeAction("quit", tr("&Quit"), nullptr, {QKeySequence::Quit});
    connect(m_actions.quit, &QAction::triggered, this, &QWidget::close);

    m_actions.follow = makeAction("followNewestPacket", tr("&Follow the newest packet"), nullptr, {},
                                  tr("Select each new packet as the lab sends it, so the Packet dock shows it"));
    m_actions.follow->setCheckable(true);
    m_actions.follow->setChecked(true);
    m_actions.editScenario = makeAction("editScenario", tr("Edit the &scenario"), &MainWindow::editScenario);
    m_actions.browseLessons = makeAction("browseLessons", tr("&Lessons…"), &MainWindow::browseLessons,
                                         {QKeySequence(Qt::CTRL | Qt::Key_L)});

    // The diagram as text, for the keyboard and a screen reader: the Log's table of the same events.
    m_actions.showEventList = makeAction("showEventList", tr("The &events as a list (the Log)"),
                                         &MainWindow::showEventList, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L)});
    auto* themes = new QActionGroup(this);
    m_actions.lightTheme = makeAction("lightTheme", tr("&Light palette"), &MainWindow::useLightTheme);
    m_actions.darkTheme = makeAction("darkTheme", tr("&Dark palette"), &MainWindow::useDarkTheme);
    for (QAction* a : {m_actions.lightTheme, m_actions.darkTheme}) {
        a->setCheckable(true);
        themes->addAction(a);
    }
    m_actions.lightTheme->setChecked(true);
    m_actions.largerText = makeAction("largerText", tr("&Larger text"), &MainWindow::largerText,
                                      {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    m_actions.smallerText = makeAction("smallerText", tr("&Smaller text"), &MainWindow::smallerText,
                                       {QKeySequence::ZoomOut});
    m_actions.normalText = makeAction("normalText", tr("&Normal text"), &MainWindow::normalText,
                                      {QKeySequence(Qt::CTRL | Qt::Key_0)});
    m_actions.fullScreen = makeAction("fullScreen", tr("&Full screen"), &MainWindow::toggleFullScreen,
                                      {QKeySequence::FullScreen});
    m_actions.resetLayout =
        makeAction("resetLayout", tr("&Reset the layout"), &MainWindow::applyDefaultLayout, {},
                   tr("Put every dock back where it starts, for the window's size and the text size"));

    m_actions.shortcuts = makeAction("keyboardShortcuts", tr("&Keyboard shortcuts"), &MainWindow::showShortcuts,
                                     {QKeySequence::HelpContents});
    m_actions.glossary = makeAction("glossary", tr("&Glossary"), &MainWindow::showGlossary, {},
                                    tr("The terms the lessons use, each defined once"));
    m_actions.teachersGuide = makeAction(
        "teachersGuide", tr("&Teacher's guide"), &MainWindow::showTeachersGuide, {},
        tr("A two-week plan, the lessons' timing and misconceptions, seeds, worksheets and captures in class"));
    m_actions.about = makeAction("about", tr("&About IPsec Lab"), &MainWindow::showAbout);
    m_actions.openLabCode =
        makeAction("openLabCode", tr("Open a &lab code…"), &MainWindow::askOpenLabCode, {},
                   tr("Your own lab from the code your teacher gave you: your values, your answers"));
    m_actions.handIn = makeAction("handIn", tr("&Hand in…"), &MainWindow::askHandIn, {},
                                  tr("Write your results file, to upload to the course page"));
    m_actions.closeLabCode = makeAction("closeLabCode", tr("Close the lab code"), &MainWindow::closeStudentLab, {},
                                        tr("Back to the lessons' own seeds (your recorded answers stay)"));
    m_actions.teacherMode = makeAction("teacherMode", tr("&Teacher mode"), nullptr, {},
                                       tr("The Lesson dock's Teacher menu: the class's seed, worksheets, answer keys"));
    m_actions.teacherMode->setCheckable(true);
    connect(m_actions.teacherMode, &QAction::triggered, this, [this](bool on) {
        setTeacherMode(on);
        if (m_persist) QSettings().setValue(QStringLiteral("view/teacherMode"), on);
    });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_actions.openScenario, m_actions.openLabCode});
    file->addSeparator();
    file->addActions({m_actions.exportCapture, m_actions.exportDiagram, m_actions.exportReport, m_actions.exportPage});
    file->addSeparator();
    file->addActions({m_actions.handIn, m_actions.closeLabCode});
    file->addSeparator();
    file->addAction(m_actions.quit);

    QMenu* labMenu = menuBar()->addMenu(tr("&Lab"));
    labMenu->addActions(m_transport->actions());
    labMenu->addSeparator();
    labMenu->addActions({m_actions.follow, m_actions.editScenario, m_actions.browseLessons});

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (const char* name : kDockNames) view->addAction(dock(QLatin1String(name))->toggleViewAction());
    view->addAction(m_actions.showEventList);
    view->addSeparator();
    view->addActions({m_actions.lightTheme, m_actions.darkTheme});
    view->addSeparator();
    view->addActions({m_actions.largerText, m_actions.smallerText, m_actions.normalText});
    view->addSeparator();
    view->addActions({m_actions.fullScreen, m_actions.resetLayout});
    view->addSeparator();
    view->addAction(m_actions.teacherMode);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addActions({m_actions.teachersGuide, m_actions.glossary, m_actions.shortcuts, m_actions.about});
}

void MainWindow::showGlossary() { m_lessonPanel->showGlossary(); }

void MainWindow::openScenario() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), QString(), tr("Scenarios (*.json)"));
    if (!path.isEmpty() && !m_scenarioEditor->open(path)) raiseDock(QStringLiteral("scenario"));
}

// Every export asks the same way (ExportPath: the folder used last, a name with the scenario and
// the seed) and says where the file went, with a button that opens its folder.
QString MainWindow::exportFileName(const QString& what, const QString& suffix) const {
    std::uint64_t seed = 0;
    m_controller->read([&seed](const lab::Lab& lab) { seed = lab.seed(); });
    const QString base = ExportPath::baseName(QString::fromStdString(m_scenario.name), seed, what);
    // A student's files say whose they are: "K7QF-92XD-main-quick-seed…".
    return (m_student->isOpen() ? QString::fromStdString(m_student->card().code) + QLatin1Char('-') : QString()) +
           base + suffix;
}

void MainWindow::askExportCapture() {
    const QString path = ExportPath::ask(this, tr("Export the capture"), exportFileName({}, ".pcapng"),
                                         tr("Captures (*.pcapng)"));
    if (path.isEmpty()) return;
    m_interactiveExport = true;
    exportCapture(path);
}

// Asks where to write, writes there with `write` (which confirms in the status bar) and offers the
// folder, or says why it could not be written.
void MainWindow::askAndWrite(const QString& title, const QString& name, const QString& filters,
                             bool (MainWindow::*write)(const QString&, QString*)) {
    const QString path = ExportPath::ask(this, title, name, filters);
    QString error;
    if (path.isEmpty()) return;
    if (!(this->*write)(path, &error)) return void(QMessageBox::warning(this, title, error));
    ExportPath::confirm(*statusBar(), ExportPath::confirmation(*statusBar()), path, /*offerFolder=*/true);
}

void MainWindow::askExportDiagram() {
    askAndWrite(tr("Export the sequence diagram"), exportFileName(QStringLiteral("diagram"), ".svg"),
                tr("SVG (*.svg);;PNG (*.png)"), &MainWindow::exportDiagram);
}

void MainWindow::askExportReport() {
    // The routine packets are summed up unless a filter "with every packet" is chosen.
    const QString everyPacket = tr("with every packet listed");
    QString filter;
    const QString path =
        ExportPath::ask(this, tr("Export the session report"), exportFileName(QStringLiteral("report"), ".pdf"),
                        tr("PDF (*.pdf);;PDF, %1 (*.pdf);;HTML (*.html);;HTML, %1 (*.html)").arg(everyPacket), &filter);
    QString error;
    if (path.isEmpty()) return;
    SessionReport::Options options;
    options.everyPacket = filter.contains(everyPacket);
    if (!exportReport(path, &error, options)) return void(QMessageBox::warning(this, tr("Export the report"), error));
    ExportPath::confirm(*statusBar(), ExportPath::confirmation(*statusBar()), path, /*offerFolder=*/true);
}

void MainWindow::editScenario() { raiseDock(QStringLiteral("scenario")); }

void MainWindow::browseLessons() {
    raiseDock(QStringLiteral("lesson"));
    m_lessonPanel->browse();
}

void MainWindow::showEventList() {
    raiseDock(QStringLiteral("log"));
    m_logView->table()->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::useLightTheme() { setTheme(Theme::Light); }
void MainWindow::useDarkTheme() { setTheme(Theme::Dark); }

void MainWindow::largerText() { setTextSize((m_textSize > 0 ? m_textSize : AppTheme::defaultPointSize()) + 1); }
void MainWindow::smallerText() {
    setTextSize(std::max(6.0, (m_textSize > 0 ? m_textSize : AppTheme::defaultPointSize()) - 1));
}
void MainWindow::normalText() { setTextSize(0); }

void MainWindow::toggleFullScreen() { setWindowState(windowState() ^ Qt::WindowFullScreen); }

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About IPsec Lab"),
        tr("<b>IPsec Lab %1</b><p>A teaching lab for IKEv1 and ESP: two real peers on loopback, every message "
           "stepped, every byte explained, every key derived, the anti-replay window under attack.</p>"
           "<p>Free software under the GNU General Public License, version 3 or later "
           "(GPL-3.0-or-later), with ABSOLUTELY NO WARRANTY. The lessons are under Creative Commons "
           "Attribution-ShareAlike 4.0 (CC-BY-SA-4.0): adapt them and share them alike.</p>")
            .arg(QCoreApplication::applicationVersion()));
}

namespace {

// Lays out a help dialog: its content above a Close button, at `size`.
void layOutWithClose(QDialog* dialog, QWidget* content, QSize size) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(content);
    layout->addWidget(buttons);
    dialog->resize(size);
}

} // namespace

// A table of every action with a shortcut, read from the actions themselves so it cannot go stale.
void MainWindow::showShortcuts() {
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    auto* table = new QTableWidget(0, 2);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    for (QAction* a : findChildren<QAction*>()) {
        if (a->shortcuts().isEmpty()) continue;
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(a->text().remove(QLatin1Char('&'))));
        table->setItem(row, 1, new QTableWidgetItem(keys.join(QStringLiteral(", "))));
    }
    table->resizeColumnsToContents();
    layOutWithClose(dialog, table, {520, 420});
    dialog->open();
}

// The teacher's guide (docs/teacher-guide.md), built into the program so that Help shows it
// offline wherever the program is installed. Not modal: a teacher keeps it open beside the lab.
void MainWindow::showTeachersGuide() {
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("teachersGuideDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Teacher's guide"));
    auto* text = new QTextBrowser;
    text->setOpenExternalLinks(true);
    if (QFile file(QStringLiteral(":/docs/teacher-guide.md")); file.open(QIODevice::ReadOnly))
        text->setMarkdown(QString::fromUtf8(file.readAll()));
    else
        text->setPlainText(
            tr("This build of IPsec Lab lacks its teacher's guide (docs/teacher-guide.md in the source)."));
    layOutWithClose(dialog, text, {900, 760});
    dialog->show();
}

void MainWindow::start(std::optional<lab::Scenario> scenario, std::optional<std::uint64_t> seed) {
    if (!scenario && m_persist) {
        QSettings settings;
        const std::string json = settings.value(QStringLiteral("scenario/json")).toString().toStdString();
        if (auto saved = lab::Scenario::fromJson(json, "the last scenario"); saved && !json.empty()) {
            scenario = std::move(*saved);
            if (!seed && settings.contains(QStringLiteral("scenario/seed")))
                seed = settings.value(QStringLiteral("scenario/seed")).toULongLong();
        }
    }
    const lab::Scenario chosen = scenario ? *scenario : *lab::builtinScenario(lab::kDefaultScenario);
    m_scenarioEditor->setScenario(chosen);
    load(chosen, seed ? seed : chosen.seed);
}

void MainWindow::load(const lab::Scenario& scenario, std::optional<std::uint64_t> seed) {
    if (m_student->isOpen()) seed = m_student->seed(); // a student's lab: the code's seed, always
    m_scenario = scenario;
    m_selection->clear();
    m_diagramView->setNat(scenario.nat);
    m_controller->load(scenario, seed);
}

// The newest packet sent since the last follow; else the one just delivered.
void MainWindow::followNewestPacket() {
    const qsizetype from = std::max<qsizetype>(m_followFrom, 0);
    m_followFrom = -1;
    if (!m_actions.follow || !m_actions.follow->isChecked()) return;
    for (qsizetype r = m_diagram->rowCount() - 1; r >= from; --r)
        if (m_diagram->row(r).kind == DiagramRow::Kind::Packet && !m_diagram->row(r).lan)
            return m_selection->select(m_diagram->row(r).event);
    for (qsizetype r = m_diagram->rowCount() - 1; r >= from; --r)
        if (m_diagram->row(r).kind == DiagramRow::Kind::Packet) return m_selection->select(m_diagram->row(r).event);
}

bool MainWindow::selectPacket(const QString& label) {
    for (qsizetype r = m_diagram->rowCount() - 1; r >= 0; --r) {
        const DiagramRow& row = m_diagram->row(r);
        if (row.kind == DiagramRow::Kind::Packet && row.label.startsWith(label)) {
            m_selection->select(row.event);
            return true;
        }
    }
    return false;
}

void MainWindow::updateStatus() {
    QString text;
    const bool haveLab = m_controller->read([&](const lab::Lab& lab) {
        const auto& timeline = lab.timeline();
        // What the views show: a lesson step (or the end of a phase) may hold the rest of the lab
        // step back, and what its actions did after it; the step count and the clock are theirs.
        const auto shown = std::min(static_cast<std::size_t>(m_controller->shownEvents()), timeline.size());
        const bool holding = m_controller->holdingBack() && shown > 0;
        text = tr("%1 · seed %2 · step %3 · %4")
                   .arg(QString::fromStdString(lab.scenario().name))
                   .arg(lab.seed())
                   .arg(holding ? lab.stepsIn(shown) : lab.stepCount())
                   .arg(formatTime(holding ? timeline.at(shown - 1).time : lab.now()));
        if (shown > 0)
            text += QStringLiteral(" · ") +
                    QString::fromStdString(std::string(lab::phaseName(timeline.at(shown - 1).phase)));
        if (const auto outcome = lab.outcome(); outcome && !m_controller->holdingBack()) {
            // The class hides failure causes: the outcome says failed, not why.
            const bool hide = m_diagram->hidesFailureNames() && outcome->sentence.rfind("failed", 0) == 0;
            text += QStringLiteral(" · ") + (hide ? tr("failed") : QString::fromStdString(outcome->sentence));
        }
        setWindowTitle(tr("IPsec Lab — %1 (seed %2)").arg(QString::fromStdString(lab.scenario().name)).arg(lab.seed()));
    });
    m_status->setText(haveLab ? text : QString());
}

void MainWindow::setTheme(Theme theme) {
    m_theme = theme;
    AppTheme::apply(theme, m_textSize);
    m_transport->updateIcons();
    (theme == Theme::Dark ? m_actions.darkTheme : m_actions.lightTheme)->setChecked(true);
}

void MainWindow::setTextSize(double points) {
    m_textSize = points;
    AppTheme::apply(m_theme, points);
    // Larger text needs more room: the default layout for it, unless the user arranged the docks.
    if (m_shown && !m_layoutTouched && m_layout != layoutFor(width())) applyDefaultLayout();
}

void MainWindow::exportCapture(const QString& capturePath) {
    const QFileInfo info(capturePath);
    m_controller->exportCapture(
        capturePath, info.absolutePath() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral("-keys"),
        m_student->isOpen() ? tr("IPsec Lab capture for %1").arg(m_student->who()) : QString());
}

bool MainWindow::exportDiagram(const QString& path, QString* error) {
    QString note;
    const bool written = DiagramExport::write(m_diagramView->diagramPainter(), path, error, &note, m_student->who());
    if (written)
        ExportPath::confirm(*statusBar(),
                            note.isEmpty() ? tr("Diagram written to %1").arg(QDir::toNativeSeparators(path)) : note,
                            path,
                            /*offerFolder=*/false);
    return written;
}

void MainWindow::askExportPage() {
    const QString path = ExportPath::ask(this, tr("Export the Illustrated page"),
                                         exportFileName(QStringLiteral("illustrated"), ".html"),
                                         tr("Web page (*.html)"));
    if (!path.isEmpty()) exportPage(path);
}

void MainWindow::exportPage(const QString& path) {
    const std::string file = path.toStdString();
    LabController::JobSlice slice;
    const lesson::LessonPlayer* player = m_lessonPanel->player();
    if (player && (player->lab() || !player->lesson().hasLab())) {
        // A lesson's lab, or a reading lesson: the lesson's page (its text and questions above the
        // run, if any), as `--lesson ID --html` writes it; a student's page hands in as the window does.
        // The lesson is played again for it, a step a slice.
        page::LessonPageOptions options;
        options.seed = m_lessonPanel->chosenSeed();
        options.app = (QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion())
                          .toStdString();
        if (m_student->isOpen()) {
            const classroom::LabCard& card = m_student->card();
            options.handIn = page::HandInIdentity{card.code, card.studentId, card.name, card.classId};
            options.attemptsAllowed = card.settings.attemptsAllowed;
        }
        slice = [lesson = player->lesson(), options, file,
                 maker = std::shared_ptr<page::LessonPageMaker>()](LabProgress& progress) mutable -> Result<bool> {
            if (!maker) {
                auto made = page::LessonPageMaker::create(lesson, options);
                if (!made) return tl::unexpected(made.error());
                maker = std::move(*made);
                progress.total = static_cast<qint64>(maker->stepCount());
                return false;
            }
            auto atEnd = maker->advance();
            if (!atEnd) return atEnd;
            progress.done = static_cast<qint64>(maker->stepsDone());
            if (!*atEnd) return false;
            if (auto written = maker->write(file); !written) return tl::unexpected(written.error());
            return true;
        };
    } else {
        const QString none = tr("No lab is running yet.");
        slice = [controller = m_controller, file, none = none.toStdString()](LabProgress&) -> Result<bool> {
            Result<void> written = fail(none);
            controller->read([&](const lab::Lab& lab) { written = page::writeIllustratedPage(lab, file); });
            if (!written) return tl::unexpected(written.error());
            return true;
        };
    }
    m_controller->runJob(LabProgress{LabProgress::Task::Export}, std::move(slice), this,
                         [this, path](bool cancelled, const std::optional<Error>& error) {
                             pageExported(path, cancelled, error);
                         });
}

void MainWindow::pageExported(const QString& path, bool cancelled, const std::optional<Error>& error) {
    const QString why = error ? QString::fromStdString(error->toString()) : QString();
    if (cancelled) statusBar()->showMessage(tr("The page was not written: its export was cancelled"));
    else if (error) QMessageBox::warning(this, tr("Export the Illustrated page"), why);
    else
        ExportPath::confirm(*statusBar(), tr("Page written to %1").arg(QDir::toNativeSeparators(path)), path,
                            /*offerFolder=*/true);
    emit pageExportEnded(path, why, cancelled);
}

bool MainWindow::exportReport(const QString& path, QString* error, const SessionReport::Options& given) {
    SessionReport::Options options = given;
    if (options.who.isEmpty()) options.who = m_student->who();
    QString html;
    if (!m_controller->read([&html, &options](const lab::Lab& lab) { html = SessionReport::html(lab, options); })) {
        if (error) *error = tr("No lab is running yet.");
        return false;
    }
    const bool written = HtmlDocument::write(html, path, error);
    if (written)
        ExportPath::confirm(*statusBar(), tr("Report written to %1").arg(QDir::toNativeSeparators(path)), path,
                            /*offerFolder=*/false);
    return written;
}

QString MainWindow::wiresharkNote(const QString& capturePath, const QString& keysFolder, bool esn) {
    const auto text = [](std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); };
    const QString esnNote =
        tr("\nThis capture's ESP SAs use extended sequence numbers (ESN): only the low 32 bits of each sequence number "
           "are on the wire, and the high 32 bits enter the ICV. Wireshark reads ESN where its ESP SAs table has an "
           "\"ESN High Bits\" column (version %1 has it): there, in Preferences › Protocols › ESP › ESP SAs, set each "
           "SA's SN column to \"64-bit\" (ESN High Bits 0) and keep "
           "\"Check sequence numbers of ESP frames\" ticked, so it follows the wrap. Version %2 and older (Debian 12 "
           "ships 4.0) "
           "still decrypt the packets but show every ESP packet with a bad ICV, although each one is good; the "
           "capture's "
           "comments mark those packets.\n")
            .arg(text(capture::kWiresharkEsnVersion), text(capture::kWiresharkLastWithoutEsn));
    return tr("Open this capture in Wireshark with its keys, and it decrypts the encrypted IKE messages (MM5 on) and "
              "every ESP "
              "packet:\n\n"
              "    WIRESHARK_CONFIG_DIR=\"%2\" wireshark -o esp.enable_encryption_decode:TRUE \\\n"
              "        -o esp.enable_authentication_check:TRUE \"%1\"\n\n"
              "Or copy the two files of %2 (ikev1_decryption_table and esp_sa) into your Wireshark profile folder "
              "(Help › "
              "About Wireshark › Folders › Personal configuration), then in Preferences › Protocols › ESP tick "
              "\"Attempt to "
              "detect/decode encrypted ESP payloads\".\n\n"
              "The capture has three interfaces: LAN A (host A's cleartext), WAN (IKE and ESP between the gateways) "
              "and LAN B; "
              "each packet carries a comment saying what it is.\n")
               .arg(capturePath, keysFolder) +
           (esn ? esnNote : QString());
}

void MainWindow::restoreSettings() {
    m_persist = true;
    QSettings settings;
    m_textSize = settings.value(QStringLiteral("view/textSize"), 0.0).toDouble();
    setTheme(AppTheme::fromName(settings.value(QStringLiteral("view/theme")).toString()));
    m_transport->setSpeed(settings.value(QStringLiteral("lab/speed"), 2.0).toDouble());
    m_actions.follow->setChecked(settings.value(QStringLiteral("lab/follow"), true).toBool());
    if (restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) m_sizeChosen = true;
    m_layoutRestored = restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_layoutTouched = m_layoutRestored; // the user's own arrangement stays as it is
    setTeacherMode(settings.value(QStringLiteral("view/teacherMode"), false).toBool());
    // The student's lab of the last session opens again (a code that no longer decodes is forgotten).
    if (const auto card = StudentSession::last(); card && !openStudentLab(*card)) StudentSession::forgetLast();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_persist) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
        settings.setValue(QStringLiteral("view/theme"), AppTheme::name(m_theme));
        settings.setValue(QStringLiteral("view/textSize"), m_textSize);
        settings.setValue(QStringLiteral("lab/speed"), m_transport->speed());
        settings.setValue(QStringLiteral("lab/follow"), m_actions.follow->isChecked());
        settings.setValue(QStringLiteral("scenario/json"), QString::fromStdString(m_scenario.toJson()));
        m_controller->read([&settings](const lab::Lab& lab) {
            settings.setValue(QStringLiteral("scenario/seed"), QString::number(lab.seed()));
        });
    }
    m_controller->pause();
    QMainWindow::closeEvent(event);
}

} // namespace ipseclab::ui
