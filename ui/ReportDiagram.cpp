// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReportDiagram.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPalette>

#include "DiagramModel.h"
#include "SequenceDiagramPainter.h"
#include "lab/Timeline.h"

namespace ipseclab::ui {

namespace {

// Paper is white, whatever the window's theme.
QPalette paperPalette() {
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Window, Qt::white);
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::WindowText, Qt::black);
    palette.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return palette;
}

QByteArray piece(const SequenceDiagramPainter& painter, qsizetype first, qsizetype last, qreal scale) {
    const int rows = painter.rowTop(last) + painter.rowHeight(last) - painter.rowTop(first);
    const QSize size(painter.width(), painter.headerHeight() + rows);
    QImage image(size * scale, QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.fill(painter.colors().background);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::TextAntialiasing);
        painter.paintHeader(p);
        p.translate(0, painter.headerHeight());
        p.setClipRect(QRect(0, 0, size.width(), rows));
        painter.paintRows(p, first, last, -1);
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

ReportDiagram ReportDiagram::draw(const lab::Timeline& timeline, bool nat, int width, int pieceHeight, const QFont& font,
                                  qreal scale) {
    DiagramModel model;
    model.append(timeline, 0, static_cast<qsizetype>(timeline.size()));
    SequenceDiagramPainter painter(model, font, paperPalette());
    painter.setNat(nat);
    painter.setWidth(width);
    painter.relayout();

    ReportDiagram diagram;
    diagram.width = painter.width();
    diagram.rowsDrawn = std::min(model.rowCount(), kMaxRows);
    diagram.rowsLeftOut = model.rowCount() - diagram.rowsDrawn;
    // Whole rows per piece, as many as fit under the headers (at least one, however tall).
    const int room = std::max(pieceHeight - painter.headerHeight(), 1);
    for (qsizetype first = 0; first < diagram.rowsDrawn;) {
        qsizetype last = first;
        while (last + 1 < diagram.rowsDrawn &&
               painter.rowTop(last + 1) + painter.rowHeight(last + 1) - painter.rowTop(first) <= room)
            ++last;
        diagram.pieces.push_back(piece(painter, first, last, scale));
        first = last + 1;
    }
    return diagram;
}

} // namespace ipseclab::ui
