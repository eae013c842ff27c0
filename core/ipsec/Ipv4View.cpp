// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/Ipv4View.h"

#include <string>

namespace ipseclab::ipsec {

Error ipv4ViewError(ByteView bytes) {
    if (bytes.size() < wire::kIpv4MinHeaderLength)
        return Error{std::to_string(bytes.size()) + " bytes cannot hold a 20-byte IPv4 header", "IPv4", 0};
    if ((bytes[0] >> 4) != 4)
        return Error{"IP version " + std::to_string(bytes[0] >> 4) + ", not 4", "IPv4/Version", 0};
    const std::size_t headerLength = std::size_t{bytes[0] & 0x0fU} * 4;
    if (headerLength < wire::kIpv4MinHeaderLength || headerLength > bytes.size())
        return Error{"header length " + std::to_string(headerLength) + " does not fit 20 .. " +
                         std::to_string(bytes.size()) + " bytes",
                     "IPv4/Header Length", 0};
    const std::size_t total = readU16(bytes, 2);
    return Error{"total length " + std::to_string(total) + " does not fit between the " + std::to_string(headerLength) +
                     "-byte header and the " + std::to_string(bytes.size()) + " bytes there",
                 "IPv4/Total Length", 2};
}

void patchIpv4Header(std::uint8_t* header, std::size_t headerLength, wire::IpProtocol protocol,
                     std::size_t totalLength) {
    const std::span<std::uint8_t> h(header, headerLength);
    writeU16(h, 2, static_cast<std::uint16_t>(totalLength));
    h[9] = static_cast<std::uint8_t>(protocol);
    writeU16(h, 10, 0);
    writeU16(h, 10, ipv4HeaderChecksum(header, headerLength));
}

} // namespace ipseclab::ipsec
