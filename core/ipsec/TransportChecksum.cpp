// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/TransportChecksum.h"

#include <algorithm>

#include "base/Endian.h"

namespace ipseclab::ipsec {

namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

// One's-complement sum of an address's two 16-bit words.
std::uint32_t wordSum(const wire::Ipv4Address& a) {
    return (std::uint32_t{a.octets[0]} << 8 | a.octets[1]) + (std::uint32_t{a.octets[2]} << 8 | a.octets[3]);
}

} // namespace

void fixTransportChecksum(std::span<std::uint8_t> packet, wire::Ipv4Address originalSource,
                          wire::Ipv4Address originalDestination) {
    if (packet.size() < wire::kIpv4MinHeaderLength) return;
    const std::size_t headerLength = std::size_t{packet[0] & 0x0fU} * 4;
    const std::uint8_t protocol = packet[9];
    const bool firstFragment = (readU16(packet, 6) & wire::kIpv4FragmentOffsetMask) == 0;
    const std::size_t at = headerLength + (protocol == kTcp ? 16 : 6); // the checksum field
    if ((protocol != kTcp && protocol != kUdp) || !firstFragment || packet.size() < at + 2) return;
    const std::uint16_t checksum = readU16(packet, at);
    if (protocol == kUdp && checksum == 0) return; // no checksum was sent: nothing to correct
    wire::Ipv4Address source, destination;
    std::copy_n(packet.begin() + 12, 4, source.octets.begin());
    std::copy_n(packet.begin() + 16, 4, destination.octets.begin());
    // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for each changed word m -> m'. Subtracting the old
    // words is adding their complements: 0xffff - w per word, two words per address.
    std::uint32_t sum = std::uint32_t{static_cast<std::uint16_t>(~checksum)};
    sum += 2 * 0xffffU - wordSum(originalSource) + 2 * 0xffffU - wordSum(originalDestination);
    sum += wordSum(source) + wordSum(destination);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    std::uint16_t fixed = static_cast<std::uint16_t>(~sum);
    if (protocol == kUdp && fixed == 0) fixed = 0xffff; // 0 would mean "no checksum" (RFC 768)
    writeU16(packet, at, fixed);
}

} // namespace ipseclab::ipsec
