// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A traffic selector as both IKE versions' engines configure it: IKEv1's Quick Mode proxy IDs,
// IKEv2's TSi/TSr.

#include <cstdint>
#include <string>

#include "wire/Ipv4Header.h"

namespace ipseclab::wire {

// An IPv4 subnet (prefix 32 = one host), optionally one IP protocol and port. IKEv1 sends it as a
// Quick Mode proxy ID (ID_IPV4_ADDR for /32, ID_IPV4_ADDR_SUBNET otherwise; both accepted), IKEv2 as
// one TS_IPV4_ADDR_RANGE.
struct Selector {
    Ipv4Address address;
    std::uint8_t prefixLength = 32;
    std::uint8_t protocol = 0; // 0 = any
    std::uint16_t port = 0;    // 0 = any

    static Selector subnet(const Ipv4Address& address, std::uint8_t prefixLength);
    std::string toString() const; // "10.1.0.0/24"
    friend bool operator==(const Selector&, const Selector&) = default;
};

} // namespace ipseclab::wire
