// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/TrafficSelector.h"

#include <algorithm>

#include "base/Endian.h"

namespace ipseclab::ipsec {

namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

std::string protocolText(std::uint8_t protocol) {
    if (protocol == kTcp) return "tcp";
    if (protocol == kUdp) return "udp";
    if (protocol == 1) return "icmp";
    return "protocol " + std::to_string(protocol);
}

// What the receiver read of a packet, for the check and for the sentence.
struct Fields {
    wire::Ipv4Address source;
    wire::Ipv4Address destination;
    std::uint8_t protocol = 0;
    std::optional<std::uint16_t> sourcePort; // TCP and UDP, first (or only) fragment
    std::optional<std::uint16_t> destinationPort;
};

Fields readFields(ByteView packet) {
    Fields f;
    std::copy_n(packet.begin() + 12, 4, f.source.octets.begin());
    std::copy_n(packet.begin() + 16, 4, f.destination.octets.begin());
    f.protocol = packet[9];
    const std::size_t headerLength = std::size_t{packet[0] & 0x0fU} * 4;
    const bool firstFragment = (readU16(packet, 6) & wire::kIpv4FragmentOffsetMask) == 0;
    if ((f.protocol == kTcp || f.protocol == kUdp) && firstFragment && packet.size() >= headerLength + 4) {
        f.sourcePort = readU16(packet, headerLength);
        f.destinationPort = readU16(packet, headerLength + 2);
    }
    return f;
}

bool matches(const TrafficSelector& selector, wire::Ipv4Address address, std::uint8_t protocol,
             std::optional<std::uint16_t> port) {
    if (!selector.containsAddress(address)) return false;
    if (selector.protocol != 0 && selector.protocol != protocol) return false;
    return selector.port == 0 || port == selector.port;
}

// The sentence for a packet that does not match: which side, what it carries, what the SA allows.
[[gnu::cold]] std::string mismatchReason(const SaSelectors& selectors, const Fields& f) {
    const bool sourceGood = matches(selectors.source, f.source, f.protocol, f.sourcePort);
    const TrafficSelector& side = sourceGood ? selectors.destination : selectors.source;
    const wire::Ipv4Address address = sourceGood ? f.destination : f.source;
    const std::optional<std::uint16_t> port = sourceGood ? f.destinationPort : f.sourcePort;
    std::string carried = address.toString();
    if (side.protocol != 0 || side.port != 0) carried += " " + protocolText(f.protocol);
    if (side.port != 0) carried += port ? " port " + std::to_string(*port) : " without a port";
    return std::string("authentic, but its ") + (sourceGood ? "destination " : "source ") + carried +
           " lies outside the SA's traffic selector " + side.toString() +
           " (RFC 4301 §5.2: dropped due to policy; the SA carries " + selectors.source.toString() + " → " +
           selectors.destination.toString() + ")";
}

} // namespace

bool TrafficSelector::containsAddress(wire::Ipv4Address address) const {
    if (prefixLength == 0) return true;
    const std::uint32_t mask = prefixLength >= 32 ? 0xffffffffU : ~(0xffffffffU >> prefixLength);
    return ((address.toU32() ^ network.toU32()) & mask) == 0;
}

std::string TrafficSelector::toString() const {
    std::string text = network.toString() + "/" + std::to_string(prefixLength);
    if (protocol != 0) text += " " + protocolText(protocol);
    if (port != 0) text += " port " + std::to_string(port);
    return text;
}

std::optional<std::string> selectorMismatch(const SaSelectors& selectors, ByteView ipv4Packet) {
    const Fields f = readFields(ipv4Packet);
    if (matches(selectors.source, f.source, f.protocol, f.sourcePort) &&
        matches(selectors.destination, f.destination, f.protocol, f.destinationPort))
        return std::nullopt;
    return mismatchReason(selectors, f);
}

} // namespace ipseclab::ipsec
