// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// How a receiver finds an SA (RFC 4301 §4.1): the SPI, the destination address and the protocol.
// Also the few names every file of the data plane shares.

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>

#include "base/Endian.h"
#include "base/Timestamp.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

// The IPsec protocol of an SA, by its IP protocol number.
enum class IpsecProtocol : std::uint8_t {
    Esp = 50, // RFC 4303
    Ah = 51,  // RFC 4302
};

// "ESP" or "AH": also the first part of every event id.
std::string protocolName(IpsecProtocol protocol);

using ipseclab::Timestamp; // base/Timestamp.h

struct SaKey {
    std::uint32_t spi = 0;
    wire::Ipv4Address destination;
    IpsecProtocol protocol = IpsecProtocol::Esp;

    friend auto operator<=>(const SaKey& a, const SaKey& b) {
        if (auto c = a.spi <=> b.spi; c != 0) return c;
        // The order of toU32(), inline (docs/performance.md, hot code inline).
        if (auto c = readU32(a.destination.octets, 0) <=> readU32(b.destination.octets, 0); c != 0) return c;
        return static_cast<int>(a.protocol) <=> static_cast<int>(b.protocol);
    }
    friend bool operator==(const SaKey& a, const SaKey& b) = default;

    // "ESP SPI 0x48858870 to 127.100.0.2"
    std::string toString() const;
};

} // namespace ipseclab::ipsec
