// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/report/ReportDiagram.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPalette>

#include <algorithm>

#include "lab/Timeline.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/SequenceDiagramPainter.h"

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

ReportDiagram ReportDiagram::draw(const lab::Timeline& timeline, bool nat, int width, int pieceHeight,
                                  const QFont& font, bool everyRow, qreal scale) {
    DiagramRows model;
    model.append(timeline, 0, static_cast<qsizetype>(timeline.size()));
    SequenceDiagramPainter painter(model, font, paperPalette());
    painter.setNat(nat);
    painter.setWidth(width);
    painter.relayout();

    // The rows drawn: all, or all but the routine ones between the first pings and the last. A
    // routine row is a packet whose every event is routine by the report text's own test
    // (lab::routinePacket), so the text and its diagram sum up the same traffic.
    std::vector<bool> routine(model.rows().size());
    for (std::size_t r = 0; r < routine.size(); ++r) routine[r] = model.rows()[r].kind == DiagramRow::Kind::Packet;
    for (const lab::LabEvent& e : timeline)
        if (const qsizetype r = model.rowOfEvent(static_cast<qsizetype>(e.index)); r >= 0 && !lab::routinePacket(e))
            routine[static_cast<std::size_t>(r)] = false;
    const auto routineRows = static_cast<qsizetype>(std::count(routine.begin(), routine.end(), true));
    std::vector<qsizetype> kept;
    qsizetype routineSeen = 0;
    for (qsizetype r = 0; r < model.rowCount() && static_cast<qsizetype>(kept.size()) < kMaxRows; ++r) {
        if (!everyRow && routine[static_cast<std::size_t>(r)]) {
            const qsizetype k = routineSeen++;
            if (k >= kRoutineRowsFirst && k < routineRows - kRoutineRowsLast) continue;
        }
        kept.push_back(r);
    }

    ReportDiagram diagram;
    diagram.width = painter.width();
    diagram.rowsDrawn = static_cast<qsizetype>(kept.size());
    diagram.rowsLeftOut = model.rowCount() - diagram.rowsDrawn;
    // Whole rows per piece, as many as fit under the headers (at least one, however tall); a
    // piece ends where rows were left out.
    const int room = std::max(pieceHeight - painter.headerHeight(), 1);
    qsizetype previous = -1;
    for (std::size_t i = 0; i < kept.size();) {
        const qsizetype first = kept[i];
        std::size_t j = i;
        while (j + 1 < kept.size() && kept[j + 1] == kept[j] + 1 &&
               painter.rowTop(kept[j + 1]) + painter.rowHeight(kept[j + 1]) - painter.rowTop(first) <= room)
            ++j;
        diagram.pieces.push_back(Piece{piece(painter, first, kept[j], scale), first - previous - 1});
        previous = kept[j];
        i = j + 1;
    }
    return diagram;
}

} // namespace ipseclab::ui
