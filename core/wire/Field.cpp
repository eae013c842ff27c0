// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Field.h"

#include <bit>

namespace ipseclab::wire {

namespace {

constexpr char kDigits[] = "0123456789abcdef";

std::optional<std::uint64_t> integerOf(const Field& field, ByteView bytes) {
    if (bytes.empty() || bytes.size() > 8) return std::nullopt;
    std::uint64_t value = 0;
    for (std::uint8_t b : bytes) value = (value << 8) | b;
    if (field.mask != 0) value = (value & field.mask) >> std::countr_zero(field.mask);
    return value * field.scale;
}

std::string hexOf(std::uint64_t value, std::size_t digits) {
    std::string out(digits, '0');
    for (std::size_t i = digits; i-- > 0 && value != 0; value >>= 4) out[i] = kDigits[value & 0x0f];
    return "0x" + out;
}

} // namespace

std::optional<std::string> filterValue(const Field& field, ByteView bytes) {
    switch (field.type) {
    case FieldType::None: return std::nullopt;
    case FieldType::Unsigned: {
        const auto value = integerOf(field, bytes);
        return value ? std::optional(std::to_string(*value)) : std::nullopt;
    }
    case FieldType::Hex: {
        const auto value = integerOf(field, bytes);
        if (!value) return std::nullopt;
        // As wide as the value's bits: a masked 3-bit flags field is 0x02, as Wireshark writes it.
        const std::size_t bits = field.mask != 0
                                     ? std::size_t(32 - std::countl_zero(field.mask)) - std::countr_zero(field.mask)
                                     : bytes.size() * 8;
        return hexOf(*value, (bits + 7) / 8 * 2);
    }
    case FieldType::Bytes: {
        if (bytes.empty()) return std::nullopt;
        std::string out;
        for (std::uint8_t b : bytes) {
            if (!out.empty()) out += ':';
            out += kDigits[b >> 4];
            out += kDigits[b & 0x0f];
        }
        return out;
    }
    case FieldType::Ipv4:
        if (bytes.size() != 4) return std::nullopt;
        return std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." + std::to_string(bytes[2]) + "." +
               std::to_string(bytes[3]);
    case FieldType::Text: {
        std::string out = "\"";
        for (std::uint8_t b : bytes) {
            if (b < 0x20 || b > 0x7e) return std::nullopt; // a filter string holds printable ASCII here
            if (b == '"' || b == '\\') out += '\\';
            out += static_cast<char>(b);
        }
        return out + "\"";
    }
    }
    return std::nullopt;
}

std::optional<std::string> wiresharkFilter(const Field& field, ByteView bytes) {
    if (!field.wireshark()) return std::nullopt;
    if (field.type == FieldType::None) return std::string(field.key); // the field is there
    const auto value = filterValue(field, bytes);
    if (!value) return std::nullopt;
    return std::string(field.key) + " == " + *value;
}

} // namespace ipseclab::wire
