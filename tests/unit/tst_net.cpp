// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lab's physical wire: packets really cross two UDP sockets on 127.0.0.1, framed with their
// logical IPv4 header; anything that is not a lab frame is refused.

#include <QTest>

#include "TestData.h"
#include "net/LoopbackLink.h"
#include "net/WireFrame.h"
#include "wire/Ipv4Header.h"

using namespace ipseclab;
using namespace ipseclab::net;

namespace {

Bytes logicalPacket(const char* source, const char* destination, std::uint8_t fill) {
    wire::Ipv4Header header;
    header.source = *wire::Ipv4Address::parse(source);
    header.destination = *wire::Ipv4Address::parse(destination);
    header.protocol = wire::IpProtocol::Esp;
    return *wire::encodeIpv4(header, Bytes(40, fill));
}

} // namespace

class TestNet : public QObject {
    Q_OBJECT
private slots:
    void carriesBothWays() {
        auto link = LoopbackLink::open();
        QVERIFY2(link, qPrintable(test::errorText(link)));
        QVERIFY(link->port(Site::A) != link->port(Site::B));
        for (int i = 0; i < 50; ++i) {
            const Site from = i % 2 ? Site::B : Site::A;
            const Bytes packet = logicalPacket(from == Site::A ? "127.0.0.1" : "127.0.0.2",
                                               from == Site::A ? "127.0.0.2" : "127.0.0.1", std::uint8_t(i));
            const auto delivered = link->carry(from, packet);
            QVERIFY2(delivered, qPrintable(test::errorText(delivered)));
            QCOMPARE(*delivered, packet);
        }
    }

    void ignoresStrayDatagrams() {
        auto link = LoopbackLink::open();
        QVERIFY(link);
        auto stranger = LoopbackSocket::open();
        QVERIFY(stranger);
        QVERIFY(stranger->sendTo(link->port(Site::B), encodeWireFrame(logicalPacket("10.9.9.9", "127.0.0.2", 0xee))));
        const Bytes packet = logicalPacket("127.0.0.1", "127.0.0.2", 0x11);
        const auto delivered = link->carry(Site::A, packet);
        QVERIFY2(delivered, qPrintable(test::errorText(delivered)));
        QCOMPARE(*delivered, packet);
    }

    void framesRoundTripAndRejectGarbage() {
        const Bytes packet = logicalPacket("127.0.0.1", "127.0.0.2", 0x42);
        const auto decoded = decodeWireFrame(encodeWireFrame(packet));
        QVERIFY(decoded);
        QCOMPARE(*decoded, packet);

        const auto untagged = decodeWireFrame(packet);
        QVERIFY(!untagged);
        QCOMPARE(untagged.error().field, std::string("Wire Frame/Tag"));

        Bytes truncated = encodeWireFrame(packet);
        truncated.resize(10);
        const auto cut = decodeWireFrame(truncated);
        QVERIFY(!cut);
        QVERIFY2(cut.error().field.rfind("Wire Frame/IPv4", 0) == 0, cut.error().toString().c_str());
    }

    void socketsAnswerOnlyOnLoopback() {
        auto socket = LoopbackSocket::open();
        QVERIFY(socket);
        QVERIFY(socket->port() != 0);
        const auto nothing = socket->receive(std::chrono::milliseconds(10));
        QVERIFY(nothing);
        QVERIFY(!nothing->has_value());
    }
};

QTEST_APPLESS_MAIN(TestNet)
#include "tst_net.moc"
