// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sequence diagram for the session report: the lab's timeline folded by a DiagramModel and
// drawn by the window's own painter (SequenceDiagramPainter) in the light palette, cut into
// pieces that fit a printed page, each with the lane headers on top. PNG pieces, so the same HTML
// shows them in a browser and in the PDF (QTextDocument draws no SVG).

#include <QByteArray>
#include <QFont>

#include <vector>

namespace ipseclab::lab {
class Timeline;
}

namespace ipseclab::ui {

struct ReportDiagram {
    // A long run's diagram stops after this many rows (the PDF would run to hundreds of pages);
    // the diagram export (File menu) draws all of them.
    static constexpr qsizetype kMaxRows = 300;

    std::vector<QByteArray> pieces; // PNG, each at most pieceHeight tall (in diagram pixels)
    qsizetype rowsDrawn = 0;
    qsizetype rowsLeftOut = 0;
    int width = 0; // in diagram pixels (the PNGs are `scale` times as many)

    // Draws `timeline` `width` pixels wide in `font`, `scale` image pixels per diagram pixel.
    static ReportDiagram draw(const lab::Timeline& timeline, bool nat, int width, int pieceHeight, const QFont& font,
                              qreal scale = 2.0);
};

} // namespace ipseclab::ui
