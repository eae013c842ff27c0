// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The IKEv2 codec (core/wire/Ikev2*): every IKE message of the eight charon ↔ charon vector sets
// (read from the captures) and every decrypted SK payload's inner payloads (from the vectors'
// plaintexts), hand-built payloads of the types the sets lack, and named errors. Each is decoded,
// compared with the values the vectors record, re-encoded byte for byte, checked for annotations
// that tile every byte, then truncated at every byte and given wrong values in every length field.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>
#include <map>

#include "AnnotationTest.h"
#include "TestData.h"
#include "capture/PcapngReader.h"
#include "wire/FieldRegistry.h"
#include "wire/Ikev2Codec.h"
#include "wire/Ikev2Fields.h"
#include "wire/Ipv4Header.h"
#include "wire/NatTMarker.h"
#include "wire/UdpHeader.h"

using namespace ipseclab;
using namespace ipseclab::wire::ikev2;
using ipseclab::wire::Annotation;
using ipseclab::wire::Annotations;
using ipseclab::wire::Annotator;
using ipseclab::wire::findAnnotation;
using test::annotationProblem;
using test::hex;
using test::hexAt;
using test::valueAt;

namespace {

Bytes hexOfJson(const QJsonValue& value) { return hex(value.toString().toLatin1().constData()); }

QString vectorsDir() { return test::sourceDir() + "/tests/data/vectors-ikev2"; }

struct VectorSet {
    QString name;
    QJsonObject json;
    std::map<int, Bytes> messages; // by frame number: the IKE message, without the non-ESP marker
};

// The IKE messages of a set's capture, taken Ethernet → IPv4 → UDP (→ non-ESP marker) by the
// project's own decoders.
std::map<int, Bytes> messagesOfCapture(const QString& name, const QJsonObject& json) {
    const auto capture = capture::PcapngReader::readFile((vectorsDir() + "/" + name + "/capture.pcapng").toStdString());
    if (!capture) qFatal("%s: %s", qPrintable(name), capture.error().toString().c_str());
    std::map<int, Bytes> messages;
    for (const QJsonValue m : json.value("messages").toArray()) {
        const int frame = m.toObject().value("frame").toInt();
        const Bytes& data = capture->packets.at(static_cast<std::size_t>(frame - 1)).data;
        const auto ip = wire::decodeIpv4(ByteView(data).subspan(14)); // Ethernet II
        if (!ip) qFatal("%s frame %d: %s", qPrintable(name), frame, ip.error().toString().c_str());
        const auto udp = wire::decodeUdp(ip->payload);
        if (!udp) qFatal("%s frame %d: %s", qPrintable(name), frame, udp.error().toString().c_str());
        ByteView ike = udp->payload;
        if (m.toObject().value("non_esp_marker").toBool()) {
            const auto natT = wire::demultiplexNatT(ike);
            if (!natT || natT->kind != wire::NatTKind::Ike)
                qFatal("%s frame %d: no IKE behind 4500", qPrintable(name), frame);
            ike = natT->body;
        }
        messages[frame] = Bytes(ike.begin(), ike.end());
    }
    return messages;
}

const std::vector<VectorSet>& vectorSets() {
    static const std::vector<VectorSet> sets = [] {
        std::vector<VectorSet> out;
        const QStringList names = QDir(vectorsDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString& name : names) {
            QFile file(vectorsDir() + "/" + name + "/vector.json");
            if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file.fileName()));
            const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
            out.push_back({name, json, messagesOfCapture(name, json)});
        }
        return out;
    }();
    return sets;
}

const VectorSet& vectorSet(const QString& name) {
    for (const VectorSet& set : vectorSets())
        if (set.name == name) return set;
    qFatal("no vector set %s", qPrintable(name));
}

QJsonObject messageRecord(const VectorSet& set, const QString& label) {
    for (const QJsonValue m : set.json.value("messages").toArray())
        if (m.toObject().value("label").toString() == label) return m.toObject();
    qFatal("%s has no message %s", qPrintable(set.name), qPrintable(label));
}

// ---- breakage ----

using Decodes = std::function<bool(ByteView)>;

// The 2-byte length fields a decode annotated: payloads, proposals, transforms, TLV attributes,
// traffic selectors, configuration attributes.
bool isLengthKey(const std::string& key) {
    return key == "isakmp.payloadlength" || key == "isakmp.ike2.attr.length" || key == "isakmp.ts.selector_length" ||
           key == "isakmp.cfg.attr.length";
}

// Every strict prefix fails; every wrong value of every length field (and of the header's Length,
// when `headerLength`) fails.
QString breakageProblem(const Bytes& bytes, const Annotations& annotations, const Decodes& decodes, bool headerLength) {
    if (!decodes(bytes)) return "the intact bytes do not decode";
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        if (decodes(ByteView(bytes).first(cut))) return QString("a %1-byte prefix decoded").arg(cut);
    for (const Annotation& a : annotations) {
        if (!isLengthKey(a.key) || a.length != 2) continue;
        const std::uint16_t original = readU16(bytes, a.offset);
        for (std::uint32_t v : test::wrongLengths(original, 0xffff)) {
            Bytes broken = bytes;
            writeU16(broken, a.offset, static_cast<std::uint16_t>(v));
            if (decodes(broken))
                return QString("%1 = %2 (was %3) decoded").arg(QString::fromStdString(a.path)).arg(v).arg(original);
        }
    }
    if (headerLength) {
        const std::uint32_t original = readU32(bytes, 24);
        for (std::uint32_t v : test::wrongLengths(original, 0xffffffffu)) {
            Bytes broken = bytes;
            writeU32(broken, 24, v);
            if (decodes(broken)) return QString("header Length = %1 (was %2) decoded").arg(v).arg(original);
        }
    }
    return {};
}

bool messageDecodes(ByteView bytes) { return decodeMessage(bytes).has_value(); }

// ---- comparing with the vectors' decoded payloads ----

ByteView bodyOf(ByteView chain, const Payload& p) { return chain.subspan(p.offset + 4, p.length - 4); }

QString proposalsProblem(const SaPayload& sa, const QJsonArray& proposals) {
    if (sa.proposals.size() != static_cast<std::size_t>(proposals.size())) return "proposal count";
    for (qsizetype i = 0; i < proposals.size(); ++i) {
        const QJsonObject want = proposals[i].toObject();
        const Proposal& got = sa.proposals[static_cast<std::size_t>(i)];
        if (got.number != want.value("proposal_no").toInt()) return "proposal number";
        if (static_cast<int>(got.protocol) != want.value("protocol_id").toInt()) return "protocol";
        if (got.spi != hexOfJson(want.value("spi"))) return "SPI";
        const QJsonArray transforms = want.value("transforms").toArray();
        if (got.transforms.size() != static_cast<std::size_t>(transforms.size())) return "transform count";
        for (qsizetype t = 0; t < transforms.size(); ++t) {
            const QJsonObject tw = transforms[t].toObject();
            const Transform& tg = got.transforms[static_cast<std::size_t>(t)];
            if (static_cast<int>(tg.type) != tw.value("type").toInt() || tg.id != tw.value("id").toInt())
                return QString("transform %1").arg(t + 1);
            const QJsonValue bits = tw.value("attributes").toObject().value("key_length");
            if (bits.isUndefined() != !tg.keyLength() || (!bits.isUndefined() && *tg.keyLength() != bits.toInt()))
                return QString("transform %1 key length").arg(t + 1);
            if (transformIdName(tg.type, tg.id).value_or("") != tw.value("id_name").toString().toStdString())
                return QString("transform %1 name %2").arg(t + 1).arg(tw.value("id_name").toString());
        }
    }
    return {};
}

// What differs between a decoded payload and the vector's record of it; empty when nothing does.
QString payloadProblem(ByteView chain, const Payload& p, const QJsonObject& want) {
    if (static_cast<int>(p.type) != want.value("type").toInt()) return "type";
    if (p.critical != want.value("critical").toBool()) return "critical bit";
    if (static_cast<int>(p.length) != want.value("length").toInt()) return "length";
    if (want.contains("body") && !std::ranges::equal(bodyOf(chain, p), hexOfJson(want.value("body")))) return "body";
    if (const auto* sa = p.as<SaPayload>()) return proposalsProblem(*sa, want.value("proposals").toArray());
    if (const auto* ke = p.as<KePayload>())
        return ke->group == want.value("dh_group").toInt() && ke->data == hexOfJson(want.value("data")) ? "" : "KE";
    if (const auto* n = p.as<NoncePayload>()) return n->nonce == hexOfJson(want.value("data")) ? "" : "nonce";
    if (const auto* n = p.as<NotifyPayload>()) {
        if (static_cast<int>(n->type) != want.value("notify_type").toInt()) return "notify type";
        if (notifyTypeName(n->type).value_or("?") != want.value("notify_name").toString().toStdString())
            return "notify name " + want.value("notify_name").toString();
        return n->spi == hexOfJson(want.value("spi")) && n->data == hexOfJson(want.value("data")) ? "" : "notify";
    }
    if (const auto* id = p.as<IdPayload>())
        return static_cast<int>(id->type) == want.value("id_type").toInt() && id->data == hexOfJson(want.value("data"))
                   ? ""
                   : "ID";
    if (const auto* auth = p.as<AuthPayload>())
        return static_cast<int>(auth->method) == want.value("auth_method").toInt() &&
                       auth->data == hexOfJson(want.value("data"))
                   ? ""
                   : "AUTH";
    if (const auto* d = p.as<DeletePayload>()) {
        const QJsonArray spis = want.value("spis").toArray();
        if (static_cast<int>(d->protocol) != want.value("protocol_id").toInt() ||
            d->spis.size() != static_cast<std::size_t>(spis.size()))
            return "Delete";
        for (qsizetype i = 0; i < spis.size(); ++i)
            if (d->spis[static_cast<std::size_t>(i)] != hexOfJson(spis[i])) return "Delete SPI";
        return {};
    }
    if (const auto* ts = p.as<TsPayload>()) {
        const QJsonArray selectors = want.value("selectors").toArray();
        if (ts->selectors.size() != static_cast<std::size_t>(selectors.size())) return "TS count";
        for (qsizetype i = 0; i < selectors.size(); ++i) {
            const QJsonObject w = selectors[i].toObject();
            const TrafficSelector& s = ts->selectors[static_cast<std::size_t>(i)];
            const auto text = [](const Bytes& a) {
                return QString("%1.%2.%3.%4").arg(a[0]).arg(a[1]).arg(a[2]).arg(a[3]);
            };
            if (static_cast<int>(s.type) != w.value("ts_type").toInt() ||
                s.ipProtocol != w.value("ip_protocol").toInt() || s.startPort != w.value("start_port").toInt() ||
                s.endPort != w.value("end_port").toInt() ||
                text(s.startAddress) != w.value("start_address").toString() ||
                text(s.endAddress) != w.value("end_address").toString())
                return QString("selector %1").arg(i + 1);
        }
        return {};
    }
    return {};
}

QString chainProblem(ByteView chain, const std::vector<Payload>& payloads, const QJsonArray& want) {
    if (payloads.size() != static_cast<std::size_t>(want.size()))
        return QString("%1 payloads, the vector has %2").arg(payloads.size()).arg(want.size());
    for (std::size_t i = 0; i < payloads.size(); ++i)
        if (const QString problem = payloadProblem(chain, payloads[i], want[static_cast<qsizetype>(i)].toObject());
            !problem.isEmpty())
            return QString("payload %1 (%2): %3")
                .arg(i + 1)
                .arg(QString::fromStdString(payloadShortName(payloads[i].type)), problem);
    return {};
}

std::string valueOf(const Annotations& annotations, std::string_view key, std::size_t index = 1) {
    const Annotation* a = findAnnotation(annotations, key, index);
    return a ? a->value : "<no " + std::string(key) + ">";
}

Bytes ipv6(std::uint8_t last) {
    Bytes a(16, 0);
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = 0xb8;
    a[15] = last;
    return a;
}

// One payload of every kind the vector sets lack: CP, IPv6 selectors, a Delete of several SPIs, a
// TLV transform attribute, a critical unknown payload, EAP, several proposals.
std::vector<Payload> handBuiltPayloads() {
    std::vector<Payload> p;
    SaPayload sa;
    Proposal esp{1, ProtocolId::Esp, hex("c0ffee01"), {}, 0};
    esp.transforms.push_back(
        Transform{TransformType::Encryption, 20, {{kAttributeKeyLength, true, hex("0100")}}, 0, 0});
    esp.transforms.push_back(Transform{TransformType::Esn, 0, {}, 0, 0});
    Proposal ike{2, ProtocolId::Ike, hex("0102030405060708"), {}, 0};
    ike.transforms.push_back(
        Transform{TransformType::Encryption, 12, {{kAttributeKeyLength, true, hex("0080")}}, 0, 0});
    ike.transforms.push_back(Transform{TransformType::Prf, 5, {{99, false, hex("abcdef")}}, 0, 0});
    ike.transforms.push_back(Transform{TransformType::DiffieHellman, 31, {}, 0, 0});
    sa.proposals = {esp, ike};
    p.push_back(Payload{PayloadType::Sa, sa});
    TsPayload ts;
    ts.selectors.push_back(TrafficSelector{TsType::Ipv6AddrRange, 17, 500, 4500, ipv6(1), ipv6(0xff)});
    ts.selectors.push_back(TrafficSelector{TsType::Ipv4AddrRange, 0, 0, 0xffff, hex("0a000000"), hex("0a0000ff")});
    p.push_back(Payload{PayloadType::TsI, ts});
    p.push_back(Payload{PayloadType::IdR, IdPayload{IdType::Fqdn, {}, bytesOf("vpn.example")}});
    p.push_back(Payload{PayloadType::IdI, IdPayload{IdType::Ipv6Addr, {}, ipv6(7)}});
    p.push_back(Payload{PayloadType::Delete, DeletePayload{ProtocolId::Esp, 4, {hex("11111111"), hex("22222222")}}});
    p.push_back(Payload{PayloadType::Notify, NotifyPayload{ProtocolId::Esp, NotifyType::RekeySa, hex("cb241e49"), {}}});
    p.push_back(
        Payload{PayloadType::Notify, NotifyPayload{ProtocolId::None, NotifyType::InvalidKePayload, {}, hex("0013")}});
    ConfigPayload cp{1, {}, {{1, false, {}}, {3, false, hex("08080808")}}};
    p.push_back(Payload{PayloadType::Config, cp});
    p.push_back(Payload{PayloadType::Eap, RawPayload{hex("0101000501")}});
    p.push_back(Payload{static_cast<PayloadType>(200), RawPayload{hex("beef")}, true, 0});
    p.push_back(Payload{PayloadType::VendorId, VendorIdPayload{bytesOf("strongSwan")}});
    p.push_back(Payload{PayloadType::Encrypted, EncryptedPayload{PayloadType::IdI, hex("00112233445566778899")}});
    return p;
}

Header handBuiltHeader() {
    Header h;
    h.initiatorSpi = {1, 2, 3, 4, 5, 6, 7, 8};
    h.responderSpi = {9, 10, 11, 12, 13, 14, 15, 16};
    h.exchangeType = ExchangeType::CreateChildSa;
    h.flags = kFlagResponse;
    h.messageId = 7;
    return h;
}

} // namespace

class TestWireIkev2 : public QObject {
    Q_OBJECT

private slots:
    void eightSets() { QCOMPARE(vectorSets().size(), std::size_t{8}); }

    // --- every message of the captures ---------------------------------------------------------------
    void capturedMessages_data() {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("label");
        for (const VectorSet& set : vectorSets())
            for (const QJsonValue m : set.json.value("messages").toArray())
                QTest::newRow(qPrintable(set.name + "/" + m.toObject().value("label").toString()))
                    << set.name << m.toObject().value("label").toString();
    }
    void capturedMessages() {
        QFETCH(QString, set);
        QFETCH(QString, label);
        const VectorSet& vs = vectorSet(set);
        const QJsonObject want = messageRecord(vs, label);
        const Bytes& message = vs.messages.at(want.value("frame").toInt());
        QCOMPARE(test::hexOf(message), want.value("message").toString().toLatin1());

        Annotations annotations;
        const auto decoded = decodeMessage(message, Annotator(&annotations));
        QVERIFY2(decoded, qPrintable(test::errorText(decoded)));
        const Header& h = decoded->header;
        QCOMPARE(toHex(h.initiatorSpi), want.value("spi_i").toString().toStdString());
        QCOMPARE(toHex(h.responderSpi), want.value("spi_r").toString().toStdString());
        QCOMPARE(static_cast<int>(h.exchangeType), want.value("exchange_type").toInt());
        QCOMPARE(exchangeTypeName(h.exchangeType).value_or(""), want.value("exchange").toString().toStdString());
        QCOMPARE(static_cast<int>(h.messageId), want.value("message_id").toInt());
        QCOMPARE(formatFlags(h.flags), want.value("flags").toString());
        QCOMPARE(h.initiator(), want.value("initiator_flag").toBool());
        QCOMPARE(h.response(), want.value("response_flag").toBool());
        QCOMPARE(static_cast<int>(h.nextPayload), want.value("first_payload").toInt());
        QCOMPARE(static_cast<int>(h.length), want.value("length").toInt());
        const QString problem = chainProblem(message, decoded->payloads, want.value("payloads").toArray());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        if (const QJsonObject sk = want.value("sk").toObject(); !sk.isEmpty()) {
            const EncryptedPayload* e = decoded->encrypted();
            QVERIFY(e);
            QCOMPARE(static_cast<int>(e->firstInner), sk.value("first_inner_payload").toInt());
            Bytes body = hexOfJson(sk.value("iv"));
            append(body, hexOfJson(sk.value("ciphertext")));
            append(body, hexOfJson(sk.value("icv")));
            QCOMPARE(test::hexOf(e->body), test::hexOf(body));
        }

        QCOMPARE(test::hexOf(encodeMessage(*decoded).value()), test::hexOf(message));
        const std::string tiling = annotationProblem(annotations, message.size());
        QVERIFY2(tiling.empty(), tiling.c_str());
        for (const Annotation& a : annotations)
            QVERIFY2(wire::findRegisteredField(a.key), qPrintable(QString::fromStdString(a.path + ": " + a.key)));
        const QString breakage = breakageProblem(message, annotations, messageDecodes, true);
        QVERIFY2(breakage.isEmpty(), qPrintable(breakage));
    }

    // --- the payloads inside every SK payload, from the vectors' decrypted plaintexts ------------------
    void innerPayloads_data() {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("label");
        for (const VectorSet& set : vectorSets())
            for (const QJsonValue m : set.json.value("messages").toArray())
                if (m.toObject().contains("sk"))
                    QTest::newRow(qPrintable(set.name + "/" + m.toObject().value("label").toString()))
                        << set.name << m.toObject().value("label").toString();
    }
    void innerPayloads() {
        QFETCH(QString, set);
        QFETCH(QString, label);
        const QJsonObject sk = messageRecord(vectorSet(set), label).value("sk").toObject();
        const Bytes inner = hexOfJson(sk.value("inner_payloads"));
        const auto first = static_cast<PayloadType>(sk.value("first_inner_payload").toInt());
        Annotations annotations;
        const auto payloads = decodePayloads(first, inner, Annotator(&annotations));
        QVERIFY2(payloads, qPrintable(test::errorText(payloads)));
        const QString problem = chainProblem(inner, *payloads, sk.value("payloads").toArray());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(test::hexOf(encodePayloads(*payloads).value()), test::hexOf(inner));
        if (inner.empty()) return; // an empty INFORMATIONAL: nothing to break
        const std::string tiling = annotationProblem(annotations, inner.size());
        QVERIFY2(tiling.empty(), tiling.c_str());
        const auto decodes = [&](ByteView bytes) { return decodePayloads(first, bytes).has_value(); };
        const QString breakage = breakageProblem(inner, annotations, decodes, false);
        QVERIFY2(breakage.isEmpty(), qPrintable(breakage));
    }

    // --- what the sets show, as a student reads it ------------------------------------------------------
    void cookieAndInvalidKe() {
        const VectorSet& cookie = vectorSet("ikev2-cookie");
        Annotations a;
        const auto m2 = decodeMessage(cookie.messages.at(2), Annotator(&a));
        QVERIFY(m2);
        QCOMPARE(m2->find(PayloadType::Notify)->as<NotifyPayload>()->type, NotifyType::Cookie);
        QCOMPARE(valueOf(a, "isakmp.notify.msgtype"), std::string("COOKIE (16390)"));
        QVERIFY(findAnnotation(a, "isakmp.rspi")->meaning.find("stateless") != std::string::npos);
        // The retry starts with the cookie and is otherwise the first request (same SPIi, Ni, KE).
        const auto m3 = decodeMessage(cookie.messages.at(3));
        const auto m1 = decodeMessage(cookie.messages.at(1));
        QVERIFY(m1 && m3);
        QCOMPARE(m3->payloads.front().as<NotifyPayload>()->data, hexAt(cookie.json, "messages.1.payloads.0.data"));
        QVERIFY(std::equal(m1->payloads.begin(), m1->payloads.end(), m3->payloads.begin() + 1, m3->payloads.end()));
        QCOMPARE(m3->find(PayloadType::Nonce)->as<NoncePayload>()->nonce, hexAt(cookie.json, "ike_sas.0.ni"));
        QCOMPARE(m3->find(PayloadType::Ke)->as<KePayload>()->data, hexAt(cookie.json, "ike_sas.0.g_i"));
        QCOMPARE(m3->find(PayloadType::Ke)->as<KePayload>()->data.front(), std::uint8_t{0}); // g^i keeps its zero

        const VectorSet& invalidKe = vectorSet("ikev2-invalid-ke-ecp256-modp2048");
        Annotations b;
        const auto reply = decodeMessage(invalidKe.messages.at(2), Annotator(&b));
        QVERIFY(reply);
        QCOMPARE(reply->find(PayloadType::Notify)->as<NotifyPayload>()->type, NotifyType::InvalidKePayload);
        QCOMPARE(valueOf(b, "isakmp.notify.data.accepted_dh_group"), std::string("MODP_2048 (14)"));
        const auto first = decodeMessage(invalidKe.messages.at(1));
        const auto retry = decodeMessage(invalidKe.messages.at(3));
        QVERIFY(first && retry);
        QCOMPARE(first->find(PayloadType::Ke)->as<KePayload>()->group, std::uint16_t{19});
        QCOMPARE(retry->find(PayloadType::Ke)->as<KePayload>()->group, std::uint16_t{14});
        QCOMPARE(retry->header.initiatorSpi, first->header.initiatorSpi);
        QCOMPARE(retry->find(PayloadType::Nonce)->as<NoncePayload>()->nonce,
                 first->find(PayloadType::Nonce)->as<NoncePayload>()->nonce);
        // The retry moves the requested group to the front of its DH transforms.
        const auto dhOf = [](const Message& m) {
            std::vector<std::uint16_t> groups;
            for (const Transform& t : m.find(PayloadType::Sa)->as<SaPayload>()->proposals.front().transforms)
                if (t.type == TransformType::DiffieHellman) groups.push_back(t.id);
            return groups;
        };
        QCOMPARE(dhOf(*first), (std::vector<std::uint16_t>{19, 14}));
        QCOMPARE(dhOf(*retry), (std::vector<std::uint16_t>{14, 19}));
    }

    void annotationsOfInitRequest() {
        const VectorSet& set = vectorSet("ikev2-aes128-sha256-modp2048");
        Annotations a;
        QVERIFY(decodeMessage(set.messages.at(1), Annotator(&a)));
        QCOMPARE(valueOf(a, "isakmp.exchangetype"), std::string("IKE_SA_INIT (34)"));
        QCOMPARE(valueOf(a, "isakmp.flags"), std::string("0x08 (Initiator)"));
        QCOMPARE(valueOf(a, "isakmp.version"), std::string("2.0 (0x20)"));
        QCOMPARE(valueOf(a, "isakmp.tf.id.encr"), std::string("ENCR_AES_CBC (12)"));
        QCOMPARE(valueOf(a, "isakmp.ike2.attr.key_length"), std::string("128"));
        QCOMPARE(valueOf(a, "isakmp.tf.id.integ"), std::string("AUTH_HMAC_SHA2_256_128 (12)"));
        QCOMPARE(valueOf(a, "isakmp.tf.id.prf"), std::string("PRF_HMAC_SHA2_256 (5)"));
        QCOMPARE(valueOf(a, "isakmp.tf.id.dh"), std::string("MODP_2048 (14)"));
        QCOMPARE(valueOf(a, "isakmp.key_exchange.dh_group"), std::string("MODP_2048 (14)"));
        QCOMPARE(valueOf(a, "isakmp.notify.msgtype", 1), std::string("NAT_DETECTION_SOURCE_IP (16388)"));
        QCOMPARE(valueOf(a, "isakmp.notify.msgtype", 2), std::string("NAT_DETECTION_DESTINATION_IP (16389)"));
        QCOMPARE(valueOf(a, "isakmp.criticalpayload"), std::string("not critical"));
        QCOMPARE(findAnnotation(a, "ipseclab.isakmp.payload.notification", 2)->path, std::string("N#2"));
        QCOMPARE(findAnnotation(a, "isakmp.nonce")->path, std::string("No/Nonce Data"));
        // The inner payloads of IKE_AUTH: IDs, AUTH, selectors.
        const QJsonObject sk = messageRecord(set, "M3").value("sk").toObject();
        Annotations inner;
        QVERIFY(decodePayloads(static_cast<PayloadType>(sk.value("first_inner_payload").toInt()),
                               hexOfJson(sk.value("inner_payloads")), Annotator(&inner)));
        QCOMPARE(valueOf(inner, "isakmp.id.data.ipv4_addr", 1), std::string("127.100.0.1"));
        QCOMPARE(valueOf(inner, "isakmp.id.data.ipv4_addr", 2), std::string("127.100.0.2"));
        QCOMPARE(valueOf(inner, "isakmp.auth.method"), std::string("Shared Key Message Integrity Code (2)"));
        QCOMPARE(valueOf(inner, "isakmp.ts.start_ipv4", 1), std::string("127.201.0.1"));
        QCOMPARE(valueOf(inner, "isakmp.ts.end_ipv4", 2), std::string("127.202.0.1"));
        QCOMPARE(valueOf(inner, "isakmp.notify.msgtype", 2), std::string("MOBIKE_SUPPORTED (16396)"));
        QCOMPARE(findAnnotation(inner, "isakmp.ts.type")->path, std::string("TSi/Traffic Selector#1/TS Type"));
    }

    // --- hand-built payloads of the kinds the sets lack ------------------------------------------------
    void handBuiltRoundTrip() {
        const std::vector<Payload> payloads = handBuiltPayloads();
        const auto encoded = encodeMessage(handBuiltHeader(), payloads);
        QVERIFY2(encoded, qPrintable(test::errorText(encoded)));
        Annotations a;
        const auto decoded = decodeMessage(*encoded, Annotator(&a));
        QVERIFY2(decoded, qPrintable(test::errorText(decoded)));
        QCOMPARE(decoded->payloads.size(), payloads.size());
        for (std::size_t i = 0; i < payloads.size(); ++i)
            QVERIFY2(decoded->payloads[i] == payloads[i], qPrintable(QString("payload %1").arg(i + 1)));
        QCOMPARE(decoded->header.nextPayload, PayloadType::Sa);
        QCOMPARE(test::hexOf(encodeMessage(*decoded).value()), test::hexOf(*encoded));
        const std::string tiling = annotationProblem(a, encoded->size());
        QVERIFY2(tiling.empty(), tiling.c_str());
        QCOMPARE(valueOf(a, "isakmp.ts.start_ipv6"), std::string("2001:db8::1"));
        QCOMPARE(valueOf(a, "isakmp.id.data.fqdn"), std::string("vpn.example"));
        QCOMPARE(valueOf(a, "isakmp.delete.spi", 2), std::string("0x22222222"));
        QCOMPARE(valueOf(a, "isakmp.cfg.type"), std::string("CFG_REQUEST (1)"));
        QCOMPARE(valueOf(a, "isakmp.cfg.attr.type", 2), std::string("INTERNAL_IP4_DNS (3)"));
        QCOMPARE(valueOf(a, "isakmp.ike2.attr.type", 3), std::string("unknown (99), TLV"));
        QCOMPARE(valueOf(a, "isakmp.criticalpayload", 10), std::string("critical"));
        QCOMPARE(valueOf(a, "isakmp.tf.id.dh"), std::string("CURVE25519 (31)"));
        QCOMPARE(valueOf(a, "isakmp.notify.data.accepted_dh_group"), std::string("ECP_256 (19)"));
        QVERIFY(decoded->payloads[9].critical);
        const QString breakage = breakageProblem(*encoded, a, messageDecodes, true);
        QVERIFY2(breakage.isEmpty(), qPrintable(breakage));
    }

    // --- errors: the field, the absolute offset, and a sentence that says what is wrong ---------------
    void decodeErrors_data() {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QString>("words");
        const Bytes good = vectorSet("ikev2-invalid-ke-ecp256-modp2048").messages.at(2); // HDR, N(INVALID_KE)
        const auto patched = [&](std::vector<std::pair<std::size_t, std::uint8_t>> changes, Bytes bytes = {}) {
            if (bytes.empty()) bytes = good;
            for (auto [at, value] : changes) bytes[at] = value;
            return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
        };
        QTest::newRow("IKEv1 version") << patched({{17, 0x10}}) << "IKEv2 header version (isakmp.version)" << 17
                                       << "IKEv1";
        QTest::newRow("IKEv1 exchange") << patched({{18, 2}}) << "IKEv2 header exchange type (isakmp.exchangetype)"
                                        << 18 << "not an IKEv2 exchange";
        QTest::newRow("IKEv1 payload number")
            << patched({{16, 11}}) << "IKEv2 header next payload (isakmp.nextpayload)" << 16 << "IKEv1";
        QTest::newRow("short header") << patched({}, Bytes(good.begin(), good.begin() + 20))
                                      << "IKEv2 header message id (isakmp.messageid)" << 20 << "cut short";
        QTest::newRow("payload length past the end") << patched({{31, 11}}) << "N/Payload Length" << 30 << "runs past";
        QTest::newRow("notify SPI size past the end") << patched({{33, 3}}) << "N/SPI Size" << 33 << "runs past";
        Bytes trailing = good;
        trailing.push_back(0);
        trailing[27] = static_cast<std::uint8_t>(trailing.size());
        QTest::newRow("bytes after the last payload")
            << patched({}, trailing) << "N/Next Payload" << 28 << "follow the last payload";
        QTest::newRow("a payload after the last") << patched({{28, 40}}) << "No" << 38 << "truncated";
    }
    void decodeErrors() {
        QFETCH(QByteArray, message);
        QFETCH(QString, field);
        QFETCH(int, offset);
        QFETCH(QString, words);
        const Bytes bytes(message.begin(), message.end());
        const auto decoded = decodeMessage(bytes, Annotator(nullptr, "IKEv2", 100));
        QVERIFY(!decoded);
        QCOMPARE(QString::fromStdString(decoded.error().field), "IKEv2/" + field);
        QCOMPARE(decoded.error().offset, std::optional<std::size_t>(100 + offset));
        QVERIFY2(QString::fromStdString(decoded.error().message).contains(words), decoded.error().message.c_str());
    }

    void innerErrors() {
        // SK cannot nest, nor follow another payload.
        const auto nested = decodePayloads(PayloadType::Encrypted, hex("2900000800112233"));
        QVERIFY(!nested);
        QVERIFY(nested.error().message.find("inside an SK payload") != std::string::npos);
        std::vector<Payload> skFirst{Payload{PayloadType::Encrypted, EncryptedPayload{PayloadType::None, hex("00")}},
                                     Payload{PayloadType::Nonce, NoncePayload{hex("01")}}};
        QVERIFY(!encodePayloads(skFirst));
        Bytes withSk = encodeMessage(handBuiltHeader(), std::span(skFirst).first(1)).value();
        append(withSk, hex("0000000501"));
        writeU32(withSk, 24, static_cast<std::uint32_t>(withSk.size()));
        const auto afterSk = decodeMessage(withSk);
        QVERIFY(!afterSk);
        QVERIFY2(afterSk.error().message.find("SK must be the last") != std::string::npos,
                 afterSk.error().message.c_str());
        // A traffic selector of an unknown type and a Delete whose count does not match.
        const auto ts = decodePayloads(PayloadType::TsI, hex("0000001001000000"
                                                             "0900001000000000"));
        QVERIFY(!ts);
        QCOMPARE(ts.error().field, std::string("TSi/Traffic Selector#1/TS Type"));
        QCOMPARE(ts.error().offset, std::optional<std::size_t>(8));
        const auto del = decodePayloads(PayloadType::Delete, hex("0000000c03040002"
                                                                 "11111111"));
        QVERIFY(!del);
        QCOMPARE(del.error().field, std::string("D/Number of SPIs"));
        QVERIFY(!decodePayloads(PayloadType::Delete, hex("0000001003040001"
                                                         "1111111122222222"))); // SPI bytes left over
        // 65,535 SPIs of no bytes: refused, not 65,535 empty SPIs made from 8 bytes.
        const auto unsized = decodePayloads(PayloadType::Delete, hex("0000000801"
                                                                     "00ffff"));
        QVERIFY(!unsized);
        QCOMPARE(unsized.error().field, std::string("D/Number of SPIs"));
        // A proposal that announces more transforms than it holds.
        const auto sa = decodePayloads(PayloadType::Sa, hex("00000014"
                                                            "00000010"
                                                            "01010002"
                                                            "00000008"
                                                            "0100000c"));
        QVERIFY(!sa);
        QCOMPARE(sa.error().field, std::string("SA/Proposal#1/Number of Transforms"));
        // A body sent as a type it is not.
        std::vector<Payload> wrong{Payload{PayloadType::TsR, KePayload{}}};
        QVERIFY(!encodePayloads(wrong));
    }

    void everyIkev2KeyIsRegistered() {
        for (const wire::Field* f : wire::ikev2_fields::all()) QCOMPARE(wire::findRegisteredField(f->key), f);
    }

private:
    static QString formatFlags(std::uint8_t flags) { return QString("%1").arg(flags, 2, 16, QChar('0')); }
};

QTEST_GUILESS_MAIN(TestWireIkev2)
#include "tst_wire_ikev2.moc"
