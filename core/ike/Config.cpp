// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/Config.h"

namespace ipseclab::ike {

Identity Identity::ipv4(const wire::Ipv4Address& address) {
    return Identity{wire::IdType::Ipv4Addr, Bytes(address.octets.begin(), address.octets.end())};
}

Identity Identity::fqdn(const std::string& name) { return Identity{wire::IdType::Fqdn, bytesOf(name)}; }

std::string Identity::toString() const {
    if (type == wire::IdType::Ipv4Addr && data.size() == 4) {
        wire::Ipv4Address a;
        std::copy(data.begin(), data.end(), a.octets.begin());
        return a.toString();
    }
    if (type == wire::IdType::Fqdn || type == wire::IdType::UserFqdn) return std::string(data.begin(), data.end());
    return "0x" + toHex(data);
}

Identity PeerConfig::effectiveLocalId() const { return localId.empty() ? Identity::ipv4(local.address) : localId; }

} // namespace ipseclab::ike
