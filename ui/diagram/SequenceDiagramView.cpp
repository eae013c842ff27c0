// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/diagram/SequenceDiagramView.h"

#include <QAccessible>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QScreen>
#include <QScrollBar>
#include <QToolTip>

#include "ui/common/AppTheme.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/EventSelection.h"
#include "ui/diagram/DiagramAccessible.h"

namespace ipseclab::ui {

SequenceDiagramView::SequenceDiagramView(DiagramRows& rows, EventSelection& selection, QWidget* parent)
    : QAbstractScrollArea(parent), m_rows(rows), m_selection(selection) {
    // Before anything (a name set below) makes QAccessible build and cache a plain interface.
    static const bool factoryInstalled = [] {
        QAccessible::installFactory(&DiagramAccessible::factory);
        return true;
    }();
    Q_UNUSED(factoryInstalled);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    AppTheme::repaintOnFocus(this);
    viewport()->setMouseTracking(true);
    // Sideways only as a last resort: the window keeps the diagram at least its minimum width.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setToolTip(tr("The exchange, one arrow per packet. Click an arrow to inspect it; Up and Down walk through them."));
    setAccessibleName(tr("Sequence diagram"));
    setAccessibleDescription(
        tr("The exchange between Host A, Site A, the WAN, Site B and Host B, one row per packet or event, "
           "oldest first. Up and Down select the previous or next packet; each row is read with its route, "
           "times and verdict. The Log (View menu, Ctrl+Shift+L) lists the same events as a table."));
    rebuildPainter();
    connect(&m_rows, &DiagramRows::modelReset, this, [this] {
        if (auto* accessible = dynamic_cast<DiagramAccessible*>(QAccessible::queryAccessibleInterface(this)))
            accessible->forgetRows();
        m_painter->relayout(0);
        updateScrollBar();
        verticalScrollBar()->setValue(0);
        viewport()->update();
    });
    connect(&m_rows, &DiagramRows::rowsUpdated, this,
            [this](qsizetype firstChanged, qsizetype) { onRowsUpdated(firstChanged); });
    connect(&m_selection, &EventSelection::currentChanged, this, [this] {
        scrollToRow(selectedRow());
        viewport()->update();
        // A screen reader follows the selected row as it would a list's current item.
        if (QAccessible::isActive() && selectedRow() >= 0) {
            QAccessibleEvent focus(this, hasFocus() ? QAccessible::Focus : QAccessible::Selection);
            focus.setChild(static_cast<int>(selectedRow()));
            QAccessible::updateAccessibility(&focus);
        }
    });
}

SequenceDiagramView::~SequenceDiagramView() = default;

void SequenceDiagramView::rebuildPainter() {
    m_painter = std::make_unique<SequenceDiagramPainter>(m_rows, font(), palette());
    m_painter->setNat(m_nat);
    m_painter->setWidth(viewport()->width());
    updateScrollBar();
    updateGeometry(); // the minimum width follows the font
    viewport()->update();
}

void SequenceDiagramView::setNat(bool nat) {
    m_nat = nat;
    m_painter->setNat(nat);
    viewport()->update();
}

QSize SequenceDiagramView::sizeHint() const { return {900, 600}; }

// All five lanes with their headers readable; with very large text on a small screen, at most
// 70% of the screen (the rest scrolls sideways), so the docks keep some room.
QSize SequenceDiagramView::minimumSizeHint() const {
    const int frame = 2 * frameWidth();
    int width = m_painter->minimumWidth();
    if (const QScreen* s = screen()) width = std::min(width, s->availableGeometry().width() * 7 / 10);
    return {width + frame + verticalScrollBar()->sizeHint().width(),
            m_painter->headerHeight() + 3 * m_painter->rowHeightHint() + frame};
}

qsizetype SequenceDiagramView::selectedRow() const { return m_rows.rowOfEvent(m_selection.current()); }

int SequenceDiagramView::contentY(int viewportY) const {
    return viewportY - m_painter->headerHeight() + verticalScrollBar()->value();
}

QRect SequenceDiagramView::rowRect(qsizetype index) const {
    if (index < 0 || index >= m_rows.rowCount()) return {};
    const int y = m_painter->headerHeight() + m_painter->rowTop(index) - verticalScrollBar()->value();
    return QRect(0, y, viewport()->width(), m_painter->rowHeight(index));
}

void SequenceDiagramView::scrollToRow(qsizetype index) {
    if (index < 0 || index >= m_rows.rowCount()) return;
    const int top = m_painter->rowTop(index);
    const int bottom = top + m_painter->rowHeight(index);
    const int visible = viewport()->height() - m_painter->headerHeight();
    QScrollBar* bar = verticalScrollBar();
    if (top < bar->value()) bar->setValue(top);
    else if (bottom > bar->value() + visible) bar->setValue(bottom - visible);
}

void SequenceDiagramView::updateScrollBar() {
    const int visible = std::max(0, viewport()->height() - m_painter->headerHeight());
    QScrollBar* bar = verticalScrollBar();
    bar->setRange(0, std::max(0, m_painter->contentHeight() - visible));
    bar->setPageStep(std::max(1, visible));
    bar->setSingleStep(QFontMetrics(font()).height() * 2);
    QScrollBar* across = horizontalScrollBar();
    across->setRange(0, std::max(0, m_painter->width() - viewport()->width()));
    across->setPageStep(std::max(1, viewport()->width()));
    across->setSingleStep(QFontMetrics(font()).height() * 2);
}

void SequenceDiagramView::onRowsUpdated(qsizetype firstChanged) {
    QScrollBar* bar = verticalScrollBar();
    const bool following = bar->value() >= bar->maximum() - 2;
    m_painter->relayout(firstChanged);
    updateScrollBar();
    if (following) bar->setValue(bar->maximum());
    viewport()->update();
}

void SequenceDiagramView::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), m_painter->colors().background);
    painter.translate(-horizontalScrollBar()->value(), 0);
    const int header = m_painter->headerHeight();
    const int scroll = verticalScrollBar()->value();
    const qsizetype first = m_painter->rowAt(scroll);
    if (first >= 0) {
        qsizetype last = m_painter->rowAt(scroll + viewport()->height() - header);
        if (last < 0) last = m_rows.rowCount() - 1;
        painter.save();
        painter.setClipRect(
            QRect(horizontalScrollBar()->value(), header, viewport()->width(), viewport()->height() - header));
        painter.translate(0, header + m_painter->rowTop(first) - scroll);
        m_painter->paintRows(painter, first, last, selectedRow());
        painter.restore();
    }
    m_painter->paintHeader(painter);
    painter.resetTransform();
    if (hasFocus()) AppTheme::paintFocusFrame(painter, viewport()->rect(), palette());
}

void SequenceDiagramView::selectRow(qsizetype row) {
    if (row < 0 || row >= m_rows.rowCount()) return;
    m_selection.select(m_rows.row(row).event);
    scrollToRow(row);
}

void SequenceDiagramView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QAbstractScrollArea::mousePressEvent(event);
    if (event->position().y() < m_painter->headerHeight()) return;
    selectRow(m_painter->rowAt(contentY(static_cast<int>(event->position().y()))));
}

void SequenceDiagramView::keyPressEvent(QKeyEvent* event) {
    const qsizetype current = selectedRow();
    const qsizetype last = m_rows.rowCount() - 1;
    // Up and Down skip the phase headers: they walk from packet to packet (and note to note).
    auto walk = [this, last](qsizetype from, int step) {
        for (qsizetype r = from + step; r >= 0 && r <= last; r += step)
            if (m_rows.row(r).kind != DiagramRow::Kind::Phase) return r;
        return from;
    };
    switch (event->key()) {
    case Qt::Key_Down: selectRow(walk(current < 0 ? -1 : current, 1)); break;
    case Qt::Key_Up: selectRow(walk(current < 0 ? last + 1 : current, -1)); break;
    case Qt::Key_Home: selectRow(walk(-1, 1)); break;
    case Qt::Key_End: selectRow(walk(last + 1, -1)); break;
    default: QAbstractScrollArea::keyPressEvent(event); return;
    }
    event->accept();
}

bool SequenceDiagramView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::Resize) {
        // The viewport also changes alone, when a scroll bar comes or goes.
        m_painter->setWidth(viewport()->width());
        updateScrollBar();
    }
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        QString tip;
        if (help->pos().y() >= m_painter->headerHeight()) {
            tip = m_painter->toolTip(
                QPoint(help->pos().x() + horizontalScrollBar()->value(), contentY(help->pos().y())));
        } else {
            // Over a site's header: its state now, with the name real gear gives it.
            const int x = help->pos().x() + horizontalScrollBar()->value();
            const bool a = std::abs(x - m_painter->laneX(Lane::SiteA)) < std::abs(x - m_painter->laneX(Lane::Wire));
            const bool b = std::abs(x - m_painter->laneX(Lane::SiteB)) < std::abs(x - m_painter->laneX(Lane::Wire));
            const auto& state = m_rows.currentState(a ? lab::Origin::SiteA : lab::Origin::SiteB);
            if ((a || b) && state)
                tip = tr("%1 now: %2 (%3)").arg(a ? tr("Site A") : tr("Site B"), state->text, state->detail);
            else tip = toolTip();
        }
        if (tip.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), tip, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void SequenceDiagramView::changeEvent(QEvent* event) {
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) rebuildPainter();
}

} // namespace ipseclab::ui
