// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ikev2/Config.h"

#include <algorithm>

namespace ipseclab::ikev2 {

Identity Identity::ipv4(const wire::Ipv4Address& address) {
    return Identity{wire::ikev2::IdType::Ipv4Addr, Bytes(address.octets.begin(), address.octets.end())};
}

std::string Identity::toString() const {
    using wire::ikev2::IdType;
    if (type == IdType::Ipv4Addr && data.size() == 4) {
        wire::Ipv4Address a;
        std::copy(data.begin(), data.end(), a.octets.begin());
        return a.toString();
    }
    if (type == IdType::Fqdn || type == IdType::Rfc822Addr) return std::string(data.begin(), data.end());
    return "0x" + toHex(data);
}

Identity PeerConfig::effectiveLocalId() const { return localId.empty() ? Identity::ipv4(local.address) : localId; }

} // namespace ipseclab::ikev2
