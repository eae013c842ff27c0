// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/AhHeader.h"

#include <algorithm>

#include "wire/EspPacket.h"
#include "wire/FieldSpec.h"
#include "wire/IpsecFields.h"

namespace ipseclab::wire {

namespace {

namespace f = ah_fields;
constexpr FieldSpec kNextHeader{&f::kNextHeader, 0, 1};
constexpr FieldSpec kPayloadLength{&f::kLength, 1, 1};
constexpr FieldSpec kReserved{&f::kReserved, 2, 2};
constexpr FieldSpec kSpi{&f::kSpi, 4, 4};
constexpr FieldSpec kSequenceNumber{&f::kSequence, 8, 4};
constexpr FieldSpec kFixedFields[] = {kNextHeader, kPayloadLength, kReserved, kSpi, kSequenceNumber};

constexpr std::size_t kMaxLength = (255 + 2) * 4;

// RFC 4302 App. A.1: the IPv4 options the ICV covers as sent, by their whole type octet (copy
// flag, class, number): End of Option List, No Operation, Security, Extended Security,
// Commercial Security, Router Alert, Sender Directed Multi-Destination Delivery. Every other
// option (the source routes, Record Route, Time Stamp, Traceroute, the experimental ones and any
// unknown) is mutable and zeroed whole (§3.3.3.1.1.2), as Linux's ah4.c does. scapy matches the
// option number alone, which gives the same bytes for these options as they are sent.
bool immutableOption(std::uint8_t type) {
    switch (type) {
    case 0x00:
    case 0x01:
    case 0x82:
    case 0x85:
    case 0x86:
    case 0x94:
    case 0x95: return true;
    default: return false;
    }
}

// Zeroes the mutable options of `header` (a whole IPv4 header, options after byte 20) in place.
// A Loose or Strict Source Route makes the Destination Address "mutable but predictable"
// (§3.3.3.1.1.1): the ICV sees the final destination. The sender finds it as the last address of
// the route; at the receiver the route is spent and the header holds it already (Linux's ah4.c
// does the same on output and input). A malformed option list fails: no ICV can cover it.
Result<void> zeroMutableOptions(std::span<std::uint8_t> header, bool sending, const Annotator& ip) {
    std::size_t at = kIpv4MinHeaderLength;
    while (at < header.size()) {
        const std::uint8_t type = header[at];
        if (type == 0x00) break; // End of Option List: what follows is padding, kept as it is
        if (type == 0x01) {
            ++at;
            continue;
        }
        const std::size_t length = at + 1 < header.size() ? header[at + 1] : 0;
        if (length < 2 || length > header.size() - at)
            return failAt(ip, "Options", at, "IPv4 option " + std::to_string(type) + " has no valid length");
        const bool sourceRoute = type == 0x83 || type == 0x89;
        if (sourceRoute && length < 7)
            return failAt(ip, "Options", at, "a source route option needs at least one address");
        if (sourceRoute && sending)
            std::copy_n(header.begin() + static_cast<std::ptrdiff_t>(at + length - 4), 4, header.begin() + 16);
        if (!immutableOption(type)) std::fill_n(header.begin() + static_cast<std::ptrdiff_t>(at), length, 0);
        at += length;
    }
    return {};
}

} // namespace

Result<AhPacket> decodeAh(ByteView bytes, const Annotator& annotator, std::optional<std::uint32_t> sequenceHigh) {
    const Annotator ah = annotator.child("AH", 0);
    if (auto cut = firstCutField(ah, kFixedFields, bytes.size(), "the AH header")) return tl::unexpected(*cut);
    AhPacket packet;
    AhHeader& h = packet.header;
    h.nextHeader = static_cast<IpProtocol>(bytes[0]);
    h.payloadLength = bytes[1];
    h.reserved = readU16(bytes, 2);
    h.spi = readU32(bytes, 4);
    h.sequenceNumber = readU32(bytes, 8);
    const std::size_t length = (std::size_t{h.payloadLength} + 2) * 4;
    if (length < kAhFixedLength)
        return failAt(ah, kPayloadLength,
                      "payload length " + std::to_string(h.payloadLength) + " makes a " + std::to_string(length) +
                          "-byte header, shorter than the 12 fixed bytes");
    if (length > bytes.size())
        return failAt(ah, kPayloadLength,
                      "payload length " + std::to_string(h.payloadLength) + " declares a " + std::to_string(length) +
                          "-byte header but only " + std::to_string(bytes.size()) + " bytes are there");
    if (h.spi == 0) return failAt(ah, kSpi, "SPI 0 is reserved and never appears on the wire");
    h.icv.assign(bytes.begin() + kAhFixedLength, bytes.begin() + static_cast<std::ptrdiff_t>(length));
    packet.payload = bytes.subspan(length);

    if (ah.enabled()) {
        const std::uint64_t full = (std::uint64_t{sequenceHigh.value_or(0)} << 32) | h.sequenceNumber;
        annotator.add(f::kHeader, 0, length, "SPI " + formatHex(h.spi, 8) + ", seq " + std::to_string(full),
                      "Authentication Header: proves who sent the packet and that nobody changed it; no encryption");
        annotate(ah, kNextHeader, ipProtocolName(h.nextHeader));
        annotate(ah, kPayloadLength, std::to_string(h.payloadLength) + " (" + std::to_string(length) + " bytes)");
        annotate(ah, kReserved, formatHex(h.reserved, 4) + (h.reserved == 0 ? "" : " (not zero)"));
        annotate(ah, kSpi, formatHex(h.spi, 8) + " (" + std::to_string(h.spi) + ")");
        annotate(ah, kSequenceNumber, std::to_string(h.sequenceNumber) + (sequenceHigh ? " (the low 32 bits)" : ""));
        if (sequenceHigh) annotateSequenceHigh(ah, f::kSequenceHigh, kAhFixedLength, h.sequenceNumber, *sequenceHigh);
        if (!h.icv.empty()) ah.add(f::kIcv, kAhFixedLength, h.icv.size(), toHexGrouped(h.icv));
    }
    return packet;
}

void writeAhFixedHeader(std::span<std::uint8_t> out, IpProtocol nextHeader, std::size_t headerLength, std::uint32_t spi,
                        std::uint32_t sequenceNumber) {
    out[0] = static_cast<std::uint8_t>(nextHeader);
    out[1] = static_cast<std::uint8_t>(headerLength / 4 - 2); // Payload Length: 32-bit words minus 2
    writeU16(out, 2, 0);                                      // Reserved
    writeU32(out, 4, spi);
    writeU32(out, 8, sequenceNumber);
}

Result<Bytes> encodeAh(const AhHeader& header, ByteView payload) {
    const Annotator ah(nullptr, "AH");
    if (header.icv.size() % 4 != 0 || header.length() > kMaxLength)
        return failAt(ah, "ICV", kAhFixedLength,
                      "an ICV of " + std::to_string(header.icv.size()) +
                          " bytes is not whole 32-bit words of at most 1016 bytes");
    Bytes out(kAhFixedLength);
    out.reserve(header.length() + payload.size());
    writeAhFixedHeader(out, header.nextHeader, header.length(), header.spi, header.sequenceNumber);
    writeU16(out, 2, header.reserved);
    append(out, header.icv);
    append(out, payload);
    return out;
}

Result<Bytes> zeroIpv4MutableFields(ByteView ipv4Header, bool sending) {
    const Annotator ip(nullptr, "IPv4");
    if (ipv4Header.size() < kIpv4MinHeaderLength)
        return failAt(ip, "Header Length", 0,
                      "an IPv4 header needs 20 bytes, " + std::to_string(ipv4Header.size()) + " given");
    Bytes out(ipv4Header.begin(), ipv4Header.end());
    out[1] = 0;           // type of service
    writeU16(out, 6, 0);  // flags + fragment offset
    out[8] = 0;           // time to live
    writeU16(out, 10, 0); // header checksum
    if (auto zeroed = zeroMutableOptions(out, sending, ip); !zeroed) return tl::unexpected(zeroed.error());
    return out;
}

} // namespace ipseclab::wire
