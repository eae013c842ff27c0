// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the data plane tells its caller (docs/architecture.md "One timeline"): every inbound
// verdict, every packet sent or refused, lifetime limits, SPD acquires and queueing, SA deletion.
// The lab turns these into timeline events; tests count them.
//
// An event is a plain struct with a stable id() a lesson can anchor on, e.g. "ESP.A2B.seq5.verdict".
// Events are handed to an EventSink while the data plane runs; `packet` and `payload` are views
// into buffers that live only for that call: a sink that keeps the bytes copies them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/Bytes.h"
#include "ipsec/ReplayWindow.h"
#include "ipsec/SaKey.h"
#include "wire/EspPacket.h"

namespace ipseclab::ipsec {

// What the receiver did with an inbound packet.
enum class Verdict {
    Accepted,           // authentic, new, delivered
    Duplicate,          // replay inside the window
    TooOld,             // left of the window
    SequenceZero,       // sequence number 0 (never sent)
    BadIcv,             // ICV / GCM tag did not verify (forged, altered or wrong key); the window did not move
    BadPadding,         // authentic, but the padding is not 1, 2, 3, ... or the pad length is impossible
    Malformed,          // too short, not whole cipher blocks, wrong next header for the mode, ...
    UnknownSpi,         // no SA for (SPI, destination, protocol): counted by the receiver (the SAD)
    DummyPacketDropped, // authentic dummy packet (next header 59, RFC 4303 §2.6): dropped silently
    SaExpired,          // the SA reached its hard lifetime (or was deleted): no more traffic
    PolicyMismatch,     // authentic, but its addresses (or protocol, ports) lie outside the SA's traffic
                        // selectors (RFC 4301 §5.2): dropped "due to policy"; the window did move
};
inline constexpr std::size_t kVerdictCount = 11;

// "accepted", "duplicate", "too old", "sequence number zero", "bad ICV", "bad padding", "malformed",
// "unknown SPI", "dummy packet dropped", "SA expired", "policy mismatch".
std::string_view verdictName(Verdict verdict);

enum class EventKind {
    Verdict,       // an inbound packet was judged: verdict, sequence number, window delta
    Sent,          // an outbound packet was built
    RefusedToSend, // an outbound packet was refused: hard limit reached, sequence numbers used up, SA deleted
    SoftLimit,     // a soft lifetime (or the sequence-number margin) was reached: "rekey needed"
    HardLimit,     // a hard lifetime was reached: the SA refuses traffic from now on
    SaDeleted,     // the SA left the SAD and its keys were zeroized
    Acquire,       // SPD: a protect policy has no SA; the first interesting packet asks IKE for one
    Queued,        // SPD: a packet waits for the SA an acquire asked for
    QueueDropped,  // SPD: a waiting packet was dropped (queue full, or waited too long)
    Discarded,     // SPD: a discard policy (or no policy) dropped a packet
};

std::string_view eventKindName(EventKind kind);

// Which lifetime limit an event is about.
enum class LimitKind { None, Time, Bytes, Packets, SequenceNumber };
std::string_view limitKindName(LimitKind limit);

struct Event {
    EventKind kind = EventKind::Verdict;
    IpsecProtocol protocol = IpsecProtocol::Esp;
    // The SA's name ("A2B": the direction label the caller chose), the SAD's name for an unknown
    // SPI, or the policy's name for SPD events.
    std::string label;
    std::uint32_t spi = 0;
    std::uint64_t sequenceNumber = 0;    // the full 64-bit number under ESN; 0 when not known
    Verdict verdict = Verdict::Accepted; // kind Verdict
    std::optional<WindowDelta> window;   // set when the replay window changed
    LimitKind limit = LimitKind::None;   // SoftLimit, HardLimit, RefusedToSend
    Timestamp time{0};
    std::string reason; // one sentence for anything but a plain accept / send
    ByteView packet;    // the ESP or AH packet (SPI .. ICV, or the AH header onwards); valid during the call only
    ByteView payload;   // Accepted: what was delivered; Queued: the waiting packet; valid during the call only
    // ESP verdict, once decrypted (accepted, or refused for its padding or next header): the whole
    // decrypted part, payload | padding | pad length | next header; valid during the call only.
    ByteView cleartext;

    // The SA's, the same on all its events: how its ESP packets split (none for AH and for a packet
    // no SA claims), and whether it counts extended sequence numbers. So a view can name every byte.
    std::optional<wire::EspLayout> espLayout;
    bool extendedSequenceNumbers = false;

    // "ESP.A2B.seq5.verdict", "ESP.A2B.seq5.sent", "ESP.A2B.seq5.refused", "ESP.A2B.soft-limit",
    // "ESP.A2B.hard-limit", "ESP.A2B.deleted", "ESP.B.unknown-spi.seq5.verdict",
    // "SPD.A-to-B.acquire", "SPD.A-to-B.queued", "SPD.A-to-B.queue-dropped", "SPD.A-to-B.discarded".
    std::string id() const;
};

using EventSink = std::function<void(const Event&)>;

} // namespace ipseclab::ipsec
