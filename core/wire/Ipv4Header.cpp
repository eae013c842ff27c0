// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Ipv4Header.h"

#include <algorithm>
#include <charconv>

#include "wire/FieldSpec.h"
#include "wire/Ipv4Fields.h"

namespace ipseclab::wire {

namespace {

// The fixed part of the header; Options follow when Header Length is above 5.
namespace f = ipv4_fields;
constexpr FieldSpec kVersion{&f::kVersion, 0, 1};
constexpr FieldSpec kHeaderLength{&f::kHeaderLength, 0, 1};
constexpr FieldSpec kTypeOfService{&f::kDsField, 1, 1};
constexpr FieldSpec kTotalLength{&f::kTotalLength, 2, 2};
constexpr FieldSpec kIdentification{&f::kIdentification, 4, 2};
constexpr FieldSpec kFlags{&f::kFlags, 6, 1};
constexpr FieldSpec kFragmentOffset{&f::kFragmentOffset, 6, 2};
constexpr FieldSpec kTimeToLive{&f::kTimeToLive, 8, 1};
constexpr FieldSpec kProtocol{&f::kProtocol, 9, 1};
constexpr FieldSpec kChecksum{&f::kChecksum, 10, 2};
constexpr FieldSpec kSource{&f::kSource, 12, 4};
constexpr FieldSpec kDestination{&f::kDestination, 16, 4};
constexpr FieldSpec kFixedFields[] = {kVersion,    kTypeOfService, kTotalLength, kIdentification, kFragmentOffset,
                                      kTimeToLive, kProtocol,      kChecksum,    kSource,         kDestination};

std::string flagsText(std::uint16_t flagsAndOffset) {
    std::string names;
    if (flagsAndOffset & kIpv4DontFragment) names = "Don't Fragment";
    if (flagsAndOffset & kIpv4MoreFragments) names += names.empty() ? "More Fragments" : ", More Fragments";
    if (flagsAndOffset & 0x8000) names += names.empty() ? "Reserved bit set" : ", Reserved bit set";
    return formatHex(flagsAndOffset >> 13, 1) + (names.empty() ? "" : " (" + names + ")");
}

} // namespace

std::string ipProtocolName(IpProtocol protocol) {
    const std::string number = "(" + std::to_string(static_cast<unsigned>(protocol)) + ")";
    switch (protocol) {
    case IpProtocol::Icmp: return "ICMP " + number;
    case IpProtocol::IpInIp: return "IPv4 " + number;
    case IpProtocol::Tcp: return "TCP " + number;
    case IpProtocol::Udp: return "UDP " + number;
    case IpProtocol::Ipv6: return "IPv6 " + number;
    case IpProtocol::Esp: return "ESP " + number;
    case IpProtocol::Ah: return "AH " + number;
    case IpProtocol::NoNextHeader: return "No Next Header " + number;
    }
    return "protocol " + number;
}

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view dotted) {
    Ipv4Address address;
    std::size_t start = 0;
    for (std::size_t part = 0; part < 4; ++part) {
        const std::size_t end = part < 3 ? dotted.find('.', start) : dotted.size();
        if (end == std::string_view::npos || end == start || end - start > 3) return std::nullopt;
        unsigned value = 0;
        const auto [next, ec] = std::from_chars(dotted.data() + start, dotted.data() + end, value);
        if (ec != std::errc() || next != dotted.data() + end || value > 255) return std::nullopt;
        address.octets[part] = static_cast<std::uint8_t>(value);
        start = end + 1;
    }
    return address;
}

Ipv4Address Ipv4Address::fromU32(std::uint32_t value) {
    Ipv4Address address;
    writeU32(address.octets, 0, value);
    return address;
}

std::uint32_t Ipv4Address::toU32() const { return readU32(octets, 0); }

std::string Ipv4Address::toString() const {
    return std::to_string(octets[0]) + "." + std::to_string(octets[1]) + "." + std::to_string(octets[2]) + "." +
           std::to_string(octets[3]);
}

Result<Ipv4Packet> decodeIpv4(ByteView bytes, const Annotator& annotator, const std::string& name) {
    const Annotator ip = annotator.child(name, 0);
    if (bytes.empty()) return failAt(ip, kVersion, "no bytes: an IPv4 header needs at least 20");
    const unsigned version = bytes[0] >> 4;
    if (version != 4) return failAt(ip, kVersion, "version " + std::to_string(version) + " is not 4");
    const std::size_t headerLength = std::size_t{bytes[0] & 0x0fu} * 4;
    if (headerLength < kIpv4MinHeaderLength)
        return failAt(ip, kHeaderLength,
                      "header length " + std::to_string(headerLength / 4) + " words is below the minimum of 5");
    if (auto cut = firstCutField(ip, kFixedFields, bytes.size(), "the IPv4 header")) return tl::unexpected(*cut);
    if (headerLength > bytes.size())
        return failAt(ip, "Options", kIpv4MinHeaderLength,
                      "the header length says " + std::to_string(headerLength) + " bytes but only " +
                          std::to_string(bytes.size()) + " are there");

    Ipv4Packet packet;
    Ipv4Header& h = packet.header;
    h.typeOfService = bytes[1];
    h.totalLength = readU16(bytes, 2);
    h.identification = readU16(bytes, 4);
    h.flagsAndFragmentOffset = readU16(bytes, 6);
    h.timeToLive = bytes[8];
    h.protocol = static_cast<IpProtocol>(bytes[9]);
    h.headerChecksum = readU16(bytes, 10);
    std::copy_n(bytes.begin() + 12, 4, h.source.octets.begin());
    std::copy_n(bytes.begin() + 16, 4, h.destination.octets.begin());
    h.options.assign(bytes.begin() + kIpv4MinHeaderLength, bytes.begin() + static_cast<std::ptrdiff_t>(headerLength));

    if (h.totalLength < headerLength)
        return failAt(ip, kTotalLength,
                      "total length " + std::to_string(h.totalLength) + " is shorter than the " +
                          std::to_string(headerLength) + "-byte header");
    if (h.totalLength > bytes.size())
        return failAt(ip, kTotalLength,
                      "total length says " + std::to_string(h.totalLength) + " bytes but only " +
                          std::to_string(bytes.size()) + " are there");
    packet.payload = bytes.subspan(headerLength, h.totalLength - headerLength);

    // Summing a header with a correct checksum in place gives 0; otherwise recompute with the field zeroed.
    const ByteView header = bytes.first(headerLength);
    const bool good = internetChecksum(header) == 0;
    h.checksumStatus = good ? ChecksumStatus::Good : ChecksumStatus::Bad;

    if (ip.enabled()) {
        Bytes zeroed(header.begin(), header.end());
        writeU16(zeroed, 10, 0);
        const std::uint16_t expected = internetChecksum(zeroed);
        annotator.add(f::kHeader, name, 0, headerLength,
                      h.source.toString() + " → " + h.destination.toString() + ", " + ipProtocolName(h.protocol),
                      "Internet Protocol version 4: who sends, who receives, and what the packet carries");
        annotate(ip, kVersion, "4");
        annotate(ip, kHeaderLength, std::to_string(headerLength) + " bytes (" + std::to_string(headerLength / 4) + ")");
        annotate(ip, kTypeOfService, formatHex(h.typeOfService, 2));
        annotate(ip, kTotalLength, std::to_string(h.totalLength));
        annotate(ip, kIdentification, formatHex(h.identification, 4) + " (" + std::to_string(h.identification) + ")");
        annotate(ip, kFlags, flagsText(h.flagsAndFragmentOffset));
        annotate(ip, kFragmentOffset, std::to_string(h.flagsAndFragmentOffset & kIpv4FragmentOffsetMask));
        annotate(ip, kTimeToLive, std::to_string(h.timeToLive));
        annotate(ip, kProtocol, ipProtocolName(h.protocol));
        annotate(ip, kChecksum, checksumText(h.headerChecksum, h.checksumStatus, expected));
        annotate(ip, kSource, h.source.toString());
        annotate(ip, kDestination, h.destination.toString());
        if (!h.options.empty()) ip.add(f::kOptions, kIpv4MinHeaderLength, h.options.size(), toHexGrouped(h.options));
    }
    return packet;
}

Result<Bytes> encodeIpv4(const Ipv4Header& header, ByteView payload) {
    const Annotator ip(nullptr, "IPv4");
    if (header.options.size() % 4 != 0 || header.headerLength() > kIpv4MaxHeaderLength)
        return failAt(ip, "Options", kIpv4MinHeaderLength,
                      std::to_string(header.options.size()) + " option bytes: options must be whole 32-bit words, "
                                                              "at most 40 bytes");
    const std::size_t total = header.headerLength() + payload.size();
    if (total > kIpv4MaxTotalLength)
        return failAt(ip, kTotalLength, "a packet of " + std::to_string(total) + " bytes exceeds 65535");

    Bytes out;
    out.reserve(total);
    appendU8(out, static_cast<std::uint8_t>(0x40 | header.headerLength() / 4));
    appendU8(out, header.typeOfService);
    appendU16(out, static_cast<std::uint16_t>(total));
    appendU16(out, header.identification);
    appendU16(out, header.flagsAndFragmentOffset);
    appendU8(out, header.timeToLive);
    appendU8(out, static_cast<std::uint8_t>(header.protocol));
    appendU16(out, 0); // checksum, filled in below
    append(out, header.source.bytes());
    append(out, header.destination.bytes());
    append(out, header.options);
    writeU16(out, 10, internetChecksum(out));
    append(out, payload);
    return out;
}

void writeIpv4TunnelHeader(std::span<std::uint8_t> out, const Ipv4TunnelHeader& header) {
    const std::uint32_t w0 = (0x45U << 24) | (std::uint32_t{header.typeOfService} << 16) | header.totalLength;
    const std::uint32_t w1 = (std::uint32_t{header.identification} << 16) | header.flagsAndFragmentOffset;
    std::uint32_t w2 = (std::uint32_t{kIpv4TunnelTtl} << 24) |
                       (std::uint32_t{static_cast<std::uint8_t>(header.protocol)} << 16); // checksum 0
    const std::uint32_t w3 = header.source.toU32();
    const std::uint32_t w4 = header.destination.toU32();
    auto halves = [](std::uint32_t w) { return (w >> 16) + (w & 0xffff); };
    std::uint32_t sum = halves(w0) + halves(w1) + halves(w2) + halves(w3) + halves(w4); // < 2^20
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    w2 |= static_cast<std::uint16_t>(~sum);
    writeU32(out, 0, w0);
    writeU32(out, 4, w1);
    writeU32(out, 8, w2);
    writeU32(out, 12, w3);
    writeU32(out, 16, w4);
}

} // namespace ipseclab::wire
