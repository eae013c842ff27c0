// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// core/ipsec: security associations on a live pair (Site A's outbound SA, Site B's SAD with the same
// SA inbound). Round trips for every suite and mode (ESP and AH, tunnel and transport, ESP in UDP),
// the RFC 3602 §4 ESP known answers, the verdict matrix (each attack gives exactly its verdict and
// counter, and no legitimate packet is ever rejected), the ESN wrap with the lab's "start at N",
// lifetimes, the SPD's acquire and queue, and zeroization on delete.

#include <QTest>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "IpsecTestSupport.h"
#include "TestData.h"
#include "crypto/Cipher.h"
#include "crypto/Gcm.h"
#include "crypto/Prf.h"
#include "ipsec/EspTransform.h"
#include "ipsec/Ipv4View.h"
#include "ipsec/Sad.h"
#include "ipsec/Spd.h"
#include "wire/AhHeader.h"
#include "wire/Checksum.h"
#include "wire/EspPacket.h"
#include "wire/UdpHeader.h"

using namespace ipseclab;
using namespace ipseclab::ipsec;
using ipseclab::test::icmpPacket;
using ipseclab::test::ipv4;
using ipseclab::test::PairOptions;
using ipseclab::test::SaPair;

Q_DECLARE_METATYPE(ipseclab::ipsec::Suite)
Q_DECLARE_METATYPE(ipseclab::ipsec::Mode)
Q_DECLARE_METATYPE(ipseclab::ipsec::IpsecProtocol)

namespace {

using test::hex;

// The ESP bytes of a wire packet (IPv4 [+ UDP] + ESP).
Bytes espOf(const Bytes& wirePacket) {
    auto ip = *wire::decodeIpv4(wirePacket);
    if (ip.header.protocol == wire::IpProtocol::Udp) {
        auto udp = *wire::decodeUdp(ip.payload);
        return Bytes(udp.payload.begin(), udp.payload.end());
    }
    return Bytes(ip.payload.begin(), ip.payload.end());
}

// A fresh outer IPv4 packet (127.0.0.1 -> 127.0.0.2, protocol 50) around ESP bytes: what an
// attacker who altered the ESP packet would send, with consistent outer lengths.
Bytes rewrap(ByteView esp) {
    wire::Ipv4Header h;
    h.protocol = wire::IpProtocol::Esp;
    h.source = ipv4("127.0.0.1");
    h.destination = ipv4("127.0.0.2");
    return *wire::encodeIpv4(h, esp);
}

std::uint32_t seqOf(const Bytes& esp) { return readU32(esp, 4); }

const char* verdictText(Verdict v) { return verdictName(v).data(); }

#define EXPECT_VERDICT(result, expected)                                                                               \
    do {                                                                                                               \
        const auto& r_ = (result);                                                                                     \
        if (r_.verdict != (expected))                                                                                  \
            qWarning("got %s (%s), expected %s", verdictText(r_.verdict), r_.reason.c_str(), verdictText(expected));   \
        QCOMPARE(r_.verdict, (expected));                                                                              \
    } while (0)

std::size_t padLengthFor(std::size_t payload, std::size_t alignment) {
    return (alignment - (payload + 2) % alignment) % alignment;
}

} // namespace

class TestIpsecSa : public QObject {
    Q_OBJECT

private slots:
    // ------------------------------------------------------------------------------------------
    // Suites, key lengths, the KEYMAT cut, IKEv1 numbers

    void keymatLengthsAndCut() {
        // Digest §3.2's table.
        QCOMPARE(keymatLength(IpsecProtocol::Esp, {Encryption::Aes128Cbc, Integrity::HmacSha1_96}), std::size_t{36});
        QCOMPARE(keymatLength(IpsecProtocol::Esp, {Encryption::Aes256Cbc, Integrity::HmacSha256_128}), std::size_t{64});
        QCOMPARE(keymatLength(IpsecProtocol::Esp, {Encryption::TripleDesCbc, Integrity::HmacSha1_96}), std::size_t{44});
        QCOMPARE(keymatLength(IpsecProtocol::Esp, {Encryption::Aes128Gcm16, Integrity::None}), std::size_t{20});
        QCOMPARE(keymatLength(IpsecProtocol::Esp, {Encryption::Aes256Gcm16, Integrity::None}), std::size_t{36});
        QCOMPARE(keymatLength(IpsecProtocol::Ah, {Encryption::Null, Integrity::HmacSha512_256}), std::size_t{64});
        QCOMPARE(icvLength(Suite{Encryption::Aes128Cbc, Integrity::HmacSha384_192}), std::size_t{24});
        QCOMPARE(icvLength(Suite{Encryption::Aes128Gcm16, Integrity::None}), std::size_t{16});

        // Encryption key first, then the integrity key; surplus KEYMAT ignored.
        Bytes keymat(80);
        for (std::size_t i = 0; i < keymat.size(); ++i) keymat[i] = static_cast<std::uint8_t>(i);
        auto keys = *cutKeymat(IpsecProtocol::Esp, {Encryption::Aes128Cbc, Integrity::HmacSha1_96}, keymat);
        QCOMPARE(Bytes(keys.encryption.view().begin(), keys.encryption.view().end()),
                 Bytes(keymat.begin(), keymat.begin() + 16));
        QCOMPARE(Bytes(keys.integrity.view().begin(), keys.integrity.view().end()),
                 Bytes(keymat.begin() + 16, keymat.begin() + 36));
        auto gcm = *cutKeymat(IpsecProtocol::Esp, {Encryption::Aes128Gcm16, Integrity::None}, keymat);
        QCOMPARE(gcm.encryption.size(), std::size_t{20}); // key + salt
        QVERIFY(gcm.integrity.empty());
        auto ah = *cutKeymat(IpsecProtocol::Ah, {Encryption::Null, Integrity::HmacSha256_128}, keymat);
        QVERIFY(ah.encryption.empty());
        QCOMPARE(Bytes(ah.integrity.view().begin(), ah.integrity.view().end()),
                 Bytes(keymat.begin(), keymat.begin() + 32));
        QVERIFY(!cutKeymat(IpsecProtocol::Esp, {Encryption::Aes256Cbc, Integrity::HmacSha256_128},
                           ByteView(keymat).first(63))
                     .has_value());

        QVERIFY(!validateSuite(IpsecProtocol::Esp, {Encryption::Aes128Gcm16, Integrity::HmacSha1_96}).has_value());
        QVERIFY(!validateSuite(IpsecProtocol::Esp, {Encryption::Aes128Cbc, Integrity::None}).has_value());
        QVERIFY(!validateSuite(IpsecProtocol::Esp, {Encryption::Null, Integrity::None}).has_value());
        QVERIFY(validateSuite(IpsecProtocol::Esp, {Encryption::Null, Integrity::HmacSha1_96}).has_value());
        QVERIFY(!validateSuite(IpsecProtocol::Ah, {Encryption::Aes128Cbc, Integrity::HmacSha1_96}).has_value());
    }

    void configErrors() {
        SaPair pair;
        auto base = [&pair](auto change) {
            SaConfig c = pair.config(PairOptions{});
            change(c);
            return SecurityAssociation::create(std::move(c));
        };
        QVERIFY(base([](SaConfig&) {}).has_value());
        QVERIFY(!base([](SaConfig& c) { c.spi = 0; }).has_value());
        QVERIFY(!base([](SaConfig& c) { c.spi = 255; }).has_value());
        QVERIFY(!base([](SaConfig& c) { c.keys.integrity = crypto::SecretBytes(Bytes(19, 1)); }).has_value());
        QVERIFY(!base([](SaConfig& c) { c.keys.encryption = crypto::SecretBytes(Bytes(24, 1)); }).has_value());
        QVERIFY(!base([](SaConfig& c) { c.replayWindow = 31; }).has_value());
        QVERIFY(!base([](SaConfig& c) { c.replayWindow = 4097; }).has_value());
        QVERIFY(base([](SaConfig& c) { c.replayWindow = 0; }).has_value()); // anti-replay off
        QVERIFY(!base([](SaConfig& c) {
                     c.replayWindow = 0;
                     c.extendedSequenceNumbers = true;
                 }).has_value());
        QVERIFY(!base([](SaConfig& c) { c.labStartSequence = 0; }).has_value());
        QVERIFY(!base([](SaConfig& c) { c.labStartSequence = 0x100000000ULL; }).has_value()); // no ESN
        QVERIFY(!base([](SaConfig& c) { c.suite.integrity = Integrity::None; }).has_value());
        // The same SA twice in one SAD.
        QVERIFY(!pair.receiver.add(pair.config(PairOptions{})).has_value());
        // A name by default.
        auto unnamed = base([](SaConfig& c) { c.name.clear(); });
        QCOMPARE(QString::fromStdString((*unnamed)->name()), QStringLiteral("spic0ffee01"));
    }

    // RFC 3948 §2.1 defines UDP encapsulation for ESP only; AH's ICV covers the addresses a NAT rewrites.
    void ahRefusesUdpEncapsulation() {
        PairOptions options;
        options.protocol = IpsecProtocol::Ah;
        options.suite = {Encryption::Null, Integrity::HmacSha1_96};
        SaPair pair(options);
        SaConfig c = pair.config(options);
        c.spi = 0x1000;
        c.udpEncapsulation = true;
        auto refused = SecurityAssociation::create(std::move(c));
        QVERIFY(!refused.has_value());
        QVERIFY(QString::fromStdString(refused.error().message).contains("NAT"));
        QVERIFY(QString::fromStdString(refused.error().message).contains("RFC 3948"));
    }

    // ------------------------------------------------------------------------------------------
    // RFC 3602 §4 cases 5-8: whole ESP packets (encryption only, so at the transform level).

    void rfc3602_data() {
        QTest::addColumn<Bytes>("key");
        QTest::addColumn<quint32>("spi");
        QTest::addColumn<quint32>("seq");
        QTest::addColumn<int>("nextHeader");
        QTest::addColumn<Bytes>("payload");
        QTest::addColumn<Bytes>("esp");
        const Bytes key56 = hex("90d382b410eeba7ad938c46cec1a82bf");
        const Bytes key78 = hex("0123456789abcdef0123456789abcdef");
        QTest::newRow("case 5: transport, ICMP, 64 bytes")
            << key56 << 0x4321U << 1U << 1
            << hex("08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                   "202122232425262728292a2b2c2d2e2f3031323334353637")
            << hex("0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b99"
                   "65330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d"
                   "5913ac19b7cfbad4a6");
        QTest::newRow("case 6: transport, ICMP, 28 bytes")
            << key56 << 0x4321U << 8U << 1 << hex("0800b5e8a80a0500a69c083d0b660e00777777777777777777777777")
            << hex("000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d9"
                   "15dca346a89f75");
        QTest::newRow("case 7: tunnel, 84-byte inner packet")
            << key78 << 0x8765U << 2U << 4
            << hex("45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f1011121314"
                   "15161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637")
            << hex("0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a93013c"
                   "1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2201a"
                   "c9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d");
        QTest::newRow("case 8: tunnel, 68-byte inner packet")
            << key78 << 0x8765U << 5U << 4
            << hex("45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300fffffffffffffffffffffffffff"
                   "f"
                   "ffffffffffffffffffffffffffffffffffff")
            << hex("000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62ed"
                   "e3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d17"
                   "a0decbb13892");
    }

    void rfc3602() {
        QFETCH(Bytes, key);
        QFETCH(quint32, spi);
        QFETCH(quint32, seq);
        QFETCH(int, nextHeader);
        QFETCH(Bytes, payload);
        QFETCH(Bytes, esp);
        auto transform = *EspTransform::create({Encryption::Aes128Cbc, Integrity::None}, key, {});
        // Sealing with the RFC's IV gives the RFC's bytes (padding 1, 2, 3, ... included).
        Bytes sealed(transform.sealedLength(payload.size()));
        QVERIFY(transform
                    .seal(sealed, spi, seq, false, static_cast<wire::IpProtocol>(nextHeader), payload,
                          ByteView(esp).subspan(8, 16))
                    .has_value());
        QCOMPARE(toHex(sealed), toHex(esp));
        QCOMPARE(transform.sealedLength(payload.size()), esp.size());
        // And opening the RFC's bytes gives the payload back.
        auto parts = *transform.split(esp);
        QCOMPARE(parts.spi, spi);
        QCOMPARE(parts.sequenceLow, seq);
        Bytes clear(parts.ciphertext.size());
        QVERIFY(transform.authenticate(parts, seq, false, clear));
        QVERIFY(transform.decrypt(parts, clear).has_value());
        auto trailer = *wire::decodeEspTrailer(clear);
        QCOMPARE(Bytes(trailer.payload.begin(), trailer.payload.end()), payload);
        QCOMPARE(static_cast<int>(trailer.nextHeader), nextHeader);
        QCOMPARE(static_cast<std::size_t>(trailer.padLength), padLengthFor(payload.size(), 16));
    }

    // ------------------------------------------------------------------------------------------
    // Round trips: every suite, every mode, ESN on and off.

    void roundTrips_data() {
        QTest::addColumn<IpsecProtocol>("protocol");
        QTest::addColumn<Suite>("suite");
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<bool>("udp");
        QTest::addColumn<bool>("esn");
        for (bool esn : {false, true}) {
            for (const Suite& suite : test::espSuites())
                for (Mode mode : {Mode::Tunnel, Mode::Transport})
                    for (bool udp : {false, true})
                        QTest::addRow("ESP %s %s%s%s", suiteName(suite).c_str(), modeName(mode).data(),
                                      udp ? " UDP" : "", esn ? " ESN" : "")
                            << IpsecProtocol::Esp << suite << mode << udp << esn;
            for (const Suite& suite : test::ahSuites())
                for (Mode mode : {Mode::Tunnel, Mode::Transport})
                    QTest::addRow("AH %s %s%s", integrityName(suite.integrity).data(), modeName(mode).data(),
                                  esn ? " ESN" : "")
                        << IpsecProtocol::Ah << suite << mode << false << esn;
        }
    }

    void roundTrips() {
        QFETCH(IpsecProtocol, protocol);
        QFETCH(Suite, suite);
        QFETCH(Mode, mode);
        QFETCH(bool, udp);
        QFETCH(bool, esn);
        PairOptions options;
        options.protocol = protocol;
        options.suite = suite;
        options.mode = mode;
        options.udp = udp;
        options.esn = esn;
        if (esn) options.start = 0xfffffff0ULL; // cross the 2^32 boundary on the way
        SaPair pair(options);
        std::set<Bytes> ivs;
        // Sizes that hit every pad length for 16-byte blocks, plus a full-size packet.
        std::vector<std::size_t> sizes;
        for (std::size_t s = 28; s < 28 + 17; ++s) sizes.push_back(s);
        sizes.push_back(1400);
        sizes.push_back(1500);
        std::uint64_t expectedSeq = options.start.value_or(1);
        for (std::size_t i = 0; i < sizes.size(); ++i, ++expectedSeq) {
            const Bytes inner = test::icmpPacket(sizes[i], static_cast<std::uint16_t>(i + 1));
            auto sent = pair.send(inner);
            QVERIFY2(sent.has_value(), sent ? "" : sent.error().toString().c_str());
            const Bytes& wirePacket = *sent;

            // The outer packet as a router sees it.
            auto ip = *wire::decodeIpv4(wirePacket);
            QCOMPARE(ip.header.checksumStatus, wire::ChecksumStatus::Good);
            QCOMPARE(std::size_t{ip.header.totalLength}, wirePacket.size());
            if (mode == Mode::Tunnel) {
                QCOMPARE(ip.header.source, ipv4("127.0.0.1"));
                QCOMPARE(ip.header.destination, ipv4("127.0.0.2"));
            } else {
                QCOMPARE(ip.header.source, ipv4("10.1.0.10"));
                QCOMPARE(ip.header.destination, ipv4("10.2.0.20"));
                QCOMPARE(ip.header.identification, static_cast<std::uint16_t>(i + 1)); // the packet's own header
            }
            ByteView protectedBytes = ip.payload;
            if (protocol == IpsecProtocol::Ah) {
                QCOMPARE(ip.header.protocol, wire::IpProtocol::Ah);
                auto ah = *wire::decodeAh(ip.payload);
                QCOMPARE(ah.header.spi, options.spi);
                QCOMPARE(ah.header.sequenceNumber, static_cast<std::uint32_t>(expectedSeq));
                QCOMPARE(ah.header.icv.size(), icvLength(suite.integrity));
                QCOMPARE(ah.header.nextHeader,
                         mode == Mode::Tunnel ? wire::IpProtocol::IpInIp : wire::IpProtocol::Icmp);
                // AH does not encrypt: the protected data is there in clear.
                const Bytes expectedPayload = mode == Mode::Tunnel ? inner : Bytes(inner.begin() + 20, inner.end());
                QCOMPARE(Bytes(ah.payload.begin(), ah.payload.end()), expectedPayload);
            } else {
                if (udp) {
                    QCOMPARE(ip.header.protocol, wire::IpProtocol::Udp);
                    auto datagram = *wire::decodeUdp(ip.payload);
                    QCOMPARE(datagram.header.sourcePort, std::uint16_t{4500});
                    QCOMPARE(datagram.header.destinationPort, std::uint16_t{4500});
                    QCOMPARE(datagram.header.checksum, std::uint16_t{0});
                    protectedBytes = datagram.payload;
                } else {
                    QCOMPARE(ip.header.protocol, wire::IpProtocol::Esp);
                }
                const std::size_t payloadLength = mode == Mode::Tunnel ? inner.size() : inner.size() - 20;
                auto esp = *wire::decodeEsp(protectedBytes, wire::Annotator(nullptr),
                                            wire::EspLayout{ivLength(suite.encryption), icvLength(suite)});
                QCOMPARE(esp.spi, options.spi);
                QCOMPARE(esp.sequenceNumber, static_cast<std::uint32_t>(expectedSeq)); // low 32 bits only
                const std::size_t alignment = std::max<std::size_t>(4, blockSize(suite.encryption));
                QCOMPARE(esp.ciphertext.size(), payloadLength + 2 + padLengthFor(payloadLength, alignment));
                if (isAead(suite.encryption)) {
                    // RFC 4106: IV = the 64-bit sequence number, never repeated.
                    Bytes expectedIv(8);
                    for (int b = 0; b < 8; ++b)
                        expectedIv[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(expectedSeq >>
                                                                                            (56 - 8 * b));
                    QCOMPARE(Bytes(esp.iv.begin(), esp.iv.end()), expectedIv);
                }
                if (!esp.iv.empty()) QVERIFY(ivs.insert(Bytes(esp.iv.begin(), esp.iv.end())).second);
                if (suite.encryption != Encryption::Null && payloadLength >= 40) {
                    // The ICMP data must not be visible.
                    const ByteView data = ByteView(inner).subspan(28, 12);
                    QVERIFY(std::search(protectedBytes.begin(), protectedBytes.end(), data.begin(), data.end()) ==
                            protectedBytes.end());
                }
            }

            auto result = pair.deliver(wirePacket);
            EXPECT_VERDICT(result, Verdict::Accepted);
            QCOMPARE(result.sequenceNumber, expectedSeq);
            // Tunnel: the inner packet; transport: the original packet rebuilt byte for byte.
            QCOMPARE(toHex(result.packet), toHex(inner));
        }
        QCOMPARE(pair.in->counters().count(Verdict::Accepted), sizes.size());
        QCOMPARE(pair.out->counters().packetsSent, sizes.size());
        QCOMPARE(pair.countKind(EventKind::Sent), sizes.size());
        QCOMPARE(pair.countKind(EventKind::Verdict), sizes.size());
        const auto* lastVerdict = pair.last(EventKind::Verdict);
        QVERIFY(lastVerdict);
        QCOMPARE(QString::fromStdString(lastVerdict->id), QStringLiteral("%1.A2B.seq%2.verdict")
                                                              .arg(protocol == IpsecProtocol::Ah ? "AH" : "ESP")
                                                              .arg(expectedSeq - 1));
        QVERIFY(lastVerdict->window.has_value());
        QCOMPARE(lastVerdict->window->rightEdge, expectedSeq - 1);
        QCOMPARE(lastVerdict->payload, test::icmpPacket(1500, static_cast<std::uint16_t>(sizes.size())));
    }

    // The receiver's verdict event carries the whole decrypted part, trailer included (what the packet
    // inspector shows), while the packet delivered stays the inner packet; the SA's events carry its
    // ESP layout and ESN. Tunnel and transport mode, CBC and GCM; a refused packet shows none.
    void verdictEventCarriesTheCleartext_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("gcm");
        QTest::newRow("tunnel, AES-CBC") << int(Mode::Tunnel) << false;
        QTest::newRow("transport, AES-CBC") << int(Mode::Transport) << false;
        QTest::newRow("tunnel, AES-GCM") << int(Mode::Tunnel) << true;
        QTest::newRow("transport, AES-GCM") << int(Mode::Transport) << true;
    }
    void verdictEventCarriesTheCleartext() {
        QFETCH(int, mode);
        QFETCH(bool, gcm);
        PairOptions options;
        options.mode = static_cast<Mode>(mode);
        options.esn = true;
        if (gcm) options.suite = {Encryption::Aes128Gcm16, Integrity::None};
        SaPair pair(options);
        const Bytes inner = test::icmpPacket(100, 7);
        const Bytes sent = *pair.send(inner);
        const auto* sentEvent = pair.last(EventKind::Sent);
        QCOMPARE(sentEvent->espLayout,
                 std::optional<wire::EspLayout>(gcm ? wire::EspLayout{8, 16} : wire::EspLayout{16, 12}));
        QVERIFY(sentEvent->esn);
        auto result = pair.deliver(sent);
        EXPECT_VERDICT(result, Verdict::Accepted);
        QCOMPARE(result.packet, inner);
        const auto* verdict = pair.last(EventKind::Verdict);
        QCOMPARE(verdict->payload, inner);
        QVERIFY(verdict->espLayout);
        // payload | padding 1, 2, ... | pad length | next header: the tunnel's whole inner packet, or
        // transport mode's ICMP message without the IP header.
        const bool tunnel = options.mode == Mode::Tunnel;
        const Bytes payload = tunnel ? inner : Bytes(inner.begin() + 20, inner.end());
        const auto trailer = wire::decodeEspTrailer(verdict->cleartext);
        QVERIFY(trailer);
        QCOMPARE(Bytes(trailer->payload.begin(), trailer->payload.end()), payload);
        QCOMPARE(trailer->nextHeader, tunnel ? wire::IpProtocol::IpInIp : wire::IpProtocol::Icmp);
        QCOMPARE(verdict->cleartext.size(),
                 sent.size() - 20 - 8 - verdict->espLayout->ivLength - verdict->espLayout->icvLength);

        // A forged packet was never decrypted: no cleartext.
        Bytes forged = *pair.send(inner);
        forged.back() ^= 1;
        EXPECT_VERDICT(pair.deliver(forged), Verdict::BadIcv);
        QVERIFY(pair.last(EventKind::Verdict)->cleartext.empty());
    }

    // Transport mode keeps the original header: only protocol, total length and checksum change.
    void transportModeHeader() {
        PairOptions options;
        options.mode = Mode::Transport;
        SaPair pair(options);
        const Bytes inner = test::icmpPacket(100, 7);
        const Bytes sent = *pair.send(inner);
        auto original = *wire::decodeIpv4(inner);
        auto outer = *wire::decodeIpv4(sent);
        QCOMPARE(outer.header.protocol, wire::IpProtocol::Esp);
        QCOMPARE(outer.header.identification, original.header.identification);
        QCOMPARE(outer.header.timeToLive, original.header.timeToLive);
        QCOMPARE(outer.header.typeOfService, original.header.typeOfService);
        QCOMPARE(outer.header.source, original.header.source);
        QCOMPARE(outer.header.destination, original.header.destination);
        QCOMPARE(outer.header.checksumStatus, wire::ChecksumStatus::Good);
        QCOMPARE(std::size_t{outer.header.totalLength}, sent.size());
        // The upper-layer data (ICMP) follows the header inside ESP; the receiver puts it back.
        auto result = pair.deliver(sent);
        EXPECT_VERDICT(result, Verdict::Accepted);
        QCOMPARE(result.nextHeader, wire::IpProtocol::Icmp);
        QCOMPARE(result.packet, inner);
        // The SA is keyed by the host's address: the gateway's address finds nothing.
        Bytes misaddressed = sent;
        misaddressed[19] ^= 0x01;
        writeU16(misaddressed, 10, 0);
        writeU16(misaddressed, 10, wire::internetChecksum(ByteView(misaddressed).first(20)));
        EXPECT_VERDICT(pair.deliver(misaddressed), Verdict::UnknownSpi);
    }

    // ------------------------------------------------------------------------------------------
    // The verdict matrix

    void verdictMatrix_data() {
        QTest::addColumn<IpsecProtocol>("protocol");
        QTest::addColumn<Suite>("suite");
        QTest::addColumn<bool>("udp");
        QTest::newRow("ESP AES-128-CBC + HMAC-SHA1-96")
            << IpsecProtocol::Esp << Suite{Encryption::Aes128Cbc, Integrity::HmacSha1_96} << false;
        QTest::newRow("ESP AES-128-GCM-16 in UDP")
            << IpsecProtocol::Esp << Suite{Encryption::Aes128Gcm16, Integrity::None} << true;
        QTest::newRow("ESP 3DES + HMAC-SHA-256-128")
            << IpsecProtocol::Esp << Suite{Encryption::TripleDesCbc, Integrity::HmacSha256_128} << false;
        QTest::newRow("AH HMAC-SHA1-96") << IpsecProtocol::Ah << Suite{Encryption::Null, Integrity::HmacSha1_96}
                                         << false;
    }

    void verdictMatrix() {
        QFETCH(IpsecProtocol, protocol);
        QFETCH(Suite, suite);
        QFETCH(bool, udp);
        const bool ah = protocol == IpsecProtocol::Ah;
        PairOptions options;
        options.protocol = protocol;
        options.suite = suite;
        options.udp = udp;
        options.window = 32;
        SaPair pair(options);
        std::map<Verdict, std::uint64_t> expected; // the SA's counters
        std::uint64_t expectedUnknown = 0;         // the SAD's
        std::uint64_t expectedMalformedAtSad = 0;
        enum class Where { Sa, Sad };
        // Delivers one packet; true when it got exactly `verdict`, one event saying so, and the window
        // moved only for an authentic packet.
        auto check = [&](const Bytes& wirePacket, Verdict verdict, Where where = Where::Sa) {
            const std::uint64_t edgeBefore = pair.in->replayWindow()->rightEdge();
            const std::size_t eventsBefore = pair.events.size();
            auto r = pair.deliver(wirePacket);
            if (r.verdict != verdict)
                qWarning("got %s (%s), expected %s", verdictText(r.verdict), r.reason.c_str(), verdictText(verdict));
            if (where == Where::Sad) {
                if (verdict == Verdict::UnknownSpi) ++expectedUnknown;
                else ++expectedMalformedAtSad;
            } else {
                ++expected[verdict];
            }
            if (pair.events.size() != eventsBefore + 1 || pair.events.back().kind != EventKind::Verdict ||
                pair.events.back().verdict != verdict)
                return false;
            const bool authentic = verdict == Verdict::Accepted || verdict == Verdict::DummyPacketDropped ||
                                   verdict == Verdict::BadPadding;
            if (!authentic && (pair.in->replayWindow()->rightEdge() != edgeBefore || pair.events.back().window))
                return false;
            if (authentic && !pair.events.back().window) return false;
            return r.verdict == verdict;
        };

        // 60 legitimate packets, numbered 1..60.
        std::vector<Bytes> packets(61);
        for (int i = 1; i <= 60; ++i)
            packets[static_cast<std::size_t>(i)] = *pair.send(test::icmpPacket(100, static_cast<std::uint16_t>(i)));

        QVERIFY(check(packets[1], Verdict::Accepted));
        QVERIFY(check(packets[1], Verdict::Duplicate)); // replay
        QVERIFY(check(packets[3], Verdict::Accepted));
        QVERIFY(check(packets[2], Verdict::Accepted)); // reordered within the window
        QVERIFY(check(packets[3], Verdict::Duplicate));
        QVERIFY(check(packets[40], Verdict::Accepted)); // ahead: 1..8 are now left of the 32-packet window
        QVERIFY(check(packets[8], Verdict::TooOld));
        QVERIFY(check(packets[9], Verdict::Accepted)); // 40 - 9 = 31 < 32: still inside
        QVERIFY(check(packets[9], Verdict::Duplicate));

        // Tampering, each time starting from a packet the receiver has not seen (41 = 0b101001).
        const Bytes& fresh = packets[41];
        auto mutateEsp = [&](auto change) {
            Bytes esp = espOf(fresh);
            change(esp);
            if (!udp) return rewrap(esp);
            wire::Ipv4Header h;
            h.protocol = wire::IpProtocol::Udp;
            h.source = ipv4("127.0.0.1");
            h.destination = ipv4("127.0.0.2");
            const Bytes datagram = *wire::encodeUdp(4500, 4500, esp, {h.source, h.destination},
                                                    wire::UdpChecksum::Zero);
            return *wire::encodeIpv4(h, datagram);
        };
        if (!ah) {
            QVERIFY(check(mutateEsp([](Bytes& e) { e[0] ^= 0x01; }), Verdict::UnknownSpi, Where::Sad)); // SPI
            QVERIFY(check(mutateEsp([](Bytes& e) { e[4] ^= 0x80; }), Verdict::BadIcv));                 // seq far ahead
            QVERIFY(check(mutateEsp([](Bytes& e) { e[7] ^= 0x04; }), Verdict::BadIcv));             // seq 45: unseen
            QVERIFY(check(mutateEsp([](Bytes& e) { e[7] ^= 0x01; }), Verdict::Duplicate));          // seq 40: seen
            QVERIFY(check(mutateEsp([](Bytes& e) { e[12] ^= 0x10; }), Verdict::BadIcv));            // IV
            QVERIFY(check(mutateEsp([](Bytes& e) { e[e.size() - 20] ^= 0x01; }), Verdict::BadIcv)); // ciphertext
            QVERIFY(check(mutateEsp([](Bytes& e) { e.back() ^= 0x01; }), Verdict::BadIcv));         // ICV
            // Truncation: one byte breaks the block alignment (malformed); a whole aligned chunk shifts
            // the ICV (bad ICV); too short for IV + ICV (malformed); too short for an SPI (the SAD).
            QVERIFY(check(mutateEsp([](Bytes& e) { e.pop_back(); }), Verdict::Malformed));
            const std::size_t chunk = std::max<std::size_t>(4, blockSize(suite.encryption));
            QVERIFY(check(mutateEsp([chunk](Bytes& e) { e.resize(e.size() - chunk); }), Verdict::BadIcv));
            QVERIFY(check(mutateEsp([](Bytes& e) { e.resize(20); }), Verdict::Malformed));
            QVERIFY(check(mutateEsp([](Bytes& e) { e.resize(7); }), Verdict::Malformed, Where::Sad));
            QVERIFY(check(mutateEsp([](Bytes& e) { writeU32(e, 4, 0); }), Verdict::SequenceZero));
            // A forged far-ahead sequence number with a bad ICV: the window must not move.
            QVERIFY(check(mutateEsp([](Bytes& e) { writeU32(e, 4, 1000000); }), Verdict::BadIcv));
        } else {
            const std::size_t a = 20; // the AH header's offset
            auto mutateIp = [&](std::size_t offset, std::uint8_t mask) {
                Bytes copy = fresh;
                copy[offset] ^= mask;
                return copy;
            };
            QVERIFY(check(mutateIp(a + 4, 0x01), Verdict::UnknownSpi, Where::Sad));
            QVERIFY(check(mutateIp(a + 8, 0x80), Verdict::BadIcv));
            QVERIFY(check(mutateIp(a + 11, 0x04), Verdict::BadIcv));
            QVERIFY(check(mutateIp(a + 11, 0x01), Verdict::Duplicate));
            QVERIFY(check(mutateIp(a + 12, 0x01), Verdict::BadIcv));           // ICV
            QVERIFY(check(mutateIp(fresh.size() - 1, 0x01), Verdict::BadIcv)); // protected data
            QVERIFY(check(mutateIp(a + 1, 0x01), Verdict::Malformed));         // Payload Length
            Bytes truncated(fresh.begin(), fresh.end() - 4);
            writeU16(truncated, 2, static_cast<std::uint16_t>(truncated.size()));
            writeU16(truncated, 10, 0);
            writeU16(truncated, 10, wire::internetChecksum(ByteView(truncated).first(20)));
            QVERIFY(check(truncated, Verdict::BadIcv));
            Bytes zero = fresh;
            writeU32(zero, a + 8, 0);
            QVERIFY(check(zero, Verdict::SequenceZero));
            Bytes forged = fresh;
            writeU32(forged, a + 8, 1000000);
            QVERIFY(check(forged, Verdict::BadIcv));
            // Mutable fields may change on the way (TTL, TOS; checksum recomputed): still authentic.
            Bytes routed = packets[42];
            routed[8] = 17;   // TTL
            routed[1] = 0x20; // DSCP
            writeU16(routed, 10, 0);
            writeU16(routed, 10, wire::internetChecksum(ByteView(routed).first(20)));
            QVERIFY(check(routed, Verdict::Accepted));
            // An immutable field (the source address, as a NAT rewrites it) breaks it.
            Bytes natted = packets[43];
            natted[15] ^= 0x01;
            writeU16(natted, 10, 0);
            writeU16(natted, 10, wire::internetChecksum(ByteView(natted).first(20)));
            QVERIFY(check(natted, Verdict::BadIcv));
        }
        QCOMPARE(pair.in->replayWindow()->rightEdge(), std::uint64_t{ah ? 42U : 40U});

        // No legitimate packet is ever rejected: everything not delivered yet still gets in, unless the
        // window has honestly left it behind.
        for (int i = 44; i <= 60; ++i) QVERIFY(check(packets[static_cast<std::size_t>(i)], Verdict::Accepted));
        for (int i = 10; i <= 39; ++i)
            QVERIFY(check(packets[static_cast<std::size_t>(i)], 60 - i >= 32 ? Verdict::TooOld : Verdict::Accepted));
        QVERIFY(check(packets[41], Verdict::Accepted));
        if (!ah) QVERIFY(check(packets[42], Verdict::Accepted));
        QVERIFY(check(packets[43], Verdict::Accepted)); // the NAT-ed copy did not use it up

        for (std::size_t v = 0; v < kVerdictCount; ++v) {
            const auto verdict = static_cast<Verdict>(v);
            if (pair.in->counters().count(verdict) != expected[verdict])
                qWarning("%s: counted %llu, expected %llu", verdictText(verdict),
                         static_cast<unsigned long long>(pair.in->counters().count(verdict)),
                         static_cast<unsigned long long>(expected[verdict]));
            QCOMPARE(pair.in->counters().count(verdict), expected[verdict]);
        }
        QCOMPARE(pair.receiver.unknownSpiCount(), expectedUnknown);
        QCOMPARE(pair.receiver.malformedCount(), expectedMalformedAtSad);
        const auto unknown = std::find_if(pair.events.begin(), pair.events.end(),
                                          [](const SaPair::Recorded& e) { return e.verdict == Verdict::UnknownSpi; });
        QVERIFY(unknown != pair.events.end());
        QCOMPARE(QString::fromStdString(unknown->id),
                 QStringLiteral("%1.B.unknown-spi.seq41.verdict").arg(ah ? "AH" : "ESP"));
    }

    // Authentic packets with a defect only the decrypted trailer shows, built independently of the
    // SA with the one-shot crypto functions.
    void badPaddingDummyAndNextHeader() {
        for (const Suite& suite :
             {Suite{Encryption::Aes128Cbc, Integrity::HmacSha1_96}, Suite{Encryption::Aes128Gcm16, Integrity::None}}) {
            PairOptions options;
            options.suite = suite;
            SaPair pair(options);
            const SaKeys keys = test::testKeys(IpsecProtocol::Esp, suite, options.keyStart);
            const Bytes inner = test::icmpPacket(60, 1);
            auto handMade = [&](std::uint32_t seq, ByteView cleartext) {
                Bytes esp;
                appendU32(esp, options.spi);
                appendU32(esp, seq);
                if (isAead(suite.encryption)) {
                    Bytes iv(8, 0);
                    iv[7] = static_cast<std::uint8_t>(seq);
                    Bytes nonce(keys.encryption.view().begin() + 16, keys.encryption.view().end());
                    append(nonce, iv);
                    const Bytes aad(esp.begin(), esp.begin() + 8);
                    auto sealed = *crypto::gcmEncrypt(keys.encryption.view().first(16), nonce, aad, cleartext);
                    append(esp, iv);
                    append(esp, sealed.ciphertext);
                    append(esp, sealed.tag);
                } else {
                    const Bytes iv(16, 0x11);
                    append(esp, iv);
                    append(esp, *crypto::cbcEncrypt(crypto::CipherAlgorithm::Aes128Cbc, keys.encryption.view(), iv,
                                                    cleartext));
                    const Bytes mac = crypto::prf(crypto::HashAlgorithm::Sha1, keys.integrity.view(), esp);
                    append(esp, ByteView(mac).first(12));
                }
                return rewrap(esp);
            };
            // inner (60) + pad + 2 = 64: pad 2 (one block of AES or four 4-byte words).
            Bytes good = inner;
            append(good, hex("01020204"));
            Bytes badPad = inner;
            append(badPad, hex("01030204")); // 1, 3: not 1, 2
            Bytes badLength = inner;
            append(badLength, hex("0102ff04")); // pad length 255 > what is there
            Bytes dummy = inner;
            append(dummy, hex("0102023b")); // next header 59
            Bytes tcp = inner;
            append(tcp, hex("01020206")); // next header 6 in a tunnel SA

            EXPECT_VERDICT(pair.deliver(handMade(1, good)), Verdict::Accepted);
            auto r = pair.deliver(handMade(2, badPad));
            EXPECT_VERDICT(r, Verdict::BadPadding);
            QVERIFY(r.window.has_value()); // authentic: the number is used up
            EXPECT_VERDICT(pair.deliver(handMade(3, badLength)), Verdict::BadPadding);
            EXPECT_VERDICT(pair.deliver(handMade(4, dummy)), Verdict::DummyPacketDropped);
            EXPECT_VERDICT(pair.deliver(handMade(4, dummy)), Verdict::Duplicate);
            EXPECT_VERDICT(pair.deliver(handMade(5, tcp)), Verdict::Malformed);
            QCOMPARE(pair.in->counters().count(Verdict::BadPadding), std::uint64_t{2});
            QCOMPARE(pair.in->counters().count(Verdict::DummyPacketDropped), std::uint64_t{1});
            QCOMPARE(pair.in->counters().packetsReceived, std::uint64_t{1});
            // The SA's own dummy packets (next header 59) are dropped the same way.
            SealOptions dummyOption;
            dummyOption.nextHeader = wire::IpProtocol::NoNextHeader;
            EXPECT_VERDICT(pair.deliver(*pair.out->protect(inner, Timestamp{0}, dummyOption)),
                           Verdict::Duplicate); // seq 1 again
            EXPECT_VERDICT(pair.deliver(*pair.out->protect(inner, Timestamp{0}, dummyOption)), Verdict::Duplicate);
            pair.out->protect(inner, Timestamp{0}); // 3
            pair.out->protect(inner, Timestamp{0}); // 4
            pair.out->protect(inner, Timestamp{0}); // 5
            EXPECT_VERDICT(pair.deliver(*pair.out->protect(inner, Timestamp{0}, dummyOption)),
                           Verdict::DummyPacketDropped);
        }
    }

    // ------------------------------------------------------------------------------------------
    // ESN and the lab's "start at sequence number N"

    void esnWrap_data() {
        QTest::addColumn<Suite>("suite");
        QTest::newRow("AES-128-GCM-16") << Suite{Encryption::Aes128Gcm16, Integrity::None};
        QTest::newRow("AES-256-CBC + HMAC-SHA-256-128") << Suite{Encryption::Aes256Cbc, Integrity::HmacSha256_128};
    }

    void esnWrap() {
        QFETCH(Suite, suite);
        const std::uint64_t start = 0xfffffffdULL;
        PairOptions options;
        options.suite = suite;
        options.esn = true;
        options.start = start;
        SaPair pair(options);
        std::vector<Bytes> packets;
        for (int i = 0; i < 8; ++i) packets.push_back(*pair.send(test::icmpPacket(80, static_cast<std::uint16_t>(i))));
        // On the wire: only the low 32 bits, wrapping through 0.
        const std::uint32_t lows[] = {0xfffffffdU, 0xfffffffeU, 0xffffffffU, 0, 1, 2, 3, 4};
        for (int i = 0; i < 8; ++i) QCOMPARE(seqOf(espOf(packets[static_cast<std::size_t>(i)])), lows[i]);

        auto deliver = [&](int i, Verdict v, std::uint64_t seq) {
            auto r = pair.deliver(packets[static_cast<std::size_t>(i)]);
            EXPECT_VERDICT(r, v);
            QCOMPARE(r.sequenceNumber, seq);
        };
        deliver(0, Verdict::Accepted, start);
        deliver(4, Verdict::Accepted, 0x100000001ULL); // across the boundary before the others
        deliver(2, Verdict::Accepted, 0xffffffffULL);  // older, still in the window
        deliver(3, Verdict::Accepted, 0x100000000ULL); // low 0: 2^32, not "sequence number zero"
        deliver(1, Verdict::Accepted, 0xfffffffeULL);
        deliver(2, Verdict::Duplicate, 0xffffffffULL); // replay across the boundary
        deliver(3, Verdict::Duplicate, 0x100000000ULL);
        for (int i = 5; i < 8; ++i) deliver(i, Verdict::Accepted, 0x100000000ULL + static_cast<std::uint64_t>(i - 3));
        QCOMPARE(pair.in->replayWindow()->rightEdge(), 0x100000004ULL);
        const auto* lastVerdict = pair.last(EventKind::Verdict);
        QCOMPARE(QString::fromStdString(lastVerdict->id), QStringLiteral("ESP.A2B.seq4294967300.verdict"));

        // The high bits are authenticated though never sent: a receiver that believes it is still in
        // the first 2^32 numbers (no "start at N") rejects the sender's packets.
        SaPair unprepared(options);
        ipsec::Sad lateReceiver("late");
        SaConfig c = unprepared.config(options);
        c.labStartSequence.reset();
        lateReceiver.add(std::move(c));
        auto early = lateReceiver.receive(*unprepared.send(test::icmpPacket(80)), Timestamp{0});
        EXPECT_VERDICT(early, Verdict::TooOld);
    }

    // Without ESN the counter stops at 2^32 - 1: "rekey needed" first, then refusal; never a wrap.
    void sequenceNumbersNeverCycle() {
        PairOptions options;
        options.start = 0xfffffffdULL;
        options.sequenceSoftMargin = 2;
        SaPair pair(options);
        const Bytes inner = test::icmpPacket(60);
        QVERIFY(pair.send(inner).has_value()); // ...fffd: 2 left
        QVERIFY(pair.out->rekeyNeeded());
        QCOMPARE(pair.countKind(EventKind::SoftLimit), std::size_t{1});
        QCOMPARE(pair.last(EventKind::SoftLimit)->limit, LimitKind::SequenceNumber);
        QCOMPARE(QString::fromStdString(pair.last(EventKind::SoftLimit)->id), QStringLiteral("ESP.A2B.soft-limit"));
        QVERIFY(pair.send(inner).has_value()); // ...fffe
        QVERIFY(pair.send(inner).has_value()); // ...ffff, the last
        QCOMPARE(pair.out->state(), SaState::Expired);
        QCOMPARE(pair.countKind(EventKind::HardLimit), std::size_t{1});
        auto refused = pair.send(inner);
        QVERIFY(!refused.has_value());
        QCOMPARE(pair.out->counters().refusedToSend, std::uint64_t{1});
        QCOMPARE(pair.last(EventKind::RefusedToSend)->limit, LimitKind::SequenceNumber);
        QCOMPARE(QString::fromStdString(pair.last(EventKind::RefusedToSend)->id),
                 QStringLiteral("ESP.A2B.seq4294967295.refused"));
        QCOMPARE(pair.countKind(EventKind::Sent), std::size_t{3});
        QCOMPARE(pair.countKind(EventKind::SoftLimit), std::size_t{1}); // once
    }

    // ------------------------------------------------------------------------------------------
    // Lifetimes

    void lifetimeByPackets() {
        PairOptions options;
        options.lifetime.soft.packets = 3;
        options.lifetime.hard.packets = 5;
        SaPair pair(options);
        const Bytes inner = test::icmpPacket(60);
        for (int i = 1; i <= 5; ++i) {
            QVERIFY(pair.send(inner).has_value());
            QCOMPARE(pair.out->rekeyNeeded(), i >= 3);
            QCOMPARE(pair.countKind(EventKind::SoftLimit), std::size_t{i >= 3 ? 1U : 0U});
        }
        QCOMPARE(pair.countKind(EventKind::HardLimit), std::size_t{1});
        QCOMPARE(pair.last(EventKind::HardLimit)->limit, LimitKind::Packets);
        QCOMPARE(QString::fromStdString(pair.last(EventKind::HardLimit)->id), QStringLiteral("ESP.A2B.hard-limit"));
        QVERIFY(!pair.send(inner).has_value());
        QVERIFY(!pair.send(inner).has_value());
        QCOMPARE(pair.countKind(EventKind::RefusedToSend), std::size_t{2});
        QCOMPARE(pair.out->counters().packetsSent, std::uint64_t{5});
    }

    void lifetimeByBytes() {
        PairOptions options;
        options.lifetime.soft.bytes = 250;
        options.lifetime.hard.bytes = 400;
        SaPair pair(options);
        const Bytes inner = test::icmpPacket(100);
        QVERIFY(pair.send(inner).has_value()); // 100
        QVERIFY(pair.send(inner).has_value()); // 200
        QVERIFY(!pair.out->rekeyNeeded());
        QVERIFY(pair.send(inner).has_value()); // 300: soft
        QVERIFY(pair.out->rekeyNeeded());
        QCOMPARE(pair.last(EventKind::SoftLimit)->limit, LimitKind::Bytes);
        QVERIFY(pair.send(inner).has_value()); // 400: hard
        QCOMPARE(pair.out->state(), SaState::Expired);
        QVERIFY(!pair.send(inner).has_value());
    }

    void lifetimeByTime() {
        using namespace std::chrono_literals;
        PairOptions options;
        options.lifetime.soft.time = 10s;
        options.lifetime.hard.time = 20s;
        SaPair pair(options);
        const Bytes inner = test::icmpPacket(60);
        QVERIFY(pair.out->nextTimeout() == std::optional<Timestamp>(10s));
        const Bytes early = *pair.send(inner, 5s);
        pair.out->poll(9s);
        QVERIFY(!pair.out->rekeyNeeded());
        pair.sender.poll(10s);
        QVERIFY(pair.out->rekeyNeeded());
        QCOMPARE(pair.last(EventKind::SoftLimit)->limit, LimitKind::Time);
        QVERIFY(pair.out->nextTimeout() == std::optional<Timestamp>(20s));
        QVERIFY(pair.sender.nextTimeout() == std::optional<Timestamp>(20s));
        QVERIFY(pair.send(inner, 19s).has_value());
        QVERIFY(!pair.send(inner, 25s).has_value()); // the hard limit fires first, then the refusal
        QCOMPARE(pair.countKind(EventKind::HardLimit), std::size_t{1});
        QCOMPARE(pair.last(EventKind::RefusedToSend)->limit, LimitKind::Time);
        QVERIFY(!pair.out->nextTimeout().has_value());
        // The receiving SA has the same lifetime: past it, packets are refused as expired.
        EXPECT_VERDICT(pair.deliver(early, 5s), Verdict::Accepted);
        const Bytes late = test::icmpPacket(60, 2);
        SaPair fresh(options);
        const Bytes second = *fresh.send(late, 1s);
        EXPECT_VERDICT(fresh.deliver(second, 21s), Verdict::SaExpired);
        QCOMPARE(fresh.in->counters().count(Verdict::SaExpired), std::uint64_t{1});
    }

    void inboundHardLimit() {
        PairOptions options;
        options.lifetime.hard.packets = 2;
        SaPair pair(options);
        std::vector<Bytes> packets;
        for (int i = 0; i < 2; ++i) packets.push_back(*pair.send(test::icmpPacket(60, static_cast<std::uint16_t>(i))));
        EXPECT_VERDICT(pair.deliver(packets[0]), Verdict::Accepted);
        EXPECT_VERDICT(pair.deliver(packets[1]), Verdict::Accepted);
        QCOMPARE(pair.in->state(), SaState::Expired);
        // A third, forged from the first, is not even checked.
        EXPECT_VERDICT(pair.deliver(packets[0]), Verdict::SaExpired);
    }

    // ------------------------------------------------------------------------------------------
    // SPD

    void subnets() {
        QVERIFY(Subnet::parse("10.1.0.0/24").has_value());
        QVERIFY(Subnet::parse("10.1.0.10").has_value());
        QCOMPARE(Subnet::parse("10.1.0.10")->prefixLength, std::uint8_t{32});
        QVERIFY(!Subnet::parse("10.1.0.1/24").has_value()); // host bits set
        QVERIFY(!Subnet::parse("10.1.0.0/33").has_value());
        QVERIFY(!Subnet::parse("10.1.0.0/").has_value());
        QVERIFY(Subnet::parse("0.0.0.0/0")->contains(ipv4("192.0.2.1")));
        QVERIFY(Subnet::parse("10.1.0.0/24")->contains(ipv4("10.1.0.255")));
        QVERIFY(!Subnet::parse("10.1.0.0/24")->contains(ipv4("10.1.1.0")));
        QCOMPARE(QString::fromStdString(Subnet::parse("10.2.0.0/16")->toString()), QStringLiteral("10.2.0.0/16"));
    }

    void spdAcquireAndQueue() {
        using namespace std::chrono_literals;
        Spd spd(QueueLimits{3, 10s});
        std::vector<Event> events;
        std::vector<std::string> ids;
        spd.setEventSink([&](const Event& e) {
            ids.push_back(e.id());
            events.push_back(e);
        });
        QVERIFY(spd.add(Policy{"A-to-B", *Subnet::parse("10.1.0.0/24"), *Subnet::parse("10.2.0.0/24"),
                               PolicyAction::Protect, IpsecProtocol::Esp})
                    .has_value());
        QVERIFY(spd.add(Policy{"lan", *Subnet::parse("10.1.0.0/24"), *Subnet::parse("10.1.0.0/24"),
                               PolicyAction::Bypass, IpsecProtocol::Esp})
                    .has_value());
        QVERIFY(spd.add(Policy{"rest", *Subnet::parse("0.0.0.0/0"), *Subnet::parse("0.0.0.0/0"), PolicyAction::Discard,
                               IpsecProtocol::Esp})
                    .has_value());
        QVERIFY(!spd.add(Policy{"lan", *Subnet::parse("10.1.0.0/24"), *Subnet::parse("10.1.0.0/24"),
                                PolicyAction::Bypass, IpsecProtocol::Esp})
                     .has_value());

        // Interesting traffic without an SA: acquire once, queue, then drop beyond the limit.
        std::vector<Bytes> sent;
        for (int i = 1; i <= 4; ++i) {
            sent.push_back(test::icmpPacket(60, static_cast<std::uint16_t>(i)));
            const auto d = spd.outbound(sent.back(), Timestamp(std::chrono::seconds(i)));
            QCOMPARE(d.kind, i <= 3 ? OutboundDecision::Kind::Queued : OutboundDecision::Kind::Dropped);
            QCOMPARE(QString::fromStdString(d.policy->name), QStringLiteral("A-to-B"));
        }
        QCOMPARE(std::count(ids.begin(), ids.end(), "SPD.A-to-B.acquire"), 1L);
        QCOMPARE(std::count(ids.begin(), ids.end(), "SPD.A-to-B.queued"), 3L);
        QCOMPARE(std::count(ids.begin(), ids.end(), "SPD.A-to-B.queue-dropped"), 1L);
        QCOMPARE(ids.front(), std::string("SPD.A-to-B.acquire")); // the first interesting packet starts IKE
        QCOMPARE(spd.queued("A-to-B"), std::size_t{3});
        QVERIFY(spd.acquirePending("A-to-B"));

        // Other policies.
        QCOMPARE(spd.outbound(test::icmpPacket(60, 9, "10.1.0.10", "10.1.0.11"), Timestamp{0}).kind,
                 OutboundDecision::Kind::Bypass);
        QCOMPARE(spd.outbound(test::icmpPacket(60, 9, "10.1.0.10", "192.0.2.1"), Timestamp{0}).kind,
                 OutboundDecision::Kind::Discard);
        QCOMPARE(ids.back(), std::string("SPD.rest.discarded"));
        Spd empty;
        QCOMPARE(empty.outbound(sent[0], Timestamp{0}).kind, OutboundDecision::Kind::Discard); // no policy, no traffic
        QVERIFY(empty.outbound(sent[0], Timestamp{0}).policy == nullptr);

        // IKE delivered the SA: the queue comes back oldest first, and the packets go through it.
        SaPair pair;
        auto released = spd.attachSa("A-to-B", pair.out->key());
        QVERIFY(released.has_value());
        QCOMPARE(released->size(), std::size_t{3});
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE((*released)[i], sent[i]);
            auto r = pair.deliver(*pair.send((*released)[i]));
            EXPECT_VERDICT(r, Verdict::Accepted);
            QCOMPARE(r.packet, sent[i]);
        }
        QVERIFY(!spd.acquirePending("A-to-B"));
        const auto d = spd.outbound(sent[3], Timestamp{0});
        QCOMPARE(d.kind, OutboundDecision::Kind::Protect);
        QVERIFY(d.sa.has_value());
        QCOMPARE(*d.sa, pair.out->key());
        QVERIFY(!spd.attachSa("lan", pair.out->key()).has_value());
        QVERIFY(!spd.attachSa("nope", pair.out->key()).has_value());

        // When the SA goes away, the next packet acquires again; waiting too long drops the queue.
        spd.detachSa("A-to-B");
        QCOMPARE(spd.outbound(sent[0], 100s).kind, OutboundDecision::Kind::Queued);
        QCOMPARE(std::count(ids.begin(), ids.end(), "SPD.A-to-B.acquire"), 2L);
        spd.outbound(sent[1], 105s);
        spd.poll(109s);
        QCOMPARE(spd.queued("A-to-B"), std::size_t{2});
        spd.poll(110s);
        QCOMPARE(spd.queued("A-to-B"), std::size_t{1});
        spd.poll(115s);
        QCOMPARE(spd.queued("A-to-B"), std::size_t{0});
        QVERIFY(!spd.acquirePending("A-to-B"));
        QCOMPARE(std::count(ids.begin(), ids.end(), "SPD.A-to-B.queue-dropped"), 3L);
        spd.outbound(sent[2], 120s);
        QCOMPARE(std::count(ids.begin(), ids.end(), "SPD.A-to-B.acquire"), 3L);
    }

    // ------------------------------------------------------------------------------------------
    // Deletion

    void zeroizeOnDelete() {
        for (IpsecProtocol protocol : {IpsecProtocol::Esp, IpsecProtocol::Ah}) {
            PairOptions options;
            options.protocol = protocol;
            if (protocol == IpsecProtocol::Ah) options.suite = {Encryption::Null, Integrity::HmacSha256_128};
            SaPair pair(options);
            const Bytes packet = *pair.send(test::icmpPacket(60));
            const SaKey key = pair.out->key();
            const std::size_t encryptionLength = pair.out->encryptionKey().size();
            const std::size_t integrityLength = pair.out->integrityKey().size();
            QVERIFY(integrityLength > 0);
            QVERIFY(std::any_of(pair.out->integrityKey().begin(), pair.out->integrityKey().end(),
                                [](auto b) { return b != 0; }));

            auto dead = pair.sender.remove(key, Timestamp{7});
            QVERIFY(dead != nullptr);
            QVERIFY(pair.sender.find(key) == nullptr);
            QCOMPARE(dead->state(), SaState::Deleted);
            // Keys wiped in place (the sizes stay for a view of the dead SA).
            QCOMPARE(dead->encryptionKey().size(), encryptionLength);
            QCOMPARE(dead->integrityKey().size(), integrityLength);
            QVERIFY(
                std::all_of(dead->encryptionKey().begin(), dead->encryptionKey().end(), [](auto b) { return b == 0; }));
            QVERIFY(
                std::all_of(dead->integrityKey().begin(), dead->integrityKey().end(), [](auto b) { return b == 0; }));
            const auto* deleted = pair.last(EventKind::SaDeleted);
            QVERIFY(deleted);
            QCOMPARE(QString::fromStdString(deleted->id),
                     QStringLiteral("%1.A2B.deleted").arg(protocolName(protocol).c_str()));
            // A dead SA carries nothing.
            QVERIFY(!dead->protect(test::icmpPacket(60), Timestamp{8}).has_value());
            QCOMPARE(dead->unprotect(packet, Timestamp{8}).verdict, Verdict::SaExpired);
            QVERIFY(pair.sender.remove(key) == nullptr);

            // The receiver deletes too: the packet now meets an unknown SPI.
            QVERIFY(pair.receiver.remove(key) != nullptr);
            EXPECT_VERDICT(pair.deliver(packet), Verdict::UnknownSpi);
            QCOMPARE(pair.receiver.unknownSpiCount(), std::uint64_t{1});
            QCOMPARE(pair.receiver.size(), std::size_t{0});
        }
    }

    // docs/architecture.md "Deterministic by seed": CBC IVs come from the seeded RandomSource, GCM IVs from the
    // sequence number, so the same seed gives byte-identical packets; another seed, other CBC IVs.
    void deterministicBySeed() {
        for (const Suite& suite :
             {Suite{Encryption::Aes128Cbc, Integrity::HmacSha1_96}, Suite{Encryption::Aes128Gcm16, Integrity::None}}) {
            PairOptions options;
            options.suite = suite;
            SaPair first(options);
            SaPair second(options);
            SaPair reseeded(options);
            reseeded.random = crypto::DeterministicRandom(43);
            bool differs = false;
            for (int i = 0; i < 5; ++i) {
                const Bytes inner = test::icmpPacket(100, static_cast<std::uint16_t>(i));
                const Bytes a = *first.send(inner);
                QCOMPARE(toHex(*second.send(inner)), toHex(a));
                differs = differs || *reseeded.send(inner) != a;
            }
            QCOMPARE(differs, !isAead(suite.encryption));
        }
    }

    // The overloads that reuse the caller's buffers (what a forwarding loop and esp_bench use) give
    // exactly what the ones returning fresh values give, packet after packet, whatever the previous
    // packet was: bigger or smaller, accepted or refused; and the packet to work on may even lie in
    // the buffer being reused.
    void reusedBuffers_data() {
        QTest::addColumn<IpsecProtocol>("protocol");
        QTest::addColumn<Suite>("suite");
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<bool>("udp");
        for (const Suite& suite :
             {Suite{Encryption::Aes128Gcm16, Integrity::None}, Suite{Encryption::Aes128Cbc, Integrity::HmacSha1_96},
              Suite{Encryption::Null, Integrity::HmacSha256_128}})
            for (Mode mode : {Mode::Tunnel, Mode::Transport})
                for (bool udp : {false, true})
                    QTest::addRow("ESP %s %s%s", suiteName(suite).c_str(), modeName(mode).data(), udp ? " UDP" : "")
                        << IpsecProtocol::Esp << suite << mode << udp;
        for (Mode mode : {Mode::Tunnel, Mode::Transport})
            QTest::addRow("AH %s", modeName(mode).data())
                << IpsecProtocol::Ah << Suite{Encryption::Null, Integrity::HmacSha1_96} << mode << false;
    }

    void reusedBuffers() {
        QFETCH(IpsecProtocol, protocol);
        QFETCH(Suite, suite);
        QFETCH(Mode, mode);
        QFETCH(bool, udp);
        PairOptions options;
        options.protocol = protocol;
        options.suite = suite;
        options.mode = mode;
        options.udp = udp;
        SaPair reusing(options); // same seed: the same packets byte for byte
        SaPair fresh(options);
        Bytes wirePacket;
        InboundResult result;
        auto same = [](const InboundResult& a, const InboundResult& b) {
            return a.verdict == b.verdict && a.sequenceNumber == b.sequenceNumber && a.nextHeader == b.nextHeader &&
                   a.packet == b.packet && a.reason == b.reason && a.window.has_value() == b.window.has_value() &&
                   (!a.window || (a.window->rightEdge == b.window->rightEdge && a.window->marked == b.window->marked &&
                                  a.window->shift == b.window->shift));
        };
        Bytes previousWire;
        for (std::size_t size : {1400, 60, 1500, 28, 333, 1400}) {
            const Bytes inner = test::icmpPacket(size, static_cast<std::uint16_t>(size));
            auto sequence = reusing.out->protect(inner, Timestamp{0}, wirePacket);
            QVERIFY2(sequence.has_value(), sequence ? "" : sequence.error().toString().c_str());
            const Bytes expected = *fresh.send(inner);
            QCOMPARE(toHex(wirePacket), toHex(expected));
            QCOMPARE(*sequence, fresh.out->nextSequenceNumber() - 1);

            // A forgery of it first: refused, nothing delivered.
            Bytes forged = wirePacket;
            forged.back() ^= 1;
            reusing.receiver.receive(forged, Timestamp{0}, result);
            EXPECT_VERDICT(result, Verdict::BadIcv);
            QVERIFY(same(result, fresh.deliver(forged)));
            QVERIFY(result.packet.empty());

            reusing.receiver.receive(wirePacket, Timestamp{0}, result);
            const InboundResult accepted = fresh.deliver(expected);
            EXPECT_VERDICT(result, Verdict::Accepted);
            QVERIFY(same(result, accepted));
            QCOMPARE(toHex(result.packet), toHex(inner));

            // A replay of the previous packet: refused, and nothing of the accepted result before
            // is left (packet, window delta).
            if (!previousWire.empty()) {
                reusing.receiver.receive(previousWire, Timestamp{0}, result);
                EXPECT_VERDICT(result, Verdict::Duplicate);
                QVERIFY(same(result, fresh.deliver(previousWire)));
                QVERIFY(result.packet.empty());
                QVERIFY(!result.window.has_value());
                QVERIFY(!result.reason.empty());
            }
            previousWire = wirePacket;
        }
        // The same events on both sides (the reused one's views were read while valid).
        QCOMPARE(reusing.events.size(), fresh.events.size());
        for (std::size_t i = 0; i < fresh.events.size(); ++i) {
            QCOMPARE(QString::fromStdString(reusing.events[i].id), QString::fromStdString(fresh.events[i].id));
            QCOMPARE(reusing.events[i].packet, fresh.events[i].packet);
            QCOMPARE(reusing.events[i].payload, fresh.events[i].payload);
            QCOMPARE(reusing.events[i].reason, fresh.events[i].reason);
        }

        // Working in place: the packet to protect lies in the output buffer, the packet to judge in
        // the result's buffer.
        const Bytes inner = test::icmpPacket(200, 7);
        wirePacket = inner;
        QVERIFY(reusing.out->protect(wirePacket, Timestamp{0}, wirePacket).has_value());
        const Bytes expected = *fresh.send(inner);
        QCOMPARE(toHex(wirePacket), toHex(expected));
        result.packet = wirePacket;
        reusing.receiver.receive(result.packet, Timestamp{0}, result);
        EXPECT_VERDICT(result, Verdict::Accepted);
        QCOMPARE(toHex(result.packet), toHex(inner));
        // And a failure leaves the output empty.
        wirePacket = inner;
        QVERIFY(!reusing.out->protect(ByteView(inner).first(10), Timestamp{0}, wirePacket).has_value());
        QVERIFY(wirePacket.empty());
    }

    // The SAD routes a run of packets by remembering the last SA: packets for two SAs in turn still
    // reach their own, and a removed SA is forgotten (its next packet meets an unknown SPI).
    // RFC 4301 §5.2: after decapsulation the packet must lie inside the SA's selectors. A packet
    // sealed with the right keys but from (or to) elsewhere is authentic, so the window moves (RFC
    // 4303 §3.4.3 comes first), and it is dropped with a verdict of its own; nothing is delivered.
    void selectorsChecked_data() {
        QTest::addColumn<IpsecProtocol>("protocol");
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<Suite>("suite");
        const Suite cbc{Encryption::Aes128Cbc, Integrity::HmacSha1_96};
        const Suite gcm{Encryption::Aes128Gcm16, Integrity::None};
        const Suite ah{Encryption::Null, Integrity::HmacSha256_128};
        QTest::newRow("esp tunnel cbc") << IpsecProtocol::Esp << Mode::Tunnel << cbc;
        QTest::newRow("esp tunnel gcm") << IpsecProtocol::Esp << Mode::Tunnel << gcm;
        QTest::newRow("esp transport") << IpsecProtocol::Esp << Mode::Transport << cbc;
        QTest::newRow("ah tunnel") << IpsecProtocol::Ah << Mode::Tunnel << ah;
        QTest::newRow("ah transport") << IpsecProtocol::Ah << Mode::Transport << ah;
    }
    void selectorsChecked() {
        QFETCH(IpsecProtocol, protocol);
        QFETCH(Mode, mode);
        QFETCH(Suite, suite);
        const bool tunnel = mode == Mode::Tunnel;
        PairOptions options;
        // Transport mode: the hosts themselves (the SA's own addresses); tunnel mode: the two LANs.
        const std::uint8_t prefix = tunnel ? 24 : 32;
        options.selectors = SaSelectors{TrafficSelector{ipv4(tunnel ? "10.1.0.0" : "10.1.0.10"), prefix},
                                        TrafficSelector{ipv4(tunnel ? "10.2.0.0" : "10.2.0.20"), prefix}};
        options.protocol = protocol;
        options.suite = suite;
        options.mode = mode;
        SaPair pair(options);

        // Control: a packet inside the selectors is delivered.
        const Bytes inside = icmpPacket(84, 1);
        const auto accepted = pair.deliver(*pair.send(inside));
        EXPECT_VERDICT(accepted, Verdict::Accepted);
        QCOMPARE(accepted.packet, inside);

        // The same packet from 192.0.2.66, sealed with the same keys: refused by policy.
        const Bytes outside = icmpPacket(84, 1, "192.0.2.66");
        const Bytes wirePacket = *pair.send(outside);
        const auto refused = pair.deliver(wirePacket);
        EXPECT_VERDICT(refused, Verdict::PolicyMismatch);
        QVERIFY(refused.packet.empty());
        QVERIFY2(refused.reason.find("source 192.0.2.66") != std::string::npos, refused.reason.c_str());
        QVERIFY2(refused.reason.find(tunnel ? "10.1.0.0/24" : "10.1.0.10/32") != std::string::npos,
                 refused.reason.c_str());
        QCOMPARE(refused.sequenceNumber, std::uint64_t{2});
        QVERIFY(refused.window && refused.window->rightEdge == 2); // authentic: the window moved
        const auto* event = pair.last(EventKind::Verdict);
        QCOMPARE(event->verdict, Verdict::PolicyMismatch);
        QCOMPARE(event->id, std::string(protocolName(protocol)) + ".A2B.seq2.verdict");
        QVERIFY(event->payload.empty());
        if (protocol == IpsecProtocol::Esp) QVERIFY(!event->cleartext.empty()); // what the attacker sent, shown
        QCOMPARE(pair.in->counters().count(Verdict::PolicyMismatch), std::uint64_t{1});
        QCOMPARE(pair.in->counters().packetsReceived, std::uint64_t{1});
        // Its sequence number is used up: a copy is a duplicate.
        EXPECT_VERDICT(pair.deliver(wirePacket), Verdict::Duplicate);

        if (tunnel) { // transport mode finds its SA by this address: a stranger would be an unknown SPI
            const auto elsewhere = pair.deliver(*pair.send(icmpPacket(84, 3, "10.1.0.10", "10.9.0.1")));
            EXPECT_VERDICT(elsewhere, Verdict::PolicyMismatch);
            QVERIFY2(elsewhere.reason.find("destination 10.9.0.1") != std::string::npos, elsewhere.reason.c_str());
        }
        // The tunnel goes on for packets inside.
        EXPECT_VERDICT(pair.deliver(*pair.send(icmpPacket(84, 4))), Verdict::Accepted);
    }

    // A selector with a protocol and a port: only that traffic passes.
    void selectorProtocolAndPort() {
        PairOptions options;
        options.selectors = SaSelectors{TrafficSelector{ipv4("10.1.0.0"), 24},
                                        TrafficSelector{ipv4("10.2.0.20"), 32, 17, 53}};
        SaPair pair(options);
        auto udpPacket = [](std::uint16_t port) {
            wire::Ipv4Header h;
            h.protocol = wire::IpProtocol::Udp;
            h.source = ipv4("10.1.0.10");
            h.destination = ipv4("10.2.0.20");
            const Bytes payload{1, 2, 3, 4};
            return *wire::encodeIpv4(h, *wire::encodeUdp(40000, port, payload, {h.source, h.destination}));
        };
        EXPECT_VERDICT(pair.deliver(*pair.send(udpPacket(53))), Verdict::Accepted); // control
        const auto otherPort = pair.deliver(*pair.send(udpPacket(54)));
        EXPECT_VERDICT(otherPort, Verdict::PolicyMismatch);
        QVERIFY2(otherPort.reason.find("10.2.0.20 udp port 54") != std::string::npos, otherPort.reason.c_str());
        QVERIFY2(otherPort.reason.find("10.2.0.20/32 udp port 53") != std::string::npos, otherPort.reason.c_str());
        EXPECT_VERDICT(pair.deliver(*pair.send(icmpPacket(84, 3))), Verdict::PolicyMismatch); // ICMP: no port
        EXPECT_VERDICT(pair.deliver(*pair.send(udpPacket(53))), Verdict::Accepted);
    }

    void trafficSelectorContains() {
        const TrafficSelector any{};
        QVERIFY(any.containsAddress(ipv4("203.0.113.9")));
        const TrafficSelector lan{ipv4("10.1.0.0"), 24};
        QVERIFY(lan.containsAddress(ipv4("10.1.0.255")));
        QVERIFY(!lan.containsAddress(ipv4("10.1.1.0")));
        const TrafficSelector host{ipv4("10.1.0.10"), 32};
        QVERIFY(host.containsAddress(ipv4("10.1.0.10")));
        QVERIFY(!host.containsAddress(ipv4("10.1.0.11")));
        QCOMPARE(lan.toString(), std::string("10.1.0.0/24"));
        QCOMPARE((TrafficSelector{ipv4("10.1.0.10"), 32, 6, 443}.toString()), std::string("10.1.0.10/32 tcp port 443"));
    }

    void sadRoutesAfterRemoval() {
        PairOptions first;
        PairOptions second;
        second.spi = 0xc0ffee02;
        second.keyStart = 0x70;
        SaPair a(first);
        auto added = a.receiver.add(a.config(second));
        QVERIFY(added.has_value());
        auto otherOut = SecurityAssociation::create(a.config(second));
        QVERIFY(otherOut.has_value());
        for (int i = 0; i < 3; ++i) {
            const Bytes inner = test::icmpPacket(100, static_cast<std::uint16_t>(i));
            EXPECT_VERDICT(a.deliver(*a.send(inner)), Verdict::Accepted);
            EXPECT_VERDICT(a.deliver(*(*otherOut)->protect(inner, Timestamp{0})), Verdict::Accepted);
        }
        QCOMPARE(a.in->counters().count(Verdict::Accepted), std::uint64_t{3});
        QCOMPARE((*added)->counters().count(Verdict::Accepted), std::uint64_t{3});
        const Bytes next = *a.send(test::icmpPacket(100, 9));
        EXPECT_VERDICT(a.deliver(*a.send(test::icmpPacket(100, 8))), Verdict::Accepted); // remembered now
        QVERIFY(a.receiver.remove(a.in->key()) != nullptr);
        EXPECT_VERDICT(a.deliver(next), Verdict::UnknownSpi);
        EXPECT_VERDICT(a.deliver(*(*otherOut)->protect(test::icmpPacket(100, 9), Timestamp{0})), Verdict::Accepted);
    }

    // The data plane's word-at-a-time header checksum agrees with wire::internetChecksum for every
    // header length, and its tunnel headers verify.
    void headerChecksum() {
        std::mt19937 random(5);
        for (std::size_t length = 20; length <= 60; length += 4) {
            for (int round = 0; round < 200; ++round) {
                Bytes header(length);
                for (auto& b : header) b = static_cast<std::uint8_t>(random());
                if (round == 0) std::fill(header.begin(), header.end(), 0xff);
                if (round == 1) std::fill(header.begin(), header.end(), 0x00);
                header[10] = 0;
                header[11] = 0;
                const std::uint16_t expected = wire::internetChecksum(header);
                QCOMPARE(ipv4HeaderChecksum(header.data(), length), expected);
                header[10] = static_cast<std::uint8_t>(expected >> 8);
                header[11] = static_cast<std::uint8_t>(expected);
                QCOMPARE(ipv4HeaderChecksum(header.data(), length), std::uint16_t{0});
            }
        }
    }

    void eventIds() {
        Event e;
        e.label = "A2B";
        e.sequenceNumber = 5;
        QCOMPARE(e.id(), std::string("ESP.A2B.seq5.verdict"));
        e.kind = EventKind::Sent;
        QCOMPARE(e.id(), std::string("ESP.A2B.seq5.sent"));
        e.protocol = IpsecProtocol::Ah;
        e.kind = EventKind::SoftLimit;
        QCOMPARE(e.id(), std::string("AH.A2B.soft-limit"));
        e.kind = EventKind::Acquire;
        e.label = "A-to-B";
        QCOMPARE(e.id(), std::string("SPD.A-to-B.acquire"));
        e.kind = EventKind::Verdict;
        e.verdict = Verdict::UnknownSpi;
        e.protocol = IpsecProtocol::Esp;
        e.label = "B";
        QCOMPARE(e.id(), std::string("ESP.B.unknown-spi.seq5.verdict"));
        for (std::size_t v = 0; v < kVerdictCount; ++v) QVERIFY(verdictName(static_cast<Verdict>(v)) != "?");
    }
};

QTEST_APPLESS_MAIN(TestIpsecSa)
#include "tst_ipsec_sa.moc"
