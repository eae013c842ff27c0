// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The ISAKMP codec (core/wire/Isakmp*): every message of the seven strongSwan vector sets (the
// clear ones from the captures, the encrypted ones through their decrypted plaintexts), a
// hand-built Main Mode 1 and one payload of every type. Each is decoded, compared with the
// values the vectors record, re-encoded byte for byte, checked for annotations that tile every
// byte, then truncated at every byte and given wrong values in every length field.

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "AnnotationTest.h"
#include "TestData.h"
#include "capture/PcapngReader.h"
#include "crypto/Prf.h"
#include "wire/Ipv4Header.h"
#include "wire/IsakmpCodec.h"
#include "wire/NatTMarker.h"
#include "wire/UdpHeader.h"

using namespace ipseclab;
using namespace ipseclab::wire;
using ipseclab::test::hexAt;
using ipseclab::test::loadVector;
using ipseclab::test::valueAt;

namespace {

using test::hex;

Bytes hex(const QString& text) { return hex(text.toLatin1().constData()); }

using test::annotationProblem;
using test::findFieldIn;
using test::parentOf;
using test::wrongLengths;
using wire::findAnnotation;

std::string valueOf(const Annotation* a) { return a ? a->value : "<no such annotation>"; }

std::string valueOf(const Annotations& annotations, std::string_view key, std::size_t index = 1) {
    return valueOf(findAnnotation(annotations, key, index));
}

// An attribute as the tree shows it ("AES-CBC (7)"), by the key of its value inside `container`
// (a transform, a notification): the attribute's own key is the same for all of them.
const Annotation* attributeIn(const Annotations& annotations, const Annotation* container, std::string_view valueKey) {
    return parentOf(annotations, findFieldIn(annotations, container, valueKey));
}

// Offsets and original values of the length fields a decode annotated: every Payload Length (of
// payloads, proposals, transforms) and every TLV Attribute Length inside transforms.
struct LengthField {
    std::string path;
    std::size_t offset;
    std::uint16_t value;
};

std::vector<LengthField> lengthFields(const Annotations& annotations, ByteView bytes) {
    std::vector<LengthField> fields;
    for (const Annotation& a : annotations) {
        const bool payloadLength = a.path.ends_with("Payload Length");
        const bool attributeLength = a.path.ends_with("/Attribute Length") &&
                                     a.path.find("Transform#") != std::string::npos;
        if ((payloadLength || attributeLength) && a.length == 2)
            fields.push_back({a.path, a.offset, readU16(bytes, a.offset)});
    }
    return fields;
}

// What a decode of `bytes` must do: succeed for the original, fail for everything we break.
using Decoder = std::function<bool(ByteView)>;

// Every strict prefix fails, and every wrong value in every length field fails.
QString breakageProblem(const Bytes& bytes, const Annotations& annotations, const Decoder& decodes,
                        std::optional<std::size_t> headerLengthOffset) {
    if (!decodes(bytes)) return "the intact bytes do not decode";
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        if (decodes(ByteView(bytes).first(cut))) return QString("a %1-byte prefix decoded").arg(cut);
    for (const LengthField& field : lengthFields(annotations, bytes)) {
        for (std::uint32_t v : wrongLengths(field.value, 0xffff)) {
            Bytes broken = bytes;
            writeU16(broken, field.offset, static_cast<std::uint16_t>(v));
            if (decodes(broken))
                return QString("%1 = %2 (was %3) decoded")
                    .arg(QString::fromStdString(field.path))
                    .arg(v)
                    .arg(field.value);
        }
    }
    if (headerLengthOffset) {
        const std::uint32_t original = readU32(bytes, *headerLengthOffset);
        for (std::uint32_t v : wrongLengths(original, 0xffffffffu)) {
            Bytes broken = bytes;
            writeU32(broken, *headerLengthOffset, v);
            if (decodes(broken)) return QString("header Length = %1 (was %2) decoded").arg(v).arg(original);
        }
    }
    return {};
}

// ---- The vector sets ----

struct Vector {
    QString name;
    QJsonObject json;
};

const std::vector<Vector>& vectors() {
    static const std::vector<Vector> all = [] {
        std::vector<Vector> sets;
        for (const QString& name : test::vectorSetNames()) sets.push_back({name, loadVector(name)});
        return sets;
    }();
    return all;
}

const QJsonObject& vectorNamed(const QString& name) {
    for (const Vector& v : vectors())
        if (v.name == name) return v.json;
    qFatal("no vector set %s", qPrintable(name));
}

// JSON paths of every encrypted message's record: phase1_encrypted.MM5, quick_mode.messages.QM1...
QStringList encryptedMessagePaths(const QJsonObject& json) {
    QStringList paths;
    for (const QString& label : json.value("phase1_encrypted").toObject().keys()) paths << "phase1_encrypted." + label;
    for (const QString& label : json.value("quick_mode").toObject().value("messages").toObject().keys())
        paths << "quick_mode.messages." + label;
    return paths;
}

// The ISAKMP messages of a set's capture, by label (MM1..QM3), without the non-ESP marker.
const std::map<QString, Bytes>& messagesOfCapture(const QString& setName, const QJsonObject& json) {
    static std::map<QString, std::map<QString, Bytes>> cache;
    if (const auto cached = cache.find(setName); cached != cache.end()) return cached->second;
    std::map<QString, Bytes>& messages = cache[setName];
    const auto capture = capture::PcapngReader::readFile(
        (test::vectorsDir() + "/" + setName + "/capture.pcapng").toStdString());
    if (!capture) qFatal("%s: %s", qPrintable(setName), capture.error().toString().c_str());
    const QJsonObject frameInfo = json.value("frame_info").toObject();
    for (std::size_t i = 0; i < capture->packets.size(); ++i) {
        const QJsonObject info = frameInfo.value(QString::number(i + 1)).toObject();
        const QString label = info.value("label").toString();
        if (label.isEmpty() || label == "ESP") continue;
        const Bytes& frame = capture->packets[i].data;
        const auto ip = decodeIpv4(ByteView(frame).subspan(14)); // Ethernet II
        if (!ip) qFatal("%s frame %zu: %s", qPrintable(setName), i + 1, ip.error().toString().c_str());
        const auto udp = decodeUdp(ip->payload);
        if (!udp) qFatal("%s frame %zu: %s", qPrintable(setName), i + 1, udp.error().toString().c_str());
        ByteView isakmp = udp->payload;
        if (info.value("non_esp_marker").toBool()) {
            const auto natT = demultiplexNatT(isakmp);
            if (!natT || natT->kind != NatTKind::Ike)
                qFatal("%s frame %zu: no IKE behind port 4500", qPrintable(setName), i + 1);
            isakmp = natT->body;
        }
        messages[label] = Bytes(isakmp.begin(), isakmp.end());
    }
    return messages;
}

std::uint16_t phase1AttributeType(const QString& name) {
    static const std::map<QString, Phase1Attribute> types{
        {"encryption_algorithm", Phase1Attribute::EncryptionAlgorithm},
        {"hash_algorithm", Phase1Attribute::HashAlgorithm},
        {"authentication_method", Phase1Attribute::AuthenticationMethod},
        {"group_description", Phase1Attribute::GroupDescription},
        {"life_type", Phase1Attribute::LifeType},
        {"life_duration", Phase1Attribute::LifeDuration},
        {"key_length", Phase1Attribute::KeyLength},
    };
    const auto it = types.find(name);
    return it == types.end() ? 0 : static_cast<std::uint16_t>(it->second);
}

std::uint16_t ipsecAttributeType(const QString& name) {
    static const std::map<QString, IpsecAttribute> types{
        {"sa_life_type", IpsecAttribute::SaLifeType},
        {"sa_life_duration", IpsecAttribute::SaLifeDuration},
        {"group_description", IpsecAttribute::GroupDescription},
        {"encapsulation_mode", IpsecAttribute::EncapsulationMode},
        {"authentication_algorithm", IpsecAttribute::AuthenticationAlgorithm},
        {"key_length", IpsecAttribute::KeyLength},
    };
    const auto it = types.find(name);
    return it == types.end() ? 0 : static_cast<std::uint16_t>(it->second);
}

// Compares a decoded SA with the vector's decoded form ("proposal.ike_sa_initiator" and kin).
QString saProblem(const SaPayload& sa, const QJsonObject& expected, bool phase1) {
    if (sa.doi != static_cast<std::uint32_t>(expected.value("doi").toInt())) return "DOI differs";
    if (sa.situation != static_cast<std::uint32_t>(expected.value("situation").toInt())) return "situation differs";
    const QJsonArray proposals = expected.value("proposals").toArray();
    if (sa.proposals.size() != static_cast<std::size_t>(proposals.size())) return "proposal count differs";
    for (qsizetype i = 0; i < proposals.size(); ++i) {
        const QJsonObject p = proposals[i].toObject();
        const Proposal& proposal = sa.proposals[static_cast<std::size_t>(i)];
        if (proposal.number != p.value("proposal_no").toInt()) return "proposal number differs";
        if (static_cast<int>(proposal.protocolId) != p.value("protocol_id").toInt()) return "protocol differs";
        if (proposal.spi != hex(p.value("spi").toString())) return "SPI differs";
        const QJsonArray transforms = p.value("transforms").toArray();
        if (proposal.transforms.size() != static_cast<std::size_t>(transforms.size())) return "transform count differs";
        for (qsizetype j = 0; j < transforms.size(); ++j) {
            const QJsonObject t = transforms[j].toObject();
            const Transform& transform = proposal.transforms[static_cast<std::size_t>(j)];
            if (transform.number != t.value("transform_no").toInt()) return "transform number differs";
            if (transform.transformId != t.value("transform_id").toInt()) return "transform ID differs";
            const QJsonObject attributes = t.value("attributes").toObject();
            if (transform.attributes.size() != static_cast<std::size_t>(attributes.size()))
                return "attribute count differs";
            for (const QString& key : attributes.keys()) {
                const std::uint16_t type = phase1 ? phase1AttributeType(key) : ipsecAttributeType(key);
                if (type == 0) return "unmapped attribute name " + key;
                if (transform.attribute(type) != static_cast<std::uint64_t>(attributes.value(key).toInteger()))
                    return "attribute " + key + " differs";
            }
            Bytes encoded;
            if (!appendAttributes(encoded, transform.attributes)) return "attributes do not encode";
            if (encoded != hex(t.value("attributes_hex").toString())) return "re-encoded attributes differ";
        }
    }
    return {};
}

Bytes withGenericHeader(PayloadType next, ByteView body) {
    Bytes out;
    appendU8(out, static_cast<std::uint8_t>(next));
    appendU8(out, 0);
    appendU16(out, static_cast<std::uint16_t>(body.size() + 4));
    append(out, body);
    return out;
}

// ---- A hand-built Main Mode 1 (digest §1.15, with a TLV Life Duration) ----

Cookie cookie(const char* text) {
    Cookie c{};
    const Bytes b = hex(text);
    std::copy(b.begin(), b.end(), c.begin());
    return c;
}

DataAttribute tv(Phase1Attribute type, std::uint16_t value) {
    return DataAttribute::tv(static_cast<std::uint16_t>(type), value);
}
DataAttribute tv(IpsecAttribute type, std::uint16_t value) {
    return DataAttribute::tv(static_cast<std::uint16_t>(type), value);
}

IsakmpHeader mainMode1Header() {
    IsakmpHeader header;
    header.initiatorCookie = cookie("12f2cbed073d6dba");
    header.exchangeType = ExchangeType::IdentityProtection;
    return header;
}

std::vector<Payload> mainMode1Payloads() {
    Transform threeDes;
    threeDes.number = 1;
    threeDes.attributes = {tv(Phase1Attribute::LifeType, 1),
                           tv(Phase1Attribute::LifeDuration, 28800),
                           tv(Phase1Attribute::EncryptionAlgorithm, 5),
                           tv(Phase1Attribute::AuthenticationMethod, 1),
                           tv(Phase1Attribute::HashAlgorithm, 2),
                           tv(Phase1Attribute::GroupDescription, 5)};
    Transform aes;
    aes.number = 2;
    aes.attributes = {tv(Phase1Attribute::LifeType, 1),
                      DataAttribute::tlvNumber(static_cast<std::uint16_t>(Phase1Attribute::LifeDuration), 28800, 4),
                      tv(Phase1Attribute::EncryptionAlgorithm, 7),
                      tv(Phase1Attribute::KeyLength, 128),
                      tv(Phase1Attribute::AuthenticationMethod, 1),
                      tv(Phase1Attribute::HashAlgorithm, 2),
                      tv(Phase1Attribute::GroupDescription, 5)};
    Proposal proposal;
    proposal.protocolId = ProtocolId::Isakmp;
    proposal.transforms = {threeDes, aes};
    SaPayload sa;
    sa.proposals = {proposal};
    std::vector<Payload> payloads{Payload{sa}};
    for (const char* vid :
         {"09002689dfd6b712", "afcad71368a1f1c96b8696fc77570100", "4048b7d56ebce88525e7de7f00d6c2d380000000",
          "4a131c81070358455c5728f20e95452f", "90cb80913ebb696e086381b5ec427b1f"})
        payloads.push_back(Payload{VendorIdPayload{hex(vid)}});
    return payloads;
}

const char* const kMainMode1 = "12f2cbed073d6dba0000000000000000"
                               "01100200"
                               "00000000"
                               "000000d8"
                               "0d00005c"
                               "00000001"
                               "00000001"
                               "00000050"
                               "01010002"
                               "03000020"
                               "01010000"
                               "800b0001800c7080"
                               "80010005800300018002000280040005"
                               "00000028"
                               "02010000"
                               "800b0001"
                               "000c000400007080"
                               "80010007800e0080800300018002000280040005"
                               "0d00000c"
                               "09002689dfd6b712"
                               "0d000014"
                               "afcad71368a1f1c96b8696fc77570100"
                               "0d000018"
                               "4048b7d56ebce88525e7de7f00d6c2d380000000"
                               "0d000014"
                               "4a131c81070358455c5728f20e95452f"
                               "00000014"
                               "90cb80913ebb696e086381b5ec427b1f";

// One payload of every type the codec knows, plus two it keeps raw.
std::vector<Payload> everyPayload() {
    Transform esp;
    esp.transformId = static_cast<std::uint8_t>(EspTransformId::AesCbc);
    esp.attributes = {tv(IpsecAttribute::SaLifeType, 1),
                      DataAttribute::tlvNumber(static_cast<std::uint16_t>(IpsecAttribute::SaLifeDuration), 3600, 4),
                      tv(IpsecAttribute::EncapsulationMode, 3),
                      tv(IpsecAttribute::AuthenticationAlgorithm, 2),
                      tv(IpsecAttribute::KeyLength, 256),
                      DataAttribute::tlv(99, hex("0102030405060708090a"))};
    Transform ah;
    ah.transformId = static_cast<std::uint8_t>(AhTransformId::Sha);
    ah.attributes = {tv(IpsecAttribute::AuthenticationAlgorithm, 2)};
    Proposal espProposal{1, ProtocolId::IpsecEsp, hex("11223344"), {esp}, 0};
    Proposal ahProposal{1, ProtocolId::IpsecAh, hex("55667788"), {ah}, 0};
    Proposal alternative{2, ProtocolId::IpsecEsp, hex("99aabbcc"), {esp, esp}, 0};
    alternative.transforms[1].number = 2;

    NotificationPayload lifetime{kIpsecDoi, ProtocolId::IpsecEsp, NotifyType::ResponderLifetime, hex("11223344"),
                                 hex("800100010002000400007080")};
    NotificationPayload dpd{kIpsecDoi, ProtocolId::Isakmp, NotifyType::RUThere, hex("12f2cbed073d6dba0766e24bc7b0e239"),
                            hex("00000007")};
    NotificationPayload noProposal{kIpsecDoi, ProtocolId::Isakmp, NotifyType::NoProposalChosen, {}, {}};
    return {
        Payload{SaPayload{kIpsecDoi, kSitIdentityOnly, {espProposal, ahProposal, alternative}}},
        Payload{KePayload{hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011")}},
        Payload{IdPayload{IdType::Ipv4Addr, 17, 500, hex("7f640001")}},
        Payload{IdPayload{IdType::Fqdn, 0, 0, bytesOf("initiator.lab")}},
        Payload{IdPayload{IdType::UserFqdn, 0, 0, bytesOf("alice@example.org")}},
        Payload{IdPayload{IdType::Ipv4AddrSubnet, 6, 80, hex("0a010000ffffff00")}},
        Payload{IdPayload{IdType::Ipv4AddrRange, 0, 0, hex("0a0100010a0100fe")}},
        Payload{IdPayload{IdType::Ipv6Addr, 0, 0, hex("20010db8000000000000000000000001")}},
        Payload{IdPayload{IdType::DerAsn1Dn, 0, 0, hex("3011310f300d06035504030c066c6162")}},
        Payload{HashPayload{hex("847f5e3c891efc24f84be588edd71491e872b900")}},
        Payload{NoncePayload{hex("602c9cec45845cb02b7ccbaeba4d7df0")}},
        Payload{NotificationPayload{
            kIpsecDoi, ProtocolId::Isakmp, NotifyType::InitialContact, hex("12f2cbed073d6dba0766e24bc7b0e239"), {}}},
        Payload{lifetime},
        Payload{dpd},
        Payload{noProposal},
        Payload{DeletePayload{kIpsecDoi, ProtocolId::IpsecEsp, 4, {hex("11223344"), hex("55667788")}}},
        Payload{DeletePayload{kIpsecDoi, ProtocolId::Isakmp, 16, {hex("12f2cbed073d6dba0766e24bc7b0e239")}}},
        Payload{VendorIdPayload{hex("afcad71368a1f1c96b8696fc77570100")}},
        Payload{VendorIdPayload{hex("0123456789abcdef")}},
        Payload{NatDPayload{hex("e701a5cfad7bd9419617ef85ef1f5f60b54c85eb"), false}},
        Payload{NatDPayload{hex("eaf991d6b9a4357bd6c58891a6db11aa54bd1e13"), true}},
        Payload{NatOaPayload{IdType::Ipv4Addr, {}, hex("0a01000a"), false}},
        Payload{NatOaPayload{IdType::Ipv6Addr, {}, hex("fe800000000000000000000000000001"), true}},
        Payload{CertPayload{4, hex("308201")}},
        Payload{CertRequestPayload{4, {}}},
        Payload{SignaturePayload{hex("0a0b0c0d")}},
        Payload{RawPayload{PayloadType::Attributes, hex("01000000")}},
        Payload{RawPayload{static_cast<PayloadType>(200), hex("cafe")}},
    };
}

Decoder chainDecoder(PayloadType first) {
    return [first](ByteView b) { return decodePayloadChain(first, b, Annotator(nullptr), 0).has_value(); };
}

bool messageDecodes(ByteView b) { return decodeMessage(b).has_value(); }

} // namespace

class TestWireIsakmp : public QObject {
    Q_OBJECT

private slots:
    // --- Decrypted plaintexts of MM5/MM6/AM3 and QM1..QM3 -------------------------------------------
    void plaintextChains_data() {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("path");
        for (const Vector& v : vectors())
            for (const QString& path : encryptedMessagePaths(v.json))
                QTest::newRow(qPrintable(v.name + "/" + path.section('.', -1))) << v.name << path;
    }
    void plaintextChains() {
        QFETCH(QString, set);
        QFETCH(QString, path);
        const QJsonObject& json = vectorNamed(set);
        const QJsonObject record = valueAt(json, path).toObject();
        const Bytes plaintext = hexAt(json, path + ".plaintext");
        const auto first = static_cast<PayloadType>(record.value("first_payload").toInt());
        const auto payloadsLength = static_cast<std::size_t>(record.value("payloads_len").toInt());
        QVERIFY(!plaintext.empty());

        Annotations annotations;
        const auto chain = decodePayloadChain(first, plaintext, Annotator(&annotations));
        QVERIFY2(chain, chain ? "" : chain.error().toString().c_str());
        QCOMPARE(chain->consumed(), payloadsLength);
        QCOMPARE(chain->padding, hexAt(json, path + ".padding"));
        const QJsonArray expected = record.value("payloads").toArray();
        QCOMPARE(chain->payloads.size(), static_cast<std::size_t>(expected.size()));
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected[i].toObject();
            const auto k = static_cast<std::size_t>(i);
            QCOMPARE(static_cast<int>(chain->payloads[k].type()), e.value("type").toInt());
            QCOMPARE(chain->payloads[k].length, static_cast<std::size_t>(e.value("length").toInt()));
            const Bytes body = hex(e.value("body").toString());
            QVERIFY(std::ranges::equal(chain->rawBody(k), body));
            QVERIFY(std::ranges::equal(chain->raw(k),
                                       ByteView(plaintext).subspan(chain->payloads[k].offset, body.size() + 4)));
        }
        QVERIFY(std::ranges::equal(chain->rawFrom(0), ByteView(plaintext).first(payloadsLength)));
        const std::string problem = annotationProblem(annotations, plaintext.size());
        QVERIFY2(problem.empty(), problem.c_str());
        if (!chain->padding.empty()) {
            const Annotation* padding = findAnnotation(annotations, "ipseclab.isakmp.padding");
            QVERIFY(padding);
            QCOMPARE(padding->offset, payloadsLength);
        }

        // encode(decode(x)) == x, and decode(encode(decode(x))) == decode(x).
        const auto encoded = encodePayloadChain(chain->payloads);
        QVERIFY(encoded);
        QVERIFY(std::ranges::equal(*encoded, ByteView(plaintext).first(payloadsLength)));
        const auto again = decodePayloadChain(first, *encoded);
        QVERIFY(again);
        QVERIFY(again->payloads == chain->payloads);
        QVERIFY(again->padding.empty());

        // The whole encrypted message: only the header is decoded, the rest handed back.
        const Bytes header = hexAt(json, path + ".header");
        const Bytes ciphertext = hexAt(json, path + ".ciphertext");
        Bytes message = header;
        append(message, ciphertext);
        Annotations messageAnnotations;
        const auto decoded = decodeMessage(message, Annotator(&messageAnnotations));
        QVERIFY2(decoded, decoded ? "" : decoded.error().toString().c_str());
        QVERIFY(decoded->header.encrypted());
        QCOMPARE(decoded->header.nextPayload, first);
        QCOMPARE(decoded->encrypted, ciphertext);
        QVERIFY(decoded->chain.payloads.empty());
        QCOMPARE(toHex(decoded->header.messageIdBytes()), record.value("message_id").toString().toStdString());
        const std::string messageProblem = annotationProblem(messageAnnotations, message.size());
        QVERIFY2(messageProblem.empty(), messageProblem.c_str());
        QCOMPARE(encodeMessage(*decoded).value(), message);
        QCOMPARE(encodeEncryptedMessage(decoded->header, first, ciphertext).value(), message);
    }

    void plaintextBreakage_data() { plaintextChains_data(); }
    void plaintextBreakage() {
        QFETCH(QString, set);
        QFETCH(QString, path);
        const QJsonObject& json = vectorNamed(set);
        const QJsonObject record = valueAt(json, path).toObject();
        const auto first = static_cast<PayloadType>(record.value("first_payload").toInt());
        const Bytes plaintext = hexAt(json, path + ".plaintext");
        const Bytes chain(plaintext.begin(), plaintext.begin() + record.value("payloads_len").toInt());
        Annotations annotations;
        QVERIFY(decodePayloadChain(first, chain, Annotator(&annotations)));
        QVERIFY(!lengthFields(annotations, chain).empty());
        const QString problem = breakageProblem(chain, annotations, chainDecoder(first), std::nullopt);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // --- Quick Mode HASH(1)/HASH(2) over rawFrom(): proves the spans are the hashed bytes --------------
    void quickModeHashesCoverRawPayloads_data() {
        QTest::addColumn<QString>("set");
        for (const Vector& v : vectors()) QTest::newRow(qPrintable(v.name)) << v.name;
    }
    void quickModeHashesCoverRawPayloads() {
        QFETCH(QString, set);
        const QJsonObject& json = vectorNamed(set);
        const auto hashId =
            valueAt(json, "proposal.ike_sa_initiator.proposals.0.transforms.0.attributes.hash_algorithm").toInt();
        const auto algorithm = crypto::hashFromIkeId(static_cast<std::uint16_t>(hashId));
        QVERIFY(algorithm);
        const Bytes skeyidA = hexAt(json, "skeyid_a");
        const Bytes messageId = hexAt(json, "quick_mode.message_id");
        for (const char* label : {"QM1", "QM2"}) {
            const QString path = QString("quick_mode.messages.") + label;
            const Bytes plaintext = hexAt(json, path + ".plaintext");
            const auto chain = decodePayloadChain(PayloadType::Hash, plaintext);
            QVERIFY(chain);
            QCOMPARE(chain->payloads.front().type(), PayloadType::Hash);
            Bytes input = messageId;
            if (QString(label) == "QM2") append(input, hexAt(json, "quick_mode.ni_b"));
            append(input, chain->rawFrom(1));
            const Bytes expected = hexAt(json, QString("quick_mode.hash%1").arg(label[2]));
            QCOMPARE(crypto::prf(*algorithm, skeyidA, input), expected);
            QCOMPARE(chain->find<HashPayload>()->hash, expected);
            // The responder's Quick Mode nonce is what goes into HASH(3) and KEYMAT.
            const Bytes nonce = hexAt(json, QString("quick_mode.") + (QString(label) == "QM1" ? "ni_b" : "nr_b"));
            QCOMPARE(chain->find<NoncePayload>()->nonce, nonce);
        }
    }

    // --- SAs: SAi_b of phase 1 and the Quick Mode SAs against the vectors' decoded forms -------------
    void phase1InitiatorSa_data() { quickModeHashesCoverRawPayloads_data(); }
    void phase1InitiatorSa() {
        QFETCH(QString, set);
        const QJsonObject& json = vectorNamed(set);
        const Bytes saiB = hexAt(json, "sai_b");
        const Bytes payload = withGenericHeader(PayloadType::None, saiB);
        Annotations annotations;
        const auto chain = decodePayloadChain(PayloadType::Sa, payload, Annotator(&annotations), 0);
        QVERIFY2(chain, chain ? "" : chain.error().toString().c_str());
        QVERIFY(std::ranges::equal(chain->rawBody(0), saiB));
        const SaPayload* sa = chain->find<SaPayload>();
        QVERIFY(sa);
        const QString problem = saProblem(*sa, valueAt(json, "proposal.ike_sa_initiator").toObject(), true);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(encodePayloadBody(*sa).value(), saiB);
        const std::string coverage = annotationProblem(annotations, payload.size());
        QVERIFY2(coverage.empty(), coverage.c_str());

        // The annotation texts a student reads.
        const Annotation* t = findAnnotation(annotations, "ipseclab.isakmp.transform");
        const auto attribute = [&](std::string_view key) { return valueOf(attributeIn(annotations, t, key)); };
        const bool aes = !set.contains("3des");
        QCOMPARE(attribute("isakmp.ike.attr.encryption_algorithm"), std::string(aes ? "AES-CBC (7)" : "3DES-CBC (5)"));
        if (aes)
            QCOMPARE(attribute("isakmp.ike.attr.key_length"),
                     std::string(set.contains("aes128") ? "128 bits" : "256 bits"));
        QCOMPARE(attribute("isakmp.ike.attr.hash_algorithm"),
                 std::string(set.contains("sha256") ? "SHA2-256 (4)" : "SHA (2)"));
        QCOMPARE(attribute("isakmp.ike.attr.authentication_method"), std::string("Pre-shared key (1)"));
        QCOMPARE(attribute("isakmp.ike.attr.group_description"),
                 std::string(set.contains("ecp256")     ? "ECP-256 (19)"
                             : set.contains("modp1024") ? "MODP-1024 (2)"
                                                        : "MODP-2048 (14)"));
        QCOMPARE(attribute("isakmp.ike.attr.life_duration"), std::string("0 seconds"));
        QCOMPARE(attributeIn(annotations, t, "isakmp.ike.attr.life_duration")->meaning,
                 std::string("0 = no lifetime proposed, local policy decides"));
        QCOMPARE(valueOf(findFieldIn(annotations, t, "isakmp.trans.id")), std::string("KEY_IKE (1)"));
        QCOMPARE(valueOf(annotations, "isakmp.prop.protoid"), std::string("PROTO_ISAKMP (1)"));
        QCOMPARE(valueOf(annotations, "isakmp.sa.doi"), std::string("IPsec (1)"));

        // The same body decoded on its own: offsets count from the body.
        Annotations bodyAnnotations;
        const auto body = decodePayloadBody(PayloadType::Sa, saiB, Annotator(&bodyAnnotations, "SAi_b", 100));
        QVERIFY(body);
        QVERIFY(body->as<SaPayload>() && *body->as<SaPayload>() == *sa);
        QCOMPARE(findAnnotation(bodyAnnotations, "isakmp.sa.doi")->offset, std::size_t{100});
        QCOMPARE(findAnnotation(bodyAnnotations, "ipseclab.isakmp.proposal")->offset, std::size_t{108});
        QCOMPARE(findAnnotation(bodyAnnotations, "ipseclab.isakmp.proposal")->length, saiB.size() - 8);
    }

    void quickModeSasAndIds_data() { quickModeHashesCoverRawPayloads_data(); }
    void quickModeSasAndIds() {
        QFETCH(QString, set);
        const QJsonObject& json = vectorNamed(set);
        for (const char* label : {"QM1", "QM2"}) {
            const bool initiator = QString(label) == "QM1";
            Annotations annotations;
            const auto chain = decodePayloadChain(PayloadType::Hash,
                                                  hexAt(json, QString("quick_mode.messages.") + label + ".plaintext"),
                                                  Annotator(&annotations));
            QVERIFY(chain);
            const SaPayload* sa = chain->find<SaPayload>();
            QVERIFY(sa);
            const QString problem = saProblem(
                *sa, valueAt(json, initiator ? "quick_mode.sa_initiator" : "quick_mode.sa_responder").toObject(),
                false);
            QVERIFY2(problem.isEmpty(), qPrintable(QString(label) + ": " + problem));
            QCOMPARE(sa->proposals.at(0).spi, hexAt(json, initiator ? "quick_mode.spi_i" : "quick_mode.spi_r"));
            QCOMPARE(valueOf(annotations, "isakmp.prop.protoid"), std::string("PROTO_IPSEC_ESP (3)"));
            QCOMPARE(valueOf(annotations, "isakmp.spi"), "0x" + toHex(sa->proposals.at(0).spi));
            const int transformId = sa->proposals.at(0).transforms.at(0).transformId;
            QCOMPARE(valueOf(annotations, "isakmp.trans.id"), std::string(transformId == 12   ? "ESP_AES-CBC (12)"
                                                                          : transformId == 20 ? "ESP_AES-GCM_16 (20)"
                                                                                              : "ESP_3DES (3)"));
            QCOMPARE(valueOf(attributeIn(annotations, findAnnotation(annotations, "ipseclab.isakmp.transform"),
                                         "isakmp.ipsec.attr.encap_mode")),
                     std::string("UDP-Encapsulated-Tunnel (3)"));

            const QJsonArray ids = initiator ? QJsonArray{valueAt(json, "quick_mode.id_ci"),
                                                          valueAt(json, "quick_mode.id_cr")}
                                             : valueAt(json, "quick_mode.ids_responder_echo").toArray();
            QCOMPARE(ids.size(), 2);
            for (std::size_t n = 0; n < 2; ++n) {
                const QJsonObject e = ids[static_cast<qsizetype>(n)].toObject();
                const IdPayload* id = chain->find<IdPayload>(n);
                QVERIFY(id);
                QCOMPARE(static_cast<int>(id->idType), e.value("id_type").toInt());
                QCOMPARE(static_cast<int>(id->protocolId), e.value("protocol").toInt());
                QCOMPARE(static_cast<int>(id->port), e.value("port").toInt());
                QCOMPARE(id->data, hex(e.value("data").toString()));
                const Annotation* idPayload = findAnnotation(annotations, "ipseclab.isakmp.payload.id", n + 1);
                QCOMPARE(valueOf(findFieldIn(annotations, idPayload, "isakmp.id.data.ipv4_addr")),
                         e.value("text").toString().toStdString());
                QCOMPARE(valueOf(findFieldIn(annotations, idPayload, "isakmp.id.type")),
                         std::string("ID_IPV4_ADDR (1)"));
                QCOMPARE(valueOf(findFieldIn(annotations, idPayload, "isakmp.id.port")), std::string("any (0)"));
            }
        }
        // Phase-1 IDs: IDii_b / IDir_b are the ID bodies of MM5 / MM6 (AM: AM1 / AM2, see capturedMessages).
        if (json.value("phase1_encrypted").toObject().contains("MM5")) {
            for (const char* label : {"MM5", "MM6"}) {
                const auto chain = decodePayloadChain(PayloadType::Id,
                                                      hexAt(json, QString("phase1_encrypted.") + label + ".plaintext"));
                QVERIFY(chain);
                QVERIFY(
                    std::ranges::equal(chain->rawBody(0), hexAt(json, QString(label) == "MM5" ? "idii_b" : "idir_b")));
            }
        }
    }

    // --- Clear messages straight from the captures ----------------------------------------------------
    void capturedMessages_data() {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("label");
        for (const Vector& v : vectors())
            for (const auto& [label, bytes] : messagesOfCapture(v.name, v.json))
                QTest::newRow(qPrintable(v.name + "/" + label)) << v.name << label;
    }
    void capturedMessages() {
        QFETCH(QString, set);
        QFETCH(QString, label);
        const QJsonObject& json = vectorNamed(set);
        const Bytes message = messagesOfCapture(set, json).at(label);
        QJsonObject info;
        for (const QJsonValue v : json.value("frame_info").toObject())
            if (v.toObject().value("label").toString() == label) info = v.toObject();

        Annotations annotations;
        const auto decoded = decodeMessage(message, Annotator(&annotations));
        QVERIFY2(decoded, decoded ? "" : decoded.error().toString().c_str());
        const IsakmpHeader& h = decoded->header;
        QCOMPARE(static_cast<int>(h.length), info.value("isakmp_length").toInt());
        QCOMPARE(static_cast<int>(h.exchangeType), info.value("exchange_type").toInt());
        QCOMPARE(static_cast<int>(h.flags), info.value("flags").toInt());
        QCOMPARE(static_cast<int>(h.nextPayload), info.value("first_payload").toInt());
        QCOMPARE(toHex(h.messageIdBytes()), info.value("message_id").toString().toStdString());
        QVERIFY(std::ranges::equal(h.initiatorCookie, hexAt(json, "cky_i")));
        QCOMPARE(encodeMessage(*decoded).value(), message);
        const std::string problem = annotationProblem(annotations, message.size());
        QVERIFY2(problem.empty(), problem.c_str());

        const PayloadChain& chain = decoded->chain;
        const bool initiator = label == "MM1" || label == "MM3" || label == "AM1";
        if (label == "MM1" || label == "AM1") {
            QVERIFY(std::all_of(h.responderCookie.begin(), h.responderCookie.end(), [](auto b) { return b == 0; }));
            QVERIFY(findAnnotation(annotations, "isakmp.rspi")->meaning.find("has not answered yet") !=
                    std::string::npos);
            QVERIFY(std::ranges::equal(chain.rawBody(*chain.indexOf(PayloadType::Sa)), hexAt(json, "sai_b")));
            // strongSwan's five vendor IDs, all recognised.
            QCOMPARE(valueOf(annotations, "isakmp.vid_bytes", 1), std::string("XAuth"));
            QCOMPARE(valueOf(annotations, "isakmp.vid_bytes", 2), std::string("DPD (RFC 3706) v1.0"));
            QCOMPARE(valueOf(annotations, "isakmp.vid_bytes", 3),
                     std::string("FRAGMENTATION (capabilities 0x80000000)"));
            QCOMPARE(valueOf(annotations, "isakmp.vid_bytes", 4), std::string("NAT-T (RFC 3947)"));
            QCOMPARE(valueOf(annotations, "isakmp.vid_bytes", 5),
                     std::string("NAT-T draft-ietf-ipsec-nat-t-ike-02\\n"));
        } else {
            QVERIFY(std::ranges::equal(h.responderCookie, hexAt(json, "cky_r")));
        }
        if (label == "MM2" || label == "AM2") {
            const QString problemSa = saProblem(*chain.find<SaPayload>(),
                                                valueAt(json, "proposal.ike_sa_responder").toObject(), true);
            QVERIFY2(problemSa.isEmpty(), qPrintable(problemSa));
            QCOMPARE(chain.indexOf(PayloadType::VendorId, 3).has_value(), true);
            QCOMPARE(chain.indexOf(PayloadType::VendorId, 4).has_value(), false);
        }
        if (label == "MM3" || label == "MM4" || label.startsWith("AM")) {
            if (chain.indexOf(PayloadType::Ke)) {
                QCOMPARE(chain.find<KePayload>()->keyExchangeData, hexAt(json, initiator ? "g_xi" : "g_xr"));
                QCOMPARE(chain.find<NoncePayload>()->nonce, hexAt(json, initiator ? "ni_b" : "nr_b"));
            }
            for (std::size_t n = 0; chain.find<NatDPayload>(n); ++n)
                QCOMPARE(chain.find<NatDPayload>(n)->hash,
                         hexAt(json, QString("nat_d.%1.%2.body").arg(initiator ? "initiator" : "responder").arg(n)));
        }
        if (label == "AM1" || label == "AM2") {
            const auto id = chain.indexOf(PayloadType::Id);
            QVERIFY(id);
            QVERIFY(std::ranges::equal(chain.rawBody(*id), hexAt(json, label == "AM1" ? "idii_b" : "idir_b")));
            QCOMPARE(
                valueOf(annotations, "isakmp.id.data.fqdn"),
                valueAt(json, label == "AM1" ? "initiator.id.text" : "responder.id.text").toString().toStdString());
        }
        if (label == "AM2") QCOMPARE(chain.find<HashPayload>()->hash, hexAt(json, "hash_r"));
        if (h.encrypted()) {
            const QString path = (label.startsWith("QM") ? "quick_mode.messages." : "phase1_encrypted.") + label;
            QCOMPARE(decoded->encrypted, hexAt(json, path + ".ciphertext"));
        }

        const QString breakage = breakageProblem(message, annotations, messageDecodes, std::size_t{24});
        QVERIFY2(breakage.isEmpty(), qPrintable(breakage));
    }

    // --- A hand-built Main Mode 1 -----------------------------------------------------------------------
    void mainMode1RoundTrip() {
        const std::vector<Payload> payloads = mainMode1Payloads();
        const auto encoded = encodeMessage(mainMode1Header(), payloads);
        QVERIFY(encoded);
        QCOMPARE(toHex(*encoded), toHex(hex(kMainMode1)));

        Annotations annotations;
        const auto decoded = decodeMessage(*encoded, Annotator(&annotations));
        QVERIFY2(decoded, decoded ? "" : decoded.error().toString().c_str());
        QVERIFY(decoded->chain.payloads == payloads);
        QCOMPARE(decoded->header.length, std::uint32_t{216});
        QCOMPARE(decoded->payloadOffset(1), std::size_t{28 + 92});
        QCOMPARE(decoded->payloadOffset(6), std::size_t{216});
        QCOMPARE(encodeMessage(*decoded).value(), *encoded);
        const std::string problem = annotationProblem(annotations, encoded->size());
        QVERIFY2(problem.empty(), problem.c_str());

        QCOMPARE(valueOf(annotations, "isakmp.ispi"), std::string("0x12f2cbed073d6dba"));
        QCOMPARE(valueOf(annotations, "isakmp.rspi"), std::string("0x0000000000000000"));
        QCOMPARE(valueOf(annotations, "isakmp.exchangetype"), std::string("Identity Protection (Main Mode) (2)"));
        QCOMPARE(valueOf(annotations, "isakmp.nextpayload"), std::string("Security Association (1)")); // the header's
        QCOMPARE(valueOf(annotations, "isakmp.version"), std::string("1.0 (0x10)"));
        QCOMPARE(valueOf(annotations, "isakmp.length"), std::string("216 bytes"));
        const Annotation* sa = findAnnotation(annotations, "ipseclab.isakmp.payload.sa");
        QCOMPARE(valueOf(findFieldIn(annotations, sa, "isakmp.payloadlength")), std::string("92 bytes"));
        QCOMPARE(valueOf(findFieldIn(annotations, sa, "isakmp.nextpayload")), std::string("Vendor ID (13)"));
        QCOMPARE(valueOf(annotations, "isakmp.prop.transforms"), std::string("2"));
        const Annotation* t1 = findAnnotation(annotations, "ipseclab.isakmp.transform", 1);
        const Annotation* t2 = findAnnotation(annotations, "ipseclab.isakmp.transform", 2);
        QCOMPARE(valueOf(findFieldIn(annotations, t1, "isakmp.nextpayload")), std::string("Transform (3)"));
        QCOMPARE(valueOf(attributeIn(annotations, t1, "isakmp.ike.attr.encryption_algorithm")),
                 std::string("3DES-CBC (5)"));
        QCOMPARE(valueOf(attributeIn(annotations, t1, "isakmp.ike.attr.life_duration")), std::string("28800 seconds"));
        QCOMPARE(valueOf(attributeIn(annotations, t2, "isakmp.ike.attr.encryption_algorithm")),
                 std::string("AES-CBC (7)"));
        QCOMPARE(valueOf(attributeIn(annotations, t2, "isakmp.ike.attr.key_length")), std::string("128 bits"));
        const Annotation* lifeDuration = attributeIn(annotations, t2, "isakmp.ike.attr.life_duration");
        QCOMPARE(valueOf(lifeDuration), std::string("28800 seconds"));
        QCOMPARE(valueOf(findFieldIn(annotations, lifeDuration, "isakmp.ike.attr.type")),
                 std::string("Life Duration (12), TLV"));
        QCOMPARE(valueOf(findFieldIn(annotations, lifeDuration, "isakmp.ike.attr.length")), std::string("4 bytes"));
        QCOMPARE(lifeDuration->offset, std::size_t{28 + 12 + 8 + 32 + 8 + 4});
        QCOMPARE(lifeDuration->length, std::size_t{8});
        QCOMPARE(valueOf(findFieldIn(annotations, findAnnotation(annotations, "ipseclab.isakmp.payload.vid", 5),
                                     "isakmp.nextpayload")),
                 std::string("None (0)"));
        QCOMPARE(findAnnotation(annotations, "ipseclab.isakmp.payload.vid", 3)->offset, std::size_t{28 + 92 + 12 + 20});

        // Annotator prefix and base reach every path and offset.
        Annotations shifted;
        QVERIFY(decodeMessage(*encoded, Annotator(&shifted, "MM1", 42)));
        QCOMPARE(shifted.size(), annotations.size());
        for (std::size_t i = 0; i < shifted.size(); ++i) {
            QCOMPARE(shifted[i].path, "MM1/" + annotations[i].path);
            QCOMPARE(shifted[i].offset, annotations[i].offset + 42);
        }

        const QString breakage = breakageProblem(*encoded, annotations, messageDecodes, std::size_t{24});
        QVERIFY2(breakage.isEmpty(), qPrintable(breakage));
    }

    // --- Every payload type ---------------------------------------------------------------------------
    void everyPayloadTypeRoundTrips() {
        const std::vector<Payload> payloads = everyPayload();
        const auto encoded = encodePayloadChain(payloads);
        QVERIFY2(encoded, encoded ? "" : encoded.error().toString().c_str());
        Annotations annotations;
        const auto chain = decodePayloadChain(payloads.front().type(), *encoded, Annotator(&annotations), 0);
        QVERIFY2(chain, chain ? "" : chain.error().toString().c_str());
        QCOMPARE(chain->payloads.size(), payloads.size());
        for (std::size_t i = 0; i < payloads.size(); ++i) {
            QCOMPARE(chain->payloads[i].type(), payloads[i].type());
            QVERIFY2(chain->payloads[i] == payloads[i], qPrintable(QString("payload %1").arg(i)));
            QCOMPARE(encodePayload(chain->payloads[i],
                                   i + 1 < payloads.size() ? payloads[i + 1].type() : PayloadType::None)
                         .value(),
                     Bytes(chain->raw(i).begin(), chain->raw(i).end()));
        }
        QCOMPARE(encodePayloadChain(chain->payloads).value(), *encoded);
        const std::string problem = annotationProblem(annotations, encoded->size());
        QVERIFY2(problem.empty(), problem.c_str());

        // A field `key` inside the `n`th payload (or proposal, transform) registered as `container`.
        const auto in = [&](std::string_view container, std::size_t n, std::string_view key, std::size_t index = 1) {
            return findFieldIn(annotations, findAnnotation(annotations, container, n), key, index);
        };
        const auto v = [&](std::string_view container, std::size_t n, std::string_view key, std::size_t index = 1) {
            return valueOf(in(container, n, key, index));
        };
        const auto attribute = [&](std::string_view valueKey) {
            return valueOf(
                attributeIn(annotations, findAnnotation(annotations, "ipseclab.isakmp.transform"), valueKey));
        };
        const std::string_view id = "ipseclab.isakmp.payload.id", notification = "ipseclab.isakmp.payload.notification";
        QCOMPARE(valueOf(annotations, "ipseclab.isakmp.payload.sa"), std::string("IPsec (1) DOI, 3 proposals"));
        QCOMPARE(attribute("isakmp.ipsec.attr.life_duration"), std::string("3600 seconds"));
        QCOMPARE(attribute("isakmp.ipsec.attr.auth_algorithm"), std::string("HMAC-SHA (2)"));
        QCOMPARE(attribute("isakmp.ipsec.attr.key_length"), std::string("256 bits"));
        QCOMPARE(attribute("isakmp.ipsec.attr.value"), std::string("0x0102030405060708090a")); // attribute 99
        QCOMPARE(attributeIn(annotations, findAnnotation(annotations, "ipseclab.isakmp.transform"),
                             "isakmp.ipsec.attr.value")
                     ->path,
                 std::string("SA/Proposal#1/Transform#1/Attribute 99")); // an unknown attribute is named by its number
        QCOMPARE(v("ipseclab.isakmp.proposal", 2, "isakmp.trans.id"), std::string("AH_SHA (3)"));
        QCOMPARE(v("ipseclab.isakmp.proposal", 3, "isakmp.trans.number", 2), std::string("2"));
        QCOMPARE(v(id, 1, "isakmp.id.data.ipv4_addr"), std::string("127.100.0.1"));
        QCOMPARE(v(id, 1, "isakmp.id.protoid"), std::string("UDP (17)"));
        QCOMPARE(v(id, 1, "isakmp.id.port"), std::string("500"));
        QCOMPARE(v(id, 2, "isakmp.id.data.fqdn"), std::string("initiator.lab"));
        QCOMPARE(v(id, 3, "isakmp.id.data.user_fqdn"), std::string("alice@example.org"));
        QCOMPARE(v(id, 4, "isakmp.id.data.ipv4_addr"), std::string("10.1.0.0"));
        QCOMPARE(v(id, 4, "isakmp.id.data.ipv4_subnet"), std::string("255.255.255.0 (/24)"));
        QCOMPARE(valueOf(annotations, id, 4), std::string("ID_IPV4_ADDR_SUBNET (4) 10.1.0.0/255.255.255.0"));
        QCOMPARE(v(id, 5, "isakmp.id.data.ipv4_range_end"), std::string("10.1.0.254"));
        QCOMPARE(v(id, 6, "isakmp.id.data.ipv6_addr"), std::string("2001:db8::1"));
        QCOMPARE(v(notification, 1, "isakmp.notify.msgtype"), std::string("INITIAL-CONTACT (24578)"));
        QCOMPARE(v(notification, 1, "isakmp.spi"), std::string("0x12f2cbed073d6dba0766e24bc7b0e239"));
        QCOMPARE(v(notification, 2, "isakmp.notify.msgtype"), std::string("RESPONDER-LIFETIME (24576)"));
        QCOMPARE(valueOf(parentOf(annotations,
                                  in(notification, 2, "isakmp.notify.data.resp_lifetime.ipsec.attr.life_duration"))),
                 std::string("28800 seconds"));
        QCOMPARE(v(notification, 3, "isakmp.notify.msgtype"), std::string("R-U-THERE (36136)"));
        QCOMPARE(v(notification, 3, "isakmp.notify.data.dpd.are_you_there"), std::string("sequence number 7"));
        QCOMPARE(v(notification, 4, "isakmp.notify.msgtype"), std::string("NO-PROPOSAL-CHOSEN (14)"));
        QCOMPARE(v("ipseclab.isakmp.payload.delete", 1, "isakmp.delete.spi", 2), std::string("0x55667788"));
        QCOMPARE(v("ipseclab.isakmp.payload.delete", 2, "isakmp.delete.protoid"), std::string("PROTO_ISAKMP (1)"));
        QCOMPARE(valueOf(annotations, "isakmp.vid_bytes", 1), std::string("DPD (RFC 3706) v1.0"));
        QCOMPARE(valueOf(annotations, "isakmp.vid_bytes", 2), std::string("unknown vendor ID"));
        // The draft's payload numbers share the RFC's keys; the tree tells them apart by name.
        QVERIFY(findAnnotation(annotations, "ipseclab.isakmp.payload.natd", 2));
        QCOMPARE(findAnnotation(annotations, "ipseclab.isakmp.payload.natd", 1)->path, std::string("NAT-D"));
        QCOMPARE(findAnnotation(annotations, "ipseclab.isakmp.payload.natd", 2)->path, std::string("NAT-D (draft)"));
        QCOMPARE(v("ipseclab.isakmp.payload.natoa", 1, "isakmp.ike.nat_original_address_ipv4"),
                 std::string("10.1.0.10"));
        QCOMPARE(v("ipseclab.isakmp.payload.natoa", 2, "isakmp.ike.nat_original_address_ipv6"), std::string("fe80::1"));
        QCOMPARE(findAnnotation(annotations, "ipseclab.isakmp.payload.natoa", 2)->path, std::string("NAT-OA (draft)"));
        QCOMPARE(valueOf(annotations, "isakmp.cert.encoding"), std::string("X.509 Certificate - Signature (4)"));
        QCOMPARE(v("ipseclab.isakmp.payload.other", 1, "ipseclab.isakmp.payload_data"),
                 std::string("0x01000000"));                                             // Attributes
        QVERIFY(in("ipseclab.isakmp.payload.other", 2, "ipseclab.isakmp.payload_data")); // Payload 200
        QCOMPARE(chain->find<RawPayload>(1)->type, static_cast<PayloadType>(200));

        const QString breakage = breakageProblem(*encoded, annotations, chainDecoder(payloads.front().type()),
                                                 std::nullopt);
        QVERIFY2(breakage.isEmpty(), qPrintable(breakage));
    }

    // --- Random damage: never a crash, and whatever is accepted re-encodes to the same bytes ----------
    void randomDamageIsRejectedOrRoundTrips() {
        const Bytes mm1 = hex(kMainMode1);
        const Bytes chain = encodePayloadChain(everyPayload()).value();
        std::mt19937 random(20240601); // fixed seed: a failure reproduces
        int accepted = 0;
        for (int round = 0; round < 2000; ++round) {
            const bool message = round % 2 == 0;
            Bytes bytes = message ? mm1 : chain;
            const int flips = 1 + static_cast<int>(random() % 3);
            for (int i = 0; i < flips; ++i) bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
            Annotations annotations;
            if (message) {
                const auto decoded = decodeMessage(bytes, Annotator(&annotations));
                if (!decoded) continue;
                QCOMPARE(encodeMessage(*decoded).value(), bytes);
            } else {
                const auto decoded = decodePayloadChain(PayloadType::Sa, bytes, Annotator(&annotations));
                if (!decoded) continue;
                Bytes again = encodePayloadChain(decoded->payloads).value();
                append(again, decoded->padding);
                QCOMPARE(again, bytes);
            }
            const std::string problem = annotationProblem(annotations, bytes.size());
            QVERIFY2(problem.empty(), problem.c_str());
            ++accepted;
        }
        QVERIFY(accepted > 50); // damage to values, not structure, must still decode
    }

    // --- Errors: the field and the absolute offset ------------------------------------------------------
    void decodeErrors() {
        const Bytes mm1 = hex(kMainMode1);
        struct Case {
            const char* name;
            Bytes bytes;
            std::string field;
            std::size_t offset;
            std::string says;
        };
        const auto patched = [&](std::initializer_list<std::pair<std::size_t, std::uint8_t>> changes) {
            Bytes b = mm1;
            for (auto [at, value] : changes) b[at] = value;
            return b;
        };
        // MM1 layout: header 0..27, SA 28 (body 32), Proposal 40, Transform#1 48, Transform#2 80
        // (attributes from 88, the TLV Life Duration at 92), VIDs from 120.
        // Four stray bytes at the end of the SA (offset 120), with the enclosing lengths grown to match.
        const auto strayBytes = [&](std::initializer_list<std::size_t> lengthFields) {
            Bytes b = mm1;
            b.insert(b.begin() + 120, 4, 0);
            writeU32(b, 24, readU32(b, 24) + 4);
            for (std::size_t at : lengthFields) writeU16(b, at, static_cast<std::uint16_t>(readU16(b, at) + 4));
            return b;
        };
        Bytes trailing = mm1;
        trailing.push_back(0);
        Bytes padded = mm1;
        padded.push_back(0);
        writeU32(padded, 24, static_cast<std::uint32_t>(padded.size()));
        std::vector<Case> cases{
            {"short header", Bytes(mm1.begin(), mm1.begin() + 27), "ISAKMP header length (isakmp.length)", 24,
             "cut short"},
            {"IKEv2 version", patched({{17, 0x20}}), "ISAKMP header version (isakmp.version)", 17, "IKEv2"},
            {"major version 3", patched({{17, 0x30}}), "ISAKMP header version (isakmp.version)", 17, "major version 3"},
            {"IKEv2 exchange", patched({{18, 34}}), "ISAKMP header exchange type (isakmp.exchangetype)", 18, "IKEv2"},
            {"IKEv2 exchange 37", patched({{18, 37}}), "ISAKMP header exchange type (isakmp.exchangetype)", 18,
             "IKEv2"},
            {"Length below 28", patched({{26, 0}, {27, 27}}), "ISAKMP header length (isakmp.length)", 24,
             "shorter than the 28-byte"},
            {"Length beyond buffer", patched({{27, 0xd9}}), "ISAKMP header length (isakmp.length)", 24, "truncated"},
            {"bytes after Length", trailing, "ISAKMP header length (isakmp.length)", 24, "follow"},
            {"padding in a clear message", padded, "Padding", 216, "padding"},
            {"Proposal at top level", patched({{16, 2}}), "ISAKMP header next payload (isakmp.nextpayload)", 16,
             "inside an SA"},
            {"Transform at top level", patched({{28, 3}}), "SA/Next Payload", 28, "inside a Proposal"},
            {"IKEv2 payload number", patched({{16, 33}}), "ISAKMP header next payload (isakmp.nextpayload)", 16,
             "IKEv2"},
            {"IKEv2 payload after VID", patched({{120, 46}}), "VID/Next Payload", 120, "IKEv2"},
            {"payload length 3", patched({{30, 0}, {31, 3}}), "SA/Payload Length", 30, "below the 4-byte"},
            {"proposal next payload 5", patched({{40, 5}}), "SA/Proposal#1/Next Payload", 40, "only Proposal"},
            {"transform next payload 2", patched({{48, 2}}), "SA/Proposal#1/Transform#1/Next Payload", 48,
             "only Transform"},
            {"transform count", patched({{47, 3}}), "SA/Proposal#1/Number of Transforms", 47, "says 3"},
            {"SPI size", patched({{46, 200}}), "SA/Proposal#1/SPI Size", 46, "runs past"},
            {"proposal overruns SA", patched({{43, 0x51}}), "SA/Proposal#1/Payload Length", 42,
             "runs past the end of the SA"},
            {"transform overruns proposal", patched({{83, 0x29}}), "SA/Proposal#1/Transform#2/Payload Length", 82,
             "runs past"},
            {"TLV overrun", patched({{95, 0x30}}), "SA/Proposal#1/Transform#2/Life Duration/Attribute Length", 94,
             "TLV length 48"},
            {"short transform", patched({{51, 7}}), "SA/Proposal#1/Transform#1/Reserved2", 54, "cut short"},
            {"bytes after the last proposal", strayBytes({30}), "SA/Proposal#1/Next Payload", 40,
             "4 bytes of the SA payload follow"},
            {"bytes after the last transform", strayBytes({30, 42}), "SA/Proposal#1/Transform#2/Next Payload", 80,
             "4 bytes of the Proposal payload follow"},
        };
        for (const Case& c : cases) {
            const auto result = decodeMessage(c.bytes);
            QVERIFY2(!result, c.name);
            QVERIFY2(result.error().field == c.field,
                     qPrintable(QString("%1: %2").arg(c.name, result.error().toString().c_str())));
            QVERIFY2(result.error().offset == c.offset,
                     qPrintable(QString("%1: %2").arg(c.name, result.error().toString().c_str())));
            QVERIFY2(result.error().message.find(c.says) != std::string::npos,
                     qPrintable(QString("%1: %2").arg(c.name, result.error().toString().c_str())));
        }
        QVERIFY(decodeMessage(padded, Annotator(nullptr), kAlignmentPadding));

        // Body checks, in a chain decoded at base 1000 under a prefix.
        struct ChainCase {
            const char* name;
            Payload payload;
            std::size_t patchAt; // a byte of the encoded payload to change (or past the end: none)
            std::uint8_t patchTo;
            std::string field;
            std::size_t offset; // within the payload
        };
        const std::vector<ChainCase> chainCases{
            {"IPv4 ID too short", Payload{IdPayload{IdType::Ipv4Addr, 0, 0, hex("7f6400")}}, 99, 0,
             "ID/Identification Data", 8},
            {"subnet ID too short", Payload{IdPayload{IdType::Ipv4AddrSubnet, 0, 0, hex("0a010000ffffff")}}, 99, 0,
             "ID/Identification Data", 8},
            {"ID without port", Payload{RawPayload{PayloadType::Id, hex("0100")}}, 99, 0, "ID/Port", 6},
            {"notification SPI overrun", Payload{NotificationPayload{}}, 9, 17, "Notification/SPI Size", 9},
            {"delete count", Payload{DeletePayload{kIpsecDoi, ProtocolId::IpsecEsp, 4, {hex("11223344")}}}, 11, 2,
             "Delete/Number of SPIs", 10},
            // 65,535 SPIs of no bytes each: refused, not 65,535 empty SPIs made from 12 bytes.
            {"delete count without SPI size", Payload{DeletePayload{kIpsecDoi, ProtocolId::IpsecEsp, 0, {}}}, 10, 0xff,
             "Delete/Number of SPIs", 10},
            {"NAT-OA address", Payload{NatOaPayload{IdType::Ipv4Addr, {}, hex("0a01000a0b"), false}}, 99, 0,
             "NAT-OA/Original Address", 8},
            {"SA without situation", Payload{RawPayload{PayloadType::Sa, hex("00000001")}}, 99, 0, "SA/Situation", 8},
        };
        for (const ChainCase& c : chainCases) {
            Bytes bytes = encodePayload(c.payload, PayloadType::None).value();
            if (c.patchAt < bytes.size()) bytes[c.patchAt] = c.patchTo;
            const auto result = decodePayloadChain(c.payload.type(), bytes, Annotator(nullptr, "QM1", 1000));
            QVERIFY2(!result, c.name);
            const std::string expectedField = "QM1/" + c.field;
            QVERIFY2(result.error().field == expectedField && result.error().offset == 1000 + c.offset,
                     qPrintable(QString("%1: %2").arg(c.name, result.error().toString().c_str())));
        }
    }

    // --- Lenient: non-zero reserved fields are accepted, annotated and kept -----------------------------
    void reservedFieldsAreLenient() {
        Bytes mm1 = hex(kMainMode1);
        mm1[29] = 0x01;               // SA generic header RESERVED
        mm1[41] = 0x02;               // Proposal RESERVED
        mm1[54] = 0x80;               // Transform#1 RESERVED2
        mm1[19] = kFlagCommit | 0x40; // an unknown flag bit
        mm1[17] = 0x11;               // minor version 1
        Annotations annotations;
        const auto decoded = decodeMessage(mm1, Annotator(&annotations));
        QVERIFY2(decoded, decoded ? "" : decoded.error().toString().c_str());
        QCOMPARE(encodeMessage(*decoded).value(), mm1);
        const Annotation* sa = findAnnotation(annotations, "ipseclab.isakmp.payload.sa");
        const Annotation* proposal = findAnnotation(annotations, "ipseclab.isakmp.proposal");
        const Annotation* transform = findAnnotation(annotations, "ipseclab.isakmp.transform");
        // The bytes patched above: the SA's and the proposal's generic-header RESERVED, the transform's RESERVED2.
        const auto reserved = [&](const Annotation* container, std::size_t index) {
            return findFieldIn(annotations, container, "isakmp.reserved", index);
        };
        const std::pair<const Annotation*, std::size_t> patched[] = {{reserved(sa, 1), 29},
                                                                     {reserved(proposal, 1), 41},
                                                                     {reserved(transform, 2), 54}};
        for (const auto& [field, offset] : patched) {
            QVERIFY2(field && field->offset == offset, qPrintable(QString("reserved byte %1").arg(offset)));
            QVERIFY2(field->meaning.find("accepted") != std::string::npos, field->path.c_str());
        }
        QVERIFY(findAnnotation(annotations, "isakmp.flags")->meaning.find("reserved") != std::string::npos);
        QVERIFY(findAnnotation(annotations, "isakmp.version")->meaning.find("accepted") != std::string::npos);

        NatOaPayload natOa{IdType::Ipv4Addr, {1, 2, 3}, hex("0a01000a"), false};
        const Bytes bytes = encodePayload(Payload{natOa}, PayloadType::None).value();
        const auto chain = decodePayloadChain(PayloadType::NatOa, bytes);
        QVERIFY(chain && chain->payloads.front() == Payload{natOa});
    }

    // --- Encoders refuse what does not fit -----------------------------------------------------------
    void encodeErrors() {
        std::vector<Payload> mm1 = mainMode1Payloads();
        std::get<SaPayload>(mm1[0].body).proposals[0].transforms[0].attributes[0].value = hex("000001");
        const auto tvTooLong = encodePayloadChain(mm1);
        QVERIFY(!tvTooLong);
        QCOMPARE(tvTooLong.error().field, std::string("SA/Proposal#1/Transform#1"));

        mm1 = mainMode1Payloads();
        std::get<SaPayload>(mm1[0].body).proposals[0].transforms[1].attributes[1].value = Bytes(70000, 1);
        QVERIFY(!encodePayloadChain(mm1));

        mm1 = mainMode1Payloads();
        std::get<SaPayload>(mm1[0].body).proposals[0].spi = Bytes(256, 1);
        QCOMPARE(encodePayloadChain(mm1).error().field, std::string("SA/Proposal#1/SPI Size"));

        QVERIFY(!encodePayload(Payload{KePayload{Bytes(65532, 1)}}, PayloadType::None));
        QVERIFY(encodePayload(Payload{KePayload{Bytes(65531, 1)}}, PayloadType::None));
        QVERIFY(!encodePayload(Payload{DeletePayload{kIpsecDoi, ProtocolId::IpsecEsp, 4, {hex("112233")}}},
                               PayloadType::None));
        QVERIFY(!encodePayload(
            Payload{NotificationPayload{kIpsecDoi, ProtocolId::Isakmp, NotifyType::InitialContact, Bytes(256, 0), {}}},
            PayloadType::None));
        DataAttribute wideType = DataAttribute::tv(0x8001, 1);
        Bytes out;
        QVERIFY(!appendAttributes(out, {wideType}));

        IsakmpHeader encrypted = mainMode1Header();
        encrypted.flags = kFlagEncryption;
        QCOMPARE(encodeMessage(encrypted, mainMode1Payloads()).error().field,
                 std::string("ISAKMP header flags (isakmp.flags)"));
    }

    // --- Header fields and names ----------------------------------------------------------------------
    void headerRoundTrip() {
        IsakmpHeader header;
        header.initiatorCookie = cookie("b7a606a3ca401a5d");
        header.responderCookie = cookie("f796e39d98e54dd2");
        header.nextPayload = PayloadType::Hash;
        header.exchangeType = ExchangeType::QuickMode;
        header.flags = kFlagEncryption | kFlagCommit;
        header.messageId = 0x862a7700;
        header.length = 28;
        const Bytes bytes = encodeIsakmpHeader(header);
        QCOMPARE(toHex(bytes), std::string("b7a606a3ca401a5df796e39d98e54dd2081020038"
                                           "62a77000000001c"));
        Annotations annotations;
        const auto decoded = decodeIsakmpHeader(bytes, Annotator(&annotations));
        QVERIFY(decoded && *decoded == header);
        QVERIFY(decoded->encrypted() && decoded->commit() && !decoded->authenticationOnly());
        QCOMPARE(toHex(decoded->messageIdBytes()), std::string("862a7700"));
        QCOMPARE(valueOf(annotations, "isakmp.flags"), std::string("0x03 (Encryption, Commit)"));
        QCOMPARE(valueOf(annotations, "isakmp.messageid"), std::string("0x862a7700"));
        QCOMPARE(valueOf(annotations, "isakmp.exchangetype"), std::string("Quick Mode (32)"));
        // decodeIsakmpHeader alone accepts a longer buffer (the payloads follow).
        Bytes longer = bytes;
        longer.resize(40);
        QVERIFY(decodeIsakmpHeader(longer));
        QVERIFY(!decodeMessage(longer));
    }

    void names() {
        QCOMPARE(notifyTypeName(NotifyType::AttributesNotSupported).value(),
                 std::string_view("ATTRIBUTES-NOT-SUPPORTED"));
        QCOMPARE(notifyTypeName(static_cast<NotifyType>(29)).value(), std::string_view("UNSUPPORTED-EXCHANGE-TYPE"));
        QCOMPARE(notifyTypeName(NotifyType::RUThereAck).value(), std::string_view("R-U-THERE-ACK"));
        QVERIFY(!notifyTypeName(static_cast<NotifyType>(12345)));
        QCOMPARE(transformIdName(ProtocolId::IpsecEsp, 20).value(), std::string_view("ESP_AES-GCM_16"));
        QCOMPARE(transformIdName(ProtocolId::Isakmp, 1).value(), std::string_view("KEY_IKE"));
        QCOMPARE(attributeValueName(AttributeSpace::Ipsec, 4, 61443).value(),
                 std::string_view("UDP-Encapsulated-Tunnel (draft)"));
        QCOMPARE(attributeValueName(AttributeSpace::Phase1, 3, 65001).value(), std::string_view("XAUTHInitPreShared"));
        QCOMPARE(attributeSpaceFor(ProtocolId::IpsecAh), AttributeSpace::Ipsec);
        QCOMPARE(attributeValueText(AttributeSpace::Phase1, DataAttribute::tv(1, 99)), std::string("unknown (99)"));
        QCOMPARE(attributeValueText(AttributeSpace::Ipsec, DataAttribute::tv(2, 5), 2), std::string("5 kilobytes"));
        QCOMPARE(payloadShortName(PayloadType::NatDDraft), std::string("NAT-D (draft)"));
        QCOMPARE(DataAttribute::tlv(12, hex("0102030405060708090a")).number().has_value(), false);
        QCOMPARE(DataAttribute::tlvNumber(12, 0x0102030405060708ull, 8).number().value(), 0x0102030405060708ull);
    }

    void vendorIds_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::newRow("RFC 3947") << "4a131c81070358455c5728f20e95452f"
                                  << "NAT-T (RFC 3947)";
        QTest::newRow("draft-02") << "90cb80913ebb696e086381b5ec427b1f"
                                  << "NAT-T draft-ietf-ipsec-nat-t-ike-02\\n";
        QTest::newRow("draft-03") << "7d9419a65310ca6f2c179d9215529d56"
                                  << "NAT-T draft-ietf-ipsec-nat-t-ike-03";
        QTest::newRow("DPD 1.0") << "afcad71368a1f1c96b8696fc77570100"
                                 << "DPD (RFC 3706) v1.0";
        QTest::newRow("DPD 1.1") << "afcad71368a1f1c96b8696fc77570101"
                                 << "DPD (RFC 3706) v1.1";
        QTest::newRow("DPD cut") << "afcad71368a1f1c96b8696fc7757"
                                 << "";
        QTest::newRow("XAuth") << "09002689dfd6b712"
                               << "XAuth";
        QTest::newRow("FRAGMENTATION") << "4048b7d56ebce88525e7de7f00d6c2d3"
                                       << "FRAGMENTATION";
        QTest::newRow("FRAGMENTATION caps") << "4048b7d56ebce88525e7de7f00d6c2d380000000"
                                            << "FRAGMENTATION (capabilities 0x80000000)";
        QTest::newRow("strongSwan") << "882fe56d6fd20dbc2251613b2ebe5beb"
                                    << "strongSwan";
        QTest::newRow("XAuth plus a byte") << "09002689dfd6b71200"
                                           << "";
        QTest::newRow("unknown") << "00112233445566778899aabbccddeeff"
                                 << "";
        QTest::newRow("empty") << ""
                               << "";
    }
    void vendorIds() {
        QFETCH(QString, id);
        QFETCH(QString, name);
        const auto info = recognizeVendorId(hex(id));
        QCOMPARE(QString::fromStdString(info ? info->name : ""), name);
        if (info) QVERIFY(!info->meaning.empty());
    }
};

QTEST_APPLESS_MAIN(TestWireIsakmp)
#include "tst_wire_isakmp.moc"
