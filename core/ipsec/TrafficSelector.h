// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The traffic selectors an SA was negotiated for (RFC 4301 §4.4.2.1; IKEv1's proxy IDs), as the
// receiver checks them after decapsulation (RFC 4301 §5.2 step 4): a packet that decrypts and
// verifies but whose addresses (or protocol, ports) the SA does not carry is dropped. Without
// this check, anyone holding the SA's keys could inject traffic "from" any address.

#include <cstdint>
#include <optional>
#include <string>

#include "base/Bytes.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

// One side of an SA's traffic: a subnet, optionally one IP protocol and one port.
struct TrafficSelector {
    wire::Ipv4Address network;
    std::uint8_t prefixLength = 0; // 0 = any address
    std::uint8_t protocol = 0;     // 0 = any protocol
    std::uint16_t port = 0;        // 0 = any port (TCP and UDP carry ports; a packet without one never matches)

    bool containsAddress(wire::Ipv4Address address) const;
    std::string toString() const; // "10.1.0.0/24", "10.1.0.10/32 udp port 53"
};

// Both sides, in the SA's direction: where its packets come from and where they go.
struct SaSelectors {
    TrafficSelector source;
    TrafficSelector destination;
};

// Null when the IPv4 packet at the start of `ipv4Packet` (tunnel mode: the inner packet; transport
// mode: the packet rebuilt with its own header) lies inside `selectors`; otherwise why not, in one
// sentence. The packet is one the SA already took apart: at least an IPv4 header long.
std::optional<std::string> selectorMismatch(const SaSelectors& selectors, ByteView ipv4Packet);

} // namespace ipseclab::ipsec
