// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lab's exports checked by independent implementations, on attack-free runs made by the real
// program (`ipsec-lab --headless --pcap --keys`):
//  - tshark with exactly the two exported key files decrypts every encrypted IKE message (the
//    decrypted ID, HASH, SA and Nonce payloads are there), verifies every ESP ICV, dissects AH,
//    finds no malformed packet, and shows the cleartext echoes on the LAN interfaces;
//  - Debian's scapy decrypts the same ESP packets with the exported esp_sa keys;
//  - with extended sequence numbers, a tshark 4.2 or older decrypts every ESP packet but shows its
//    ICV as bad, and the capture's comments say so on exactly those packets.
// A corrupted key makes both fail, so the checks can fail. Each skips only when its tool is missing.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "TestData.h"

namespace {

const QString kProgram = QStringLiteral(IPSECLAB_EXECUTABLE);
const QString kTshark = QStringLiteral(TSHARK_EXECUTABLE);
const QString kPython = QStringLiteral("/usr/bin/python3");

struct Frame {
    int number = 0;
    QString interface;
    int exchange = 0; // ISAKMP exchange type, 0 when not ISAKMP
    bool encrypted = false;
    QStringList payloads; // ISAKMP payload types as tshark dissected them (decrypted ones included)
    QStringList icvGood, icvBad;
    QStringList icmpTypes;
    bool ah = false;
};

QString runTool(const QString& program, const QStringList& arguments, const QString& configDir = {},
                int* exitCode = nullptr) {
    QProcess p;
    if (!configDir.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("WIRESHARK_CONFIG_DIR", configDir);
        p.setProcessEnvironment(env);
    }
    p.start(program, arguments);
    p.waitForFinished(60000);
    if (exitCode) *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput());
}

bool export_(const QString& scenario, const QString& pcap, const QString& keys) {
    int code = -1;
    runTool(kProgram, {"--headless", "--scenario", scenario, "--pcap", pcap, "--keys", keys}, {}, &code);
    return code == 0;
}

QList<Frame> dissect(const QString& pcap, const QString& keys) {
    const QString out = runTool(kTshark, {"-r", pcap,
                                          "-o", "esp.enable_encryption_decode:TRUE",
                                          "-o", "esp.enable_authentication_check:TRUE",
                                          "-T", "fields",
                                          "-E", "separator=|",
                                          "-e", "frame.number",
                                          "-e", "frame.interface_name",
                                          "-e", "isakmp.exchangetype",
                                          "-e", "isakmp.flag_e",
                                          "-e", "isakmp.typepayload",
                                          "-e", "esp.icv_good",
                                          "-e", "esp.icv_bad",
                                          "-e", "icmp.type",
                                          "-e", "ah.spi"},
                                keys);
    QList<Frame> frames;
    for (const QString& line : out.split('\n', Qt::SkipEmptyParts)) {
        const QStringList f = line.split('|');
        if (f.size() < 9) continue;
        Frame fr;
        fr.number = f[0].toInt();
        fr.interface = f[1];
        fr.exchange = f[2].toInt();
        fr.encrypted = f[3] == "1" || f[3] == "True";
        fr.payloads = f[4].split(',', Qt::SkipEmptyParts);
        fr.icvGood = f[5].split(',', Qt::SkipEmptyParts);
        fr.icvBad = f[6].split(',', Qt::SkipEmptyParts);
        fr.icmpTypes = f[7].split(',', Qt::SkipEmptyParts);
        fr.ah = !f[8].isEmpty();
        frames << fr;
    }
    return frames;
}

int malformed(const QString& pcap, const QString& keys) {
    const QString out = runTool(kTshark,
                                {"-r", pcap, "-o", "esp.enable_encryption_decode:TRUE", "-Y", "_ws.malformed", "-T",
                                 "fields", "-e", "frame.number"},
                                keys);
    return int(out.split('\n', Qt::SkipEmptyParts).size());
}

// Payload type numbers (RFC 2408 §3.1).
const QString kSa = "1", kKe = "4", kId = "5", kHash = "8", kNonce = "10";

QJsonObject scapy(const QString& pcap, const QString& espSa, bool transport) {
    const QString script = ipseclab::test::sourceDir() + "/tests/e2e/scapy_lab_check.py";
    int code = -1;
    QStringList arguments{script, pcap, espSa};
    if (transport) arguments << "transport";
    const QString out = runTool(kPython, arguments, {}, &code);
    if (code == 3) return QJsonObject{{"unavailable", true}};
    return QJsonDocument::fromJson(out.toUtf8()).object();
}

void corruptEspKeys(const QString& keys) {
    QFile f(keys + "/esp_sa");
    f.open(QIODevice::ReadOnly);
    QList<QByteArray> lines = f.readAll().split('\n');
    f.close();
    // The last hex digit of each key on every line: fields 6 (encryption) and 8 (integrity, "0x" for GCM).
    for (QByteArray& line : lines) {
        QList<QByteArray> fields = line.split(',');
        if (fields.size() != 8) continue;
        for (int i : {5, 7}) {
            QByteArray& key = fields[i];
            if (key.size() > 5) key[key.size() - 2] = key[key.size() - 2] == '0' ? '1' : '0';
        }
        line = fields.join(',');
    }
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(lines.join('\n'));
}

} // namespace

class TestWireshark : public QObject {
    Q_OBJECT

private slots:
    void tsharkDecryptsEverything_data() {
        QTest::addColumn<QString>("scenario");
        for (const char* s : {"main-quick", "aggressive", "pfs", "nat", "gcm", "ah", "transport"})
            QTest::newRow(s) << QString(s);
    }
    void tsharkDecryptsEverything() {
        if (kTshark.isEmpty() || !QFileInfo::exists(kTshark))
            QSKIP("tshark is missing: install Debian's tshark for this check");
        QFETCH(QString, scenario);
        QTemporaryDir dir;
        const QString pcap = dir.filePath("lab.pcapng"), keys = dir.filePath("keys");
        QVERIFY(export_(scenario, pcap, keys));
        const QList<Frame> frames = dissect(pcap, keys);
        QVERIFY(frames.size() > (scenario == "transport" ? 14 : 20)); // transport mode: nothing on the LANs

        int encryptedIke = 0, esp = 0, ah = 0, lanEchoes = 0;
        int identities = 0, quickModes = 0;
        for (const Frame& f : frames) {
            if (f.interface == "LAN A" || f.interface == "LAN B") {
                // The cleartext interesting traffic.
                QVERIFY2(f.icmpTypes == QStringList{"8"} || f.icmpTypes == QStringList{"0"},
                         qPrintable(QString::number(f.number)));
                ++lanEchoes;
                continue;
            }
            QCOMPARE(f.interface, QString("WAN"));
            if (f.exchange && f.encrypted) {
                ++encryptedIke;
                // Decrypted: the payloads inside are dissected (ID first in MM5/MM6, HASH first otherwise).
                QVERIFY2(!f.payloads.isEmpty() && (f.payloads.first() == kHash || f.payloads.first() == kId),
                         qPrintable(QString("frame %1: %2").arg(f.number).arg(f.payloads.join(','))));
                if (f.exchange == 2 || f.exchange == 4) { // MM5/MM6 or AM3
                    QVERIFY(f.payloads.contains(kHash));
                    if (f.exchange == 2) QVERIFY(f.payloads.contains(kId));
                    identities += f.payloads.contains(kId);
                }
                if (f.exchange == 32 && f.payloads.contains(kSa)) { // QM1/QM2
                    QVERIFY(f.payloads.contains(kHash) && f.payloads.contains(kNonce) && f.payloads.count(kId) == 2);
                    if (scenario == "pfs") QVERIFY(f.payloads.contains(kKe));
                    ++quickModes;
                }
            }
            if (!f.icvGood.isEmpty() || !f.icvBad.isEmpty()) {
                QCOMPARE(f.icvGood, QStringList{"1"});
                QCOMPARE(f.icvBad, QStringList{"0"});
                QCOMPARE(f.icmpTypes.size(), 1); // the inner echo, decrypted
                ++esp;
            }
            if (f.ah) {
                QCOMPARE(f.icmpTypes.size(), 1);
                ++ah;
            }
        }
        // Transport mode: the gateways ping each other, so the echoes are only inside the ESP.
        QCOMPARE(lanEchoes, scenario == "transport" ? 0 : 12);
        QCOMPARE(quickModes, 2);
        QCOMPARE(encryptedIke, scenario == "aggressive" ? 4 : 5);
        QCOMPARE(identities, scenario == "aggressive" ? 0 : 2);
        QCOMPARE(esp, scenario == "ah" ? 0 : 6);
        QCOMPARE(ah, scenario == "ah" ? 6 : 0);
        QCOMPARE(malformed(pcap, keys), 0);
    }

    void tsharkNoticesWrongKeys() {
        if (kTshark.isEmpty() || !QFileInfo::exists(kTshark)) QSKIP("tshark is missing");
        QTemporaryDir dir;
        const QString pcap = dir.filePath("lab.pcapng"), keys = dir.filePath("keys");
        QVERIFY(export_("main-quick", pcap, keys));
        corruptEspKeys(keys);
        int bad = 0;
        for (const Frame& f : dissect(pcap, keys)) bad += f.icvBad == QStringList{"1"};
        QCOMPARE(bad, 6);
    }

    // Wireshark's esp_sa table reads ESN in 4.6, not in 4.2 and older (Debian 12 ships 4.0): those
    // leave the high 32 bits out of the ICV. Every ESP packet of esn-wrap says so in its comment,
    // and this tshark agrees with the comment: bad ICV up to 4.2, good from 4.6 on (4.4 unchecked).
    void esnPacketsAreMarkedForOlderWireshark() {
        if (kTshark.isEmpty() || !QFileInfo::exists(kTshark)) QSKIP("tshark is missing");
        const QStringList version = runTool(kTshark, {"-v"}).section('\n', 0, 0).section(' ', 2, 2).split('.');
        QVERIFY(version.size() >= 2);
        const int release = version[0].toInt() * 100 + version[1].toInt();
        const bool knownToReadEsn = release >= 406, knownNotToReadEsn = release <= 402; // 4.4 unchecked
        QTemporaryDir dir;
        const QString pcap = dir.filePath("lab.pcapng"), keys = dir.filePath("keys");
        QVERIFY(export_("esn-wrap", pcap, keys));
        const QString out = runTool(kTshark,
                                    {"-r", pcap, "-o", "esp.enable_encryption_decode:TRUE", "-o",
                                     "esp.enable_authentication_check:TRUE", "-T", "fields", "-E", "separator=|", "-e",
                                     "esp.sequence", "-e", "esp.icv_bad", "-e", "icmp.type", "-e", "frame.comment"},
                                    keys);
        int esp = 0, wrapped = 0;
        for (const QString& line : out.split('\n', Qt::SkipEmptyParts)) {
            const QStringList f = line.split('|');
            QCOMPARE(f.size(), 4);
            const bool isEsp = !f[0].isEmpty();
            // Only ESP packets carry the ESN note, each one naming its own 64-bit sequence number.
            QCOMPARE(f[3].contains("Wireshark 4.2 and older"), isEsp);
            if (!isEsp) continue;
            ++esp;
            QVERIFY2(f[3].contains("low 32 bits " + f[0] + " (on the wire)"), qPrintable(f[3]));
            wrapped += f[3].contains("high 32 bits 1 (never sent)");
            if (knownToReadEsn || knownNotToReadEsn) QCOMPARE(f[1], QString(knownToReadEsn ? "0" : "1"));
            QCOMPARE(f[2].split(',').size(), 1); // decrypted all the same: the inner echo is there
        }
        QCOMPARE(esp, 8);
        QCOMPARE(wrapped, 4); // sequence numbers 2^32 and 2^32 + 1, both directions
    }

    void scapyDecryptsTheSameEsp_data() {
        QTest::addColumn<QString>("scenario");
        for (const char* s : {"main-quick", "aggressive", "pfs", "nat", "gcm", "transport"})
            QTest::newRow(s) << QString(s);
    }
    void scapyDecryptsTheSameEsp() {
        if (!QFileInfo::exists(kPython))
            QSKIP("/usr/bin/python3 is missing: install Debian's python3-scapy for this check");
        QFETCH(QString, scenario);
        QTemporaryDir dir;
        const QString pcap = dir.filePath("lab.pcapng"), keys = dir.filePath("keys");
        QVERIFY(export_(scenario, pcap, keys));
        const bool transport = scenario == "transport";
        QJsonObject r = scapy(pcap, keys + "/esp_sa", transport);
        if (r.value("unavailable").toBool()) QSKIP("scapy is not importable by /usr/bin/python3");
        QVERIFY2(r.value("errors").toArray().isEmpty(), qPrintable(QJsonDocument(r).toJson()));
        QCOMPARE(r.value("esp").toInt(), 6);
        QCOMPARE(r.value("decrypted").toInt(), 6);
        QCOMPARE(r.value("icmp").toInt(), 6);
        // With a wrong integrity key scapy refuses every packet.
        corruptEspKeys(keys);
        r = scapy(pcap, keys + "/esp_sa", transport);
        QCOMPARE(r.value("decrypted").toInt(), 0);
        QCOMPARE(r.value("errors").toArray().size(), 6);
    }
};

QTEST_GUILESS_MAIN(TestWireshark)
#include "tst_wireshark.moc"
