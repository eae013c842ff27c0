// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Every field the lab's decoders annotate, each registered once in its protocol's table
// (EthernetFields.h, Ipv4Fields.h, UdpFields.h, IcmpFields.h, IpsecFields.h, IsakmpFields.h, Ikev2Fields.h): what a
// lesson validator, a view or a test asks when it has a key.

#include <span>
#include <string_view>

#include "wire/Field.h"

namespace ipseclab::wire {

// All registered fields, table after table.
std::span<const Field* const> registeredFields();

// The field registered under `key`, or nullptr.
const Field* findRegisteredField(std::string_view key);

} // namespace ipseclab::wire
