// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Transport mode in the lab (RFC 4301 §4.1: the SA's endpoints are the traffic's endpoints): gateway
// A pings gateway B, and every echo crosses the WAN protected, with ESP or AH, in UDP or not, behind
// a NAT or not. The gateways' own header stays on the wire, the receiver decrypts ICMP and the ESP
// trailer, the LANs stay quiet. A scenario that cannot work says so: a LAN as a transport-mode
// selector is refused when loaded, and sites that disagree on the mode fail with the named failure,
// never with "unknown SPI" on every packet.

#include <QTest>

#include "AnnotationTest.h"
#include "LabTestSupport.h"
#include "capture/PcapngReader.h"
#include "crypto/DeterministicRandom.h"
#include "ipsec/SecurityAssociation.h"
#include "lab/ChildSaConfig.h"
#include "lab/PacketAnnotations.h"
#include "lab/WanPacket.h"
#include "wire/Ipv4Header.h"
#include "wire/UdpHeader.h"

using namespace ipseclab;
using namespace ipseclab::test;

namespace {

using wire::findAnnotation;

// The transport scenario with its child protocol, NAT and NAT-T changed.
lab::Scenario variant(bool ah, bool nat, ike::NatTraversal natTraversal = ike::NatTraversal::On) {
    lab::Scenario s = builtin("transport");
    for (lab::Site site : {lab::Site::A, lab::Site::B}) {
        lab::SiteSettings& settings = s.site(site);
        if (ah) {
            settings.protocol = ike::ChildProtocol::Ah;
            settings.childProposals = {"sha1"};
        }
        settings.natTraversal = natTraversal;
    }
    s.nat = nat;
    return s;
}

// The payloads (short names) of the Quick Mode message `label` as its receiver decrypted it.
std::vector<std::string> receivedPayloads(const lab::Lab& l, const std::string& label) {
    for (const lab::LabEvent& e : l.timeline())
        if (const ike::Event* ev = e.ike(); ev && ev->kind == ike::EventKind::DatagramReceived)
            if (const auto* d = ev->as<ike::DatagramInfo>(); d && d->label == label && d->decrypted) return d->payloads;
    return {};
}

// One direction of the newest child SA of `site`, as the lab installs it.
std::unique_ptr<ipsec::SecurityAssociation> childSa(const lab::Lab& l, lab::Site site, bool inbound) {
    const ike::ChildSaInfo info = l.peer(site).childSas().back().clone();
    lab::ChildSaSettings settings;
    settings.name = inbound ? "in" : "out";
    static crypto::DeterministicRandom random(7);
    settings.random = &random;
    auto config = lab::childSaConfig(info, inbound ? info.inbound : info.outbound, settings);
    if (!config) qFatal("%s", config.error().message.c_str());
    return *ipsec::SecurityAssociation::create(std::move(*config));
}

int unknownSpiVerdicts(const lab::Lab& l) {
    int n = 0;
    for (const lab::LabEvent& e : l.timeline())
        if (const auto* r = e.as<lab::DataPlaneRecord>();
            r && r->event().kind == ipsec::EventKind::Verdict && r->event().verdict == ipsec::Verdict::UnknownSpi)
            ++n;
    return n;
}

} // namespace

class TestLabTransport : public QObject {
    Q_OBJECT

private slots:
    void gatewaysPingEachOther_data() {
        QTest::addColumn<bool>("ah");
        QTest::addColumn<bool>("nat");
        QTest::addColumn<int>("natTraversal");
        QTest::newRow("ESP") << false << false << int(ike::NatTraversal::On);
        QTest::newRow("AH") << true << false << int(ike::NatTraversal::On);
        QTest::newRow("ESP in UDP (NAT-T forced)") << false << false << int(ike::NatTraversal::Force);
        QTest::newRow("ESP in UDP behind the NAT") << false << true << int(ike::NatTraversal::On);
    }
    void gatewaysPingEachOther() {
        QFETCH(bool, ah);
        QFETCH(bool, nat);
        QFETCH(int, natTraversal);
        const bool udp = nat || natTraversal == int(ike::NatTraversal::Force);
        auto l = makeLab(variant(ah, nat, ike::NatTraversal(natTraversal)));
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const auto st = l->status();
        QCOMPARE(st.echoReplies, 3u);
        QCOMPARE(st.legitimateRejected, std::uint64_t{0});
        QCOMPARE(unknownSpiVerdicts(*l), 0);

        // The proxy IDs are the gateways' own addresses.
        const auto* established = firstWithPrefix(l->timeline(), "A.QM.established");
        QVERIFY(established);
        QVERIFY2(established->text().find("transport") != std::string::npos &&
                     established->text().find("127.0.0.1/32 <-> 127.0.0.2/32") != std::string::npos,
                 established->text().c_str());

        // The echoes start and end at the gateways: no LAN frame, a note at each gateway.
        for (const char* id : {"echo.1.request", "echo.1.request.B", "echo.1.reply.B", "echo.1.reply"}) {
            const lab::LabEvent* e = l->timeline().find(id);
            QVERIFY2(e, id);
            QCOMPARE(e->kind, lab::LabEventKind::Action);
            QVERIFY(!e->as<lab::PacketRecord>());
            QCOMPARE(e->origin,
                     std::string(id).find(".B") != std::string::npos ? lab::Origin::SiteB : lab::Origin::SiteA);
        }
        QVERIFY(l->timeline().find("echo.1.reply")->text().find("127.0.0.2 → 127.0.0.1") != std::string::npos);

        // On the wire: the gateways' own header (A's rewritten by the NAT), ESP or AH right behind it
        // or behind UDP 4500, and in the capture nothing on the LANs.
        const wire::Ipv4Address a = nat ? lab::LabNetwork::natPublicAddress() : lab::LabNetwork::gateway(lab::Site::A);
        int wanIpsec = 0, decrypted = 0;
        for (const lab::LabEvent& e : l->timeline()) {
            if (const auto* r = e.as<lab::PacketRecord>();
                r && r->interface == lab::Interface::Wan && !r->saName().empty()) {
                const wire::Annotations fields = lab::dissect(*r).annotations;
                QVERIFY(findAnnotation(fields, ah ? "ah.spi" : "esp.spi"));
                QCOMPARE(findAnnotation(fields, "udp.dstport") != nullptr, udp);
                QVERIFY(!findAnnotation(fields, "ip", 2)); // no inner IPv4 behind the outer one
                const std::string source = findAnnotation(fields, "ip.src")->value;
                const std::string destination = findAnnotation(fields, "ip.dst")->value;
                const bool aToB = r->saName() == "A2B";
                QCOMPARE(source, (aToB ? a : lab::LabNetwork::gateway(lab::Site::B)).toString());
                QCOMPARE(destination, (aToB ? lab::LabNetwork::gateway(lab::Site::B) : a).toString());
                if (ah) QVERIFY(findAnnotation(fields, "icmp.type")); // AH: the ICMP in clear behind the AH header
                ++wanIpsec;
            }
            if (const auto* v = e.as<lab::DataPlaneRecord>(); v && v->event().kind == ipsec::EventKind::Verdict &&
                                                              v->event().verdict == ipsec::Verdict::Accepted && !ah) {
                // Decrypted: the ICMP message, then the trailer naming ICMP; no inner IPv4 header.
                const wire::Annotations clear = lab::dissectCleartext(*v).annotations;
                QCOMPARE(findAnnotation(clear, "esp.protocol")->value, std::string("ICMP (1)"));
                QVERIFY(!findAnnotation(clear, "ip"));
                QCOMPARE(findAnnotation(clear, "icmp.type")->offset, std::size_t{0});
                QCOMPARE(findAnnotation(clear, "esp.pad_len")->offset, v->cleartext().size() - 2);
                ++decrypted;
            }
        }
        QCOMPARE(wanIpsec, 6);
        QCOMPARE(decrypted, ah ? 0 : 6);
        auto capture = capture::PcapngReader::read(l->capture().bytes());
        QVERIFY(capture);
        for (const auto& p : capture->packets) QCOMPARE(p.interfaceId, std::uint32_t{1});
        QVERIFY(capture->interfaces[0].description.find("empty in transport mode") != std::string::npos);

        // Behind the NAT, B's policy follows A's public address, and says so.
        const lab::LabEvent* follows = firstWithPrefix(l->timeline(), "B.SPD.B-to-A.behind-nat");
        QCOMPARE(follows != nullptr, nat);
        if (follows) QVERIFY(follows->text().find("127.0.0.2/32 ↔ 203.0.113.5/32") != std::string::npos);

        // The esp_sa lines name the addresses on the wire, so Wireshark finds the SA.
        auto keys = l->keys();
        QVERIFY(keys);
        if (!ah) {
            const std::string aToB = "\"IPv4\",\"" + a.toString() + "\",\"127.0.0.2\"";
            bool listed = false;
            for (const std::string& line : keys->espSaLines()) listed = listed || line.rfind(aToB, 0) == 0;
            QVERIFY(listed);
        }
    }

    // AH protects the addresses a NAT rewrites, in transport mode as in tunnel mode: Quick Mode
    // cannot start, and the failure is named.
    // NAT-OA (RFC 3947 §5.2): in transport mode through a NAT both Quick Mode messages carry the
    // original addresses; in tunnel mode, or without a NAT, none.
    void natOriginalAddresses_data() {
        QTest::addColumn<bool>("transport");
        QTest::addColumn<bool>("nat");
        QTest::newRow("transport behind the NAT") << true << true;
        QTest::newRow("transport without NAT") << true << false;
        QTest::newRow("tunnel behind the NAT") << false << true;
    }
    void natOriginalAddresses() {
        QFETCH(bool, transport);
        QFETCH(bool, nat);
        lab::Scenario s = transport ? variant(false, nat) : builtin("nat");
        auto l = makeLab(s);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const bool sent = transport && nat;
        for (const char* label : {"QM1", "QM2"}) {
            const auto payloads = receivedPayloads(*l, label);
            QVERIFY(!payloads.empty());
            QCOMPARE(std::count(payloads.begin(), payloads.end(), std::string("NAT-OA")), sent ? 2 : 0);
        }
        const ike::ChildSaInfo atA = l->peer(lab::Site::A).childSas().back().clone();
        const ike::ChildSaInfo atB = l->peer(lab::Site::B).childSas().back().clone();
        if (!sent) {
            QCOMPARE(atB.peerNatOa, ike::NatOriginalAddresses{});
            return;
        }
        // B learns A's private address; A learns the public one B sees it at.
        const wire::Ipv4Address gatewayA = lab::LabNetwork::gateway(lab::Site::A);
        const wire::Ipv4Address gatewayB = lab::LabNetwork::gateway(lab::Site::B);
        const wire::Ipv4Address publicA = lab::LabNetwork::natPublicAddress();
        QCOMPARE(atB.peerNatOa, (ike::NatOriginalAddresses{gatewayA, gatewayB}));
        QCOMPARE(atA.peerNatOa, (ike::NatOriginalAddresses{publicA, gatewayB}));
    }

    // RFC 3948 §3.1.2: A's UDP checksum covers its private address; the NAT rewrites the header
    // (the packet's own, in transport mode) but not the encrypted checksum; B corrects it from
    // the NAT-OA it learnt. Control: without the original addresses the checksum is wrong.
    void checksumFixedAfterTheNat() {
        auto l = makeLab(variant(false, true));
        QVERIFY(runToEnd(*l));
        auto out = childSa(*l, lab::Site::A, false);
        auto in = childSa(*l, lab::Site::B, true);
        const wire::Ipv4Address gatewayA = lab::LabNetwork::gateway(lab::Site::A);
        const wire::Ipv4Address gatewayB = lab::LabNetwork::gateway(lab::Site::B);
        const wire::Ipv4Address publicA = lab::LabNetwork::natPublicAddress();
        wire::Ipv4Header h;
        h.protocol = wire::IpProtocol::Udp;
        h.source = gatewayA;
        h.destination = gatewayB;
        const Bytes data{'d', 'n', 's', '?'};
        const Bytes udp = *wire::encodeUdp(40000, 53, data, {gatewayA, gatewayB});
        const Bytes sealed = *out->protect(*wire::encodeIpv4(h, udp), Timestamp{0});
        lab::PacketRewrite nat; // what the lab's NAT does to A's packets
        nat.source = publicA;
        nat.sourcePort = 45000;
        const Bytes arrived = *lab::rebuildPacket(sealed, nat);

        auto checksumAtB = [&](ipsec::SecurityAssociation& sa) {
            const auto r = sa.unprotect(arrived, Timestamp{0});
            if (!r.accepted()) qFatal("%s", r.reason.c_str());
            auto ip = *wire::decodeIpv4(r.packet);
            if (!(ip.header.source == publicA))
                qFatal("B delivered the packet from %s", ip.header.source.toString().c_str());
            return wire::decodeUdp(ip.payload, wire::Annotator(nullptr), wire::UdpPseudoHeader{publicA, gatewayB})
                ->header.checksumStatus;
        };
        QCOMPARE(checksumAtB(*in), wire::ChecksumStatus::Good);
        // Control: the same SA without NAT-OA delivers a checksum the NAT made wrong.
        const ike::ChildSaInfo info = l->peer(lab::Site::B).childSas().back().clone();
        lab::ChildSaSettings settings;
        settings.name = "in";
        auto config = *lab::childSaConfig(info, info.inbound, settings);
        QVERIFY(config.natOriginal);
        QCOMPARE(config.natOriginal->source, gatewayA);
        QCOMPARE(config.natOriginal->destination, gatewayB);
        config.natOriginal.reset();
        auto without = *ipsec::SecurityAssociation::create(std::move(config));
        QCOMPARE(checksumAtB(*without), wire::ChecksumStatus::Bad);
    }

    void ahCannotCrossTheNat() {
        lab::Scenario s = variant(true, true);
        s.expect.failure = ike::FailureKind::Local;
        auto l = makeLab(s);
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        QCOMPARE(unknownSpiVerdicts(*l), 0);
    }

    // Sites that disagree on the mode: B refuses A's proposal and names the encapsulation; nothing
    // is sent under an SA one side cannot find.
    void disagreeingSitesFailByName_data() {
        QTest::addColumn<bool>("aTransport");
        QTest::newRow("A transport, B tunnel") << true;
        QTest::newRow("A tunnel, B transport") << false;
    }
    void disagreeingSitesFailByName() {
        QFETCH(bool, aTransport);
        lab::Scenario s = builtin("transport");
        (aTransport ? s.siteB : s.siteA).encapsulation = ike::Encapsulation::Tunnel;
        auto l = makeLab(s);
        QVERIFY(runToEnd(*l));
        QVERIFY(!l->outcome()->asDesigned);
        const auto st = l->status();
        QVERIFY(!st.established);
        bool named = false;
        for (const auto& [site, f] : st.failures)
            named = named ||
                    (site == lab::Site::B && f.kind == ike::FailureKind::NoProposalChosen &&
                     f.sentence.find(aTransport ? "encapsulation Transport (we expect Tunnel)"
                                                : "encapsulation Tunnel (we expect Transport)") != std::string::npos);
        QVERIFY2(named, qPrintable(story(*l)));
        QCOMPARE(unknownSpiVerdicts(*l), 0);
        // The traffic is Site A's: the gateways' in transport mode, the hosts' in tunnel mode.
        QVERIFY(l->timeline()
                    .find("echo.1.request")
                    ->text()
                    .find(aTransport ? "127.0.0.1 → 127.0.0.2" : "10.1.0.10 → 10.2.0.20") != std::string::npos);

        // Expecting that failure, the run is as designed.
        s.expect.failure = ike::FailureKind::NoProposalChosen;
        auto designed = makeLab(s);
        QVERIFY(runToEnd(*designed));
        QVERIFY2(designed->outcome()->asDesigned, qPrintable(story(*designed)));
    }
};

QTEST_GUILESS_MAIN(TestLabTransport)
#include "tst_lab_transport.moc"
