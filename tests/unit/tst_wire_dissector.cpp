// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Whole packets dissected layer by layer (core/wire/PacketDissector): built here byte by byte, so
// every field's offset and value is known; every byte must belong to a field; a cut packet gives an
// error naming the field it cuts, with the fields before it annotated.

#include <QTest>

#include "AnnotationTest.h"
#include "TestData.h"
#include "capture/PcapngReader.h"
#include "wire/AhHeader.h"
#include "wire/EspPacket.h"
#include "wire/IcmpEcho.h"
#include "wire/Ipv4Header.h"
#include "wire/IsakmpHeader.h"
#include "wire/NatTMarker.h"
#include "wire/PacketDissector.h"
#include "wire/UdpHeader.h"

using namespace ipseclab;
using namespace ipseclab::wire;

namespace {

using test::hex;

const Ipv4Address kGatewayA{{127, 0, 0, 1}};
const Ipv4Address kGatewayB{{127, 0, 0, 2}};
const Ipv4Address kHostA{{10, 1, 0, 10}};
const Ipv4Address kHostB{{10, 2, 0, 20}};

// SPI 0x00001234, seq 5, IV a0..af, 32 bytes of "ciphertext" c0.., ICV e0..eb (AES-CBC + HMAC-SHA1-96).
const char* const kEsp = "0000123400000005"
                         "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                         "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
                         "e0e1e2e3e4e5e6e7e8e9eaeb";
const EspLayout kCbcLayout{16, 12};

Bytes ipv4(IpProtocol protocol, Ipv4Address source, Ipv4Address destination, ByteView payload) {
    Ipv4Header h;
    h.protocol = protocol;
    h.identification = 0x0102;
    h.source = source;
    h.destination = destination;
    auto packet = encodeIpv4(h, payload);
    if (!packet) qFatal("%s", packet.error().message.c_str());
    return *packet;
}

Bytes echoRequest() {
    IcmpEcho echo;
    echo.identifier = 0x4242;
    echo.sequenceNumber = 3;
    echo.data = hex("1011121314151617");
    return encodeIcmpEcho(echo);
}

using test::uncoveredBytes;
using wire::findAnnotation;

// The layers a dissection found, as "IPv4 0+20 carrier · UDP 20+8 carrier · ESP 28+68".
QString layersOf(const Dissection& d) {
    QStringList out;
    for (const Layer& l : d.layers)
        out << QStringLiteral("%1 %2+%3%4")
                   .arg(QString::fromStdString(l.name))
                   .arg(l.offset)
                   .arg(l.length)
                   .arg(l.carrier ? QStringLiteral(" carrier") : QString());
    return out.join(QStringLiteral(" · "));
}

// The `N`th field registered as `K` (see docs/field-keys.md) is at offset O, L bytes long, and reads V.
#define CHECK_NTH_FIELD(annotations, K, N, O, L, V)                                                                    \
    do {                                                                                                               \
        const Annotation* f_ = findAnnotation(annotations, K, N);                                                      \
        QVERIFY2(f_, "no field " K " #" #N);                                                                           \
        QCOMPARE(f_->offset, std::size_t(O));                                                                          \
        QCOMPARE(f_->length, std::size_t(L));                                                                          \
        QCOMPARE(QString::fromStdString(f_->value), QString(V));                                                       \
    } while (false)
#define CHECK_FIELD(annotations, K, O, L, V) CHECK_NTH_FIELD(annotations, K, 1, O, L, V)

} // namespace

class TestWireDissector : public QObject {
    Q_OBJECT

private slots:
    // ESP in UDP 4500 (NAT traversal): IPv4 20 bytes, UDP 8, then SPI at 28.
    void espInUdpFrame() {
        auto udp = encodeUdp(kNatTPort, kNatTPort, hex(kEsp), UdpPseudoHeader{kGatewayA, kGatewayB}, UdpChecksum::Zero);
        QVERIFY(udp);
        const Bytes frame = ipv4(IpProtocol::Udp, kGatewayA, kGatewayB, *udp);
        Annotations a;
        const Dissection d = dissectIpv4Packet(frame, Annotator(&a), IpsecHints{kCbcLayout, std::nullopt});
        QVERIFY(!d.error);
        QCOMPARE(layersOf(d), QString("IPv4 0+20 carrier · UDP 20+8 carrier · ESP 28+68"));
        QVERIFY(!d.offsetOf(Layer::Kind::Isakmp));
        QCOMPARE(d.offsetOf(Layer::Kind::Esp), std::optional<std::size_t>(28));
        CHECK_FIELD(a, "ip.proto", 9, 1, "UDP (17)");
        CHECK_FIELD(a, "ip.src", 12, 4, "127.0.0.1");
        CHECK_FIELD(a, "udp.dstport", 22, 2, "4500");
        CHECK_FIELD(a, "udp.checksum", 26, 2, "0x0000 (none: the sender did not compute one)");
        CHECK_FIELD(a, "esp", 28, 68, "SPI 0x00001234, seq 5");
        CHECK_FIELD(a, "esp.spi", 28, 4, "0x00001234 (4660)");
        CHECK_FIELD(a, "esp.sequence", 32, 4, "5");
        CHECK_FIELD(a, "esp.iv", 36, 16, "a0a1a2a3 a4a5a6a7 a8a9aaab acadaeaf");
        CHECK_FIELD(a, "esp.encrypted_data", 52, 32, "32 bytes");
        CHECK_FIELD(a, "esp.icv", 84, 12, "e0e1e2e3 e4e5e6e7 e8e9eaeb");
        QCOMPARE(uncoveredBytes(a, frame.size()), QString());
    }

    // AES-GCM: an 8-byte IV and a 16-byte ICV; without a layout the protected part is one field.
    void espGcmLayoutAndNoLayout() {
        const Bytes esp = hex(kEsp);
        Annotations gcm;
        QVERIFY(!dissectEsp(esp, Annotator(&gcm), IpsecHints{EspLayout{8, 16}, std::nullopt}).error);
        CHECK_FIELD(gcm, "esp.iv", 8, 8, "a0a1a2a3 a4a5a6a7");
        CHECK_FIELD(gcm, "esp.encrypted_data", 16, 36, "36 bytes");
        CHECK_FIELD(gcm, "esp.icv", 52, 16, "dcdddedf e0e1e2e3 e4e5e6e7 e8e9eaeb");
        QCOMPARE(uncoveredBytes(gcm, esp.size()), QString());
        Annotations unknown;
        QVERIFY(!dissectEsp(esp, Annotator(&unknown), {}).error);
        CHECK_FIELD(unknown, "ipseclab.esp.protected", 8, 60, "60 bytes");
        QCOMPARE(uncoveredBytes(unknown, esp.size()), QString());
    }

    // ESN: the high half is a field of its own that covers no byte, right after the sequence number.
    void esnHighBitsAreAFieldOnNoByte() {
        const Bytes frame = ipv4(IpProtocol::Esp, kGatewayA, kGatewayB, hex(kEsp));
        Annotations a;
        QVERIFY(!dissectIpv4Packet(frame, Annotator(&a), IpsecHints{kCbcLayout, 1}).error);
        CHECK_FIELD(a, "esp", 20, 68, "SPI 0x00001234, seq 4294967301");
        CHECK_FIELD(a, "esp.sequence", 24, 4, "5 (the low 32 bits)");
        CHECK_FIELD(a, "ipseclab.esp.sequence_high", 28, 0, "0x00000001 (1): sequence number 4294967301");
        QVERIFY(findAnnotation(a, "ipseclab.esp.sequence_high")->meaning.find("never sent") != std::string::npos);
        // In tree order: just after the sequence number.
        const auto at = [&](std::string_view key) { return findAnnotation(a, key) - a.data(); };
        QCOMPARE(at("ipseclab.esp.sequence_high"), at("esp.sequence") + 1);
        QCOMPARE(uncoveredBytes(a, frame.size()), QString());
    }

    // AH in tunnel mode: IPv4 | AH (12 + 12-byte ICV) | inner IPv4 | ICMP echo, all in clear.
    void ahTunnelFrame() {
        const Bytes inner = ipv4(IpProtocol::Icmp, kHostA, kHostB, echoRequest());
        AhHeader ah;
        ah.nextHeader = IpProtocol::IpInIp;
        ah.spi = 0xabcdef01;
        ah.sequenceNumber = 7;
        ah.icv = hex("f0f1f2f3f4f5f6f7f8f9fafb");
        auto ahBytes = encodeAh(ah, inner);
        QVERIFY(ahBytes);
        const Bytes frame = ipv4(IpProtocol::Ah, kGatewayA, kGatewayB, *ahBytes);
        Annotations a;
        const Dissection d = dissectIpv4Packet(frame, Annotator(&a), IpsecHints{std::nullopt, 0});
        QVERIFY(!d.error);
        QCOMPARE(layersOf(d), QString("IPv4 0+20 carrier · AH 20+24 · Inner IPv4 44+20 carrier · ICMP 64+16"));
        CHECK_FIELD(a, "ip.proto", 9, 1, "AH (51)");
        CHECK_FIELD(a, "ah.next_header", 20, 1, "IPv4 (4)");
        CHECK_FIELD(a, "ah.length", 21, 1, "4 (24 bytes)");
        CHECK_FIELD(a, "ah.reserved", 22, 2, "0x0000");
        CHECK_FIELD(a, "ah.spi", 24, 4, "0xabcdef01 (2882400001)");
        CHECK_FIELD(a, "ah.sequence", 28, 4, "7 (the low 32 bits)");
        CHECK_FIELD(a, "ipseclab.ah.sequence_high", 32, 0, "0x00000000 (0): sequence number 7");
        CHECK_FIELD(a, "ah.icv", 32, 12, "f0f1f2f3 f4f5f6f7 f8f9fafb");
        CHECK_NTH_FIELD(a, "ip", 2, 44, 20, "10.1.0.10 → 10.2.0.20, ICMP (1)");
        CHECK_NTH_FIELD(a, "ip.src", 2, 56, 4, "10.1.0.10");
        CHECK_FIELD(a, "icmp.type", 64, 1, "Echo (ping) request (8)");
        CHECK_FIELD(a, "icmp.seq", 70, 2, "3");
        CHECK_FIELD(a, "data.data", 72, 8, "8 bytes");
        QCOMPARE(uncoveredBytes(a, frame.size()), QString());
    }

    // AH in transport mode carries the upper-layer message itself.
    void ahTransportCarriesIcmp() {
        AhHeader ah;
        ah.nextHeader = IpProtocol::Icmp;
        ah.spi = 0x1000;
        ah.sequenceNumber = 1;
        ah.icv = Bytes(12, 0x5a);
        auto ahBytes = encodeAh(ah, echoRequest());
        QVERIFY(ahBytes);
        const Bytes frame = ipv4(IpProtocol::Ah, kHostA, kHostB, *ahBytes);
        Annotations a;
        QVERIFY(!dissectIpv4Packet(frame, Annotator(&a)).error);
        CHECK_FIELD(a, "icmp.ident", 48, 2, "0x4242 (16962)");
        QCOMPARE(uncoveredBytes(a, frame.size()), QString());
    }

    // UDP 4500 also carries NAT-keepalives and, behind the non-ESP marker, IKE.
    void natTKeepaliveAndMarker() {
        auto keepalive = encodeUdp(kNatTPort, kNatTPort, hex("ff"), UdpPseudoHeader{kGatewayA, kGatewayB});
        QVERIFY(keepalive);
        const Bytes keepaliveFrame = ipv4(IpProtocol::Udp, kGatewayA, kGatewayB, *keepalive);
        Annotations k;
        const Dissection kd = dissectIpv4Packet(keepaliveFrame, Annotator(&k));
        QVERIFY(!kd.error);
        QCOMPARE(layersOf(kd), QString("IPv4 0+20 carrier · UDP 20+8 carrier · NAT-Keepalive 28+1"));
        CHECK_FIELD(k, "udpencap.nat_keepalive", 28, 1, "0xff");
        QCOMPARE(uncoveredBytes(k, keepaliveFrame.size()), QString());

        IsakmpHeader header;
        header.initiatorCookie = {1, 2, 3, 4, 5, 6, 7, 8};
        header.length = kIsakmpHeaderSize;
        auto ike = encodeUdp(kNatTPort, kNatTPort, prependNonEspMarker(encodeIsakmpHeader(header)),
                             UdpPseudoHeader{kGatewayA, kGatewayB});
        QVERIFY(ike);
        const Bytes ikeFrame = ipv4(IpProtocol::Udp, kGatewayA, kGatewayB, *ike);
        Annotations i;
        const Dissection d = dissectIpv4Packet(ikeFrame, Annotator(&i));
        QVERIFY(!d.error);
        QCOMPARE(layersOf(d), QString("IPv4 0+20 carrier · UDP 20+8 carrier · Non-ESP Marker 28+4 · ISAKMP 32+28"));
        QCOMPARE(d.offsetOf(Layer::Kind::Isakmp), std::optional<std::size_t>(32));
        CHECK_FIELD(i, "udpencap.non_esp_marker", 28, 4, "00000000");
        CHECK_FIELD(i, "isakmp.ispi", 32, 8, "0x0102030405060708");
        QCOMPARE(uncoveredBytes(i, ikeFrame.size()), QString());
    }

    // The decrypted part in tunnel mode: the inner packet, TFC padding if any, then the trailer.
    void cleartextTunnelWithTfcPadding() {
        Bytes payload = ipv4(IpProtocol::Icmp, kHostA, kHostB, echoRequest()); // 36 bytes
        payload.insert(payload.end(), {0, 0, 0, 0});                           // 4 bytes of TFC padding
        auto cleartext = encodeEspTrailer(payload, IpProtocol::IpInIp, 16);
        QVERIFY(cleartext);
        QCOMPARE(cleartext->size(), std::size_t{48}); // 40 + 6 padding + 2
        Annotations a;
        const Dissection d = dissectEspCleartext(*cleartext, Annotator(&a));
        QVERIFY(!d.error);
        QCOMPARE(layersOf(d), QString("Inner IPv4 0+20 carrier · ICMP 20+16 · TFC Padding 36+4 · ESP Trailer 40+8"));
        CHECK_FIELD(a, "ip.dst", 16, 4, "10.2.0.20");
        CHECK_FIELD(a, "icmp.type", 20, 1, "Echo (ping) request (8)");
        CHECK_FIELD(a, "ipseclab.esp.tfc_padding", 36, 4, "4 bytes");
        CHECK_FIELD(a, "ipseclab.esp.trailer", 40, 8, "6 bytes of padding, next header IPv4 (4)");
        CHECK_FIELD(a, "esp.pad", 40, 6, "01020304 0506");
        CHECK_FIELD(a, "esp.pad_len", 46, 1, "6");
        CHECK_FIELD(a, "esp.protocol", 47, 1, "IPv4 (4)");
        QCOMPARE(uncoveredBytes(a, cleartext->size()), QString());
    }

    // Transport mode: the upper-layer message, then the trailer (GCM pads to 4 only).
    void cleartextTransport() {
        auto cleartext = encodeEspTrailer(echoRequest(), IpProtocol::Icmp, 1);
        QVERIFY(cleartext);
        Annotations a;
        const Dissection d = dissectEspCleartext(*cleartext, Annotator(&a));
        QVERIFY(!d.error);
        QCOMPARE(layersOf(d), QString("ICMP 0+16 · ESP Trailer 16+4"));
        CHECK_FIELD(a, "icmp", 0, 16, "Echo (ping) request (8), id 16962, seq 3");
        CHECK_FIELD(a, "esp.pad", 16, 2, "0102");
        CHECK_FIELD(a, "esp.protocol", 19, 1, "ICMP (1)");
        QCOMPARE(uncoveredBytes(a, cleartext->size()), QString());
    }

    // A cut packet: the error names the field cut short (where it starts); the fields before are
    // there, and the layers up to the cut one.
    void cutPacketsNameTheField_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QString>("annotatedBefore"); // a field key
        QTest::addColumn<QString>("layers");
        QTest::newRow("ESP header") << "esp:6"
                                    << "ESP/Sequence Number" << 4 << ""
                                    << "ESP 0+6";
        QTest::newRow("ESP without room for its ICV") << "esp:30"
                                                      << "ESP/Encrypted Data" << 24 << ""
                                                      << "ESP 0+30";
        QTest::newRow("AH header") << "ah:10"
                                   << "AH/Sequence Number" << 8 << ""
                                   << "AH 0+10";
        QTest::newRow("the packet inside AH") << "ah:40"
                                              << "Inner IPv4/Destination Address" << 40 << "ah.icv"
                                              << "AH 0+24 · Inner IPv4 24+16 carrier";
        QTest::newRow("ESP trailer") << "clear:1"
                                     << "ESP Trailer/Pad Length" << 0 << ""
                                     << "ESP Trailer 0+1";
        QTest::newRow("inner packet") << "clear:30"
                                      << "Inner IPv4/Total Length" << 2 << ""
                                      << "Inner IPv4 0+20 carrier · ESP Trailer 30+2";
        QTest::newRow("IPv4 total length") << "frame:60"
                                           << "IPv4/Total Length" << 2 << ""
                                           << "IPv4 0+20 carrier";
    }
    void cutPacketsNameTheField() {
        QFETCH(QString, what);
        QFETCH(QString, field);
        QFETCH(int, offset);
        QFETCH(QString, annotatedBefore);
        QFETCH(QString, layers);
        const QString kind = what.section(':', 0, 0);
        const auto keep = static_cast<std::size_t>(what.section(':', 1).toInt());
        Annotations a;
        Dissection d;
        if (kind == "esp") {
            d = dissectEsp(ByteView(hex(kEsp)).first(keep), Annotator(&a), IpsecHints{kCbcLayout, std::nullopt});
        } else if (kind == "ah") {
            AhHeader ah;
            ah.spi = 0x1000;
            ah.icv = Bytes(12, 0);
            const Bytes packet = *encodeAh(ah, ipv4(IpProtocol::Icmp, kHostA, kHostB, echoRequest()));
            d = dissectAh(ByteView(packet).first(keep), Annotator(&a), {});
        } else if (kind == "clear") {
            // One byte: no room for the trailer. Else the first `keep` bytes of an inner packet.
            const Bytes inner = ipv4(IpProtocol::Icmp, kHostA, kHostB, echoRequest());
            const Bytes clear = keep == 1 ? hex("04")
                                          : *encodeEspTrailer(ByteView(inner).first(keep), IpProtocol::IpInIp, 4);
            d = dissectEspCleartext(clear, Annotator(&a));
        } else {
            const Bytes frame = ipv4(IpProtocol::Esp, kGatewayA, kGatewayB, hex(kEsp));
            d = dissectIpv4Packet(ByteView(frame).first(keep), Annotator(&a), IpsecHints{kCbcLayout, std::nullopt});
        }
        QVERIFY(d.error);
        QCOMPARE(QString::fromStdString(d.error->field), field);
        QCOMPARE(d.error->offset, std::optional<std::size_t>(offset));
        if (!annotatedBefore.isEmpty()) QVERIFY(findAnnotation(a, annotatedBefore.toStdString()));
        QCOMPARE(layersOf(d), layers);
    }

    // Nothing is produced without a sink, and the result is the same.
    // IKEv2 messages of a vector capture, on 500 and behind the non-ESP marker on 4500: every byte of
    // the frame belongs to a field, and the IKEv2 header is read as IKEv2.
    void ikev2Frames() {
        const auto capture = capture::PcapngReader::readFile(test::sourceDir().toStdString() +
                                                             "/tests/data/vectors-ikev2/ikev2-cookie/capture.pcapng");
        QVERIFY(capture);
        int ike = 0;
        for (const capture::PcapngPacket& packet : capture->packets) {
            const ByteView frame = ByteView(packet.data).subspan(14); // Ethernet II
            Annotations a;
            const Dissection d = dissectIpv4Packet(frame, Annotator(&a));
            if (!d.offsetOf(Layer::Kind::Isakmp)) continue;
            ++ike;
            QVERIFY2(!d.error, d.error ? d.error->toString().c_str() : "");
            QCOMPARE(d.layers.back().name, std::string("IKEv2"));
            QVERIFY(findAnnotation(a, "isakmp.exchangetype")->value.starts_with("IKE_") ||
                    findAnnotation(a, "isakmp.exchangetype")->value.starts_with("INFORMATIONAL"));
            QCOMPARE(test::uncoveredBytes(a, frame.size()), QString());
        }
        QCOMPARE(ike, 8);
    }

    void noSinkNoAnnotations() {
        const Bytes frame = ipv4(IpProtocol::Esp, kGatewayA, kGatewayB, hex(kEsp));
        const Dissection d = dissectIpv4Packet(frame, Annotator(nullptr), IpsecHints{kCbcLayout, 3});
        QVERIFY(!d.error);
    }
};

QTEST_GUILESS_MAIN(TestWireDissector)
#include "tst_wire_dissector.moc"
