// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/NatTMarker.h"

#include "wire/EspPacket.h"
#include "wire/FieldSpec.h"
#include "wire/UdpFields.h"

namespace ipseclab::wire {

namespace {

constexpr FieldSpec kMarker{&udp_fields::kNonEspMarker, 0, 4};
constexpr FieldSpec kKeepalive{&udp_fields::kKeepalive, 0, 1};

} // namespace

Result<NatTPayload> demultiplexNatT(ByteView udpPayload, const Annotator& annotator) {
    if (udpPayload.size() == 1) {
        if (udpPayload[0] != kNatKeepalive)
            return failAt(annotator, kKeepalive,
                          "a 1-byte payload on port 4500 must be the keepalive 0xff, not " +
                              formatHex(udpPayload[0], 2));
        annotate(annotator, kKeepalive, "0xff");
        return NatTPayload{NatTKind::Keepalive, udpPayload, 0};
    }
    if (udpPayload.size() >= kNonEspMarker.size() &&
        std::equal(kNonEspMarker.begin(), kNonEspMarker.end(), udpPayload.begin())) {
        if (udpPayload.size() == kNonEspMarker.size())
            return failAt(annotator, "ISAKMP", kNonEspMarker.size(), "a non-ESP marker with no IKE message after it");
        annotate(annotator, kMarker, "00000000");
        return NatTPayload{NatTKind::Ike, udpPayload.subspan(kNonEspMarker.size()), kNonEspMarker.size()};
    }
    if (udpPayload.size() < kEspHeaderLength)
        return failAt(
            annotator, "ESP", 0,
            std::to_string(udpPayload.size()) +
                " bytes on port 4500 are neither a keepalive, nor a non-ESP marker, nor an 8-byte ESP header");
    return NatTPayload{NatTKind::Esp, udpPayload, 0};
}

Bytes prependNonEspMarker(ByteView isakmpMessage) {
    Bytes out(kNonEspMarker.begin(), kNonEspMarker.end());
    append(out, isakmpMessage);
    return out;
}

} // namespace ipseclab::wire
