// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The anti-replay window drawn as cells (RFC 4303 §3.4.3): the right edge at the right, the
// numbers a window-size back at the left, a "too old" zone beyond the left edge and an "ahead"
// zone beyond the right. Each arriving packet flies in from the wire and lands where its number
// falls, showing its verdict in its colour and shape; the window slides smoothly as the edge
// advances. Animation is driven by tick() from the owner's frame clock. At most kQueueLimit
// packets wait to fly: in a burst, older ones land at once, so the drawing never falls behind.
// What it draws is also its accessible description (ReplayWindowState::describe()), kept current.

#include <QWidget>

#include <array>
#include <deque>
#include <optional>
#include <vector>

#include "ui/replay/ReplayWindowState.h"

namespace ipseclab::ui {

class ReplayWindowStrip : public QWidget {
    Q_OBJECT
public:
    static constexpr std::size_t kQueueLimit = 24;
    static constexpr qint64 kFlightMs = 520;
    static constexpr qint64 kFlashMs = 900;

    explicit ReplayWindowStrip(QWidget* parent = nullptr);

    // Shows `state` as it is now, dropping every animation (another SA chosen, a reset); or, when
    // `message` is given, that sentence instead of the cells.
    void showState(const ReplayWindowState& state, const QString& message = {});
    // Extended Sequence Numbers: the cells where the low 32 bits wrap (the high 32 bits, never sent,
    // go up by one) are marked.
    void setExtendedSequenceNumbers(bool esn);
    // Packets to fly in, oldest first (each is applied to the drawn window when it lands).
    void enqueue(const std::vector<ReplayArrival>& arrivals);
    // Moves the animations on to `nowMs`; true while something still moves.
    bool tick(qint64 nowMs);
    bool animating() const;
    // Packets waiting to fly in (never more than kQueueLimit) and flying.
    std::size_t queued() const { return m_queue.size(); }
    // The packets not landed yet (waiting or flying), per verdict: what the drawn window lacks.
    std::array<std::uint64_t, kVerdictClasses.size()> pendingVerdicts() const;
    std::size_t pending() const { return m_queue.size() + m_flying.size(); }
    // Lands everything at once.
    void finishAnimations();

    // The window as drawn (the packets landed so far).
    const ReplayWindowState& state() const { return m_state; }
    // Where sequence number `seq`'s cell is, in widget coordinates (empty when not drawn).
    QRectF cellRect(std::uint64_t seq) const;
    std::optional<std::uint64_t> sequenceAt(const QPointF& point) const;
    // What a cell's tooltip says: its number, received or not, the last verdict that landed there.
    QString cellToolTip(std::uint64_t seq) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void sequenceClicked(quint64 sequenceNumber);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Flight {
        ReplayArrival arrival;
        qint64 start = 0;
    };
    struct Geometry {
        QRectF window; // the cells
        QRectF left;   // the "too old" zone
        QRectF right;  // the "ahead" zone
        int cells = 0;
        qreal cellWidth = 0;
        qreal flightY = 0;
    };
    Geometry geometry() const;
    qreal zoneWidth() const;
    QRectF cellRect(std::uint64_t seq, const Geometry& g) const; // without measuring the widget again
    QPointF target(const ReplayArrival& arrival, const Geometry& g) const;
    void land(const Flight& flight);
    void paintCells(QPainter& painter, const Geometry& g);
    void paintZones(QPainter& painter, const Geometry& g);
    void paintFlights(QPainter& painter, const Geometry& g);
    void describe();

    ReplayWindowState m_state;
    QString m_message;
    bool m_esn = false;
    double m_shownEdge = 0; // slides towards m_state.rightEdge()
    std::deque<ReplayArrival> m_queue;
    std::vector<Flight> m_flying;
    std::vector<Flight> m_flashes;
    qint64 m_now = 0;
    qint64 m_lastLaunch = -1000000;
};

} // namespace ipseclab::ui
