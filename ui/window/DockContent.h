// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What every dock of the main window holds: its widget inside a frameless scroll area that asks
// for a small, fixed size whatever the widget holds. A long title, a table, a step's text or a
// line under the hex pane can then never widen (or heighten) the dock and squeeze the sequence
// diagram: the widget gets the dock's size, and scrolls in the rare case it cannot shrink to it.

#include <QScrollArea>

namespace ipseclab::ui {

class DockContent : public QScrollArea {
    Q_OBJECT
public:
    explicit DockContent(QWidget* content, QWidget* parent = nullptr);

    // In text lines, so they follow the text size: a dock can be narrowed to a dozen characters.
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;
};

} // namespace ipseclab::ui
