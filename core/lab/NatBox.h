// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The optional NAT on the lab's wire (docs/architecture.md "One datagram, from the wire to the window"): it sits in
// front of Site A and rewrites A's logical address to a public one (203.0.113.5, a documentation address that exists
// only inside the packets) and each UDP source port to its own public port. Site B sees the public endpoint, so NAT-D
// differs and NAT-T engages; AH, which protects the outer addresses, cannot survive the rewrite.

#include <cstdint>
#include <string>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::lab {

class NatBox {
public:
    NatBox(wire::Ipv4Address inside, wire::Ipv4Address outside) : m_inside(inside), m_outside(outside) {}

    wire::Ipv4Address inside() const { return m_inside; }
    wire::Ipv4Address outside() const { return m_outside; }
    // The public port of an inside port: 500 -> 40500, 4500 -> 44500 (fixed, so a seeded run is
    // byte-identical and a student can read the mapping off the capture).
    static std::uint16_t publicPort(std::uint16_t insidePort) { return static_cast<std::uint16_t>(insidePort + 40000); }
    static std::uint16_t insidePort(std::uint16_t publicPort) { return static_cast<std::uint16_t>(publicPort - 40000); }

    // From Site A towards B: the source becomes the public endpoint. Other packets pass unchanged.
    Result<Bytes> outbound(ByteView ipv4Packet) const;
    // From B towards A's public endpoint: the destination becomes A's inside endpoint.
    Result<Bytes> inbound(ByteView ipv4Packet) const;
    // "NAT 127.0.0.1:500 -> 203.0.113.5:40500".
    std::string describe(ByteView before, ByteView after) const;

private:
    wire::Ipv4Address m_inside;
    wire::Ipv4Address m_outside;
};

} // namespace ipseclab::lab
