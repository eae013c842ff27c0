// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Builds the logical packets the capture shows (docs/architecture.md "One datagram, from the wire to the window"):
// outer IPv4 (+UDP) around IKE, ESP and AH, and the inner cleartext ICMP echo on the LANs, with correct lengths and
// checksums, so Wireshark dissects each as the protocol it is.

#include <cstdint>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/IcmpEcho.h"
#include "wire/Ipv4Header.h"
#include "wire/UdpHeader.h"

namespace ipseclab::capture {

struct UdpEndpoint {
    wire::Ipv4Address address;
    std::uint16_t port = 0;
};

class PacketSynthesizer {
public:
    // The IPv4 Identification of the first packet; each packet takes the next value (mod 2^16), so a
    // seeded lab numbers its packets the same way every run.
    explicit PacketSynthesizer(std::uint16_t firstIdentification = 1) : m_identification(firstIdentification) {}

    // Any IPv4 packet: DF clear, TTL 64, Identification from the counter.
    Result<Bytes> ipv4(wire::Ipv4Address source, wire::Ipv4Address destination, wire::IpProtocol protocol,
                       ByteView payload);

    // An ISAKMP message in UDP with its checksum computed. When either port is 4500 the non-ESP
    // marker is prepended (RFC 3948 §2.2), so Wireshark's udpencap hands it to ISAKMP.
    Result<Bytes> ike(const UdpEndpoint& source, const UdpEndpoint& destination, ByteView isakmpMessage);
    // An ESP packet in UDP (normally 4500 ↔ 4500), no marker, UDP checksum 0 (RFC 3948 §3.1.2).
    Result<Bytes> espInUdp(const UdpEndpoint& source, const UdpEndpoint& destination, ByteView espPacket);
    // The one-byte 0xFF NAT-keepalive (RFC 3948 §2.3).
    Result<Bytes> natKeepalive(const UdpEndpoint& source, const UdpEndpoint& destination);
    // ESP as IP protocol 50.
    Result<Bytes> esp(wire::Ipv4Address source, wire::Ipv4Address destination, ByteView espPacket);
    // An AH header and what it protects (wire::encodeAh's output) as IP protocol 51.
    Result<Bytes> ah(wire::Ipv4Address source, wire::Ipv4Address destination, ByteView ahPacket);
    // An ICMP echo request or reply (checksum computed) in IPv4: the LAN side's cleartext.
    Result<Bytes> icmpEcho(wire::Ipv4Address source, wire::Ipv4Address destination, const wire::IcmpEcho& echo);

    std::uint16_t nextIdentification() const { return m_identification; }

private:
    Result<Bytes> udp(const UdpEndpoint& source, const UdpEndpoint& destination, ByteView payload,
                      wire::UdpChecksum checksum);

    std::uint16_t m_identification;
};

} // namespace ipseclab::capture
