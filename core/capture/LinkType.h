// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// pcapng link types (tcpdump.org LINKTYPE_*): what the bytes of a captured packet start with.

#include <cstdint>

namespace ipseclab::capture {

// The underlying type holds any value, so an unnamed link type read from a file survives.
enum class LinkType : std::uint16_t {
    Ethernet = 1, // LINKTYPE_ETHERNET: 14-byte Ethernet header first (the vector captures)
    Raw = 101,    // LINKTYPE_RAW: the IP header first (what the lab writes)
    Ipv4 = 228,   // LINKTYPE_IPV4: IPv4 header first
};

} // namespace ipseclab::capture
