// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "capture/PacketSynthesizer.h"

#include "wire/NatTMarker.h"

namespace ipseclab::capture {

Result<Bytes> PacketSynthesizer::ipv4(wire::Ipv4Address source, wire::Ipv4Address destination,
                                      wire::IpProtocol protocol, ByteView payload) {
    wire::Ipv4Header header;
    header.identification = m_identification;
    header.protocol = protocol;
    header.source = source;
    header.destination = destination;
    auto packet = wire::encodeIpv4(header, payload);
    if (packet) ++m_identification; // a failed packet was never sent, so it takes no number
    return packet;
}

Result<Bytes> PacketSynthesizer::udp(const UdpEndpoint& source, const UdpEndpoint& destination, ByteView payload,
                                     wire::UdpChecksum checksum) {
    auto datagram = wire::encodeUdp(source.port, destination.port, payload,
                                    wire::UdpPseudoHeader{source.address, destination.address}, checksum);
    if (!datagram) return datagram;
    return ipv4(source.address, destination.address, wire::IpProtocol::Udp, *datagram);
}

Result<Bytes> PacketSynthesizer::ike(const UdpEndpoint& source, const UdpEndpoint& destination,
                                     ByteView isakmpMessage) {
    const bool natT = source.port == wire::kNatTPort || destination.port == wire::kNatTPort;
    if (!natT) return udp(source, destination, isakmpMessage, wire::UdpChecksum::Compute);
    return udp(source, destination, wire::prependNonEspMarker(isakmpMessage), wire::UdpChecksum::Compute);
}

Result<Bytes> PacketSynthesizer::espInUdp(const UdpEndpoint& source, const UdpEndpoint& destination,
                                          ByteView espPacket) {
    return udp(source, destination, espPacket, wire::UdpChecksum::Zero);
}

Result<Bytes> PacketSynthesizer::natKeepalive(const UdpEndpoint& source, const UdpEndpoint& destination) {
    const std::uint8_t keepalive = wire::kNatKeepalive;
    return udp(source, destination, ByteView(&keepalive, 1), wire::UdpChecksum::Compute);
}

Result<Bytes> PacketSynthesizer::esp(wire::Ipv4Address source, wire::Ipv4Address destination, ByteView espPacket) {
    return ipv4(source, destination, wire::IpProtocol::Esp, espPacket);
}

Result<Bytes> PacketSynthesizer::ah(wire::Ipv4Address source, wire::Ipv4Address destination, ByteView ahPacket) {
    return ipv4(source, destination, wire::IpProtocol::Ah, ahPacket);
}

Result<Bytes> PacketSynthesizer::icmpEcho(wire::Ipv4Address source, wire::Ipv4Address destination,
                                          const wire::IcmpEcho& echo) {
    return ipv4(source, destination, wire::IpProtocol::Icmp, wire::encodeIcmpEcho(echo));
}

} // namespace ipseclab::capture
