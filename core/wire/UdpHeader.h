// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// UDP header (RFC 768): IKE runs on UDP 500, and on 4500 once NAT traversal starts (RFC 3948).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Checksum.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::wire {

inline constexpr std::uint16_t kIkePort = 500;
inline constexpr std::uint16_t kNatTPort = 4500;
inline constexpr std::size_t kUdpHeaderLength = 8;

struct UdpHeader {
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::uint16_t length = 0;                                   // header + payload
    std::uint16_t checksum = 0;                                 // 0 = none (IPv4 only)
    ChecksumStatus checksumStatus = ChecksumStatus::Unverified; // set by decode
};

struct UdpDatagram {
    UdpHeader header;
    ByteView payload; // up to Length: a view into the decoded buffer
};

// The IPv4 addresses the UDP checksum covers besides the datagram itself.
struct UdpPseudoHeader {
    Ipv4Address source;
    Ipv4Address destination;
};

// Decodes the header at the start of `bytes` (an IPv4 payload). With the pseudo-header the
// checksum is verified (a bad one is reported in checksumStatus, not as an error).
Result<UdpDatagram> decodeUdp(ByteView bytes, const Annotator& annotator = Annotator(nullptr),
                              const std::optional<UdpPseudoHeader>& pseudoHeader = std::nullopt);

enum class UdpChecksum {
    Compute,
    Zero, // RFC 3948 §3.1.2: ESP-in-UDP over IPv4 SHOULD carry checksum 0
};

// Writes the 8-byte header into the start of `out`, in place (ESP in UDP: RFC 3948 §3.1.2 sends
// checksum 0 over IPv4).
void writeUdpHeader(std::span<std::uint8_t> out, std::uint16_t sourcePort, std::uint16_t destinationPort,
                    std::uint16_t length, std::uint16_t checksum = 0);

// Header + payload with Length and (unless Zero) Checksum computed.
Result<Bytes> encodeUdp(std::uint16_t sourcePort, std::uint16_t destinationPort, ByteView payload,
                        const UdpPseudoHeader& pseudoHeader, UdpChecksum checksum = UdpChecksum::Compute);

} // namespace ipseclab::wire
