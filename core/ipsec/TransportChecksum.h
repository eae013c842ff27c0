// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Transport mode through a NAT (RFC 3948 §3.1.2): the sender computed its TCP or UDP checksum over
// a pseudo-header with the addresses it knew (its own private one, ours as it saw it); the NAT
// rewrote the outer header, which in transport mode is the packet's own, but could not touch the
// encrypted checksum. After decapsulation the receiver corrects it incrementally (RFC 1624) from
// those original addresses (learned from NAT-OA, RFC 3947 §5.2) to the ones the header now carries.

#include <span>

#include "base/Bytes.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

// `packet`: an IPv4 packet (header and payload) as decapsulation rebuilt it. A TCP or UDP checksum
// in it is corrected for the change from (originalSource, originalDestination) to the header's
// addresses; anything else, a UDP checksum of 0 (none) and a fragment after the first are left alone.
void fixTransportChecksum(std::span<std::uint8_t> packet, wire::Ipv4Address originalSource,
                          wire::Ipv4Address originalDestination);

} // namespace ipseclab::ipsec
