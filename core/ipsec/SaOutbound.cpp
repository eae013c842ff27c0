// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/SecurityAssociation.h"

#include <cstring>
#include <utility>

#include "ipsec/ColdPath.h"
#include "wire/AhHeader.h"
#include "wire/UdpHeader.h"

// The outbound path: sequence numbers, IVs, the outer headers, the Sent and RefusedToSend events.

namespace ipseclab::ipsec {

namespace {

[[gnu::cold, gnu::noinline]] tl::unexpected<Error> tooLong(std::size_t total, const std::string& name) {
    return fail("the protected packet would be " + std::to_string(total) + " bytes, more than IPv4's 65535", name);
}

} // namespace

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
        e.packet = eventView(packet);
    });
    const std::uint64_t max = maxSequenceNumber();
    if (max - sequenceNumber <= m_config.sequenceSoftMargin)
        softLimit({LimitKind::SequenceNumber, std::to_string(max - sequenceNumber) +
                                                  " sequence numbers are left before the counter would cycle: "
                                                  "rekey needed"},
                  now);
    if (sequenceNumber == max) {
        expire({LimitKind::SequenceNumber, "sequence number " + std::to_string(sequenceNumber) +
                                               " was the last this SA may send (the counter must never cycle)"},
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
        // RFC 4106 §3.1: the IV must never repeat under one key; the 64-bit sequence number never does.
        writeU64(buffer, 0, sequenceNumber);
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
    auto seq = reserveSequence(now);
    if (!seq) return tl::unexpected(seq.error());
    if (m_esp) return protectEsp(*ip, *seq, now, out, options);
    return protectAh(*ip, *seq, now, out);
}

ByteView SecurityAssociation::protectedPart(const Ipv4View& ip) const {
    // One subspan, not a choice of two spans (docs/performance.md, store forwarding).
    return ip.packet.subspan(m_config.mode == Mode::Tunnel ? 0 : ip.headerLength);
}

std::size_t SecurityAssociation::outerHeaderLength(const Ipv4View& ip) const {
    return m_config.mode == Mode::Tunnel ? wire::kIpv4MinHeaderLength : ip.headerLength;
}

void SecurityAssociation::writeOuterHeader(std::span<std::uint8_t> out, const Ipv4View& ip, wire::IpProtocol protocol,
                                           std::size_t total, std::uint64_t seq) const {
    if (m_config.mode == Mode::Tunnel) {
        // RFC 4301 §5.1.2.1: TOS and DF copied from the inner header; the identification is the
        // sequence number's low bits, which differ from packet to packet.
        wire::Ipv4TunnelHeader h;
        h.typeOfService = ip.typeOfService;
        h.identification = static_cast<std::uint16_t>(seq);
        h.flagsAndFragmentOffset = ip.flagsAndFragmentOffset & wire::kIpv4DontFragment;
        h.protocol = protocol;
        h.source = m_config.source;
        h.destination = m_config.destination;
        h.totalLength = static_cast<std::uint16_t>(total);
        wire::writeIpv4TunnelHeader(out, h);
    } else {
        // Transport mode: the packet's own header, byte for byte (options included), with
        // protocol, total length and checksum rewritten.
        std::memcpy(out.data(), ip.packet.data(), ip.headerLength);
        patchIpv4Header(out.data(), ip.headerLength, protocol, total);
    }
}

// ESP: outer IPv4 header | UDP header (if encapsulated) | ESP packet.
Result<std::uint64_t> SecurityAssociation::protectEsp(const Ipv4View& ip, std::uint64_t seq, Timestamp now, Bytes& out,
                                                      const SealOptions& options) {
    const bool tunnel = m_config.mode == Mode::Tunnel;
    const ByteView payload = protectedPart(ip);
    const std::size_t headerLength = outerHeaderLength(ip);
    const wire::IpProtocol nextHeader = options.nextHeader.value_or(tunnel ? wire::IpProtocol::IpInIp : ip.protocol);
    std::array<std::uint8_t, 16> ivBuffer;
    const auto iv = chooseIv(seq, options, ivBuffer);
    if (!iv) return tl::unexpected(iv.error());
    const std::size_t udpLength = m_config.udpEncapsulation ? wire::kUdpHeaderLength : 0;
    const std::size_t espLength = m_esp->sealedLength(payload.size());
    const std::size_t total = headerLength + udpLength + espLength;
    if (total > wire::kIpv4MaxTotalLength) return tooLong(total, m_config.name);
    // resize, not clear + append: every byte is written below (docs/performance.md, reused buffers).
    out.resize(total);
    const std::span<std::uint8_t> esp = std::span<std::uint8_t>(out).subspan(headerLength + udpLength);
    if (auto sealed = m_esp->seal(esp, m_config.spi, seq, m_config.extendedSequenceNumbers, nextHeader, payload, *iv);
        !sealed)
        return tl::unexpected(sealed.error());
    writeOuterHeader(out, ip, m_config.udpEncapsulation ? wire::IpProtocol::Udp : wire::IpProtocol::Esp, total, seq);
    if (m_config.udpEncapsulation) // RFC 3948 §3.1.2: checksum 0 for ESP in UDP over IPv4
        wire::writeUdpHeader(std::span<std::uint8_t>(out).subspan(headerLength), m_config.udpSourcePort,
                             m_config.udpDestinationPort, static_cast<std::uint16_t>(udpLength + espLength));
    commitSent(seq, payload.size(), esp, now);
    return seq;
}

// AH: IPv4 header | AH header | protected data, the ICV over all three (mutable fields zeroed).
Result<std::uint64_t> SecurityAssociation::protectAh(const Ipv4View& ip, std::uint64_t seq, Timestamp now, Bytes& out) {
    const bool tunnel = m_config.mode == Mode::Tunnel;
    const ByteView payload = protectedPart(ip);
    const std::size_t headerLength = outerHeaderLength(ip);
    const std::size_t ahLength = m_ah->headerLength();
    const std::size_t total = headerLength + ahLength + payload.size();
    if (total > wire::kIpv4MaxTotalLength) return tooLong(total, m_config.name);
    out.assign(total, 0);
    writeOuterHeader(out, ip, wire::IpProtocol::Ah, total, seq);
    const std::span<std::uint8_t> ah = std::span<std::uint8_t>(out).subspan(headerLength);
    wire::writeAhFixedHeader(ah, tunnel ? wire::IpProtocol::IpInIp : ip.protocol, ahLength, m_config.spi,
                             static_cast<std::uint32_t>(seq));
    if (!payload.empty()) std::memcpy(ah.data() + ahLength, payload.data(), payload.size());
    if (auto icv = m_ah->computeIcv(out, headerLength, seq, m_config.extendedSequenceNumbers,
                                    ah.subspan(wire::kAhFixedLength, m_ah->icvLength()));
        !icv)
        return tl::unexpected(icv.error());
    commitSent(seq, payload.size(), ah, now);
    return seq;
}

} // namespace ipseclab::ipsec
