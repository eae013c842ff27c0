// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/replay/ReplayWindowState.h"

#include <QObject>
#include <QStringList>

#include <algorithm>

namespace ipseclab::ui {

ReplayWindowState::ReplayWindowState(std::uint32_t size, std::uint64_t rightEdge)
    : m_size(size), m_rightEdge(rightEdge), m_received(size, 0), m_marks(size, -1) {}

ReplayWindowState::Cell ReplayWindowState::cell(std::uint64_t sequenceNumber) const {
    if (!inWindow(sequenceNumber)) return {};
    const std::int8_t mark = m_marks[slot(sequenceNumber)];
    return Cell{m_received[slot(sequenceNumber)] != 0,
                mark < 0 ? std::nullopt : std::optional<VerdictClass>(static_cast<VerdictClass>(mark))};
}

int ReplayWindowState::side(std::uint64_t sequenceNumber) const {
    if (sequenceNumber > m_rightEdge) return 1;
    return inWindow(sequenceNumber) ? 0 : -1;
}

void ReplayWindowState::slide(std::uint64_t newRightEdge) {
    // The numbers entering on the right were never seen: clear their cells (at most all of them).
    const std::uint64_t entering = std::min<std::uint64_t>(newRightEdge - m_rightEdge, m_size);
    for (std::uint64_t i = 0; i < entering; ++i) {
        m_received[slot(newRightEdge - i)] = 0;
        m_marks[slot(newRightEdge - i)] = -1;
    }
    m_rightEdge = newRightEdge;
    // Packets refused ahead of the window (a bit flipped in flight) are inside it now: their cells
    // stay empty, with the verdict's mark, and they leave the "ahead" zone.
    for (auto it = m_right.begin(); it != m_right.end();) {
        if (inWindow(it->sequenceNumber)) {
            m_marks[slot(it->sequenceNumber)] = static_cast<std::int8_t>(it->verdict);
            it = m_right.erase(it);
        } else {
            ++it;
        }
    }
}

void ReplayWindowState::apply(const ReplayArrival& arrival) {
    const VerdictClass verdict = classify(arrival.verdict);
    const std::uint64_t seq = arrival.sequenceNumber;
    // Where it landed is judged against the window it met, before any slide it caused.
    const int where = side(seq);
    // Only an authentic packet carries a delta: it moved the edge and marked its number received.
    if (const auto& delta = arrival.window) {
        if (delta->rightEdge > m_rightEdge) {
            if (m_size) slide(delta->rightEdge);
            else m_rightEdge = delta->rightEdge;
        }
        if (inWindow(delta->marked)) m_received[slot(delta->marked)] = 1;
    }
    if (!m_size) return;
    if (inWindow(seq) && (where == 0 || arrival.window)) {
        m_marks[slot(seq)] = static_cast<std::int8_t>(verdict);
        return;
    }
    std::deque<Outside>& zone = where < 0 ? m_left : m_right;
    zone.push_back(Outside{seq, verdict, arrival.attack});
    if (zone.size() > kOutsideKept) zone.pop_front();
}

QString ReplayWindowState::describe() const {
    if (!m_size) return QObject::tr("Anti-replay is off on this SA: every copy of a packet is accepted.");
    if (!m_rightEdge) return QObject::tr("Window of %1 packets, right edge 0: nothing received yet.").arg(m_size);
    // The received numbers as runs, "1–38, 40".
    QStringList runs;
    std::uint64_t count = 0;
    std::optional<std::uint64_t> runStart;
    auto endRun = [&](std::uint64_t last) {
        runs << (*runStart == last ? QString::number(last) : QStringLiteral("%1–%2").arg(*runStart).arg(last));
        runStart.reset();
    };
    for (std::uint64_t seq = leftEdge(); seq <= m_rightEdge; ++seq) {
        if (m_received[slot(seq)] != 0) {
            ++count;
            if (!runStart) runStart = seq;
        } else if (runStart) {
            endRun(seq - 1);
        }
        if (seq == m_rightEdge) break; // the largest 64-bit edge must not wrap the loop
    }
    if (runStart) endRun(m_rightEdge);
    QString text = QObject::tr("Window of %1 packets, sequence numbers %2 to %3 (right edge %3). ")
                       .arg(m_size)
                       .arg(leftEdge())
                       .arg(m_rightEdge);
    text += count ? QObject::tr("Received: %1 (%2 of them).").arg(runs.join(QStringLiteral(", "))).arg(count)
                  : QObject::tr("None of them received.");
    auto outside = [](const std::deque<Outside>& zone) {
        QStringList items;
        for (const Outside& o : zone)
            items << QStringLiteral("#%1 %2").arg(o.sequenceNumber).arg(verdictLabel(o.verdict));
        return items.join(QStringLiteral(", "));
    };
    if (!m_left.empty()) text += QObject::tr(" Refused left of the window: %1.").arg(outside(m_left));
    if (!m_right.empty()) text += QObject::tr(" Refused ahead of the window: %1.").arg(outside(m_right));
    return text;
}

} // namespace ipseclab::ui
