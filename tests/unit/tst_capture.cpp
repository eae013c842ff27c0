// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// core/capture: pcapng reading (the vector captures) and writing (the lab's three-interface
// capture), the packet synthesizer and the Wireshark key files, each checked by Wireshark itself:
// tshark must dissect our capture without a malformed packet and decrypt the vector captures with
// our key files, and capinfos must count what we wrote.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <set>

#include "TestData.h"
#include "capture/Ipv4Frame.h"
#include "capture/PacketSynthesizer.h"
#include "capture/PcapngReader.h"
#include "capture/PcapngWriter.h"
#include "capture/WiresharkKeys.h"
#include "wire/AhHeader.h"
#include "wire/EspPacket.h"
#include "wire/NatTMarker.h"

using namespace ipseclab;
using namespace ipseclab::capture;

namespace {

const QString kTshark = QStringLiteral(TSHARK_EXECUTABLE);
const QString kCapinfos = QStringLiteral(CAPINFOS_EXECUTABLE);

#define SKIP_WITHOUT(tool, name)                                                                                       \
    if ((tool).isEmpty())                                                                                              \
        QSKIP(name " is not installed (CMake found no " name                                                           \
                   "); install Wireshark's command-line tools to run this check");

wire::Ipv4Address ip(const char* dotted) { return *wire::Ipv4Address::parse(dotted); }

QString capturePath(const QString& set) { return test::vectorsDir() + "/" + set + "/capture.pcapng"; }

struct ToolRun {
    bool finished = false;
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs a Wireshark tool with its own empty (or given) configuration folder, so a user's profile
// cannot change what it shows.
ToolRun runTool(const QString& program, const QStringList& arguments, const QString& configDir) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("WIRESHARK_CONFIG_DIR", configDir);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    ToolRun run;
    run.finished = process.waitForFinished(15000);
    if (!run.finished) process.kill();
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// tshark's -T fields output as rows of columns; empty lines dropped.
QList<QStringList> rowsOf(const QString& out) {
    QList<QStringList> rows;
    for (const QString& line : out.split('\n'))
        if (!line.isEmpty()) rows << line.split('\t');
    return rows;
}

// "127.100.0.1:500" → (address, port).
std::pair<wire::Ipv4Address, std::uint16_t> endpointOf(const QString& text) {
    const QStringList parts = text.split(':');
    return {ip(parts.value(0).toLatin1().constData()), static_cast<std::uint16_t>(parts.value(1).toUInt())};
}

// The UDP payload of frame `number` (1-based) of a vector capture, IKE stripped of its marker.
Bytes isakmpOfFrame(const PcapngCapture& capture, int number) {
    const PcapngPacket& packet = capture.packets.at(static_cast<std::size_t>(number - 1));
    const PcapngInterface* interface = capture.interfaceOf(packet);
    if (!interface) return {};
    const auto frame = extractIpv4Frame(packet.data, interface->linkType);
    if (!frame || !frame->udp) return {};
    ByteView payload = frame->udp->payload;
    if (frame->udp->header.destinationPort == wire::kNatTPort) {
        const auto demuxed = wire::demultiplexNatT(payload);
        if (!demuxed || demuxed->kind != wire::NatTKind::Ike) return {};
        payload = demuxed->body;
    }
    return Bytes(payload.begin(), payload.end());
}

// The keys of a vector set as our types: both ESP directions and the IKE SA.
Result<WiresharkKeys> keysOfVector(const QJsonObject& vector) {
    const QString esp = test::valueAt(vector, "proposal.esp_charon").toString();
    EspEncryption encryption = EspEncryption::AesCbc;
    if (esp.startsWith("AES_GCM_16")) encryption = EspEncryption::AesGcm16;
    if (esp.startsWith("3DES_CBC")) encryption = EspEncryption::TripleDesCbc;
    EspIntegrity integrity = EspIntegrity::Null;
    if (esp.contains("HMAC_SHA1_96")) integrity = EspIntegrity::HmacSha1_96;
    if (esp.contains("HMAC_SHA2_256_128")) integrity = EspIntegrity::HmacSha256_128;

    WiresharkKeys keys;
    if (auto added = keys.addIkev1Sa({test::hexAt(vector, "cky_i"), test::hexAt(vector, "ka")}); !added)
        return tl::unexpected(added.error());
    for (const char* direction : {"initiator_to_responder", "responder_to_initiator"}) {
        const QString at = QString("quick_mode.sas.%1.").arg(direction);
        EspSaKeys sa;
        sa.source = ip(test::valueAt(vector, at + "src").toString().toLatin1().constData());
        sa.destination = ip(test::valueAt(vector, at + "dst").toString().toLatin1().constData());
        sa.spi = readU32(test::hexAt(vector, at + "spi"), 0);
        sa.encryption = encryption;
        sa.encryptionKey = test::hexAt(vector, at + "encryption_key");
        sa.integrity = integrity;
        sa.integrityKey = test::hexAt(vector, at + "integrity_key");
        if (auto added = keys.addEspSa(sa); !added) return tl::unexpected(added.error());
    }
    return keys;
}

QStringList toQStringList(const std::vector<std::string>& lines) {
    QStringList out;
    for (const std::string& line : lines) out << QString::fromStdString(line);
    return out;
}

// A file's bytes, and bytes made in memory, as QByteArrays for QCOMPARE.
QByteArray fileBytes(const std::string& path) {
    QFile file(QString::fromStdString(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray asBytes(const Bytes& bytes) {
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

} // namespace

class TestCapture : public QObject {
    Q_OBJECT

private slots:
    // --- Reading ----------------------------------------------------------------------------------
    void readsVectorCaptures_data() {
        QTest::addColumn<QString>("set");
        for (const QString& set : test::vectorSetNames()) QTest::newRow(qPrintable(set)) << set;
    }
    void readsVectorCaptures() {
        QFETCH(QString, set);
        const QJsonObject vector = test::loadVector(set);
        const auto capture = PcapngReader::readFile(capturePath(set).toStdString());
        QVERIFY2(capture, capture ? "" : capture.error().toString().c_str());
        const QJsonObject frameInfo = vector.value("frame_info").toObject();
        QCOMPARE(capture->packets.size(), std::size_t(frameInfo.size()));
        QCOMPARE(capture->interfaces.size(), std::size_t{1});
        QCOMPARE(capture->interfaces[0].linkType, LinkType::Ethernet);
        QCOMPARE(capture->interfaces[0].ticksPerSecond, std::uint64_t{1'000'000'000});
        QVERIFY(!capture->userApplication.empty());
        for (std::size_t i = 1; i < capture->packets.size(); ++i)
            QVERIFY(capture->packets[i].timestamp >= capture->packets[i - 1].timestamp);

        const QJsonObject frames = vector.value("frames").toObject();
        int espIndex = 0;
        for (auto it = frames.begin(); it != frames.end(); ++it) {
            QList<int> numbers;
            if (it.value().isArray())
                for (const QJsonValue& n : it.value().toArray()) numbers << n.toInt();
            else numbers << it.value().toInt();
            for (const int number : numbers) {
                const QJsonObject info = frameInfo.value(QString::number(number)).toObject();
                const QString where = QString("%1 frame %2 (%3)").arg(set).arg(number).arg(it.key());
                QCOMPARE(info.value("label").toString(), it.key());
                const PcapngPacket& packet = capture->packets.at(static_cast<std::size_t>(number - 1));
                QCOMPARE(packet.originalLength, packet.data.size());
                QVERIFY(capture->interfaceOf(packet));
                const auto frame = extractIpv4Frame(packet.data, capture->interfaceOf(packet)->linkType);
                QVERIFY2(frame, qPrintable(where + ": " +
                                           (frame ? QString() : QString::fromStdString(frame.error().toString()))));
                QCOMPARE(frame->ipOffset, std::size_t{14});
                QCOMPARE(frame->ip.header.checksumStatus, wire::ChecksumStatus::Good);
                QVERIFY2(frame->udp, qPrintable(where + " is not UDP"));
                const auto [source, sourcePort] = endpointOf(info.value("src").toString());
                const auto [destination, destinationPort] = endpointOf(info.value("dst").toString());
                QCOMPARE(frame->ip.header.source, source);
                QCOMPARE(frame->ip.header.destination, destination);
                QCOMPARE(frame->udp->header.sourcePort, sourcePort);
                QCOMPARE(frame->udp->header.destinationPort, destinationPort);

                const ByteView payload = frame->udp->payload;
                if (it.key() == "ESP") {
                    const auto demuxed = wire::demultiplexNatT(payload);
                    QVERIFY(demuxed);
                    QCOMPARE(demuxed->kind, wire::NatTKind::Esp);
                    const Bytes esp = test::hexAt(vector, QString("esp.packets.%1.esp").arg(espIndex++));
                    QCOMPARE(Bytes(demuxed->body.begin(), demuxed->body.end()), esp);
                    continue;
                }
                const bool marker = info.value("non_esp_marker").toBool();
                QCOMPARE(destinationPort == wire::kNatTPort, marker);
                const Bytes isakmp = isakmpOfFrame(*capture, number);
                QVERIFY2(isakmp.size() >= 28, qPrintable(where));
                QCOMPARE(Bytes(isakmp.begin(), isakmp.begin() + 8), test::hexAt(vector, "cky_i"));
                QCOMPARE(int(readU32(isakmp, 24)), info.value("isakmp_length").toInt());
                QCOMPARE(int(isakmp[18]), info.value("exchange_type").toInt());
            }
        }
        QCOMPARE(espIndex, test::valueAt(vector, "esp.packets").toArray().size());
    }

    void readerConvertsNanosecondTimestamps() {
        // tshark shows frame 13 of this set 0.352816421 s after frame 1.
        const auto capture = PcapngReader::readFile(capturePath("mm-aes128-sha1-modp2048").toStdString());
        QVERIFY(capture);
        const auto& packets = capture->packets;
        QCOMPARE(packets.at(12).timestamp - packets.at(0).timestamp, std::uint64_t{352'816'421});
        QCOMPARE(packets.at(12).timestampMicros - packets.at(0).timestampMicros, std::uint64_t{352'816});
    }

    void readerRejectsEveryTruncation() {
        const Bytes file = test::readFile(capturePath("mm-aes128-sha1-modp2048"));
        QVERIFY(!file.empty());
        // Block boundaries, from the lengths the file declares (little-endian, as dumpcap wrote it).
        std::set<std::size_t> boundaries;
        for (std::size_t at = 0; at < file.size();) {
            at += std::size_t{file[at + 4]} | std::size_t{file[at + 5]} << 8 | std::size_t{file[at + 6]} << 16;
            boundaries.insert(at);
        }
        QCOMPARE(*boundaries.rbegin(), file.size());
        std::size_t packetsAtBoundaries = 0;
        for (std::size_t n = 0; n <= file.size(); ++n) {
            const auto capture = PcapngReader::read(ByteView(file).first(n));
            QCOMPARE(bool(capture), boundaries.count(n) == 1);
            if (!capture) {
                QVERIFY(capture.error().offset.has_value());
                QVERIFY(*capture.error().offset <= n);
                QVERIFY(capture.error().field.rfind("pcapng/Block ", 0) == 0);
            } else {
                packetsAtBoundaries += capture->packets.size();
            }
        }
        QVERIFY(packetsAtBoundaries > 0);
    }

    void readerRejectsCorruptFields() {
        const Bytes file = test::readFile(capturePath("mm-aes128-sha1-modp2048"));
        // Every possible byte in every length/type/id byte position of the first blocks: an error or
        // a capture, never a crash (run under ASan in the sanitizer build).
        for (std::size_t at = 0; at < 256 && at < file.size(); ++at) {
            for (const std::uint8_t value : {0x00, 0x01, 0x03, 0x7f, 0x80, 0xfe, 0xff}) {
                Bytes corrupt = file;
                corrupt[at] = value;
                (void)PcapngReader::read(corrupt);
            }
        }
        auto expectError = [&](std::size_t at, int value, const char* field) {
            Bytes corrupt = file;
            corrupt[at] = static_cast<std::uint8_t>(value);
            const auto capture = PcapngReader::read(corrupt);
            QVERIFY2(!capture, field);
            QVERIFY2(capture.error().field.find(field) != std::string::npos, capture.error().toString().c_str());
        };
        const std::size_t shbLength = file[4] | file[5] << 8;
        const std::size_t idbLength = file[shbLength + 4] | file[shbLength + 5] << 8;
        const std::size_t epb = shbLength + idbLength;
        expectError(8, 0x00, "Byte-Order Magic");
        expectError(12, 0x02, "Major Version");
        expectError(4, 0x1d, "Block Total Length"); // not a multiple of 4
        expectError(shbLength - 4, file[shbLength - 4] ^ 0x04, "Trailing Block Total Length");
        expectError(epb + 8, 0x05, "Interface ID");     // only interface 0 exists
        expectError(epb + 21, 0x40, "Captured Length"); // +16 KiB: past its block
        expectError(0, 0x01, "Block Type");             // an interface block before any section
    }

    void readerHandlesBigEndianSections() {
        // A big-endian section written by hand: SHB, IDB (RAW, if_name "WAN"), EPB with a comment.
        const Bytes file = *fromHex("0a0d0d0a0000001c1a2b3c4d00010000ffffffffffffffff0000001c"
                                    "000000010000002000650000000000000002000357414e000000000000000020"
                                    "00000006000000300000000000000000000000010000000400000004deadbeef"
                                    "00010002686900000000000000000030");
        const auto capture = PcapngReader::read(file);
        QVERIFY2(capture, capture ? "" : capture.error().toString().c_str());
        QCOMPARE(capture->interfaces.size(), std::size_t{1});
        QCOMPARE(capture->interfaces[0].linkType, LinkType::Raw);
        QCOMPARE(capture->interfaces[0].name, std::string("WAN"));
        QCOMPARE(capture->packets.size(), std::size_t{1});
        QCOMPARE(capture->packets[0].timestamp, std::uint64_t{1});
        QCOMPARE(toHex(capture->packets[0].data), std::string("deadbeef"));
        QCOMPARE(capture->packets[0].comments, std::vector<std::string>{"hi"});
    }

    // --- Writing ----------------------------------------------------------------------------------
    void writerKnownBytes() {
        // Hand-assembled from the pcapng specification (little-endian).
        PcapngWriter writer("");
        QCOMPARE(writer.addInterface("WAN"), 0u);
        QVERIFY(writer.addPacket(0, 0x0000000100000002, *fromHex("0102030405"), "hi"));
        const std::string expected = "0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000"
                                     "0100000028000000650000000000000002000300"
                                     "57414e00"
                                     "0900010006000000"
                                     "0000000028000000"
                                     "06000000340000000000000001000000020000000500000005000000"
                                     "0102030405000000"
                                     "0100020068690000"
                                     "0000000034000000";
        QCOMPARE(toHex(writer.bytes()), expected);
    }

    void writerRoundTrip() {
        PcapngWriter writer;
        QCOMPARE(writer.addInterface("LAN A", LinkType::Raw, "10.1.0.0/24"), 0u);
        QCOMPARE(writer.addInterface("WAN"), 1u);
        QCOMPARE(writer.addInterface("LAN B"), 2u);
        struct Sample {
            std::uint32_t interface;
            std::uint64_t micros;
            Bytes data;
            std::string comment;
        };
        const std::vector<Sample> samples = {
            {0, 0, *fromHex("45"), "one byte → padded to four"},
            {1, 1'500'000, Bytes(64, 0xaa), "café: UTF-8"},
            {2, 0x1'0000'0001, Bytes(3, 1), ""},
            {1, 0xffff'ffff'ffff, Bytes(1500, 7), std::string(300, 'c')},
        };
        for (const Sample& s : samples) QVERIFY(writer.addPacket(s.interface, s.micros, s.data, s.comment));
        QCOMPARE(writer.packetCount(), samples.size());
        QCOMPARE(writer.bytes().size() % 4, std::size_t{0});

        const auto capture = PcapngReader::read(writer.bytes());
        QVERIFY2(capture, capture ? "" : capture.error().toString().c_str());
        QCOMPARE(capture->userApplication, std::string("IPsec Lab"));
        QCOMPARE(capture->interfaces.size(), std::size_t{3});
        QCOMPARE(capture->interfaces[0].name, std::string("LAN A"));
        QCOMPARE(capture->interfaces[0].description, std::string("10.1.0.0/24"));
        QCOMPARE(capture->interfaces[2].name, std::string("LAN B"));
        for (const PcapngInterface& interface : capture->interfaces) {
            QCOMPARE(interface.linkType, LinkType::Raw);
            QCOMPARE(interface.ticksPerSecond, std::uint64_t{1'000'000});
        }
        QCOMPARE(capture->packets.size(), samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) {
            const PcapngPacket& packet = capture->packets[i];
            QCOMPARE(packet.interfaceId, samples[i].interface);
            QCOMPARE(packet.timestampMicros, samples[i].micros);
            QCOMPARE(packet.data, samples[i].data);
            QCOMPARE(packet.comments.size(), samples[i].comment.empty() ? std::size_t{0} : std::size_t{1});
            if (!samples[i].comment.empty()) QCOMPARE(packet.comments[0], samples[i].comment);
        }
    }

    // A student's capture says whom it is for in its section header (opt_comment); the interfaces
    // and packets after it are the same bytes, and a comment that is not UTF-8 is refused.
    void sectionCommentOnExport() {
        PcapngWriter writer;
        writer.addInterface("WAN");
        QVERIFY(writer.addPacket(0, 7, Bytes(20, 1), "MM1"));
        QTemporaryDir dir;
        const std::string plain = (dir.path() + "/plain.pcapng").toStdString();
        const std::string named = (dir.path() + "/named.pcapng").toStdString();
        QVERIFY(writer.writeFile(plain));
        QVERIFY(writer.writeFile(named, "Ada Lovelace · K7QF-92XD"));
        const auto without = PcapngReader::readFile(plain);
        const auto with = PcapngReader::readFile(named);
        QVERIFY(without && with);
        QCOMPARE(without->sectionComment, std::string());
        QCOMPARE(with->sectionComment, std::string("Ada Lovelace · K7QF-92XD"));
        QCOMPARE(with->userApplication, std::string("IPsec Lab"));
        QCOMPARE(with->packets.size(), std::size_t{1});
        QCOMPARE(with->packets[0].data, without->packets[0].data);
        QCOMPARE(with->packets[0].comments, without->packets[0].comments);
        QVERIFY(!writer.writeFile(named, "\xc3\x28"));
    }

    void writerErrors() {
        PcapngWriter writer;
        const auto noInterface = writer.addPacket(0, 0, Bytes(20, 0));
        QVERIFY(!noInterface);
        QVERIFY(noInterface.error().field.find("Interface ID") != std::string::npos);
        writer.addInterface("WAN");
        QVERIFY(!writer.addPacket(0, 0, Bytes(20, 0), "\xc3\x28"));     // an invalid UTF-8 sequence
        QVERIFY(!writer.addPacket(0, 0, Bytes(20, 0), "\xed\xa0\x80")); // a UTF-16 surrogate
        QCOMPARE(writer.packetCount(), std::size_t{0});
        QTemporaryDir dir;
        const std::string missing = (dir.path() + "/no/such/folder/lab.pcapng").toStdString();
        const auto written = writer.writeFile(missing);
        QVERIFY(!written);
        QVERIFY2(written.error().message.find(missing) != std::string::npos, written.error().message.c_str());
    }

    // A packet left open (the lab's WAN frame, before the receiver's verdict ends its comment): the
    // packets added behind it wait, so the frames keep the order in which they were added, and the
    // result is the capture written with the final comments in one go.
    void openPacketKeepsTheOrder() {
        PcapngWriter writer, direct;
        for (PcapngWriter* w : {&writer, &direct}) {
            w->addInterface("WAN");
            w->addInterface("LAN B");
        }
        QVERIFY(!writer.closePacket("; none open"));
        QVERIFY(writer.addPacket(0, 1, Bytes(20, 1), "first"));
        QVERIFY(writer.openPacket(0, 2, Bytes(21, 2), "second"));
        QVERIFY(writer.hasOpenPacket());
        QVERIFY(!writer.openPacket(0, 3, Bytes(22, 3), "one at a time"));
        QVERIFY(writer.addPacket(1, 3, Bytes(23, 3), "third, behind it"));
        QCOMPARE(writer.packetCount(), std::size_t{3}); // the frame numbers count the waiting ones
        const auto partial = PcapngReader::read(writer.bytes());
        QVERIFY(partial);
        QCOMPARE(partial->packets.size(), std::size_t{1}); // nothing past the open packet is written
        QTemporaryDir dir;
        QVERIFY(!writer.writeFile((dir.path() + "/open.pcapng").toStdString()));
        QVERIFY(!writer.closePacket("\xc3\x28")); // not UTF-8: refused, the packet stays open
        QVERIFY(writer.hasOpenPacket());
        QVERIFY(writer.closePacket("; receiver: accepted"));
        QVERIFY(!writer.hasOpenPacket());

        QVERIFY(direct.addPacket(0, 1, Bytes(20, 1), "first"));
        QVERIFY(direct.addPacket(0, 2, Bytes(21, 2), "second; receiver: accepted"));
        QVERIFY(direct.addPacket(1, 3, Bytes(23, 3), "third, behind it"));
        QCOMPARE(toHex(writer.bytes()), toHex(direct.bytes()));
    }

    // Streaming (`--headless --pcap`) writes the same bytes as the capture kept in memory, from
    // wherever it starts, across the chunks it writes in; the file is complete after finish().
    void streamingWritesTheSameBytes() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/streamed.pcapng").toStdString();
        PcapngWriter memory, streamed;
        for (PcapngWriter* w : {&memory, &streamed}) {
            w->addInterface("WAN");
            QVERIFY(w->addPacket(0, 1, Bytes(40, 1), "before the stream"));
        }
        QVERIFY(streamed.streamTo(path));
        QVERIFY(!streamed.streamTo(path)); // once
        QVERIFY(streamed.streaming());
        for (std::uint64_t i = 0; i < 5000; ++i) // about 1 MB: several chunks
            for (PcapngWriter* w : {&memory, &streamed}) {
                QVERIFY(w->openPacket(0, i, Bytes(150, std::uint8_t(i)), "packet " + std::to_string(i)));
                QVERIFY(w->addPacket(0, i, Bytes(60, 9), "its reaction"));
                QVERIFY(w->closePacket("; receiver: accepted"));
            }
        QVERIFY(streamed.bytes().size() < memory.bytes().size() / 2); // memory stays flat
        const auto notKept = streamed.writeFile((dir.path() + "/copy.pcapng").toStdString());
        QVERIFY(!notKept);
        QVERIFY2(notKept.error().message.find("streams to") != std::string::npos, notKept.error().message.c_str());
        QVERIFY(streamed.finish());
        QCOMPARE(fileBytes(path), asBytes(memory.bytes()));

        PcapngWriter nowhere;
        const auto refused = nowhere.streamTo((dir.path() + "/no/such/folder/x.pcapng").toStdString());
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("no/such/folder") != std::string::npos, refused.error().message.c_str());
    }

    // A streaming writer assigned over (a lab's capture replaced) first hands its file the blocks it
    // still buffers (fewer than a chunk here), as its destructor would: the file is complete.
    void streamingWriterAssignedOverCompletesItsFile() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/replaced.pcapng").toStdString();
        PcapngWriter memory, streamed;
        for (PcapngWriter* w : {&memory, &streamed}) w->addInterface("WAN");
        QVERIFY(streamed.streamTo(path));
        for (std::uint64_t i = 0; i < 10; ++i)
            for (PcapngWriter* w : {&memory, &streamed})
                QVERIFY(w->addPacket(0, i, Bytes(100, std::uint8_t(i)), "packet " + std::to_string(i)));
        QVERIFY(!streamed.bytes().empty()); // buffered, not written yet
        streamed = PcapngWriter();
        QVERIFY(!streamed.streaming());
        QCOMPARE(streamed.packetCount(), std::size_t(0));
        QCOMPARE(fileBytes(path), asBytes(memory.bytes()));

        // And the other way: a streaming writer moved into a kept one goes on streaming to its file.
        const std::string second = (dir.path() + "/moved.pcapng").toStdString();
        PcapngWriter source;
        source.addInterface("WAN");
        QVERIFY(source.streamTo(second));
        QVERIFY(source.addPacket(0, 1, Bytes(60, 7), "one"));
        PcapngWriter target;
        target = std::move(source);
        QVERIFY(target.streaming());
        QCOMPARE(target.packetCount(), std::size_t(1));
        QVERIFY(target.addPacket(0, 2, Bytes(60, 8), "two"));
        QVERIFY(target.finish());
        PcapngWriter expected;
        expected.addInterface("WAN");
        QVERIFY(expected.addPacket(0, 1, Bytes(60, 7), "one"));
        QVERIFY(expected.addPacket(0, 2, Bytes(60, 8), "two"));
        QCOMPARE(fileBytes(second), asBytes(expected.bytes()));
    }

    // --- The lab's capture through Wireshark ------------------------------------------------------
    void synthesizedCaptureDissects() {
        SKIP_WITHOUT(kTshark, "tshark");
        QTemporaryDir dir;
        const QString path = dir.filePath("lab.pcapng");
        QStringList expectedProtocols;
        QStringList expectedComments;
        QVERIFY(buildLabCapture(path, &expectedProtocols, &expectedComments));

        const QString config = dir.filePath("config");
        QDir().mkpath(config);
        const ToolRun run = runTool(kTshark, {"-r", path,
                                              "-o", "ip.check_checksum:TRUE",
                                              "-o", "udp.check_checksum:TRUE",
                                              "-T", "fields",
                                              "-E", "occurrence=a",
                                              "-e", "frame.interface_name",
                                              "-e", "frame.protocols",
                                              "-e", "frame.comment",
                                              "-e", "_ws.malformed",
                                              "-e", "ip.checksum.status",
                                              "-e", "udp.checksum.status",
                                              "-e", "icmp.checksum.status",
                                              "-e", "_ws.expert.severity"},
                                    config);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.err));
        const QList<QStringList> rows = rowsOf(run.out);
        QCOMPARE(rows.size(), expectedProtocols.size());
        const QStringList interfaces = {"LAN A", "WAN", "WAN", "WAN", "WAN", "WAN", "WAN", "LAN B", "LAN B", "LAN A"};
        for (int i = 0; i < rows.size(); ++i) {
            const QStringList& row = rows[i];
            const QString where = QString("frame %1: %2").arg(i + 1).arg(row.join(" | "));
            QCOMPARE(row.size(), 8);
            QCOMPARE(row[0], interfaces[i]);
            QVERIFY2(row[1].endsWith(expectedProtocols[i]), qPrintable(where + " — expected " + expectedProtocols[i]));
            QCOMPARE(row[2], expectedComments[i]);
            QVERIFY2(row[3].isEmpty(), qPrintable(where + " is malformed"));
            for (const QString& status : row[4].split(','))
                QVERIFY2(status == "1", qPrintable(where + ": IPv4 checksum"));
            // UDP checksums: good (1), or not present (3) for ESP-in-UDP per RFC 3948.
            if (!row[5].isEmpty()) QVERIFY2(row[5] == "1" || row[5] == "3", qPrintable(where + ": UDP checksum"));
            for (const QString& status : row[6].split(',', Qt::SkipEmptyParts))
                QVERIFY2(status == "1", qPrintable(where + ": ICMP checksum"));
            // No expert info of severity "error" (0x00800000) or worse.
            for (const QString& severity : row[7].split(',', Qt::SkipEmptyParts))
                QVERIFY2(severity.toUInt() < 0x00800000, qPrintable(where + ": expert error"));
        }
    }

    void capinfosCountsWhatWeWrote() {
        SKIP_WITHOUT(kCapinfos, "capinfos");
        QTemporaryDir dir;
        const QString path = dir.filePath("lab.pcapng");
        QStringList protocols;
        QStringList comments;
        QVERIFY(buildLabCapture(path, &protocols, &comments));
        const QString config = dir.filePath("config");
        QDir().mkpath(config);
        const ToolRun run = runTool(kCapinfos, {"-c", "-I", "-M", path}, config);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QRegularExpression(QString("Number of packets:\\s+%1\\n").arg(protocols.size()))),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QRegularExpression("Number of interfaces in file:\\s+3\\n")), qPrintable(run.out));
        for (const char* name : {"LAN A", "WAN", "LAN B"})
            QVERIFY2(run.out.contains(QString("Name = %1\n").arg(name)), qPrintable(run.out));
        QCOMPARE(run.out.count("Encapsulation = Raw IP (7 - rawip)"), 3);
        // Per interface, in order: 2 packets on LAN A, 6 on the WAN, 2 on LAN B.
        const QRegularExpression perInterface("Name = LAN A\\n.*?Number of packets = 2\\n.*?Name = WAN\\n.*?"
                                              "Number of packets = 6\\n.*?Name = LAN B\\n.*?Number of packets = 2\\n",
                                              QRegularExpression::DotMatchesEverythingOption);
        QVERIFY2(run.out.contains(perInterface), qPrintable(run.out));
    }

    // --- Wireshark key files ----------------------------------------------------------------------
    void keyFilesMatchVectorLines_data() {
        QTest::addColumn<QString>("set");
        for (const QString& set : test::vectorSetNames()) QTest::newRow(qPrintable(set)) << set;
    }
    void keyFilesMatchVectorLines() {
        QFETCH(QString, set);
        const QJsonObject vector = test::loadVector(set);
        const auto keys = keysOfVector(vector);
        QVERIFY2(keys, keys ? "" : keys.error().toString().c_str());
        QStringList expectedEsp;
        for (const QJsonValue& line : test::valueAt(vector, "esp.esp_sa").toArray()) expectedEsp << line.toString();
        QCOMPARE(toQStringList(keys->espSaLines()), expectedEsp);
        QCOMPARE(toQStringList(keys->ikev1Lines()),
                 QStringList{test::valueAt(vector, "esp.ikev1_decryption_table").toString()});

        QTemporaryDir dir;
        const QString folder = dir.filePath("keys/for/wireshark"); // not there yet
        const auto written = keys->writeTo(folder.toStdString());
        QVERIFY2(written, written ? "" : written.error().toString().c_str());
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name),
                 (QStringList{"esp_sa", "ikev1_decryption_table"}));
        for (const char* name : {"esp_sa", "ikev1_decryption_table"}) {
            const auto mode = std::filesystem::status((folder + "/" + QString(name)).toStdString()).permissions();
            QCOMPARE(int(mode), 0600);
        }
        QCOMPARE(QString::fromUtf8(QByteArray(reinterpret_cast<const char*>(test::readFile(folder + "/esp_sa").data()),
                                              int(test::readFile(folder + "/esp_sa").size()))),
                 expectedEsp.join('\n') + '\n');
    }

    void tsharkDecryptsVectorsWithOurKeys_data() {
        QTest::addColumn<QString>("set");
        for (const QString& set : test::vectorSetNames()) QTest::newRow(qPrintable(set)) << set;
    }
    void tsharkDecryptsVectorsWithOurKeys() {
        SKIP_WITHOUT(kTshark, "tshark");
        QFETCH(QString, set);
        const QJsonObject vector = test::loadVector(set);
        const auto keys = keysOfVector(vector);
        QVERIFY(keys);
        QTemporaryDir dir;
        QVERIFY(keys->writeTo(dir.path().toStdString()));
        const QList<QStringList> rows = decryptWithTshark(capturePath(set), dir.path());
        QVERIFY(!rows.isEmpty());

        // Phase 1: MM5 (AM3) decrypts to HASH_I; Quick Mode QM1 to HASH(1).
        const QJsonObject frames = vector.value("frames").toObject();
        const int phase1 = frames.contains("MM5") ? frames.value("MM5").toInt() : frames.value("AM3").toInt();
        QCOMPARE(rows.value(phase1 - 1).value(3), QString::fromStdString(toHex(test::hexAt(vector, "hash_i"))));
        QCOMPARE(rows.value(frames.value("QM1").toInt() - 1).value(3),
                 QString::fromStdString(toHex(test::hexAt(vector, "quick_mode.hash1"))));
        // ESP: every ICV good, and the inner ping visible.
        const QJsonArray esp = frames.value("ESP").toArray();
        QVERIFY(esp.size() >= 4);
        for (const QJsonValue& number : esp) {
            const QStringList row = rows.value(number.toInt() - 1);
            QCOMPARE(row.value(1), QString("1"));
            QCOMPARE(row.value(2), QString("0"));
            QVERIFY2(row.value(4) == "8" || row.value(4) == "0", qPrintable(row.join(" | ")));
        }
    }

    void tsharkSeesAWrongKey() {
        // The same check fails with one flipped key byte: the test can fail.
        SKIP_WITHOUT(kTshark, "tshark");
        const QString set = "mm-aes128-sha1-modp2048";
        const QJsonObject vector = test::loadVector(set);
        WiresharkKeys keys;
        QVERIFY(keys.addIkev1Sa({test::hexAt(vector, "cky_i"), test::hexAt(vector, "ka")}));
        EspSaKeys sa;
        sa.source = ip("127.100.0.1");
        sa.destination = ip("127.100.0.2");
        sa.spi = readU32(test::hexAt(vector, "quick_mode.sas.initiator_to_responder.spi"), 0);
        sa.encryptionKey = test::hexAt(vector, "quick_mode.sas.initiator_to_responder.encryption_key");
        sa.integrityKey = test::hexAt(vector, "quick_mode.sas.initiator_to_responder.integrity_key");
        sa.integrityKey[0] ^= 0x01;
        QVERIFY(keys.addEspSa(sa));
        QTemporaryDir dir;
        QVERIFY(keys.writeTo(dir.path().toStdString()));
        const QList<QStringList> rows = decryptWithTshark(capturePath(set), dir.path());
        const int first = test::valueAt(vector, "frames.ESP.0").toInt();
        QCOMPARE(rows.value(first - 1).value(1), QString("0"));
        QCOMPARE(rows.value(first - 1).value(2), QString("1"));
    }

    void tsharkAcceptsEveryAlgorithmName() {
        // Names we cannot prove by decrypting a vector (MD5, SHA-384/512, GCM-8/12, NULL) must at least
        // load: Wireshark rejects a misspelt one with "Error loading table ... invalid value".
        SKIP_WITHOUT(kTshark, "tshark");
        WiresharkKeys keys;
        std::uint32_t spi = 0x1000;
        const std::vector<std::pair<EspEncryption, std::size_t>> ciphers = {
            {EspEncryption::Null, 0},     {EspEncryption::TripleDesCbc, 24}, {EspEncryption::AesCbc, 16},
            {EspEncryption::AesGcm8, 20}, {EspEncryption::AesGcm12, 28},     {EspEncryption::AesGcm16, 36}};
        const std::vector<std::pair<EspIntegrity, std::size_t>> macs = {
            {EspIntegrity::HmacMd5_96, 16},     {EspIntegrity::HmacSha1_96, 20},    {EspIntegrity::HmacSha256_128, 32},
            {EspIntegrity::HmacSha384_192, 48}, {EspIntegrity::HmacSha512_256, 64}, {EspIntegrity::Null, 0}};
        int added = 0;
        for (const auto& [encryption, keyLength] : ciphers) {
            for (const auto& [integrity, macLength] : macs) {
                EspSaKeys sa{ip("127.0.0.1"), ip("127.0.0.2"),       ++spi, encryption, Bytes(keyLength, 0x11),
                             integrity,       Bytes(macLength, 0x22)};
                if (keys.addEspSa(sa)) ++added;
            }
        }
        QCOMPARE(added, 2 * 6 + 3 * 1 + 5); // CBC × all, GCM × NULL, NULL × the five MACs
        QTemporaryDir dir;
        QVERIFY(keys.writeTo(dir.path().toStdString()));
        const ToolRun run = runTool(kTshark,
                                    {"-r", capturePath("mm-aes128-sha1-modp2048"), "-o",
                                     "esp.enable_encryption_decode:TRUE", "-c", "1"},
                                    dir.path());
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(!run.err.contains("Error loading table"), qPrintable(run.err));

        // And the check is live: one misspelt name is reported.
        QFile file(dir.filePath("esp_sa"));
        QVERIFY(file.open(QIODevice::Append));
        file.write("\"IPv4\",\"127.0.0.1\",\"127.0.0.2\",\"0x00000001\",\"TripleDes-CBC [RFC2451]\",\"0x" +
                   QByteArray(48, '1') + "\",\"NULL\",\"0x\"\n");
        file.close();
        const ToolRun misspelt = runTool(kTshark,
                                         {"-r", capturePath("mm-aes128-sha1-modp2048"), "-o",
                                          "esp.enable_encryption_decode:TRUE", "-c", "1"},
                                         dir.path());
        QVERIFY2(misspelt.err.contains("Error loading table"), qPrintable(misspelt.err));
    }

    void keyValidation() {
        WiresharkKeys keys;
        QVERIFY(!keys.addIkev1Sa({Bytes(7, 1), Bytes(16, 2)}));
        QVERIFY(!keys.addIkev1Sa({Bytes(8, 1), Bytes{}}));
        EspSaKeys gcm{ip("127.0.0.1"), ip("127.0.0.2"),           5,           EspEncryption::AesGcm16,
                      Bytes(20, 1),    EspIntegrity::HmacSha1_96, Bytes(20, 2)};
        const auto gcmWithMac = keys.addEspSa(gcm);
        QVERIFY(!gcmWithMac);
        QCOMPARE(gcmWithMac.error().field, std::string("esp_sa/Authentication"));
        gcm.integrity = EspIntegrity::Null;
        gcm.integrityKey.clear();
        gcm.encryptionKey.resize(16); // the salt is missing
        QVERIFY(!keys.addEspSa(gcm));
        gcm.encryptionKey.resize(20);
        QVERIFY(keys.addEspSa(gcm));
        gcm.spi = 0;
        QVERIFY(!keys.addEspSa(gcm));
        EspSaKeys cbc{ip("127.0.0.1"),       ip("127.0.0.2"), 6,
                      EspEncryption::AesCbc, Bytes(16, 1),    EspIntegrity::HmacSha256_128,
                      Bytes(20, 2)}; // a SHA-1-sized key
        QVERIFY(!keys.addEspSa(cbc));
        QCOMPARE(keys.espSaLines().size(), std::size_t{1});
        QCOMPARE(keys.espSaLines()[0],
                 std::string("\"IPv4\",\"127.0.0.1\",\"127.0.0.2\",\"0x00000005\",\"AES-GCM with 16 octet ICV "
                             "[RFC4106]\",\"0x0101010101010101010101010101010100000000\",\"NULL\",\"0x\""));

        // A folder path that is a file: the error names it.
        QTemporaryDir dir;
        const QString blocker = dir.filePath("file");
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const auto written = keys.writeTo(blocker.toStdString());
        QVERIFY(!written);
        QVERIFY2(written.error().message.find(blocker.toStdString()) != std::string::npos,
                 written.error().message.c_str());
    }

    // ikev2_decryption_table, known answers: every IKE SA of the eight charon IKEv2 sets (both of
    // the IKE rekey set), built from the set's SPIs, SK_* and algorithms, gives the line the set
    // records and tshark 4.0 read (tst_field_keys decrypts the captures with those lines).
    void ikev2TableMatchesVectorLines_data() {
        QTest::addColumn<QString>("set");
        const QString dir = QString::fromUtf8(IPSECLAB_SOURCE_DIR) + "/tests/data/vectors-ikev2";
        for (const QString& name : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            QTest::newRow(qPrintable(name)) << dir + "/" + name;
    }
    void ikev2TableMatchesVectorLines() {
        QFETCH(QString, set);
        QFile file(set + "/vector.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject vector = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonArray sas = vector.value("ike_sas").toArray();
        QVERIFY(!sas.isEmpty());
        WiresharkKeys keys(2);
        QStringList expected;
        for (const QJsonValue& value : sas) {
            const QJsonObject sa = value.toObject();
            const QJsonObject algorithms = sa.value("algorithms").toObject();
            const int bits = algorithms.value("encr_key_bits").toInt();
            const bool aead = algorithms.value("aead").toBool();
            Ikev2SaKeys k;
            k.encryption = aead ? (bits == 128   ? Ikev2Encryption::AesGcm16_128
                                   : bits == 192 ? Ikev2Encryption::AesGcm16_192
                                                 : Ikev2Encryption::AesGcm16_256)
                                : (bits == 128   ? Ikev2Encryption::AesCbc128
                                   : bits == 192 ? Ikev2Encryption::AesCbc192
                                                 : Ikev2Encryption::AesCbc256);
            const QString integ = algorithms.value("integ").toString();
            k.integrity = integ == "AUTH_HMAC_SHA2_256_128"   ? Ikev2Integrity::HmacSha256_128
                          : integ == "AUTH_HMAC_SHA2_384_192" ? Ikev2Integrity::HmacSha384_192
                          : integ == "AUTH_HMAC_SHA2_512_256" ? Ikev2Integrity::HmacSha512_256
                          : integ == "AUTH_HMAC_SHA1_96"      ? Ikev2Integrity::HmacSha1_96
                                                              : Ikev2Integrity::None;
            for (auto [field, bytes] : {std::pair{"spi_i", &k.spiI},
                                        {"spi_r", &k.spiR},
                                        {"sk_ei", &k.skEi},
                                        {"sk_er", &k.skEr},
                                        {"sk_ai", &k.skAi},
                                        {"sk_ar", &k.skAr}})
                *bytes = sa.value(field).isNull() ? Bytes{} : test::hexAt(sa, field);
            const auto added = keys.addIkev2Sa(k);
            QVERIFY2(added, added ? "" : added.error().toString().c_str());
            expected << sa.value("wireshark_ikev2_decryption_table").toString();
        }
        QCOMPARE(toQStringList(keys.ikev2Lines()), expected);
        // The set's own line list says the same (the first IKE SA's line comes first).
        QCOMPARE(expected.first(),
                 vector.value("wireshark").toObject().value("ikev2_decryption_table").toArray().first().toString());

        QTemporaryDir dir;
        QVERIFY(keys.writeTo(dir.path().toStdString()));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files, QDir::Name),
                 (QStringList{"esp_sa", "ikev2_decryption_table"}));
        const Bytes written = test::readFile(dir.filePath("ikev2_decryption_table"));
        QCOMPARE(QString::fromLatin1(reinterpret_cast<const char*>(written.data()), int(written.size())),
                 expected.join('\n') + '\n');
    }

    void ikev2KeyValidation() {
        // 16 key bytes of `b` and the 4 zero salt bytes resize() added.
        const auto hexOf = [](std::uint8_t b) { return toHex(Bytes(16, b)) + "00000000"; };
        Ikev2SaKeys k{Bytes(8, 1),  Bytes(8, 2),  Ikev2Encryption::AesCbc128,
                      Bytes(16, 3), Bytes(16, 4), Ikev2Integrity::HmacSha256_128,
                      Bytes(32, 5), Bytes(32, 6)};
        QVERIFY(!WiresharkKeys(1).addIkev2Sa(k)); // an IKEv1 key set has no IKEv2 table
        WiresharkKeys keys(2);
        QVERIFY(keys.addIkev2Sa(k));
        auto bad = k;
        bad.spiR.resize(4);
        QVERIFY(!keys.addIkev2Sa(bad));
        bad = k;
        bad.skAr.resize(20); // a SHA-1-sized key for SHA-256
        QCOMPARE(keys.addIkev2Sa(bad).error().field, std::string("ikev2_decryption_table/SK_ai"));
        bad = k;
        bad.encryption = Ikev2Encryption::AesGcm16_128; // with an integrity algorithm
        bad.skEi.resize(20);
        bad.skEr.resize(20);
        QCOMPARE(keys.addIkev2Sa(bad).error().field, std::string("ikev2_decryption_table/Integrity algorithm"));
        bad.integrity = Ikev2Integrity::None;
        bad.skAi.clear();
        bad.skAr.clear();
        QVERIFY(keys.addIkev2Sa(bad));
        bad.skEi.resize(16); // the salt is missing
        QVERIFY(!keys.addIkev2Sa(bad));
        QCOMPARE(keys.ikev2Lines().size(), std::size_t{2});
        QCOMPARE(keys.ikev2Lines()[1], std::string("0101010101010101,0202020202020202,") + hexOf(0x03) + "," +
                                           hexOf(0x04) +
                                           ",\"AES-GCM-128 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"");
    }

    void keyFilesReplaceLooserPermissions() {
        QTemporaryDir dir;
        const QString path = dir.filePath("esp_sa");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther | QFile::ReadGroup));
        WiresharkKeys keys;
        QVERIFY(keys.writeTo(dir.path().toStdString()));
        QCOMPARE(int(std::filesystem::status(path.toStdString()).permissions()), 0600);
    }

    // --- Synthesizer ------------------------------------------------------------------------------
    void synthesizerFraming() {
        PacketSynthesizer synthesizer(0xfffe);
        const UdpEndpoint a{ip("127.0.0.1"), 4500};
        const UdpEndpoint b{ip("127.0.0.2"), 4500};
        const Bytes isakmp(28, 0x42);

        const auto ike = synthesizer.ike(a, b, isakmp);
        QVERIFY(ike);
        const auto ikeFrame = extractIpv4Frame(*ike, LinkType::Raw);
        QVERIFY(ikeFrame && ikeFrame->udp);
        QCOMPARE(ikeFrame->ip.header.identification, 0xfffe);
        QCOMPARE(ikeFrame->ip.header.checksumStatus, wire::ChecksumStatus::Good);
        QCOMPARE(ikeFrame->udp->header.checksumStatus, wire::ChecksumStatus::Good);
        QCOMPARE(ikeFrame->udp->payload.size(), isakmp.size() + 4); // the marker

        const auto ike500 = synthesizer.ike({a.address, 500}, {b.address, 500}, isakmp);
        QVERIFY(ike500);
        const auto ike500Frame = extractIpv4Frame(*ike500, LinkType::Raw);
        QCOMPARE(ike500Frame->ip.header.identification, 0xffff);
        QCOMPARE(ike500Frame->udp->payload.size(), isakmp.size()); // no marker on 500

        const Bytes esp = wire::encodeEsp(0x48858870, 1, Bytes(40, 3));
        const auto espUdp = synthesizer.espInUdp(a, b, esp);
        const auto espUdpFrame = extractIpv4Frame(*espUdp, LinkType::Raw);
        QCOMPARE(espUdpFrame->ip.header.identification, 0); // wrapped
        QCOMPARE(espUdpFrame->udp->header.checksum, 0);
        QCOMPARE(Bytes(espUdpFrame->udp->payload.begin(), espUdpFrame->udp->payload.end()), esp);

        const auto plain = synthesizer.esp(a.address, b.address, esp);
        const auto plainFrame = extractIpv4Frame(*plain, LinkType::Raw);
        QCOMPARE(plainFrame->ip.header.protocol, wire::IpProtocol::Esp);
        QVERIFY(!plainFrame->udp);
        QCOMPARE(synthesizer.nextIdentification(), 2);

        // Too big for IPv4: an error, and the counter does not move.
        QVERIFY(!synthesizer.esp(a.address, b.address, Bytes(70000, 0)));
        QCOMPARE(synthesizer.nextIdentification(), 2);
    }

private:
    // WAN: IKE on 500 and on 4500 (marker), ESP in UDP, plain ESP, AH and a keepalive; LAN A/B: the
    // cleartext ping. Returns the expected protocol tail and comment of each frame.
    bool buildLabCapture(const QString& path, QStringList* protocols, QStringList* comments) {
        const QString set = "mm-aes128-sha1-modp2048";
        const QJsonObject vector = test::loadVector(set);
        const auto vectorCapture = PcapngReader::readFile(capturePath(set).toStdString());
        if (!vectorCapture) return false;
        const Bytes mm1 = isakmpOfFrame(*vectorCapture, test::valueAt(vector, "frames.MM1").toInt());
        const Bytes mm5 = isakmpOfFrame(*vectorCapture, test::valueAt(vector, "frames.MM5").toInt());
        const Bytes esp0 = test::hexAt(vector, "esp.packets.0.esp");
        const Bytes esp1 = test::hexAt(vector, "esp.packets.1.esp");
        if (mm1.empty() || mm5.empty() || esp0.empty()) return false;

        const UdpEndpoint gatewayA{ip("127.0.0.1"), wire::kIkePort};
        const UdpEndpoint gatewayB{ip("127.0.0.2"), wire::kIkePort};
        const UdpEndpoint natTA{gatewayA.address, wire::kNatTPort};
        const UdpEndpoint natTB{gatewayB.address, wire::kNatTPort};
        const wire::Ipv4Address hostA = ip("10.1.0.10");
        const wire::Ipv4Address hostB = ip("10.2.0.20");

        PacketSynthesizer synthesizer(100);
        wire::IcmpEcho request;
        request.identifier = 0x1234;
        request.sequenceNumber = 1;
        request.data = bytesOf("IPsec Lab ping payload, 32 bytes");
        wire::IcmpEcho reply = request;
        reply.type = wire::IcmpType::EchoReply;
        const Bytes innerRequest = *synthesizer.icmpEcho(hostA, hostB, request);
        wire::AhHeader ah;
        ah.spi = 0xc0ffee01;
        ah.sequenceNumber = 1;
        ah.icv = Bytes(12, 0x5a);

        PcapngWriter writer;
        const std::uint32_t lanA = writer.addInterface("LAN A", LinkType::Raw, "Site A's LAN 10.1.0.0/24");
        const std::uint32_t wan = writer.addInterface("WAN", LinkType::Raw, "between the gateways");
        const std::uint32_t lanB = writer.addInterface("LAN B", LinkType::Raw, "Site B's LAN 10.2.0.0/24");
        struct Frame {
            std::uint32_t interface;
            Result<Bytes> packet;
            QString protocols;
            QString comment;
        };
        const std::vector<Frame> frames = {
            {lanA, Result<Bytes>(innerRequest), "ip:icmp:data", "Interesting traffic: 10.1.0.10 pings 10.2.0.20"},
            {wan, synthesizer.ike(gatewayA, gatewayB, mm1), "udp:isakmp", "MM1 → Site A proposes an IKE SA"},
            {wan, synthesizer.ike(natTA, natTB, mm5), "udp:udpencap:isakmp", "MM5 on 4500 after the non-ESP marker"},
            {wan, synthesizer.espInUdp(natTA, natTB, esp0), "udp:udpencap:esp", "ESP in UDP 4500 (RFC 3948)"},
            {wan, synthesizer.esp(gatewayB.address, gatewayA.address, esp1), "ip:esp", "ESP as IP protocol 50"},
            {wan, synthesizer.ah(gatewayA.address, gatewayB.address, *wire::encodeAh(ah, innerRequest)),
             "ah:ip:icmp:data", "AH as IP protocol 51, tunnel mode"},
            {wan, synthesizer.natKeepalive({gatewayA.address, 61001}, natTB), "udp:udpencap",
             "NAT-keepalive: one 0xFF byte"},
            {lanB, Result<Bytes>(innerRequest), "ip:icmp:data", "The ping leaves gateway B — décrypté"},
            {lanB, synthesizer.icmpEcho(hostB, hostA, reply), "ip:icmp:data", "The echo reply from 10.2.0.20"},
            {lanA, synthesizer.icmpEcho(hostB, hostA, reply), "ip:icmp:data", "The reply reaches Site A's LAN"},
        };
        std::uint64_t now = 1'700'000'000'000'000; // virtual clock, microseconds
        for (const Frame& frame : frames) {
            if (!frame.packet) return false;
            if (!writer.addPacket(frame.interface, now, *frame.packet, frame.comment.toStdString())) return false;
            now += 1250;
            *protocols << frame.protocols;
            *comments << frame.comment;
        }
        return bool(writer.writeFile(path.toStdString()));
    }

    // Rows of: frame number, esp.icv_good, esp.icv_bad, isakmp.hash, icmp.type (first occurrence).
    QList<QStringList> decryptWithTshark(const QString& capture, const QString& configDir) {
        const ToolRun run = runTool(kTshark, {"-r", capture,
                                              "-o", "esp.enable_encryption_decode:TRUE",
                                              "-o", "esp.enable_authentication_check:TRUE",
                                              "-T", "fields",
                                              "-E", "occurrence=f",
                                              "-e", "frame.number",
                                              "-e", "esp.icv_good",
                                              "-e", "esp.icv_bad",
                                              "-e", "isakmp.hash",
                                              "-e", "icmp.type"},
                                    configDir);
        if (!run.finished || run.exitCode != 0 || run.err.contains("Error loading table")) {
            qWarning("tshark failed: %s", qPrintable(run.err));
            return {};
        }
        return rowsOf(run.out);
    }
};

QTEST_APPLESS_MAIN(TestCapture)
#include "tst_capture.moc"
