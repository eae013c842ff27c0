// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The sequence diagram for the session report: the lab's timeline folded by a DiagramRows and
// drawn by the window's own painter (SequenceDiagramPainter) in the light palette, cut into
// pieces that fit a printed page, each with the lane headers on top. PNG pieces, so the same HTML
// shows them in a browser and in the PDF (QTextDocument draws no SVG). Like the report's text,
// and by the same test (lab::routinePacket on every event of a row), the diagram sums up the
// routine traffic: it keeps the first pings and the last, and every row that is not a plain
// delivery (an attack, a refusal, a note); the rows left out are counted where they were.

#include <QByteArray>
#include <QFont>

#include <vector>

namespace ipseclab::lab {
class Timeline;
}

namespace ipseclab::ui {

struct ReportDiagram {
    // Routine rows kept at the start of the data transfer and at its end: two pings there and
    // back (six rows each: LAN A, ESP, LAN B, and back), one at the end.
    static constexpr qsizetype kRoutineRowsFirst = 12;
    static constexpr qsizetype kRoutineRowsLast = 6;
    // With every row asked for, a long run's diagram still stops after this many (the PDF would
    // run to hundreds of pages); the diagram export (File menu) draws all of them.
    static constexpr qsizetype kMaxRows = 300;

    struct Piece {
        QByteArray png;                  // at most pieceHeight tall (in diagram pixels), `scale` times as many pixels
        qsizetype rowsLeftOutBefore = 0; // routine rows not drawn between the previous piece and this one
    };
    std::vector<Piece> pieces;
    qsizetype rowsDrawn = 0;
    qsizetype rowsLeftOut = 0; // in all: between pieces and, past kMaxRows, at the end
    int width = 0;             // in diagram pixels

    // Draws `timeline` `width` pixels wide in `font`; every row, or the routine ones summed up.
    static ReportDiagram draw(const lab::Timeline& timeline, bool nat, int width, int pieceHeight, const QFont& font,
                              bool everyRow, qreal scale = 2.0);
};

} // namespace ipseclab::ui
