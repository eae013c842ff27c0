// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IsakmpFormat.h"

#include <cstdio>

namespace ipseclab::wire::isakmp_detail {

std::string hexValue(ByteView bytes, std::size_t maxShown) {
    if (bytes.size() <= maxShown) return "0x" + toHex(bytes);
    return "0x" + toHex(bytes.first(16)) + "\u2026 (" + std::to_string(bytes.size()) + " bytes)";
}

std::string hexAndNumber(ByteView bytes, std::uint64_t number) {
    return "0x" + toHex(bytes) + " (" + std::to_string(number) + ")";
}

std::string ipv4Text(ByteView b) {
    return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
}

std::string ipv6Text(ByteView b) {
    std::uint16_t groups[8];
    for (int i = 0; i < 8; ++i) groups[i] = readU16(b, static_cast<std::size_t>(2 * i));
    // RFC 5952: the longest run (of at least two) zero groups becomes "::".
    int bestStart = -1, bestLength = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0) ++j;
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    std::string text;
    char buffer[8];
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += "::";
            i += bestLength - 1;
            continue;
        }
        if (!text.empty() && text.back() != ':') text += ':';
        std::snprintf(buffer, sizeof buffer, "%x", groups[i]);
        text += buffer;
    }
    return text;
}

std::string printableText(ByteView bytes) {
    std::string text;
    char buffer[8];
    for (std::uint8_t c : bytes) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            text += static_cast<char>(c);
        } else {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
            text += buffer;
        }
    }
    return text;
}

std::string plural(std::size_t count, std::string_view singular, std::string_view pluralForm) {
    std::string text = std::to_string(count) + " ";
    if (count == 1) return text + std::string(singular);
    return text + (pluralForm.empty() ? std::string(singular) + "s" : std::string(pluralForm));
}

} // namespace ipseclab::wire::isakmp_detail
