// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/PacketDissector.h"

#include <algorithm>

#include "wire/AhHeader.h"
#include "wire/FieldSpec.h"
#include "wire/IcmpEcho.h"
#include "wire/IcmpFields.h"
#include "wire/Ikev2Codec.h"
#include "wire/IpsecFields.h"
#include "wire/Ipv4Header.h"
#include "wire/IsakmpCodec.h"
#include "wire/NatTMarker.h"
#include "wire/UdpHeader.h"

namespace ipseclab::wire {

namespace {

using Kind = Layer::Kind;

// Lists a layer at `offset` of the annotator's bytes.
void addLayer(Dissection& d, Kind kind, std::string name, const Annotator& at, std::size_t offset, std::size_t length,
              bool carrier = false) {
    d.layers.push_back(Layer{kind, std::move(name), at.base() + offset, length, carrier});
}

// Ends the dissection at a field that would not decode; true when there was none.
template <typename T>
bool decoded(Dissection& d, const Result<T>& result) {
    if (!result) d.error = result.error();
    return result.has_value();
}

// Bytes of a protocol the lab does not dissect: one field, so that no byte is left unnamed.
void opaque(Dissection& d, ByteView bytes, const Annotator& at, const std::string& what) {
    if (bytes.empty()) return;
    addLayer(d, Kind::Data, "Data", at, 0, bytes.size());
    at.add(icmp_fields::kData, 0, bytes.size(), std::to_string(bytes.size()) + " bytes",
           what + ": a protocol this lab does not dissect");
}

// IKEv1 and IKEv2 share ports 500/4500 and the header's layout: the Version byte tells them apart,
// as in Wireshark's isakmp dissector.
void isakmp(Dissection& d, ByteView message, const Annotator& at) {
    if (message.size() > 17 && (message[17] >> 4) == 2) {
        addLayer(d, Kind::Isakmp, "IKEv2", at, 0, message.size());
        (void)decoded(d, ikev2::decodeMessage(message, at));
        return;
    }
    addLayer(d, Kind::Isakmp, "ISAKMP", at, 0, message.size());
    (void)decoded(d, decodeMessage(message, at));
}

void ipv4Packet(Dissection& d, ByteView packet, const Annotator& at, const IpsecHints& hints, const std::string& name);
void esp(Dissection& d, ByteView bytes, const Annotator& at, const IpsecHints& hints);
void ah(Dissection& d, ByteView bytes, const Annotator& at, const IpsecHints& hints);

void udpPayload(Dissection& d, const UdpDatagram& udp, const Annotator& at, const IpsecHints& hints) {
    const UdpHeader& h = udp.header;
    if (h.sourcePort == kIkePort || h.destinationPort == kIkePort) return isakmp(d, udp.payload, at);
    if (h.sourcePort != kNatTPort && h.destinationPort != kNatTPort)
        return opaque(d, udp.payload, at, "UDP port " + std::to_string(h.destinationPort));
    auto demuxed = demultiplexNatT(udp.payload, at);
    if (!decoded(d, demuxed)) return;
    switch (demuxed->kind) {
    case NatTKind::Keepalive: return addLayer(d, Kind::NatT, "NAT-Keepalive", at, 0, udp.payload.size());
    case NatTKind::Ike:
        addLayer(d, Kind::NatT, "Non-ESP Marker", at, 0, demuxed->offset);
        return isakmp(d, demuxed->body, at.shifted(demuxed->offset));
    case NatTKind::Esp: return esp(d, demuxed->body, at, hints);
    }
}

// What follows an IPsec header or an IPv4 header, by its Next Header / Protocol number.
void nextProtocol(Dissection& d, IpProtocol protocol, ByteView bytes, const Annotator& at, const IpsecHints& hints) {
    switch (protocol) {
    case IpProtocol::IpInIp: return ipv4Packet(d, bytes, at, {}, "Inner IPv4");
    case IpProtocol::Icmp:
        addLayer(d, Kind::Icmp, "ICMP", at, 0, bytes.size());
        (void)decoded(d, decodeIcmpEcho(bytes, at));
        return;
    case IpProtocol::Esp: return esp(d, bytes, at, hints);
    case IpProtocol::Ah: return ah(d, bytes, at, hints);
    default: return opaque(d, bytes, at, ipProtocolName(protocol));
    }
}

void ipv4Packet(Dissection& d, ByteView packet, const Annotator& at, const IpsecHints& hints, const std::string& name) {
    const std::size_t place = d.layers.size();
    addLayer(d, Kind::Ipv4, name, at, 0, std::min(packet.size(), kIpv4MinHeaderLength), true);
    auto ip = decodeIpv4(packet, at, name);
    if (!decoded(d, ip)) return;
    const Ipv4Header& h = ip->header;
    d.layers[place].length = h.headerLength();
    const Annotator next = at.shifted(h.headerLength());
    if (h.protocol != IpProtocol::Udp) return nextProtocol(d, h.protocol, ip->payload, next, hints);
    addLayer(d, Kind::Udp, "UDP", next, 0, std::min(ip->payload.size(), kUdpHeaderLength), true);
    auto udp = decodeUdp(ip->payload, next, UdpPseudoHeader{h.source, h.destination});
    if (!decoded(d, udp)) return;
    udpPayload(d, *udp, next.shifted(kUdpHeaderLength), hints);
}

void esp(Dissection& d, ByteView bytes, const Annotator& at, const IpsecHints& hints) {
    addLayer(d, Kind::Esp, "ESP", at, 0, bytes.size());
    (void)decoded(d, decodeEsp(bytes, at, hints.espLayout, hints.sequenceHigh));
}

void ah(Dissection& d, ByteView bytes, const Annotator& at, const IpsecHints& hints) {
    const std::size_t place = d.layers.size();
    addLayer(d, Kind::Ah, "AH", at, 0, std::min(bytes.size(), kAhFixedLength));
    auto decodedAh = decodeAh(bytes, at, hints.sequenceHigh);
    if (!decoded(d, decodedAh)) return;
    d.layers[place].length = decodedAh->header.length();
    nextProtocol(d, decodedAh->header.nextHeader, decodedAh->payload, at.shifted(decodedAh->header.length()), {});
}

} // namespace

std::optional<std::size_t> Dissection::offsetOf(Layer::Kind kind) const {
    for (const Layer& layer : layers)
        if (layer.kind == kind) return layer.offset;
    return std::nullopt;
}

Dissection dissectIpv4Packet(ByteView packet, const Annotator& annotator, const IpsecHints& hints,
                             const std::string& name) {
    Dissection d;
    ipv4Packet(d, packet, annotator, hints, name);
    return d;
}

Dissection dissectEsp(ByteView bytes, const Annotator& annotator, const IpsecHints& hints) {
    Dissection d;
    esp(d, bytes, annotator, hints);
    return d;
}

Dissection dissectAh(ByteView bytes, const Annotator& annotator, const IpsecHints& hints) {
    Dissection d;
    ah(d, bytes, annotator, hints);
    return d;
}

Dissection dissectEspCleartext(ByteView cleartext, const Annotator& annotator) {
    Dissection d;
    auto trailer = decodeEspTrailer(cleartext, Annotator(nullptr));
    if (!trailer) {
        addLayer(d, Kind::EspTrailer, "ESP Trailer", annotator, 0, cleartext.size());
        (void)decodeEspTrailer(cleartext, annotator); // the error again, with what came before it annotated
        d.error = trailer.error();
        return d;
    }
    const ByteView payload = trailer->payload;
    switch (trailer->nextHeader) {
    case IpProtocol::IpInIp: {
        // RFC 4303 §2.7: a tunnel-mode sender may pad the inner packet (traffic flow confidentiality);
        // the inner header's Total Length says where the packet ends.
        ipv4Packet(d, payload, annotator, {}, "Inner IPv4");
        if (auto inner = decodeIpv4(payload); inner && inner->header.totalLength < payload.size()) {
            const std::size_t at = inner->header.totalLength, length = payload.size() - at;
            addLayer(d, Kind::Padding, "TFC Padding", annotator, at, length);
            annotator.add(esp_fields::kTfcPadding, at, length, std::to_string(length) + " bytes");
        }
        break;
    }
    case IpProtocol::NoNextHeader:
        if (!payload.empty()) {
            addLayer(d, Kind::Data, "Dummy Data", annotator, 0, payload.size());
            annotator.add(esp_fields::kDummyData, 0, payload.size(), std::to_string(payload.size()) + " bytes");
        }
        break;
    default: nextProtocol(d, trailer->nextHeader, payload, annotator, {}); break;
    }
    // After the payload, as the bytes come.
    addLayer(d, Kind::EspTrailer, "ESP Trailer", annotator, payload.size(), cleartext.size() - payload.size());
    (void)decodeEspTrailer(cleartext, annotator);
    return d;
}

} // namespace ipseclab::wire
