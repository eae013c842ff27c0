// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Ethernet's fields (IEEE 802.3), for captures read from an Ethernet device, registered once.

#include "wire/Field.h"

namespace ipseclab::wire::ethernet_fields {

inline constexpr Field kHeader{"eth", "Ethernet", FieldType::None,
                               "the link layer: the capture was taken on an Ethernet device"};
// A hardware address is written aa:bb:cc:dd:ee:ff, as a byte string is.
inline constexpr Field kDestination{"eth.dst", "Destination", FieldType::Bytes, "the next hop's hardware address"};
inline constexpr Field kSource{"eth.src", "Source", FieldType::Bytes, "the sending interface's hardware address"};
inline constexpr Field kVlanTag{"ipseclab.eth.vlan_tag", "VLAN Tag", FieldType::Bytes, "an 802.1Q VLAN tag"};
inline constexpr Field kType{"eth.type", "Type", FieldType::Hex, "what the frame carries: 0x0800 means an IPv4 packet"};

inline constexpr const Field* kAll[] = {&kHeader, &kDestination, &kSource, &kVlanTag, &kType};

} // namespace ipseclab::wire::ethernet_fields
