// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Byte strings shared by every core layer.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/Endian.h" // the big-endian fields of these strings: every layer that holds bytes reads them

namespace ipseclab {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Lower-case hex without separators ("0a1b").
std::string toHex(ByteView bytes);
// Hex with a space every `group` bytes, for annotations of long values.
std::string toHexGrouped(ByteView bytes, std::size_t group = 4);
// A 32-bit value as SPIs and message IDs are written: "0x1234abcd".
std::string hex32(std::uint32_t value);
// Accepts upper or lower case and ignores spaces; nullopt on any other character or odd length.
std::optional<Bytes> fromHex(std::string_view hex);

inline Bytes bytesOf(std::string_view text) { return Bytes(text.begin(), text.end()); }

inline void append(Bytes& out, ByteView more) {
    // Growing through resize + copy rather than insert: GCC 12 at -O2 misreads insert into a small
    // vector as an out-of-bounds memcpy (-Warray-bounds), which -Werror turns into a failure.
    const std::size_t at = out.size();
    out.resize(at + more.size());
    std::copy(more.begin(), more.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
}

} // namespace ipseclab
