// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The anti-replay window as the view draws it, rebuilt packet by packet from the receiver's
// verdict events and their WindowDelta (no bitmap is copied out of the lab): which sequence
// numbers in (rightEdge - size, rightEdge] were received, the verdict that last landed on each
// cell, and the recent packets that landed outside — left of the window (too old) or far right
// of it (a forged number the ICV check threw out without moving the window).

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "ipsec/ReplayWindow.h"
#include "ui/replay/ReplayVerdictStyle.h"

namespace ipseclab::ui {

// One inbound packet's verdict, as the timeline recorded it.
struct ReplayArrival {
    std::uint64_t sequenceNumber = 0; // the full 64-bit number under ESN
    ipsec::Verdict verdict = ipsec::Verdict::Accepted;
    std::optional<ipsec::WindowDelta> window; // set when the window moved
    std::uint64_t rightEdgeBefore = 0;        // the window's right edge the packet met
    double time = 0;                          // virtual seconds
    std::optional<int> attack;                // the attack that made or touched the packet
    qsizetype index = -1;                     // the verdict's timeline event
};

class ReplayWindowState {
public:
    static constexpr std::size_t kOutsideKept = 6;

    struct Cell {
        bool received = false;
        std::optional<VerdictClass> mark; // the verdict of the last packet that landed here
    };
    struct Outside {
        std::uint64_t sequenceNumber = 0;
        VerdictClass verdict = VerdictClass::TooOld;
        std::optional<int> attack;
    };

    // size 0: anti-replay off (no cells; every copy is accepted).
    explicit ReplayWindowState(std::uint32_t size = ipsec::ReplayWindow::kDefaultSize, std::uint64_t rightEdge = 0);

    void apply(const ReplayArrival& arrival);

    std::uint32_t size() const { return m_size; }
    std::uint64_t rightEdge() const { return m_rightEdge; }
    // The lowest sequence number the window still covers (1 at the start: 0 is never sent).
    std::uint64_t leftEdge() const { return m_rightEdge >= m_size ? m_rightEdge - m_size + 1 : 1; }
    bool inWindow(std::uint64_t sequenceNumber) const {
        return m_size && sequenceNumber <= m_rightEdge && m_rightEdge - sequenceNumber < m_size && sequenceNumber > 0;
    }
    Cell cell(std::uint64_t sequenceNumber) const;
    // Where a packet with this number lands: -1 left of the window, 0 in it, 1 right of it.
    int side(std::uint64_t sequenceNumber) const;
    const std::deque<Outside>& leftOfWindow() const { return m_left; }
    const std::deque<Outside>& rightOfWindow() const { return m_right; }
    // The state in words, for a screen reader: the edges, the numbers received (as ranges), the
    // latest packets refused outside the window.
    QString describe() const;

private:
    std::size_t slot(std::uint64_t sequenceNumber) const { return static_cast<std::size_t>(sequenceNumber % m_size); }
    void slide(std::uint64_t newRightEdge);

    std::uint32_t m_size;
    std::uint64_t m_rightEdge;
    std::vector<std::uint8_t> m_received;
    std::vector<std::int8_t> m_marks; // -1 none, else a VerdictClass
    std::deque<Outside> m_left;
    std::deque<Outside> m_right;
};

} // namespace ipseclab::ui
