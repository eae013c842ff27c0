// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// core/ike against strongSwan's own numbers (the seven sets in tests/data/vectors):
// - the keymat functions reproduce every logged value from the set's inputs, and describe the
//   exact bytes they fed to the prf (charon's "HASH_I data", the KEYMAT seeds);
// - the IV chain class walks charon's IVs, phase 1 and Quick Mode;
// - the engine's receive path (openMessage + the HASH checks) accepts every captured encrypted
//   message in order;
// - an engine primed with the set's keys (charon's DH private values are not in the sets, so an
//   exchange cannot be replayed whole) answers the captured MM5/AM3 with charon's MM6 byte for byte,
//   and, fed charon's SPI and nonce, the captured QM1 with charon's QM2 and QM2 with charon's QM3;
// - given the captured MM1/AM1, our responder picks the proposal charon's responder picked.

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <deque>

#include "TestData.h"
#include "capture/Ipv4Frame.h"
#include "capture/PcapngReader.h"
#include "crypto/DeterministicRandom.h"
#include "ike/Engine.h"
#include "ike/Keymat.h"
#include "ike/Peer.h"
#include "wire/IsakmpCodec.h"
#include "wire/NatTMarker.h"

using namespace ipseclab;
using namespace ipseclab::ike;
using crypto::CipherAlgorithm;
using crypto::DhGroup;
using crypto::HashAlgorithm;
using test::hexAt;
using test::valueAt;

namespace {

using test::hexOf;
#define COMPARE_BYTES(actual, expected) QCOMPARE(hexOf(actual), hexOf(expected))

Part part(const char* name, ByteView value) { return Part{name, value, {}}; }
Bytes bytes(const crypto::SecretBytes& s) { return Bytes(s.view().begin(), s.view().end()); }

// A datagram of the capture as the engine receives it.
struct Captured {
    Bytes udpPayload;
    Endpoint from, to;
    Bytes isakmp; // marker stripped
};

struct VectorSet {
    QString name;
    QJsonObject json;
    capture::PcapngCapture capture;
    HashAlgorithm hash = HashAlgorithm::Sha1;
    CipherAlgorithm cipher = CipherAlgorithm::Aes128Cbc;
    DhGroup group = DhGroup::Modp2048;
    bool main = true;
    bool pfs = false;

    std::size_t blockSize() const { return crypto::blockSize(cipher); }
    Bytes at(const QString& path) const { return hexAt(json, path); }

    Captured message(const QString& label) const {
        const int frame = json["frames"].toObject()[label].toInt();
        const capture::PcapngPacket& packet = capture.packets.at(static_cast<std::size_t>(frame - 1));
        const auto ip = capture::extractIpv4Frame(packet.data, capture.interfaceOf(packet)->linkType);
        Captured c;
        if (!ip || !ip->udp) return c;
        c.udpPayload.assign(ip->udp->payload.begin(), ip->udp->payload.end());
        c.from = Endpoint{ip->ip.header.source, ip->udp->header.sourcePort};
        c.to = Endpoint{ip->ip.header.destination, ip->udp->header.destinationPort};
        ByteView isakmp = c.udpPayload;
        if (c.to.port == wire::kNatTPort) isakmp = isakmp.subspan(4);
        c.isakmp.assign(isakmp.begin(), isakmp.end());
        return c;
    }
};

VectorSet loadSet(const QString& name) {
    VectorSet s;
    s.name = name;
    s.json = test::loadVector(name);
    const auto capture = capture::PcapngReader::readFile(
        (test::vectorsDir() + "/" + name + "/capture.pcapng").toStdString());
    if (capture) s.capture = *capture;
    const QJsonObject attributes =
        valueAt(s.json, "proposal.ike_sa_responder.proposals.0.transforms.0.attributes").toObject();
    s.hash = crypto::hashFromIkeId(static_cast<std::uint16_t>(attributes["hash_algorithm"].toInt())).value();
    s.cipher = cipherFromIke(static_cast<std::uint16_t>(attributes["encryption_algorithm"].toInt()),
                             attributes.contains("key_length")
                                 ? std::optional<std::uint64_t>(attributes["key_length"].toInt())
                                 : std::nullopt)
                   .value();
    s.group = crypto::dhGroupFromId(static_cast<std::uint16_t>(attributes["group_description"].toInt())).value();
    s.main = s.json["mode"].toString() == "main";
    s.pfs = valueAt(s.json, "quick_mode.pfs").toBool();
    return s;
}

// Phase-1 keys of a set, through the keymat functions.
struct Keys {
    Derivation skeyid, skeyidD, skeyidA, skeyidE;
    std::vector<Derivation> ka;
    Derivation iv;
};

Keys derive(const VectorSet& s) {
    using namespace keymat;
    const Bytes psk = s.at("psk.hex"), ni = s.at("ni_b"), nr = s.at("nr_b"), gxy = s.at("g_xy");
    const Bytes ckyI = s.at("cky_i"), ckyR = s.at("cky_r"), gxi = s.at("g_xi"), gxr = s.at("g_xr");
    Keys k;
    k.skeyid = skeyid(s.hash, part("pre-shared-key", psk), part("Ni_b", ni), part("Nr_b", nr));
    k.skeyidD = skeyidD(s.hash, partOf(k.skeyid), part("g^xy", gxy), part("CKY-I", ckyI), part("CKY-R", ckyR));
    k.skeyidA = skeyidA(s.hash, partOf(k.skeyid), partOf(k.skeyidD), part("g^xy", gxy), part("CKY-I", ckyI),
                        part("CKY-R", ckyR));
    k.skeyidE = skeyidE(s.hash, partOf(k.skeyid), partOf(k.skeyidA), part("g^xy", gxy), part("CKY-I", ckyI),
                        part("CKY-R", ckyR));
    k.ka = encryptionKey(s.hash, partOf(k.skeyidE), crypto::keyLength(s.cipher));
    k.iv = phase1Iv(s.hash, part("g^xi", gxi), part("g^xr", gxr), s.blockSize());
    return k;
}

// Hands out scripted bytes (charon's SPI and nonce), then a filler.
class ScriptedRandom final : public crypto::RandomSource {
public:
    void push(ByteView bytes) { m_bytes.insert(m_bytes.end(), bytes.begin(), bytes.end()); }
    void fill(std::span<std::uint8_t> out) override {
        for (auto& b : out) {
            if (m_bytes.empty()) {
                b = 0x5a;
            } else {
                b = m_bytes.front();
                m_bytes.pop_front();
            }
        }
    }
    std::string describe() const override { return "scripted"; }
    std::size_t left() const { return m_bytes.size(); }

private:
    std::deque<std::uint8_t> m_bytes;
};

Selector host(const QString& dotted) { return Selector::subnet(*wire::Ipv4Address::parse(dotted.toStdString()), 32); }

// The configuration of our peer standing in for one of the two charons.
PeerConfig configFor(const VectorSet& s, Role role) {
    const QString me = role == Role::Initiator ? "initiator" : "responder";
    const QString peer = role == Role::Initiator ? "responder" : "initiator";
    PeerConfig c;
    c.local = Endpoint{*wire::Ipv4Address::parse(s.json[me].toObject()["ip"].toString().toStdString()), 500};
    c.remote = Endpoint{*wire::Ipv4Address::parse(s.json[peer].toObject()["ip"].toString().toStdString()), 500};
    c.psk = s.at("psk.hex");
    c.localId = Identity{static_cast<wire::IdType>(valueAt(s.json, me + ".id.id_type").toInt()), s.at(me + ".id.data")};
    c.ikeProposals = {Phase1Suite{s.cipher, s.hash, s.group, 0}};
    const QJsonObject t = valueAt(s.json, "quick_mode.sa_responder.proposals.0.transforms.0").toObject();
    const QJsonObject attributes = t["attributes"].toObject();
    const auto attribute = [&](const char* name) {
        return attributes.contains(name) ? std::optional<std::uint64_t>(attributes[name].toInt()) : std::nullopt;
    };
    ChildProposal child;
    child.suite = childSuiteFromIke(ChildProtocol::Esp, static_cast<std::uint8_t>(t["transform_id"].toInt()),
                                    attribute("key_length"), attribute("authentication_algorithm"))
                      .value();
    // charon's QM1 carries no lifetime; its responder adds 28800 s to QM2.
    child.lifetimeSeconds = role == Role::Initiator ? 0 : 28800;
    c.childProposals = {child};
    if (s.pfs) c.pfsGroup = static_cast<DhGroup>(attributes["group_description"].toInt());
    const Selector initiatorTs = host(valueAt(s.json, "quick_mode.id_ci.text").toString());
    const Selector responderTs = host(valueAt(s.json, "quick_mode.id_cr.text").toString());
    c.localSelector = role == Role::Initiator ? initiatorTs : responderTs;
    c.remoteSelector = role == Role::Initiator ? responderTs : initiatorTs;
    c.autoQuickMode = true;
    c.sendInitialContact = false;
    return c;
}

wire::Cookie cookie(const Bytes& b) {
    wire::Cookie c{};
    std::copy(b.begin(), b.end(), c.begin());
    return c;
}

// An IKE SA in our engine, primed with the set's keys at the moment `label` is due.
detail::IkeSa& prime(detail::Engine& engine, const VectorSet& s, Role role, detail::P1State state) {
    detail::IkeSa& sa = engine.createSa(role, s.main ? Phase1Mode::Main : Phase1Mode::Aggressive);
    sa.state = state;
    sa.ckyI = cookie(s.at("cky_i"));
    sa.ckyR = cookie(s.at("cky_r"));
    sa.local = engine.config.local;
    sa.remote = engine.config.remote;
    sa.suite = Phase1Suite{s.cipher, s.hash, s.group, 0};
    sa.peerNatT = true;
    sa.saiB = {s.at("sai_b"), {}};
    sa.gxi = {s.at("g_xi"), {}};
    sa.gxr = {s.at("g_xr"), {}};
    sa.ni = {s.at("ni_b"), {}};
    sa.nr = {s.at("nr_b"), {}};
    // What the primed moment already knows: our own ID; in Aggressive Mode both (AM1/AM2 are past).
    if (role == Role::Initiator || !s.main) sa.idiiB = {s.at("idii_b"), {}};
    if (role == Role::Responder || !s.main) sa.idirB = {s.at("idir_b"), {}};
    Keys k = derive(s);
    sa.keys.skeyid = k.skeyid.value.clone();
    sa.keys.skeyidD = k.skeyidD.value.clone();
    sa.keys.skeyidA = k.skeyidA.value.clone();
    sa.keys.skeyidE = k.skeyidE.value.clone();
    sa.keys.ka = k.ka.back().value.clone();
    sa.iv = IvChain(s.hash, s.blockSize());
    sa.iv.startPhase1(k.iv.value.view());
    return sa;
}

std::vector<wire::Payload> payloadsOf(const Captured& c) {
    auto m = wire::decodeMessage(c.isakmp);
    return m ? m->chain.payloads : std::vector<wire::Payload>{};
}

// The transmits the engine produced since last time, and its events.
std::vector<Transmit> drain(detail::Engine& engine) {
    std::vector<Transmit> out(engine.transmits.begin(), engine.transmits.end());
    engine.transmits.clear();
    return out;
}

QString failures(const detail::Engine& engine) {
    QString out;
    for (const auto& e : engine.events)
        if (e.kind == EventKind::Failure || e.kind == EventKind::Dropped)
            out += QString::fromStdString(e.id + ": " + e.text + "\n");
    return out;
}

const Event* eventById(const detail::Engine& engine, const std::string& id) {
    for (const auto& e : engine.events)
        if (e.id == id) return &e;
    return nullptr;
}

// The child SA the engine installed, against the set's keys per direction.
void compareChildKeys(const detail::Engine& engine, const VectorSet& s, Role role) {
    QCOMPARE(engine.childSas().size(), std::size_t{1});
    const ChildSaInfo& child = engine.childSas()[0].info;
    const QJsonObject sas = valueAt(s.json, "quick_mode.sas").toObject();
    const QJsonObject i2r = sas["initiator_to_responder"].toObject(), r2i = sas["responder_to_initiator"].toObject();
    const ChildSaDirection& toResponder = role == Role::Initiator ? child.outbound : child.inbound;
    const ChildSaDirection& toInitiator = role == Role::Initiator ? child.inbound : child.outbound;
    QCOMPARE(hexOf(Bytes{std::uint8_t(toResponder.spi >> 24), std::uint8_t(toResponder.spi >> 16),
                         std::uint8_t(toResponder.spi >> 8), std::uint8_t(toResponder.spi)}),
             hexOf(hexAt(i2r, "spi")));
    COMPARE_BYTES(toResponder.encryptionKey.view(), hexAt(i2r, "encryption_key"));
    COMPARE_BYTES(toResponder.integrityKey.view(), hexAt(i2r, "integrity_key"));
    COMPARE_BYTES(toInitiator.encryptionKey.view(), hexAt(r2i, "encryption_key"));
    COMPARE_BYTES(toInitiator.integrityKey.view(), hexAt(r2i, "integrity_key"));
    QCOMPARE(child.encapsulationMode, wire::EncapsulationMode::UdpEncapsulatedTunnel);
}

} // namespace

class TestIkeKeymat : public QObject {
    Q_OBJECT

private:
    void addSets() {
        QTest::addColumn<QString>("set");
        for (const QString& name : test::vectorSetNames()) QTest::newRow(qPrintable(name)) << name;
    }

private slots:
    void allSets() { QCOMPARE(test::vectorSetNames().size(), 7); }

    void phase1KnownAnswers_data() { addSets(); }
    // SKEYID.., Ka (with the App. B steps where SKEYID_e is short), IV, HASH_I/R: values and the
    // exact bytes fed to the prf (charon's "HASH_I data").
    void phase1KnownAnswers() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const Keys k = derive(s);
        COMPARE_BYTES(k.skeyid.value.view(), s.at("skeyid"));
        COMPARE_BYTES(k.skeyidD.value.view(), s.at("skeyid_d"));
        COMPARE_BYTES(k.skeyidA.value.view(), s.at("skeyid_a"));
        COMPARE_BYTES(k.skeyidE.value.view(), s.at("skeyid_e"));
        COMPARE_BYTES(k.ka.back().value.view(), s.at("ka"));
        COMPARE_BYTES(k.iv.value.view(), s.at("phase1_iv"));
        // The g^xy of SKEYID_d is the fixed-length secret (leading zero in mm-aes128-sha1-modp2048).
        QCOMPARE(k.skeyidD.inputs[0].length, crypto::dhGroupInfo(s.group).sharedSecretLength);
        COMPARE_BYTES(k.skeyidD.data.view().first(k.skeyidD.inputs[0].length), s.at("g_xy"));
        QCOMPARE(QString::fromStdString(k.skeyidD.function),
                 QString("HMAC-") + QString::fromLatin1(crypto::hashName(s.hash).data()));
        const bool expands = crypto::hashLength(s.hash) < crypto::keyLength(s.cipher);
        QCOMPARE(k.ka.size(), expands
                                  ? std::size_t{1} + (crypto::keyLength(s.cipher) + crypto::hashLength(s.hash) - 1) /
                                                         crypto::hashLength(s.hash)
                                  : std::size_t{1});
        if (expands) COMPARE_BYTES(k.ka.front().data.view(), Bytes{0x00}); // K1 = prf(SKEYID_e, 0x00)

        const Bytes gxi = s.at("g_xi"), gxr = s.at("g_xr"), ckyI = s.at("cky_i"), ckyR = s.at("cky_r"),
                    saiB = s.at("sai_b");
        const Derivation hashI = keymat::hashI(s.hash, partOf(k.skeyid), part("g^xi", gxi), part("g^xr", gxr),
                                               part("CKY-I", ckyI), part("CKY-R", ckyR), part("SAi_b", saiB),
                                               part("IDii_b", s.at("idii_b")));
        const Derivation hashR = keymat::hashR(s.hash, partOf(k.skeyid), part("g^xr", gxr), part("g^xi", gxi),
                                               part("CKY-R", ckyR), part("CKY-I", ckyI), part("SAi_b", saiB),
                                               part("IDir_b", s.at("idir_b")));
        COMPARE_BYTES(hashI.data.view(), s.at("hash_i_data"));
        COMPARE_BYTES(hashR.data.view(), s.at("hash_r_data"));
        COMPARE_BYTES(hashI.value.view(), s.at("hash_i"));
        COMPARE_BYTES(hashR.value.view(), s.at("hash_r"));
        QCOMPARE(hashI.inputs.size(), std::size_t{6});
        QCOMPARE(QString::fromStdString(hashI.inputs[4].name), QString("SAi_b"));
        QCOMPARE(hashI.inputs[4].offset, gxi.size() + gxr.size() + 16);
    }

    void ivChain_data() { addSets(); }
    // The IvChain walks charon's IVs: phase 1 message by message, then the Quick Mode's own chain.
    void ivChain() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        IvChain chain(s.hash, s.blockSize());
        chain.startPhase1(derive(s).iv.value.view());
        const QJsonObject encrypted = s.json["phase1_encrypted"].toObject();
        for (const QString& label : encrypted.keys()) {
            const QJsonObject m = encrypted[label].toObject();
            COMPARE_BYTES(chain.current(0), hexAt(m, "iv"));
            chain.advance(0, hexAt(m, "ciphertext"));
            COMPARE_BYTES(chain.current(0), hexAt(m, "next_iv"));
        }
        QVERIFY(!chain.phase1Complete());
        chain.completePhase1();
        COMPARE_BYTES(chain.phase2Base(), s.at("quick_mode.iv_base_last_phase1_block"));
        const std::uint32_t mid = readU32(s.at("quick_mode.message_id"), 0);
        std::optional<Derivation> derived;
        COMPARE_BYTES(chain.current(mid, "IV.QM1", &derived), s.at("quick_mode.iv_qm1"));
        QVERIFY(derived.has_value());
        Bytes ivInput = s.at("quick_mode.iv_base_last_phase1_block");
        append(ivInput, s.at("quick_mode.message_id"));
        COMPARE_BYTES(derived->data.view(), ivInput);
        const QJsonObject messages = valueAt(s.json, "quick_mode.messages").toObject();
        chain.advance(mid, hexAt(messages["QM1"].toObject(), "ciphertext"));
        COMPARE_BYTES(chain.current(mid), s.at("quick_mode.iv_qm2"));
        chain.advance(mid, hexAt(messages["QM2"].toObject(), "ciphertext"));
        COMPARE_BYTES(chain.current(mid), s.at("quick_mode.iv_qm3"));
        // Phase 1 is untouched by the Quick Mode's chain, and a second M-ID starts from the base again.
        COMPARE_BYTES(chain.phase2Base(), s.at("quick_mode.iv_base_last_phase1_block"));
        chain.forget(mid);
        COMPARE_BYTES(chain.current(mid), s.at("quick_mode.iv_qm1"));
    }

    void quickModeKnownAnswers_data() { addSets(); }
    // HASH(1..3) and KEYMAT per direction (K1's prf input = charon's SA seed).
    void quickModeKnownAnswers() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const Keys k = derive(s);
        const QJsonObject messages = valueAt(s.json, "quick_mode.messages").toObject();
        const Bytes mid = s.at("quick_mode.message_id"), ni = s.at("quick_mode.ni_b"), nr = s.at("quick_mode.nr_b");
        const auto rest = [&](const char* label) {
            const auto chain = wire::decodePayloadChain(wire::PayloadType::Hash,
                                                        hexAt(messages[label].toObject(), "plaintext"));
            const ByteView r = chain->rawFrom(1);
            return Bytes(r.begin(), r.end());
        };
        const Bytes rest1 = rest("QM1"), rest2 = rest("QM2");
        COMPARE_BYTES(
            keymat::quickModeHash1(s.hash, partOf(k.skeyidA), part("M-ID", mid), part("payloads", rest1)).value.view(),
            s.at("quick_mode.hash1"));
        COMPARE_BYTES(keymat::quickModeHash2(s.hash, partOf(k.skeyidA), part("M-ID", mid), part("Ni_b", ni),
                                             part("payloads", rest2))
                          .value.view(),
                      s.at("quick_mode.hash2"));
        COMPARE_BYTES(keymat::quickModeHash3(s.hash, partOf(k.skeyidA), part("M-ID", mid), part("Ni_b", ni),
                                             part("Nr_b", nr))
                          .value.view(),
                      s.at("quick_mode.hash3"));
        const ChildSuite suite = configFor(s, Role::Initiator).childProposals[0].suite;
        const Bytes pfs = s.pfs ? s.at("quick_mode.g_qm_xy") : Bytes{}, protocol{3};
        for (const auto& [spiField, seedField, direction] :
             {std::tuple{"quick_mode.spi_r", "quick_mode.initiator_sa_seed", "initiator_to_responder"},
              std::tuple{"quick_mode.spi_i", "quick_mode.responder_sa_seed", "responder_to_initiator"}}) {
            const Bytes spi = s.at(spiField);
            const Part pfsPart = part("g(qm)^xy", pfs);
            const auto steps = keymat::keymat(s.hash, partOf(k.skeyidD), s.pfs ? &pfsPart : nullptr,
                                              part("protocol", protocol), part("SPI", spi), part("Ni_b", ni),
                                              part("Nr_b", nr), keymatLength(suite), "KEYMAT");
            COMPARE_BYTES(steps.front().data.view(), s.at(seedField));
            const QJsonObject sa = valueAt(s.json, QString("quick_mode.sas.") + direction).toObject();
            const ByteView all = steps.back().value.view();
            COMPARE_BYTES(all.first(encryptionKeyLength(suite.cipher)), hexAt(sa, "encryption_key"));
            COMPARE_BYTES(all.subspan(encryptionKeyLength(suite.cipher)), hexAt(sa, "integrity_key"));
        }
    }

    void receivePath_data() { addSets(); }
    // The engine's receive path, function by function: every captured encrypted message, in order,
    // opens with the IV chain (zero padding ignored) and its HASH verifies.
    void receivePath() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        const Keys k = derive(s);
        IvChain chain(s.hash, s.blockSize());
        chain.startPhase1(k.iv.value.view());
        const QStringList phase1 = s.main ? QStringList{"MM5", "MM6"} : QStringList{"AM3"};
        const std::uint32_t mid = readU32(s.at("quick_mode.message_id"), 0);
        for (const QString& label : phase1 + QStringList{"QM1", "QM2", "QM3"}) {
            const Captured c = s.message(label);
            const auto message = wire::decodeMessage(c.isakmp);
            QVERIFY2(message.has_value() && message->header.encrypted(), qPrintable(label));
            const std::uint32_t id = message->header.messageId;
            if (id && !chain.phase1Complete()) chain.completePhase1();
            const auto opened = openMessage(*message, s.cipher, k.ka.back().value.view(), chain.current(id));
            QVERIFY2(opened.has_value(), qPrintable(label + ": " + test::errorText(opened)));
            QVERIFY(!opened->chain.payloads.empty());
            const wire::PayloadChain& payloads = opened->chain;
            const Bytes received = payloads.find<wire::HashPayload>()->hash;
            Bytes expected;
            if (label == "MM5" || label == "AM3") expected = s.at("hash_i");
            else if (label == "MM6") expected = s.at("hash_r");
            else if (label == "QM1")
                expected = bytes(keymat::quickModeHash1(s.hash, partOf(k.skeyidA),
                                                        part("M-ID", message->header.messageIdBytes()),
                                                        part("payloads", payloads.rawFrom(1)))
                                     .value);
            else if (label == "QM2")
                expected = bytes(
                    keymat::quickModeHash2(s.hash, partOf(k.skeyidA), part("M-ID", message->header.messageIdBytes()),
                                           part("Ni_b", s.at("quick_mode.ni_b")), part("payloads", payloads.rawFrom(1)))
                        .value);
            else
                expected = bytes(
                    keymat::quickModeHash3(s.hash, partOf(k.skeyidA), part("M-ID", message->header.messageIdBytes()),
                                           part("Ni_b", s.at("quick_mode.ni_b")), part("Nr_b", s.at("quick_mode.nr_b")))
                        .value);
            QVERIFY2(crypto::constantTimeEqual(received, expected), qPrintable(label));
            chain.advance(id == 0 ? 0 : mid, message->encrypted);
        }
    }

    void responderReplay_data() { addSets(); }
    // Our responder, primed with the set's phase-1 keys, answers charon's MM5 (AM3) with charon's MM6
    // byte for byte; with charon's SPI and nonce it answers QM1 with charon's QM2, accepts QM3, and
    // installs charon's ESP keys.
    void responderReplay() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        ScriptedRandom random;
        detail::Engine engine(configFor(s, Role::Responder), random);
        detail::IkeSa& sa = prime(engine, s, Role::Responder, s.main ? detail::P1State::MmR2 : detail::P1State::AmR1);
        const Captured last = s.message(s.main ? "MM5" : "AM3");
        engine.handle(last.udpPayload, last.from, last.to, Timestamp(0));
        QVERIFY2(sa.established(), qPrintable(failures(engine)));
        QVERIFY(sa.floated);
        if (s.main) {
            const auto sent = drain(engine);
            QCOMPARE(sent.size(), std::size_t{1});
            const Captured mm6 = s.message("MM6");
            QCOMPARE(hexOf(sent[0].datagram), hexOf(mm6.udpPayload));
            QVERIFY(sent[0].from == mm6.from && sent[0].to == mm6.to);
        }
        COMPARE_BYTES(sa.iv.phase2Base(), s.at("quick_mode.iv_base_last_phase1_block"));

        random.push(s.at("quick_mode.spi_r"));
        random.push(s.at("quick_mode.nr_b"));
        const Captured qm1 = s.message("QM1");
        engine.handle(qm1.udpPayload, qm1.from, qm1.to, Timestamp(1));
        const auto qm2 = drain(engine);
        QVERIFY2(qm2.size() == 1, qPrintable(failures(engine)));
        COMPARE_BYTES(eventById(engine, "HASH(1)")->as<Derivation>()->value.view(), s.at("quick_mode.hash1"));
        if (s.pfs) return; // our QM2 has our own KE (charon's private value is not in the set)
        QCOMPARE(hexOf(qm2[0].datagram), hexOf(s.message("QM2").udpPayload));
        const Captured qm3 = s.message("QM3");
        engine.handle(qm3.udpPayload, qm3.from, qm3.to, Timestamp(2));
        QVERIFY2(eventById(engine, "QM.established"), qPrintable(failures(engine)));
        compareChildKeys(engine, s, Role::Responder);
    }

    void initiatorReplay_data() { addSets(); }
    // Our initiator, primed after MM5 (after AM3), accepts charon's MM6 and, with charon's M-ID,
    // SPI and nonce, sends charon's QM1 byte for byte, then answers charon's QM2 with charon's QM3.
    void initiatorReplay() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        ScriptedRandom random;
        PeerConfig config = configFor(s, Role::Initiator);
        config.autoQuickMode = !s.pfs;
        detail::Engine engine(config, random);
        detail::IkeSa& sa = prime(engine, s, Role::Initiator,
                                  s.main ? detail::P1State::MmI3 : detail::P1State::Established);
        sa.floated = true;
        sa.local.port = sa.remote.port = wire::kNatTPort;
        random.push(s.at("quick_mode.message_id"));
        random.push(s.at("quick_mode.spi_i"));
        random.push(s.at("quick_mode.ni_b"));
        if (s.main) {
            sa.quickModeWhenEstablished = config.autoQuickMode;
            sa.iv.advance(0, hexAt(s.json["phase1_encrypted"].toObject()["MM5"].toObject(), "ciphertext"));
            const Captured mm6 = s.message("MM6");
            engine.handle(mm6.udpPayload, mm6.from, mm6.to, Timestamp(0));
            QVERIFY2(sa.established(), qPrintable(failures(engine)));
            COMPARE_BYTES(eventById(engine, "HASH_R")->as<Derivation>()->value.view(), s.at("hash_r"));
        } else {
            sa.iv.advance(0, hexAt(s.json["phase1_encrypted"].toObject()["AM3"].toObject(), "ciphertext"));
            sa.iv.completePhase1();
            if (config.autoQuickMode) QVERIFY(engine.startQuickMode(Timestamp(0)).has_value());
        }
        if (s.pfs) return; // our QM1 would carry our own KE
        const auto qm1 = drain(engine);
        QVERIFY2(qm1.size() == 1, qPrintable(failures(engine)));
        QCOMPARE(hexOf(qm1[0].datagram), hexOf(s.message("QM1").udpPayload));
        QCOMPARE(random.left(), std::size_t{0});
        const Captured qm2 = s.message("QM2");
        engine.handle(qm2.udpPayload, qm2.from, qm2.to, Timestamp(1));
        const auto qm3 = drain(engine);
        QVERIFY2(qm3.size() == 1, qPrintable(failures(engine)));
        QCOMPARE(hexOf(qm3[0].datagram), hexOf(s.message("QM3").udpPayload));
        compareChildKeys(engine, s, Role::Initiator);
        // charon's responder added a lifetime to QM2's transform: accepted.
        QCOMPARE(engine.childSas()[0].info.lifetimeSeconds, 28800u);
    }

    void responderChoosesLikeCharon_data() { addSets(); }
    // Given charon's MM1 (AM1), our responder — with a policy holding the set's suite among
    // others — answers with the SA charon's responder answered with.
    void responderChoosesLikeCharon() {
        QFETCH(QString, set);
        const VectorSet s = loadSet(set);
        PeerConfig config = configFor(s, Role::Responder);
        config.ikeProposals = {Phase1Suite{CipherAlgorithm::Aes256Cbc, HashAlgorithm::Sha512, DhGroup::Ecp384, 3600},
                               Phase1Suite{s.cipher, s.hash, s.group, 28800},
                               Phase1Suite{CipherAlgorithm::TripleDesCbc, HashAlgorithm::Md5, DhGroup::Modp1024, 3600}};
        crypto::DeterministicRandom random(5);
        Peer peer(config, random);
        const Captured first = s.message(s.main ? "MM1" : "AM1");
        peer.handle(first.udpPayload, first.from, first.to, Timestamp(0));
        const auto answer = peer.pollTransmit();
        QVERIFY(answer.has_value());
        const auto ours = wire::decodeMessage(answer->datagram);
        QVERIFY(ours.has_value());
        const Captured theirs = s.message(s.main ? "MM2" : "AM2");
        const auto* oursSa = ours->chain.find<wire::SaPayload>();
        const std::vector<wire::Payload> theirPayloads = payloadsOf(theirs);
        QVERIFY(!theirPayloads.empty());
        const auto* theirSa = theirPayloads.front().as<wire::SaPayload>();
        QVERIFY(oursSa && theirSa);
        QCOMPARE(hexOf(*wire::encodePayloadBody(*oursSa)), hexOf(*wire::encodePayloadBody(*theirSa)));
        QVERIFY(*oursSa == *theirSa);
        // Byte for byte, too.
        QCOMPARE(hexOf(ours->chain.raw(*ours->chain.indexOf(wire::PayloadType::Sa)).subspan(4)),
                 hexOf(*wire::encodePayloadBody(*theirSa)));
    }
};

QTEST_APPLESS_MAIN(TestIkeKeymat)
#include "tst_ike_keymat.moc"
