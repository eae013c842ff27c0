// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Helpers the ipsec test suites share (Qt-free): the lab's addresses, inner ICMP echo packets, and a
// live SA pair (Site A's outbound SA and Site B's inbound SA with the same keys) whose events are
// recorded.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "crypto/DeterministicRandom.h"
#include "ipsec/Sad.h"
#include "ipsec/SecurityAssociation.h"
#include "wire/IcmpEcho.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::test {

inline wire::Ipv4Address ipv4(const char* dotted) { return *wire::Ipv4Address::parse(dotted); }

// An ICMP echo request from host A (10.1.0.10) to host B (10.2.0.20) of `totalLength` bytes
// (>= 28), its data a pattern that depends on `seed`.
inline Bytes icmpPacket(std::size_t totalLength, std::uint16_t seed = 1, const char* source = "10.1.0.10",
                        const char* destination = "10.2.0.20") {
    wire::IcmpEcho echo;
    echo.identifier = 0x1234;
    echo.sequenceNumber = seed;
    const std::size_t dataLength = totalLength < 28 ? 0 : totalLength - 28;
    for (std::size_t i = 0; i < dataLength; ++i) echo.data.push_back(static_cast<std::uint8_t>(i * 7 + seed));
    wire::Ipv4Header header;
    header.identification = seed;
    header.protocol = wire::IpProtocol::Icmp;
    header.source = ipv4(source);
    header.destination = ipv4(destination);
    return *wire::encodeIpv4(header, wire::encodeIcmpEcho(echo));
}

// Deterministic key bytes of the given length (not secret: tests only).
inline Bytes testKey(std::size_t length, std::uint8_t start) {
    Bytes key(length);
    for (std::size_t i = 0; i < length; ++i) key[i] = static_cast<std::uint8_t>(start + i * 13);
    return key;
}

inline ipsec::SaKeys testKeys(ipsec::IpsecProtocol protocol, const ipsec::Suite& suite, std::uint8_t start = 0x40) {
    const Bytes keymat = testKey(ipsec::keymatLength(protocol, suite), start);
    return *ipsec::cutKeymat(protocol, suite, keymat);
}

struct PairOptions {
    ipsec::IpsecProtocol protocol = ipsec::IpsecProtocol::Esp;
    ipsec::Suite suite{ipsec::Encryption::Aes128Cbc, ipsec::Integrity::HmacSha1_96};
    ipsec::Mode mode = ipsec::Mode::Tunnel;
    bool udp = false;
    bool esn = false;
    std::uint32_t window = 64;
    std::optional<std::uint64_t> start;
    ipsec::Lifetime lifetime;
    std::uint64_t sequenceSoftMargin = 1ULL << 16;
    std::uint32_t spi = 0xc0ffee01;
    std::uint8_t keyStart = 0x40;
    std::optional<ipsec::SaSelectors> selectors; // the receiver checks them after decapsulation
};

// Site A's SAD holds the outbound SA "A2B"; Site B's SAD holds the same SA for receiving.
struct SaPair {
    SaPair(const SaPair&) = delete;
    SaPair& operator=(const SaPair&) = delete;
    explicit SaPair(const PairOptions& options = {}) : random(42), sender("A"), receiver("B") {
        sender.setEventSink([this](const ipsec::Event& e) { record(e); });
        receiver.setEventSink([this](const ipsec::Event& e) { record(e); });
        out = *sender.add(config(options));
        in = *receiver.add(config(options));
    }

    ipsec::SaConfig config(const PairOptions& options) {
        ipsec::SaConfig c;
        c.name = "A2B";
        c.protocol = options.protocol;
        c.spi = options.spi;
        // Tunnel mode: between the gateways; transport mode: between the hosts the packets name.
        const bool tunnel = options.mode == ipsec::Mode::Tunnel;
        c.source = ipv4(tunnel ? "127.0.0.1" : "10.1.0.10");
        c.destination = ipv4(tunnel ? "127.0.0.2" : "10.2.0.20");
        c.mode = options.mode;
        c.udpEncapsulation = options.udp;
        c.suite = options.suite;
        c.keys = testKeys(options.protocol, options.suite, options.keyStart);
        c.extendedSequenceNumbers = options.esn;
        c.replayWindow = options.window;
        c.lifetime = options.lifetime;
        c.sequenceSoftMargin = options.sequenceSoftMargin;
        c.labStartSequence = options.start;
        c.selectors = options.selectors;
        c.random = &random;
        return c;
    }

    struct Recorded {
        std::string id;
        ipsec::EventKind kind;
        ipsec::Verdict verdict;
        std::uint64_t sequenceNumber;
        std::optional<ipsec::WindowDelta> window;
        ipsec::LimitKind limit;
        std::string reason;
        Bytes packet;
        Bytes payload;
        Bytes cleartext;
        std::optional<wire::EspLayout> espLayout;
        bool esn = false;
    };
    void record(const ipsec::Event& e) {
        events.push_back(Recorded{e.id(), e.kind, e.verdict, e.sequenceNumber, e.window, e.limit, e.reason,
                                  Bytes(e.packet.begin(), e.packet.end()), Bytes(e.payload.begin(), e.payload.end()),
                                  Bytes(e.cleartext.begin(), e.cleartext.end()), e.espLayout,
                                  e.extendedSequenceNumbers});
    }
    std::size_t countKind(ipsec::EventKind kind) const {
        std::size_t n = 0;
        for (const auto& e : events) n += e.kind == kind ? 1 : 0;
        return n;
    }
    const Recorded* last(ipsec::EventKind kind) const {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->kind == kind) return &*it;
        return nullptr;
    }

    // Protects an inner packet at Site A (aborting the test run on failure is the caller's job).
    Result<Bytes> send(ByteView inner, ipsec::Timestamp now = ipsec::Timestamp{0}) { return out->protect(inner, now); }
    ipsec::InboundResult deliver(ByteView wirePacket, ipsec::Timestamp now = ipsec::Timestamp{0}) {
        return receiver.receive(wirePacket, now);
    }

    crypto::DeterministicRandom random;
    ipsec::Sad sender;
    ipsec::Sad receiver;
    ipsec::SecurityAssociation* out = nullptr;
    ipsec::SecurityAssociation* in = nullptr;
    std::vector<Recorded> events;
};

// Every suite the data plane offers, per protocol.
inline std::vector<ipsec::Suite> espSuites() {
    using ipsec::Encryption;
    using ipsec::Integrity;
    std::vector<ipsec::Suite> suites;
    for (Encryption e : {Encryption::Aes128Cbc, Encryption::Aes192Cbc, Encryption::Aes256Cbc, Encryption::TripleDesCbc,
                         Encryption::Null})
        for (Integrity i : {Integrity::HmacMd5_96, Integrity::HmacSha1_96, Integrity::HmacSha256_128,
                            Integrity::HmacSha384_192, Integrity::HmacSha512_256})
            suites.push_back({e, i});
    for (Encryption e : {Encryption::Aes128Gcm16, Encryption::Aes192Gcm16, Encryption::Aes256Gcm16})
        suites.push_back({e, Integrity::None});
    return suites;
}

inline std::vector<ipsec::Suite> ahSuites() {
    using ipsec::Integrity;
    std::vector<ipsec::Suite> suites;
    for (Integrity i : {Integrity::HmacMd5_96, Integrity::HmacSha1_96, Integrity::HmacSha256_128,
                        Integrity::HmacSha384_192, Integrity::HmacSha512_256})
        suites.push_back({ipsec::Encryption::Null, i});
    return suites;
}

} // namespace ipseclab::test
