#include "capture/Ipv4Frame.h"

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
        return wire::failAt(ethernet, "Type", typeAt, "EtherType " + wire::formatHex(type, 4) + " is not IPv4 (0x0800)");
    const std::size_t headerLength = typeAt + 2;
    annotator.add("Ethernet", 0, headerLength, "IPv4", "the link layer: the capture was taken on an Ethernet device");
    ethernet.add("Destination", 0, 6, toHex(frame.subspan(0, 6)), "the next hop's hardware address");
    ethernet.add("Source", 6, 6, toHex(frame.subspan(6, 6)), "the sending interface's hardware address");
    if (typeAt != 12) ethernet.add("VLAN Tag", 12, kVlanTagLength, toHex(frame.subspan(12, 4)), "an 802.1Q VLAN tag");
    ethernet.add("Type", typeAt, 2, "0x0800 (IPv4)", "what the frame carries: 0x0800 means an IPv4 packet");
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
    const bool fragment = (header.flagsAndFragmentOffset & (wire::kIpv4MoreFragments | wire::kIpv4FragmentOffsetMask)) != 0;
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
