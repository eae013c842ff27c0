// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab told as text, for `ipsec-lab --headless` and for tests: every message and every derived
// value in one readable line each (names, short hex, formulas — never a hex dump), each verdict,
// then the attacks, the counters per SA and the outcome. It reads the timeline only.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lab/Lab.h"

namespace ipseclab::lab {

class TextReport {
public:
    // "IPsec Lab — scenario main-quick, seed 1" and the two sites.
    static std::string header(const Lab& lab);
    // The lines of the events added since the last call (with a heading when the phase changes).
    std::string newEvents(const Timeline& timeline);
    static std::string eventLine(const LabEvent& event);
    // "attack 1  replay:seq=5  verdicts: duplicate  (...)" per attack; a flood's verdicts counted.
    static std::string attacks(const Lab& lab);
    // "duplicate 5012, too old 4988 (10000 packets)": how many of each, in the verdicts' order.
    static std::string verdictCounts(const std::vector<ipsec::Verdict>& verdicts);
    // Per SA: packets, bytes and every verdict; the SADs' unknown-SPI counts; the echoes.
    static std::string counters(const Lab& lab);
    static std::string outcome(const Lab& lab);

private:
    std::size_t m_printed = 0;
    std::optional<Phase> m_phase;
};

} // namespace ipseclab::lab
