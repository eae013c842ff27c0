// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// How a logical packet travels between the lab's two loopback sockets: a 4-byte tag and the
// logical IPv4 packet itself (outer header with the logical addresses, then UDP/ISAKMP, ESP or
// AH). The receiver learns the logical endpoints from that header, exactly as the capture does.

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::net {

inline constexpr std::uint8_t kWireFrameTag[4] = {'I', 'P', 'L', '1'};

Bytes encodeWireFrame(ByteView logicalPacket);
// The logical packet, or an error when the tag is missing or the IPv4 header does not decode.
Result<Bytes> decodeWireFrame(ByteView frame);

} // namespace ipseclab::net
