// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Checksum.h"

#include "wire/FieldSpec.h"

namespace ipseclab::wire {

std::uint64_t checksumAdd(std::uint64_t sum, ByteView data) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) sum += readU16(data, i);
    if (i < data.size()) sum += std::uint64_t{data[i]} << 8;
    return sum;
}

std::uint16_t checksumFinish(std::uint64_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::uint16_t internetChecksum(ByteView data) { return checksumFinish(checksumAdd(0, data)); }

std::string checksumText(std::uint16_t received, ChecksumStatus status, std::uint16_t expected) {
    const std::string value = formatHex(received, 4);
    switch (status) {
    case ChecksumStatus::Good: return value + " (correct)";
    case ChecksumStatus::Bad: return value + " (incorrect, should be " + formatHex(expected, 4) + ")";
    case ChecksumStatus::Absent: return value + " (none: the sender did not compute one)";
    case ChecksumStatus::Unverified: break;
    }
    return value + " (not verified)";
}

} // namespace ipseclab::wire
