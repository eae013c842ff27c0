// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "capture/Ipv4Frame.h"

#include "wire/EthernetFields.h"
#include "wire/FieldSpec.h"

namespace ipseclab::capture {

namespace {

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeVlan = 0x8100;
constexpr std::size_t kEthernetHeaderLength = 14;
constexpr std::size_t kVlanTagLength = 4;

// The offset of the IPv4 header after the Ethernet header (and one VLAN tag, if any).
Result<std::size_t> skipEthernet(ByteView frame, const wire::Annotator& annotator) {
    const wire::Annotator ethernet = annotator.child("Ethernet", 0);
    if (frame.size() < kEthernetHeaderLength)
        return wire::failAt(ethernet, "Type", 12,
                            "a " + std::to_string(frame.size()) + "-byte frame is shorter than an Ethernet header");
    std::size_t typeAt = 12;
    std::uint16_t type = readU16(frame, typeAt);
    if (type == kEtherTypeVlan) {
        typeAt += kVlanTagLength;
        if (frame.size() < typeAt + 2) return wire::failAt(ethernet, "Type", typeAt, "the VLAN tag is cut short");
        type = readU16(frame, typeAt);
    }
    if (type != kEtherTypeIpv4)
        return wire::failAt(ethernet, "Type", typeAt,
                            "EtherType " + wire::formatHex(type, 4) + " is not IPv4 (0x0800)");
    const std::size_t headerLength = typeAt + 2;
    namespace f = wire::ethernet_fields;
    annotator.add(f::kHeader, 0, headerLength, "IPv4");
    ethernet.add(f::kDestination, 0, 6, toHex(frame.subspan(0, 6)));
    ethernet.add(f::kSource, 6, 6, toHex(frame.subspan(6, 6)));
    if (typeAt != 12) ethernet.add(f::kVlanTag, 12, kVlanTagLength, toHex(frame.subspan(12, 4)));
    ethernet.add(f::kType, typeAt, 2, "0x0800 (IPv4)");
    return headerLength;
}

} // namespace

Result<Ipv4Frame> extractIpv4Frame(ByteView frame, LinkType linkType, wire::Annotations* annotations) {
    Ipv4Frame result;
    switch (linkType) {
    case LinkType::Ethernet: {
        auto offset = skipEthernet(frame, wire::Annotator(annotations));
        if (!offset) return tl::unexpected(offset.error());
        result.ipOffset = *offset;
        break;
    }
    case LinkType::Raw:
    case LinkType::Ipv4: break;
    default:
        return fail("link type " + std::to_string(static_cast<unsigned>(linkType)) +
                        " is not Ethernet (1), RAW (101) or IPV4 (228)",
                    "pcapng/Link Type");
    }

    auto ip = wire::decodeIpv4(frame.subspan(result.ipOffset), wire::Annotator(annotations, {}, result.ipOffset));
    if (!ip) return tl::unexpected(ip.error());
    result.ip = *ip;
    const wire::Ipv4Header& header = result.ip.header;
    const bool fragment = (header.flagsAndFragmentOffset &
                           (wire::kIpv4MoreFragments | wire::kIpv4FragmentOffsetMask)) != 0;
    if (header.protocol == wire::IpProtocol::Udp && !fragment) {
        auto udp = wire::decodeUdp(result.ip.payload,
                                   wire::Annotator(annotations, {}, result.ipOffset + header.headerLength()),
                                   wire::UdpPseudoHeader{header.source, header.destination});
        if (!udp) return tl::unexpected(udp.error());
        result.udp = *udp;
    }
    return result;
}

} // namespace ipseclab::capture
