// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/replay/ReplayWindowStrip.h"

#include <QAccessible>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace ipseclab::ui {

namespace {

constexpr qreal kMargin = 10;
constexpr qreal kFlightBand = 40; // above the cells: where packets fly in
constexpr qreal kZoneWidth = 96;  // at least: wider when its words need it (a projector's text size)
constexpr qreal kZoneGap = 12;
constexpr qreal kCellHeight = 40;
constexpr qreal kMinCellWidth = 16; // readable from the back of a classroom; a wider window shows its newest cells
constexpr std::size_t kMaxFlying = 12;
constexpr qint64 kLaunchGapMs = 110;
constexpr qint64 kBurstLaunchGapMs = 30;
constexpr double kSlideMs = 110; // time constant of the window's slide

qreal easeInOut(qreal t) { return t < 0.5 ? 2 * t * t : 1 - std::pow(-2 * t + 2, 2) / 2; }

QColor withAlpha(QColor color, int alpha) {
    color.setAlpha(alpha);
    return color;
}

QString seqText(std::uint64_t seq) { return QStringLiteral("#%1").arg(seq); }

} // namespace

ReplayWindowStrip::ReplayWindowStrip(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("The receiver's anti-replay window. Green circles: received. Click a cell to choose it for "
                  "\"Replay #\"."));
    setAccessibleName(tr("Anti-replay window"));
    describe();
}

void ReplayWindowStrip::describe() {
    const QString text = m_message.isEmpty() ? m_state.describe() : m_message;
    if (text == accessibleDescription()) return;
    setAccessibleDescription(text);
    if (QAccessible::isActive()) {
        QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
        QAccessible::updateAccessibility(&changed);
    }
}

std::array<std::uint64_t, kVerdictClasses.size()> ReplayWindowStrip::pendingVerdicts() const {
    std::array<std::uint64_t, kVerdictClasses.size()> counts{};
    for (const ReplayArrival& a : m_queue) ++counts[static_cast<std::size_t>(classify(a.verdict))];
    for (const Flight& f : m_flying) ++counts[static_cast<std::size_t>(classify(f.arrival.verdict))];
    return counts;
}

QSize ReplayWindowStrip::sizeHint() const {
    const int line = fontMetrics().height();
    return QSize(900, static_cast<int>(kMargin + kFlightBand + line + 6 + kCellHeight + 2 * line + 10 + kMargin));
}

// The two zones and eight cells: a third of a small screen shows the newest eight at least.
QSize ReplayWindowStrip::minimumSizeHint() const {
    return QSize(static_cast<int>(2 * (zoneWidth() + kZoneGap + kMargin) + 8 * kMinCellWidth), sizeHint().height());
}

qreal ReplayWindowStrip::zoneWidth() const {
    // The zones' words, in the small font they are drawn in: their names, and the latest number.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetricsF metrics(small);
    qreal widest = 0;
    for (const QString& text : {tr("from the wire ▾"), tr("◂ too old"), tr("ahead ▸")})
        widest = std::max(widest, metrics.horizontalAdvance(text));
    for (const auto* zone : {&m_state.leftOfWindow(), &m_state.rightOfWindow()})
        if (!zone->empty())
            widest = std::max(widest,
                              metrics.horizontalAdvance(tr("last: %1").arg(seqText(zone->back().sequenceNumber))));
    return std::max(kZoneWidth, widest + 8);
}

void ReplayWindowStrip::showState(const ReplayWindowState& state, const QString& message) {
    m_state = state;
    m_message = message;
    m_queue.clear();
    m_flying.clear();
    m_flashes.clear();
    m_shownEdge = 0;
    describe();
    update();
}

void ReplayWindowStrip::setExtendedSequenceNumbers(bool esn) {
    if (esn == m_esn) return;
    m_esn = esn;
    update();
}

void ReplayWindowStrip::enqueue(const std::vector<ReplayArrival>& arrivals) {
    m_queue.insert(m_queue.end(), arrivals.begin(), arrivals.end());
    if (m_queue.size() <= kQueueLimit) return;
    // A burst: the packets in flight land now (in order), then the oldest waiting ones, so the
    // drawn window never lags more than kQueueLimit packets behind the lab.
    for (const Flight& flight : m_flying) land(flight);
    m_flying.clear();
    while (m_queue.size() > kQueueLimit) {
        land(Flight{m_queue.front(), m_now});
        m_queue.pop_front();
    }
    m_flashes.clear();
    describe();
}

bool ReplayWindowStrip::animating() const {
    return !m_queue.empty() || !m_flying.empty() || !m_flashes.empty() || m_shownEdge > 0;
}

void ReplayWindowStrip::finishAnimations() {
    for (const Flight& flight : m_flying) land(flight);
    m_flying.clear();
    for (const ReplayArrival& arrival : m_queue) land(Flight{arrival, m_now});
    m_queue.clear();
    m_flashes.clear();
    m_shownEdge = 0;
    describe();
    update();
}

void ReplayWindowStrip::land(const Flight& flight) {
    const std::uint64_t before = m_state.rightEdge();
    m_state.apply(flight.arrival);
    // The window moved right: draw it where it was and let it slide (m_shownEdge = how far behind).
    m_shownEdge = std::min<double>(m_shownEdge + static_cast<double>(m_state.rightEdge() - before), m_state.size());
    m_flashes.push_back(Flight{flight.arrival, m_now});
}

bool ReplayWindowStrip::tick(qint64 nowMs) {
    const qint64 elapsed = std::clamp<qint64>(nowMs - m_now, 0, 100);
    m_now = nowMs;
    std::size_t landed = 0;
    while (landed < m_flying.size() && m_flying[landed].start + kFlightMs <= m_now) land(m_flying[landed++]);
    m_flying.erase(m_flying.begin(), m_flying.begin() + static_cast<std::ptrdiff_t>(landed));
    if (landed) describe();
    const qint64 gap = m_queue.size() > 6 ? kBurstLaunchGapMs : kLaunchGapMs;
    if (!m_queue.empty() && m_flying.size() < kMaxFlying && m_now - m_lastLaunch >= gap) {
        m_flying.push_back(Flight{m_queue.front(), m_now});
        m_queue.pop_front();
        m_lastLaunch = m_now;
    }
    m_flashes.erase(std::remove_if(m_flashes.begin(), m_flashes.end(),
                                   [this](const Flight& f) { return f.start + kFlashMs <= m_now; }),
                    m_flashes.end());
    m_shownEdge *= std::exp(-static_cast<double>(elapsed) / kSlideMs);
    if (m_shownEdge < 0.02) m_shownEdge = 0;
    return animating();
}

ReplayWindowStrip::Geometry ReplayWindowStrip::geometry() const {
    Geometry g;
    const qreal line = fontMetrics().height();
    const qreal top = kMargin + kFlightBand + line + 6;
    g.flightY = kMargin + kFlightBand / 2;
    const qreal zone = zoneWidth();
    g.left = QRectF(kMargin, top, zone, kCellHeight);
    g.right = QRectF(width() - kMargin - zone, top, zone, kCellHeight);
    const qreal l = g.left.right() + kZoneGap, r = g.right.left() - kZoneGap;
    g.window = QRectF(l, top, std::max<qreal>(r - l, 10), kCellHeight);
    const int size = static_cast<int>(m_state.size());
    g.cells = size ? std::clamp(static_cast<int>(g.window.width() / kMinCellWidth), 1, size) : 0;
    g.cellWidth = g.cells ? g.window.width() / g.cells : 0;
    return g;
}

QRectF ReplayWindowStrip::cellRect(std::uint64_t seq) const { return cellRect(seq, geometry()); }

QRectF ReplayWindowStrip::cellRect(std::uint64_t seq, const Geometry& g) const {
    if (!g.cells || seq > m_state.rightEdge() || m_state.rightEdge() - seq >= static_cast<std::uint64_t>(g.cells))
        return {};
    const double column = (g.cells - 1) - static_cast<double>(m_state.rightEdge() - seq) + m_shownEdge;
    return QRectF(g.window.left() + column * g.cellWidth, g.window.top(), g.cellWidth, g.window.height());
}

std::optional<std::uint64_t> ReplayWindowStrip::sequenceAt(const QPointF& point) const {
    const Geometry g = geometry();
    if (!g.cells || !g.window.contains(point)) return std::nullopt;
    // The column whose centre is nearest, counted back from the right edge.
    const double column = (point.x() - g.window.left()) / g.cellWidth - 0.5;
    const double back = std::round((g.cells - 1) + m_shownEdge - column);
    if (back < 0 || back >= g.cells || static_cast<std::uint64_t>(back) >= m_state.rightEdge()) return std::nullopt;
    return m_state.rightEdge() - static_cast<std::uint64_t>(back);
}

QPointF ReplayWindowStrip::target(const ReplayArrival& arrival, const Geometry& g) const {
    const std::uint64_t seq = arrival.sequenceNumber;
    const qreal y = g.window.center().y();
    const int where = m_state.size() ? m_state.side(seq) : 0;
    if (where == 0 && m_state.size()) {
        const QRectF cell = cellRect(seq, g);
        if (!cell.isNull()) return cell.center();
    }
    if (where > 0 && arrival.window) {
        // A new highest number lands just right of the window, which then slides to take it in.
        const double shift = static_cast<double>(seq - m_state.rightEdge());
        const qreal x = g.window.right() + (shift - 0.5) * g.cellWidth;
        return QPointF(std::min(x, g.right.center().x()), y);
    }
    if (where > 0 || !m_state.size()) return QPointF(g.right.left() + 14, y);
    return QPointF(g.left.right() - 14, y);
}

void ReplayWindowStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    painter.setRenderHint(QPainter::Antialiasing);
    const Geometry g = geometry();
    if (!m_message.isEmpty() || !m_state.size()) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(
            g.window.adjusted(0, -20, 0, 20), Qt::AlignCenter | Qt::TextWordWrap,
            !m_message.isEmpty()
                ? m_message
                : tr("Anti-replay is off on this SA (window size 0): every copy of a packet is accepted."));
    } else {
        paintCells(painter, g);
    }
    paintZones(painter, g);
    paintFlights(painter, g);
}

void ReplayWindowStrip::paintCells(QPainter& painter, const Geometry& g) {
    const QColor text = palette().color(QPalette::Text);
    const QColor mid = palette().color(QPalette::Mid);
    const QColor base = palette().color(QPalette::Base);
    const std::uint64_t edge = m_state.rightEdge();
    const QFont normal = font();
    QFont small = normal;
    small.setPointSizeF(normal.pointSizeF() * 0.85);

    painter.save();
    painter.setClipRect(g.window.adjusted(-1, -1, 1, 1));
    painter.fillRect(g.window, withAlpha(mid, 50));
    const int extra = static_cast<int>(std::ceil(m_shownEdge));
    const qreal marker = std::min<qreal>(g.cellWidth * 0.72, 16);
    for (int back = -extra; back < g.cells + extra; ++back) {
        if (back >= 0 && static_cast<std::uint64_t>(back) >= edge) break; // numbers start at 1
        const std::uint64_t seq = edge - static_cast<std::uint64_t>(back);
        const double column = (g.cells - 1) - back + m_shownEdge;
        const QRectF cell(g.window.left() + column * g.cellWidth, g.window.top(), g.cellWidth, g.window.height());
        const ReplayWindowState::Cell state = m_state.cell(seq);
        const QRectF inner = cell.adjusted(1, 1, -1, -1);
        painter.setPen(QPen(mid, 1));
        painter.setBrush(state.received ? withAlpha(verdictColor(VerdictClass::Accepted), 70) : base);
        painter.drawRect(inner);
        if (state.received) drawVerdict(painter, VerdictClass::Accepted, inner.center(), marker * 0.75, text);
        if (state.mark && *state.mark != VerdictClass::Accepted)
            drawVerdict(painter, *state.mark, inner.center(), marker, text);
    }
    // Under ESN, where the low 32 bits wrap: only the high half, never on the wire, changes.
    if (m_esn)
        for (int back = -extra; back < g.cells + extra; ++back) {
            if (back >= 0 && static_cast<std::uint64_t>(back) >= edge) break;
            const std::uint64_t seq = edge - static_cast<std::uint64_t>(back);
            if ((seq & 0xffffffffULL) != 0) continue;
            const qreal x = g.window.left() + ((g.cells - 1) - back + m_shownEdge) * g.cellWidth;
            painter.setPen(QPen(text, 2.5, Qt::DashLine));
            painter.drawLine(QPointF(x, g.window.top() - 4), QPointF(x, g.window.bottom() + 4));
        }
    painter.restore();
    if (m_esn)
        for (int back = 0; back < g.cells; ++back) {
            if (static_cast<std::uint64_t>(back) >= edge) break;
            const std::uint64_t seq = edge - static_cast<std::uint64_t>(back);
            if ((seq & 0xffffffffULL) != 0) continue;
            const qreal x = g.window.left() + ((g.cells - 1) - back + m_shownEdge) * g.cellWidth;
            painter.setFont(small);
            painter.setPen(text);
            const QString note = tr("low 32 bits wrap to 0 here · high 32 bits %1 → %2")
                                     .arg(seq >> 32 ? (seq >> 32) - 1 : 0)
                                     .arg(seq >> 32);
            const qreal width = QFontMetricsF(small).horizontalAdvance(note) + 8;
            painter.drawText(QRectF(std::clamp(x - width / 2, g.window.left(), g.window.right() - width),
                                    g.window.top() - 2 * QFontMetricsF(small).height() - 6, width,
                                    QFontMetricsF(small).height()),
                             Qt::AlignCenter, note);
        }

    // The edges, named above the cells; sequence numbers below, as many as fit.
    const QFontMetricsF metrics(small);
    const qreal labelY = g.window.top() - metrics.height() - 3;
    painter.setFont(small);
    painter.setPen(text);
    const std::uint64_t left = m_state.leftEdge();
    // A narrow strip names the edges by number alone, and puts "the last N cells" a line higher.
    QString leftText = tr("◂ left edge %1").arg(left);
    QString rightText = tr("right edge %1 ▾").arg(edge);
    if (metrics.horizontalAdvance(leftText) + metrics.horizontalAdvance(rightText) + 12 > g.window.width()) {
        leftText = tr("◂ %1").arg(left);
        rightText = tr("%1 ▾").arg(edge);
    }
    painter.drawText(QRectF(g.window.left(), labelY, g.window.width(), metrics.height()), Qt::AlignLeft, leftText);
    painter.drawText(QRectF(g.window.left(), labelY, g.window.width(), metrics.height()), Qt::AlignRight, rightText);
    if (g.cells < static_cast<int>(m_state.size())) {
        const QString shown = tr("(the last %1 of %2 cells)").arg(g.cells).arg(m_state.size());
        const qreal sides = 2 * std::max(metrics.horizontalAdvance(leftText), metrics.horizontalAdvance(rightText));
        const qreal y = sides + metrics.horizontalAdvance(shown) + 24 > g.window.width() ? labelY - metrics.height()
                                                                                         : labelY;
        painter.drawText(QRectF(g.window.left(), y, g.window.width(), metrics.height()), Qt::AlignHCenter, shown);
    }

    const qreal widest = metrics.horizontalAdvance(QString::number(edge)) + 12;
    int every = 1;
    while (every * g.cellWidth < widest) every *= 2;
    painter.setPen(palette().color(QPalette::PlaceholderText));
    for (int back = 0; back < g.cells; back += every) {
        if (static_cast<std::uint64_t>(back) >= edge) break;
        const double column = (g.cells - 1) - back + m_shownEdge;
        const qreal x = g.window.left() + (column + 0.5) * g.cellWidth;
        if (x > g.window.right()) continue;
        painter.drawLine(QPointF(x, g.window.bottom()), QPointF(x, g.window.bottom() + 4));
        painter.drawText(QRectF(x - widest / 2, g.window.bottom() + 4, widest, metrics.height()), Qt::AlignCenter,
                         QString::number(edge - static_cast<std::uint64_t>(back)));
    }
    painter.setFont(normal);
}

void ReplayWindowStrip::paintZones(QPainter& painter, const Geometry& g) {
    const QColor text = palette().color(QPalette::Text);
    const QColor dim = palette().color(QPalette::PlaceholderText);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetricsF metrics(small);
    painter.setFont(small);
    auto zone = [&](const QRectF& r, const std::deque<ReplayWindowState::Outside>& entries, bool left,
                    const QString& name) {
        painter.setPen(QPen(dim, 1, Qt::DashLine));
        painter.setBrush(QBrush(withAlpha(dim, 60), Qt::BDiagPattern));
        painter.drawRoundedRect(r, 5, 5);
        painter.setPen(dim);
        painter.drawText(QRectF(r.left(), r.bottom() + 4, r.width(), metrics.height()), Qt::AlignCenter, name);
        // The most recent next to the window.
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const std::size_t age = entries.size() - 1 - i;
            const qreal x = left ? r.right() - 14 - static_cast<qreal>(age) * 19
                                 : r.left() + 14 + static_cast<qreal>(age) * 19;
            drawVerdict(painter, entries[i].verdict, QPointF(x, r.center().y()), 15, text);
        }
        if (!entries.empty()) {
            painter.setPen(text);
            painter.drawText(QRectF(r.left(), r.bottom() + 4 + metrics.height(), r.width(), metrics.height()),
                             Qt::AlignCenter, tr("last: %1").arg(seqText(entries.back().sequenceNumber)));
        }
    };
    zone(g.left, m_state.leftOfWindow(), true, tr("◂ too old"));
    zone(g.right, m_state.rightOfWindow(), false, tr("ahead ▸"));
    painter.setPen(dim);
    painter.drawText(QRectF(g.right.left(), kMargin, g.right.width(), metrics.height()), Qt::AlignCenter,
                     tr("from the wire ▾"));
}

void ReplayWindowStrip::paintFlights(QPainter& painter, const Geometry& g) {
    const QColor text = palette().color(QPalette::Text);
    const QColor base = palette().color(QPalette::Base);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QPointF from(g.right.center().x(), g.flightY);
    for (std::size_t i = 0; i < m_flying.size(); ++i) {
        const Flight& f = m_flying[i];
        const qreal t = std::clamp<qreal>(static_cast<qreal>(m_now - f.start) / kFlightMs, 0, 1);
        const QPointF to = target(f.arrival, g);
        const QPointF at(from.x() + (to.x() - from.x()) * easeInOut(t), from.y() + (to.y() - from.y()) * t * t);
        // In flight the verdict is not known yet: a plain token (dashed when an attacker made it).
        painter.setPen(QPen(f.arrival.attack ? verdictColor(VerdictClass::BadIcv) : text, 2,
                            f.arrival.attack ? Qt::DashLine : Qt::SolidLine));
        painter.setBrush(base);
        painter.drawEllipse(at, 8, 8);
        // Labelled while high in the band: lower down, the label would cover the edge's.
        if (i + 3 >= m_flying.size() && t < 0.6) {
            painter.setPen(text);
            const QString label = seqText(f.arrival.sequenceNumber) + (f.arrival.attack ? tr(" (attack)") : QString());
            painter.drawText(QRectF(at.x() - 80, at.y() - 26, 160, 16), Qt::AlignCenter, label);
        }
    }
    // Just landed: the verdict's shape, big, shrinking into place, and a ring around it.
    for (const Flight& f : m_flashes) {
        const bool newest = &f == &m_flashes.back(); // one label: side by side they would overlap
        const qreal age = std::clamp<qreal>(static_cast<qreal>(m_now - f.start) / kFlashMs, 0, 1);
        const VerdictClass verdict = classify(f.arrival.verdict);
        const QPointF at = target(f.arrival, g); // its cell when it is in the window
        painter.save();
        painter.setOpacity(1 - age);
        painter.setPen(QPen(verdictColor(verdict), 3));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(at, 10 + 22 * age, 10 + 22 * age);
        drawVerdict(painter, verdict, at, 26 - 10 * age, text);
        if (newest) {
            painter.setPen(text);
            painter.drawText(QRectF(at.x() - 90, g.window.top() - 44, 180, 16), Qt::AlignCenter,
                             QStringLiteral("%1 %2").arg(seqText(f.arrival.sequenceNumber), verdictLabel(verdict)));
        }
        painter.restore();
    }
}

QString ReplayWindowStrip::cellToolTip(std::uint64_t seq) const {
    const ReplayWindowState::Cell cell = m_state.cell(seq);
    QString text = cell.received ? tr("#%1: received — a copy now would be a duplicate").arg(seq)
                                 : tr("#%1: not received yet — it would still be accepted").arg(seq);
    if (cell.mark && *cell.mark != VerdictClass::Accepted)
        text += tr("\nLast packet here: %1").arg(verdictLabel(*cell.mark));
    return text + tr("\nClick to choose it for \"Replay #\".");
}

bool ReplayWindowStrip::event(QEvent* event) {
    // Each cell names its number and state; elsewhere the strip's own tooltip explains it.
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        if (const auto seq = sequenceAt(help->pos())) {
            QToolTip::showText(help->globalPos(), cellToolTip(*seq), this);
            return true;
        }
    }
    return QWidget::event(event);
}

void ReplayWindowStrip::mousePressEvent(QMouseEvent* event) {
    if (const auto seq = sequenceAt(event->position())) emit sequenceClicked(*seq);
}

} // namespace ipseclab::ui
