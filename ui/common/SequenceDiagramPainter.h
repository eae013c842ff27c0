// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Draws the sequence diagram of a DiagramRows: the lane headers (Host A, Site A, the WAN, Site B,
// Host B, each site's current state), then any range of rows — phase bands, one arrow per packet
// with its textbook label, a padlock for encrypted messages, red with the reason for failed or
// rejected ones, attacks dashed in their own colour, each site's state beside its lane and the
// timers on the time axis. The view paints only the rows in sight; the exporters paint them all
// (PNG, SVG) with the same code. Geometry follows the font, so a bigger font is a bigger diagram.

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QRect>
#include <QString>

#include <array>
#include <limits>
#include <vector>

#include "ui/common/DiagramRows.h"

class QPainter;

namespace ipseclab::ui {

class SequenceDiagramPainter {
public:
    struct Colors {
        QColor background, text, mutedText, lane, highlight;
        QColor packet, lan, failure, ignored, attack, good;
        QColor phase[5];
    };

    SequenceDiagramPainter(const DiagramRows& rows, const QFont& font, const QPalette& palette);
    // The diagram's colours for a palette (light or dark); the log uses the same red.
    static Colors colorsFor(const QPalette& palette);

    // The headers' second lines: "gateway 127.0.0.1 · initiator" ...; the WAN says whether a NAT sits on it.
    void setNat(bool nat) { m_nat = nat; }
    // The width drawn: at least minimumWidth(), however narrow the view.
    void setWidth(int width);
    int width() const { return m_width; }
    // The narrowest width that shows all five lanes with their headers readable (it grows with the font).
    int minimumWidth() const { return m_minimumWidth; }
    // The width at which no row's label is cut (an export's width), at most kMaxNaturalWidth.
    int naturalWidth() const;
    static constexpr int kMaxNaturalWidth = 6000;
    int headerHeight() const { return m_headerHeight; }
    int laneX(Lane lane) const;

    // Row geometry (rows with a reason are taller, for two lines of it). relayout() after the
    // DiagramRows changed rows from `first` on; y counts from the first row's top.
    void relayout(qsizetype first = 0);
    int rowTop(qsizetype index) const;
    int rowHeight(qsizetype index) const;
    int contentHeight() const;
    // The height of a plain packet row (a reason makes a row taller).
    int rowHeightHint() const { return m_rowHeight; }
    // The row drawn at height y, -1 if none.
    qsizetype rowAt(int y) const;
    const Colors& colors() const { return m_colors; }
    // The colour a row's arrow (or a note's frame) is drawn in.
    QColor colorOf(const DiagramRow& row) const;

    void paintHeader(QPainter& painter) const;
    // Rows [first, last], with y = 0 at the first row's top (translate the painter to scroll);
    // `selected` is highlighted (-1: none).
    void paintRows(QPainter& painter, qsizetype first, qsizetype last, qsizetype selected) const;
    // The header and the rows, for an export: all of them, or those starting above `maxHeight`.
    void paintAll(QPainter& painter, qsizetype selected, int maxHeight = std::numeric_limits<int>::max()) const;
    int fullHeight() const;

    // What the mouse points at (in row coordinates, as paintRows draws): a tooltip.
    QString toolTip(const QPoint& point) const;
    // Row `index` in words, a line per fact: its caption, route and times, reason, states and
    // timers (the tooltip, and what a screen reader says).
    QStringList describe(qsizetype index) const;

private:
    struct Head {
        Lane lane;
        QString title;
        QString subtitle;
        QString role;
    };
    static std::array<Head, 5> heads(bool nat);
    int narrowest(); // sets m_lanGap too
    std::array<int, 5> lanesAt(int width) const;
    int heightOf(const DiagramRow& row) const;
    int arrowY(int top) const;
    // Where a site's state chip is drawn in a row (the row's last state of that site).
    QRect stateRect(const DiagramRow& row, lab::Origin site, int top) const;
    QRect timerRect(int top) const;
    void paintPacket(QPainter& painter, const DiagramRow& row, int top) const;
    void paintNote(QPainter& painter, const DiagramRow& row, int top) const;
    void paintMarks(QPainter& painter, const DiagramRow& row, int top) const;
    void paintPadlock(QPainter& painter, const QPointF& at, const QColor& color) const;
    QString routeOf(const DiagramRow& row) const;

    const DiagramRows& m_rows;
    QFont m_font;
    QFont m_smallFont;
    QFont m_boldFont;
    Colors m_colors;
    bool m_nat = false;
    int m_width = 800;
    int m_minimumWidth = 480;
    int m_lanGap = 100;           // the narrowest gap between a host and its gateway
    std::array<int, 5> m_lanes{}; // each lane's x at m_width
    int m_lineHeight = 16;
    int m_smallLineHeight = 14;
    int m_rowHeight = 40;    // a row without a reason
    std::vector<int> m_tops; // per row; one more entry: the bottom of the last row
    int m_headerHeight = 70;
    int m_timeColumn = 90;
};

} // namespace ipseclab::ui
