// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Internet checksum (RFC 1071) shared by IPv4, UDP and ICMP.

#include <cstdint>
#include <string>

#include "base/Bytes.h"

namespace ipseclab::wire {

// What a decoder found when it checked a checksum field.
enum class ChecksumStatus {
    Unverified, // not checked (e.g. UDP without the IPv4 addresses of its pseudo-header)
    Good,
    Bad,
    Absent, // UDP over IPv4 may send 0: "no checksum"
};

// Adds `data` as big-endian 16-bit words (an odd last byte is padded with zero) to a running sum.
// Only the last piece of a sum may have an odd length.
std::uint64_t checksumAdd(std::uint64_t sum, ByteView data);
// Folds the carries and inverts: the value to put in the checksum field.
std::uint16_t checksumFinish(std::uint64_t sum);
// checksumFinish(checksumAdd(0, data)). Over data that holds a correct checksum field, this is 0.
std::uint16_t internetChecksum(ByteView data);

// "0xf9a5 (correct)" or "0x1234 (incorrect, should be 0xf9a5)": the annotation text of a checksum.
std::string checksumText(std::uint16_t received, ChecksumStatus status, std::uint16_t expected);

} // namespace ipseclab::wire
