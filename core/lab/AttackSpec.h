// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What an attacker on the lab's wire does, as scenarios and `ipsec-lab --attack` spell it:
// "kind[:param...]" with parameters separated by ':'.
//
//   replay[:seq=K]             a copy of the A→B packet with sequence number K (default: the last one) injected again
//   duplicate[:seq=K]          a packet delivered twice, the copy right behind it
//   reorder[:span=K]           a packet held back and released after K more A→B packets (default 3)
//   delay[:seq=K][:after=N]    a packet held back and released after N more A→B packets (default: window + 6, i.e.
//   beyond the window) drop[:seq=K]               a packet removed from the wire flip:spi|seq|payload|icv[:bit=K]   one
//   bit of that field flipped in flight (bit 0 = the field's first, most significant bit) truncate[:bytes=K]         K
//   bytes cut off the end of a packet (default 4) unknown-spi                a copy of the last A→B packet with an SPI
//   no SA has forge[:seq=+D]             a packet D beyond the receiver's right edge (default 100000) with a made-up
//   ICV replay-ike:msg=MM3         a copy of an IKE message (datagram id or label) injected again drop-ike:msg=MM3 the
//   first copy of an IKE message removed (the sender's retransmission recovers) delay-ike:msg=MM3[:ms=N]   the first
//   copy of an IKE message held back N ms (default 5000)
//   spoof-info:msg=QM1         a forged Informational (the message's cookies and Message ID, a random
//   body) injected right behind the first copy of that message: it must not decrypt, and change nothing
//   inject:src=ADDR            a packet sealed with the A→B keys (the next sequence number, a valid ICV)
//                              whose inner source ADDR lies outside the SA's selectors (RFC 4301 §5.2);
//                              after the traffic only (no at=K): the number is the sender's next, and a
//                              genuine packet sent with it later would arrive as a duplicate
//   flood:replay=N             N copies of A→B packets already seen, back-to-back at line rate: drawn from the
//                              last 2 × window packets, so some land inside the window, some left of it
//   flood:forge=N[:spread=D]   N forgeries back-to-back, their numbers drawn from right edge + 1 .. + D
//                              (default 100: the numbers the sender is about to use, which, if let in,
//                              would turn its next packets into duplicates), their ICVs made up: every
//                              one fails the ICV check and the window does not move (RFC 4303 §3.4.3)
//
// Every ESP/AH attack acts on the A→B SA. When: `seq=K` names the packet the attack waits for;
// `at=K` starts the attack right after A→B packet K was sent (packet attacks then take the next
// one); without either, the attack starts after the traffic. IKE drop/delay wait for their message
// from the start. Where an attack needs a packet and the traffic is over, Site A's host sends extra
// echo requests to carry it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Error.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::lab {

enum class AttackKind {
    Replay,
    Duplicate,
    Reorder,
    Delay,
    Drop,
    Flip,
    Truncate,
    UnknownSpi,
    Forge,
    ReplayIke,
    DropIke,
    DelayIke,
    SpoofInfo,
    Inject,
    Flood,
};

// "replay", "duplicate", ..., "delay-ike": the spelling of the spec.
std::string_view attackKindName(AttackKind kind);

enum class FlipField { Spi, Seq, Payload, Icv };
std::string_view flipFieldName(FlipField field);

// What a flood sends: copies of packets already seen, or forgeries.
enum class FloodKind { Replay, Forge };

// A flood's bounds: half a million packets (one step each: a headless run's step limit counts
// them), so that a flood fits in memory (each packet's frame and events, about 2.5 KB, are kept,
// but not in a `--summary` run: its packets are made as they are due, LabFlood.cpp); a forged
// spread of at most 2^31 (the numbers stay within 32 bits of the right edge).
inline constexpr std::uint64_t kFloodLimit = 500000;
inline constexpr std::uint64_t kFloodSpreadDefault = 100;
inline constexpr std::uint64_t kFloodSpreadLimit = 1ULL << 31;

struct AttackSpec {
    AttackKind kind = AttackKind::Replay;
    std::optional<std::uint64_t> seq;   // the targeted A→B packet
    std::optional<std::uint64_t> at;    // start right after A→B packet K
    std::uint32_t span = 3;             // reorder
    std::optional<std::uint32_t> after; // delay: packets to wait (default: receiver's window + 6)
    FlipField field = FlipField::Icv;
    std::uint32_t bit = 0;
    std::uint32_t bytes = 4;                    // truncate
    std::uint64_t distance = 100000;            // forge: +D beyond the right edge
    std::string message;                        // IKE attacks: "MM3", "QM1", "IKE#2.MM3"
    std::chrono::milliseconds hold{5000};       // delay-ike
    wire::Ipv4Address source;                   // inject: the inner source address
    FloodKind flood = FloodKind::Replay;        // flood: what it sends
    std::uint64_t count = 0;                    // flood: how many packets
    std::uint64_t spread = kFloodSpreadDefault; // flood:forge: numbers right edge + 1 .. right edge + spread

    // Errors name the part that is wrong: "unknown attack 'storm'", "bit=x is not a number".
    static Result<AttackSpec> parse(std::string_view text);
    // The canonical spelling (parse(toString()) gives the same spec).
    std::string toString() const;

    bool isIke() const {
        return kind == AttackKind::ReplayIke || kind == AttackKind::DropIke || kind == AttackKind::DelayIke ||
               kind == AttackKind::SpoofInfo;
    }
    // Acts on a packet in flight (rather than injecting one of its own).
    bool intercepts() const;

    friend bool operator==(const AttackSpec&, const AttackSpec&) = default;
};

} // namespace ipseclab::lab
