// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Selector.h"

namespace ipseclab::wire {

Selector Selector::subnet(const Ipv4Address& address, std::uint8_t prefixLength) {
    Selector s;
    s.address = address;
    s.prefixLength = prefixLength;
    return s;
}

std::string Selector::toString() const {
    std::string text = address.toString() + "/" + std::to_string(prefixLength);
    if (protocol) text += " proto " + std::to_string(protocol);
    if (port) text += " port " + std::to_string(port);
    return text;
}

} // namespace ipseclab::wire
