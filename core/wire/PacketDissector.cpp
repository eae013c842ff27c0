// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/PacketDissector.h"

#include "wire/AhHeader.h"
#include "wire/FieldSpec.h"
#include "wire/IcmpEcho.h"
#include "wire/Ipv4Header.h"
#include "wire/IsakmpCodec.h"
#include "wire/NatTMarker.h"
#include "wire/UdpHeader.h"

namespace ipseclab::wire {

namespace {

Dissection failed(Error error) {
    Dissection d;
    d.error = std::move(error);
    return d;
}

// Bytes of a protocol the lab does not dissect: one field, so that no byte is left unnamed.
Dissection opaque(ByteView bytes, const Annotator& at, const std::string& what) {
    if (!bytes.empty())
        at.add("Data", 0, bytes.size(), std::to_string(bytes.size()) + " bytes",
               what + ": a protocol this lab does not dissect");
    return {};
}

Dissection isakmp(ByteView message, const Annotator& at) {
    Dissection d;
    d.isakmpOffset = at.base();
    if (auto decoded = decodeMessage(message, at); !decoded) d.error = decoded.error();
    return d;
}

Dissection udpPayload(const UdpDatagram& udp, const Annotator& at, const IpsecHints& hints) {
    const UdpHeader& h = udp.header;
    if (h.sourcePort == kIkePort || h.destinationPort == kIkePort) return isakmp(udp.payload, at);
    if (h.sourcePort != kNatTPort && h.destinationPort != kNatTPort)
        return opaque(udp.payload, at, "UDP port " + std::to_string(h.destinationPort));
    auto demuxed = demultiplexNatT(udp.payload, at);
    if (!demuxed) return failed(demuxed.error());
    switch (demuxed->kind) {
    case NatTKind::Keepalive: return {};
    case NatTKind::Ike: return isakmp(demuxed->body, at.shifted(demuxed->offset));
    case NatTKind::Esp: return dissectEsp(demuxed->body, at, hints);
    }
    return {};
}

// What follows an IPsec header or an IPv4 header, by its Next Header / Protocol number.
Dissection nextProtocol(IpProtocol protocol, ByteView bytes, const Annotator& at, const IpsecHints& hints) {
    switch (protocol) {
    case IpProtocol::IpInIp: return dissectIpv4Packet(bytes, at, {}, "Inner IPv4");
    case IpProtocol::Icmp:
        if (auto echo = decodeIcmpEcho(bytes, at); !echo) return failed(echo.error());
        return {};
    case IpProtocol::Esp: return dissectEsp(bytes, at, hints);
    case IpProtocol::Ah: return dissectAh(bytes, at, hints);
    default: return opaque(bytes, at, ipProtocolName(protocol));
    }
}

} // namespace

Dissection dissectIpv4Packet(ByteView packet, const Annotator& annotator, const IpsecHints& hints,
                             const std::string& name) {
    auto ip = decodeIpv4(packet, annotator, name);
    if (!ip) return failed(ip.error());
    const Ipv4Header& h = ip->header;
    const Annotator next = annotator.shifted(h.headerLength());
    if (h.protocol != IpProtocol::Udp) return nextProtocol(h.protocol, ip->payload, next, hints);
    auto udp = decodeUdp(ip->payload, next, UdpPseudoHeader{h.source, h.destination});
    if (!udp) return failed(udp.error());
    return udpPayload(*udp, next.shifted(kUdpHeaderLength), hints);
}

Dissection dissectEsp(ByteView esp, const Annotator& annotator, const IpsecHints& hints) {
    if (auto decoded = decodeEsp(esp, annotator, hints.espLayout, hints.sequenceHigh); !decoded)
        return failed(decoded.error());
    return {};
}

Dissection dissectAh(ByteView ah, const Annotator& annotator, const IpsecHints& hints) {
    auto decoded = decodeAh(ah, annotator, hints.sequenceHigh);
    if (!decoded) return failed(decoded.error());
    return nextProtocol(decoded->header.nextHeader, decoded->payload, annotator.shifted(decoded->header.length()), {});
}

Dissection dissectEspCleartext(ByteView cleartext, const Annotator& annotator) {
    auto trailer = decodeEspTrailer(cleartext, Annotator(nullptr));
    if (!trailer) {
        (void)decodeEspTrailer(cleartext, annotator); // the error again, with what came before it annotated
        return failed(trailer.error());
    }
    Dissection d;
    const ByteView payload = trailer->payload;
    switch (trailer->nextHeader) {
    case IpProtocol::IpInIp: {
        // RFC 4303 §2.7: a tunnel-mode sender may pad the inner packet (traffic flow confidentiality);
        // the inner header's Total Length says where the packet ends.
        d = dissectIpv4Packet(payload, annotator, {}, "Inner IPv4");
        if (auto inner = decodeIpv4(payload); inner && inner->header.totalLength < payload.size())
            annotator.add("TFC Padding", inner->header.totalLength, payload.size() - inner->header.totalLength,
                          std::to_string(payload.size() - inner->header.totalLength) + " bytes",
                          "traffic flow confidentiality: filler after the inner packet that hides its true length");
        break;
    }
    case IpProtocol::NoNextHeader:
        if (!payload.empty())
            annotator.add("Dummy Data", 0, payload.size(), std::to_string(payload.size()) + " bytes",
                          "a dummy packet (next header 59): sent only to blur traffic patterns, dropped on arrival");
        break;
    default: d = nextProtocol(trailer->nextHeader, payload, annotator, {}); break;
    }
    (void)decodeEspTrailer(cleartext, annotator); // after the payload, as the bytes come
    return d;
}

} // namespace ipseclab::wire
