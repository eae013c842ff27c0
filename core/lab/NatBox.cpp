// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/NatBox.h"

#include "lab/WanPacket.h"

namespace ipseclab::lab {

Result<Bytes> NatBox::outbound(ByteView ipv4Packet) const {
    auto p = inspectWanPacket(ipv4Packet);
    if (!p) return tl::unexpected(p.error());
    if (p->source != m_inside) return Bytes(ipv4Packet.begin(), ipv4Packet.end());
    PacketRewrite r;
    r.source = m_outside;
    if (p->udp) r.sourcePort = publicPort(p->sourcePort);
    return rebuildPacket(ipv4Packet, r);
}

Result<Bytes> NatBox::inbound(ByteView ipv4Packet) const {
    auto p = inspectWanPacket(ipv4Packet);
    if (!p) return tl::unexpected(p.error());
    if (p->destination != m_outside) return Bytes(ipv4Packet.begin(), ipv4Packet.end());
    PacketRewrite r;
    r.destination = m_inside;
    if (p->udp) r.destinationPort = insidePort(p->destinationPort);
    return rebuildPacket(ipv4Packet, r);
}

std::string NatBox::describe(ByteView before, ByteView after) const {
    auto a = inspectWanPacket(before);
    auto b = inspectWanPacket(after);
    if (!a || !b) return "NAT";
    auto endpoint = [](const wire::Ipv4Address& address, const WanPacket& p, bool source) {
        std::string text = address.toString();
        if (p.udp) text += ":" + std::to_string(source ? p.sourcePort : p.destinationPort);
        return text;
    };
    if (a->source != b->source) return "NAT " + endpoint(a->source, *a, true) + " -> " + endpoint(b->source, *b, true);
    if (a->destination != b->destination)
        return "NAT " + endpoint(a->destination, *a, false) + " -> " + endpoint(b->destination, *b, false);
    return "NAT: unchanged";
}

} // namespace ipseclab::lab
