// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/WanPacket.h"

#include "wire/NatTMarker.h"
#include "wire/UdpHeader.h"

namespace ipseclab::lab {

Result<WanPacket> inspectWanPacket(ByteView ipv4Packet) {
    auto ip = wire::decodeIpv4(ipv4Packet);
    if (!ip) return tl::unexpected(ip.error());
    WanPacket p;
    p.source = ip->header.source;
    p.destination = ip->header.destination;
    p.protocol = ip->header.protocol;
    p.headerLength = ip->header.headerLength();
    p.transportOffset = p.headerLength;
    const ByteView payload = ip->payload;
    auto readSpiSeq = [&](std::size_t at) {
        if (payload.size() >= at + 8) {
            p.spi = readU32(payload, at);
            p.sequenceNumber = readU32(payload, at + 4);
        }
    };
    switch (p.protocol) {
    case wire::IpProtocol::Esp:
        p.kind = WanPacket::Kind::Esp;
        readSpiSeq(0);
        break;
    case wire::IpProtocol::Ah:
        p.kind = WanPacket::Kind::Ah;
        readSpiSeq(4);
        break;
    case wire::IpProtocol::Udp: {
        auto udp = wire::decodeUdp(payload);
        if (!udp) return tl::unexpected(udp.error());
        p.udp = true;
        p.sourcePort = udp->header.sourcePort;
        p.destinationPort = udp->header.destinationPort;
        p.transportOffset = p.headerLength + wire::kUdpHeaderLength;
        const ByteView body = udp->payload;
        if (p.sourcePort == wire::kIkePort || p.destinationPort == wire::kIkePort) {
            p.kind = WanPacket::Kind::Ike;
        } else if (auto demuxed = wire::demultiplexNatT(body)) {
            if (demuxed->kind == wire::NatTKind::Keepalive) p.kind = WanPacket::Kind::Keepalive;
            else if (demuxed->kind == wire::NatTKind::Ike) p.kind = WanPacket::Kind::Ike;
            else {
                p.kind = WanPacket::Kind::Esp;
                p.spi = readU32(body, 0);
                p.sequenceNumber = readU32(body, 4);
            }
        }
        break;
    }
    default: break;
    }
    return p;
}

Result<Bytes> rebuildPacket(ByteView ipv4Packet, const PacketRewrite& rewrite) {
    auto ip = wire::decodeIpv4(ipv4Packet);
    if (!ip) return tl::unexpected(ip.error());
    wire::Ipv4Header header = ip->header;
    if (rewrite.source) header.source = *rewrite.source;
    if (rewrite.destination) header.destination = *rewrite.destination;
    Bytes payload;
    if (header.protocol == wire::IpProtocol::Udp) {
        auto udp = wire::decodeUdp(ip->payload);
        if (!udp) return tl::unexpected(udp.error());
        const ByteView body = rewrite.transportPayload ? ByteView(*rewrite.transportPayload) : udp->payload;
        auto encoded = wire::encodeUdp(rewrite.sourcePort.value_or(udp->header.sourcePort),
                                       rewrite.destinationPort.value_or(udp->header.destinationPort), body,
                                       wire::UdpPseudoHeader{header.source, header.destination},
                                       udp->header.checksum == 0 ? wire::UdpChecksum::Zero
                                                                 : wire::UdpChecksum::Compute);
        if (!encoded) return tl::unexpected(encoded.error());
        payload = std::move(*encoded);
    } else {
        if (rewrite.sourcePort || rewrite.destinationPort) return fail("ports can only be rewritten in a UDP packet");
        payload = rewrite.transportPayload ? *rewrite.transportPayload : Bytes(ip->payload.begin(), ip->payload.end());
    }
    return wire::encodeIpv4(header, payload);
}

} // namespace ipseclab::lab
