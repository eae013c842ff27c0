// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A protocol number's name from a fixed table (IKEv1's and IKEv2's constants alike).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ipseclab::wire {

struct NameEntry {
    std::uint64_t value;
    std::string_view name;
};

template <std::size_t N>
std::optional<std::string_view> lookup(const std::array<NameEntry, N>& table, std::uint64_t value) {
    for (const NameEntry& entry : table)
        if (entry.value == value) return entry.name;
    return std::nullopt;
}

} // namespace ipseclab::wire
