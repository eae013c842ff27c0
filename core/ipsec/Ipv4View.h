// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// An IPv4 packet as the data plane reads it on every packet: the fixed header fields it needs,
// validated, and views into the caller's bytes. No copy, no annotations, no options vector (the
// wire layer's decodeIpv4 is for showing a packet; this is for forwarding one).

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

struct Ipv4View {
    // User-provided: no zero-fill before viewIpv4() writes every field (docs/performance.md).
    Ipv4View() {}

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

// The checksum of an IPv4 header of `length` bytes (20..60, a whole number of 32-bit words, as IHL
// makes it) as wire::internetChecksum computes it, a word at a time: the data plane computes or
// checks one per packet each way. Returns the value to store big-endian at bytes 10..11 (with
// those bytes zero), or 0 when verifying a header whose checksum is right.
inline std::uint16_t ipv4HeaderChecksum(const std::uint8_t* header, std::size_t length) {
    // RFC 1071 §2: the one's-complement sum does not depend on byte order (sum native words, swap
    // the result) and may be taken 32 bits at a time (folded at the end): 5 loads for a plain
    // header instead of 10 big-endian 16-bit reads.
    auto word = [header](std::size_t at) {
        std::uint32_t w;
        std::memcpy(&w, header + at, 4);
        return std::uint64_t{w};
    };
    // The 5 words every header has, straight; then the options, if any.
    std::uint64_t sum = word(0) + word(4) + word(8) + word(12) + word(16);
    for (std::size_t i = wire::kIpv4MinHeaderLength; i + 4 <= length; i += 4) sum += word(i);
    // At most 15 words: below 2^36. Four folds bring any such sum to 16 bits, without a loop.
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    const auto folded = static_cast<std::uint16_t>(~sum);
    if constexpr (std::endian::native == std::endian::little)
        return static_cast<std::uint16_t>((folded >> 8) | (folded << 8));
    return folded;
}

// The Total Length of the IPv4 packet at the start of `bytes`, or 0 when viewIpv4() would refuse
// it: version 4, a header of 20..60 bytes, a Total Length that covers the header and fits.
inline std::size_t ipv4PacketLength(ByteView bytes) {
    if (bytes.size() < wire::kIpv4MinHeaderLength || (bytes[0] >> 4) != 4) return 0;
    const std::size_t headerLength = std::size_t{bytes[0] & 0x0fU} * 4;
    const std::size_t total = (std::size_t{bytes[2]} << 8) | bytes[3];
    if (headerLength < wire::kIpv4MinHeaderLength || headerLength > bytes.size() || total < headerLength ||
        total > bytes.size())
        return 0;
    return total;
}

// Why viewIpv4() refuses `bytes` (called only when it does).
[[gnu::cold]] Error ipv4ViewError(ByteView bytes);

// Version 4, a header of 20..60 bytes, a Total Length that covers the header and fits the buffer.
// With verifyChecksum the header checksum is checked and reported in checksumGood, not enforced
// (the caller decides); packets the data plane built itself need no check.
// Always inlined, like the checksum and ipv4PacketLength() (docs/performance.md, hot code inline).
[[gnu::always_inline]] inline Result<Ipv4View> viewIpv4(ByteView bytes, bool verifyChecksum = false) {
    // Made in place, every path returning `view` (docs/performance.md, store forwarding).
    Result<Ipv4View> view(tl::in_place);
    const std::size_t total = ipv4PacketLength(bytes);
    if (total == 0) {
        view = tl::unexpected(ipv4ViewError(bytes));
        return view;
    }
    Ipv4View& v = *view;
    v.packet = bytes.first(total);
    v.headerLength = std::size_t{bytes[0] & 0x0fU} * 4;
    v.typeOfService = bytes[1];
    v.flagsAndFragmentOffset = static_cast<std::uint16_t>((bytes[6] << 8) | bytes[7]);
    v.protocol = static_cast<wire::IpProtocol>(bytes[9]);
    std::memcpy(v.source.octets.data(), bytes.data() + 12, 4); // the octets are in network order already
    std::memcpy(v.destination.octets.data(), bytes.data() + 16, 4);
    v.checksumGood = !verifyChecksum || ipv4HeaderChecksum(bytes.data(), v.headerLength) == 0;
    return view;
}

// Writes Total Length, Protocol and a fresh checksum into an IPv4 header in place.
void patchIpv4Header(std::uint8_t* header, std::size_t headerLength, wire::IpProtocol protocol,
                     std::size_t totalLength);

} // namespace ipseclab::ipsec
