#include "ipsec/SecurityAssociation.h"

#include <cstring>
#include <limits>
#include <sstream>

#include "wire/AhHeader.h"
#include "wire/Checksum.h"
#include "wire/UdpHeader.h"

namespace ipseclab::ipsec {

std::string_view modeName(Mode mode) { return mode == Mode::Tunnel ? "tunnel" : "transport"; }

namespace {

constexpr std::uint64_t kMaxSequence32 = 0xffffffffULL;

std::string hex32(std::uint32_t value) {
    std::ostringstream out;
    out << std::hex;
    out.width(8);
    out.fill('0');
    out << value;
    return out.str();
}

// Writes an IPv4 header (options included) at `at` with the given Total Length and a fresh checksum.
void writeIpv4Header(std::uint8_t* at, const wire::Ipv4Header& h, std::size_t totalLength) {
    const std::size_t length = h.headerLength();
    at[0] = static_cast<std::uint8_t>(0x40 | length / 4);
    at[1] = h.typeOfService;
    at[2] = static_cast<std::uint8_t>(totalLength >> 8);
    at[3] = static_cast<std::uint8_t>(totalLength);
    at[4] = static_cast<std::uint8_t>(h.identification >> 8);
    at[5] = static_cast<std::uint8_t>(h.identification);
    at[6] = static_cast<std::uint8_t>(h.flagsAndFragmentOffset >> 8);
    at[7] = static_cast<std::uint8_t>(h.flagsAndFragmentOffset);
    at[8] = h.timeToLive;
    at[9] = static_cast<std::uint8_t>(h.protocol);
    at[10] = 0;
    at[11] = 0;
    std::memcpy(at + 12, h.source.octets.data(), 4);
    std::memcpy(at + 16, h.destination.octets.data(), 4);
    if (!h.options.empty()) std::memcpy(at + 20, h.options.data(), h.options.size());
    const std::uint16_t checksum = wire::internetChecksum(ByteView(at, length));
    at[10] = static_cast<std::uint8_t>(checksum >> 8);
    at[11] = static_cast<std::uint8_t>(checksum);
}

void writeU16At(std::uint8_t* at, std::uint16_t v) {
    at[0] = static_cast<std::uint8_t>(v >> 8);
    at[1] = static_cast<std::uint8_t>(v);
}

InboundResult verdictOnly(Verdict verdict, std::uint64_t sequenceNumber, std::string reason) {
    InboundResult r;
    r.verdict = verdict;
    r.sequenceNumber = sequenceNumber;
    r.reason = std::move(reason);
    return r;
}

Verdict verdictOf(ReplayStatus status) {
    switch (status) {
    case ReplayStatus::Duplicate: return Verdict::Duplicate;
    case ReplayStatus::TooOld: return Verdict::TooOld;
    case ReplayStatus::SequenceZero: return Verdict::SequenceZero;
    case ReplayStatus::Ok: break;
    }
    return Verdict::Accepted;
}

std::string replayReason(ReplayStatus status, std::uint64_t sequenceNumber, const ReplayWindow& window) {
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

Event& SecurityAssociation::beginEvent(Event& local, EventKind kind, Timestamp now) {
    Event& e = m_eventBusy ? local : m_event;
    e.kind = kind;
    e.protocol = m_config.protocol;
    if (e.label != m_config.name) e.label = m_config.name;
    e.spi = m_config.spi;
    e.sequenceNumber = 0;
    e.verdict = Verdict::Accepted;
    e.window.reset();
    e.limit = LimitKind::None;
    e.time = now;
    e.reason.clear();
    e.packet = {};
    e.payload = {};
    return e;
}

void SecurityAssociation::dispatch(Event& event) {
    const bool reused = &event == &m_event;
    if (reused) m_eventBusy = true;
    struct Release {
        bool& busy;
        bool active;
        ~Release() {
            if (active) busy = false;
        }
    } release{m_eventBusy, reused};
    m_sink(event);
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
    if (config.name.empty()) config.name = "spi" + hex32(config.spi);

    std::unique_ptr<SecurityAssociation> sa(new SecurityAssociation(std::move(config)));
    SaConfig& c = sa->m_config;
    if (c.protocol == IpsecProtocol::Esp) {
        auto esp = EspTransform::create(c.suite, c.keys.encryption.view(), c.keys.integrity.view());
        if (!esp) return tl::unexpected(esp.error());
        sa->m_esp.emplace(std::move(*esp));
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
    if (!m_sink) return;
    Event local;
    Event& e = beginEvent(local, EventKind::SoftLimit, now);
    e.sequenceNumber = m_nextSequence;
    e.limit = limit;
    e.reason = std::move(reason);
    dispatch(e);
}

void SecurityAssociation::expire(LimitKind limit, std::string reason, Timestamp now) {
    if (m_state != SaState::Active) return;
    m_state = SaState::Expired;
    m_expiredBy = limit;
    if (!m_sink) return;
    Event local;
    Event& e = beginEvent(local, EventKind::HardLimit, now);
    e.sequenceNumber = m_nextSequence;
    e.limit = limit;
    e.reason = std::move(reason);
    dispatch(e);
}

void SecurityAssociation::checkTime(Timestamp now) {
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

void SecurityAssociation::accountTraffic(std::size_t payloadBytes, Timestamp now) {
    (void)payloadBytes; // already in the counters
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

Result<Bytes> SecurityAssociation::refuse(std::uint64_t sequenceNumber, LimitKind limit, std::string reason,
                                          Timestamp now) {
    ++m_counters.refusedToSend;
    if (m_sink) {
        Event local;
        Event& e = beginEvent(local, EventKind::RefusedToSend, now);
        e.sequenceNumber = sequenceNumber;
        e.limit = limit;
        e.reason = reason;
        dispatch(e);
    }
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
    if (m_sink) {
        Event local;
        Event& e = beginEvent(local, EventKind::Sent, now);
        e.sequenceNumber = sequenceNumber;
        e.packet = packet;
        dispatch(e);
    }
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
    accountTraffic(payloadBytes, now);
}

Result<void> SecurityAssociation::chooseIv(std::uint64_t sequenceNumber, const SealOptions& options,
                                           std::array<std::uint8_t, 16>& iv, ByteView& ivView) {
    const std::size_t length = m_esp->ivLength();
    if (options.iv) {
        if (options.iv->size() != length)
            return fail(std::string(encryptionName(m_config.suite.encryption)) + " IV must be " +
                            std::to_string(length) + " bytes, got " + std::to_string(options.iv->size()),
                        "ESP/IV");
        ivView = *options.iv;
        return {};
    }
    if (length == 0) {
        ivView = {};
    } else if (isAead(m_config.suite.encryption)) {
        // RFC 4106 §3.1: the IV must never repeat under one key; the 64-bit sequence number never does.
        for (int i = 0; i < 8; ++i) iv[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(sequenceNumber >> (56 - 8 * i));
        ivView = ByteView(iv.data(), 8);
    } else {
        if (!m_config.random)
            return fail("a CBC SA needs a RandomSource for its IVs (RFC 3602: unpredictable)", "ESP/IV");
        m_config.random->fill(std::span<std::uint8_t>(iv.data(), length));
        ivView = ByteView(iv.data(), length);
    }
    return {};
}

Result<Bytes> SecurityAssociation::sealEsp(wire::IpProtocol nextHeader, ByteView payload, Timestamp now,
                                           const SealOptions& options) {
    if (!m_esp && m_state != SaState::Deleted) return fail("sealEsp() is for ESP SAs; this one is AH", m_config.name);
    auto seq = reserveSequence(now);
    if (!seq) return tl::unexpected(seq.error());
    std::array<std::uint8_t, 16> ivBuffer{};
    ByteView iv;
    if (auto chosen = chooseIv(*seq, options, ivBuffer, iv); !chosen) return tl::unexpected(chosen.error());
    Bytes out;
    out.reserve(m_esp->sealedLength(payload.size()));
    if (auto sealed = m_esp->seal(out, m_config.spi, *seq, m_config.extendedSequenceNumbers,
                                  options.nextHeader.value_or(nextHeader), payload, iv);
        !sealed)
        return tl::unexpected(sealed.error());
    commitSent(*seq, payload.size(), out, now);
    return out;
}

Result<Bytes> SecurityAssociation::protect(ByteView ipv4Packet, Timestamp now, const SealOptions& options) {
    auto ip = viewIpv4(ipv4Packet);
    if (!ip) return fail("the packet to protect is not a valid IPv4 packet: " + ip.error().toString(), m_config.name);
    const bool tunnel = m_config.mode == Mode::Tunnel;
    const ByteView payload = tunnel ? ip->packet : ip->payload();
    // Tunnel mode: a new header between the gateways. Transport mode: the packet's own header, byte
    // for byte (options included), with protocol, total length and checksum rewritten.
    const std::size_t headerLength = tunnel ? wire::kIpv4MinHeaderLength : ip->headerLength;
    auto writeHeader = [&](Bytes& out, wire::IpProtocol protocol, std::size_t total, std::uint64_t seq) {
        if (tunnel) {
            wire::Ipv4Header outer;
            outer.typeOfService = ip->typeOfService;
            outer.identification = static_cast<std::uint16_t>(seq);
            outer.flagsAndFragmentOffset = ip->flagsAndFragmentOffset & wire::kIpv4DontFragment;
            outer.timeToLive = 64;
            outer.protocol = protocol;
            outer.source = m_config.source;
            outer.destination = m_config.destination;
            writeIpv4Header(out.data(), outer, total);
        } else {
            std::memcpy(out.data(), ip->packet.data(), headerLength);
            patchIpv4Header(out.data(), headerLength, protocol, total);
        }
    };

    auto seq = reserveSequence(now);
    if (!seq) return tl::unexpected(seq.error());

    if (m_esp) {
        const wire::IpProtocol nextHeader = options.nextHeader.value_or(tunnel ? wire::IpProtocol::IpInIp : ip->protocol);
        std::array<std::uint8_t, 16> ivBuffer{};
        ByteView iv;
        if (auto chosen = chooseIv(*seq, options, ivBuffer, iv); !chosen) return tl::unexpected(chosen.error());
        const std::size_t udpLength = m_config.udpEncapsulation ? wire::kUdpHeaderLength : 0;
        const std::size_t espLength = m_esp->sealedLength(payload.size());
        const std::size_t total = headerLength + udpLength + espLength;
        if (total > wire::kIpv4MaxTotalLength)
            return fail("the protected packet would be " + std::to_string(total) + " bytes, more than IPv4's 65535",
                        m_config.name);
        Bytes out;
        out.reserve(total);
        out.resize(headerLength + udpLength);
        if (auto sealed = m_esp->seal(out, m_config.spi, *seq, m_config.extendedSequenceNumbers, nextHeader, payload, iv);
            !sealed)
            return tl::unexpected(sealed.error());
        writeHeader(out, m_config.udpEncapsulation ? wire::IpProtocol::Udp : wire::IpProtocol::Esp, total, *seq);
        if (m_config.udpEncapsulation) {
            std::uint8_t* udp = out.data() + headerLength;
            writeU16At(udp, m_config.udpSourcePort);
            writeU16At(udp + 2, m_config.udpDestinationPort);
            writeU16At(udp + 4, static_cast<std::uint16_t>(udpLength + espLength));
            writeU16At(udp + 6, 0); // RFC 3948 §3.1.2: checksum 0 for ESP in UDP over IPv4
        }
        commitSent(*seq, payload.size(), ByteView(out).subspan(headerLength + udpLength), now);
        return out;
    }

    // AH: IPv4 header | AH header | protected data, the ICV over all three (mutable fields zeroed).
    const std::size_t ahLength = m_ah->headerLength();
    const std::size_t total = headerLength + ahLength + payload.size();
    if (total > wire::kIpv4MaxTotalLength)
        return fail("the protected packet would be " + std::to_string(total) + " bytes, more than IPv4's 65535",
                    m_config.name);
    Bytes out(total, 0);
    writeHeader(out, wire::IpProtocol::Ah, total, *seq);
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
    return out;
}

// ---------------------------------------------------------------------------------------------
// Inbound

InboundResult SecurityAssociation::finish(InboundResult result, std::uint32_t spi, ByteView packet, Timestamp now) {
    ++m_counters.verdicts[static_cast<std::size_t>(result.verdict)];
    if (m_sink) {
        Event local;
        Event& e = beginEvent(local, EventKind::Verdict, now);
        e.spi = spi;
        e.sequenceNumber = result.sequenceNumber;
        e.verdict = result.verdict;
        e.window = result.window;
        if (!result.reason.empty()) e.reason = result.reason;
        e.packet = packet;
        e.payload = result.packet;
        dispatch(e);
    }
    if (result.verdict == Verdict::Accepted) accountTraffic(result.packet.size(), now);
    return result;
}

InboundResult SecurityAssociation::openEsp(ByteView espPacket, Timestamp now) {
    if (m_config.protocol != IpsecProtocol::Esp)
        return finish(verdictOnly(Verdict::Malformed, 0, "an ESP packet given to an AH SA"), m_config.spi, espPacket,
                      now);
    if (espPacket.size() < wire::kEspHeaderLength)
        return finish(verdictOnly(Verdict::Malformed, 0,
                                  std::to_string(espPacket.size()) + " bytes cannot hold the 8-byte ESP header"),
                      m_config.spi, espPacket, now);
    return finish(receiveEsp(nullptr, espPacket, now), readU32(espPacket, 0), espPacket, now);
}

InboundResult SecurityAssociation::unprotect(ByteView ipv4Packet, Timestamp now) {
    auto ip = viewIpv4(ipv4Packet, true);
    if (!ip)
        return finish(verdictOnly(Verdict::Malformed, 0, "not a valid IPv4 packet: " + ip.error().toString()),
                      m_config.spi, ipv4Packet, now);
    ByteView protocolBytes = ip->payload();
    if (m_config.protocol == IpsecProtocol::Esp && ip->protocol == wire::IpProtocol::Udp) {
        auto udp = wire::decodeUdp(protocolBytes);
        if (!udp)
            return finish(verdictOnly(Verdict::Malformed, 0, "not a valid UDP datagram: " + udp.error().toString()),
                          m_config.spi, ipv4Packet, now);
        protocolBytes = udp->payload;
    } else if (static_cast<std::uint8_t>(ip->protocol) != static_cast<std::uint8_t>(m_config.protocol)) {
        return finish(verdictOnly(Verdict::Malformed, 0,
                                  "the packet carries " + wire::ipProtocolName(ip->protocol) + ", not " +
                                      protocolName(m_config.protocol)),
                      m_config.spi, ipv4Packet, now);
    }
    return receive(*ip, protocolBytes, now);
}

InboundResult SecurityAssociation::receive(const Ipv4View& outer, ByteView protocolBytes, Timestamp now) {
    if (!outer.checksumGood)
        return finish(verdictOnly(Verdict::Malformed, 0, "the outer IPv4 header checksum is wrong"), m_config.spi,
                      protocolBytes, now);
    if (outer.isFragment())
        return finish(verdictOnly(Verdict::Malformed, 0, "a fragment: the lab does not reassemble IPsec packets"),
                      m_config.spi, protocolBytes, now);
    if (m_config.protocol == IpsecProtocol::Esp) {
        if (protocolBytes.size() < wire::kEspHeaderLength)
            return finish(verdictOnly(Verdict::Malformed, 0,
                                      std::to_string(protocolBytes.size()) + " bytes cannot hold the 8-byte ESP header"),
                          m_config.spi, protocolBytes, now);
        return finish(receiveEsp(&outer, protocolBytes, now), readU32(protocolBytes, 0), protocolBytes, now);
    }
    const std::uint32_t spi = protocolBytes.size() >= 8 ? readU32(protocolBytes, 4) : m_config.spi;
    return finish(receiveAh(outer, now), spi, protocolBytes, now);
}

namespace {
// Tunnel mode delivers an IPv4 packet: anything after its Total Length is TFC padding (RFC 4303
// §2.7) and is dropped. Returns the inner length, or 0 when the payload is not IPv4.
std::size_t innerPacketLength(ByteView payload, std::string& reason) {
    auto inner = viewIpv4(payload);
    if (!inner) {
        reason = "the inner packet is not valid IPv4: " + inner.error().toString();
        return 0;
    }
    return inner->packet.size();
}
} // namespace

std::optional<InboundResult> SecurityAssociation::admit(std::uint32_t sequenceLow, std::uint64_t& seq, Timestamp now,
                                                        bool keyed) {
    checkTime(now);
    if (m_state != SaState::Active || !keyed)
        return verdictOnly(Verdict::SaExpired, sequenceLow,
                           m_state == SaState::Deleted ? "the SA was deleted" : "the SA reached its hard limit");
    seq = sequenceLow;
    if (!m_window) return std::nullopt;
    const auto inferred = m_window->infer(sequenceLow);
    if (!inferred)
        return verdictOnly(Verdict::TooOld, sequenceLow,
                           "no sequence number of this SA ends in " + std::to_string(sequenceLow) +
                               " near the window (highest received " + std::to_string(m_window->rightEdge()) + ")");
    seq = *inferred;
    if (const ReplayStatus status = m_window->check(seq); status != ReplayStatus::Ok)
        return verdictOnly(verdictOf(status), seq, replayReason(status, seq, *m_window));
    return std::nullopt;
}

InboundResult SecurityAssociation::receiveEsp(const Ipv4View* outer, ByteView esp, Timestamp now) {
    const std::uint32_t sequenceLow = readU32(esp, 4);
    // 1. Replay check, before any cryptography (cheap, and a replay costs no HMAC).
    std::uint64_t seq = sequenceLow;
    if (auto refused = admit(sequenceLow, seq, now, m_esp.has_value())) return std::move(*refused);

    // 2. Structure, then the ICV / GCM tag: a failure leaves the window untouched.
    auto parts = m_esp->split(esp);
    if (!parts) return verdictOnly(Verdict::Malformed, seq, parts.error().toString());
    Bytes clear;
    if (!m_esp->authenticate(*parts, seq, m_config.extendedSequenceNumbers, clear))
        return verdictOnly(Verdict::BadIcv, seq,
                           isAead(m_config.suite.encryption)
                               ? "the GCM tag did not verify: the packet was altered, forged or sealed with another key"
                               : "the ICV did not verify: the packet was altered, forged or sealed with another key");

    // 3. Recheck, then advance the window: only authentic packets move it.
    InboundResult r;
    r.sequenceNumber = seq;
    if (m_window) {
        if (const ReplayStatus status = m_window->check(seq); status != ReplayStatus::Ok)
            return verdictOnly(verdictOf(status), seq, replayReason(status, seq, *m_window));
        r.window = m_window->update(seq);
    }

    // 4. Decrypt, check the padding (1, 2, 3, ...), dispatch on Next Header.
    if (auto decrypted = m_esp->decrypt(*parts, clear); !decrypted) {
        r.verdict = Verdict::Malformed;
        r.reason = decrypted.error().toString();
        return r;
    }
    const std::size_t n = clear.size();
    const std::size_t padLength = n >= 2 ? clear[n - 2] : 0;
    bool paddingGood = n >= 2 && padLength <= n - 2;
    for (std::size_t i = 0; paddingGood && i < padLength; ++i)
        paddingGood = clear[n - 2 - padLength + i] == static_cast<std::uint8_t>(i + 1);
    if (!paddingGood) {
        auto trailer = wire::decodeEspTrailer(clear); // the precise reason
        r.verdict = Verdict::BadPadding;
        r.reason = trailer ? "bad padding" : trailer.error().toString();
        return r;
    }
    const auto nextHeader = static_cast<wire::IpProtocol>(clear[n - 1]);
    const std::size_t payloadLength = n - 2 - padLength;
    r.nextHeader = nextHeader;
    if (nextHeader == wire::IpProtocol::NoNextHeader) {
        r.verdict = Verdict::DummyPacketDropped;
        r.reason = "next header 59: a dummy packet (traffic flow confidentiality), dropped silently";
        return r;
    }
    if (m_config.mode == Mode::Tunnel) {
        if (nextHeader != wire::IpProtocol::IpInIp) {
            r.verdict = Verdict::Malformed;
            r.reason = "tunnel mode carries an IPv4 packet (next header 4), got " + wire::ipProtocolName(nextHeader);
            return r;
        }
        const std::size_t innerLength = innerPacketLength(ByteView(clear).first(payloadLength), r.reason);
        if (innerLength == 0) {
            r.verdict = Verdict::Malformed;
            return r;
        }
        clear.resize(innerLength);
        r.packet = std::move(clear);
    } else if (outer) {
        // Transport mode: the outer header again, with the protocol the ESP trailer names.
        Bytes rebuilt(outer->headerLength + payloadLength);
        std::memcpy(rebuilt.data(), outer->packet.data(), outer->headerLength);
        patchIpv4Header(rebuilt.data(), outer->headerLength, nextHeader, rebuilt.size());
        if (payloadLength > 0) std::memcpy(rebuilt.data() + outer->headerLength, clear.data(), payloadLength);
        r.packet = std::move(rebuilt);
    } else {
        clear.resize(payloadLength);
        r.packet = std::move(clear);
    }
    ++m_counters.packetsReceived;
    m_counters.bytesReceived += payloadLength;
    r.verdict = Verdict::Accepted;
    return r;
}

InboundResult SecurityAssociation::receiveAh(const Ipv4View& outer, Timestamp now) {
    const ByteView ahBytes = outer.payload();
    auto decoded = wire::decodeAh(ahBytes);
    if (!decoded) return verdictOnly(Verdict::Malformed, 0, decoded.error().toString());
    const std::uint32_t sequenceLow = decoded->header.sequenceNumber;
    std::uint64_t seq = sequenceLow;
    if (auto refused = admit(sequenceLow, seq, now, m_ah.has_value())) return std::move(*refused);
    if (decoded->header.length() != m_ah->headerLength())
        return verdictOnly(Verdict::Malformed, sequenceLow,
                           "the AH header declares " + std::to_string(decoded->header.length()) + " bytes; " +
                               std::string(integrityName(m_config.suite.integrity)) + " makes it " +
                               std::to_string(m_ah->headerLength()));


    if (!m_ah->verify(outer.packet, outer.headerLength, seq, m_config.extendedSequenceNumbers))
        return verdictOnly(Verdict::BadIcv, seq,
                           "the AH ICV did not verify: the packet or its outer header was altered (a NAT?), forged, "
                           "or sealed with another key");

    InboundResult r;
    r.sequenceNumber = seq;
    if (m_window) {
        if (const ReplayStatus status = m_window->check(seq); status != ReplayStatus::Ok)
            return verdictOnly(verdictOf(status), seq, replayReason(status, seq, *m_window));
        r.window = m_window->update(seq);
    }
    const wire::IpProtocol nextHeader = decoded->header.nextHeader;
    r.nextHeader = nextHeader;
    const ByteView payload = decoded->payload;
    if (m_config.mode == Mode::Tunnel) {
        if (nextHeader != wire::IpProtocol::IpInIp) {
            r.verdict = Verdict::Malformed;
            r.reason = "tunnel mode carries an IPv4 packet (next header 4), got " + wire::ipProtocolName(nextHeader);
            return r;
        }
        const std::size_t innerLength = innerPacketLength(payload, r.reason);
        if (innerLength == 0) {
            r.verdict = Verdict::Malformed;
            return r;
        }
        r.packet.assign(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(innerLength));
    } else {
        Bytes rebuilt(outer.headerLength + payload.size());
        std::memcpy(rebuilt.data(), outer.packet.data(), outer.headerLength);
        patchIpv4Header(rebuilt.data(), outer.headerLength, nextHeader, rebuilt.size());
        if (!payload.empty()) std::memcpy(rebuilt.data() + outer.headerLength, payload.data(), payload.size());
        r.packet = std::move(rebuilt);
    }
    ++m_counters.packetsReceived;
    m_counters.bytesReceived += payload.size();
    r.verdict = Verdict::Accepted;
    return r;
}

} // namespace ipseclab::ipsec
