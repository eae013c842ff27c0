// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// IPv4's fields (RFC 791), registered once: key, display name, type, meaning.

#include "wire/Field.h"

namespace ipseclab::wire::ipv4_fields {

inline constexpr Field kHeader{"ip", "IPv4", FieldType::None, "the IPv4 header: who sends to whom, and what follows"};
inline constexpr Field kVersion{"ip.version", "Version", FieldType::Unsigned,
                                "4 means IPv4; a receiver drops anything else here", 0xf0};
inline constexpr Field kHeaderLength{"ip.hdr_len",
                                     "Header Length",
                                     FieldType::Unsigned,
                                     "the header's length in 32-bit words (low 4 bits); above 5 means options follow",
                                     0x0f,
                                     4};
inline constexpr Field kDsField{"ip.dsfield", "Differentiated Services", FieldType::Hex,
                                "DSCP priority class and ECN congestion bits; routers may rewrite them"};
inline constexpr Field kTotalLength{"ip.len", "Total Length", FieldType::Unsigned,
                                    "the whole packet, header included, in bytes"};
inline constexpr Field kIdentification{"ip.id", "Identification", FieldType::Hex,
                                       "a number the sender gives each packet, so its fragments can be reassembled"};
inline constexpr Field kFlags{"ip.flags", "Flags", FieldType::Hex, "top 3 bits: Don't Fragment and More Fragments",
                              0xe0};
inline constexpr Field kFragmentOffset{"ip.frag_offset", "Fragment Offset", FieldType::Unsigned,
                                       "low 13 bits: where this fragment sits in the original packet, in 8-byte units",
                                       0x1fff};
inline constexpr Field kTimeToLive{"ip.ttl", "Time to Live", FieldType::Unsigned,
                                   "how many more routers may forward it; each subtracts 1 and drops it at 0"};
inline constexpr Field kProtocol{
    "ip.proto", "Protocol", FieldType::Unsigned,
    "what follows the header: 17 UDP (IKE), 50 ESP, 51 AH, 1 ICMP, 4 a tunnelled IPv4 packet"};
inline constexpr Field kChecksum{"ip.checksum", "Header Checksum", FieldType::Hex,
                                 "detects a damaged header; every router recomputes it because the TTL changes"};
inline constexpr Field kSource{"ip.src", "Source Address", FieldType::Ipv4, "who sent the packet"};
inline constexpr Field kDestination{"ip.dst", "Destination Address", FieldType::Ipv4, "where the packet is going"};
inline constexpr Field kOptions{"ipseclab.ip.options", "Options", FieldType::Bytes,
                                "rarely used extras (e.g. record route); each 4 bytes make the header one word longer"};

inline constexpr const Field* kAll[] = {&kHeader,         &kVersion, &kHeaderLength,   &kDsField,    &kTotalLength,
                                        &kIdentification, &kFlags,   &kFragmentOffset, &kTimeToLive, &kProtocol,
                                        &kChecksum,       &kSource,  &kDestination,    &kOptions};

} // namespace ipseclab::wire::ipv4_fields
