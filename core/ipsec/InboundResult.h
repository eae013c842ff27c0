// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the verdict pipeline reports: each inbound packet's result, and the SA's counters.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "base/Bytes.h"
#include "ipsec/Event.h"
#include "ipsec/ReplayWindow.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

struct SaCounters {
    std::array<std::uint64_t, kVerdictCount> verdicts{}; // inbound packets per Verdict
    std::uint64_t packetsSent = 0;
    std::uint64_t bytesSent = 0;       // payload bytes
    std::uint64_t packetsReceived = 0; // accepted
    std::uint64_t bytesReceived = 0;
    std::uint64_t refusedToSend = 0;

    std::uint64_t count(Verdict verdict) const { return verdicts[static_cast<std::size_t>(verdict)]; }
};

struct InboundResult {
    Verdict verdict = Verdict::Malformed;
    std::uint64_t sequenceNumber = 0;  // inferred 64-bit value where known
    std::optional<WindowDelta> window; // set when the window moved
    wire::IpProtocol nextHeader = wire::IpProtocol::IpInIp;
    // Accepted only: tunnel mode the inner IPv4 packet; transport mode the IPv4 packet rebuilt
    // (protocol restored, the ESP/AH and UDP headers removed); openEsp() the ESP payload.
    Bytes packet;
    std::string reason; // why, for anything but Accepted
    bool accepted() const { return verdict == Verdict::Accepted; }
};

} // namespace ipseclab::ipsec
