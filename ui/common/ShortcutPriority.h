// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Gives some actions' shortcuts priority over the keys of the widget that has the focus, anywhere
// in one window (its floating docks included). Qt lets a focused text field, spin box or table
// claim a key first (QEvent::ShortcutOverride): Ctrl+Right moves a word in the Seed field instead
// of stepping the lab. Here the actions win — except for a plain key (Space, no modifier) that the
// focused widget types or presses itself: a text field's space, a button's click. Such an action
// keeps its other shortcuts (Play: F5).

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QKeyEvent;
class QWidget;

namespace ipseclab::ui {

class ShortcutPriority : public QObject {
    Q_OBJECT
public:
    // Watches the application's key events for `window` and its children.
    ShortcutPriority(QWidget& window, QList<QAction*> actions, QObject* parent = nullptr);

    // The enabled action among ours that `event`'s key triggers, if any.
    QAction* actionFor(const QKeyEvent& event) const;
    // Whether `focus` uses this plain key itself (text fields, buttons, lists...).
    static bool widgetTakesPlainKey(const QWidget* focus, const QKeyEvent& event);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool inWindow(const QWidget* widget) const;

    QPointer<QWidget> m_window;
    QList<QAction*> m_actions;
};

} // namespace ipseclab::ui
