// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What a UDP/4500 payload is (RFC 3948 §2): a NAT-keepalive, an IKE message behind the 4-byte
// non-ESP marker, or an ESP packet (whose SPI is never 0).

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"

namespace ipseclab::wire {

inline constexpr std::array<std::uint8_t, 4> kNonEspMarker{0, 0, 0, 0};
inline constexpr std::uint8_t kNatKeepalive = 0xff;

enum class NatTKind { Keepalive, Ike, Esp };

struct NatTPayload {
    NatTKind kind = NatTKind::Esp;
    // Keepalive: the 0xFF byte. Ike: the ISAKMP message after the marker, with `offset` 4.
    // Esp: the whole ESP packet, offset 0. A view into the demultiplexed buffer.
    ByteView body;
    std::size_t offset = 0;
};

// Demultiplexes a UDP/4500 payload. Anything else (empty, a lone byte other than 0xFF, a marker
// with nothing after it, fewer than 8 bytes of ESP) is an error.
Result<NatTPayload> demultiplexNatT(ByteView udpPayload, const Annotator& annotator = Annotator(nullptr));

// The UDP/4500 payload that carries an ISAKMP message: the marker, then the message.
Bytes prependNonEspMarker(ByteView isakmpMessage);

} // namespace ipseclab::wire
