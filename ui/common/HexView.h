// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A hex pane in Wireshark's style: offset, 16 bytes in hex, the same bytes as ASCII — 8 or 4 per
// row when the pane is too narrow for 16 (a docked inspector beside the diagram), so the bytes
// wrap instead of scrolling sideways. It paints only the rows in view, highlights a byte range
// (the selected field), and reports the byte under the mouse and the byte clicked, so the field
// tree and the bytes stay two views of one list.

#include <QAbstractScrollArea>

#include "base/Bytes.h"

namespace ipseclab::ui {

class HexView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit HexView(QWidget* parent = nullptr);

    void setBytes(const Bytes& bytes);
    const Bytes& bytes() const { return m_bytes; }
    void setHighlight(std::size_t offset, std::size_t length);
    std::size_t highlightOffset() const { return m_highlightOffset; }
    std::size_t highlightLength() const { return m_highlightLength; }

    // The byte drawn at a point of the viewport, -1 if none (also used by tests).
    int byteAt(const QPoint& viewportPoint) const;
    // Where byte `offset` is drawn in hex, in viewport coordinates.
    QRect hexRect(std::size_t offset) const;

    int bytesPerRow() const { return m_bytesPerRow; }

    QSize sizeHint() const override;

signals:
    void byteHovered(int offset); // -1 when the mouse leaves the bytes
    void byteClicked(int offset);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    int rowCount() const;
    int contentWidth(int bytesPerRow) const;
    void fitRowsToWidth(); // the widest of 16, 8, 4 bytes per row that fits the viewport
    int charWidth() const;
    int lineHeight() const;
    int hexColumnX(int column) const;   // x of a byte's hex digits within a row
    int asciiColumnX(int column) const; // x of a byte's ASCII character
    void updateScrollBars();
    void setHovered(int offset);

    Bytes m_bytes;
    std::size_t m_highlightOffset = 0;
    std::size_t m_highlightLength = 0;
    int m_hovered = -1;
    int m_bytesPerRow = 16;
};

} // namespace ipseclab::ui
