// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What a logical packet on the lab's WAN is (IKE on 500 or behind the non-ESP marker on 4500, ESP
// as protocol 50 or in UDP 4500, AH, a NAT-keepalive), where its SPI and sequence number sit, and
// how to rebuild it with other addresses, ports or payload (lengths and checksums recomputed). The
// NAT and the attacker both rewrite packets through rebuildPacket().

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::lab {

struct WanPacket {
    enum class Kind { Ike, Esp, Ah, Keepalive, Other };
    Kind kind = Kind::Other;
    wire::Ipv4Address source;
    wire::Ipv4Address destination;
    wire::IpProtocol protocol = wire::IpProtocol::Udp;
    bool udp = false;
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::size_t headerLength = 0;     // IPv4 header
    std::size_t transportOffset = 0;  // ESP / AH header, or the UDP payload (marker included)
    std::uint32_t spi = 0;            // ESP / AH
    std::uint32_t sequenceNumber = 0; // ESP / AH: the low 32 bits as carried
};

Result<WanPacket> inspectWanPacket(ByteView ipv4Packet);

struct PacketRewrite {
    std::optional<wire::Ipv4Address> source;
    std::optional<wire::Ipv4Address> destination;
    std::optional<std::uint16_t> sourcePort;      // UDP only
    std::optional<std::uint16_t> destinationPort; // UDP only
    std::optional<Bytes> transportPayload;        // replaces what follows the UDP header (or the IPv4 header)
};

// The packet with the changes applied. The UDP checksum is recomputed, or kept 0 when it was 0
// (ESP in UDP, RFC 3948 §3.1.2); the IPv4 header checksum and lengths are recomputed.
Result<Bytes> rebuildPacket(ByteView ipv4Packet, const PacketRewrite& rewrite);

} // namespace ipseclab::lab
