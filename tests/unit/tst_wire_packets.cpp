// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The packet codecs of core/wire below ISAKMP: IPv4, UDP, ICMP echo, ESP framing and trailer, AH and
// the NAT-T demultiplexer. Known answers come from RFC 3602 case 5 (digest §8.1) and the vector
// sets; every decoder is also fed every truncation and every value of its length fields.

#include <QJsonArray>
#include <QSet>
#include <QTest>

#include <set>

#include "AnnotationTest.h"
#include "TestData.h"
#include "wire/AhHeader.h"
#include "wire/Checksum.h"
#include "wire/EspPacket.h"
#include "wire/IcmpEcho.h"
#include "wire/Ipv4Header.h"
#include "wire/NatTMarker.h"
#include "wire/UdpHeader.h"

using namespace ipseclab;
using namespace ipseclab::wire;

namespace {

using test::hex;

Ipv4Address ip(const char* dotted) {
    auto address = Ipv4Address::parse(dotted);
    if (!address) qFatal("bad address in test: %s", dotted);
    return *address;
}

// RFC 3602 §4 case 5 (digest §8.1): the ICMP echo before encryption and the ESP packet's header after.
const char* const kCase5OriginalHeader = "4500005408f200004001f9fec0a87b03c0a87b64";
const char* const kCase5EspHeader = "4500007c08f200004032f9a5c0a87b03c0a87b64";
const char* const kCase5Icmp = "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                               "202122232425262728292a2b2c2d2e2f3031323334353637";

using wire::findAnnotation;

std::size_t blockSizeOf(const QString& setName) {
    if (setName.contains("gcm")) return 1; // GCM pads to 4 only
    if (setName.contains("3des")) return 8;
    return 16;
}

} // namespace

class TestWirePackets : public QObject {
    Q_OBJECT

private slots:
    // --- IPv4 -----------------------------------------------------------------------------------
    void ipv4Rfc3602HeadersVerify_data() {
        QTest::addColumn<QString>("header");
        QTest::addColumn<int>("protocol");
        QTest::newRow("original ICMP") << kCase5OriginalHeader << 1;
        QTest::newRow("ESP") << kCase5EspHeader << 50;
    }
    void ipv4Rfc3602HeadersVerify() {
        QFETCH(QString, header);
        QFETCH(int, protocol);
        const Bytes headerBytes = hex(header.toLatin1().constData());
        QCOMPARE(internetChecksum(headerBytes), 0);
        Bytes packet = headerBytes;
        packet.resize(readU16(headerBytes, 2)); // Total Length: the payload bytes do not matter here
        const auto decoded = decodeIpv4(packet);
        QVERIFY2(decoded, decoded ? "" : decoded.error().toString().c_str());
        const Ipv4Header& h = decoded->header;
        QCOMPARE(h.checksumStatus, ChecksumStatus::Good);
        QCOMPARE(static_cast<int>(h.protocol), protocol);
        QCOMPARE(h.source.toString(), std::string("192.168.123.3"));
        QCOMPARE(h.destination.toString(), std::string("192.168.123.100"));
        QCOMPARE(h.identification, 0x08f2);
        QCOMPARE(h.timeToLive, 64);
        QCOMPARE(decoded->payload.size(), packet.size() - 20);
        // Encoding the same fields reproduces the header, checksum included.
        const auto encoded = encodeIpv4(h, decoded->payload);
        QVERIFY(encoded);
        QCOMPARE(*encoded, packet);
    }

    void ipv4VectorInnerPacketsVerify() {
        int checked = 0;
        for (const QString& set : test::vectorSetNames()) {
            const QJsonObject vector = test::loadVector(set);
            const QJsonArray packets = test::valueAt(vector, "esp.packets").toArray();
            for (int i = 0; i < packets.size(); ++i) {
                const Bytes inner = test::hexAt(vector, QString("esp.packets.%1.inner_packet").arg(i));
                const auto decoded = decodeIpv4(inner);
                QVERIFY2(decoded, qPrintable(set));
                QCOMPARE(decoded->header.checksumStatus, ChecksumStatus::Good);
                QCOMPARE(decoded->header.protocol, IpProtocol::Icmp);
                ++checked;
            }
        }
        QVERIFY(checked >= 28); // 7 sets x 4 packets
    }

    void ipv4BadChecksumIsReportedNotRejected() {
        Bytes packet = hex(kCase5EspHeader);
        packet.resize(124);
        packet[11] ^= 0x01;
        Annotations annotations;
        const auto decoded = decodeIpv4(packet, Annotator(&annotations));
        QVERIFY(decoded);
        QCOMPARE(decoded->header.checksumStatus, ChecksumStatus::Bad);
        const Annotation* checksum = findAnnotation(annotations, "ip.checksum");
        QVERIFY(checksum);
        QCOMPARE(checksum->value, std::string("0xf9a4 (incorrect, should be 0xf9a5)"));
    }

    void ipv4RoundTripWithOptions() {
        Ipv4Header header;
        header.typeOfService = 0xb8;
        header.identification = 0x1234;
        header.flagsAndFragmentOffset = kIpv4DontFragment;
        header.timeToLive = 17;
        header.protocol = IpProtocol::Ah;
        header.source = ip("10.1.0.10");
        header.destination = ip("10.2.0.20");
        header.options = hex("94040000"); // router alert
        const Bytes payload = bytesOf("payload bytes");
        const auto encoded = encodeIpv4(header, payload);
        QVERIFY(encoded);
        QCOMPARE(encoded->size(), std::size_t{24 + 13});
        QCOMPARE((*encoded)[0], 0x46);
        const auto decoded = decodeIpv4(*encoded);
        QVERIFY(decoded);
        const Ipv4Header& h = decoded->header;
        QCOMPARE(h.typeOfService, header.typeOfService);
        QCOMPARE(h.totalLength, 37);
        QCOMPARE(h.identification, header.identification);
        QCOMPARE(h.flagsAndFragmentOffset, header.flagsAndFragmentOffset);
        QCOMPARE(h.timeToLive, header.timeToLive);
        QCOMPARE(h.protocol, header.protocol);
        QCOMPARE(h.source, header.source);
        QCOMPARE(h.destination, header.destination);
        QCOMPARE(h.options, header.options);
        QCOMPARE(h.checksumStatus, ChecksumStatus::Good);
        QCOMPARE(Bytes(decoded->payload.begin(), decoded->payload.end()), payload);
    }

    void ipv4TrailingBytesAreNotPayload() {
        Bytes packet = hex(kCase5EspHeader);
        packet.resize(124 + 6); // e.g. Ethernet padding after the packet
        const auto decoded = decodeIpv4(packet);
        QVERIFY(decoded);
        QCOMPARE(decoded->payload.size(), std::size_t{104});
    }

    void ipv4Errors_data() {
        QTest::addColumn<QString>("packet");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("offset");
        // Decoded at base 14 (after an Ethernet header): offsets in errors are absolute.
        QTest::newRow("empty") << ""
                               << "IPv4/Version" << 14;
        QTest::newRow("version 6") << "6500007c"
                                   << "IPv4/Version" << 14;
        QTest::newRow("IHL 4") << "4400007c08f200004032f9a5c0a87b03c0a87b64"
                               << "IPv4/Header Length" << 14;
        QTest::newRow("cut in the addresses") << "4500007c08f200004032f9a5c0a87b03c0a8"
                                              << "IPv4/Destination Address" << 14 + 16;
        QTest::newRow("IHL 6 without options") << "4600001408f200004032f9a5c0a87b03c0a87b64"
                                               << "IPv4/Options" << 14 + 20;
        QTest::newRow("total length below header") << "4500001308f200004032f9a5c0a87b03c0a87b64"
                                                   << "IPv4/Total Length" << 14 + 2;
        QTest::newRow("total length beyond buffer") << "4500001508f200004032f9a5c0a87b03c0a87b64"
                                                    << "IPv4/Total Length" << 14 + 2;
    }
    void ipv4Errors() {
        QFETCH(QString, packet);
        QFETCH(QString, field);
        QFETCH(int, offset);
        const Bytes bytes = hex(packet.toLatin1().constData());
        const auto decoded = decodeIpv4(bytes, Annotator(nullptr, {}, 14));
        QVERIFY(!decoded);
        QCOMPARE(QString::fromStdString(decoded.error().field), field);
        QCOMPARE(decoded.error().offset, std::optional<std::size_t>(offset));
        QVERIFY(!decoded.error().message.empty());
    }

    void ipv4EncodeErrors() {
        Ipv4Header header;
        header.options = hex("010101");
        QVERIFY(!encodeIpv4(header, {}));
        header.options.assign(44, 1);
        QVERIFY(!encodeIpv4(header, {}));
        header.options.clear();
        const Bytes big(65535 - 20 + 1, 0);
        const auto tooBig = encodeIpv4(header, big);
        QVERIFY(!tooBig);
        QCOMPARE(tooBig.error().field, std::string("IPv4/Total Length"));
        QVERIFY(encodeIpv4(header, Bytes(65535 - 20, 0)));
    }

    void ipv4AddressParsing() {
        QCOMPARE(ip("127.100.0.1").toU32(), 0x7f640001u);
        QCOMPARE(Ipv4Address::fromU32(0xc0a87b64).toString(), std::string("192.168.123.100"));
        for (const char* bad :
             {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4", "0001.2.3.4"})
            QVERIFY2(!Ipv4Address::parse(bad), bad);
    }

    // --- UDP ------------------------------------------------------------------------------------
    void udpKnownChecksum() {
        // 10.1.0.10:500 → 10.2.0.20:4500, payload "abc": checksum 0x13cd (computed independently).
        const UdpPseudoHeader pseudo{ip("10.1.0.10"), ip("10.2.0.20")};
        const auto encoded = encodeUdp(500, 4500, bytesOf("abc"), pseudo);
        QVERIFY(encoded);
        QCOMPARE(toHex(*encoded), std::string("01f4119400") + "0b13cd616263");
        const auto good = decodeUdp(*encoded, Annotator(nullptr), pseudo);
        QVERIFY(good);
        QCOMPARE(good->header.checksumStatus, ChecksumStatus::Good);
        QCOMPARE(good->header.sourcePort, 500);
        QCOMPARE(good->header.destinationPort, 4500);
        QCOMPARE(good->header.length, 11);
        QCOMPARE(Bytes(good->payload.begin(), good->payload.end()), bytesOf("abc"));
        const auto wrongAddress = decodeUdp(*encoded, Annotator(nullptr),
                                            UdpPseudoHeader{ip("10.1.0.11"), ip("10.2.0.20")});
        QVERIFY(wrongAddress);
        QCOMPARE(wrongAddress->header.checksumStatus, ChecksumStatus::Bad);
        QCOMPARE(decodeUdp(*encoded)->header.checksumStatus, ChecksumStatus::Unverified);
        const auto zero = encodeUdp(4500, 4500, bytesOf("abc"), pseudo, UdpChecksum::Zero);
        QVERIFY(zero);
        QCOMPARE(readU16(*zero, 6), 0);
        QCOMPARE(decodeUdp(*zero, Annotator(nullptr), pseudo)->header.checksumStatus, ChecksumStatus::Absent);
    }

    void udpErrors_data() {
        QTest::addColumn<QString>("datagram");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("offset");
        QTest::newRow("cut in the checksum") << "01f401f4000b13"
                                             << "UDP/Checksum" << 6;
        QTest::newRow("length 7") << "01f401f4000713cd616263"
                                  << "UDP/Length" << 4;
        QTest::newRow("length beyond buffer") << "01f401f4000c13cd616263"
                                              << "UDP/Length" << 4;
    }
    void udpErrors() {
        QFETCH(QString, datagram);
        QFETCH(QString, field);
        QFETCH(int, offset);
        const auto decoded = decodeUdp(hex(datagram.toLatin1().constData()));
        QVERIFY(!decoded);
        QCOMPARE(QString::fromStdString(decoded.error().field), field);
        QCOMPARE(decoded.error().offset, std::optional<std::size_t>(offset));
    }

    // --- ICMP echo ------------------------------------------------------------------------------
    void icmpRfc3602EchoVerifies() {
        const Bytes message = hex(kCase5Icmp);
        const auto echo = decodeIcmpEcho(message);
        QVERIFY(echo);
        QCOMPARE(echo->type, IcmpType::EchoRequest);
        QCOMPARE(echo->code, 0);
        QCOMPARE(echo->checksum, 0x0ebd);
        QCOMPARE(echo->checksumStatus, ChecksumStatus::Good);
        QCOMPARE(echo->identifier, 0xa70a);
        QCOMPARE(echo->sequenceNumber, 0);
        QCOMPARE(echo->data.size(), std::size_t{56});
        QCOMPARE(encodeIcmpEcho(*echo), message);
    }

    void icmpBuiltEchoHasItsChecksum() {
        IcmpEcho echo;
        echo.type = IcmpType::EchoReply;
        echo.identifier = 0xa70a;
        echo.sequenceNumber = 0;
        echo.data = hex(kCase5Icmp);
        echo.data.erase(echo.data.begin(), echo.data.begin() + 8);
        const Bytes reply = encodeIcmpEcho(echo);
        // A reply differs from the request in the type only: 8 less in the high byte of the sum.
        QCOMPARE(readU16(reply, 2), 0x16bd);
        QCOMPARE(internetChecksum(reply), 0);
        const auto decoded = decodeIcmpEcho(reply);
        QVERIFY(decoded);
        QCOMPARE(decoded->checksumStatus, ChecksumStatus::Good);
        Bytes damaged = reply;
        damaged.back() ^= 0xff;
        QCOMPARE(decodeIcmpEcho(damaged)->checksumStatus, ChecksumStatus::Bad);
    }

    void icmpRejectsOtherTypes() {
        Bytes message = hex(kCase5Icmp);
        message[0] = 3; // destination unreachable
        const auto decoded = decodeIcmpEcho(message);
        QVERIFY(!decoded);
        QCOMPARE(decoded.error().field, std::string("ICMP/Type"));
        QCOMPARE(decoded.error().offset, std::optional<std::size_t>(0));
    }

    // --- ESP ------------------------------------------------------------------------------------
    void espFramingOfVectorPackets() {
        int checked = 0;
        for (const QString& set : test::vectorSetNames()) {
            const QJsonObject vector = test::loadVector(set);
            const QJsonArray packets = test::valueAt(vector, "esp.packets").toArray();
            QVERIFY(!packets.isEmpty());
            for (int i = 0; i < packets.size(); ++i) {
                const QString at = QString("esp.packets.%1.").arg(i);
                const Bytes esp = test::hexAt(vector, at + "esp");
                const Bytes spi = test::hexAt(vector, at + "spi");
                const Bytes iv = test::hexAt(vector, at + "iv");
                const Bytes ciphertext = test::hexAt(vector, at + "ciphertext");
                const Bytes icv = test::hexAt(vector, at + "icv");
                const auto seq = static_cast<std::uint32_t>(test::valueAt(vector, at + "seq").toInt());

                const auto plain = decodeEsp(esp);
                QVERIFY2(plain, qPrintable(set));
                QCOMPARE(plain->spi, readU32(spi, 0));
                QCOMPARE(plain->sequenceNumber, seq);
                QCOMPARE(plain->protectedPart.size(), esp.size() - 8);
                QVERIFY(plain->icv.empty());

                Annotations annotations;
                const auto split = decodeEsp(esp, Annotator(&annotations), EspLayout{iv.size(), icv.size()});
                QVERIFY(split);
                QCOMPARE(Bytes(split->iv.begin(), split->iv.end()), iv);
                QCOMPARE(Bytes(split->ciphertext.begin(), split->ciphertext.end()), ciphertext);
                QCOMPARE(Bytes(split->icv.begin(), split->icv.end()), icv);
                const Annotation* spiField = findAnnotation(annotations, "esp.spi");
                QVERIFY(spiField);
                QCOMPARE(spiField->offset, std::size_t{0});
                QCOMPARE(spiField->length, std::size_t{4});
                QVERIFY(spiField->meaning.find("security association") != std::string::npos);
                QVERIFY(findAnnotation(annotations, "esp.sequence"));
                QVERIFY(findAnnotation(annotations, "esp.icv"));

                QCOMPARE(encodeEsp(plain->spi, plain->sequenceNumber, plain->protectedPart), esp);
                ++checked;
            }
        }
        QVERIFY(checked >= 28);
    }

    void espTrailerOfVectorPlaintexts() {
        for (const QString& set : test::vectorSetNames()) {
            const QJsonObject vector = test::loadVector(set);
            const QJsonArray packets = test::valueAt(vector, "esp.packets").toArray();
            for (int i = 0; i < packets.size(); ++i) {
                const QString at = QString("esp.packets.%1.").arg(i);
                const Bytes plaintext = test::hexAt(vector, at + "plaintext");
                const Bytes inner = test::hexAt(vector, at + "inner_packet");
                const auto trailer = decodeEspTrailer(plaintext);
                QVERIFY2(trailer, trailer ? "" : trailer.error().toString().c_str());
                QCOMPARE(Bytes(trailer->payload.begin(), trailer->payload.end()), inner);
                QCOMPARE(int(trailer->padLength), test::valueAt(vector, at + "pad_length").toInt());
                QCOMPARE(int(trailer->nextHeader), test::valueAt(vector, at + "next_header").toInt());
                QCOMPARE(trailer->nextHeader, IpProtocol::IpInIp);

                // Our encoder pads exactly as strongSwan did: minimal padding 1, 2, 3, ...
                const auto rebuilt = encodeEspTrailer(inner, IpProtocol::IpInIp, blockSizeOf(set));
                QVERIFY(rebuilt);
                QCOMPARE(*rebuilt, plaintext);

                // The tunnelled packet: IPv4 + ICMP echo between the two inner addresses.
                const auto ipv4 = decodeIpv4(trailer->payload);
                QVERIFY(ipv4);
                QCOMPARE(ipv4->header.protocol, IpProtocol::Icmp);
                const auto echo = decodeIcmpEcho(ipv4->payload);
                QVERIFY(echo);
                QCOMPARE(echo->checksumStatus, ChecksumStatus::Good);
                const bool fromInitiator = test::valueAt(vector, at + "direction").toString() ==
                                           "initiator_to_responder";
                QCOMPARE(echo->type, fromInitiator ? IcmpType::EchoRequest : IcmpType::EchoReply);
                QCOMPARE(ipv4->header.source, ip(fromInitiator ? "127.201.0.1" : "127.202.0.1"));
                QCOMPARE(ipv4->header.destination, ip(fromInitiator ? "127.202.0.1" : "127.201.0.1"));
            }
        }
    }

    void espTrailerAnnotations() {
        const auto cleartext = encodeEspTrailer(hex(kCase5Icmp), IpProtocol::Icmp, 16);
        QVERIFY(cleartext);
        // RFC 3602 case 5: 64 bytes of data + 14 pad bytes + 0e + 01 = 80 bytes.
        QCOMPARE(cleartext->size(), std::size_t{80});
        QCOMPARE(toHex(ByteView(*cleartext).last(16)), std::string("0102030405060708090a0b0c0d0e0e01"));
        Annotations annotations;
        QVERIFY(decodeEspTrailer(*cleartext, Annotator(&annotations)));
        const Annotation* padding = findAnnotation(annotations, "esp.pad");
        QVERIFY(padding);
        QCOMPARE(padding->offset, std::size_t{64});
        QCOMPARE(padding->length, std::size_t{14});
        const Annotation* next = findAnnotation(annotations, "esp.protocol");
        QVERIFY(next);
        QCOMPARE(next->value, std::string("ICMP (1)"));
        // The trailer, padding to next header; the payload before it is the caller's to dissect.
        const Annotation* trailer = findAnnotation(annotations, "ipseclab.esp.trailer");
        QVERIFY(trailer);
        QCOMPARE(trailer->offset, std::size_t{64});
        QCOMPARE(trailer->length, std::size_t{16});
    }

    void espTrailerErrors_data() {
        QTest::addColumn<QString>("cleartext");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("offset");
        QTest::newRow("one byte") << "04"
                                  << "ESP Trailer/Pad Length" << 0;
        QTest::newRow("pad length past the start") << "aabb0704"
                                                   << "ESP Trailer/Pad Length" << 2;
        QTest::newRow("pad byte 3 wrong") << "aabb0102ff040404"
                                          << "ESP Trailer/Padding" << 4;
        QTest::newRow("zero padding") << "aabb00000204"
                                      << "ESP Trailer/Padding" << 2;
    }
    void espTrailerErrors() {
        QFETCH(QString, cleartext);
        QFETCH(QString, field);
        QFETCH(int, offset);
        const auto decoded = decodeEspTrailer(hex(cleartext.toLatin1().constData()));
        QVERIFY(!decoded);
        QCOMPARE(QString::fromStdString(decoded.error().field), field);
        QCOMPARE(decoded.error().offset, std::optional<std::size_t>(offset));
    }

    void espTrailerAlignment() {
        for (std::size_t length = 0; length < 40; ++length) {
            for (const std::size_t block : {std::size_t{1}, std::size_t{8}, std::size_t{16}}) {
                const auto cleartext = encodeEspTrailer(Bytes(length, 0xab), IpProtocol::IpInIp, block);
                QVERIFY(cleartext);
                const std::size_t alignment = std::max<std::size_t>(block, 4);
                QCOMPARE(cleartext->size() % alignment, std::size_t{0});
                QVERIFY(cleartext->size() - length - 2 < alignment); // the least padding
                const auto trailer = decodeEspTrailer(*cleartext);
                QVERIFY(trailer);
                QCOMPARE(trailer->payload.size(), length);
            }
        }
        QVERIFY(!encodeEspTrailer({}, IpProtocol::IpInIp, 512));
    }

    void espErrors() {
        const auto spiZero = decodeEsp(hex("0000000000000001aabbccdd"));
        QVERIFY(!spiZero);
        QCOMPARE(spiZero.error().field, std::string("ESP/SPI"));
        const auto cut = decodeEsp(hex("48858870000000"), Annotator(nullptr, {}, 28));
        QVERIFY(!cut);
        QCOMPARE(cut.error().field, std::string("ESP/Sequence Number"));
        QCOMPARE(cut.error().offset, std::optional<std::size_t>(28 + 4));
        // A layout that needs more than the packet holds: 16 IV + 2 + 12 ICV > 20.
        const auto small = decodeEsp(Bytes(28, 0x11), Annotator(nullptr), EspLayout{16, 12});
        QVERIFY(!small);
        QCOMPARE(small.error().field, std::string("ESP/Encrypted Data"));
    }

    // --- AH -------------------------------------------------------------------------------------
    void ahRoundTrip() {
        AhHeader header;
        header.nextHeader = IpProtocol::IpInIp;
        header.spi = 0xc0ffee01;
        header.sequenceNumber = 7;
        header.icv = hex("00112233445566778899aabb"); // HMAC-SHA1-96
        const Bytes inner = hex(kCase5OriginalHeader);
        const auto encoded = encodeAh(header, inner);
        QVERIFY(encoded);
        QCOMPARE(toHex(ByteView(*encoded).first(12)), std::string("04040000c0ffee0100000007"));
        Annotations annotations;
        const auto decoded = decodeAh(*encoded, Annotator(&annotations));
        QVERIFY(decoded);
        QCOMPARE(decoded->header.payloadLength, 4); // 24 bytes = 6 words, minus 2
        QCOMPARE(decoded->header.length(), std::size_t{24});
        QCOMPARE(decoded->header.spi, header.spi);
        QCOMPARE(decoded->header.sequenceNumber, header.sequenceNumber);
        QCOMPARE(decoded->header.icv, header.icv);
        QCOMPARE(decoded->header.nextHeader, IpProtocol::IpInIp);
        QCOMPARE(Bytes(decoded->payload.begin(), decoded->payload.end()), inner);
        const Annotation* icv = findAnnotation(annotations, "ah.icv");
        QVERIFY(icv);
        QCOMPARE(icv->offset, std::size_t{12});
        QCOMPARE(icv->length, std::size_t{12});
        QCOMPARE(findAnnotation(annotations, "ah.length")->value, std::string("4 (24 bytes)"));
    }

    void ahErrors() {
        const auto shortLength = decodeAh(hex("0400000000000001000000070011223344556677"));
        QVERIFY(!shortLength);
        QCOMPARE(shortLength.error().field, std::string("AH/Payload Length"));
        QCOMPARE(shortLength.error().offset, std::optional<std::size_t>(1));
        const auto beyond = decodeAh(hex("0405000000000001000000070011223344556677"));
        QVERIFY(!beyond);
        QCOMPARE(beyond.error().field, std::string("AH/Payload Length"));
        const auto spiZero = decodeAh(hex("040100000000000000000007"));
        QVERIFY(!spiZero);
        QCOMPARE(spiZero.error().field, std::string("AH/SPI"));
        AhHeader oddIcv;
        oddIcv.spi = 1;
        oddIcv.icv = Bytes(10, 0);
        const auto encoded = encodeAh(oddIcv, {});
        QVERIFY(!encoded);
        QCOMPARE(encoded.error().field, std::string("AH/ICV"));
    }

    void ahZeroesMutableIpv4Fields() {
        const Bytes header = hex(kCase5EspHeader);
        const auto zeroed = zeroIpv4MutableFields(header, true);
        QVERIFY(zeroed);
        // TOS, flags + fragment offset, TTL and checksum zeroed; length, id, protocol, addresses kept.
        QCOMPARE(toHex(*zeroed), std::string("4500007c08f2000000320000c0a87b03c0a87b64"));
        QVERIFY(!zeroIpv4MutableFields(Bytes(19, 0), true));
    }

    // RFC 4302 App. A.1: immutable options kept, mutable ones zeroed whole (§3.3.3.1.1.2).
    void ahZeroesMutableIpv4Options() {
        const auto bytes = [](const std::string& text) { return hex(text.c_str()); };
        const std::string base = "00007c08f200004032f9a5c0a87b03c0a87b64";
        const std::string zeroedBase = "00007c08f2000000320000c0a87b03c0a87b64";
        const std::string routerAlert = "94040000", nop = "01", security = "820b123456789abcdef011", eol = "00";
        const std::string recordRoute = "0707040a090909", timestamp = "440c05001122334455667788";
        const Bytes header = bytes("4e" + base + routerAlert + nop + recordRoute + timestamp + security + eol);
        QCOMPARE(header.size(), std::size_t(56));
        for (bool sending : {true, false}) {
            const auto zeroed = zeroIpv4MutableFields(header, sending);
            QVERIFY(zeroed);
            QCOMPARE(toHex(*zeroed), "4e" + zeroedBase + routerAlert + nop + std::string(14, '0') +
                                         std::string(24, '0') + security + eol);
        }
        // Unknown options are mutable too (as in Linux); what follows End of Option List is kept.
        QCOMPARE(toHex(*zeroIpv4MutableFields(bytes("47" + base + "9e04abcd" + "00ff0000"), false)),
                 "47" + zeroedBase + "00000000" + "00ff0000");

        // A loose source route via 10.0.0.1 to 10.2.0.20: the sender's ICV covers the final
        // destination (the route's last address), the receiver's the address the header has then.
        const std::string lsrr = "830b040a0000010a020014";
        const Bytes routed = bytes("48" + base + lsrr + nop);
        QCOMPARE(toHex(*zeroIpv4MutableFields(routed, true)),
                 "48" + zeroedBase.substr(0, 30) + "0a020014" + std::string(22, '0') + nop);
        QCOMPARE(toHex(*zeroIpv4MutableFields(routed, false)), "48" + zeroedBase + std::string(22, '0') + nop);

        // Malformed lists cannot be covered: a length below 2, past the header, a route without address.
        QVERIFY(!zeroIpv4MutableFields(bytes("46" + base + "0701" + "0000"), false));
        QVERIFY(!zeroIpv4MutableFields(bytes("46" + base + "0708" + "0000"), false));
        QVERIFY(!zeroIpv4MutableFields(bytes("46" + base + "010101" + "07"), false));
        QVERIFY(!zeroIpv4MutableFields(bytes("46" + base + "83030400"), true));
    }

    // --- NAT-T ----------------------------------------------------------------------------------
    void natTDemultiplexing_data() {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<int>("kind"); // -1: error
        QTest::addColumn<int>("bodyOffset");
        QTest::newRow("keepalive") << "ff" << int(NatTKind::Keepalive) << 0;
        QTest::newRow("IKE after marker") << "000000000766e24bc7b0e239" << int(NatTKind::Ike) << 4;
        QTest::newRow("ESP") << "488588700000000102" << int(NatTKind::Esp) << 0;
        QTest::newRow("ESP header only") << "4885887000000001" << int(NatTKind::Esp) << 0;
        QTest::newRow("empty") << "" << -1 << 0;
        QTest::newRow("lone byte not ff") << "fe" << -1 << 0;
        QTest::newRow("two bytes") << "ffff" << -1 << 0;
        QTest::newRow("marker alone") << "00000000" << -1 << 0;
        QTest::newRow("too short for ESP") << "48858870000000" << -1 << 0;
        QTest::newRow("short zero start") << "000000" << -1 << 0;
    }
    void natTDemultiplexing() {
        QFETCH(QString, payload);
        QFETCH(int, kind);
        QFETCH(int, bodyOffset);
        const Bytes bytes = hex(payload.toLatin1().constData());
        Annotations annotations;
        const auto demuxed = demultiplexNatT(bytes, Annotator(&annotations, {}, 28));
        if (kind < 0) {
            QVERIFY(!demuxed);
            QVERIFY(demuxed.error().offset.has_value());
            QVERIFY(*demuxed.error().offset >= 28);
            return;
        }
        QVERIFY2(demuxed, demuxed ? "" : demuxed.error().toString().c_str());
        QCOMPARE(int(demuxed->kind), kind);
        QCOMPARE(demuxed->offset, std::size_t(bodyOffset));
        QCOMPARE(Bytes(demuxed->body.begin(), demuxed->body.end()), Bytes(bytes.begin() + bodyOffset, bytes.end()));
        if (demuxed->kind == NatTKind::Ike) {
            QVERIFY(findAnnotation(annotations, "udpencap.non_esp_marker"));
            QCOMPARE(findAnnotation(annotations, "udpencap.non_esp_marker")->offset, std::size_t{28});
        }
    }

    void natTMarkerRoundTrip() {
        const Bytes isakmp = hex("0766e24bc7b0e2390e01b8b45f008d5e05100201000000000000006c");
        const Bytes withMarker = prependNonEspMarker(isakmp);
        QCOMPARE(toHex(ByteView(withMarker).first(4)), std::string("00000000"));
        const auto demuxed = demultiplexNatT(withMarker);
        QVERIFY(demuxed);
        QCOMPARE(demuxed->kind, NatTKind::Ike);
        QCOMPARE(Bytes(demuxed->body.begin(), demuxed->body.end()), isakmp);
    }

    // --- Robustness -----------------------------------------------------------------------------
    void truncationAtEveryByte() {
        // One valid packet per codec; every proper prefix where a length field promises more must fail.
        Ipv4Header header;
        header.protocol = IpProtocol::Udp;
        header.source = ip("10.1.0.10");
        header.destination = ip("10.2.0.20");
        header.options = hex("01010101");
        const UdpPseudoHeader pseudo{header.source, header.destination};
        const Bytes udp = *encodeUdp(500, 500, bytesOf("IKE message body"), pseudo);
        const Bytes packet = *encodeIpv4(header, udp);
        AhHeader ahHeader;
        ahHeader.spi = 9;
        ahHeader.icv = Bytes(16, 0x5a);
        const Bytes ah = *encodeAh(ahHeader, Bytes(20, 1));
        const Bytes esp = encodeEsp(0x48858870, 1, Bytes(44, 2));
        const Bytes echo = hex(kCase5Icmp);

        for (std::size_t n = 0; n < packet.size(); ++n) {
            Annotations annotations;
            const Bytes prefix(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(n));
            QVERIFY2(!decodeIpv4(prefix, Annotator(&annotations)), qPrintable(QString("IPv4 prefix %1").arg(n)));
        }
        for (std::size_t n = 0; n < udp.size(); ++n) {
            Annotations annotations;
            const Bytes prefix(udp.begin(), udp.begin() + static_cast<std::ptrdiff_t>(n));
            QVERIFY(!decodeUdp(prefix, Annotator(&annotations), pseudo));
        }
        for (std::size_t n = 0; n < ah.size(); ++n) {
            Annotations annotations;
            const Bytes prefix(ah.begin(), ah.begin() + static_cast<std::ptrdiff_t>(n));
            QCOMPARE(bool(decodeAh(prefix, Annotator(&annotations))), n >= ahHeader.length());
        }
        for (std::size_t n = 0; n < esp.size(); ++n) {
            Annotations annotations;
            const Bytes prefix(esp.begin(), esp.begin() + static_cast<std::ptrdiff_t>(n));
            QCOMPARE(bool(decodeEsp(prefix, Annotator(&annotations))), n >= kEspHeaderLength);
            QCOMPARE(bool(decodeEsp(prefix, Annotator(&annotations), EspLayout{16, 12})), n >= 8 + 16 + 2 + 12);
            (void)decodeEspTrailer(prefix, Annotator(&annotations)); // any outcome, never a crash
            (void)demultiplexNatT(prefix, Annotator(&annotations));
        }
        for (std::size_t n = 0; n < echo.size(); ++n) {
            Annotations annotations;
            const Bytes prefix(echo.begin(), echo.begin() + static_cast<std::ptrdiff_t>(n));
            QCOMPARE(bool(decodeIcmpEcho(prefix, Annotator(&annotations))), n >= kIcmpEchoHeaderLength);
        }
    }

    void corruptedLengthFields() {
        Bytes packet = hex(kCase5EspHeader);
        packet.resize(124);
        for (unsigned length = 0; length <= 0xffff; ++length) {
            writeU16(packet, 2, static_cast<std::uint16_t>(length));
            const auto decoded = decodeIpv4(packet);
            if (length < 20 || length > packet.size()) {
                QVERIFY(!decoded);
                QCOMPARE(decoded.error().field, std::string("IPv4/Total Length"));
            } else {
                QVERIFY(decoded);
                QCOMPARE(decoded->payload.size(), length - 20);
            }
        }
        writeU16(packet, 2, 124);
        for (unsigned ihl = 0; ihl < 16; ++ihl) {
            packet[0] = static_cast<std::uint8_t>(0x40 | ihl);
            const auto decoded = decodeIpv4(packet);
            QCOMPARE(bool(decoded), ihl >= 5);
            if (decoded) QCOMPARE(decoded->header.options.size(), std::size_t{ihl * 4 - 20});
        }

        Bytes udp = *encodeUdp(4500, 4500, Bytes(30, 7), UdpPseudoHeader{});
        for (unsigned length = 0; length <= 0xffff; ++length) {
            writeU16(udp, 4, static_cast<std::uint16_t>(length));
            const auto decoded = decodeUdp(udp);
            QCOMPARE(bool(decoded), length >= 8 && length <= udp.size());
        }

        AhHeader ahHeader;
        ahHeader.spi = 9;
        ahHeader.icv = Bytes(12, 0);
        Bytes ah = *encodeAh(ahHeader, Bytes(40, 1));
        for (unsigned words = 0; words < 256; ++words) {
            ah[1] = static_cast<std::uint8_t>(words);
            const auto decoded = decodeAh(ah);
            const std::size_t length = (words + 2) * 4;
            QCOMPARE(bool(decoded), length >= 12 && length <= ah.size());
            if (decoded) QCOMPARE(decoded->header.icv.size() + decoded->payload.size() + 12, ah.size());
        }

        Bytes cleartext = *encodeEspTrailer(Bytes(20, 0xee), IpProtocol::IpInIp, 16);
        for (unsigned padLength = 0; padLength < 256; ++padLength) {
            cleartext[cleartext.size() - 2] = static_cast<std::uint8_t>(padLength);
            const auto decoded = decodeEspTrailer(cleartext);
            // 10 is the real one; 0 reads the padding as payload, which nothing can tell apart
            QCOMPARE(bool(decoded), padLength == 0 || padLength == 10);
        }
    }

    void annotationsCoverIpv4UdpHeader() {
        Ipv4Header header;
        header.identification = 0x0102;
        header.source = ip("10.1.0.10");
        header.destination = ip("10.2.0.20");
        const UdpPseudoHeader pseudo{header.source, header.destination};
        const Bytes packet = *encodeIpv4(header, *encodeUdp(500, 4500, bytesOf("hello"), pseudo));
        Annotations annotations;
        const auto ipv4 = decodeIpv4(packet, Annotator(&annotations));
        QVERIFY(ipv4);
        QVERIFY(decodeUdp(ipv4->payload, Annotator(&annotations, {}, 20), pseudo));

        std::set<std::size_t> covered;
        for (const Annotation& a : annotations) {
            QVERIFY2(!a.value.empty(), a.path.c_str());
            QVERIFY2(!a.meaning.empty(), a.path.c_str());
            QVERIFY2(a.offset + a.length <= packet.size(), a.path.c_str());
            if (a.path.find('/') == std::string::npos) continue; // containers
            for (std::size_t i = a.offset; i < a.offset + a.length; ++i) covered.insert(i);
        }
        for (std::size_t i = 0; i < 28; ++i)
            QVERIFY2(covered.count(i), qPrintable(QString("byte %1 unexplained").arg(i)));

        const Annotation* source = findAnnotation(annotations, "ip.src");
        QVERIFY(source);
        QCOMPARE(source->offset, std::size_t{12});
        QCOMPARE(source->value, std::string("10.1.0.10"));
        const Annotation* port = findAnnotation(annotations, "udp.dstport");
        QVERIFY(port);
        QCOMPARE(port->offset, std::size_t{22});
        QCOMPARE(port->value, std::string("4500"));
        QCOMPARE(findAnnotation(annotations, "ip.proto")->value, std::string("UDP (17)"));
        QVERIFY(findAnnotation(annotations, "udp.checksum")->value.find("(correct)") != std::string::npos);
        QVERIFY(findAnnotation(annotations, "ip.checksum")->value.find("(correct)") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestWirePackets)
#include "tst_wire_packets.moc"
