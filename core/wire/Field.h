// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A field's identity, registered once per protocol the way Wireshark registers its hf_ fields:
// the key is Wireshark's display-filter name wherever Wireshark's dissector has one ("isakmp.nonce",
// "esp.sequence"), so what a lesson or a view names, a student can type as a filter on the exported
// capture. Where Wireshark has none, the key is "ipseclab." + Wireshark's protocol abbreviation + "."
// + a name in Wireshark's style ("ipseclab.isakmp.payload.nonce", "ipseclab.esp.trailer"); see
// docs/field-keys.md. The display name is free text: nothing looks a field up by it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Bytes.h"

namespace ipseclab::wire {

// How Wireshark holds the field's value, which decides how a filter writes it.
enum class FieldType {
    None,     // a container or a text without a comparable value (FT_NONE, FT_PROTOCOL)
    Unsigned, // an unsigned integer shown in decimal (BASE_DEC)
    Hex,      // an unsigned integer shown in hex (BASE_HEX): ids, SPIs, checksums
    Bytes,    // a byte string (FT_BYTES), written aa:bb:cc in a filter
    Ipv4,     // an IPv4 address (FT_IPv4)
    Text,     // a character string (FT_STRING)
};

struct Field {
    std::string_view key;  // "isakmp.nonce": the stable identity lessons, sources and lookups use
    std::string_view name; // "Nonce Data": what a tree shows, free text
    FieldType type;
    std::string_view meaning; // one line a student understands
    std::uint32_t mask = 0;   // integers only: the bits of the field's bytes that hold it (0: all)
    std::uint32_t scale = 1;  // integers only: Wireshark's value is the masked bits times this

    // True when the key is Wireshark's own, not one of ours.
    constexpr bool wireshark() const { return !key.starts_with(kOwnPrefix); }

    static constexpr std::string_view kOwnPrefix = "ipseclab.";
};

// The field's value as a Wireshark display filter writes it ("0x227c45d4", "500", "0a:1b",
// "10.1.0.10", "\"vpn.example\""), from the bytes the field covers; nullopt when the field has no
// comparable value or the bytes do not fit its type.
std::optional<std::string> filterValue(const Field& field, ByteView bytes);

// "isakmp.messageid == 0x227c45d4": a filter that selects the packets with this field's value;
// nullopt for our own keys (Wireshark does not know them) and for fields without a value.
std::optional<std::string> wiresharkFilter(const Field& field, ByteView bytes);

} // namespace ipseclab::wire
