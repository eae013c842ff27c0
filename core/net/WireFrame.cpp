// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "net/WireFrame.h"

#include <algorithm>
#include <iterator>

#include "wire/Ipv4Header.h"

namespace ipseclab::net {

Bytes encodeWireFrame(ByteView logicalPacket) {
    Bytes frame(std::begin(kWireFrameTag), std::end(kWireFrameTag));
    append(frame, logicalPacket);
    return frame;
}

Result<Bytes> decodeWireFrame(ByteView frame) {
    const std::size_t tagSize = std::size(kWireFrameTag);
    if (frame.size() < tagSize || !std::equal(std::begin(kWireFrameTag), std::end(kWireFrameTag), frame.begin()))
        return fail("not a lab wire frame (tag IPL1 missing)", "Wire Frame/Tag", 0);
    const ByteView packet = frame.subspan(tagSize);
    const auto ipv4 = wire::decodeIpv4(packet, wire::Annotator(nullptr, "Wire Frame", tagSize));
    if (!ipv4) return tl::unexpected(ipv4.error());
    return Bytes(packet.begin(), packet.end());
}

} // namespace ipseclab::net
