// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A logical UDP endpoint, what IKEv1's and IKEv2's engines send from and to.

#include <cstdint>
#include <string>

#include "wire/Ipv4Header.h"
#include "wire/UdpHeader.h"

namespace ipseclab::wire {

// A logical UDP endpoint: IPv4 address and port (500, or 4500 once NAT traversal floats).
struct Endpoint {
    Ipv4Address address;
    std::uint16_t port = kIkePort;

    std::string toString() const { return address.toString() + ":" + std::to_string(port); }
    friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

} // namespace ipseclab::wire
