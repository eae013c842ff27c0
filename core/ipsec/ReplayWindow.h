// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The anti-replay window (RFC 4303 §3.4.3) as RFC 6479 lays it out: a ring of 64-bit words where a
// sequence number's bit position depends on the number alone, so sliding the window clears whole
// words instead of shifting a bitmap: O(1) per packet whatever the size (32 to 4096). One word
// more than the window needs is kept, so the word being entered never holds live bits.
//
// With Extended Sequence Numbers (RFC 4303 Appendix A2) the window tracks the 64-bit number and
// infer() recovers the high 32 bits the packet does not carry.
//
// The caller's order (digest §6.5): check() before the ICV, then after the ICV verified check()
// again and update(). A packet whose ICV fails never reaches update(), so it cannot move the window.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/Error.h"

namespace ipseclab::ipsec {

enum class ReplayStatus {
    Ok,           // right of the window, or inside it and not seen yet
    Duplicate,    // inside the window and already received
    TooOld,       // left of the window (or, with ESN, before the SA's first sequence number)
    SequenceZero, // 0 is never sent (the first packet carries 1)
};

std::string_view replayStatusName(ReplayStatus status);

// What update() changed, so a view can animate the window without copying its bitmap.
struct WindowDelta {
    std::uint64_t previousRightEdge = 0; // highest authenticated sequence number before
    std::uint64_t rightEdge = 0;         // ... and after; the window is (rightEdge - size, rightEdge]
    std::uint64_t marked = 0;            // the sequence number whose bit was set
    std::uint64_t shift = 0;             // rightEdge - previousRightEdge; 0 for a packet inside the window
    // RFC 6479 ring words zeroed because the window slid over them (ring indexes, wrapping): every
    // sequence number those words stand for now counts as not received.
    std::uint32_t firstClearedWord = 0;
    std::uint32_t clearedWords = 0;
};

class ReplayWindow {
public:
    static constexpr std::uint32_t kMinSize = 32;
    static constexpr std::uint32_t kMaxSize = 4096;
    static constexpr std::uint32_t kDefaultSize = 64; // RFC 4303 §3.4.3's recommendation
    static constexpr std::uint32_t kWordBits = 64;

    // size: kMinSize..kMaxSize packets. rightEdge: the highest sequence number to assume received
    // already (0 for a new SA; the lab-only "start at N" setting passes N - 1). Its bit is not set.
    static Result<ReplayWindow> create(std::uint32_t size, bool extendedSequenceNumbers = false,
                                       std::uint64_t rightEdge = 0);

    std::uint32_t size() const { return m_size; }
    bool extendedSequenceNumbers() const { return m_esn; }
    std::uint64_t rightEdge() const { return m_last; }
    std::size_t ringWords() const { return m_ring.size(); }

    // The full sequence number of a packet carrying `low`: `low` itself without ESN; with ESN the
    // value whose low 32 bits are `low` in the 2^32 numbers starting at the window's bottom
    // (Appendix A2, cases A and B). nullopt when that would lie before sequence number 0 or after
    // 2^64 - 1: no packet of this SA can carry it.
    std::optional<std::uint64_t> infer(std::uint32_t low) const {
        if (!m_esn) return low;
        return inferEsn(low);
    }

    // Inline, as infer(): the SA asks twice per packet (before and after the ICV). The usual case,
    // a new highest number, is the first test (it cannot be 0: nothing is below 0).
    ReplayStatus check(std::uint64_t sequenceNumber) const {
        if (sequenceNumber > m_last) return ReplayStatus::Ok;
        if (sequenceNumber == 0) return ReplayStatus::SequenceZero;
        if (m_last - sequenceNumber >= m_size) return ReplayStatus::TooOld;
        return bitOf(sequenceNumber) ? ReplayStatus::Duplicate : ReplayStatus::Ok;
    }
    // Marks `sequenceNumber` received and slides the window if it is the new highest. Only for a
    // number check() accepted and whose ICV verified; for any other the window does not change and
    // the delta says so (shift 0, nothing cleared, marked = the number given).
    WindowDelta update(std::uint64_t sequenceNumber);

    // Whether `sequenceNumber` is inside the window and marked received (for views and tests).
    bool received(std::uint64_t sequenceNumber) const;

private:
    ReplayWindow(std::uint32_t size, bool esn, std::uint64_t rightEdge, std::size_t words);
    std::uint64_t bitOf(std::uint64_t sequenceNumber) const {
        return (m_ring[(sequenceNumber / kWordBits) & m_mask] >> (sequenceNumber % kWordBits)) & 1U;
    }

    std::optional<std::uint64_t> inferEsn(std::uint32_t low) const;

    std::vector<std::uint64_t> m_ring;
    std::uint64_t m_mask = 0; // ring words - 1 (a power of two)
    std::uint64_t m_last = 0;
    std::uint32_t m_size = 0;
    bool m_esn = false;
};

// Inline, like check(): once per accepted packet (docs/performance.md, store forwarding).
inline WindowDelta ReplayWindow::update(std::uint64_t sequenceNumber) {
    WindowDelta delta;
    delta.previousRightEdge = m_last;
    delta.rightEdge = m_last;
    delta.marked = sequenceNumber;
    if (check(sequenceNumber) != ReplayStatus::Ok) return delta;

    if (sequenceNumber > m_last) {
        const std::uint64_t index = sequenceNumber / kWordBits;
        const std::uint64_t current = m_last / kWordBits;
        const std::uint64_t entered = index - current;
        if (entered >= m_ring.size()) {
            for (auto& word : m_ring) word = 0;
            delta.firstClearedWord = 0;
            delta.clearedWords = static_cast<std::uint32_t>(m_ring.size());
        } else if (entered > 0) {
            delta.firstClearedWord = static_cast<std::uint32_t>((current + 1) & m_mask);
            delta.clearedWords = static_cast<std::uint32_t>(entered);
            for (std::uint64_t i = 1; i <= entered; ++i) m_ring[(current + i) & m_mask] = 0;
        }
        delta.shift = sequenceNumber - m_last;
        m_last = sequenceNumber;
        delta.rightEdge = sequenceNumber;
    }
    m_ring[(sequenceNumber / kWordBits) & m_mask] |= std::uint64_t{1} << (sequenceNumber % kWordBits);
    return delta;
}

} // namespace ipseclab::ipsec
