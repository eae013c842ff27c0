#pragma once
// One IPsec SA (RFC 4301 §4.4.2): one direction of protected traffic with its keys, mode, sequence
// counter, anti-replay window, lifetimes and counters. It protects outbound IPv4 packets (ESP or AH,
// tunnel or transport, ESP optionally in UDP 4500) and judges inbound ones, in the digest §6.5
// order: replay check, ICV, recheck, advance the window, decrypt, check the padding.
//
// Sans-I/O: bytes and `now` in, bytes and events out. Randomness (CBC IVs) comes from the
// RandomSource handed in, so a seeded lab produces the same packets every run.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/RandomSource.h"
#include "ipsec/AhTransform.h"
#include "ipsec/EspTransform.h"
#include "ipsec/Event.h"
#include "ipsec/Ipv4View.h"
#include "ipsec/ReplayWindow.h"
#include "ipsec/SaKey.h"
#include "ipsec/Suites.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

enum class Mode {
    Tunnel,    // the whole inner IPv4 packet is protected; a new outer header goes between the gateways
    Transport, // the upper-layer data is protected; the original IP header stays (protocol changed)
};

std::string_view modeName(Mode mode);

struct LifetimeLimits {
    std::optional<Timestamp> time; // since the SA was created
    std::optional<std::uint64_t> bytes;   // payload bytes protected or accepted
    std::optional<std::uint64_t> packets; // packets protected or accepted
};

struct Lifetime {
    LifetimeLimits soft; // "rekey needed": one SoftLimit event, traffic goes on
    LifetimeLimits hard; // one HardLimit event, then the SA refuses all traffic
};

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

    Suite suite;
    SaKeys keys; // e.g. from cutKeymat()

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

enum class SaState {
    Active,
    Expired, // a hard limit was reached
    Deleted, // removed from the SAD: keys zeroized
};

struct SaCounters {
    std::array<std::uint64_t, kVerdictCount> verdicts{}; // inbound packets per Verdict
    std::uint64_t packetsSent = 0;
    std::uint64_t bytesSent = 0; // payload bytes
    std::uint64_t packetsReceived = 0; // accepted
    std::uint64_t bytesReceived = 0;
    std::uint64_t refusedToSend = 0;

    std::uint64_t count(Verdict verdict) const { return verdicts[static_cast<std::size_t>(verdict)]; }
};

// Per-packet choices a test or an attack scenario may force.
struct SealOptions {
    // The explicit IV to send instead of the SA's own choice (to reproduce captured bytes). For
    // AES-GCM an IV must never repeat under one key: use this only to replay a known packet.
    std::optional<ByteView> iv;
    // ESP only: the Next Header to send instead of the mode's (59 sends a dummy packet).
    std::optional<wire::IpProtocol> nextHeader;
};

struct InboundResult {
    Verdict verdict = Verdict::Malformed;
    std::uint64_t sequenceNumber = 0; // inferred 64-bit value where known
    std::optional<WindowDelta> window; // set when the window moved
    wire::IpProtocol nextHeader = wire::IpProtocol::IpInIp;
    // Accepted only: tunnel mode the inner IPv4 packet; transport mode the IPv4 packet rebuilt
    // (protocol restored, the ESP/AH and UDP headers removed); openEsp() the ESP payload.
    Bytes packet;
    std::string reason; // why, for anything but Accepted
    bool accepted() const { return verdict == Verdict::Accepted; }
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
    void setEventSink(EventSink sink) { m_sink = std::move(sink); }

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

    // Events: fills the SA's reused Event (its label set once, at creation, so a packet builds no
    // string), or a local one while a sink that re-entered the SA still holds the reused one, with
    // `fill` and hands it to the sink. Nothing happens without a sink.
    template <typename Fill>
    void sendEvent(EventKind kind, Timestamp now, Fill&& fill);
    // Every field but the SA's own (label, ESP layout, ESN) back to its default, for a new event of `kind`.
    void resetEvent(Event& e, EventKind kind, Timestamp now) const {
        e.kind = kind;
        e.protocol = m_config.protocol;
        e.spi = m_config.spi;
        e.sequenceNumber = 0;
        e.verdict = Verdict::Accepted;
        e.window.reset();
        e.limit = LimitKind::None;
        e.time = now;
        e.reason.clear();
        e.packet = {};
        e.payload = {};
        e.cleartext = {};
    }
    // The SA's own fields of its events, set once (at creation, and on an event of its own).
    void stampEvent(Event& e) const;
    // sendEvent() while a sink that re-entered the SA holds the reused event: a local one.
    template <typename Fill>
    [[gnu::cold, gnu::noinline]] void sendOwnEvent(EventKind kind, Timestamp now, Fill& fill);

    Result<std::uint64_t> reserveSequence(Timestamp now);
    void commitSent(std::uint64_t sequenceNumber, std::size_t payloadBytes, ByteView packet, Timestamp now);
    [[gnu::cold]] Result<void> refuse(std::uint64_t sequenceNumber, LimitKind limit, std::string reason, Timestamp now);
    // The IV for this packet: options.iv, the sequence number (GCM) or random bytes (CBC) written
    // into `buffer`. (Per-packet steps return values, not Result<void>: tl::expected<void, Error>
    // zero-fills its whole 88 bytes with a `rep stos` on every success, several nanoseconds each.)
    Result<ByteView> chooseIv(std::uint64_t sequenceNumber, const SealOptions& options,
                              std::array<std::uint8_t, 16>& buffer);
    Result<std::uint64_t> protectInto(ByteView ipv4Packet, Timestamp now, Bytes& out, const SealOptions& options);
    // Lifetimes: the cheap "is any limit set" test is inline, the checks themselves are not.
    void checkTime(Timestamp now) {
        if (m_timeLimited) checkTimeLimits(now);
    }
    void accountTraffic(Timestamp now) {
        if (m_trafficLimited) checkTrafficLimits(now);
    }
    void checkTimeLimits(Timestamp now);
    void checkTrafficLimits(Timestamp now);
    // Once per SA at most, so cold: the reasons built for them stay off the per-packet paths.
    [[gnu::cold]] void expire(LimitKind limit, std::string reason, Timestamp now);
    [[gnu::cold]] void softLimit(LimitKind limit, std::string reason, Timestamp now);

    // Whether `bytes` lie in `buffer` (which a resize may move or free).
    static bool overlaps(ByteView bytes, const Bytes& buffer) {
        return !bytes.empty() && !buffer.empty() && bytes.data() < buffer.data() + buffer.size() &&
               buffer.data() < bytes.data() + bytes.size();
    }
    // The inbound steps below fill the caller's `r`, so a result travels through them without
    // being moved or copied. The public entry points restart() it first: every field but the
    // packet back to its default. The packet keeps its size until the verdict is known (finish()
    // empties it for anything but Accepted): growing an emptied vector would zero-fill it first, a
    // write of the whole packet that decryption then overwrites. When the packet to judge lies in
    // r.packet (a caller judging the previous result), that buffer moves to `keep`, which the
    // caller holds until the verdict.
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
    bool m_timeLimited = false;    // a soft or hard time limit is set
    bool m_trafficLimited = false; // a soft or hard packet or byte limit is set
    SaCounters m_counters;
    EventSink m_sink;
    Event m_event;
    bool m_eventBusy = false;
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
