// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A one-line label that fits the width it is given: the text is cut with "…" (at the right unless
// told otherwise) and shown whole in the tooltip, and the label never asks for more than a few
// characters of width — the line under the hex pane or the status line cannot widen their dock or
// the window. Screen readers and text() still get the whole text.

#include <QLabel>

namespace ipseclab::ui {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;
    // The text as drawn now (elided or whole).
    QString shownText() const;
    // Where the text is cut: at the right (the default), or in the middle (a path keeps its file name).
    void setElideMode(Qt::TextElideMode mode);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    Qt::TextElideMode m_elideMode = Qt::ElideRight;
};

} // namespace ipseclab::ui
