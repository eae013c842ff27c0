// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Small text helpers the ISAKMP decoders share for annotation values and error paths.
// Internal to core/wire: not part of the codec's API.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/Bytes.h"

namespace ipseclab::wire::isakmp_detail {

// "0x0766e24bc7b0e239" for short values; long ones are cut: "0x3692a373… (256 bytes)".
std::string hexValue(ByteView bytes, std::size_t maxShown = 32);
// "0x00007080 (28800)"
std::string hexAndNumber(ByteView bytes, std::uint64_t number);
std::string ipv4Text(ByteView fourBytes);
std::string ipv6Text(ByteView sixteenBytes);
// Printable ASCII as is, anything else as \xNN.
std::string printableText(ByteView bytes);
std::string plural(std::size_t count, std::string_view singular, std::string_view pluralForm = {});

} // namespace ipseclab::wire::isakmp_detail
