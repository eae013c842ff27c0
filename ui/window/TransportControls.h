// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's transport: reset, step back, step, play / pause at a chosen speed, run to the end of
// the phase, run to the end, new seed — one QAction each, shared by the toolbar, the Lab menu and
// the keyboard — and the seed, shown and editable (Enter restarts the scenario with it, New seed
// draws another, Reset keeps it). The actions follow the controller's state: nothing to step back
// to, no lab, playing. Their shortcuts work from any focus in the window, a text field's included
// (ShortcutPriority).

#include <QColor>
#include <QObject>
#include <QStringList>

#include <cstdint>
#include <optional>

class QAction;
class QComboBox;
class QLineEdit;
class QToolBar;

namespace ipseclab::ui {

class LabController;

class TransportControls : public QObject {
    Q_OBJECT
public:
    explicit TransportControls(LabController& controller, QObject* parent = nullptr);

    QAction* resetAction() const { return m_reset; }
    QAction* stepBackAction() const { return m_stepBack; }
    QAction* stepAction() const { return m_step; }
    QAction* playAction() const { return m_play; }
    QAction* runToEndOfPhaseAction() const { return m_runToEndOfPhase; }
    QAction* runToEndAction() const { return m_runToEnd; }
    QAction* newSeedAction() const { return m_newSeed; }
    QList<QAction*> actions() const;

    // Steps per second while playing.
    double speed() const;
    void setSpeed(double stepsPerSecond);
    QLineEdit* seedEdit() const { return m_seed; }
    QComboBox* speedBox() const { return m_speed; }
    // Adds the actions, the speed and the seed to a toolbar; the actions' shortcuts then take
    // precedence over the keys of any widget of the toolbar's window. From then on the toolbar
    // shows the buttons' text beside their icons only while it has room for it (icons alone, the
    // text in the tooltips, when it has not), so that no control hides behind its » menu.
    void populate(QToolBar& toolbar);
    // Redraws the icons in the application palette's colours (after a theme change).
    void updateIcons();
    // The seed is not the user's to change (a lab code sets it): New seed and the seed field are
    // disabled, and their tooltips say `why`. Empty: both free again.
    void setSeedFixed(const QString& why);

signals:
    // Start the scenario again with this seed (none: the scenario's own).
    void restartRequested(std::optional<std::uint64_t> seed);

private:
    void updateState();
    std::optional<std::uint64_t> labSeed() const;
    // An action of the transport; `name` is its objectName ("step"), which stays when the text is translated.
    QAction* makeAction(const char* name, const QString& text, const QString& toolTip,
                        const QList<QKeySequence>& shortcuts, int glyph);

    LabController& m_controller;
    QAction* m_reset;
    QAction* m_stepBack;
    QAction* m_step;
    QAction* m_play;
    QAction* m_runToEndOfPhase;
    QAction* m_runToEnd;
    QAction* m_newSeed;
    QComboBox* m_speed;
    QLineEdit* m_seed;
    QString m_seedFixed; // why the seed cannot be changed; empty: it can
    QColor m_iconColor;  // the icons as last drawn: their colour and Play's glyph
    int m_iconPlayGlyph = -1;
    QStringList m_seedToolTips; // the seed field's and New seed's own, while it can
};

} // namespace ipseclab::ui
