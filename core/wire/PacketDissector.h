// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Whole packets dissected layer after layer, the way Wireshark's packet tree shows a frame: IPv4,
// then UDP (ISAKMP or IKEv2 on 500; on 4500 the NAT-keepalive, the non-ESP marker and ISAKMP/IKEv2, or ESP), ESP,
// AH and what AH carries, an inner IPv4 packet, ICMP echo. Each header is annotated by its own
// decoder, one beside the other, so every byte of the packet belongs to a field. Views call these
// when a packet is opened; the data plane never does.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/EspPacket.h"

namespace ipseclab::wire {

// What only the SA knows about its packets, and the bytes do not say.
struct IpsecHints {
    std::optional<EspLayout> espLayout;        // where ESP's IV ends and its ICV starts
    std::optional<std::uint32_t> sequenceHigh; // ESN: the high half of the sequence number, never sent
};

// One protocol of a dissected packet, as a line of Wireshark's packet tree names it. Views read
// these rather than guess a layer from its fields' names.
struct Layer {
    enum class Kind { Ipv4, Udp, NatT, Isakmp, Esp, Ah, Icmp, EspTrailer, Padding, Data };
    Kind kind = Kind::Data;
    std::string name; // "IPv4", "Inner IPv4", "UDP", "Non-ESP Marker", "ISAKMP", "IKEv2", "ESP", "ESP Trailer", ...
    std::size_t offset = 0; // where it starts, in the annotator's coordinates (its base included)
    std::size_t length = 0; // its own bytes: a header (IPv4, UDP, AH), a whole message (ISAKMP, ESP, ICMP)
    bool carrier = false;   // a header that only carries the next layer (IPv4, UDP): a tree shows it folded
};

struct Dissection {
    std::vector<Layer> layers; // as the bytes come, outermost first; a layer cut short is listed too
    // The first field that would not decode; the fields before it are annotated.
    std::optional<Error> error;

    // Where the first layer of `kind` starts, if the packet has one.
    std::optional<std::size_t> offsetOf(Layer::Kind kind) const;
};

// An IPv4 packet and everything in it. `name` heads the IPv4 header ("Inner IPv4" inside a tunnel).
Dissection dissectIpv4Packet(ByteView packet, const Annotator& annotator, const IpsecHints& hints = {},
                             const std::string& name = "IPv4");
// An ESP packet alone (SPI .. ICV), as the data plane's events carry it.
Dissection dissectEsp(ByteView esp, const Annotator& annotator, const IpsecHints& hints);
// An AH header and the packet it protects after itself (tunnel mode an inner IPv4 packet).
Dissection dissectAh(ByteView ah, const Annotator& annotator, const IpsecHints& hints);
// What an ESP packet decrypts to: the payload (tunnel mode the inner IPv4 packet, then any TFC
// padding; transport mode the upper-layer message), then the ESP trailer.
Dissection dissectEspCleartext(ByteView cleartext, const Annotator& annotator);

} // namespace ipseclab::wire
