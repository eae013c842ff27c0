// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// IPv4 header (RFC 791): the outer header of IKE, ESP and AH packets, and the inner packet a
// tunnel carries.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Checksum.h"

namespace ipseclab::wire {

// IANA protocol numbers: the IPv4 Protocol field, and the Next Header of ESP and AH.
// The underlying type holds any byte, so an unnamed number survives a round trip.
enum class IpProtocol : std::uint8_t {
    Icmp = 1,
    IpInIp = 4, // an IPv4 packet: what ESP and AH carry in tunnel mode
    Tcp = 6,
    Udp = 17,
    Ipv6 = 41,
    Esp = 50,
    Ah = 51,
    NoNextHeader = 59, // ESP "dummy packet" (traffic flow confidentiality): discard silently
};

// "ESP (50)", "protocol 99 (99)".
std::string ipProtocolName(IpProtocol protocol);

struct Ipv4Address {
    std::array<std::uint8_t, 4> octets{};

    // Dotted quad, exactly four decimal parts 0..255.
    static std::optional<Ipv4Address> parse(std::string_view dotted);
    static Ipv4Address fromU32(std::uint32_t value);
    std::uint32_t toU32() const;
    std::string toString() const;
    ByteView bytes() const { return octets; }

    friend bool operator==(const Ipv4Address&, const Ipv4Address&) = default;
};

inline constexpr std::size_t kIpv4MinHeaderLength = 20;
inline constexpr std::size_t kIpv4MaxHeaderLength = 60;
inline constexpr std::size_t kIpv4MaxTotalLength = 65535;
inline constexpr std::uint16_t kIpv4DontFragment = 0x4000;  // in flagsAndFragmentOffset
inline constexpr std::uint16_t kIpv4MoreFragments = 0x2000; // in flagsAndFragmentOffset
inline constexpr std::uint16_t kIpv4FragmentOffsetMask = 0x1fff;

struct Ipv4Header {
    std::uint8_t typeOfService = 0; // DSCP (6 bits) | ECN (2 bits)
    std::uint16_t totalLength = 0;  // decode: as received; encode: computed
    std::uint16_t identification = 0;
    std::uint16_t flagsAndFragmentOffset = 0;
    std::uint8_t timeToLive = 64;
    IpProtocol protocol = IpProtocol::Udp;
    std::uint16_t headerChecksum = 0; // decode: as received; encode: computed
    Ipv4Address source;
    Ipv4Address destination;
    Bytes options; // a multiple of 4 bytes, at most 40

    ChecksumStatus checksumStatus = ChecksumStatus::Unverified; // set by decode, ignored by encode

    std::size_t headerLength() const { return kIpv4MinHeaderLength + options.size(); }
};

struct Ipv4Packet {
    Ipv4Header header;
    ByteView payload; // the bytes after the header up to Total Length: a view into the decoded buffer
};

// Decodes the header at the start of `bytes`. Bytes after Total Length (link-layer padding) are
// ignored. A wrong header checksum is reported in checksumStatus and annotated, not an error.
// `name` heads the annotations and errors: "IPv4", or "Inner IPv4" for the packet a tunnel carries.
Result<Ipv4Packet> decodeIpv4(ByteView bytes, const Annotator& annotator = Annotator(nullptr),
                              const std::string& name = "IPv4");

// Header + payload, with Total Length and Header Checksum computed.
Result<Bytes> encodeIpv4(const Ipv4Header& header, ByteView payload);

// The outer header a tunnel endpoint writes in front of every packet: 20 bytes, no options, TTL 64.
struct Ipv4TunnelHeader {
    std::uint8_t typeOfService = 0;
    std::uint16_t totalLength = 0;
    std::uint16_t identification = 0;
    std::uint16_t flagsAndFragmentOffset = 0;
    IpProtocol protocol = IpProtocol::Esp;
    Ipv4Address source;
    Ipv4Address destination;
};
inline constexpr std::uint8_t kIpv4TunnelTtl = 64;
// Writes it, checksum included, into the first 20 bytes of `out`, in place: no Ipv4Header, whose
// options vector a packet would build and free. The checksum is summed from the values, not reread
// from the bytes just written (docs/performance.md, store forwarding).
void writeIpv4TunnelHeader(std::span<std::uint8_t> out, const Ipv4TunnelHeader& header);

} // namespace ipseclab::wire
