#pragma once
// An IPv4 packet as the data plane reads it on every packet: the fixed header fields it needs,
// validated, and views into the caller's bytes. No copy, no annotations, no options vector (the
// wire layer's decodeIpv4 is for showing a packet; this is for forwarding one).

#include <cstddef>
#include <cstdint>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

struct Ipv4View {
    ByteView packet; // the packet up to its Total Length (link padding after it is not included)
    std::size_t headerLength = 0;
    std::uint8_t typeOfService = 0;
    std::uint16_t flagsAndFragmentOffset = 0;
    wire::IpProtocol protocol = wire::IpProtocol::Udp;
    wire::Ipv4Address source;
    wire::Ipv4Address destination;
    bool checksumGood = true; // false only when viewIpv4 was asked to verify it and it is wrong

    ByteView header() const { return packet.first(headerLength); }
    ByteView payload() const { return packet.subspan(headerLength); }
    bool isFragment() const {
        return (flagsAndFragmentOffset & (wire::kIpv4MoreFragments | wire::kIpv4FragmentOffsetMask)) != 0;
    }
};

// Version 4, a header of 20..60 bytes, a Total Length that covers the header and fits the buffer.
// With verifyChecksum the header checksum is checked and reported in checksumGood, not enforced
// (the caller decides); packets the data plane built itself need no check.
Result<Ipv4View> viewIpv4(ByteView bytes, bool verifyChecksum = false);

// Writes Total Length, Protocol and a fresh checksum into an IPv4 header in place.
void patchIpv4Header(std::uint8_t* header, std::size_t headerLength, wire::IpProtocol protocol,
                     std::size_t totalLength);

} // namespace ipseclab::ipsec
