// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The IPv4 packet inside a captured frame, and for UDP its ports and payload: how a caller gets
// the ISAKMP bytes of a capture frame (on port 4500, demultiplex with wire/NatTMarker.h first).

#include <cstddef>
#include <optional>

#include "base/Bytes.h"
#include "base/Error.h"
#include "capture/LinkType.h"
#include "wire/Annotation.h"
#include "wire/Ipv4Header.h"
#include "wire/UdpHeader.h"

namespace ipseclab::capture {

struct Ipv4Frame {
    std::size_t ipOffset = 0;             // where the IPv4 header starts in the frame (14 after Ethernet)
    wire::Ipv4Packet ip;                  // views into the frame
    std::optional<wire::UdpDatagram> udp; // for an unfragmented UDP packet; checksum verified
};

// Ethernet (with at most one 802.1Q tag), RAW and IPV4 link types. A frame that is not IPv4, or
// whose IPv4 or UDP header is malformed, is an error. `annotations` (may be null) receives the
// Ethernet, IPv4 and UDP fields with offsets into the frame.
Result<Ipv4Frame> extractIpv4Frame(ByteView frame, LinkType linkType, wire::Annotations* annotations = nullptr);

} // namespace ipseclab::capture
