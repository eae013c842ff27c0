// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The seven strongSwan known-answer sets, checked with our own decoders and crypto layer:
// every IKE message of each capture decodes (clear ones fully, encrypted ones after decryption
// with the set's Ka and the IV chain) to the fields vector.json lists, and SKEYID, SKEYID_d/a/e,
// Ka, the IVs, HASH_I/R, HASH(1..3), NAT-D and the ESP keys are recomputed from the set's inputs.
// The RFC 2409 formulas are core/ike's Keymat (ike::keymat), so they exist once in the project;
// verify.py in the vector folder remains the independent recomputation.

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <map>

#include "TestData.h"
#include "capture/Ipv4Frame.h"
#include "capture/PcapngReader.h"
#include "crypto/Cipher.h"
#include "crypto/Hash.h"
#include "ike/Algorithms.h"
#include "ike/Keymat.h"
#include "wire/IsakmpCodec.h"
#include "wire/NatTMarker.h"

using namespace ipseclab;
using namespace ipseclab::wire;
using test::hexAt;
using test::valueAt;

namespace {

// wire has its own HashAlgorithm (the attribute's numbers); these tests compute with crypto's.
using crypto::CipherAlgorithm;
using crypto::HashAlgorithm;

using test::hexOf;
#define COMPARE_BYTES(actual, expected) QCOMPARE(hexOf(actual), hexOf(expected))

Bytes lastBlock(ByteView ciphertext, std::size_t blockSize) {
    return Bytes(ciphertext.end() - static_cast<std::ptrdiff_t>(blockSize), ciphertext.end());
}

Bytes bytes(const crypto::SecretBytes& secret) { return Bytes(secret.view().begin(), secret.view().end()); }

// An input of a keymat function, named as the RFC names it.
ike::Part part(const char* name, ByteView value) { return ike::Part{name, value, {}}; }

// Everything one set needs: its JSON, its capture, and the suite read from the responder's choice.
struct VectorSet {
    QJsonObject json;
    capture::PcapngCapture capture;
    HashAlgorithm hash = HashAlgorithm::Sha1;
    CipherAlgorithm cipher = CipherAlgorithm::Aes128Cbc;
    std::size_t blockSize() const { return crypto::blockSize(cipher); }
};

VectorSet loadSet(const QString& name) {
    VectorSet set;
    set.json = test::loadVector(name);
    const auto capture = capture::PcapngReader::readFile(
        (test::vectorsDir() + "/" + name + "/capture.pcapng").toStdString());
    if (capture) set.capture = *capture;
    const QJsonObject attributes =
        valueAt(set.json, "proposal.ike_sa_responder.proposals.0.transforms.0.attributes").toObject();
    set.hash = crypto::hashFromIkeId(static_cast<std::uint16_t>(attributes["hash_algorithm"].toInt())).value();
    const int encryption = attributes["encryption_algorithm"].toInt();
    const int keyBits = attributes["key_length"].toInt();
    set.cipher = encryption == 5  ? CipherAlgorithm::TripleDesCbc
                 : keyBits == 256 ? CipherAlgorithm::Aes256Cbc
                 : keyBits == 192 ? CipherAlgorithm::Aes192Cbc
                                  : CipherAlgorithm::Aes128Cbc;
    return set;
}

// The ISAKMP bytes of a capture frame (1-based), the non-ESP marker stripped on port 4500.
Bytes isakmpOfFrame(const VectorSet& set, int frameNumber, bool* hadMarker = nullptr) {
    const capture::PcapngPacket& packet = set.capture.packets.at(static_cast<std::size_t>(frameNumber - 1));
    const auto frame = capture::extractIpv4Frame(packet.data, set.capture.interfaceOf(packet)->linkType);
    if (!frame || !frame->udp) return {};
    ByteView payload = frame->udp->payload;
    const bool natT = frame->udp->header.destinationPort == kNatTPort;
    if (hadMarker) *hadMarker = natT;
    if (natT) {
        const auto demuxed = demultiplexNatT(payload);
        if (!demuxed || demuxed->kind != NatTKind::Ike) return {};
        payload = demuxed->body;
    }
    return Bytes(payload.begin(), payload.end());
}

std::map<QString, int> messageFrames(const QJsonObject& json) {
    std::map<QString, int> frames;
    const QJsonObject all = json["frames"].toObject();
    for (auto it = all.begin(); it != all.end(); ++it)
        if (it.value().isDouble()) frames[it.key()] = it.value().toInt();
    return frames;
}

// The phase-1 attribute numbers vector.json names (RFC 2409 App. A).
const std::map<QString, std::uint16_t> kPhase1AttributeTypes = {
    {"encryption_algorithm", 1}, {"hash_algorithm", 2}, {"authentication_method", 3},
    {"group_description", 4},    {"life_type", 11},     {"life_duration", 12},
    {"key_length", 14}};
// The IPsec DOI attribute numbers (RFC 2407 §4.5).
const std::map<QString, std::uint16_t> kIpsecAttributeTypes = {{"sa_life_type", 1},
                                                               {"sa_life_duration", 2},
                                                               {"group_description", 3},
                                                               {"encapsulation_mode", 4},
                                                               {"authentication_algorithm", 5},
                                                               {"key_length", 6},
                                                               {"extended_sequence_number", 11}};

// A decoded SA against vector.json's decoded form.
void compareSa(const SaPayload& sa, const QJsonObject& expected, const std::map<QString, std::uint16_t>& types) {
    QCOMPARE(sa.doi, static_cast<std::uint32_t>(expected["doi"].toInt()));
    QCOMPARE(sa.situation, static_cast<std::uint32_t>(expected["situation"].toInt()));
    const QJsonArray proposals = expected["proposals"].toArray();
    QCOMPARE(sa.proposals.size(), static_cast<std::size_t>(proposals.size()));
    for (std::size_t p = 0; p < sa.proposals.size(); ++p) {
        const Proposal& proposal = sa.proposals[p];
        const QJsonObject jp = proposals[static_cast<int>(p)].toObject();
        QCOMPARE(int(proposal.number), jp["proposal_no"].toInt());
        QCOMPARE(int(proposal.protocolId), jp["protocol_id"].toInt());
        QCOMPARE(hexOf(proposal.spi), jp["spi"].toString().toLatin1());
        const QJsonArray transforms = jp["transforms"].toArray();
        QCOMPARE(proposal.transforms.size(), static_cast<std::size_t>(transforms.size()));
        for (std::size_t t = 0; t < proposal.transforms.size(); ++t) {
            const Transform& transform = proposal.transforms[t];
            const QJsonObject jt = transforms[static_cast<int>(t)].toObject();
            QCOMPARE(int(transform.number), jt["transform_no"].toInt());
            QCOMPARE(int(transform.transformId), jt["transform_id"].toInt());
            const QJsonObject attributes = jt["attributes"].toObject();
            QCOMPARE(transform.attributes.size(), static_cast<std::size_t>(attributes.size()));
            for (auto it = attributes.begin(); it != attributes.end(); ++it) {
                QVERIFY2(types.count(it.key()), qPrintable("unmapped attribute " + it.key()));
                const auto value = transform.attribute(types.at(it.key()));
                QVERIFY2(value.has_value(), qPrintable("missing attribute " + it.key()));
                QCOMPARE(qint64(*value), it.value().toInteger());
            }
        }
    }
}

void compareId(const IdPayload& id, const QJsonObject& expected) {
    QCOMPARE(int(id.idType), expected["id_type"].toInt());
    QCOMPARE(int(id.protocolId), expected["protocol"].toInt());
    QCOMPARE(int(id.port), expected["port"].toInt());
    QCOMPARE(hexOf(id.data), expected["data"].toString().toLatin1());
}

// A decrypted chain's payloads against vector.json's list (type, total length, body).
void comparePayloads(const PayloadChain& chain, const QJsonArray& expected) {
    QCOMPARE(chain.payloads.size(), static_cast<std::size_t>(expected.size()));
    for (std::size_t i = 0; i < chain.payloads.size(); ++i) {
        const QJsonObject jp = expected[static_cast<int>(i)].toObject();
        QCOMPARE(int(chain.payloads[i].type()), jp["type"].toInt());
        QCOMPARE(int(chain.payloads[i].length), jp["length"].toInt());
        QCOMPARE(hexOf(chain.rawBody(i)), jp["body"].toString().toLatin1());
    }
}

struct Phase1Keys {
    Bytes skeyid, skeyidD, skeyidA, skeyidE, ka, iv;
};

// SKEYID, SKEYID_d/a/e, Ka and the phase-1 IV through ike::keymat.
Phase1Keys derivePhase1(const VectorSet& set) {
    using namespace ike::keymat;
    const QJsonObject& v = set.json;
    const Bytes psk = hexAt(v, "psk.hex"), ni = hexAt(v, "ni_b"), nr = hexAt(v, "nr_b"), gxy = hexAt(v, "g_xy");
    const Bytes ckyI = hexAt(v, "cky_i"), ckyR = hexAt(v, "cky_r"), gxi = hexAt(v, "g_xi"), gxr = hexAt(v, "g_xr");
    const ike::Derivation s = skeyid(set.hash, part("PSK", psk), part("Ni_b", ni), part("Nr_b", nr));
    const ike::Derivation d = skeyidD(set.hash, ike::partOf(s), part("g^xy", gxy), part("CKY-I", ckyI),
                                      part("CKY-R", ckyR));
    const ike::Derivation a = skeyidA(set.hash, ike::partOf(s), ike::partOf(d), part("g^xy", gxy), part("CKY-I", ckyI),
                                      part("CKY-R", ckyR));
    const ike::Derivation e = skeyidE(set.hash, ike::partOf(s), ike::partOf(a), part("g^xy", gxy), part("CKY-I", ckyI),
                                      part("CKY-R", ckyR));
    Phase1Keys k;
    k.skeyid = bytes(s.value);
    k.skeyidD = bytes(d.value);
    k.skeyidA = bytes(a.value);
    k.skeyidE = bytes(e.value);
    k.ka = bytes(encryptionKey(set.hash, ike::partOf(e), crypto::keyLength(set.cipher)).back().value);
    k.iv = bytes(phase1Iv(set.hash, part("g^xi", gxi), part("g^xr", gxr), set.blockSize()).value);
    return k;
}

} // namespace

class TestIkeVectors : public QObject {
    Q_OBJECT

private:
    void addSets() {
        QTest::addColumn<QString>("set");
        for (const QString& name : test::vectorSetNames()) QTest::newRow(qPrintable(name)) << name;
    }

private slots:
    void allSetsPresent() { QCOMPARE(test::vectorSetNames().size(), 7); }

    void clearMessages_data() { addSets(); }
    // Every IKE frame: header fields as listed; clear messages decode fully, re-encode exactly,
    // and carry the SA, KE, nonce, ID, HASH and NAT-D values of the set.
    void clearMessages() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        QVERIFY(!s.capture.packets.empty());
        const QJsonObject& v = s.json;
        const QJsonObject frameInfo = v["frame_info"].toObject();
        int clear = 0;
        for (const auto& [label, frame] : messageFrames(v)) {
            bool marker = false;
            const Bytes bytes = isakmpOfFrame(s, frame, &marker);
            QVERIFY2(!bytes.empty(), qPrintable(label + ": no ISAKMP in frame"));
            const QJsonObject info = frameInfo[QString::number(frame)].toObject();
            QCOMPARE(marker, info["non_esp_marker"].toBool());
            const auto message = decodeMessage(bytes);
            QVERIFY2(message.has_value(), qPrintable(label + ": " + test::errorText(message)));
            const IsakmpHeader& h = message->header;
            QCOMPARE(int(h.length), info["isakmp_length"].toInt());
            QCOMPARE(int(h.exchangeType), info["exchange_type"].toInt());
            QCOMPARE(int(h.flags), info["flags"].toInt());
            QCOMPARE(hexOf(h.messageIdBytes()), info["message_id"].toString().toLatin1());
            QCOMPARE(int(h.nextPayload), info["first_payload"].toInt());
            COMPARE_BYTES(Bytes(h.initiatorCookie.begin(), h.initiatorCookie.end()), hexAt(v, "cky_i"));
            const auto again = encodeMessage(*message);
            QVERIFY(again.has_value());
            COMPARE_BYTES(*again, bytes);
            if (h.encrypted()) continue;
            ++clear;

            const PayloadChain& chain = message->chain;
            const bool fromInitiator = label == "MM1" || label == "MM3" || label == "AM1";
            if (const auto sa = chain.indexOf(PayloadType::Sa)) {
                compareSa(
                    *chain.payloads[*sa].as<SaPayload>(),
                    valueAt(v, fromInitiator ? "proposal.ike_sa_initiator" : "proposal.ike_sa_responder").toObject(),
                    kPhase1AttributeTypes);
                if (fromInitiator) COMPARE_BYTES(chain.rawBody(*sa), hexAt(v, "sai_b"));
            }
            if (const auto* ke = chain.find<KePayload>())
                COMPARE_BYTES(ke->keyExchangeData, hexAt(v, fromInitiator ? "g_xi" : "g_xr"));
            if (const auto* nonce = chain.find<NoncePayload>())
                COMPARE_BYTES(nonce->nonce, hexAt(v, fromInitiator ? "ni_b" : "nr_b"));
            if (const auto id = chain.indexOf(PayloadType::Id))
                COMPARE_BYTES(chain.rawBody(*id), hexAt(v, fromInitiator ? "idii_b" : "idir_b"));
            if (const auto* hashPayload = chain.find<HashPayload>())
                COMPARE_BYTES(hashPayload->hash, hexAt(v, "hash_r"));
            for (const QJsonValue& natD : v["nat_d"].toObject()[fromInitiator ? "initiator" : "responder"].toArray()) {
                if (natD["frame"].toInt() != frame) continue;
                bool found = false;
                for (std::size_t n = 0; const auto* payload = chain.find<NatDPayload>(n); ++n)
                    found = found || hexOf(payload->hash) == natD["body"].toString().toLatin1();
                QVERIFY2(found, qPrintable(label + ": NAT-D " + natD["body"].toString() + " not found"));
            }
        }
        QCOMPARE(clear, v["mode"].toString() == "main" ? 4 : 2);
    }

    void phase1Keys_data() { addSets(); }
    // SKEYID and its children, Ka (expanded where SKEYID_e is short), the phase-1 IV, HASH_I/R.
    void phase1Keys() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const QJsonObject& v = s.json;
        const Phase1Keys k = derivePhase1(s);
        COMPARE_BYTES(k.skeyid, hexAt(v, "skeyid"));
        COMPARE_BYTES(k.skeyidD, hexAt(v, "skeyid_d"));
        COMPARE_BYTES(k.skeyidA, hexAt(v, "skeyid_a"));
        COMPARE_BYTES(k.skeyidE, hexAt(v, "skeyid_e"));
        COMPARE_BYTES(k.ka, hexAt(v, "ka"));
        COMPARE_BYTES(k.iv, hexAt(v, "phase1_iv"));

        const Bytes gxi = hexAt(v, "g_xi"), gxr = hexAt(v, "g_xr"), ckyI = hexAt(v, "cky_i"), ckyR = hexAt(v, "cky_r");
        const Bytes saiB = hexAt(v, "sai_b"), idiiB = hexAt(v, "idii_b"), idirB = hexAt(v, "idir_b");
        const ike::Derivation hashI = ike::keymat::hashI(s.hash, part("SKEYID", k.skeyid), part("g^xi", gxi),
                                                         part("g^xr", gxr), part("CKY-I", ckyI), part("CKY-R", ckyR),
                                                         part("SAi_b", saiB), part("IDii_b", idiiB));
        const ike::Derivation hashR = ike::keymat::hashR(s.hash, part("SKEYID", k.skeyid), part("g^xr", gxr),
                                                         part("g^xi", gxi), part("CKY-R", ckyR), part("CKY-I", ckyI),
                                                         part("SAi_b", saiB), part("IDir_b", idirB));
        COMPARE_BYTES(hashI.data.view(), hexAt(v, "hash_i_data"));
        COMPARE_BYTES(hashR.data.view(), hexAt(v, "hash_r_data"));
        COMPARE_BYTES(hashI.value.view(), hexAt(v, "hash_i"));
        COMPARE_BYTES(hashR.value.view(), hexAt(v, "hash_r"));
    }

    void natD_data() { addSets(); }
    // NAT-D = hash(CKY-I | CKY-R | IP | port). charon fakes its own-address hash (to force
    // NAT-T), so only the first NAT-D of each side, the peer's address, must match.
    void natD() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const QJsonObject& v = s.json;
        for (const char* side : {"initiator", "responder"}) {
            const QJsonObject first = v["nat_d"].toObject()[side].toArray().first().toObject();
            const QString claim = first["hashes"].toString(); // "destination 127.100.0.2:500"
            const QString endpoint = claim.section(' ', 1);
            const auto address = Ipv4Address::parse(endpoint.section(':', 0, 0).toStdString());
            QVERIFY(address.has_value());
            Bytes port;
            appendU16(port, static_cast<std::uint16_t>(endpoint.section(':', 1).toUInt()));
            const Bytes ckyI = hexAt(v, "cky_i"), ckyR = hexAt(v, "cky_r");
            const ike::Derivation natD = ike::keymat::natD(s.hash, part("CKY-I", ckyI), part("CKY-R", ckyR),
                                                           part("IP", address->bytes()), part("Port", port), "NAT-D");
            COMPARE_BYTES(natD.value.view(), hexAt(first, "body"));
        }
    }

    void phase1Decryption_data() { addSets(); }
    // MM5/MM6 (AM3) from the capture: decrypted with Ka along the IV chain, each gives the
    // logged plaintext, whose payload chain (padding ignored) carries the IDs and HASH_I/R.
    void phase1Decryption() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const QJsonObject& v = s.json;
        const Phase1Keys k = derivePhase1(s);
        Bytes iv = k.iv;
        const QJsonObject encrypted = v["phase1_encrypted"].toObject();
        QVERIFY(!encrypted.isEmpty());
        for (const QString& label : encrypted.keys()) { // MM5 < MM6, or AM3 alone
            const QJsonObject m = encrypted[label].toObject();
            const Bytes bytes = isakmpOfFrame(s, m["frame"].toInt());
            const auto message = decodeMessage(bytes);
            QVERIFY(message.has_value() && message->header.encrypted());
            COMPARE_BYTES(ByteView(bytes).first(kIsakmpHeaderSize), hexAt(m, "header"));
            COMPARE_BYTES(message->encrypted, hexAt(m, "ciphertext"));
            COMPARE_BYTES(iv, hexAt(m, "iv"));
            const auto plain = crypto::cbcDecrypt(s.cipher, k.ka, iv, message->encrypted);
            QVERIFY(plain.has_value());
            COMPARE_BYTES(*plain, hexAt(m, "plaintext"));
            Annotations annotations;
            const auto chain = decodePayloadChain(message->header.nextPayload, *plain, Annotator(&annotations));
            QVERIFY2(chain.has_value(), qPrintable(test::errorText(chain)));
            QCOMPARE(int(chain->consumed()), m["payloads_len"].toInt());
            COMPARE_BYTES(chain->padding, hexAt(m, "padding"));
            comparePayloads(*chain, m["payloads"].toArray());
            const bool fromInitiator = m["sender"].toString() == "initiator";
            COMPARE_BYTES(chain->find<HashPayload>()->hash, hexAt(v, fromInitiator ? "hash_i" : "hash_r"));
            if (const auto id = chain->indexOf(PayloadType::Id))
                COMPARE_BYTES(chain->rawBody(*id), hexAt(v, fromInitiator ? "idii_b" : "idir_b"));
            QVERIFY(!annotations.empty());
            iv = lastBlock(message->encrypted, s.blockSize());
            COMPARE_BYTES(iv, hexAt(m, "next_iv"));
        }
        COMPARE_BYTES(iv, hexAt(v, "quick_mode.iv_base_last_phase1_block"));
    }

    void quickMode_data() { addSets(); }
    // QM1..QM3: IV = hash(last phase-1 block | M-ID), then chained; HASH(1), HASH(2), HASH(3)
    // recomputed over the decrypted payloads; SA SPIs, nonces, KE and IDs as logged.
    void quickMode() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const QJsonObject& v = s.json;
        const QJsonObject qm = v["quick_mode"].toObject();
        const Phase1Keys k = derivePhase1(s);
        const Bytes mid = hexAt(qm, "message_id");
        const Bytes base = hexAt(qm, "iv_base_last_phase1_block");
        Bytes iv = bytes(
            ike::keymat::phase2Iv(s.hash, part("last phase-1 block", base), part("M-ID", mid), s.blockSize(), "IV.QM1")
                .value);
        const Bytes niB = hexAt(qm, "ni_b"), nrB = hexAt(qm, "nr_b");
        const bool pfs = qm["pfs"].toBool();

        for (const QString label : {"QM1", "QM2", "QM3"}) {
            const QJsonObject m = qm["messages"].toObject()[label].toObject();
            COMPARE_BYTES(iv, hexAt(qm, "iv_" + label.toLower()));
            const auto message = decodeMessage(isakmpOfFrame(s, m["frame"].toInt()));
            QVERIFY(message.has_value());
            COMPARE_BYTES(message->header.messageIdBytes(), mid);
            const auto plain = crypto::cbcDecrypt(s.cipher, k.ka, iv, message->encrypted);
            QVERIFY(plain.has_value());
            COMPARE_BYTES(*plain, hexAt(m, "plaintext"));
            const auto chain = decodePayloadChain(message->header.nextPayload, *plain);
            QVERIFY2(chain.has_value(), qPrintable(test::errorText(chain)));
            QCOMPARE(int(chain->consumed()), m["payloads_len"].toInt());
            comparePayloads(*chain, m["payloads"].toArray());
            QCOMPARE(chain->payloads.front().type(), PayloadType::Hash);
            const Bytes sentHash = chain->find<HashPayload>()->hash;

            Bytes expectedHash;
            if (label == "QM1") {
                expectedHash = bytes(ike::keymat::quickModeHash1(s.hash, part("SKEYID_a", k.skeyidA), part("M-ID", mid),
                                                                 part("payloads", chain->rawFrom(1)))
                                         .value);
                compareSa(*chain->find<SaPayload>(), qm["sa_initiator"].toObject(), kIpsecAttributeTypes);
                COMPARE_BYTES(chain->find<SaPayload>()->proposals[0].spi, hexAt(qm, "spi_i"));
                COMPARE_BYTES(chain->find<NoncePayload>()->nonce, niB);
                compareId(*chain->find<IdPayload>(0), qm["id_ci"].toObject());
                compareId(*chain->find<IdPayload>(1), qm["id_cr"].toObject());
                if (pfs) COMPARE_BYTES(chain->find<KePayload>()->keyExchangeData, hexAt(qm, "g_qm_xi"));
                QCOMPARE(chain->find<KePayload>() != nullptr, pfs);
                COMPARE_BYTES(expectedHash, hexAt(qm, "hash1"));
            } else if (label == "QM2") {
                expectedHash = bytes(ike::keymat::quickModeHash2(s.hash, part("SKEYID_a", k.skeyidA), part("M-ID", mid),
                                                                 part("Ni_b", niB), part("payloads", chain->rawFrom(1)))
                                         .value);
                compareSa(*chain->find<SaPayload>(), qm["sa_responder"].toObject(), kIpsecAttributeTypes);
                COMPARE_BYTES(chain->find<SaPayload>()->proposals[0].spi, hexAt(qm, "spi_r"));
                COMPARE_BYTES(chain->find<NoncePayload>()->nonce, nrB);
                const QJsonArray echo = qm["ids_responder_echo"].toArray();
                compareId(*chain->find<IdPayload>(0), echo[0].toObject());
                compareId(*chain->find<IdPayload>(1), echo[1].toObject());
                if (pfs) COMPARE_BYTES(chain->find<KePayload>()->keyExchangeData, hexAt(qm, "g_qm_xr"));
                COMPARE_BYTES(expectedHash, hexAt(qm, "hash2"));
            } else {
                expectedHash = bytes(ike::keymat::quickModeHash3(s.hash, part("SKEYID_a", k.skeyidA), part("M-ID", mid),
                                                                 part("Ni_b", niB), part("Nr_b", nrB))
                                         .value);
                QCOMPARE(chain->payloads.size(), std::size_t{1});
                COMPARE_BYTES(expectedHash, hexAt(qm, "hash3"));
            }
            COMPARE_BYTES(sentHash, expectedHash);
            iv = lastBlock(message->encrypted, s.blockSize());
        }
    }

    void espKeys_data() { addSets(); }
    // KEYMAT per direction: seed = [g(qm)^xy |] 3 | SPI | Ni_b | Nr_b, the SPI being the one the
    // receiver of that SA chose; encryption key first (GCM: + 4 salt bytes), then integrity key.
    void espKeys() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const QJsonObject& v = s.json;
        const QJsonObject qm = v["quick_mode"].toObject();
        const Phase1Keys k = derivePhase1(s);
        const QJsonObject transform = valueAt(qm, "sa_responder.proposals.0.transforms.0").toObject();
        const int transformId = transform["transform_id"].toInt();
        const QJsonObject attributes = transform["attributes"].toObject();
        const auto optionalAttribute = [&](const char* name) {
            return attributes.contains(name) ? std::optional<std::uint64_t>(attributes[name].toInt()) : std::nullopt;
        };
        // The key lengths per suite are core/ike's table (GCM: + 4 salt bytes).
        const auto suite = ike::childSuiteFromIke(ike::ChildProtocol::Esp, static_cast<std::uint8_t>(transformId),
                                                  optionalAttribute("key_length"),
                                                  optionalAttribute("authentication_algorithm"));
        QVERIFY2(suite.has_value(), qPrintable(test::errorText(suite)));
        const std::size_t encryptionLength = crypto::encryptionKeyLength(suite->cipher);
        const std::size_t integrityLength = crypto::integrityKeyLength(suite->integrity);

        const Bytes pfsSecret = qm["pfs"].toBool() ? hexAt(qm, "g_qm_xy") : Bytes{};
        const Bytes protocol{3}, niB = hexAt(qm, "ni_b"), nrB = hexAt(qm, "nr_b");
        const auto keymatFor = [&](const Bytes& spi) {
            const ike::Part pfs = part("g(qm)^xy", pfsSecret);
            return ike::keymat::keymat(s.hash, part("SKEYID_d", k.skeyidD), pfsSecret.empty() ? nullptr : &pfs,
                                       part("protocol", protocol), part("SPI", spi), part("Ni_b", niB),
                                       part("Nr_b", nrB), encryptionLength + integrityLength, "KEYMAT");
        };
        const Bytes spiR = hexAt(qm, "spi_r"), spiI = hexAt(qm, "spi_i");
        const std::vector<ike::Derivation> initiatorKeymat = keymatFor(spiR);
        const std::vector<ike::Derivation> responderKeymat = keymatFor(spiI);
        // K1's prf input is the seed itself.
        COMPARE_BYTES(initiatorKeymat.front().data.view(), hexAt(qm, "initiator_sa_seed"));
        COMPARE_BYTES(responderKeymat.front().data.view(), hexAt(qm, "responder_sa_seed"));

        for (const auto& [direction, keymat] :
             {std::pair<QString, const std::vector<ike::Derivation>*>{"initiator_to_responder", &initiatorKeymat},
              {"responder_to_initiator", &responderKeymat}}) {
            const QJsonObject sa = qm["sas"].toObject()[direction].toObject();
            const ByteView all = keymat->back().value.view();
            QCOMPARE(all.size(), encryptionLength + integrityLength);
            COMPARE_BYTES(all.first(encryptionLength), hexAt(sa, "encryption_key"));
            COMPARE_BYTES(all.subspan(encryptionLength), hexAt(sa, "integrity_key"));
        }
    }
};

QTEST_APPLESS_MAIN(TestIkeVectors)
#include "tst_ike_vectors.moc"
