// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/window/TransportControls.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QTimer>
#include <QToolBar>

#include <algorithm>

#include "ui/common/LabController.h"
#include "ui/common/ShortcutPriority.h"
#include "ui/window/TransportIcons.h"

namespace ipseclab::ui {

namespace {

// "Step (Ctrl+Right, F10)": a tooltip names every shortcut.
QString withShortcuts(const QString& text, const QList<QKeySequence>& shortcuts) {
    QStringList keys;
    for (const QKeySequence& k : shortcuts) keys << k.toString(QKeySequence::NativeText);
    return keys.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, keys.join(QStringLiteral(", ")));
}

// A fresh seed from the operating system, other than `current`. Six digits at most: a class reads
// it out and types it, and a million seeds are plenty to tell the students' runs apart.
std::uint64_t drawSeed(std::optional<std::uint64_t> current) {
    for (;;) {
        const std::uint64_t seed = QRandomGenerator::system()->bounded(1u, 1000000u);
        if (seed != current) return seed;
    }
}

// Text beside the icons while the toolbar has room for it, the icons alone (their text in the
// tooltips) when it has not: a projector's large text on a lab PC's screen keeps every control in
// sight, the Seed field and New seed included, instead of hiding the last ones behind ».
class ToolbarFit : public QObject {
public:
    explicit ToolbarFit(QToolBar& toolbar) : QObject(&toolbar), m_toolbar(toolbar) {
        toolbar.installEventFilter(this);
        fit();
    }

    bool eventFilter(QObject*, QEvent* event) override {
        // A new text size reaches the buttons after the toolbar: measure once they have it.
        if (event->type() == QEvent::Resize || event->type() == QEvent::FontChange || event->type() == QEvent::Show)
            if (!m_pending) {
                m_pending = true;
                QTimer::singleShot(0, this, &ToolbarFit::fit);
            }
        return false;
    }

private:
    void fit() {
        m_pending = false;
        // Icons as tall as the text, so that icons alone still read from the back of a classroom.
        const int side = std::max(16, m_toolbar.fontMetrics().height() - 2);
        m_toolbar.setIconSize(QSize(side, side));
        // The width the toolbar asks for with text (a synchronous measure: nothing is painted in between).
        m_toolbar.setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        const bool roomForText = m_toolbar.sizeHint().width() <= m_toolbar.width();
        m_toolbar.setToolButtonStyle(roomForText ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonIconOnly);
    }

    QToolBar& m_toolbar;
    bool m_pending = false;
};

} // namespace

QAction* TransportControls::makeAction(const char* name, const QString& text, const QString& toolTip,
                                       const QList<QKeySequence>& shortcuts, int glyph) {
    auto* action = new QAction(text, this);
    action->setObjectName(QLatin1String(name));
    action->setProperty("glyph", glyph);
    action->setShortcuts(shortcuts);
    action->setToolTip(withShortcuts(toolTip, shortcuts));
    action->setStatusTip(toolTip);
    return action;
}

TransportControls::TransportControls(LabController& controller, QObject* parent)
    : QObject(parent), m_controller(controller),
      m_reset(makeAction("reset", tr("&Reset"), tr("Start the scenario again from its first step, same seed"),
                         {QKeySequence(Qt::CTRL | Qt::Key_R)}, int(TransportGlyph::Reset))),
      m_stepBack(makeAction("stepBack", tr("Step &back"), tr("Undo the last step (the lab replays to the step before)"),
                            {QKeySequence(Qt::CTRL | Qt::Key_Left), QKeySequence(Qt::SHIFT | Qt::Key_F10)},
                            int(TransportGlyph::StepBack))),
      m_step(makeAction("step", tr("&Step"), tr("Deliver the next packet on the wire, or fire the next timer"),
                        {QKeySequence(Qt::CTRL | Qt::Key_Right), QKeySequence(Qt::Key_F10)},
                        int(TransportGlyph::Step))),
      m_play(makeAction("play", tr("&Play"), tr("Step on a timer at the chosen speed; again to pause"),
                        {QKeySequence(Qt::Key_Space), QKeySequence(Qt::Key_F5)}, int(TransportGlyph::Play))),
      m_runToEndOfPhase(makeAction(
          "runToEndOfPhase", tr("Run to the end of the &phase"),
          tr("Step to the end of the phase on screen (what the last step began of the next phase waits for Step)"),
          {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right)}, int(TransportGlyph::RunToEndOfPhase))),
      m_runToEnd(makeAction("runToEnd", tr("Run to the &end"), tr("Step until the scenario's designed end"),
                            {QKeySequence(Qt::CTRL | Qt::Key_End)}, int(TransportGlyph::RunToEnd))),
      m_newSeed(makeAction("newSeed", tr("New &seed"), tr("Start the scenario again with a freshly drawn seed"),
                           {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)}, int(TransportGlyph::NewSeed))),
      m_speed(new QComboBox), m_seed(new QLineEdit) {
    m_play->setCheckable(true);
    m_runToEnd->setIconText(tr("End"));
    for (double speed : {0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 500.0}) m_speed->addItem(tr("%1 steps/s").arg(speed), speed);
    m_speed->setToolTip(tr("How fast Play steps"));
    setSpeed(2.0);

    // A seed is a 64-bit number: at most 20 digits (the lab says so when it is too big).
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), m_seed));
    m_seed->setToolTip(
        tr("The seed of every random byte: same scenario and seed, same bytes. Type one and press Enter to "
           "start again with it."));
    m_seed->setMaximumWidth(m_seed->fontMetrics().horizontalAdvance(QStringLiteral("0000000000000000000000")));
    m_seed->setObjectName(QStringLiteral("seed"));

    connect(m_reset, &QAction::triggered, this, [this] {
        bool ok = false;
        const std::uint64_t seed = m_seed->text().toULongLong(&ok);
        m_seed->setModified(false); // taken: from now on the field shows the lab's seed again
        emit restartRequested(ok ? std::optional<std::uint64_t>(seed) : std::nullopt);
    });
    connect(m_newSeed, &QAction::triggered, this, [this] {
        m_seed->setModified(false);
        emit restartRequested(drawSeed(labSeed()));
    });
    connect(m_seed, &QLineEdit::returnPressed, m_reset, &QAction::trigger);
    connect(m_stepBack, &QAction::triggered, &m_controller, &LabController::stepBack);
    connect(m_step, &QAction::triggered, &m_controller, &LabController::step);
    connect(m_runToEndOfPhase, &QAction::triggered, &m_controller, &LabController::runToEndOfPhase);
    connect(m_runToEnd, &QAction::triggered, &m_controller, &LabController::runToEnd);
    connect(m_play, &QAction::triggered, this, [this](bool play) {
        if (play) m_controller.play(speed());
        else m_controller.pause();
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] {
        if (m_controller.playing()) m_controller.play(speed());
    });
    connect(&m_controller, &LabController::stateChanged, this, &TransportControls::updateState);
    connect(&m_controller, &LabController::reset, this, &TransportControls::updateState);
    updateState();
}

void TransportControls::updateIcons() {
    const QColor color = QApplication::palette().color(QPalette::ButtonText);
    const int playGlyph = m_play->property("glyph").toInt();
    // Drawn again only when they change (a new icon repaints its button: not at every step).
    if (color == m_iconColor && playGlyph == m_iconPlayGlyph) return;
    m_iconColor = color;
    m_iconPlayGlyph = playGlyph;
    for (QAction* a : actions())
        a->setIcon(transportIcon(static_cast<TransportGlyph>(a->property("glyph").toInt()), color));
}

QList<QAction*> TransportControls::actions() const {
    return {m_reset, m_stepBack, m_step, m_play, m_runToEndOfPhase, m_runToEnd, m_newSeed};
}

double TransportControls::speed() const { return m_speed->currentData().toDouble(); }

void TransportControls::setSpeed(double stepsPerSecond) {
    int best = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - stepsPerSecond) <
            std::abs(m_speed->itemData(best).toDouble() - stepsPerSecond))
            best = i;
    m_speed->setCurrentIndex(best);
}

void TransportControls::populate(QToolBar& toolbar) {
    toolbar.addAction(m_reset);
    toolbar.addAction(m_stepBack);
    toolbar.addAction(m_step);
    toolbar.addAction(m_play);
    toolbar.addWidget(m_speed);
    toolbar.addAction(m_runToEndOfPhase);
    toolbar.addAction(m_runToEnd);
    toolbar.addSeparator();
    toolbar.addWidget(new QLabel(tr(" Seed ")));
    toolbar.addWidget(m_seed);
    toolbar.addAction(m_newSeed);
    if (QWidget* window = toolbar.window()) new ShortcutPriority(*window, actions(), this);
    new ToolbarFit(toolbar);
}

void TransportControls::setSeedFixed(const QString& why) {
    if (m_seedToolTips.isEmpty()) m_seedToolTips = {m_seed->toolTip(), m_newSeed->toolTip()};
    m_seedFixed = why;
    m_seed->setEnabled(why.isEmpty());
    m_seed->setToolTip(why.isEmpty() ? m_seedToolTips[0] : why);
    m_newSeed->setToolTip(why.isEmpty() ? m_seedToolTips[1] : why);
    updateState();
}

std::optional<std::uint64_t> TransportControls::labSeed() const {
    std::optional<std::uint64_t> seed;
    m_controller.read([&seed](const lab::Lab& lab) { seed = lab.seed(); });
    return seed;
}

void TransportControls::updateState() {
    std::size_t steps = 0;
    std::uint64_t seed = 0;
    const bool haveLab = m_controller.read([&](const lab::Lab& lab) {
        steps = lab.stepCount();
        seed = lab.seed();
    });
    for (QAction* a : actions()) a->setEnabled(haveLab);
    m_stepBack->setEnabled(haveLab && steps > 0);
    m_newSeed->setEnabled(haveLab && m_seedFixed.isEmpty());
    const bool playing = m_controller.playing();
    m_play->setChecked(playing);
    m_play->setText(playing ? tr("&Pause") : tr("&Play"));
    m_play->setProperty("glyph", int(playing ? TransportGlyph::Pause : TransportGlyph::Play));
    updateIcons();
    // The seed the lab runs with (drawn when none was given) — unless the user is typing one.
    if (haveLab && !(m_seed->hasFocus() && m_seed->isModified())) {
        if (m_seed->text() != QString::number(seed)) m_seed->setText(QString::number(seed)); // no repaint per step
        m_seed->setModified(false);
    }
}

} // namespace ipseclab::ui
