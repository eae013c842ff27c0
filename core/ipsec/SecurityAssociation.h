// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One IPsec SA (RFC 4301 §4.4.2): one direction of protected traffic with its keys, mode, sequence
// counter, anti-replay window, lifetimes and counters. It protects outbound IPv4 packets (ESP or AH,
// tunnel or transport, ESP optionally in UDP 4500) and judges inbound ones, in the digest §6.5
// order: replay check, ICV, recheck, advance the window, decrypt, check the padding, then the traffic
// selectors (RFC 4301 §5.2).
//
// Sans-I/O: bytes and `now` in, bytes and events out. Randomness (CBC IVs) comes from the
// RandomSource handed in, so a seeded lab produces the same packets every run.
//
// The SA's parts: its configuration (SaConfig.h), lifetimes (SaLifetime.h), the event it reuses
// (ReusedEvent.h), the outer headers it writes (wire/: Ipv4Header.h, UdpHeader.h, AhHeader.h).
// Its code: creation and time here (SecurityAssociation.cpp), the outbound path (SaOutbound.cpp),
// the inbound verdict pipeline and its counters (SaInbound.cpp). Why the per-packet code is written
// the way it is: docs/performance.md.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "base/Bytes.h"
#include "base/Error.h"
#include "ipsec/AhTransform.h"
#include "ipsec/EspTransform.h"
#include "ipsec/Event.h"
#include "ipsec/InboundResult.h"
#include "ipsec/Ipv4View.h"
#include "ipsec/ReplayWindow.h"
#include "ipsec/ReusedEvent.h"
#include "ipsec/SaConfig.h"
#include "ipsec/SaLifetime.h"

namespace ipseclab::ipsec {

enum class SaState {
    Active,
    Expired, // a hard limit was reached
    Deleted, // removed from the SAD: keys zeroized
};

// Per-packet choices a test or an attack scenario may force.
struct SealOptions {
    // The explicit IV to send instead of the SA's own choice (to reproduce captured bytes). For
    // AES-GCM an IV must never repeat under one key: use this only to replay a known packet.
    std::optional<ByteView> iv;
    // ESP only: the Next Header to send instead of the mode's (59 sends a dummy packet).
    std::optional<wire::IpProtocol> nextHeader;
};

class Sad;

class SecurityAssociation {
public:
    // Validates the configuration (SPI, suite, key lengths, window, AH without UDP, ...) and makes
    // the keyed crypto contexts.
    static Result<std::unique_ptr<SecurityAssociation>> create(SaConfig config);
    ~SecurityAssociation();
    SecurityAssociation(const SecurityAssociation&) = delete;
    SecurityAssociation& operator=(const SecurityAssociation&) = delete;

    // Events go to `sink` (none by default).
    void setEventSink(EventSink sink) { m_event.setSink(std::move(sink)); }

    const std::string& name() const { return m_config.name; }
    SaKey key() const { return SaKey{m_config.spi, m_config.destination, m_config.protocol}; }
    IpsecProtocol protocol() const { return m_config.protocol; }
    std::uint32_t spi() const { return m_config.spi; }
    Mode mode() const { return m_config.mode; }
    const Suite& suite() const { return m_config.suite; }
    bool udpEncapsulation() const { return m_config.udpEncapsulation; }
    bool extendedSequenceNumbers() const { return m_config.extendedSequenceNumbers; }
    wire::Ipv4Address source() const { return m_config.source; }
    wire::Ipv4Address destination() const { return m_config.destination; }
    const Lifetime& lifetime() const { return m_config.lifetime; }
    // The keys, for the Wireshark key file and the key-derivation view. All zero once deleted.
    ByteView encryptionKey() const { return m_config.keys.encryption.view(); }
    ByteView integrityKey() const { return m_config.keys.integrity.view(); }

    SaState state() const { return m_state; }
    bool rekeyNeeded() const { return m_softReached; }
    const SaCounters& counters() const { return m_counters; }
    // The next sequence number protect() will use.
    std::uint64_t nextSequenceNumber() const { return m_nextSequence; }
    // The traffic it was negotiated for, in its direction (none: not checked).
    const std::optional<SaSelectors>& selectors() const { return m_config.selectors; }
    // The largest sequence number this SA may send: 2^32 - 1, or 2^64 - 1 with ESN.
    std::uint64_t maxSequenceNumber() const;
    // Null when anti-replay is off.
    const ReplayWindow* replayWindow() const { return m_window ? &*m_window : nullptr; }

    // Outbound ------------------------------------------------------------------------------

    // Protects an IPv4 packet and returns the packet to put on the wire: tunnel mode a new outer
    // IPv4 header (source -> destination), transport mode the original header with its protocol
    // changed; then UDP 4500 if encapsulated, then ESP (or AH). Fails, with a RefusedToSend event,
    // when the SA is expired or deleted or its sequence numbers are used up.
    Result<Bytes> protect(ByteView ipv4Packet, Timestamp now, const SealOptions& options = {});
    // The same into `out`, which is replaced (cleared on failure); returns the sequence number the
    // packet carries. The buffer's capacity is reused, so a caller that keeps one buffer per
    // direction, as a forwarding loop does, allocates nothing per packet. (`ipv4Packet` may even
    // lie in `out`: those bytes are kept alive until the new packet is built.)
    Result<std::uint64_t> protect(ByteView ipv4Packet, Timestamp now, Bytes& out, const SealOptions& options = {});
    // ESP only: just the ESP packet (SPI .. ICV) around `payload` with `nextHeader`, using the next
    // sequence number: what the known-answer tests compare with captured ESP bytes.
    Result<Bytes> sealEsp(wire::IpProtocol nextHeader, ByteView payload, Timestamp now,
                          const SealOptions& options = {});

    // Inbound -------------------------------------------------------------------------------

    // Judges an IPv4 packet (ESP, ESP in UDP, or AH) meant for this SA. Sad::receive() finds the
    // SA first; this is for a caller that already knows it.
    InboundResult unprotect(ByteView ipv4Packet, Timestamp now);
    // The same into `result`, which is replaced; its packet buffer is reused (see protect() with
    // an output buffer).
    void unprotect(ByteView ipv4Packet, Timestamp now, InboundResult& result);
    // ESP only: judges an ESP packet (SPI .. ICV) without an outer header; `packet` in the result
    // is the payload (tunnel mode: the inner IPv4 packet).
    InboundResult openEsp(ByteView espPacket, Timestamp now);

    // Time ----------------------------------------------------------------------------------

    // Fires time-based soft and hard limits that are due (events).
    void poll(Timestamp now);
    // When poll() next has something to do, if ever.
    std::optional<Timestamp> nextTimeout() const;

    // Wipes the keys (they stay, all zero, for a view of the dead SA), frees the keyed crypto
    // contexts and refuses all traffic from now on. The SAD calls this on delete.
    void zeroize();

private:
    friend class Sad;
    explicit SecurityAssociation(SaConfig config);

    // Fills the SA's reused event with `fill` and hands it to the sink (ReusedEvent.h).
    template <typename Fill>
    void sendEvent(EventKind kind, Timestamp now, Fill&& fill) {
        m_event.send(kind, now, std::forward<Fill>(fill));
    }

    Result<std::uint64_t> reserveSequence(Timestamp now);
    void commitSent(std::uint64_t sequenceNumber, std::size_t payloadBytes, ByteView packet, Timestamp now);
    [[gnu::cold]] Result<void> refuse(std::uint64_t sequenceNumber, LimitKind limit, std::string reason, Timestamp now);
    // The IV for this packet: options.iv, the sequence number (GCM) or random bytes (CBC) written
    // into `buffer`. (Per-packet steps return values, not Result<void>: docs/performance.md.)
    Result<ByteView> chooseIv(std::uint64_t sequenceNumber, const SealOptions& options,
                              std::array<std::uint8_t, 16>& buffer);
    Result<std::uint64_t> protectInto(ByteView ipv4Packet, Timestamp now, Bytes& out, const SealOptions& options);
    Result<std::uint64_t> protectEsp(const Ipv4View& ip, std::uint64_t seq, Timestamp now, Bytes& out,
                                     const SealOptions& options);
    Result<std::uint64_t> protectAh(const Ipv4View& ip, std::uint64_t seq, Timestamp now, Bytes& out);
    // What the SA protects of `ip` (tunnel mode all of it, transport mode its payload), and the
    // length of the outer header in front of it.
    ByteView protectedPart(const Ipv4View& ip) const;
    std::size_t outerHeaderLength(const Ipv4View& ip) const;
    // Tunnel mode a new header between the gateways; transport mode the packet's own, rewritten.
    void writeOuterHeader(std::span<std::uint8_t> out, const Ipv4View& ip, wire::IpProtocol protocol, std::size_t total,
                          std::uint64_t seq) const;
    // Lifetimes: the cheap "is any limit set" test is inline, the checks themselves are not.
    void checkTime(Timestamp now) {
        if (m_lifetime.timeLimited()) checkTimeLimits(now);
    }
    void accountTraffic(Timestamp now) {
        if (m_lifetime.trafficLimited()) checkTrafficLimits(now);
    }
    void checkTimeLimits(Timestamp now);
    void checkTrafficLimits(Timestamp now);
    // Once per SA at most, so cold: the reasons built for them stay off the per-packet paths.
    [[gnu::cold]] void expire(SaLifetime::Reached reached, Timestamp now);
    [[gnu::cold]] void softLimit(SaLifetime::Reached reached, Timestamp now);

    // Whether `bytes` lie in `buffer` (which a resize may move or free).
    static bool overlaps(ByteView bytes, const Bytes& buffer) {
        return !bytes.empty() && !buffer.empty() && bytes.data() < buffer.data() + buffer.size() &&
               buffer.data() < bytes.data() + bytes.size();
    }
    // The inbound steps below fill the caller's `r`, so a result travels through them without
    // being moved or copied. The public entry points restart() it first: every field but the
    // packet back to its default. The packet keeps its size until the verdict is known (finish()
    // empties it for anything but Accepted; docs/performance.md, no zero-filling). When the packet
    // to judge lies in r.packet (a caller judging the previous result), that buffer moves to
    // `keep`, which the caller holds until the verdict.
    static void restart(InboundResult& r, ByteView input, Bytes& keep) {
        if (overlaps(input, r.packet)) keep.swap(r.packet);
        r.verdict = Verdict::Malformed;
        r.sequenceNumber = 0;
        r.window.reset();
        r.nextHeader = wire::IpProtocol::IpInIp;
        r.reason.clear();
    }
    // `outer` is null for openEsp() (no IP header around the ESP packet).
    void receive(const Ipv4View& outer, ByteView protocolBytes, Timestamp now, InboundResult& r);
    // The checks before any cryptography, shared by ESP and AH: the SA is alive (and `keyed` for
    // the protocol), and the sequence number passes the replay window (ESN high bits inferred into
    // `seq`). False when the packet ends here, its verdict in `r`; true to go on to the ICV.
    bool admit(std::uint32_t sequenceLow, std::uint64_t& seq, Timestamp now, bool keyed, InboundResult& r);
    // After the ICV verified: the replay check again, then the window advances. False (verdict in
    // `r`) when a copy of the packet got in first.
    bool advanceWindow(std::uint64_t seq, InboundResult& r);
    // After decapsulation: the IPv4 packet lies inside the SA's selectors. False (verdict
    // PolicyMismatch in `r`) when it does not.
    bool withinSelectors(ByteView packet, std::uint64_t seq, InboundResult& r);
    void receiveEsp(const Ipv4View* outer, ByteView esp, Timestamp now, InboundResult& r);
    void receiveAh(const Ipv4View& outer, Timestamp now, InboundResult& r);
    // Counts the verdict, sends its event (`packet`: the ESP or AH bytes judged) and, for an
    // accepted packet, checks the traffic lifetimes.
    void finish(InboundResult& r, std::uint32_t spi, ByteView packet, Timestamp now);

    SaConfig m_config;
    std::optional<EspTransform> m_esp;
    std::optional<AhTransform> m_ah;
    std::optional<ReplayWindow> m_window;
    std::uint64_t m_nextSequence = 1;
    SaState m_state = SaState::Active;
    LimitKind m_expiredBy = LimitKind::None;
    bool m_softReached = false;
    SaLifetime m_lifetime;
    SaCounters m_counters;
    ReusedEvent m_event;
    // ESP, from decryption to the verdict event (receiveEsp() to finish()): where the decrypted
    // part lies in the result's packet buffer, and how much of that buffer is delivered. The
    // buffer is cut to the delivered bytes only after the event, which shows the whole cleartext.
    struct Opened {
        std::size_t cleartextOffset = 0;
        std::size_t cleartextLength = 0;
        std::size_t delivered = 0;
    };
    std::optional<Opened> m_opened;
};

} // namespace ipseclab::ipsec
