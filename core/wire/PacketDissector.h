// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whole packets dissected layer after layer, the way Wireshark's packet tree shows a frame: IPv4,
// then UDP (ISAKMP on 500; on 4500 the NAT-keepalive, the non-ESP marker and ISAKMP, or ESP), ESP,
// AH and what AH carries, an inner IPv4 packet, ICMP echo. Each header is annotated by its own
// decoder, one beside the other, so every byte of the packet belongs to a field. Views call these
// when a packet is opened; the data plane never does.

#include <cstddef>
#include <cstdint>
#include <optional>

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

struct Dissection {
    // Where the ISAKMP message starts (after the non-ESP marker on 4500), in the annotator's
    // coordinates (its base included), when the packet carries one.
    std::optional<std::size_t> isakmpOffset;
    // The first field that would not decode; the fields before it are annotated.
    std::optional<Error> error;
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
