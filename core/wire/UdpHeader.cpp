// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/UdpHeader.h"

#include "wire/FieldSpec.h"
#include "wire/UdpFields.h"

namespace ipseclab::wire {

namespace {

namespace f = udp_fields;
constexpr FieldSpec kSourcePort{&f::kSourcePort, 0, 2};
constexpr FieldSpec kDestinationPort{&f::kDestinationPort, 2, 2};
constexpr FieldSpec kLength{&f::kLength, 4, 2};
constexpr FieldSpec kChecksum{&f::kChecksum, 6, 2};
constexpr FieldSpec kFields[] = {kSourcePort, kDestinationPort, kLength, kChecksum};

constexpr std::uint16_t kMaxLength = 65535;

// Sum of the pseudo-header, the UDP header (with whatever checksum it holds) and the payload.
std::uint64_t udpSum(const UdpPseudoHeader& pseudo, ByteView datagram) {
    Bytes head;
    append(head, pseudo.source.bytes());
    append(head, pseudo.destination.bytes());
    appendU8(head, 0);
    appendU8(head, static_cast<std::uint8_t>(IpProtocol::Udp));
    appendU16(head, static_cast<std::uint16_t>(datagram.size()));
    return checksumAdd(checksumAdd(0, head), datagram);
}

} // namespace

Result<UdpDatagram> decodeUdp(ByteView bytes, const Annotator& annotator,
                              const std::optional<UdpPseudoHeader>& pseudoHeader) {
    const Annotator udp = annotator.child("UDP", 0);
    if (auto cut = firstCutField(udp, kFields, bytes.size(), "the UDP header")) return tl::unexpected(*cut);

    UdpDatagram datagram;
    UdpHeader& h = datagram.header;
    h.sourcePort = readU16(bytes, 0);
    h.destinationPort = readU16(bytes, 2);
    h.length = readU16(bytes, 4);
    h.checksum = readU16(bytes, 6);
    if (h.length < kUdpHeaderLength)
        return failAt(udp, kLength, "length " + std::to_string(h.length) + " is shorter than the 8-byte header");
    if (h.length > bytes.size())
        return failAt(udp, kLength,
                      "length says " + std::to_string(h.length) + " bytes but only " + std::to_string(bytes.size()) +
                          " are there");
    datagram.payload = bytes.subspan(kUdpHeaderLength, h.length - kUdpHeaderLength);

    std::uint16_t expected = 0;
    if (h.checksum == 0) {
        h.checksumStatus = ChecksumStatus::Absent;
    } else if (pseudoHeader) {
        const ByteView whole = bytes.first(h.length);
        h.checksumStatus = checksumFinish(udpSum(*pseudoHeader, whole)) == 0 ? ChecksumStatus::Good
                                                                             : ChecksumStatus::Bad;
        Bytes zeroed(whole.begin(), whole.end());
        writeU16(zeroed, 6, 0);
        expected = checksumFinish(udpSum(*pseudoHeader, zeroed));
        if (expected == 0) expected = 0xffff; // 0 is reserved for "no checksum"
    }

    if (udp.enabled()) {
        annotator.add(f::kHeader, 0, kUdpHeaderLength,
                      std::to_string(h.sourcePort) + " → " + std::to_string(h.destinationPort) + ", " +
                          std::to_string(datagram.payload.size()) + " bytes of payload",
                      "User Datagram Protocol: ports that say which program gets the payload");
        annotate(udp, kSourcePort, std::to_string(h.sourcePort));
        annotate(udp, kDestinationPort, std::to_string(h.destinationPort));
        annotate(udp, kLength, std::to_string(h.length));
        annotate(udp, kChecksum, checksumText(h.checksum, h.checksumStatus, expected));
    }
    return datagram;
}

void writeUdpHeader(std::span<std::uint8_t> out, std::uint16_t sourcePort, std::uint16_t destinationPort,
                    std::uint16_t length, std::uint16_t checksum) {
    writeU16(out, 0, sourcePort);
    writeU16(out, 2, destinationPort);
    writeU16(out, 4, length);
    writeU16(out, 6, checksum);
}

Result<Bytes> encodeUdp(std::uint16_t sourcePort, std::uint16_t destinationPort, ByteView payload,
                        const UdpPseudoHeader& pseudoHeader, UdpChecksum checksum) {
    const std::size_t length = kUdpHeaderLength + payload.size();
    if (length > kMaxLength)
        return failAt(Annotator(nullptr, "UDP"), kLength,
                      "a datagram of " + std::to_string(length) + " bytes exceeds 65535");
    Bytes out(kUdpHeaderLength);
    out.reserve(length);
    writeUdpHeader(out, sourcePort, destinationPort, static_cast<std::uint16_t>(length));
    append(out, payload);
    if (checksum == UdpChecksum::Compute) {
        const std::uint16_t sum = checksumFinish(udpSum(pseudoHeader, out));
        writeU16(out, 6, sum == 0 ? 0xffff : sum); // a computed 0 is sent as 0xffff (RFC 768)
    }
    return out;
}

} // namespace ipseclab::wire
