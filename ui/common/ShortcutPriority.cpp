// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/ShortcutPriority.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace ipseclab::ui {

ShortcutPriority::ShortcutPriority(QWidget& window, QList<QAction*> actions, QObject* parent)
    : QObject(parent), m_window(&window), m_actions(std::move(actions)) {
    qApp->installEventFilter(this);
}

QAction* ShortcutPriority::actionFor(const QKeyEvent& event) const {
    const QKeySequence pressed(QKeyCombination(event.modifiers() & ~Qt::KeypadModifier, Qt::Key(event.key())));
    for (QAction* action : m_actions)
        if (action->isEnabled() && action->shortcuts().contains(pressed)) return action;
    return nullptr;
}

bool ShortcutPriority::widgetTakesPlainKey(const QWidget* focus, const QKeyEvent& event) {
    if (!focus || (event.modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier || event.text().isEmpty()) return false;
    if (const auto* line = qobject_cast<const QLineEdit*>(focus)) return !line->isReadOnly();
    if (const auto* text = qobject_cast<const QTextEdit*>(focus)) return !text->isReadOnly();
    if (const auto* plain = qobject_cast<const QPlainTextEdit*>(focus)) return !plain->isReadOnly();
    return qobject_cast<const QAbstractButton*>(focus) || qobject_cast<const QAbstractSpinBox*>(focus) ||
           qobject_cast<const QComboBox*>(focus) || qobject_cast<const QAbstractItemView*>(focus);
}

bool ShortcutPriority::inWindow(const QWidget* widget) const {
    // A floating dock is a window of its own, but still part of ours.
    for (const QWidget* w = widget; w; w = w->parentWidget())
        if (w == m_window) return true;
    return false;
}

bool ShortcutPriority::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::ShortcutOverride || !m_window) return false;
    const auto* focus = qobject_cast<QWidget*>(watched);
    if (!focus || !inWindow(focus)) return false;
    const auto& key = static_cast<const QKeyEvent&>(*event);
    if (!actionFor(key) || widgetTakesPlainKey(focus, key)) return false;
    // Unanswered, the override lets Qt go on to the shortcut: the focused widget never claims the key.
    event->ignore();
    return true;
}

} // namespace ipseclab::ui
