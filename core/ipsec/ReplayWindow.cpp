// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/ReplayWindow.h"

#include <string>

namespace ipseclab::ipsec {

std::string_view replayStatusName(ReplayStatus status) {
    switch (status) {
    case ReplayStatus::Ok: return "ok";
    case ReplayStatus::Duplicate: return "duplicate";
    case ReplayStatus::TooOld: return "too old";
    case ReplayStatus::SequenceZero: return "sequence number 0";
    }
    return "?";
}

namespace {
std::size_t ringWordsFor(std::uint32_t size) {
    // Enough words for the window plus one spare (the word being entered), rounded up to a power of
    // two so the index is a mask.
    const std::size_t needed = (size + ReplayWindow::kWordBits - 1) / ReplayWindow::kWordBits + 1;
    std::size_t words = 1;
    while (words < needed) words <<= 1;
    return words;
}
} // namespace

ReplayWindow::ReplayWindow(std::uint32_t size, bool esn, std::uint64_t rightEdge, std::size_t words)
    : m_ring(words, 0), m_mask(words - 1), m_last(rightEdge), m_size(size), m_esn(esn) {}

Result<ReplayWindow> ReplayWindow::create(std::uint32_t size, bool extendedSequenceNumbers, std::uint64_t rightEdge) {
    if (size < kMinSize || size > kMaxSize)
        return fail("replay window size " + std::to_string(size) + " is outside " + std::to_string(kMinSize) + ".." +
                        std::to_string(kMaxSize) + " packets",
                    "Replay Window");
    if (!extendedSequenceNumbers && rightEdge > 0xffffffffULL)
        return fail("without ESN a sequence number fits in 32 bits; " + std::to_string(rightEdge) + " does not",
                    "Replay Window");
    return ReplayWindow(size, extendedSequenceNumbers, rightEdge, ringWordsFor(size));
}

std::optional<std::uint64_t> ReplayWindow::inferEsn(std::uint32_t low) const {
    const auto tl = static_cast<std::uint32_t>(m_last);
    const auto th = static_cast<std::uint32_t>(m_last >> 32);
    const std::uint32_t bl = tl - m_size + 1; // the window's bottom, low 32 bits (mod 2^32)
    std::uint32_t high = th;
    if (tl >= m_size - 1) {
        // Case A: the window lies in one 2^32 subspace; below its bottom means the next subspace.
        if (low < bl) {
            if (th == 0xffffffffU) return std::nullopt;
            high = th + 1;
        }
    } else {
        // Case B: the window spans the previous subspace and this one.
        if (low >= bl) {
            if (th == 0) return std::nullopt; // before the SA's first packet
            high = th - 1;
        }
    }
    return (std::uint64_t{high} << 32) | low;
}

bool ReplayWindow::received(std::uint64_t sequenceNumber) const {
    if (sequenceNumber == 0 || sequenceNumber > m_last || m_last - sequenceNumber >= m_size) return false;
    return bitOf(sequenceNumber) != 0;
}

} // namespace ipseclab::ipsec
