// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The sequence diagram in the middle of the window: lane headers that stay put, rows that scroll
// beneath them, painted only where visible so a timeline of thousands of ESP packets scrolls as
// lightly as a handshake. Clicking a row (or Up/Down) selects its event in the shared
// EventSelection; a selection made anywhere else scrolls its row into view. While the view is at
// the bottom it follows new rows, as a terminal does.

#include <QAbstractScrollArea>

#include <memory>

#include "ui/common/SequenceDiagramPainter.h"

namespace ipseclab::ui {

class DiagramRows;
class EventSelection;

class SequenceDiagramView : public QAbstractScrollArea {
    Q_OBJECT
public:
    SequenceDiagramView(DiagramRows& rows, EventSelection& selection, QWidget* parent = nullptr);
    ~SequenceDiagramView() override;

    const DiagramRows& rows() const { return m_rows; }
    const SequenceDiagramPainter& diagramPainter() const { return *m_painter; }
    // The WAN's header says whether a NAT sits on it.
    void setNat(bool nat);
    qsizetype selectedRow() const;
    // Where row `index` is drawn, in viewport coordinates (it may be outside the viewport).
    QRect rowRect(qsizetype index) const;
    void scrollToRow(qsizetype index);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void rebuildPainter();
    void onRowsUpdated(qsizetype firstChanged);
    void updateScrollBar();
    void selectRow(qsizetype row);
    int contentY(int viewportY) const;

    DiagramRows& m_rows;
    EventSelection& m_selection;
    std::unique_ptr<SequenceDiagramPainter> m_painter;
    bool m_nat = false;
};

} // namespace ipseclab::ui
