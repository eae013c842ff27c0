// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// `ipsec-lab peer` without root (app/peer): its command line, the JSON lines of --events, and the
// event loop itself — two PeerLoops in one process on 127.0.0.1 with free ports, one thread each,
// carrying pings both ways through the tunnel. (Against strongSwan: tests/interop, as root.)

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <sstream>
#include <thread>

#include "IpsecTestSupport.h"
#include "LabTestSupport.h"
#include "TestData.h"
#include "ike/Keymat.h"
#include "lab/ChildSaConfig.h"
#include "net/UdpSocket.h"
#include "peer/EventJson.h"
#include "peer/PeerLoop.h"
#include "peer/PeerOptions.h"
#include "peer/Tunnel.h"

using namespace ipseclab;
using namespace ipseclab::peer;

namespace {

std::vector<std::string> words(const char* text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

const char* kInitiator = "--initiator --local 127.0.0.2 --remote 127.0.0.1 --psk secret";

Result<ParsedCommand> parse(const char* text) { return parsePeerArguments(words(text)); }

QString errorOf(const char* text) {
    const auto parsed = parse(text);
    return parsed ? QString() : QString::fromStdString(parsed.error().message);
}

QList<QJsonObject> readLines(const QString& path) {
    QFile file(path);
    QList<QJsonObject> out;
    if (!file.open(QIODevice::ReadOnly)) return out;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.isEmpty()) continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError) qWarning("not JSON: %s", line.constData());
        out << doc.object();
    }
    return out;
}

int countKind(const QList<QJsonObject>& events, const QString& kind) {
    int n = 0;
    for (const QJsonObject& e : events) n += e.value("kind").toString() == kind;
    return n;
}

QJsonObject byId(const QList<QJsonObject>& events, const QString& id) {
    for (const QJsonObject& e : events)
        if (e.value("id").toString() == id) return e;
    return {};
}

wire::Ipv4Address ip(const char* dotted) { return *wire::Ipv4Address::parse(dotted); }

// Two peers on 127.0.0.1, free ports: site A (initiator, 10.1.0.0/24) and site B (responder, 10.2.0.0/24).
PeerOptions responderOptions(const QString& dir, bool ikev2 = false) {
    auto parsed = parse((std::string(ikev2 ? "--ikev2 " : "") +
                         "--responder --local 127.0.0.1:0 --local-natt 0 --remote 127.0.0.1 --psk lab-secret "
                         "--local-ts 10.2.0.0/24 --remote-ts 10.1.0.0/24 --inner 10.2.0.20 --ping 2")
                            .c_str());
    PeerOptions o = parsed->options;
    o.eventsPath = (dir + "/responder.jsonl").toStdString();
    return o;
}

PeerOptions initiatorOptions(const QString& dir, std::uint16_t ikePort, std::uint16_t natTPort, const char* psk,
                             bool ikev2 = false) {
    const std::string text = std::string(ikev2 ? "--ikev2 " : "") +
                             "--initiator --local 127.0.0.1:0 --local-natt 0 --remote 127.0.0.1:" +
                             std::to_string(ikePort) + " --remote-natt " + std::to_string(natTPort) + " --psk " + psk +
                             " --local-ts 10.1.0.0/24 --remote-ts 10.2.0.0/24 --inner 10.1.0.10 --ping 3 --linger 1"
                             " --retransmit-timeout 0.2 --retransmit-tries 2";
    auto parsed = parse(text.c_str());
    PeerOptions o = parsed->options;
    o.eventsPath = (dir + "/initiator.jsonl").toStdString();
    o.keysDir = (dir + "/keys").toStdString();
    return o;
}

// A NAT and an attacker on the path, in a thread (tests/interop/relay.py is its twin for the root-only
// tests against charon): the initiator sends to its front sockets (127.0.0.4), it forwards from
// 127.0.0.3 to the responder (127.0.0.1) and back, counts the NAT-keepalives the initiator sends,
// and with `fakeQm2` answers the first QM1 with a QM2 of random bytes before the real one comes.
class PathRelay {
public:
    PathRelay(std::uint16_t responderIke, std::uint16_t responderNatT, bool fakeQm2)
        : m_fakeQm2(fakeQm2), m_target{responderIke, responderNatT} {
        for (int i = 0; i < 2; ++i) {
            m_front.push_back(std::move(*net::UdpSocket::bind(ip("127.0.0.4"), 0)));
            m_back.push_back(std::move(*net::UdpSocket::bind(ip("127.0.0.3"), 0)));
        }
        m_thread = std::thread([this] { loop(); });
    }
    ~PathRelay() {
        m_stop = true;
        m_thread.join();
    }
    std::uint16_t ikePort() const { return m_front[0].port(); }
    std::uint16_t natTPort() const { return m_front[1].port(); }
    int keepalivesFromInitiator() const { return m_keepalives; }
    int injected() const { return m_injected; }

private:
    void loop() {
        while (!m_stop) {
            pollfd fds[4] = {{m_front[0].fd(), POLLIN, 0},
                             {m_front[1].fd(), POLLIN, 0},
                             {m_back[0].fd(), POLLIN, 0},
                             {m_back[1].fd(), POLLIN, 0}};
            if (::poll(fds, 4, 50) <= 0) continue;
            for (std::size_t i = 0; i < 2; ++i) {
                if (fds[i].revents & POLLIN) fromInitiator(i);
                if ((fds[i + 2].revents & POLLIN) && m_client[i])
                    if (auto r = m_back[i].receive(); r && *r)
                        (void)m_front[i].sendTo(m_client[i]->address, m_client[i]->port, (*r)->datagram);
            }
        }
    }
    void fromInitiator(std::size_t i) {
        auto r = m_front[i].receive();
        if (!r || !*r) return;
        const Bytes& d = (*r)->datagram;
        m_client[i] = ike::Endpoint{(*r)->fromAddress, (*r)->fromPort};
        (void)m_back[i].sendTo(ip("127.0.0.1"), m_target[i], d);
        if (i == 1 && d.size() == 1 && d[0] == 0xFF) ++m_keepalives;
        const std::size_t at = i == 1 ? 4 : 0; // the non-ESP marker on NAT-T
        const bool qm = d.size() >= at + 28 &&
                        (i == 0 || std::all_of(d.begin(), d.begin() + 4, [](auto b) { return b == 0; })) &&
                        d[at + 18] == 32;
        if (!m_fakeQm2 || m_injected || !qm) return;
        Bytes fake(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(at + 28)); // QM1's header: cookies, M-ID
        for (int b = 0; b < 48; ++b) fake.push_back(static_cast<std::uint8_t>(m_random()));
        fake[at + 27] = 28 + 48; // length (low byte; the header says 76 bytes)
        fake[at + 24] = fake[at + 25] = fake[at + 26] = 0;
        (void)m_front[i].sendTo(m_client[i]->address, m_client[i]->port, fake);
        ++m_injected;
    }

    bool m_fakeQm2;
    std::uint16_t m_target[2];
    std::vector<net::UdpSocket> m_front, m_back; // [0] IKE, [1] NAT-T
    std::optional<ike::Endpoint> m_client[2];
    std::mt19937 m_random{std::random_device{}()};
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_keepalives{0}, m_injected{0};
    std::thread m_thread;
};

} // namespace

class TestPeer : public QObject {
    Q_OBJECT
private slots:
    // ---------------------------------------------------------------- the command line

    void parsesTheIssuesFlags() {
        const auto parsed = parse("--initiator --local 127.0.0.2 --remote 127.0.0.1:5500 --remote-natt 5501 --psk "
                                  "interop-lab-psk --mode aggressive --id initiator.lab --remote-id responder.lab "
                                  "--local-ts 127.201.0.1/32 --remote-ts 127.202.0.0/24 --ike "
                                  "aes256-sha256-modp2048,aes128-sha1-modp2048 --esp aes128gcm16-modp2048 --inner "
                                  "127.201.0.1 --ping 3 --events e.jsonl --keys k");
        QVERIFY2(parsed, qPrintable(test::errorText(parsed)));
        const PeerOptions& o = parsed->options;
        QCOMPARE(o.role, ike::Role::Initiator);
        QCOMPARE(o.localAddress, ip("127.0.0.2"));
        QCOMPARE(o.localPort, 500);
        QCOMPARE(o.localNatTPort, 4500);
        QVERIFY(!o.localPortGiven && !o.localNatTPortGiven);
        QCOMPARE(*o.remoteAddress, ip("127.0.0.1"));
        QCOMPARE(o.remotePort, 5500);
        QCOMPARE(o.remoteNatTPort, 5501);
        QCOMPARE(o.psk, std::string("interop-lab-psk"));
        QCOMPARE(o.mode, ike::Phase1Mode::Aggressive);
        QCOMPARE(o.localId, ike::Identity::fqdn("initiator.lab"));
        QCOMPARE(o.remoteId, ike::Identity::fqdn("responder.lab"));
        QCOMPARE(o.localTs.toString(), std::string("127.201.0.1/32"));
        QCOMPARE(o.remoteTs.toString(), std::string("127.202.0.0/24"));
        QCOMPARE(o.ikeProposals.size(), std::size_t(2));
        QCOMPARE(o.ikeProposals[0].cipher, crypto::CipherAlgorithm::Aes256Cbc);
        QCOMPARE(o.ikeProposals[0].hash, crypto::HashAlgorithm::Sha256);
        QCOMPARE(o.espProposals.proposals.size(), std::size_t(1));
        QCOMPARE(o.espProposals.proposals[0].suite.cipher, ike::Encryption::Aes128Gcm16);
        QCOMPARE(*o.espProposals.pfsGroup, crypto::DhGroup::Modp2048);
        QCOMPARE(*o.inner, ip("127.201.0.1"));
        QCOMPARE(o.ping, 3u);
        QCOMPARE(*o.eventsPath, std::string("e.jsonl"));
        QCOMPARE(*o.keysDir, std::string("k"));
    }

    // NAT-keepalives every 20 s by default (charon's keep_alive), DPD off (charon's dpd_delay = 0).
    void keepaliveAndDpdIntervals() {
        const auto defaults = parse(kInitiator);
        QVERIFY(defaults);
        QCOMPARE(defaults->options.keepalive, std::chrono::milliseconds(20000));
        QCOMPARE(defaults->options.dpd, std::chrono::milliseconds(0));
        const std::string text = std::string(kInitiator) + " --keepalive 0.5 --dpd 30";
        const auto given = parse(text.c_str());
        QVERIFY(given);
        QCOMPARE(given->options.keepalive, std::chrono::milliseconds(500));
        QCOMPARE(given->options.dpd, std::chrono::milliseconds(30000));
        const std::string bad = std::string(kInitiator) + " --keepalive soon";
        QVERIFY(errorOf(bad.c_str()).contains("--keepalive soon is not a number of seconds"));
    }

    // A responder keeps an unfinished phase 1 for 120 s unless --half-open says otherwise; that is
    // also when a phase 1 whose message 5 never decrypted fails, named a PSK mismatch.
    void halfOpenTimeout() {
        const auto defaults = parse(kInitiator);
        QVERIFY(defaults);
        QCOMPARE(defaults->options.halfOpen, std::chrono::milliseconds(120000));
        const std::string text = std::string(kInitiator) + " --half-open 10";
        const auto given = parse(text.c_str());
        QVERIFY(given);
        QCOMPARE(given->options.halfOpen, std::chrono::milliseconds(10000));
        const std::string tooShort = std::string(kInitiator) + " --half-open 0.5";
        QVERIFY(errorOf(tooShort.c_str()).contains("--half-open 0.5 is below 1 s"));
    }

    void defaultsFollowTheAddresses() {
        const auto parsed = parse("--responder --local=127.0.0.2:700 --local-natt=4700 --remote 127.0.0.1 --psk k");
        QVERIFY2(parsed, qPrintable(test::errorText(parsed)));
        const PeerOptions& o = parsed->options;
        QCOMPARE(o.role, ike::Role::Responder);
        QCOMPARE(o.localPort, 700);
        QCOMPARE(o.localNatTPort, 4700);
        QVERIFY(o.localPortGiven && o.localNatTPortGiven);
        QCOMPARE(o.localTs.toString(), std::string("127.0.0.2/32"));
        QCOMPARE(o.remoteTs.toString(), std::string("127.0.0.1/32"));
        QCOMPARE(o.mode, ike::Phase1Mode::Main);
        QVERIFY(o.localId.empty() && o.remoteId.empty());
        QCOMPARE(o.ikeText, std::string("aes128-sha1-modp2048"));
        QCOMPARE(o.espText, std::string("aes128-sha1"));
        QVERIFY(!o.espProposals.pfsGroup);
        QCOMPARE(o.ping, 0u);

        // A responder may accept any peer address, but then it must be told the peer's network.
        QVERIFY(parse("--responder --local 127.0.0.2 --psk k --remote-ts 10.1.0.0/24"));
        QVERIFY(errorOf("--responder --local 127.0.0.2 --psk k").contains("--remote-ts"));
        QVERIFY(parse("--help")->help);
        QVERIFY(parse("--initiator -h")->help);
    }

    // Issue 17: without --ike a responder accepts charon 5.9's IKEv1 default set (as far as the
    // engine implements it); an initiator still offers aes128-sha1-modp2048 alone.
    void responderAcceptsCharonDefaults() {
        auto parsed = parse("--responder --local 127.0.0.2 --remote 127.0.0.1 --psk k");
        QVERIFY2(parsed, qPrintable(test::errorText(parsed)));
        QVERIFY(parsed->options.ikeProposals == ike::charonDefaultPhase1());
        QVERIFY(engineConfig(parsed->options, 500, 4500).ikeProposals == ike::charonDefaultPhase1());
        parsed = parse("--responder --mode aggressive --local 127.0.0.2 --remote 127.0.0.1 --psk k");
        QVERIFY2(parsed, qPrintable(test::errorText(parsed))); // one group per offer binds initiators only
        QVERIFY(parsed->options.ikeProposals == ike::charonDefaultPhase1());
        parsed = parse("--responder --local 127.0.0.2 --remote 127.0.0.1 --psk k --ike aes128-sha1-modp2048");
        QVERIFY(parsed);
        QCOMPARE(parsed->options.ikeProposals.size(), std::size_t{1});
        parsed = parse("--initiator --local 127.0.0.2 --remote 127.0.0.1 --psk k");
        QVERIFY(parsed);
        QVERIFY(parsed->options.ikeProposals == std::vector<ike::Phase1Suite>{ike::Phase1Suite{}});
        QVERIFY(QString::fromStdString(peerUsage()).contains("charon 5.9"));
    }

    void engineConfigForcesNatTraversal() {
        const auto parsed = parse("--initiator --local 127.0.0.2 --remote 127.0.0.1 --psk k --esp aes128-sha1-ecp256 "
                                  "--local-ts 10.1.0.0/24 --remote-ts 10.2.0.0/24 --retransmit-timeout 0.5 "
                                  "--retransmit-tries 1");
        QVERIFY(parsed);
        const ike::PeerConfig c = engineConfig(parsed->options, 40000, 40001);
        QCOMPARE(c.natTraversal, ike::NatTraversal::Force);
        QCOMPARE(c.local.port, 40000);
        QCOMPARE(c.localNatTPort, 40001);
        QCOMPARE(c.remote.port, 500);
        QCOMPARE(c.remoteNatTPort, 4500);
        QCOMPARE(c.psk, bytesOf("k"));
        QCOMPARE(c.localSelector.toString(), std::string("10.1.0.0/24"));
        QCOMPARE(c.remoteSelector.toString(), std::string("10.2.0.0/24"));
        QCOMPARE(*c.pfsGroup, crypto::DhGroup::Ecp256);
        QCOMPARE(c.retransmit.initial, ike::Timestamp(std::chrono::milliseconds(500)));
        QCOMPARE(c.retransmit.maxRetransmits, 1);
        QVERIFY(!c.autoQuickMode); // the peer loop starts Quick Mode (after a pause in Aggressive Mode)
    }

    void refusesBadUsage_data() {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no role") << "--local 127.0.0.2 --remote 127.0.0.1 --psk k"
                                 << "--initiator or --responder";
        QTest::newRow("both roles") << "--initiator --responder --local 127.0.0.2 --remote 127.0.0.1 --psk k"
                                    << "exactly one";
        QTest::newRow("no local") << "--initiator --remote 127.0.0.1 --psk k"
                                  << "--local";
        QTest::newRow("no remote") << "--initiator --local 127.0.0.2 --psk k"
                                   << "--remote";
        QTest::newRow("no psk") << "--initiator --local 127.0.0.2 --remote 127.0.0.1"
                                << "--psk";
        QTest::newRow("local outside loopback") << "--initiator --local 192.168.1.2 --remote 127.0.0.1 --psk k"
                                                << "outside 127.0.0.0/8";
        QTest::newRow("remote outside loopback") << "--initiator --local 127.0.0.2 --remote 8.8.8.8 --psk k"
                                                 << "--allow-any-address";
        QTest::newRow("responder filter outside loopback") << "--responder --local 127.0.0.2 --remote 10.0.0.1 --psk k"
                                                           << "outside 127.0.0.0/8";
        QTest::newRow("bad address") << "--initiator --local 127.0.0 --remote 127.0.0.1 --psk k"
                                     << "IPv4 address";
        QTest::newRow("bad port") << "--initiator --local 127.0.0.2:70000 --remote 127.0.0.1 --psk k"
                                  << "65535";
        QTest::newRow("same ports") << "--initiator --local 127.0.0.2:4500 --remote 127.0.0.1 --psk k"
                                    << "must differ";
        QTest::newRow("bad mode") << (QString(kInitiator) + " --mode quick") << "main or aggressive";
        QTest::newRow("bad id") << (QString(kInitiator) + " --id a@b!") << "FQDN";
        QTest::newRow("bad cidr") << (QString(kInitiator) + " --local-ts 10.1.0.1/24") << "CIDR";
        QTest::newRow("bad ike") << (QString(kInitiator) + " --ike aes128-sha1-modp4096") << "modp4096";
        QTest::newRow("bad esp") << (QString(kInitiator) + " --esp aes128-whirlpool") << "whirlpool";
        QTest::newRow("mixed pfs") << (QString(kInitiator) + " --esp aes128-sha1-modp2048,aes128-sha1-ecp256")
                                   << "PFS group";
        QTest::newRow("aggressive groups") << (QString(kInitiator) + " --mode aggressive --ike "
                                                                     "aes128-sha1-modp2048,aes128-sha1-ecp256")
                                           << "same DH group";
        QTest::newRow("ping without inner") << (QString(kInitiator) + " --ping 3") << "--inner";
        QTest::newRow("inner outside ts") << (QString(kInitiator) + " --local-ts 10.1.0.0/24 --inner 10.9.0.1")
                                          << "outside the local traffic selector";
        QTest::newRow("bad ping") << (QString(kInitiator) + " --inner 127.0.0.2 --ping many") << "--ping many";
        QTest::newRow("bad linger") << (QString(kInitiator) + " --linger -1") << "--linger";
        QTest::newRow("unknown option") << (QString(kInitiator) + " --verbose") << "unknown option --verbose";
        QTest::newRow("stray word") << (QString(kInitiator) + " now") << "unexpected argument now";
        QTest::newRow("missing value") << (QString(kInitiator) + " --events") << "--events needs a value";
        QTest::newRow("twice") << (QString(kInitiator) + " --psk again") << "--psk is given twice";
        QTest::newRow("switch with value") << "--initiator=yes --local 127.0.0.2 --remote 127.0.0.1 --psk k"
                                           << "takes no value";
    }

    void refusesBadUsage() {
        QFETCH(QString, arguments);
        QFETCH(QString, mentions);
        const auto parsed = parsePeerArguments(words(arguments.toUtf8().constData()));
        QVERIFY2(!parsed, "accepted");
        const QString message = QString::fromStdString(parsed.error().message);
        QVERIFY2(message.contains(mentions), qPrintable(message));
    }

    void allowAnyAddressIsExplicit() {
        QVERIFY(!parse("--initiator --local 192.0.2.1 --remote 192.0.2.2 --psk k"));
        const auto parsed = parse("--initiator --local 192.0.2.1 --remote 192.0.2.2 --psk k --allow-any-address");
        QVERIFY2(parsed, qPrintable(test::errorText(parsed)));
        QVERIFY(parsed->options.allowAnyAddress);
        QVERIFY(isLoopback(ip("127.255.0.1")));
        QVERIFY(!isLoopback(ip("128.0.0.1")));
        QVERIFY(QString::fromStdString(peerUsage()).contains("--allow-any-address"));
    }

    // ---------------------------------------------------------------- --events

    void derivedEventsCarryFormulaInputsAndValue() {
        const Bytes psk = bytesOf("k"), ni(16, 0x11), nr(16, 0x22);
        const ike::Derivation d = ike::keymat::skeyid(
            crypto::HashAlgorithm::Sha1, ike::Part{"pre-shared-key", psk, ike::Source::local("the PSK")},
            ike::Part{"Ni_b", ni, ike::Source::datagram("MM3", "NONCE", 4, 16)},
            ike::Part{"Nr_b", nr, ike::Source::datagram("MM4", "NONCE", 4, 16)});
        ike::Event e;
        e.kind = ike::EventKind::Derived;
        e.id = "SKEYID";
        e.time = std::chrono::microseconds(1'500'000);
        e.text = "SKEYID = ...";
        e.detail = d.clone();
        const std::string line = JsonLinesWriter::line(toJson(e));
        QVERIFY(line.find('\n') == std::string::npos);
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
        QCOMPARE(o.value("id").toString(), QString("SKEYID"));
        QCOMPARE(o.value("layer").toString(), QString("ike"));
        QCOMPARE(o.value("kind").toString(), QString("Derived"));
        QCOMPARE(o.value("time").toDouble(), 1.5);
        QCOMPARE(o.value("formula").toString(), QString::fromStdString(d.formula));
        QCOMPARE(o.value("function").toString(), QString("HMAC-SHA1"));
        QCOMPARE(o.value("value").toString(), QString::fromStdString(toHex(d.value.view())));
        QCOMPARE(o.value("data").toString(), QString::fromStdString(toHex(d.data.view())));
        const QJsonArray inputs = o.value("inputs").toArray();
        QCOMPARE(inputs.size(), int(d.inputs.size()));
        bool sawNi = false;
        for (const QJsonValue& v : inputs) {
            const QJsonObject input = v.toObject();
            if (input.value("name").toString() != "Ni_b") continue;
            sawNi = true;
            QCOMPARE(input.value("bytes").toString(), QString(32, '1'));
            QCOMPARE(input.value("source").toObject().value("id").toString(), QString("MM3"));
            QCOMPARE(input.value("source").toObject().value("kind").toString(), QString("datagram"));
        }
        QVERIFY(sawNi);
        // The first keys of every line are the common ones, in this order.
        QVERIFY(line.rfind(R"({"id":"SKEYID","layer":"ike","kind":"Derived","time":1.5,)", 0) == 0);
    }

    void establishedAndFailureEventsCarryTheirFields() {
        ike::ChildSaInfo child;
        child.suite = ike::ChildSuite{};
        child.udpEncapsulated = true;
        child.pfsGroup = crypto::DhGroup::Modp2048;
        child.inbound.spi = 0xc0ffee01;
        child.inbound.encryptionKey = crypto::SecretBytes(Bytes(16, 0xab));
        child.outbound.spi = 0x0badf00d;
        child.outbound.integrityKey = crypto::SecretBytes(Bytes(20, 0xcd));
        ike::Event e;
        e.kind = ike::EventKind::ChildSaEstablished;
        e.id = "QM.established";
        e.detail = child.clone();
        const QJsonObject o =
            QJsonDocument::fromJson(QByteArray::fromStdString(JsonLinesWriter::line(toJson(e)))).object();
        QCOMPARE(o.value("kind").toString(), QString("ChildSaEstablished"));
        QCOMPARE(o.value("inbound").toObject().value("spi").toString(), QString("0xc0ffee01"));
        QCOMPARE(o.value("inbound").toObject().value("encryptionKey").toString(), QString("ab").repeated(16));
        QCOMPARE(o.value("outbound").toObject().value("integrityKey").toString(), QString("cd").repeated(20));
        QCOMPARE(o.value("pfsGroup").toObject().value("token").toString(), QString("modp2048"));
        QCOMPARE(o.value("udpEncapsulated").toBool(), true);

        ike::Event f;
        f.kind = ike::EventKind::Failure;
        f.id = "failure.psk-mismatch";
        f.detail = ike::FailureInfo{ike::FailureKind::PskMismatch, "the keys differ",
                                    wire::NotifyType::PayloadMalformed, "phase 1"};
        const QJsonObject failure =
            QJsonDocument::fromJson(QByteArray::fromStdString(JsonLinesWriter::line(toJson(f)))).object();
        QCOMPARE(failure.value("failure").toString(), QString("psk-mismatch"));
        QCOMPARE(failure.value("sentence").toString(), QString("the keys differ"));
        QCOMPARE(failure.value("notify").toObject().value("number").toInt(), 16);

        ipsec::Event esp;
        esp.kind = ipsec::EventKind::Verdict;
        esp.label = "in";
        esp.spi = 0x1234abcd;
        esp.sequenceNumber = 7;
        esp.verdict = ipsec::Verdict::BadIcv;
        esp.reason = "the ICV did not verify";
        const QJsonObject v =
            QJsonDocument::fromJson(QByteArray::fromStdString(JsonLinesWriter::line(toJson(esp)))).object();
        QCOMPARE(v.value("layer").toString(), QString("ipsec"));
        QCOMPARE(v.value("id").toString(), QString::fromStdString(esp.id()));
        QCOMPARE(v.value("verdict").toString(), QString("bad ICV"));
        QCOMPARE(v.value("spi").toString(), QString("0x1234abcd"));
        QCOMPARE(v.value("sequenceNumber").toInt(), 7);
    }

    void writerNeverThrowsAndWritesLines() {
        QTemporaryDir dir;
        const QString path = dir.filePath("e.jsonl");
        {
            auto writer = JsonLinesWriter::open(path.toStdString());
            QVERIFY2(writer, qPrintable(test::errorText(writer)));
            auto a = peerEvent("peer.one", "One", std::chrono::microseconds(1), "first");
            a["bad"] = std::string("\xff\xfe not UTF-8");
            writer->write(a);
            writer->write(peerEvent("peer.two", "Two", std::chrono::microseconds(2), "second"));
            // Flushed line by line: readable while the writer is open.
            QCOMPARE(readLines(path).size(), 2);
        }
        const auto lines = readLines(path);
        QCOMPARE(lines[0].value("layer").toString(), QString("peer"));
        QVERIFY(lines[0].value("bad").toString().endsWith(" not UTF-8"));
        QCOMPARE(lines[1].value("id").toString(), QString("peer.two"));
        QVERIFY(!JsonLinesWriter::open(dir.filePath("missing/e.jsonl").toStdString()));
    }

    // ---------------------------------------------------------------- core/net/UdpSocket

    void udpSocketSaysWhereDatagramsComeFrom() {
        auto a = net::UdpSocket::bind(ip("127.0.0.1"), 0);
        auto b = net::UdpSocket::bind(ip("127.0.0.2"), 0, true);
        QVERIFY2(a && b, qPrintable(test::errorText(a) + test::errorText(b)));
        QVERIFY(a->port() != 0 && b->port() != 0);
        QCOMPARE(b->address(), ip("127.0.0.2"));
        auto none = b->receive();
        QVERIFY(none && !*none); // nothing waiting: no blocking
        QVERIFY(a->sendTo(ip("127.0.0.2"), b->port(), bytesOf("hello")));
        auto got = b->receive(std::chrono::milliseconds(2000));
        QVERIFY2(got && *got, "no datagram");
        QCOMPARE((*got)->datagram, bytesOf("hello"));
        QCOMPARE((*got)->fromAddress, ip("127.0.0.1"));
        QCOMPARE((*got)->fromPort, a->port());
        // Each datagram whole and at its own size, an empty one and a large one included.
        Bytes large(9000);
        for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<std::uint8_t>(i * 7);
        for (const Bytes& sent : {Bytes{}, large, bytesOf("x")}) QVERIFY(a->sendTo(ip("127.0.0.2"), b->port(), sent));
        for (const Bytes& expected : {Bytes{}, large, bytesOf("x")}) {
            auto next = b->receive(std::chrono::milliseconds(2000));
            QVERIFY2(next && *next, "a datagram went missing");
            QCOMPARE((*next)->datagram, expected);
        }
        // A taken port: the error names the endpoint.
        auto clash = net::UdpSocket::bind(ip("127.0.0.1"), a->port());
        QVERIFY(!clash);
        QVERIFY(QString::fromStdString(clash.error().message).contains("127.0.0.1:" + QString::number(a->port())));
    }

    // ---------------------------------------------------------------- the program

    // `ipsec-lab peer` opens no window (no display needed) and says how it ended by its exit code.
    void programNeedsNoDisplayAndReportsExitCodes() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(name);
        const auto run = [&](const QStringList& arguments, QString* out = nullptr, QString* err = nullptr) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(IPSECLAB_EXECUTABLE, QStringList{"peer"} + arguments);
            if (!p.waitForFinished(20000)) p.kill();
            if (out) *out = QString::fromUtf8(p.readAllStandardOutput());
            if (err) *err = QString::fromUtf8(p.readAllStandardError());
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        QString out, err;
        QCOMPARE(run({"--help"}, &out), kExitOk);
        QVERIFY(out.startsWith("Usage: ipsec-lab peer"));
        QCOMPARE(run({"--initiator", "--local", "10.0.0.1", "--remote", "127.0.0.1", "--psk", "k"}, nullptr, &err),
                 kExitUsage);
        QVERIFY2(err.contains("outside 127.0.0.0/8") && err.contains("Try ipsec-lab peer --help"), qPrintable(err));
        QCOMPARE(run({"--responder"}, nullptr, &err), kExitUsage);

        // A port someone else holds: the peer cannot start (exit 1, saying why).
        auto held = net::UdpSocket::bind(ip("127.0.0.1"), 0);
        QVERIFY(held);
        QCOMPARE(run({"--responder", "--local", "127.0.0.1:" + QString::number(held->port()), "--local-natt", "0",
                      "--psk", "k", "--remote-ts", "10.1.0.0/24"},
                     nullptr, &err),
                 kExitFailed);
        QVERIFY2(err.contains("cannot bind") && err.contains("Address already in use"), qPrintable(err));

        // A responder runs until SIGTERM, then exits 0.
        QTemporaryDir dir;
        const QString events = dir.filePath("events.jsonl");
        QProcess responder;
        responder.setProcessEnvironment(env);
        responder.start(IPSECLAB_EXECUTABLE, {"peer", "--responder", "--local", "127.0.0.1:0", "--local-natt", "0",
                                              "--psk", "k", "--remote-ts", "10.1.0.0/24", "--events", events});
        QVERIFY(responder.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!byId(readLines(events), "peer.started").isEmpty(), 10000);
        QVERIFY(!responder.waitForFinished(300)); // still running
        responder.terminate();                    // SIGTERM
        QVERIFY(responder.waitForFinished(10000));
        QCOMPARE(responder.exitStatus(), QProcess::NormalExit);
        QCOMPARE(responder.exitCode(), kExitOk);
        const auto lines = readLines(events);
        QVERIFY(!byId(lines, "peer.stopping").isEmpty());
        QCOMPARE(byId(lines, "peer.exit").value("code").toInt(), 0);
    }

    // ---------------------------------------------------------------- the event loop

    void twoLoopsCarryPingsBothWays() {
        QTemporaryDir dir;
        std::ostringstream rOut, rErr, iOut, iErr;
        PeerOptions ro = responderOptions(dir.path());
        ro.keepalive = std::chrono::milliseconds(300); // none the less: nobody is behind a NAT here
        auto responder = PeerLoop::create(ro, rOut, rErr);
        QVERIFY2(responder, qPrintable(test::errorText(responder)));
        PeerOptions io = initiatorOptions(dir.path(), (*responder)->ikePort(), (*responder)->natTPort(), "lab-secret");
        io.keepalive = std::chrono::milliseconds(300);
        auto initiator = PeerLoop::create(io, iOut, iErr);
        QVERIFY2(initiator, qPrintable(test::errorText(initiator)));

        int responderExit = -1;
        std::thread thread([&] { responderExit = (*responder)->run(); });
        const int initiatorExit = (*initiator)->run();
        (*responder)->requestStop();
        thread.join();

        QVERIFY2(initiatorExit == kExitOk, qPrintable(QString::fromStdString((*initiator)->failure() + iErr.str())));
        QCOMPARE(responderExit, kExitOk);
        QCOMPARE((*initiator)->pingsAnswered(), 3u);
        QCOMPARE((*responder)->pingsAnswered(), 2u);

        const auto ie = readLines(dir.filePath("initiator.jsonl"));
        const auto re = readLines(dir.filePath("responder.jsonl"));
        QCOMPARE(countKind(ie, "IkeSaEstablished"), 1);
        QCOMPARE(countKind(ie, "ChildSaEstablished"), 1);
        QCOMPARE(countKind(ie, "PingReply"), 3);
        QCOMPARE(countKind(ie, "EchoRequestReceived"), 2);
        QCOMPARE(countKind(re, "EchoRequestReceived"), 3);
        QCOMPARE(countKind(re, "PingReply"), 2);
        QCOMPARE(countKind(ie, "Failure"), 0);
        QCOMPARE(countKind(re, "Failure"), 0);
        QCOMPARE(countKind(ie, "NatKeepalive"), 0);
        QCOMPARE(countKind(re, "NatKeepalive"), 0);
        // Keys: the same KEYMAT on both ends, our outbound being their inbound.
        const QJsonObject iChild = byId(ie, "QM.established"), rChild = byId(re, "QM.established");
        QCOMPARE(iChild.value("outbound").toObject().value("spi"), rChild.value("inbound").toObject().value("spi"));
        QCOMPARE(iChild.value("outbound").toObject().value("keymat"),
                 rChild.value("inbound").toObject().value("keymat"));
        QCOMPARE(byId(ie, "SKEYID_d").value("value"), byId(re, "SKEYID_d").value("value"));
        // Counters: what one sent, the other accepted (5 packets each way: 3 + 2 pings, answered).
        const QJsonObject iOutCounters = byId(ie, "peer.counters.out"), rInCounters = byId(re, "peer.counters.in");
        QCOMPARE(iOutCounters.value("packets").toInt(), 5);
        QCOMPARE(rInCounters.value("packets").toInt(), 5);
        QCOMPARE(iOutCounters.value("bytes"), rInCounters.value("bytes"));
        QCOMPARE(byId(ie, "peer.counters.in").value("verdicts").toObject().value("accepted").toInt(), 5);
        // Every ESP packet is an ipsec-layer event; everything went through NAT-T (forced).
        int espSent = 0;
        for (const QJsonObject& e : ie) espSent += e.value("layer") == "ipsec" && e.value("kind") == "Sent";
        QCOMPARE(espSent, 5);
        QVERIFY(byId(ie, "MM4.NAT-D.result").value("floating").toBool());
        // The responder deleted its SAs when stopped; the initiator left them (it exits on success).
        QVERIFY(countKind(re, "DeleteSent") >= 2);
        QCOMPARE(countKind(ie, "DeleteSent"), 0);
        QCOMPARE(byId(ie, "peer.exit").value("code").toInt(), 0);
        // --keys: both Wireshark files, one IKE SA and two ESP SAs.
        const Bytes table = test::readFile(dir.filePath("keys/ikev1_decryption_table"));
        const Bytes esp = test::readFile(dir.filePath("keys/esp_sa"));
        QCOMPARE(std::count(table.begin(), table.end(), '\n'), 1);
        QCOMPARE(std::count(esp.begin(), esp.end(), '\n'), 2);
        QVERIFY(QString::fromStdString(iOut.str()).contains("echo reply 3/3"));
    }

    // Through a relay that translates addresses, NAT-D tells the initiator it is behind a NAT: it
    // sends NAT-keepalives (RFC 3948 §4) while the tunnel is idle. With `fakeQm2` the relay first
    // answers QM1 with random bytes: a datagram that does not authenticate ends nothing, the
    // exchange completes (issue 17, point 2).
    void throughARelay_data() {
        QTest::addColumn<bool>("fakeQm2");
        QTest::newRow("NAT-keepalives") << false;
        QTest::newRow("an undecryptable QM2 first") << true;
    }
    void throughARelay() {
        QFETCH(bool, fakeQm2);
        QTemporaryDir dir;
        std::ostringstream rOut, rErr, iOut, iErr;
        auto parsed = parse("--responder --local 127.0.0.1:0 --local-natt 0 --psk lab-secret "
                            "--local-ts 10.2.0.0/24 --remote-ts 10.1.0.0/24");
        PeerOptions ro = parsed->options;
        ro.eventsPath = dir.filePath("responder.jsonl").toStdString();
        auto responder = PeerLoop::create(ro, rOut, rErr);
        QVERIFY2(responder, qPrintable(test::errorText(responder)));
        PathRelay relay((*responder)->ikePort(), (*responder)->natTPort(), fakeQm2);
        PeerOptions io = initiatorOptions(dir.path(), relay.ikePort(), relay.natTPort(), "lab-secret");
        io.remoteAddress = ip("127.0.0.4");
        io.keepalive = std::chrono::milliseconds(300);
        auto initiator = PeerLoop::create(io, iOut, iErr);
        QVERIFY2(initiator, qPrintable(test::errorText(initiator)));

        std::thread thread([&] { (void)(*responder)->run(); });
        const int initiatorExit = (*initiator)->run();
        (*responder)->requestStop();
        thread.join();

        QVERIFY2(initiatorExit == kExitOk, qPrintable(QString::fromStdString((*initiator)->failure() + iErr.str())));
        QCOMPARE((*initiator)->pingsAnswered(), 3u);
        const auto ie = readLines(dir.filePath("initiator.jsonl"));
        QVERIFY(byId(ie, "MM4.NAT-D.result").value("weAreBehindNat").toBool());
        QCOMPARE(relay.injected(), fakeQm2 ? 1 : 0);
        // --linger 1 after the last ping, 0.3 s between keepalives on an idle NAT-T port.
        QVERIFY2(relay.keepalivesFromInitiator() >= 2, qPrintable(QString::number(relay.keepalivesFromInitiator())));
        QCOMPARE(countKind(ie, "NatKeepalive"), relay.keepalivesFromInitiator());
        QVERIFY(!byId(ie, "peer.natt.keepalive.1").isEmpty());
    }

    void wrongPskFailsTheInitiatorAndTheResponderStaysUp() {
        QTemporaryDir dir;
        std::ostringstream rOut, rErr, iOut, iErr;
        auto responder = PeerLoop::create(responderOptions(dir.path()), rOut, rErr);
        QVERIFY(responder);
        auto wrong = PeerLoop::create(initiatorOptions(dir.path(), (*responder)->ikePort(), (*responder)->natTPort(),
                                                       "not-the-secret"),
                                      iOut, iErr);
        QVERIFY(wrong);
        int responderExit = -1;
        std::thread thread([&] { responderExit = (*responder)->run(); });
        const int wrongExit = (*wrong)->run();
        QCOMPARE(wrongExit, kExitFailed);
        QVERIFY(!(*wrong)->failure().empty());
        QVERIFY(QString::fromStdString(iErr.str()).contains("ipsec-lab peer: "));
        const auto ie = readLines(dir.filePath("initiator.jsonl"));
        QCOMPARE(byId(ie, "peer.exit").value("code").toInt(), 1);
        QCOMPARE(byId(ie, "peer.exit").value("failure").toString(), QString::fromStdString((*wrong)->failure()));

        // The same responder then completes a correct exchange.
        QTemporaryDir second;
        auto right = PeerLoop::create(initiatorOptions(second.path(), (*responder)->ikePort(), (*responder)->natTPort(),
                                                       "lab-secret"),
                                      iOut, iErr);
        QVERIFY(right);
        const int rightExit = (*right)->run();
        (*responder)->requestStop();
        thread.join();
        QCOMPARE(rightExit, kExitOk);
        QCOMPARE(responderExit, kExitOk);
        const auto re = readLines(dir.filePath("responder.jsonl"));
        // The responder diagnosed the unreadable MM5; it fails that phase 1 by name only at its
        // half-open timeout (an unreadable datagram is no verdict: issue 17), long after this run.
        QVERIFY(!byId(re, "MM5.unreadable").isEmpty());
        QVERIFY(byId(re, "MM5.unreadable").value("text").toString().contains("pre-shared keys probably differ"));
        QCOMPARE(countKind(re, "ChildSaEstablished"), 1);
    }

    // --ikev2: the same loop and tunnel over core/ikev2's engine. Two peers in one process: IKE_SA_INIT
    // on the IKE ports, IKE_AUTH and ESP in UDP on the NAT-T ports, pings both ways, the key files.
    void ikev2TwoLoopsCarryPingsBothWays() {
        QTemporaryDir dir;
        std::ostringstream rOut, rErr, iOut, iErr;
        PeerOptions ro = responderOptions(dir.path(), true);
        ro.keysDir = (dir.path() + "/rkeys").toStdString();
        auto responder = PeerLoop::create(ro, rOut, rErr);
        QVERIFY2(responder, qPrintable(test::errorText(responder)));
        auto initiator = PeerLoop::create(initiatorOptions(dir.path(), (*responder)->ikePort(),
                                                           (*responder)->natTPort(), "lab-secret", true),
                                          iOut, iErr);
        QVERIFY2(initiator, qPrintable(test::errorText(initiator)));
        int responderExit = -1;
        std::thread thread([&] { responderExit = (*responder)->run(); });
        const int initiatorExit = (*initiator)->run();
        (*responder)->requestStop();
        thread.join();
        QVERIFY2(initiatorExit == kExitOk, qPrintable(QString::fromStdString((*initiator)->failure() + iErr.str())));
        QCOMPARE(responderExit, kExitOk);
        QCOMPARE((*initiator)->pingsAnswered(), 3u);
        QCOMPARE((*responder)->pingsAnswered(), 2u);

        const auto ie = readLines(dir.filePath("initiator.jsonl"));
        const auto re = readLines(dir.filePath("responder.jsonl"));
        QCOMPARE(countKind(ie, "IkeSaEstablished"), 1);
        QCOMPARE(countKind(re, "ChildSaEstablished"), 1);
        QCOMPARE(countKind(ie, "Failure"), 0);
        QCOMPARE(countKind(re, "Failure"), 0);
        QCOMPARE(countKind(ie, "NatTFloat"), 1);
        QCOMPARE(countKind(re, "NatTFloat"), 1);
        QCOMPARE(byId(ie, "SK_ei").value("layer").toString(), QString("ikev2"));
        for (const char* key : {"SKEYSEED", "SK_d", "SK_ei", "SK_ar"})
            QCOMPARE(byId(ie, key).value("value"), byId(re, key).value("value"));
        const QJsonObject iChild = byId(ie, "CHILD_SA.established"), rChild = byId(re, "CHILD_SA.established");
        QCOMPARE(iChild.value("outbound").toObject().value("encryptionKey"),
                 rChild.value("inbound").toObject().value("encryptionKey"));
        QCOMPARE(byId(ie, "peer.counters.out").value("packets").toInt(), 5);
        QCOMPARE(byId(re, "peer.counters.in").value("verdicts").toObject().value("accepted").toInt(), 5);
        QCOMPARE(byId(ie, "peer.done").value("text").toString().left(16), QString("IKE_AUTH complet"));
        // --keys: ikev2_decryption_table (both ends the same line) and two esp_sa lines each.
        QCOMPARE(QDir(dir.filePath("keys")).entryList(QDir::Files, QDir::Name),
                 (QStringList{"esp_sa", "ikev2_decryption_table"}));
        const Bytes table = test::readFile(dir.filePath("keys/ikev2_decryption_table"));
        QCOMPARE(table, test::readFile(dir.filePath("rkeys/ikev2_decryption_table")));
        const QString line = QString::fromLatin1(reinterpret_cast<const char*>(table.data()), int(table.size()));
        const QJsonObject established = byId(ie, "IKE_SA.established");
        QCOMPARE(line, established.value("initiatorSpi").toString() + "," +
                           established.value("responderSpi").toString() + "," +
                           byId(ie, "SK_ei").value("value").toString() + "," +
                           byId(ie, "SK_er").value("value").toString() + ",\"AES-CBC-128 [RFC3602]\"," +
                           byId(ie, "SK_ai").value("value").toString() + "," +
                           byId(ie, "SK_ar").value("value").toString() + ",\"HMAC_SHA2_256_128 [RFC4868]\"\n");
        const Bytes esp = test::readFile(dir.filePath("keys/esp_sa"));
        QCOMPARE(std::count(esp.begin(), esp.end(), '\n'), 2);
    }

    // A wrong PSK: the responder refuses IKE_AUTH with AUTHENTICATION_FAILED, the initiator fails
    // naming it (both sides' Failure events carry the notify).
    void ikev2WrongPskFailsByName() {
        QTemporaryDir dir;
        std::ostringstream rOut, rErr, iOut, iErr;
        auto responder = PeerLoop::create(responderOptions(dir.path(), true), rOut, rErr);
        QVERIFY(responder);
        auto wrong = PeerLoop::create(initiatorOptions(dir.path(), (*responder)->ikePort(), (*responder)->natTPort(),
                                                       "not-the-secret", true),
                                      iOut, iErr);
        QVERIFY(wrong);
        std::thread thread([&] { (void)(*responder)->run(); });
        const int wrongExit = (*wrong)->run();
        (*responder)->requestStop();
        thread.join();
        QCOMPARE(wrongExit, kExitFailed);
        QVERIFY2(QString::fromStdString((*wrong)->failure()).contains("AUTHENTICATION_FAILED"),
                 (*wrong)->failure().c_str());
        for (const char* file : {"initiator.jsonl", "responder.jsonl"}) {
            const QJsonObject failure = byId(readLines(dir.filePath(file)), "IKE_AUTH.failed");
            QCOMPARE(failure.value("notify").toObject().value("name").toString(), QString("AUTHENTICATION_FAILED"));
        }
    }

    void ikev2Options() {
        auto gcm = parse("--initiator --ikev2 --local 127.0.0.1 --remote 127.0.0.2 --psk k "
                         "--ike aes128gcm16-prfsha256-ecp256,aes256-sha512-modp2048 --esp aes128gcm16,aes128-sha1");
        QVERIFY2(gcm, qPrintable(test::errorText(gcm)));
        const PeerOptions& o = gcm->options;
        QCOMPARE(o.ikeVersion, 2);
        QCOMPARE(o.ikev2Proposals.size(), std::size_t{2});
        QCOMPARE(o.ikev2Proposals[0].encryption, crypto::Encryption::Aes128Gcm16);
        QCOMPARE(o.ikev2Proposals[0].integrity, crypto::Integrity::None);
        QCOMPARE(o.ikev2Proposals[0].prf, crypto::HashAlgorithm::Sha256);
        QCOMPARE(o.ikev2Proposals[0].group, crypto::DhGroup::Ecp256);
        QCOMPARE(o.ikev2Proposals[1].prf, crypto::HashAlgorithm::Sha512);
        QCOMPARE(o.ikev2ChildProposals.size(), std::size_t{2});
        QCOMPARE(ikev2EngineConfig(o, 500).ikeProposals, o.ikev2Proposals);
        const std::pair<const char*, const char*> refused[] = {
            {"--ike aes128gcm16-ecp256", "needs a PRF"},
            {"--ike aes128-sha256", "no D-H group"},
            {"--esp aes128-sha256-modp2048", "no KE payload"},
            {"--mode aggressive", "--mode is IKEv1's"},
            {"--dpd 5", "INFORMATIONAL"},
        };
        for (const auto& [extra, why] : refused) {
            const auto r = parse(
                (std::string("--initiator --ikev2 --local 127.0.0.1 --remote 127.0.0.2 --psk k ") + extra).c_str());
            QVERIFY2(!r, extra);
            QVERIFY2(r.error().message.find(why) != std::string::npos, r.error().message.c_str());
        }
        QVERIFY(QString::fromStdString(peerUsage()).contains("--ikev2"));
    }

    // The peer's tunnel installs its SAs through the same lab::childSaConfig as the lab, so it checks
    // the selectors after decapsulation too (RFC 4301 §5.2). A sender holding the keys seals two
    // packets; control: the one from inside the selectors is delivered.
    void tunnelRefusesPacketsOutsideTheSelectors() {
        auto l = test::makeLab(test::builtin("nat")); // ESP in UDP, as the peer carries it
        QVERIFY(test::runToEnd(*l));
        const ike::ChildSaInfo atA = l->peer(lab::Site::A).childSas().back().clone();
        std::vector<ike::ChildSaInfo> atB;
        atB.push_back(l->peer(lab::Site::B).childSas().back().clone());
        crypto::DeterministicRandom random(3);
        std::vector<ipsec::Verdict> verdicts;
        Tunnel b(*ipsec::Subnet::parse("10.2.0.0/24"), *ipsec::Subnet::parse("10.1.0.0/24"), random,
                 [&](const ipsec::Event& e) {
                     if (e.kind == ipsec::EventKind::Verdict) verdicts.push_back(e.verdict);
                 });
        QCOMPARE(b.reconcile(atB, Timestamp{0}, [](const Tunnel::Datagram&) {}).size(), std::size_t{1});
        lab::ChildSaSettings settings;
        settings.name = "sender";
        settings.random = &random;
        auto sender = *ipsec::SecurityAssociation::create(*lab::childSaConfig(atA, atA.outbound, settings));
        auto deliver = [&](const char* source) {
            const Bytes esp = *sender->sealEsp(wire::IpProtocol::IpInIp, test::icmpPacket(84, 1, source), Timestamp{0});
            const ike::ChildSaDirection& d = atB.front().inbound;
            return b
                .receive(esp, d.source.address, d.source.port, d.destination.address, d.destination.port, Timestamp{0})
                .has_value();
        };
        QVERIFY(deliver("10.1.0.10"));
        QVERIFY(!deliver("192.0.2.66"));
        QCOMPARE(verdicts, (std::vector<ipsec::Verdict>{ipsec::Verdict::Accepted, ipsec::Verdict::PolicyMismatch}));
        for (const SaRecord& r : b.records())
            QCOMPARE(r.counters.count(ipsec::Verdict::PolicyMismatch), std::uint64_t{r.inbound ? 1U : 0U});
    }
};

QTEST_GUILESS_MAIN(TestPeer)
#include "tst_peer.moc"
