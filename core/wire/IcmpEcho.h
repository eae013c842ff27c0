// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ICMP echo request and reply (RFC 792): the "ping" that plays the lab's interesting traffic.

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Checksum.h"

namespace ipseclab::wire {

enum class IcmpType : std::uint8_t {
    EchoReply = 0,
    DestinationUnreachable = 3,
    EchoRequest = 8,
    TimeExceeded = 11,
};

// "Echo (ping) request (8)".
std::string icmpTypeName(IcmpType type);

inline constexpr std::size_t kIcmpEchoHeaderLength = 8;

struct IcmpEcho {
    IcmpType type = IcmpType::EchoRequest;
    std::uint8_t code = 0;
    std::uint16_t checksum = 0; // decode: as received; encode: computed
    std::uint16_t identifier = 0;
    std::uint16_t sequenceNumber = 0;
    Bytes data;

    ChecksumStatus checksumStatus = ChecksumStatus::Unverified; // set by decode
};

// `bytes` is the whole ICMP message (the IPv4 payload). Other ICMP types are an error; a wrong
// checksum is reported in checksumStatus.
Result<IcmpEcho> decodeIcmpEcho(ByteView bytes, const Annotator& annotator = Annotator(nullptr));

// The message with its checksum computed.
Bytes encodeIcmpEcho(const IcmpEcho& echo);

} // namespace ipseclab::wire
