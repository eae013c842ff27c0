// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// AH header (RFC 4302 §2): integrity without encryption, over the packet and most of the outer
// IPv4 header too (digest §6.9).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::wire {

inline constexpr std::size_t kAhFixedLength = 12; // next header .. sequence number, before the ICV

struct AhHeader {
    IpProtocol nextHeader = IpProtocol::IpInIp;
    std::uint8_t payloadLength = 0; // the header's length in 32-bit words minus 2; encode computes it
    std::uint16_t reserved = 0;
    std::uint32_t spi = 0;
    std::uint32_t sequenceNumber = 0;
    Bytes icv; // a multiple of 4 bytes for IPv4 (HMAC-SHA1-96: 12, so Payload Length 4)

    std::size_t length() const { return kAhFixedLength + icv.size(); }
};

struct AhPacket {
    AhHeader header;
    ByteView payload; // what the AH header protects after itself: a view into the decoded buffer
};

// `bytes` is the IPv4 payload of protocol 51. The ICV is as long as Payload Length declares; a
// declared length below 12 bytes or beyond the buffer is an error. Reserved is annotated, not
// checked (RFC 4302: ignored on receipt). `sequenceHigh`, under ESN, is annotated as for ESP (see
// decodeEsp()): a field covering no byte.
Result<AhPacket> decodeAh(ByteView bytes, const Annotator& annotator = Annotator(nullptr),
                          std::optional<std::uint32_t> sequenceHigh = std::nullopt);

// Writes the fixed part of an AH header (next header .. sequence number, Reserved 0) into the start
// of `out`, in place, for a header of `headerLength` bytes with its ICV; the ICV is not written.
void writeAhFixedHeader(std::span<std::uint8_t> out, IpProtocol nextHeader, std::size_t headerLength, std::uint32_t spi,
                        std::uint32_t sequenceNumber);

// Header + payload with Payload Length computed. The ICV must be whole 32-bit words (IPv4).
Result<Bytes> encodeAh(const AhHeader& header, ByteView payload);

// The IPv4 header as the AH ICV sees it (RFC 4302 §3.3.3.1.1): TOS, flags + fragment offset, TTL
// and header checksum zeroed, since routers may change them; the mutable options zeroed whole, the
// immutable ones kept (App. A.1); `sending` a source-routed packet, its final destination (the
// route's last address) as Destination Address. Fails on a malformed option list.
Result<Bytes> zeroIpv4MutableFields(ByteView ipv4Header, bool sending);

} // namespace ipseclab::wire
