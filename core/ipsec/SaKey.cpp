// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/SaKey.h"

#include <iomanip>
#include <sstream>

namespace ipseclab::ipsec {

std::string protocolName(IpsecProtocol protocol) { return protocol == IpsecProtocol::Ah ? "AH" : "ESP"; }

std::string SaKey::toString() const {
    std::ostringstream out;
    out << protocolName(protocol) << " SPI 0x" << std::hex << std::setw(8) << std::setfill('0') << spi << " to "
        << destination.toString();
    return out.str();
}

} // namespace ipseclab::ipsec
