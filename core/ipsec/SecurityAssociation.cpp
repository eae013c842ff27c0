#include "ipsec/SecurityAssociation.h"

#include <cstring>
#include <limits>
#include <utility>

#include "ipsec/ByteOrder.h"
#include "ipsec/ColdPath.h"
#include "wire/AhHeader.h"
#include "wire/UdpHeader.h"

namespace ipseclab::ipsec {

std::string_view modeName(Mode mode) { return mode == Mode::Tunnel ? "tunnel" : "transport"; }

namespace {

constexpr std::uint64_t kMaxSequence32 = 0xffffffffULL;

// Writes the 20-byte outer IPv4 header of a tunnel-mode packet at `at`, checksum included, as five
// big-endian words whose checksum is summed from the values (not reread from the bytes just
// written). No options: a tunnel header never has any, so no wire::Ipv4Header, whose options
// vector a packet would have to build and free, is needed.
void writeTunnelHeader(std::uint8_t* at, const Ipv4View& inner, std::uint16_t identification, wire::IpProtocol protocol,
                       wire::Ipv4Address source, wire::Ipv4Address destination, std::size_t totalLength) {
    constexpr std::uint32_t kTtl = 64;
    const std::uint32_t flags = inner.flagsAndFragmentOffset & wire::kIpv4DontFragment;
    const std::uint32_t w0 = (0x45U << 24) | (std::uint32_t{inner.typeOfService} << 16) |
                             static_cast<std::uint32_t>(totalLength);
    const std::uint32_t w1 = (std::uint32_t{identification} << 16) | flags;
    std::uint32_t w2 = (kTtl << 24) | (std::uint32_t{static_cast<std::uint8_t>(protocol)} << 16); // checksum 0
    const std::uint32_t w3 = loadBe32(source.octets.data());
    const std::uint32_t w4 = loadBe32(destination.octets.data());
    auto halves = [](std::uint32_t w) { return (w >> 16) + (w & 0xffff); };
    std::uint32_t sum = halves(w0) + halves(w1) + halves(w2) + halves(w3) + halves(w4); // < 2^20
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    w2 |= static_cast<std::uint16_t>(~sum);
    storeBe32(at, w0);
    storeBe32(at + 4, w1);
    storeBe32(at + 8, w2);
    storeBe32(at + 12, w3);
    storeBe32(at + 16, w4);
}

void writeU16At(std::uint8_t* at, std::uint16_t v) {
    at[0] = static_cast<std::uint8_t>(v >> 8);
    at[1] = static_cast<std::uint8_t>(v);
}

// Ends an inbound packet with `verdict`: nothing is delivered (finish() empties the packet). Cold:
// the reason strings built for it stay off the accepting path (see ColdPath.h).
[[gnu::cold]] void reject(InboundResult& r, Verdict verdict, std::uint64_t sequenceNumber, std::string reason) {
    r.verdict = verdict;
    r.sequenceNumber = sequenceNumber;
    r.reason = std::move(reason);
}

// A copy of `view` made from its pointer and size. Assigning a span parameter that the event
// lambdas capture by reference made GCC spill it as two 8-byte stores and reload it as one 16-byte
// load, which cannot be forwarded from them: a store-forwarding stall on every event.
ByteView viewOf(ByteView view) { return {view.data(), view.size()}; }

Verdict verdictOf(ReplayStatus status) {
    switch (status) {
    case ReplayStatus::Duplicate: return Verdict::Duplicate;
    case ReplayStatus::TooOld: return Verdict::TooOld;
    case ReplayStatus::SequenceZero: return Verdict::SequenceZero;
    case ReplayStatus::Ok: break;
    }
    return Verdict::Accepted;
}

[[gnu::cold]] std::string replayReason(ReplayStatus status, std::uint64_t sequenceNumber, const ReplayWindow& window) {
    const std::string seq = std::to_string(sequenceNumber);
    switch (status) {
    case ReplayStatus::Duplicate:
        return "sequence number " + seq + " was already received: a replay";
    case ReplayStatus::TooOld:
        return "sequence number " + seq + " is left of the window (highest received " +
               std::to_string(window.rightEdge()) + ", window " + std::to_string(window.size()) + ")";
    case ReplayStatus::SequenceZero: return "sequence number 0 is never sent (the first packet carries 1)";
    case ReplayStatus::Ok: break;
    }
    return {};
}

} // namespace

SecurityAssociation::SecurityAssociation(SaConfig config) : m_config(std::move(config)) {}
SecurityAssociation::~SecurityAssociation() = default;

template <typename Fill>
void SecurityAssociation::sendOwnEvent(EventKind kind, Timestamp now, Fill& fill) {
    // A sink re-entered the SA (a lesson step that sends a reply, a test) while it still holds the
    // reused event: this one gets its own.
    Event local;
    stampEvent(local);
    resetEvent(local, kind, now);
    fill(local);
    m_sink(local);
}

void SecurityAssociation::stampEvent(Event& e) const {
    e.label = m_event.label;
    e.espLayout = m_event.espLayout;
    e.extendedSequenceNumbers = m_event.extendedSequenceNumbers;
}

template <typename Fill>
void SecurityAssociation::sendEvent(EventKind kind, Timestamp now, Fill&& fill) {
    if (!m_sink) return;
    if (m_eventBusy) return sendOwnEvent(kind, now, fill);
    m_eventBusy = true;
    struct Release {
        bool& busy;
        ~Release() { busy = false; }
    } release{m_eventBusy};
    resetEvent(m_event, kind, now);
    fill(m_event);
    m_sink(m_event);
}

Result<std::unique_ptr<SecurityAssociation>> SecurityAssociation::create(SaConfig config) {
    if (config.spi < 256)
        return fail("SPI " + std::to_string(config.spi) +
                        " is reserved (0 never appears on the wire, 1..255 are kept by IANA)",
                    "SPI");
    if (auto valid = validateSuite(config.protocol, config.suite); !valid) return tl::unexpected(valid.error());
    if (config.protocol == IpsecProtocol::Ah && config.udpEncapsulation)
        return fail("AH cannot be UDP-encapsulated: its ICV covers the outer addresses a NAT rewrites, and RFC 3948 "
                    "defines UDP encapsulation for ESP only",
                    "UDP Encapsulation");
    if (config.extendedSequenceNumbers && config.replayWindow == 0)
        return fail("ESN needs the anti-replay window: the receiver infers the high 32 bits from it",
                    "Extended Sequence Numbers");
    const std::uint64_t maxSequence =
        config.extendedSequenceNumbers ? std::numeric_limits<std::uint64_t>::max() : kMaxSequence32;
    if (config.labStartSequence && (*config.labStartSequence == 0 || *config.labStartSequence > maxSequence))
        return fail("the lab start sequence number must be 1 .. " + std::to_string(maxSequence) + ", got " +
                        std::to_string(*config.labStartSequence),
                    "Start Sequence Number");
    if (config.name.empty()) config.name = "spi" + hex32(config.spi).substr(2); // "spi1234abcd"

    std::unique_ptr<SecurityAssociation> sa(new SecurityAssociation(std::move(config)));
    SaConfig& c = sa->m_config;
    sa->m_event.label = c.name; // once: the name, layout and ESN never change
    sa->m_event.extendedSequenceNumbers = c.extendedSequenceNumbers;
    const Lifetime& life = c.lifetime;
    sa->m_timeLimited = life.soft.time || life.hard.time;
    sa->m_trafficLimited = life.soft.packets || life.soft.bytes || life.hard.packets || life.hard.bytes;
    if (c.protocol == IpsecProtocol::Esp) {
        auto esp = EspTransform::create(c.suite, c.keys.encryption.view(), c.keys.integrity.view());
        if (!esp) return tl::unexpected(esp.error());
        sa->m_esp.emplace(std::move(*esp));
        sa->m_event.espLayout = wire::EspLayout{sa->m_esp->ivLength(), sa->m_esp->icvLength()};
    } else {
        if (!c.keys.encryption.empty())
            return fail("AH takes no encryption key, got " + std::to_string(c.keys.encryption.size()) + " bytes",
                        "Encryption Key");
        auto ah = AhTransform::create(c.suite, c.keys.integrity.view());
        if (!ah) return tl::unexpected(ah.error());
        sa->m_ah.emplace(std::move(*ah));
    }
    if (c.replayWindow != 0) {
        const std::uint64_t start = c.labStartSequence.value_or(1);
        auto window = ReplayWindow::create(c.replayWindow, c.extendedSequenceNumbers, start - 1);
        if (!window) return tl::unexpected(window.error());
        sa->m_window.emplace(std::move(*window));
    }
    sa->m_nextSequence = c.labStartSequence.value_or(1);
    return sa;
}

std::uint64_t SecurityAssociation::maxSequenceNumber() const {
    return m_config.extendedSequenceNumbers ? std::numeric_limits<std::uint64_t>::max() : kMaxSequence32;
}

// ---------------------------------------------------------------------------------------------
// Lifetimes

void SecurityAssociation::softLimit(LimitKind limit, std::string reason, Timestamp now) {
    if (m_softReached || m_state != SaState::Active) return;
    m_softReached = true;
    sendEvent(EventKind::SoftLimit, now, [&](Event& e) {
        e.sequenceNumber = m_nextSequence;
        e.limit = limit;
        e.reason = std::move(reason);
    });
}

void SecurityAssociation::expire(LimitKind limit, std::string reason, Timestamp now) {
    if (m_state != SaState::Active) return;
    m_state = SaState::Expired;
    m_expiredBy = limit;
    sendEvent(EventKind::HardLimit, now, [&](Event& e) {
        e.sequenceNumber = m_nextSequence;
        e.limit = limit;
        e.reason = std::move(reason);
    });
}

void SecurityAssociation::checkTimeLimits(Timestamp now) {
    if (m_state != SaState::Active) return;
    const Timestamp age = now - m_config.created;
    const LimitKind time = LimitKind::Time;
    if (m_config.lifetime.soft.time && age >= *m_config.lifetime.soft.time)
        softLimit(time, "the SA is " + std::to_string(age.count() / 1000000) + " s old, its soft lifetime: rekey needed",
                  now);
    if (m_config.lifetime.hard.time && age >= *m_config.lifetime.hard.time)
        expire(time, "the SA is " + std::to_string(age.count() / 1000000) +
                         " s old, its hard lifetime: it carries no more traffic",
               now);
}

void SecurityAssociation::checkTrafficLimits(Timestamp now) {
    const std::uint64_t packets = m_counters.packetsSent + m_counters.packetsReceived;
    const std::uint64_t bytes = m_counters.bytesSent + m_counters.bytesReceived;
    const LifetimeLimits& soft = m_config.lifetime.soft;
    const LifetimeLimits& hard = m_config.lifetime.hard;
    if (soft.packets && packets >= *soft.packets)
        softLimit(LimitKind::Packets, std::to_string(packets) + " packets reached the soft limit: rekey needed", now);
    if (soft.bytes && bytes >= *soft.bytes)
        softLimit(LimitKind::Bytes, std::to_string(bytes) + " bytes reached the soft limit: rekey needed", now);
    if (hard.packets && packets >= *hard.packets)
        expire(LimitKind::Packets,
               std::to_string(packets) + " packets reached the hard limit: the SA carries no more traffic", now);
    if (hard.bytes && bytes >= *hard.bytes)
        expire(LimitKind::Bytes, std::to_string(bytes) + " bytes reached the hard limit: the SA carries no more traffic",
               now);
}

void SecurityAssociation::poll(Timestamp now) { checkTime(now); }

std::optional<Timestamp> SecurityAssociation::nextTimeout() const {
    if (m_state != SaState::Active) return std::nullopt;
    std::optional<Timestamp> next;
    if (!m_softReached && m_config.lifetime.soft.time) next = m_config.created + *m_config.lifetime.soft.time;
    if (m_config.lifetime.hard.time) {
        const Timestamp hard = m_config.created + *m_config.lifetime.hard.time;
        if (!next || hard < *next) next = hard;
    }
    return next;
}

void SecurityAssociation::zeroize() {
    m_config.keys.encryption.wipe();
    m_config.keys.integrity.wipe();
    m_esp.reset(); // the keyed OpenSSL contexts are cleansed as they are freed
    m_ah.reset();
    m_state = SaState::Deleted;
}

// ---------------------------------------------------------------------------------------------
// Outbound

Result<void> SecurityAssociation::refuse(std::uint64_t sequenceNumber, LimitKind limit, std::string reason,
                                         Timestamp now) {
    ++m_counters.refusedToSend;
    sendEvent(EventKind::RefusedToSend, now, [&](Event& e) {
        e.sequenceNumber = sequenceNumber;
        e.limit = limit;
        e.reason = reason;
    });
    return fail(std::move(reason), m_config.name);
}

Result<std::uint64_t> SecurityAssociation::reserveSequence(Timestamp now) {
    checkTime(now);
    if (m_state == SaState::Deleted) {
        auto refused = refuse(m_nextSequence, LimitKind::None, "the SA was deleted and its keys zeroized", now);
        return tl::unexpected(refused.error());
    }
    if (m_state == SaState::Expired) {
        const std::string reason =
            m_expiredBy == LimitKind::SequenceNumber
                ? "the SA has used its last sequence number (they must never cycle): it needs rekeying"
                : "the SA reached its hard " + std::string(limitKindName(m_expiredBy)) + " limit: it needs rekeying";
        auto refused = refuse(m_nextSequence, m_expiredBy, reason, now);
        return tl::unexpected(refused.error());
    }
    return m_nextSequence;
}

void SecurityAssociation::commitSent(std::uint64_t sequenceNumber, std::size_t payloadBytes, ByteView packet,
                                     Timestamp now) {
    ++m_counters.packetsSent;
    m_counters.bytesSent += payloadBytes;
    sendEvent(EventKind::Sent, now, [&](Event& e) {
        e.sequenceNumber = sequenceNumber;
        e.packet = viewOf(packet);
    });
    const std::uint64_t max = maxSequenceNumber();
    if (max - sequenceNumber <= m_config.sequenceSoftMargin)
        softLimit(LimitKind::SequenceNumber,
                  std::to_string(max - sequenceNumber) + " sequence numbers are left before the counter would cycle: "
                                                         "rekey needed",
                  now);
    if (sequenceNumber == max) {
        expire(LimitKind::SequenceNumber,
               "sequence number " + std::to_string(sequenceNumber) +
                   " was the last this SA may send (the counter must never cycle)",
               now);
    } else {
        m_nextSequence = sequenceNumber + 1;
    }
    accountTraffic(now);
}

Result<ByteView> SecurityAssociation::chooseIv(std::uint64_t sequenceNumber, const SealOptions& options,
                                               std::array<std::uint8_t, 16>& buffer) {
    const std::size_t length = m_esp->ivLength();
    if (options.iv) {
        if (options.iv->size() != length)
            return coldFail(
                [&] {
                    return std::string(encryptionName(m_config.suite.encryption)) + " IV must be " +
                           std::to_string(length) + " bytes, got " + std::to_string(options.iv->size());
                },
                "ESP/IV");
        return *options.iv;
    }
    if (length == 0) return ByteView{};
    if (isAead(m_config.suite.encryption)) {
        // RFC 4106 §3.1: the IV must never repeat under one key; the 64-bit sequence number never
        // does. Big-endian, byte by byte (the compiler makes one swapped store of it).
        buffer[0] = static_cast<std::uint8_t>(sequenceNumber >> 56);
        buffer[1] = static_cast<std::uint8_t>(sequenceNumber >> 48);
        buffer[2] = static_cast<std::uint8_t>(sequenceNumber >> 40);
        buffer[3] = static_cast<std::uint8_t>(sequenceNumber >> 32);
        buffer[4] = static_cast<std::uint8_t>(sequenceNumber >> 24);
        buffer[5] = static_cast<std::uint8_t>(sequenceNumber >> 16);
        buffer[6] = static_cast<std::uint8_t>(sequenceNumber >> 8);
        buffer[7] = static_cast<std::uint8_t>(sequenceNumber);
        return ByteView(buffer.data(), 8);
    }
    if (!m_config.random)
        return coldFail([] { return "a CBC SA needs a RandomSource for its IVs (RFC 3602: unpredictable)"; }, "ESP/IV");
    m_config.random->fill(std::span<std::uint8_t>(buffer.data(), length));
    return ByteView(buffer.data(), length);
}

Result<Bytes> SecurityAssociation::sealEsp(wire::IpProtocol nextHeader, ByteView payload, Timestamp now,
                                           const SealOptions& options) {
    if (!m_esp && m_state != SaState::Deleted) return fail("sealEsp() is for ESP SAs; this one is AH", m_config.name);
    auto seq = reserveSequence(now);
    if (!seq) return tl::unexpected(seq.error());
    std::array<std::uint8_t, 16> ivBuffer;
    const auto iv = chooseIv(*seq, options, ivBuffer);
    if (!iv) return tl::unexpected(iv.error());
    Bytes out(m_esp->sealedLength(payload.size()));
    if (auto sealed = m_esp->seal(out, m_config.spi, *seq, m_config.extendedSequenceNumbers,
                                  options.nextHeader.value_or(nextHeader), payload, *iv);
        !sealed)
        return tl::unexpected(sealed.error());
    commitSent(*seq, payload.size(), out, now);
    return out;
}

Result<Bytes> SecurityAssociation::protect(ByteView ipv4Packet, Timestamp now, const SealOptions& options) {
    Bytes out;
    if (auto done = protectInto(ipv4Packet, now, out, options); !done) return tl::unexpected(done.error());
    return out;
}

Result<std::uint64_t> SecurityAssociation::protect(ByteView ipv4Packet, Timestamp now, Bytes& out,
                                                   const SealOptions& options) {
    // Writing `out` would overwrite (or, resizing, free) a packet that lies in it: that one moves
    // aside until the new packet is built.
    Bytes previous;
    if (overlaps(ipv4Packet, out)) previous.swap(out);
    auto done = protectInto(ipv4Packet, now, out, options);
    if (!done) out.clear();
    return done;
}

Result<std::uint64_t> SecurityAssociation::protectInto(ByteView ipv4Packet, Timestamp now, Bytes& out,
                                                       const SealOptions& options) {
    auto ip = viewIpv4(ipv4Packet);
    if (!ip)
        return coldFail([&] { return "the packet to protect is not a valid IPv4 packet: " + ip.error().toString(); },
                        m_config.name.c_str());
    const bool tunnel = m_config.mode == Mode::Tunnel;
    // (One subspan, not `tunnel ? ip->packet : ip->payload()`: GCC copies the whole span with a
    // 16-byte load over the two 8-byte stores viewIpv4() just made, a store-forwarding stall.)
    const ByteView payload = ip->packet.subspan(tunnel ? 0 : ip->headerLength);
    // Tunnel mode: a new header between the gateways. Transport mode: the packet's own header, byte
    // for byte (options included), with protocol, total length and checksum rewritten.
    const std::size_t headerLength = tunnel ? wire::kIpv4MinHeaderLength : ip->headerLength;
    auto writeHeader = [&](wire::IpProtocol protocol, std::size_t total, std::uint64_t seq) {
        if (tunnel) {
            writeTunnelHeader(out.data(), *ip, static_cast<std::uint16_t>(seq), protocol, m_config.source,
                              m_config.destination, total);
        } else {
            std::memcpy(out.data(), ip->packet.data(), headerLength);
            patchIpv4Header(out.data(), headerLength, protocol, total);
        }
    };

    auto seq = reserveSequence(now);
    if (!seq) return tl::unexpected(seq.error());

    if (m_esp) {
        const wire::IpProtocol nextHeader = options.nextHeader.value_or(tunnel ? wire::IpProtocol::IpInIp : ip->protocol);
        std::array<std::uint8_t, 16> ivBuffer;
        const auto iv = chooseIv(*seq, options, ivBuffer);
        if (!iv) return tl::unexpected(iv.error());
        const std::size_t udpLength = m_config.udpEncapsulation ? wire::kUdpHeaderLength : 0;
        const std::size_t espLength = m_esp->sealedLength(payload.size());
        const std::size_t total = headerLength + udpLength + espLength;
        if (total > wire::kIpv4MaxTotalLength)
            return coldFail(
                [&] {
                    return "the protected packet would be " + std::to_string(total) + " bytes, more than IPv4's 65535";
                },
                m_config.name.c_str());
        // resize, not clear + append: every byte is written below, and a reused buffer that held a
        // packet of this size already is neither reallocated nor filled first.
        out.resize(total);
        const std::span<std::uint8_t> esp = std::span<std::uint8_t>(out).subspan(headerLength + udpLength);
        if (auto sealed =
                m_esp->seal(esp, m_config.spi, *seq, m_config.extendedSequenceNumbers, nextHeader, payload, *iv);
            !sealed)
            return tl::unexpected(sealed.error());
        writeHeader(m_config.udpEncapsulation ? wire::IpProtocol::Udp : wire::IpProtocol::Esp, total, *seq);
        if (m_config.udpEncapsulation) {
            std::uint8_t* udp = out.data() + headerLength;
            writeU16At(udp, m_config.udpSourcePort);
            writeU16At(udp + 2, m_config.udpDestinationPort);
            writeU16At(udp + 4, static_cast<std::uint16_t>(udpLength + espLength));
            writeU16At(udp + 6, 0); // RFC 3948 §3.1.2: checksum 0 for ESP in UDP over IPv4
        }
        commitSent(*seq, payload.size(), esp, now);
        return *seq;
    }

    // AH: IPv4 header | AH header | protected data, the ICV over all three (mutable fields zeroed).
    const std::size_t ahLength = m_ah->headerLength();
    const std::size_t total = headerLength + ahLength + payload.size();
    if (total > wire::kIpv4MaxTotalLength)
        return coldFail(
            [&] { return "the protected packet would be " + std::to_string(total) + " bytes, more than IPv4's 65535"; },
            m_config.name.c_str());
    out.assign(total, 0);
    writeHeader(wire::IpProtocol::Ah, total, *seq);
    std::uint8_t* ah = out.data() + headerLength;
    ah[0] = static_cast<std::uint8_t>(tunnel ? wire::IpProtocol::IpInIp : ip->protocol);
    ah[1] = static_cast<std::uint8_t>(ahLength / 4 - 2);
    writeU32(out, headerLength + 4, m_config.spi);
    writeU32(out, headerLength + 8, static_cast<std::uint32_t>(*seq));
    if (!payload.empty()) std::memcpy(ah + ahLength, payload.data(), payload.size());
    if (auto icv = m_ah->computeIcv(out, headerLength, *seq, m_config.extendedSequenceNumbers,
                                    std::span<std::uint8_t>(ah + wire::kAhFixedLength, m_ah->icvLength()));
        !icv)
        return tl::unexpected(icv.error());
    commitSent(*seq, payload.size(), ByteView(out).subspan(headerLength), now);
    return *seq;
}

// ---------------------------------------------------------------------------------------------
// Inbound

void SecurityAssociation::finish(InboundResult& r, std::uint32_t spi, ByteView packet, Timestamp now) {
    const std::optional<Opened> opened = std::exchange(m_opened, std::nullopt); // before a sink re-enters
    const bool accepted = r.verdict == Verdict::Accepted;
    const std::size_t delivered = !accepted ? 0 : opened ? opened->delivered : r.packet.size();
    ++m_counters.verdicts[static_cast<std::size_t>(r.verdict)];
    sendEvent(EventKind::Verdict, now, [&](Event& e) {
        e.spi = spi;
        e.sequenceNumber = r.sequenceNumber;
        e.verdict = r.verdict;
        e.window = r.window;
        if (!r.reason.empty()) e.reason = r.reason;
        e.packet = viewOf(packet);
        e.payload = ByteView(r.packet.data(), delivered);
        if (opened) e.cleartext = ByteView(r.packet.data() + opened->cleartextOffset, opened->cleartextLength);
    });
    r.packet.resize(delivered); // shrinking: nothing is filled or moved
    if (accepted) accountTraffic(now);
}

InboundResult SecurityAssociation::openEsp(ByteView espPacket, Timestamp now) {
    InboundResult r;
    if (m_config.protocol != IpsecProtocol::Esp) {
        reject(r, Verdict::Malformed, 0, "an ESP packet given to an AH SA");
        finish(r, m_config.spi, espPacket, now);
    } else if (espPacket.size() < wire::kEspHeaderLength) {
        reject(r, Verdict::Malformed, 0, std::to_string(espPacket.size()) + " bytes cannot hold the 8-byte ESP header");
        finish(r, m_config.spi, espPacket, now);
    } else {
        receiveEsp(nullptr, espPacket, now, r);
        finish(r, readU32(espPacket, 0), espPacket, now);
    }
    return r;
}

InboundResult SecurityAssociation::unprotect(ByteView ipv4Packet, Timestamp now) {
    InboundResult r;
    unprotect(ipv4Packet, now, r);
    return r;
}

void SecurityAssociation::unprotect(ByteView ipv4Packet, Timestamp now, InboundResult& r) {
    Bytes previous;
    restart(r, ipv4Packet, previous);
    auto ip = viewIpv4(ipv4Packet, true);
    if (!ip) {
        reject(r, Verdict::Malformed, 0, "not a valid IPv4 packet: " + ip.error().toString());
        return finish(r, m_config.spi, ipv4Packet, now);
    }
    ByteView protocolBytes = ip->payload();
    if (m_config.protocol == IpsecProtocol::Esp && ip->protocol == wire::IpProtocol::Udp) {
        auto udp = wire::decodeUdp(protocolBytes);
        if (!udp) {
            reject(r, Verdict::Malformed, 0, "not a valid UDP datagram: " + udp.error().toString());
            return finish(r, m_config.spi, ipv4Packet, now);
        }
        protocolBytes = udp->payload;
    } else if (static_cast<std::uint8_t>(ip->protocol) != static_cast<std::uint8_t>(m_config.protocol)) {
        reject(r, Verdict::Malformed, 0,
               "the packet carries " + wire::ipProtocolName(ip->protocol) + ", not " + protocolName(m_config.protocol));
        return finish(r, m_config.spi, ipv4Packet, now);
    }
    receive(*ip, protocolBytes, now, r);
}

void SecurityAssociation::receive(const Ipv4View& outer, ByteView protocolBytes, Timestamp now, InboundResult& r) {
    if (!outer.checksumGood) {
        reject(r, Verdict::Malformed, 0, "the outer IPv4 header checksum is wrong");
        return finish(r, m_config.spi, protocolBytes, now);
    }
    if (outer.isFragment()) {
        reject(r, Verdict::Malformed, 0, "a fragment: the lab does not reassemble IPsec packets");
        return finish(r, m_config.spi, protocolBytes, now);
    }
    if (m_config.protocol == IpsecProtocol::Esp) {
        if (protocolBytes.size() < wire::kEspHeaderLength) {
            reject(r, Verdict::Malformed, 0,
                   std::to_string(protocolBytes.size()) + " bytes cannot hold the 8-byte ESP header");
            return finish(r, m_config.spi, protocolBytes, now);
        }
        receiveEsp(&outer, protocolBytes, now, r);
        return finish(r, readU32(protocolBytes, 0), protocolBytes, now);
    }
    const std::uint32_t spi = protocolBytes.size() >= 8 ? readU32(protocolBytes, 4) : m_config.spi;
    receiveAh(outer, now, r);
    finish(r, spi, protocolBytes, now);
}

namespace {
// Tunnel mode delivers an IPv4 packet: anything after its Total Length is TFC padding (RFC 4303
// §2.7) and is dropped. Returns the inner length, or 0 when the payload is not IPv4.
std::size_t innerPacketLength(ByteView payload, std::string& reason) {
    const std::size_t length = ipv4PacketLength(payload); // only the length is needed: no view
    if (length == 0) reason = "the inner packet is not valid IPv4: " + ipv4ViewError(payload).toString();
    return length;
}
} // namespace

bool SecurityAssociation::admit(std::uint32_t sequenceLow, std::uint64_t& seq, Timestamp now, bool keyed,
                                InboundResult& r) {
    checkTime(now);
    if (m_state != SaState::Active || !keyed) {
        reject(r, Verdict::SaExpired, sequenceLow,
               m_state == SaState::Deleted ? "the SA was deleted" : "the SA reached its hard limit");
        return false;
    }
    seq = sequenceLow;
    if (!m_window) return true;
    if (m_config.extendedSequenceNumbers) { // without ESN the number is the one the packet carries
        const auto inferred = m_window->infer(sequenceLow);
        if (!inferred) {
            reject(r, Verdict::TooOld, sequenceLow,
                   "no sequence number of this SA ends in " + std::to_string(sequenceLow) +
                       " near the window (highest received " + std::to_string(m_window->rightEdge()) + ")");
            return false;
        }
        seq = *inferred;
    }
    if (const ReplayStatus status = m_window->check(seq); status != ReplayStatus::Ok) {
        reject(r, verdictOf(status), seq, replayReason(status, seq, *m_window));
        return false;
    }
    return true;
}

bool SecurityAssociation::advanceWindow(std::uint64_t seq, InboundResult& r) {
    r.sequenceNumber = seq;
    if (!m_window) return true;
    if (const ReplayStatus status = m_window->check(seq); status != ReplayStatus::Ok) {
        reject(r, verdictOf(status), seq, replayReason(status, seq, *m_window));
        return false;
    }
    r.window = m_window->update(seq);
    return true;
}

void SecurityAssociation::receiveEsp(const Ipv4View* outer, ByteView esp, Timestamp now, InboundResult& r) {
    const std::uint32_t sequenceLow = readU32(esp, 4);
    // 1. Replay check, before any cryptography (cheap, and a replay costs no HMAC).
    std::uint64_t seq = sequenceLow;
    if (!admit(sequenceLow, seq, now, m_esp.has_value(), r)) return;

    // 2. Structure, then the ICV / GCM tag: a failure leaves the window untouched. The cleartext
    //    goes straight into the buffer that is delivered (GCM decrypts while it verifies), so the
    //    payload is written once and never copied. Transport mode delivers the outer header again
    //    in front of the payload: the cleartext goes in after room for it.
    auto parts = m_esp->split(esp);
    if (!parts) return reject(r, Verdict::Malformed, seq, parts.error().toString());
    const std::size_t prefix = m_config.mode == Mode::Transport && outer ? outer->headerLength : 0;
    r.packet.resize(prefix + parts->ciphertext.size());
    const std::span<std::uint8_t> clear = std::span<std::uint8_t>(r.packet).subspan(prefix);
    if (!m_esp->authenticate(*parts, seq, m_config.extendedSequenceNumbers, clear))
        return reject(r, Verdict::BadIcv, seq,
                      isAead(m_config.suite.encryption)
                          ? "the GCM tag did not verify: the packet was altered, forged or sealed with another key"
                          : "the ICV did not verify: the packet was altered, forged or sealed with another key");

    // 3. Recheck, then advance the window: only authentic packets move it.
    if (!advanceWindow(seq, r)) return;

    // 4. Decrypt, check the padding (1, 2, 3, ...), dispatch on Next Header. From here on the
    //    verdict is about an authentic packet: `r` keeps its window delta.
    if (!isAead(m_config.suite.encryption)) { // GCM decrypted while it verified
        if (auto decrypted = m_esp->decrypt(*parts, clear); !decrypted)
            return reject(r, Verdict::Malformed, seq, decrypted.error().toString());
    }
    m_opened = Opened{prefix, clear.size(), 0}; // readable now: the verdict event shows it
    const std::size_t n = clear.size();
    const std::size_t padLength = n >= 2 ? clear[n - 2] : 0;
    bool paddingGood = n >= 2 && padLength <= n - 2;
    for (std::size_t i = 0; paddingGood && i < padLength; ++i)
        paddingGood = clear[n - 2 - padLength + i] == static_cast<std::uint8_t>(i + 1);
    if (!paddingGood) {
        auto trailer = wire::decodeEspTrailer(clear); // the precise reason
        return reject(r, Verdict::BadPadding, seq, trailer ? "bad padding" : trailer.error().toString());
    }
    const auto nextHeader = static_cast<wire::IpProtocol>(clear[n - 1]);
    const std::size_t payloadLength = n - 2 - padLength;
    r.nextHeader = nextHeader;
    if (nextHeader == wire::IpProtocol::NoNextHeader)
        return reject(r, Verdict::DummyPacketDropped, seq,
                      "next header 59: a dummy packet (traffic flow confidentiality), dropped silently");
    if (m_config.mode == Mode::Tunnel) {
        if (nextHeader != wire::IpProtocol::IpInIp)
            return reject(r, Verdict::Malformed, seq,
                          "tunnel mode carries an IPv4 packet (next header 4), got " +
                              wire::ipProtocolName(nextHeader));
        std::string reason;
        const std::size_t innerLength = innerPacketLength(ByteView(clear).first(payloadLength), reason);
        if (innerLength == 0) return reject(r, Verdict::Malformed, seq, std::move(reason));
        m_opened->delivered = innerLength; // finish() cuts the rest (TFC padding, trailer) after the event
    } else {
        // Transport mode: the outer header again, with the protocol the ESP trailer names, in the
        // room left in front of the payload (none for openEsp(), which has no outer header).
        if (prefix != 0) {
            std::memcpy(r.packet.data(), outer->packet.data(), prefix);
            patchIpv4Header(r.packet.data(), prefix, nextHeader, prefix + payloadLength);
        }
        m_opened->delivered = prefix + payloadLength;
    }
    ++m_counters.packetsReceived;
    m_counters.bytesReceived += payloadLength;
    r.verdict = Verdict::Accepted;
}

void SecurityAssociation::receiveAh(const Ipv4View& outer, Timestamp now, InboundResult& r) {
    const ByteView ahBytes = outer.payload();
    auto decoded = wire::decodeAh(ahBytes);
    if (!decoded) return reject(r, Verdict::Malformed, 0, decoded.error().toString());
    const std::uint32_t sequenceLow = decoded->header.sequenceNumber;
    std::uint64_t seq = sequenceLow;
    if (!admit(sequenceLow, seq, now, m_ah.has_value(), r)) return;
    if (decoded->header.length() != m_ah->headerLength())
        return reject(r, Verdict::Malformed, sequenceLow,
                      "the AH header declares " + std::to_string(decoded->header.length()) + " bytes; " +
                          std::string(integrityName(m_config.suite.integrity)) + " makes it " +
                          std::to_string(m_ah->headerLength()));

    if (!m_ah->verify(outer.packet, outer.headerLength, seq, m_config.extendedSequenceNumbers))
        return reject(r, Verdict::BadIcv, seq,
                      "the AH ICV did not verify: the packet or its outer header was altered (a NAT?), forged, "
                      "or sealed with another key");

    if (!advanceWindow(seq, r)) return;
    const wire::IpProtocol nextHeader = decoded->header.nextHeader;
    r.nextHeader = nextHeader;
    const ByteView payload = decoded->payload;
    if (m_config.mode == Mode::Tunnel) {
        if (nextHeader != wire::IpProtocol::IpInIp) {
            r.verdict = Verdict::Malformed;
            r.reason = "tunnel mode carries an IPv4 packet (next header 4), got " + wire::ipProtocolName(nextHeader);
            return;
        }
        const std::size_t innerLength = innerPacketLength(payload, r.reason);
        if (innerLength == 0) {
            r.verdict = Verdict::Malformed;
            return;
        }
        r.packet.assign(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(innerLength));
    } else {
        r.packet.resize(outer.headerLength + payload.size());
        std::memcpy(r.packet.data(), outer.packet.data(), outer.headerLength);
        patchIpv4Header(r.packet.data(), outer.headerLength, nextHeader, r.packet.size());
        if (!payload.empty()) std::memcpy(r.packet.data() + outer.headerLength, payload.data(), payload.size());
    }
    ++m_counters.packetsReceived;
    m_counters.bytesReceived += payload.size();
    r.verdict = Verdict::Accepted;
}

} // namespace ipseclab::ipsec
