// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/FieldRegistry.h"

#include <algorithm>
#include <vector>

#include "wire/EthernetFields.h"
#include "wire/IcmpFields.h"
#include "wire/Ikev2Fields.h"
#include "wire/IpsecFields.h"
#include "wire/Ipv4Fields.h"
#include "wire/IsakmpFields.h"
#include "wire/UdpFields.h"

namespace ipseclab::wire {

namespace {

std::vector<const Field*> collect() {
    std::vector<const Field*> out;
    const auto add = [&](std::span<const Field* const> table) { out.insert(out.end(), table.begin(), table.end()); };
    add(ethernet_fields::kAll);
    add(ipv4_fields::kAll);
    add(udp_fields::kAll);
    add(icmp_fields::kAll);
    add(esp_fields::kAll);
    add(ah_fields::kAll);
    add(isakmp_fields::all());
    add(ikev2_fields::all());
    return out;
}

} // namespace

std::span<const Field* const> registeredFields() {
    static const std::vector<const Field*> fields = collect();
    return fields;
}

const Field* findRegisteredField(std::string_view key) {
    const auto fields = registeredFields();
    const auto it = std::find_if(fields.begin(), fields.end(), [&](const Field* f) { return f->key == key; });
    return it == fields.end() ? nullptr : *it;
}

} // namespace ipseclab::wire
