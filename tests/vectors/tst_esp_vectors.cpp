// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// core/ipsec against the strongSwan known-answer sets (tests/data/vectors/*): the ESP suite read from
// the Quick Mode proposal, the per-direction keys cut from KEYMAT (encryption key first, then
// integrity; GCM salt last), every ESP packet of each capture judged by our SAD (UDP 4500, tunnel
// mode), and each re-encapsulated with its captured IV and sequence number to the captured bytes.

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <map>
#include <set>

#include "TestData.h"
#include "capture/Ipv4Frame.h"
#include "capture/PcapngReader.h"
#include "crypto/Hash.h"
#include "crypto/Prf.h"
#include "ike/Algorithms.h"
#include "ipsec/Sad.h"
#include "ipsec/SecurityAssociation.h"
#include "ipsec/Suites.h"

using namespace ipseclab;
using namespace ipseclab::ipsec;

namespace {

std::optional<std::uint64_t> optionalInt(const QJsonObject& object, const char* key) {
    if (!object.contains(key)) return std::nullopt;
    return static_cast<std::uint64_t>(object.value(key).toInt());
}

// The ESP suite a captured Quick Mode transform names, read as the IKE engine reads it.
Result<Suite> espSuiteOf(const QJsonObject& transform) {
    const QJsonObject attributes = transform.value("attributes").toObject();
    const auto child = ike::childSuiteFromIke(ike::ChildProtocol::Esp,
                                              static_cast<std::uint8_t>(transform.value("transform_id").toInt()),
                                              optionalInt(attributes, "key_length"),
                                              optionalInt(attributes, "authentication_algorithm"));
    if (!child) return tl::unexpected(child.error());
    return Suite{child->cipher, child->integrity};
}

// KEYMAT = K1 | K2 | ..., K1 = prf(SKEYID_d, seed), Kn+1 = prf(SKEYID_d, Kn | seed) (RFC 2409 §5.5).
Bytes keymat(crypto::HashAlgorithm prf, ByteView skeyidD, ByteView seed, std::size_t length) {
    Bytes out;
    Bytes block;
    while (out.size() < length) {
        Bytes input = block;
        append(input, seed);
        block = crypto::prf(prf, skeyidD, input);
        append(out, block);
    }
    return out;
}

struct Direction {
    QString name; // initiator_to_responder / responder_to_initiator
    QString seedField;
};

} // namespace

class TestEspVectors : public QObject {
    Q_OBJECT

private slots:
    void sets_data() {
        QTest::addColumn<QString>("set");
        const QStringList names = test::vectorSetNames();
        QVERIFY2(names.size() >= 7, qPrintable("expected the seven vector sets in " + test::vectorsDir()));
        for (const QString& name : names) QTest::newRow(qPrintable(name)) << name;
    }

    void sets() {
        QFETCH(QString, set);
        const QJsonObject v = test::loadVector(set);
        QVERIFY(!v.isEmpty());

        // The ESP suite, as the responder's Quick Mode transform names it.
        const QJsonObject transform = test::valueAt(v, "quick_mode.sa_responder.proposals.0.transforms.0").toObject();
        const QJsonObject attributes = transform.value("attributes").toObject();
        auto suite = espSuiteOf(transform);
        QVERIFY2(suite.has_value(), suite ? "" : suite.error().toString().c_str());
        qInfo("%s: %s", qPrintable(set), suiteName(*suite).c_str());
        QCOMPARE(attributes.value("encapsulation_mode").toInt(), 3); // UDP-Encapsulated-Tunnel

        // Keys per direction, cut from KEYMAT.
        const QJsonObject ikeAttributes =
            test::valueAt(v, "proposal.ike_sa_initiator.proposals.0.transforms.0.attributes").toObject();
        const auto prf = crypto::hashFromIkeId(
            static_cast<std::uint16_t>(ikeAttributes.value("hash_algorithm").toInt()));
        QVERIFY(prf.has_value());
        const Bytes skeyidD = test::hexAt(v, "skeyid_d");
        QVERIFY(!skeyidD.empty());

        Sad sad("vectors");
        std::vector<Event> verdicts;
        sad.setEventSink([&verdicts](const Event& e) {
            if (e.kind == EventKind::Verdict) verdicts.push_back(e);
        });
        std::map<QString, SecurityAssociation*> inbound;
        for (const Direction& d : {Direction{"initiator_to_responder", "initiator_sa_seed"},
                                   Direction{"responder_to_initiator", "responder_sa_seed"}}) {
            const QString path = "quick_mode.sas." + d.name;
            const Bytes seed = test::hexAt(v, "quick_mode." + d.seedField);
            const Bytes material = keymat(*prf, skeyidD, seed, keymatLength(IpsecProtocol::Esp, *suite));
            auto keys = cutKeymat(IpsecProtocol::Esp, *suite, material);
            QVERIFY(keys.has_value());
            QCOMPARE(toHex(keys->encryption.view()), toHex(test::hexAt(v, path + ".encryption_key")));
            QCOMPARE(toHex(keys->integrity.view()), toHex(test::hexAt(v, path + ".integrity_key"))); // "" for GCM

            SaConfig c;
            c.name = d.name == "initiator_to_responder" ? "I2R" : "R2I";
            c.spi = readU32(test::hexAt(v, path + ".spi"), 0);
            c.source = *wire::Ipv4Address::parse(test::valueAt(v, path + ".src").toString().toStdString());
            c.destination = *wire::Ipv4Address::parse(test::valueAt(v, path + ".dst").toString().toStdString());
            c.udpEncapsulation = true;
            c.suite = *suite;
            c.keys = std::move(*keys);
            auto sa = sad.add(std::move(c));
            QVERIFY2(sa.has_value(), sa ? "" : sa.error().toString().c_str());
            inbound[d.name] = *sa;
        }

        // Every ESP frame of the capture, through the SAD as it arrived (IPv4 / UDP 4500 / ESP).
        auto capture = capture::PcapngReader::readFile(
            (test::vectorsDir() + "/" + set + "/capture.pcapng").toStdString());
        QVERIFY2(capture.has_value(), capture ? "" : capture.error().toString().c_str());
        const QJsonArray packets = test::valueAt(v, "esp.packets").toArray();
        QVERIFY(packets.size() >= 4);
        int index = 0;
        for (const QJsonValue& value : packets) {
            const QJsonObject p = value.toObject();
            const int frame = p.value("frame").toInt();
            QVERIFY(frame >= 1 && static_cast<std::size_t>(frame) <= capture->packets.size());
            const capture::PcapngPacket& packet = capture->packets[static_cast<std::size_t>(frame - 1)];
            auto extracted = capture::extractIpv4Frame(packet.data, capture->interfaceOf(packet)->linkType);
            QVERIFY(extracted.has_value());
            const ByteView ipBytes = ByteView(packet.data)
                                         .subspan(extracted->ipOffset,
                                                  extracted->ip.header.headerLength() + extracted->ip.payload.size());
            QVERIFY(extracted->udp.has_value());
            QCOMPARE(toHex(extracted->udp->payload), p.value("esp").toString().toStdString());

            auto result = sad.receive(ipBytes, Timestamp{0});
            if (!result.accepted()) qWarning("frame %d: %s", frame, result.reason.c_str());
            QCOMPARE(result.verdict, Verdict::Accepted);
            QCOMPARE(result.sequenceNumber, static_cast<std::uint64_t>(p.value("seq").toInt()));
            QCOMPARE(toHex(result.packet), p.value("inner_packet").toString().toStdString());
            QCOMPARE(static_cast<int>(result.nextHeader), p.value("next_header").toInt());
            QCOMPARE(verdicts.back().window->rightEdge, static_cast<std::uint64_t>(p.value("seq").toInt()));
            // Replaying the captured frame is caught.
            QCOMPARE(sad.receive(ipBytes, Timestamp{0}).verdict, Verdict::Duplicate);

            // Re-encapsulation: the same keys, sequence number and IV give the captured bytes.
            const QString direction = p.value("direction").toString();
            const QString path = "quick_mode.sas." + direction;
            SaConfig out;
            out.name = "resend";
            out.spi = readU32(test::hexAt(v, path + ".spi"), 0);
            out.destination = *wire::Ipv4Address::parse(test::valueAt(v, path + ".dst").toString().toStdString());
            out.suite = *suite;
            out.keys.encryption = crypto::SecretBytes(ByteView(test::hexAt(v, path + ".encryption_key")));
            out.keys.integrity = crypto::SecretBytes(ByteView(test::hexAt(v, path + ".integrity_key")));
            out.labStartSequence = static_cast<std::uint64_t>(p.value("seq").toInt());
            auto sender = SecurityAssociation::create(std::move(out));
            QVERIFY(sender.has_value());
            const Bytes iv = test::hexAt(v, "esp.packets." + QString::number(index) + ".iv");
            SealOptions options;
            options.iv = ByteView(iv);
            auto resealed = (*sender)->sealEsp(
                wire::IpProtocol::IpInIp, test::hexAt(v, "esp.packets." + QString::number(index) + ".inner_packet"),
                Timestamp{0}, options);
            QVERIFY(resealed.has_value());
            QCOMPARE(toHex(*resealed), p.value("esp").toString().toStdString());

            // The SA's own ESP-level entry point agrees with the SAD's.
            SaConfig again;
            again.spi = readU32(test::hexAt(v, path + ".spi"), 0);
            again.destination = *wire::Ipv4Address::parse(test::valueAt(v, path + ".dst").toString().toStdString());
            again.suite = *suite;
            again.keys.encryption = crypto::SecretBytes(ByteView(test::hexAt(v, path + ".encryption_key")));
            again.keys.integrity = crypto::SecretBytes(ByteView(test::hexAt(v, path + ".integrity_key")));
            auto opener = *SecurityAssociation::create(std::move(again));
            auto opened = opener->openEsp(*resealed, Timestamp{0});
            QCOMPARE(opened.verdict, Verdict::Accepted);
            QCOMPARE(toHex(opened.packet), p.value("inner_packet").toString().toStdString());
            ++index;
        }
        QCOMPARE(inbound["initiator_to_responder"]->counters().count(Verdict::Accepted) +
                     inbound["responder_to_initiator"]->counters().count(Verdict::Accepted),
                 static_cast<std::uint64_t>(packets.size()));
        QCOMPARE(sad.unknownSpiCount(), std::uint64_t{0});
    }

    // The four suites the issue names are all among the sets.
    void suitesCovered() {
        std::set<std::string> seen;
        for (const QString& set : test::vectorSetNames()) {
            const QJsonObject v = test::loadVector(set);
            const QJsonObject t = test::valueAt(v, "quick_mode.sa_responder.proposals.0.transforms.0").toObject();
            auto suite = espSuiteOf(t);
            if (suite) seen.insert(suiteName(*suite));
        }
        for (const char* wanted : {"AES-128-CBC + HMAC-SHA1-96", "AES-256-CBC + HMAC-SHA-256-128", "AES-128-GCM-16",
                                   "3DES-CBC + HMAC-SHA1-96"})
            QVERIFY2(seen.count(wanted) == 1, wanted);
    }
};

QTEST_APPLESS_MAIN(TestEspVectors)
#include "tst_esp_vectors.moc"
