// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/SecurityAssociation.h"

#include <cstring>
#include <utility>

#include "ipsec/TransportChecksum.h"
#include "wire/AhHeader.h"
#include "wire/UdpHeader.h"

// The inbound verdict pipeline (digest §6.5): replay check, ICV, recheck, advance the window,
// decrypt, check the padding, check the traffic selectors; then the verdict is counted and sent as
// an event.

namespace ipseclab::ipsec {

namespace {

// Ends an inbound packet with `verdict`: nothing is delivered (finish() empties the packet). Cold:
// the reason strings built for it stay off the accepting path (see ColdPath.h).
[[gnu::cold]] void reject(InboundResult& r, Verdict verdict, std::uint64_t sequenceNumber, std::string reason) {
    r.verdict = verdict;
    r.sequenceNumber = sequenceNumber;
    r.reason = std::move(reason);
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

[[gnu::cold]] std::string replayReason(ReplayStatus status, std::uint64_t sequenceNumber, const ReplayWindow& window) {
    const std::string seq = std::to_string(sequenceNumber);
    switch (status) {
    case ReplayStatus::Duplicate: return "sequence number " + seq + " was already received: a replay";
    case ReplayStatus::TooOld:
        return "sequence number " + seq + " is left of the window (highest received " +
               std::to_string(window.rightEdge()) + ", window " + std::to_string(window.size()) + ")";
    case ReplayStatus::SequenceZero: return "sequence number 0 is never sent (the first packet carries 1)";
    case ReplayStatus::Ok: break;
    }
    return {};
}

// Tunnel mode delivers an IPv4 packet: anything after its Total Length is TFC padding (RFC 4303
// §2.7) and is dropped. Returns the inner length, or 0 when the payload is not IPv4.
std::size_t innerPacketLength(ByteView payload, std::string& reason) {
    const std::size_t length = ipv4PacketLength(payload); // only the length is needed: no view
    if (length == 0) reason = "the inner packet is not valid IPv4: " + ipv4ViewError(payload).toString();
    return length;
}

} // namespace

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
        e.packet = eventView(packet);
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

// RFC 4301 §5.2 step 4: after decapsulation, the packet must match the SA's selectors. This comes
// after the ICV check and after the window moved (RFC 4303 §3.4.3 updates the window once the
// integrity check passes; RFC 4301 checks selectors on the packet that IPsec processing gave up),
// so a policy drop uses up its sequence number: a later copy is a duplicate (so it is on Linux,
// where charon's SAs live: xfrm advances the window on input and checks the policy afterwards).
// The packet is authentic (whoever holds the keys sent it), so the window moving lets no
// unauthenticated input change state.
bool SecurityAssociation::withinSelectors(ByteView packet, std::uint64_t seq, InboundResult& r) {
    if (!m_config.selectors) return true;
    auto mismatch = selectorMismatch(*m_config.selectors, packet);
    if (!mismatch) return true;
    reject(r, Verdict::PolicyMismatch, seq, std::move(*mismatch));
    return false;
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
        if (!withinSelectors(ByteView(clear).first(innerLength), seq, r)) return;
        m_opened->delivered = innerLength; // finish() cuts the rest (TFC padding, trailer) after the event
    } else {
        // Transport mode: the outer header again, with the protocol the ESP trailer names, in the
        // room left in front of the payload (none for openEsp(), which has no outer header).
        if (prefix != 0) {
            std::memcpy(r.packet.data(), outer->packet.data(), prefix);
            patchIpv4Header(r.packet.data(), prefix, nextHeader, prefix + payloadLength);
            if (m_config.natOriginal) // in place: the verdict event shows the checksum as delivered
                fixTransportChecksum(std::span<std::uint8_t>(r.packet).first(prefix + payloadLength),
                                     m_config.natOriginal->source, m_config.natOriginal->destination);
            if (!withinSelectors(ByteView(r.packet).first(prefix + payloadLength), seq, r)) return;
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
    if (!withinSelectors(r.packet, seq, r)) return;
    ++m_counters.packetsReceived;
    m_counters.bytesReceived += payload.size();
    r.verdict = Verdict::Accepted;
}

} // namespace ipseclab::ipsec
