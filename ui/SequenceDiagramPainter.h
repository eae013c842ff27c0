#pragma once
// Draws the sequence diagram of a DiagramModel: the lane headers (Host A, Site A, the WAN, Site B,
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

#include <limits>
#include <vector>

#include "DiagramModel.h"

class QPainter;

namespace ipseclab::ui {

class SequenceDiagramPainter {
public:
    struct Colors {
        QColor background, text, mutedText, lane, highlight;
        QColor packet, lan, failure, ignored, attack, good;
        QColor phase[5];
    };

    SequenceDiagramPainter(const DiagramModel& model, const QFont& font, const QPalette& palette);
    // The diagram's colours for a palette (light or dark); the log uses the same red.
    static Colors colorsFor(const QPalette& palette);

    // The headers' second lines: "gateway 127.0.0.1 · initiator" ...; the WAN says whether a NAT sits on it.
    void setNat(bool nat) { m_nat = nat; }
    void setWidth(int width);
    int width() const { return m_width; }
    int headerHeight() const { return m_headerHeight; }
    int laneX(Lane lane) const;

    // Row geometry (rows with a reason are taller, for two lines of it). relayout() after the
    // model changed rows from `first` on; y counts from the first row's top.
    void relayout(qsizetype first = 0);
    int rowTop(qsizetype index) const;
    int rowHeight(qsizetype index) const;
    int contentHeight() const;
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

private:
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

    const DiagramModel& m_model;
    QFont m_font;
    QFont m_smallFont;
    QFont m_boldFont;
    Colors m_colors;
    bool m_nat = false;
    int m_width = 800;
    int m_lineHeight = 16;
    int m_smallLineHeight = 14;
    int m_rowHeight = 40; // a row without a reason
    std::vector<int> m_tops; // per row; one more entry: the bottom of the last row
    int m_headerHeight = 70;
    int m_timeColumn = 90;
};

} // namespace ipseclab::ui
