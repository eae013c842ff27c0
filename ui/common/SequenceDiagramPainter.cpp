// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/SequenceDiagramPainter.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <algorithm>
#include <array>
#include <cmath>

#include "lab/Scenario.h"

namespace ipseclab::ui {

namespace {

using Fate = DiagramRow::Fate;

constexpr double kLaneFraction[] = {0.04, 0.26, 0.5, 0.74, 0.96}; // HostA, SiteA, Wire, SiteB, HostB
constexpr int kPhaseStrip = 6;

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

QColor withAlpha(QColor color, int alpha) {
    color.setAlpha(alpha);
    return color;
}

} // namespace

SequenceDiagramPainter::Colors SequenceDiagramPainter::colorsFor(const QPalette& palette) {
    Colors c;
    c.background = palette.color(QPalette::Base);
    c.text = palette.color(QPalette::Text);
    const bool dark = c.background.lightness() < 128;
    c.mutedText = mix(c.text, c.background, 0.4);
    c.lane = mix(c.text, c.background, 0.55);
    c.highlight = withAlpha(palette.color(QPalette::Highlight), dark ? 90 : 60);
    // Saturated enough for a projector, distinct for the common colour blindnesses together with
    // the line styles (attacks dashed, failures crossed).
    c.packet = dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x5f, 0xb4);
    c.lan = dark ? QColor(0x8f, 0xd4, 0x9a) : QColor(0x26, 0x7a, 0x3a);
    c.failure = dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc0, 0x1c, 0x28);
    c.ignored = dark ? QColor(0xf6, 0xc1, 0x77) : QColor(0xb3, 0x5c, 0x00);
    c.attack = dark ? QColor(0xe2, 0x8c, 0xff) : QColor(0x9c, 0x27, 0xb0);
    c.good = c.lan;
    const QColor phases[] = {QColor(0x00, 0x96, 0x88), QColor(0x35, 0x84, 0xe4), QColor(0x91, 0x41, 0xac),
                             QColor(0x2e, 0xc2, 0x7e), QColor(0x86, 0x5e, 0x3c)};
    for (int i = 0; i < 5; ++i) c.phase[i] = phases[i];
    return c;
}

namespace {

// `text` word-wrapped into at most `lines` lines of `width`, the last one elided.
void drawWrapped(QPainter& painter, const QString& text, const QRect& box, int lines, Qt::Alignment alignment) {
    const QFontMetrics metrics(painter.font());
    QTextLayout layout(text, painter.font());
    layout.beginLayout();
    int y = box.top();
    for (int n = 0; n < lines; ++n) {
        QTextLine line = layout.createLine();
        if (!line.isValid()) break;
        line.setLineWidth(box.width());
        QString part = text.mid(line.textStart(), line.textLength());
        if (n == lines - 1 && line.textStart() + line.textLength() < text.size())
            part = metrics.elidedText(text.mid(line.textStart()), Qt::ElideRight, box.width());
        painter.drawText(QRect(box.left(), y, box.width(), metrics.height()),
                         static_cast<int>(alignment | Qt::AlignVCenter), part.trimmed());
        y += metrics.height();
    }
    layout.endLayout();
}

} // namespace

SequenceDiagramPainter::SequenceDiagramPainter(const DiagramRows& rows, const QFont& font, const QPalette& palette)
    : m_rows(rows), m_font(font), m_smallFont(font), m_boldFont(font), m_colors(colorsFor(palette)) {
    m_smallFont.setPointSizeF(font.pointSizeF() * 0.88);
    m_boldFont.setBold(true);
    m_lineHeight = QFontMetrics(m_font).height();
    m_smallLineHeight = QFontMetrics(m_smallFont).height();
    m_rowHeight = static_cast<int>(m_lineHeight * 2.0) + m_smallLineHeight + m_lineHeight / 3;
    // Name, address, role (sites only), then the site's state chip.
    m_headerHeight = static_cast<int>(m_lineHeight * 2.2) + 2 * m_smallLineHeight + m_lineHeight / 2;
    // Room for a time, or for a short timer's name beside its clock face (a long one is cut; its
    // tooltip has it whole): every pixel here is taken from the lanes.
    const QFontMetrics small(m_smallFont);
    m_timeColumn = std::max(small.horizontalAdvance(QStringLiteral("00000.000 s")),
                            small.horizontalAdvance(QObject::tr("lifetime")) + m_smallLineHeight) +
                   m_lineHeight;
    m_minimumWidth = narrowest();
    setWidth(m_minimumWidth);
    relayout();
}

std::array<SequenceDiagramPainter::Head, 5> SequenceDiagramPainter::heads(bool nat) {
    using lab::LabNetwork;
    using lab::Site;
    return {{
        {Lane::HostA, QObject::tr("Host A"), QString::fromStdString(LabNetwork::host(Site::A).toString()), {}},
        {Lane::SiteA, QObject::tr("Site A"), QString::fromStdString(LabNetwork::gateway(Site::A).toString()),
         QObject::tr("initiator")},
        {Lane::Wire, QObject::tr("WAN"), nat ? QObject::tr("with a NAT") : QObject::tr("the Internet"), {}},
        {Lane::SiteB, QObject::tr("Site B"), QString::fromStdString(LabNetwork::gateway(Site::B).toString()),
         QObject::tr("responder")},
        {Lane::HostB, QObject::tr("Host B"), QString::fromStdString(LabNetwork::host(Site::B).toString()), {}},
    }};
}

// Every header readable beside its neighbours, and a LAN packet's usual label ("echo request #1")
// whole between a host and its gateway. That fixes the narrowest LAN gap and WAN half; the
// narrowest width puts them side by side.
int SequenceDiagramPainter::narrowest() {
    const QFontMetrics bold(m_boldFont);
    const QFontMetrics small(m_smallFont);
    int need[5] = {};
    for (bool nat : {false, true})
        for (const Head& h : heads(nat)) {
            const int text = std::max({bold.horizontalAdvance(h.title), small.horizontalAdvance(h.subtitle),
                                       small.horizontalAdvance(h.role)});
            need[static_cast<int>(h.lane)] = std::max(need[static_cast<int>(h.lane)], text);
        }
    // Each header is drawn as wide as the gap to its nearest lane (paintHeader), so a gap holds the wider of two.
    const int host = std::max(need[0], need[4]);
    const int site = std::max(need[1], need[3]);
    m_lanGap = std::max({host, site, small.horizontalAdvance(QObject::tr("echo request #1"))}) + m_lineHeight;
    const int wanHalf = std::max(site, need[2]) + m_lineHeight;
    const double span = 2.0 * (m_lanGap + wanHalf) / (1 - 2 * kLaneFraction[0]);
    return m_timeColumn + m_lineHeight + static_cast<int>(std::ceil(span)) + m_lineHeight / 2;
}

// The hosts near the edges, each gateway at least m_lanGap from its host, the WAN in the middle;
// wider than that, the lanes spread as kLaneFraction says.
std::array<int, 5> SequenceDiagramPainter::lanesAt(int width) const {
    const int left = m_timeColumn + m_lineHeight;
    const double span = width - left - m_lineHeight / 2;
    const double host = span * kLaneFraction[0];
    const double lan = std::max(span * (kLaneFraction[1] - kLaneFraction[0]), static_cast<double>(m_lanGap));
    auto at = [left](double x) { return left + static_cast<int>(std::lround(x)); };
    return {at(host), at(host + lan), at(span / 2), at(span - host - lan), at(span - host)};
}

void SequenceDiagramPainter::setWidth(int width) {
    m_width = std::max(width, m_minimumWidth);
    m_lanes = lanesAt(m_width);
}

int SequenceDiagramPainter::naturalWidth() const {
    // What each label needs between its two lanes (a note: between the gateways), then the
    // narrowest width at which every one of them has it.
    struct Need {
        Lane from, to;
        int text;
    };
    const QFontMetrics metrics(m_font);
    const QFontMetrics small(m_smallFont);
    std::vector<Need> needs;
    for (const DiagramRow& row : m_rows.rows()) {
        if (row.kind == DiagramRow::Kind::Phase) continue;
        const int label = (row.lan ? small : metrics).horizontalAdvance(row.label) +
                          (row.encrypted ? m_lineHeight : 0) + 2 * m_lineHeight;
        if (row.kind == DiagramRow::Kind::Packet && row.from != row.to) needs.push_back({row.from, row.to, label});
        else needs.push_back({Lane::SiteA, Lane::SiteB, label});
        // A reason has two lines between the gateways (a LAN packet's between its lanes).
        if (!row.reason.isEmpty())
            needs.push_back({row.lan ? row.from : Lane::SiteA, row.lan ? row.to : Lane::SiteB,
                             small.horizontalAdvance(row.reason) * 3 / 5 + 2 * m_lineHeight});
    }
    auto fits = [&](int width) {
        const std::array<int, 5> lanes = lanesAt(width);
        return std::all_of(needs.begin(), needs.end(), [&](const Need& n) {
            return std::abs(lanes[static_cast<std::size_t>(n.to)] - lanes[static_cast<std::size_t>(n.from)]) >= n.text;
        });
    };
    int width = m_minimumWidth;
    while (width < kMaxNaturalWidth && !fits(width)) width += m_lineHeight;
    return std::min(width, kMaxNaturalWidth);
}

int SequenceDiagramPainter::laneX(Lane lane) const { return m_lanes[static_cast<std::size_t>(lane)]; }

QColor SequenceDiagramPainter::colorOf(const DiagramRow& row) const {
    switch (row.fate) {
    case Fate::Failed:
    case Fate::Rejected:
    case Fate::Lost:
    case Fate::NotSent: return m_colors.failure;
    case Fate::Ignored: return m_colors.ignored;
    case Fate::Good: return m_colors.good;
    default: break;
    }
    if (row.attack) return m_colors.attack;
    if (row.kind == DiagramRow::Kind::Note) return m_colors.mutedText;
    return row.lan ? m_colors.lan : m_colors.packet;
}

// ---------------------------------------------------------------- geometry

int SequenceDiagramPainter::heightOf(const DiagramRow& row) const {
    if (row.kind == DiagramRow::Kind::Phase) return static_cast<int>(m_lineHeight * 1.5);
    return row.reason.isEmpty() || row.fate == Fate::InFlight ? m_rowHeight : m_rowHeight + m_smallLineHeight;
}

void SequenceDiagramPainter::relayout(qsizetype first) {
    const auto count = static_cast<std::size_t>(m_rows.rowCount());
    first = std::clamp<qsizetype>(first, 0,
                                  static_cast<qsizetype>(std::min(count, m_tops.empty() ? 0 : m_tops.size() - 1)));
    m_tops.resize(count + 1);
    if (first == 0) m_tops[0] = 0;
    for (std::size_t i = static_cast<std::size_t>(first); i < count; ++i)
        m_tops[i + 1] = m_tops[i] + heightOf(m_rows.rows()[i]);
}

int SequenceDiagramPainter::rowTop(qsizetype index) const { return m_tops.at(static_cast<std::size_t>(index)); }

int SequenceDiagramPainter::rowHeight(qsizetype index) const {
    return m_tops.at(static_cast<std::size_t>(index) + 1) - m_tops.at(static_cast<std::size_t>(index));
}

int SequenceDiagramPainter::contentHeight() const { return m_tops.empty() ? 0 : m_tops.back(); }

qsizetype SequenceDiagramPainter::rowAt(int y) const {
    if (m_tops.size() < 2 || y < 0 || y >= m_tops.back()) return -1;
    const auto it = std::upper_bound(m_tops.begin(), m_tops.end(), y);
    return static_cast<qsizetype>(it - m_tops.begin()) - 1;
}

int SequenceDiagramPainter::fullHeight() const { return m_headerHeight + contentHeight(); }

int SequenceDiagramPainter::arrowY(int top) const { return top + static_cast<int>(m_lineHeight * 1.55); }

QRect SequenceDiagramPainter::stateRect(const DiagramRow& row, lab::Origin site, int top) const {
    const DiagramMark* last = nullptr;
    for (const DiagramMark& m : row.marks)
        if (m.kind == DiagramMark::Kind::State && m.site == site) last = &m;
    if (!last) return {};
    const QFontMetrics metrics(m_smallFont);
    const int gap = laneX(Lane::SiteA) - laneX(Lane::HostA) - m_lineHeight;
    const int width = std::min(metrics.horizontalAdvance(last->text) + m_lineHeight, gap);
    const int y = arrowY(top) + m_lineHeight / 4;
    const int height = m_smallLineHeight + 4;
    return site == lab::Origin::SiteA ? QRect(laneX(Lane::SiteA) - 6 - width, y, width, height)
                                      : QRect(laneX(Lane::SiteB) + 6, y, width, height);
}

QRect SequenceDiagramPainter::timerRect(int top) const {
    const int size = m_smallLineHeight;
    return QRect(m_timeColumn - size - 2, arrowY(top) - size / 2 + m_smallLineHeight / 2 + 2, size, size);
}

// ---------------------------------------------------------------- painting

void SequenceDiagramPainter::paintHeader(QPainter& painter) const {
    painter.save();
    painter.fillRect(QRect(0, 0, m_width, m_headerHeight), mix(m_colors.background, m_colors.text, 0.06));
    painter.setPen(m_colors.lane);
    painter.drawLine(0, m_headerHeight - 1, m_width, m_headerHeight - 1);
    // The role has a line of its own: "127.0.0.2 · responder" on one line ran into Host B's
    // address when the diagram is narrow. Each header gets the room to its nearest lane, so
    // neighbours never overlap; narrowest() made that room enough for the words.
    const int room = std::min(laneX(Lane::SiteA) - laneX(Lane::HostA), laneX(Lane::Wire) - laneX(Lane::SiteA)) -
                     m_lineHeight / 2;
    for (const Head& head : heads(m_nat)) {
        const int x = laneX(head.lane);
        const int width = room;
        QRect titleBox(x - width / 2, m_lineHeight / 4, width, m_lineHeight);
        if (head.lane == Lane::HostA) titleBox.moveLeft(std::max(0, titleBox.left()));
        if (head.lane == Lane::HostB) titleBox.moveRight(std::min(m_width - 1, titleBox.right()));
        painter.setFont(m_boldFont);
        painter.setPen(m_colors.text);
        painter.drawText(titleBox, Qt::AlignCenter,
                         QFontMetrics(m_boldFont).elidedText(head.title, Qt::ElideRight, width));
        painter.setFont(m_smallFont);
        painter.setPen(m_colors.mutedText);
        const QRect subtitleBox = titleBox.translated(0, m_lineHeight);
        painter.drawText(subtitleBox, Qt::AlignCenter,
                         QFontMetrics(m_smallFont).elidedText(head.subtitle, Qt::ElideRight, width));
        const QRect roleBox(subtitleBox.left(), subtitleBox.top() + m_smallLineHeight, width, m_smallLineHeight);
        painter.drawText(roleBox, Qt::AlignCenter,
                         QFontMetrics(m_smallFont).elidedText(head.role, Qt::ElideRight, width));
        // Each site's current state, under its name.
        if (head.lane == Lane::SiteA || head.lane == Lane::SiteB) {
            const auto& state = m_rows.currentState(head.lane == Lane::SiteA ? lab::Origin::SiteA : lab::Origin::SiteB);
            const QString text = state ? state->text : QObject::tr("idle");
            const int chipWidth = std::min(QFontMetrics(m_smallFont).horizontalAdvance(text) + m_lineHeight, width);
            const QRect chip(x - chipWidth / 2, roleBox.bottom() + m_lineHeight / 4, chipWidth, m_smallLineHeight + 4);
            painter.setPen(QPen(m_colors.packet, 1));
            painter.setBrush(withAlpha(m_colors.packet, 40));
            painter.drawRoundedRect(chip, 4, 4);
            painter.setPen(m_colors.text);
            painter.drawText(chip, Qt::AlignCenter,
                             QFontMetrics(m_smallFont).elidedText(text, Qt::ElideRight, chipWidth - 6));
        }
    }
    painter.setPen(m_colors.mutedText);
    painter.setFont(m_smallFont);
    painter.drawText(QRect(4, 0, m_timeColumn, m_headerHeight - 4), Qt::AlignLeft | Qt::AlignBottom,
                     QObject::tr("time"));
    painter.restore();
}

void SequenceDiagramPainter::paintRows(QPainter& painter, qsizetype first, qsizetype last, qsizetype selected) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    const int origin = rowTop(first);
    for (qsizetype i = first; i <= last && i < m_rows.rowCount(); ++i) {
        const DiagramRow& row = m_rows.row(i);
        const int top = rowTop(i) - origin;
        const int height = rowHeight(i);
        const QColor phase = m_colors.phase[static_cast<int>(row.phase)];
        const bool header = row.kind == DiagramRow::Kind::Phase;
        painter.fillRect(QRect(0, top, m_width, height), withAlpha(phase, header ? 70 : 16));
        painter.fillRect(QRect(0, top, kPhaseStrip, height), phase);
        if (i == selected) {
            painter.fillRect(QRect(kPhaseStrip, top, m_width - kPhaseStrip, height), m_colors.highlight);
        }
        // The lanes: hosts thin and dotted, gateways bold, the WAN faint.
        for (Lane lane : {Lane::HostA, Lane::SiteA, Lane::Wire, Lane::SiteB, Lane::HostB}) {
            const bool gateway = lane == Lane::SiteA || lane == Lane::SiteB;
            QPen pen(m_colors.lane, gateway ? 3 : 1,
                     gateway              ? Qt::SolidLine
                     : lane == Lane::Wire ? Qt::DashLine
                                          : Qt::DotLine);
            if (lane == Lane::Wire) pen.setColor(withAlpha(m_colors.lane, 90));
            painter.setPen(pen);
            painter.drawLine(laneX(lane), top, laneX(lane), top + height);
        }
        if (header) {
            painter.setFont(m_boldFont);
            painter.setPen(m_colors.text);
            painter.drawText(QRect(kPhaseStrip + m_lineHeight / 2, top, m_width, height),
                             Qt::AlignLeft | Qt::AlignVCenter, row.label);
            continue;
        }
        painter.setFont(m_smallFont);
        painter.setPen(m_colors.mutedText);
        painter.drawText(QRect(kPhaseStrip + 2, top + m_lineHeight / 5, m_timeColumn - kPhaseStrip - 4, m_lineHeight),
                         Qt::AlignRight | Qt::AlignVCenter, formatTime(row.time));
        if (row.kind == DiagramRow::Kind::Packet) paintPacket(painter, row, top);
        else paintNote(painter, row, top);
        paintMarks(painter, row, top);
    }
    painter.restore();
}

void SequenceDiagramPainter::paintAll(QPainter& painter, qsizetype selected, int maxHeight) const {
    painter.fillRect(QRect(0, 0, m_width, std::min(fullHeight(), maxHeight)), m_colors.background);
    paintHeader(painter);
    if (m_rows.rowCount() == 0) return;
    const qsizetype last = rowAt(maxHeight - m_headerHeight);
    painter.save();
    painter.translate(0, m_headerHeight);
    paintRows(painter, 0, last < 0 ? m_rows.rowCount() - 1 : last, selected);
    painter.restore();
}

void SequenceDiagramPainter::paintPacket(QPainter& painter, const DiagramRow& row, int top) const {
    const QColor color = colorOf(row);
    const int x1 = laneX(row.from);
    const int x2 = laneX(row.to);
    const int y = arrowY(top);
    const int direction = x2 >= x1 ? 1 : -1;
    // How far the arrow gets: to the middle while on the wire, most of the way when lost.
    int end = x2;
    if (row.fate == Fate::InFlight) end = (x1 + x2) / 2;
    else if (row.fate == Fate::Lost) end = x1 + (x2 - x1) * 7 / 10;
    else if (row.fate == Fate::NotSent) end = x1 + direction * m_lineHeight;

    QPen pen(color, 2.5);
    if (row.attack || row.fate == Fate::InFlight) pen.setStyle(Qt::DashLine);
    painter.setPen(pen);
    painter.drawLine(QPointF(x1, y), QPointF(end, y));
    painter.setPen(QPen(color, 1));
    painter.setBrush(color);
    if (row.fate == Fate::Lost || row.fate == Fate::NotSent) {
        const int s = m_lineHeight / 3;
        painter.setPen(QPen(color, 3));
        painter.drawLine(end - s, y - s, end + s, y + s);
        painter.drawLine(end - s, y + s, end + s, y - s);
    } else if (row.fate == Fate::InFlight) {
        // The packet itself, on the wire.
        const QRectF box(end - m_lineHeight * 0.45, y - m_lineHeight * 0.3, m_lineHeight * 0.9, m_lineHeight * 0.6);
        painter.drawRoundedRect(box, 2, 2);
    } else {
        const double head = m_lineHeight * 0.55;
        QPainterPath arrow;
        arrow.moveTo(end, y);
        arrow.lineTo(end - direction * head, y - head / 2);
        arrow.lineTo(end - direction * head, y + head / 2);
        arrow.closeSubpath();
        painter.drawPath(arrow);
    }
    if (row.attack && x1 != x2) {
        // Where the attacker put it on the wire (or changed it).
        const QString badge = QObject::tr("attack %1").arg(*row.attack);
        const QFontMetrics metrics(m_smallFont);
        const int width = metrics.horizontalAdvance(badge) + 8;
        const int bx = row.from == Lane::Wire ? x1 - width / 2 : (x1 + x2) / 2 - width / 2;
        const QRect box(bx, y - m_smallLineHeight / 2 - 1, width, m_smallLineHeight + 2);
        painter.setPen(QPen(m_colors.attack, 1));
        painter.setBrush(m_colors.background);
        painter.drawRoundedRect(box, 3, 3);
        painter.setFont(m_smallFont);
        painter.setPen(m_colors.attack);
        painter.drawText(box, Qt::AlignCenter, badge);
    }

    // The label above the arrow, centred on it; the padlock after it.
    const int left = std::min(x1, x2) + m_lineHeight / 2;
    const int span = std::abs(x2 - x1) - m_lineHeight;
    const int lock = row.encrypted ? m_lineHeight : 0;
    // LAN packets are the cleartext side story: a smaller type, so their labels fit the LAN's width.
    painter.setFont(row.lan ? m_smallFont : m_font);
    const QFontMetrics metrics(painter.font());
    const QString label = metrics.elidedText(row.label, Qt::ElideRight, std::max(span - lock, m_lineHeight));
    const int textWidth = metrics.horizontalAdvance(label);
    const int textLeft = left + (span - textWidth - lock) / 2;
    painter.setPen(row.isBad() ? m_colors.failure : m_colors.text);
    painter.drawText(QRect(textLeft, top + m_lineHeight / 5, textWidth + 2, m_lineHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, label);
    if (row.encrypted)
        paintPadlock(painter, QPointF(textLeft + textWidth + m_lineHeight * 0.55, top + m_lineHeight * 0.7),
                     painter.pen().color());

    // Below the arrow: why it failed, was rejected or is still on the wire.
    QString below = row.reason;
    if (row.fate == Fate::InFlight && below.isEmpty()) below = QObject::tr("on the wire…");
    if (below.isEmpty()) return;
    painter.setFont(m_smallFont);
    painter.setPen(row.isBad()                 ? m_colors.failure
                   : row.fate == Fate::Ignored ? m_colors.ignored
                   : row.attack                ? m_colors.attack
                                               : m_colors.mutedText);
    // WAN packets explain themselves between the gateways (the LAN sides hold the states).
    const int reasonLeft = row.lan ? std::min(x1, x2) : laneX(Lane::SiteA) + m_lineHeight / 2;
    const int reasonRight = row.lan ? std::max(x1, x2) : laneX(Lane::SiteB) - m_lineHeight / 2;
    const QRect box(reasonLeft, y + m_lineHeight / 3, reasonRight - reasonLeft, 2 * m_smallLineHeight);
    if (row.isBad()) below = QStringLiteral("✗ ") + below;
    drawWrapped(painter, below, box, row.fate == Fate::InFlight || row.reason.isEmpty() ? 1 : 2, Qt::AlignHCenter);
}

void SequenceDiagramPainter::paintNote(QPainter& painter, const DiagramRow& row, int top) const {
    const QColor color = colorOf(row);
    const QFontMetrics metrics(m_font);
    const QFontMetrics small(m_smallFont);
    // Between the gateways, so the states beside the lanes stay readable; a dotted line ties a
    // site's note to its lane, as a UML note to its lifeline.
    const int maxWidth = laneX(Lane::SiteB) - laneX(Lane::SiteA) - m_lineHeight;
    const int textWidth = std::max(metrics.horizontalAdvance(row.label),
                                   row.reason.isEmpty() ? 0 : small.horizontalAdvance(row.reason));
    const int width = std::min(textWidth + m_lineHeight, maxWidth);
    const int lines = row.reason.isEmpty() ? 0 : 2;
    const int height = m_lineHeight + lines * m_smallLineHeight + m_lineHeight / 3;
    const QRect box(laneX(Lane::Wire) - width / 2, top + m_lineHeight / 5, width, height);
    if (row.from != Lane::Wire) {
        const int lane = laneX(row.from);
        const int y = box.center().y();
        painter.setPen(QPen(color, 1.5, Qt::DotLine));
        painter.drawLine(lane, y, lane < box.left() ? box.left() : box.right(), y);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawEllipse(QPoint(lane, y), 4, 4);
    }
    painter.setPen(QPen(color, row.fate == Fate::Neutral ? 1 : 2, row.attack ? Qt::DashLine : Qt::SolidLine));
    painter.setBrush(mix(m_colors.background, color, 0.1));
    painter.drawRoundedRect(box, 5, 5);
    painter.setFont(m_font);
    painter.setPen(row.fate == Fate::Neutral ? m_colors.text : color);
    const QRect inner = box.adjusted(m_lineHeight / 2, m_lineHeight / 8, -m_lineHeight / 2, 0);
    painter.drawText(QRect(inner.left(), inner.top(), inner.width(), m_lineHeight), Qt::AlignHCenter | Qt::AlignVCenter,
                     metrics.elidedText(row.label, Qt::ElideRight, inner.width()));
    if (lines == 0) return;
    painter.setFont(m_smallFont);
    painter.setPen(row.fate == Fate::Neutral ? m_colors.mutedText : color);
    drawWrapped(painter, row.reason,
                QRect(inner.left(), inner.top() + m_lineHeight, inner.width(), lines * m_smallLineHeight), lines,
                Qt::AlignHCenter);
}

void SequenceDiagramPainter::paintMarks(QPainter& painter, const DiagramRow& row, int top) const {
    painter.setFont(m_smallFont);
    for (lab::Origin site : {lab::Origin::SiteA, lab::Origin::SiteB}) {
        const QRect chip = stateRect(row, site, top);
        if (chip.isNull()) continue;
        QString text;
        for (const DiagramMark& m : row.marks)
            if (m.kind == DiagramMark::Kind::State && m.site == site) text = m.text;
        painter.setPen(QPen(m_colors.packet, 1));
        painter.setBrush(withAlpha(m_colors.packet, 40));
        painter.drawRoundedRect(chip, 4, 4);
        painter.setPen(m_colors.text);
        painter.drawText(chip, Qt::AlignCenter,
                         QFontMetrics(m_smallFont).elidedText(text, Qt::ElideRight, chip.width() - 6));
    }
    // Timers on the time axis: a small clock face and what fired.
    for (const DiagramMark& m : row.marks) {
        if (m.kind != DiagramMark::Kind::Timer) continue;
        const QRect face = timerRect(top);
        painter.setPen(QPen(m_colors.ignored, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(face.adjusted(1, 1, -1, -1));
        const QPointF c = QRectF(face).center();
        painter.drawLine(c, c + QPointF(0, -face.height() * 0.32));
        painter.drawLine(c, c + QPointF(face.width() * 0.25, 0));
        painter.setPen(m_colors.ignored);
        painter.drawText(QRect(kPhaseStrip, face.top() - 2, face.left() - kPhaseStrip - 3, face.height() + 4),
                         Qt::AlignRight | Qt::AlignVCenter,
                         QFontMetrics(m_smallFont).elidedText(m.text, Qt::ElideRight, face.left() - kPhaseStrip - 3));
        break; // one face per row; the tooltip lists them all
    }
}

void SequenceDiagramPainter::paintPadlock(QPainter& painter, const QPointF& at, const QColor& color) const {
    // Drawn rather than a glyph: not every classroom machine has an emoji font.
    const double h = m_lineHeight * 0.62;
    const double w = h * 0.8;
    painter.save();
    painter.setPen(QPen(color, std::max(1.2, h / 7)));
    painter.setBrush(Qt::NoBrush);
    const QRectF shackle(at.x() - w * 0.3, at.y() - h * 0.55, w * 0.6, h * 0.7);
    painter.drawArc(shackle, 0, 180 * 16);
    painter.drawLine(QPointF(shackle.left(), shackle.center().y()), QPointF(shackle.left(), at.y()));
    painter.drawLine(QPointF(shackle.right(), shackle.center().y()), QPointF(shackle.right(), at.y()));
    painter.setBrush(color);
    painter.drawRoundedRect(QRectF(at.x() - w / 2, at.y() - h * 0.1, w, h * 0.6), 1.5, 1.5);
    painter.restore();
}

// ---------------------------------------------------------------- tooltips

QString SequenceDiagramPainter::routeOf(const DiagramRow& row) const {
    static const char* names[] = {"host A", "Site A", "the attacker", "Site B", "host B"};
    return QStringLiteral("%1 → %2").arg(QObject::tr(names[static_cast<int>(row.from)]),
                                         QObject::tr(names[static_cast<int>(row.to)]));
}

QString SequenceDiagramPainter::toolTip(const QPoint& point) const {
    const qsizetype index = rowAt(point.y());
    if (index < 0) return {};
    const DiagramRow& row = m_rows.row(index);
    const int top = rowTop(index);
    for (lab::Origin site : {lab::Origin::SiteA, lab::Origin::SiteB}) {
        if (!stateRect(row, site, top).contains(point)) continue;
        QStringList lines;
        for (const DiagramMark& m : row.marks)
            if (m.kind == DiagramMark::Kind::State && m.site == site)
                lines << QStringLiteral("%1: %2 (%3)")
                             .arg(site == lab::Origin::SiteA ? QObject::tr("Site A") : QObject::tr("Site B"), m.text,
                                  m.detail);
        return lines.join('\n');
    }
    return describe(index).join('\n');
}

QStringList SequenceDiagramPainter::describe(qsizetype index) const {
    const DiagramRow& row = m_rows.row(index);
    QStringList lines;
    lines << (row.kind == DiagramRow::Kind::Phase ? row.label : row.caption());
    if (row.kind == DiagramRow::Kind::Packet) {
        QString when = QObject::tr("%1, sent at %2").arg(routeOf(row), formatTime(row.time));
        if (row.arrival && !row.lan && row.fate != Fate::Lost && row.fate != Fate::NotSent)
            when += QObject::tr(", arrived at %1").arg(formatTime(*row.arrival));
        lines << when;
    } else if (row.kind == DiagramRow::Kind::Note) {
        lines << formatTime(row.time);
    }
    if (!row.reason.isEmpty()) lines << row.reason;
    for (const DiagramMark& m : row.marks) {
        if (m.kind == DiagramMark::Kind::Timer) lines << QObject::tr("timer (%1): %2").arg(m.text, m.detail);
        else
            lines << QStringLiteral("%1: %2 (%3)")
                         .arg(m.site == lab::Origin::SiteA ? QObject::tr("Site A") : QObject::tr("Site B"), m.text,
                              m.detail);
    }
    return lines;
}

} // namespace ipseclab::ui
