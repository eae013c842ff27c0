// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/HexView.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

#include "ui/common/AppTheme.h"

namespace ipseclab::ui {

namespace {
constexpr int kOffsetChars = 6; // "0000  "
constexpr int kMargin = 6;
} // namespace

HexView::HexView(QWidget* parent) : QAbstractScrollArea(parent) {
    setFont(AppTheme::monospace()); // the size follows the text size (a projector)
    viewport()->setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    AppTheme::repaintOnFocus(this);
    setAccessibleName(tr("Bytes"));
    setAccessibleDescription(
        tr("The packet's bytes in hex, with their offsets and as ASCII; the selected field's bytes are "
           "highlighted. The field tree above names every byte."));
}

void HexView::setBytes(const Bytes& bytes) {
    m_bytes = bytes;
    m_highlightOffset = m_highlightLength = 0;
    m_hovered = -1;
    updateScrollBars();
    viewport()->update();
}

void HexView::setHighlight(std::size_t offset, std::size_t length) {
    m_highlightOffset = offset;
    m_highlightLength = length;
    // Bring the start of the field into view.
    const int row = static_cast<int>(offset / m_bytesPerRow);
    const int visibleRows = std::max(1, viewport()->height() / lineHeight());
    QScrollBar* bar = verticalScrollBar();
    if (row < bar->value() || row >= bar->value() + visibleRows) bar->setValue(std::max(0, row - visibleRows / 3));
    viewport()->update();
}

int HexView::rowCount() const { return static_cast<int>((m_bytes.size() + m_bytesPerRow - 1) / m_bytesPerRow); }
int HexView::charWidth() const { return fontMetrics().horizontalAdvance(QLatin1Char('0')); }
int HexView::lineHeight() const { return fontMetrics().height(); }

// Hex digits: "xx " per byte, with one extra space between the two groups of eight.
int HexView::hexColumnX(int column) const {
    return kMargin + charWidth() * (kOffsetChars + column * 3 + (column >= 8 ? 1 : 0));
}

int HexView::asciiColumnX(int column) const { return hexColumnX(m_bytesPerRow) + charWidth() * (2 + column); }

int HexView::contentWidth(int bytesPerRow) const {
    // The ASCII column starts where a byte `bytesPerRow` would, and holds one character per byte.
    return hexColumnX(bytesPerRow) + charWidth() * (2 + bytesPerRow) + kMargin;
}

void HexView::fitRowsToWidth() {
    int fit = 4;
    for (int candidate : {16, 8})
        if (contentWidth(candidate) <= viewport()->width()) {
            fit = candidate;
            break;
        }
    if (fit == m_bytesPerRow) return;
    m_bytesPerRow = fit; // the callers update the scroll bars next
    viewport()->update();
}

QRect HexView::hexRect(std::size_t offset) const {
    const int row = static_cast<int>(offset / m_bytesPerRow) - verticalScrollBar()->value();
    const int column = static_cast<int>(offset % m_bytesPerRow);
    return QRect(hexColumnX(column) - horizontalScrollBar()->value(), row * lineHeight(), charWidth() * 2,
                 lineHeight());
}

int HexView::byteAt(const QPoint& point) const {
    const int x = point.x() + horizontalScrollBar()->value();
    const int row = point.y() / lineHeight() + verticalScrollBar()->value();
    if (point.y() < 0 || row >= rowCount()) return -1;
    for (int column = 0; column < m_bytesPerRow; ++column) {
        const bool onHex = x >= hexColumnX(column) && x < hexColumnX(column) + charWidth() * 2;
        const bool onAscii = x >= asciiColumnX(column) && x < asciiColumnX(column) + charWidth();
        if (onHex || onAscii) {
            const std::size_t offset = static_cast<std::size_t>(row) * m_bytesPerRow + static_cast<std::size_t>(column);
            return offset < m_bytes.size() ? static_cast<int>(offset) : -1;
        }
    }
    return -1;
}

QSize HexView::sizeHint() const {
    return QSize(contentWidth(16) + verticalScrollBar()->sizeHint().width(), lineHeight() * 12);
}

void HexView::updateScrollBars() {
    const int visibleRows = std::max(1, viewport()->height() / std::max(1, lineHeight()));
    verticalScrollBar()->setRange(0, std::max(0, rowCount() - visibleRows));
    verticalScrollBar()->setPageStep(visibleRows);
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth(m_bytesPerRow) - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void HexView::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    const QPalette& pal = palette();
    painter.fillRect(viewport()->rect(), pal.base());
    painter.translate(-horizontalScrollBar()->value(), 0);
    const int height = lineHeight();
    const int ascent = fontMetrics().ascent();
    const int first = verticalScrollBar()->value();
    const int last = std::min(rowCount(), first + viewport()->height() / height + 2);
    const QColor hoverColor = pal.highlight().color().lighter(170);

    for (int row = first; row < last; ++row) {
        const int y = (row - first) * height;
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(kMargin, y + ascent, QStringLiteral("%1").arg(row * m_bytesPerRow, 4, 16, QLatin1Char('0')));
        for (int column = 0; column < m_bytesPerRow; ++column) {
            const std::size_t offset = static_cast<std::size_t>(row) * m_bytesPerRow + static_cast<std::size_t>(column);
            if (offset >= m_bytes.size()) break;
            const bool selected = offset >= m_highlightOffset && offset < m_highlightOffset + m_highlightLength;
            const bool hovered = static_cast<int>(offset) == m_hovered;
            // Highlight the gap after a byte too when the field continues on this row.
            const bool continues = selected && offset + 1 < m_highlightOffset + m_highlightLength &&
                                   column + 1 < m_bytesPerRow;
            const int hexWidth = charWidth() * (continues ? 3 + (column == 7 ? 1 : 0) : 2);
            const QRect hexBox(hexColumnX(column), y, hexWidth, height);
            const QRect asciiBox(asciiColumnX(column), y, charWidth(), height);
            if (selected || hovered) {
                const QColor fill = selected ? pal.highlight().color() : hoverColor;
                painter.fillRect(hexBox, fill);
                painter.fillRect(asciiBox, fill);
            }
            painter.setPen(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
            const std::uint8_t byte = m_bytes[offset];
            painter.drawText(hexColumnX(column), y + ascent, QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')));
            const QChar ascii = byte >= 0x20 && byte < 0x7f ? QChar(byte) : QChar('.');
            painter.drawText(asciiColumnX(column), y + ascent, QString(ascii));
        }
    }
    painter.resetTransform();
    if (hasFocus()) AppTheme::paintFocusFrame(painter, viewport()->rect(), pal);
}

void HexView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    fitRowsToWidth();
    updateScrollBars();
}

void HexView::changeEvent(QEvent* event) {
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        fitRowsToWidth();
        updateScrollBars();
    }
}

void HexView::setHovered(int offset) {
    if (offset == m_hovered) return;
    m_hovered = offset;
    viewport()->update();
    emit byteHovered(offset);
}

void HexView::mouseMoveEvent(QMouseEvent* event) { setHovered(byteAt(event->position().toPoint())); }

void HexView::mousePressEvent(QMouseEvent* event) {
    const int offset = byteAt(event->position().toPoint());
    if (offset >= 0) emit byteClicked(offset);
}

void HexView::leaveEvent(QEvent* event) {
    QAbstractScrollArea::leaveEvent(event);
    setHovered(-1);
}

} // namespace ipseclab::ui
