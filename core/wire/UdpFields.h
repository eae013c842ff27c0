// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// UDP's fields (RFC 768) and UDP encapsulation's (RFC 3948), registered once.

#include "wire/Field.h"

namespace ipseclab::wire::udp_fields {

inline constexpr Field kHeader{"udp", "UDP", FieldType::None, "the UDP header: ports, length and checksum"};
inline constexpr Field kSourcePort{"udp.srcport", "Source Port", FieldType::Unsigned,
                                   "the sender's port: IKE uses 500, and 4500 once NAT traversal is in use"};
inline constexpr Field kDestinationPort{"udp.dstport", "Destination Port", FieldType::Unsigned,
                                        "the receiver's port: 500 for IKE, 4500 for IKE and ESP behind a NAT"};
inline constexpr Field kLength{"udp.length", "Length", FieldType::Unsigned,
                               "the UDP header plus its payload, in bytes"};
inline constexpr Field kChecksum{"udp.checksum", "Checksum", FieldType::Hex,
                                 "covers the IP addresses, the header and the payload; 0 means none was computed"};
// RFC 3948 on port 4500.
inline constexpr Field kNonEspMarker{"udpencap.non_esp_marker", "Non-ESP Marker", FieldType::None,
                                     "four zero bytes meaning \"an IKE message follows\": no ESP packet has SPI 0"};
inline constexpr Field kKeepalive{"udpencap.nat_keepalive", "NAT-Keepalive", FieldType::None,
                                  "a single 0xFF the NATed side sends so the NAT keeps its mapping; receivers drop it"};

inline constexpr const Field* kAll[] = {&kHeader,   &kSourcePort,   &kDestinationPort, &kLength,
                                        &kChecksum, &kNonEspMarker, &kKeepalive};

} // namespace ipseclab::wire::udp_fields
