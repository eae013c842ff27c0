// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The data plane's SAs named by role, so a lesson holds for every seed: "A2B", "B2A", "A2B#2" (the
// lab's names: the n-th pair a site installs gets "#n", core/lab/LabSites.cpp), never by the SPI
// one seed drew. A key id "A.KEYMAT.ESP.A2B" is the KEYMAT of Site A's A→B SA, whatever its SPI;
// LessonTemplate's {{spi:A2B}} quotes that SPI. Both are looked up in the timeline of the lab
// being played (the ChildSaInfo of each "QM.established" event).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Error.h"
#include "lab/Timeline.h"

namespace ipseclab::lesson {

struct SaRole {
    bool aToB = true;     // A2B; false: B2A
    std::size_t pair = 1; // "#2": the second pair each site installed
};

// "A2B", "B2A", "A2B#2"; none for anything else.
std::optional<SaRole> parseSaRole(std::string_view sa);

// A KEYMAT key id: its site, protocol and what names the SA ("A.KEYMAT.ESP.A2B" → A, ESP, A2B;
// the engine's own "A.KEYMAT.ESP.0xc6744e7c" → A, ESP, 0xc6744e7c). None: not a KEYMAT id.
struct KeymatId {
    char site = 'A';
    std::string protocol; // "ESP", "AH"
    std::string sa;       // a role, or (named by value) an SPI
};
std::optional<KeymatId> parseKeymatId(std::string_view id);

// The SPI of SA `sa` (a role), as the first site to install that pair recorded it, among the
// events [0, shown). An error names the role and why (no such pair yet, not a role).
Result<std::uint32_t> spiOf(const lab::Timeline& timeline, const std::string& sa,
                            std::optional<std::size_t> shown = std::nullopt);

// The engine's id for a KEYMAT role id ("A.KEYMAT.ESP.A2B" → "A.KEYMAT.ESP.0xc6744e7c", the
// second pair's "A.QM#2.KEYMAT.ESP.0x…"); any other id unchanged.
Result<std::string> resolveRoleId(const lab::Timeline& timeline, const std::string& id);

} // namespace ipseclab::lesson
