// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What an IPsec SA is made from (RFC 4301 §4.4.2): the SPI, the addresses, the mode, the suite
// and its keys, anti-replay, lifetimes. SecurityAssociation::create() checks it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/RandomSource.h"
#include "ipsec/ReplayWindow.h"
#include "ipsec/SaKey.h"
#include "ipsec/SaLifetime.h"
#include "ipsec/Suites.h"
#include "ipsec/TrafficSelector.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

enum class Mode {
    Tunnel,    // the whole inner IPv4 packet is protected; a new outer header goes between the gateways
    Transport, // the upper-layer data is protected; the original IP header stays (protocol changed)
};

std::string_view modeName(Mode mode);

struct SaConfig {
    std::string name; // the label in event ids: "A2B" (default: "spi" + SPI in hex)
    IpsecProtocol protocol = IpsecProtocol::Esp;
    std::uint32_t spi = 0; // 256 .. 2^32-1 (0 is reserved, 1..255 are IANA's)
    // Outer addresses: the tunnel endpoints (tunnel mode) or the two hosts (transport mode). The
    // destination is part of the SA's key.
    wire::Ipv4Address source;
    wire::Ipv4Address destination;
    Mode mode = Mode::Tunnel;
    // ESP in UDP (RFC 3948), for NAT traversal. Never for AH.
    bool udpEncapsulation = false;
    std::uint16_t udpSourcePort = 4500;
    std::uint16_t udpDestinationPort = 4500;
    // Transport mode in UDP through a NAT, inbound: the sender's own address and ours as the sender
    // knew them (NAT-OA, RFC 3947 §5.2). Decapsulated TCP and UDP checksums are corrected from these
    // to the header's addresses (RFC 3948 §3.1.2, TransportChecksum.h). None: nothing to correct.
    struct OriginalAddresses {
        wire::Ipv4Address source;
        wire::Ipv4Address destination;
    };
    std::optional<OriginalAddresses> natOriginal;

    Suite suite;
    SaKeys keys; // e.g. from cutKeymat()

    // The traffic the SA carries, in its direction. Inbound, a packet outside them is refused after
    // decapsulation (Verdict::PolicyMismatch); none: no check (an SA made by hand, without IKE).
    std::optional<SaSelectors> selectors;

    bool extendedSequenceNumbers = false; // RFC 4304; needs the replay window
    // 32 .. 4096 packets; 0 turns anti-replay off (a lab demonstration of what replay does).
    std::uint32_t replayWindow = ReplayWindow::kDefaultSize;
    Lifetime lifetime;
    // "Rekey needed" once fewer than this many sequence numbers are left (the counter must never
    // cycle: RFC 4303 §3.3.3).
    std::uint64_t sequenceSoftMargin = 1ULL << 16;
    // LAB ONLY, never on a real network: the first sequence number to send (outbound), and the
    // window's right edge N - 1 to start from (inbound), so a class can watch the 2^32 wrap
    // without sending four billion packets. Set the same N on both ends.
    std::optional<std::uint64_t> labStartSequence;

    // Where CBC IVs come from (RFC 3602: unpredictable): a seeded DeterministicRandom in the lab.
    // Needed to send with a CBC suite; not owned.
    crypto::RandomSource* random = nullptr;
    Timestamp created{0};
};

} // namespace ipseclab::ipsec
