// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Shared by the tst_ike_* suites: two IKE peers in memory ("Site A" initiator, "Site B"
// responder) and a wire that shuttles pollTransmit() of one into handle() of the other, on a
// virtual clock, with an optional NAT rewriting A's address and ports, and a hook to drop, alter or
// inspect datagrams.

#include <QTest>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/DeterministicRandom.h"
#include "ike/Peer.h"

namespace ipseclab::test {

using namespace std::chrono_literals;

inline wire::Ipv4Address ip(const char* dotted) { return *wire::Ipv4Address::parse(dotted); }

inline ike::PeerConfig siteA() {
    ike::PeerConfig c;
    c.name = "A";
    c.local = ike::Endpoint{ip("127.0.0.1"), 500};
    c.remote = ike::Endpoint{ip("127.0.0.2"), 500};
    c.psk = bytesOf("lab-psk-1234");
    c.localSelector = ike::Selector::subnet(ip("10.1.0.0"), 24);
    c.remoteSelector = ike::Selector::subnet(ip("10.2.0.0"), 24);
    return c;
}

inline ike::PeerConfig siteB() {
    ike::PeerConfig c;
    c.name = "B";
    c.local = ike::Endpoint{ip("127.0.0.2"), 500};
    c.remote = ike::Endpoint{ip("127.0.0.1"), 500};
    c.psk = bytesOf("lab-psk-1234");
    c.localSelector = ike::Selector::subnet(ip("10.2.0.0"), 24);
    c.remoteSelector = ike::Selector::subnet(ip("10.1.0.0"), 24);
    c.autoQuickMode = false;
    return c;
}

struct Delivery {
    bool fromA = true;
    ike::Transmit transmit;
};

// Two engines and the wire between them; not lab::Lab, which adds the sockets, the data plane and the timeline.
class IkeHarness {
public:
    IkeHarness(ike::PeerConfig a, ike::PeerConfig b, std::uint64_t seed = 1)
        : randomA(crypto::DeterministicRandom(seed).fork("site-a")),
          randomB(crypto::DeterministicRandom(seed).fork("site-b")), A(std::move(a), randomA),
          B(std::move(b), randomB) {}

    crypto::DeterministicRandom randomA, randomB;
    ike::Peer A, B;
    ike::Timestamp now{0};
    std::vector<ike::Event> eventsA, eventsB;
    std::vector<Delivery> wire; // everything sent, in order
    // Return false to drop; may alter the transmit.
    std::function<bool(Delivery&)> filter;
    // A NAT in front of A: A's source (address, port) becomes natAddress:(port + 1000).
    std::optional<wire::Ipv4Address> nat;

    void drainEvents() {
        while (auto e = A.pollEvent()) eventsA.push_back(std::move(*e));
        while (auto e = B.pollEvent()) eventsB.push_back(std::move(*e));
    }

    // Delivers until neither peer has anything to send; returns how many datagrams went over.
    int run(int limit = 200) {
        int delivered = 0;
        for (;;) {
            bool any = false;
            for (bool fromA : {true, false}) {
                ike::Peer& sender = fromA ? A : B;
                ike::Peer& receiver = fromA ? B : A;
                while (auto t = sender.pollTransmit()) {
                    any = true;
                    Delivery d{fromA, std::move(*t)};
                    wire.push_back(d);
                    if (filter && !filter(d)) continue;
                    ike::Endpoint from = d.transmit.from, to = d.transmit.to;
                    if (nat) {
                        if (fromA) {
                            from.address = *nat;
                            from.port = static_cast<std::uint16_t>(from.port + 1000);
                        } else {
                            to.address = A.config().local.address;
                            to.port = static_cast<std::uint16_t>(to.port - 1000);
                        }
                    }
                    receiver.handle(d.transmit.datagram, from, to, now);
                    if (++delivered > limit) {
                        drainEvents();
                        return delivered;
                    }
                }
            }
            drainEvents();
            if (!any) return delivered;
        }
    }

    // Advances the clock to the earlier next timeout and fires it; false when none is pending or
    // it lies beyond `until`.
    bool tick(std::optional<ike::Timestamp> until = std::nullopt) {
        auto a = A.nextTimeout(), b = B.nextTimeout();
        std::optional<ike::Timestamp> next;
        if (a) next = a;
        if (b && (!next || *b < *next)) next = b;
        if (!next || (until && *next > *until)) return false;
        now = std::max(now, *next);
        A.handleTimeout(now);
        B.handleTimeout(now);
        run();
        return true;
    }

    // Runs timers until `until`, delivering everything.
    void runUntil(ike::Timestamp until) {
        while (tick(until)) {}
        now = std::max(now, until);
    }

    static const ike::Event* find(const std::vector<ike::Event>& events, const std::string& id) {
        for (const auto& e : events)
            if (e.id == id) return &e;
        return nullptr;
    }
    static int count(const std::vector<ike::Event>& events, ike::EventKind kind) {
        int n = 0;
        for (const auto& e : events) n += e.kind == kind;
        return n;
    }
    static const ike::Event* last(const std::vector<ike::Event>& events, ike::EventKind kind) {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->kind == kind) return &*it;
        return nullptr;
    }
    static std::string dump(const std::vector<ike::Event>& events) {
        std::string out;
        for (const auto& e : events) out += "  " + e.id + ": " + e.text + "\n";
        return out;
    }
};

// Both peers' events, for a failing assertion's message.
inline QString dumpBoth(const IkeHarness& lab) {
    return QString::fromStdString("--- A\n" + IkeHarness::dump(lab.eventsA) + "--- B\n" +
                                  IkeHarness::dump(lab.eventsB));
}

inline QByteArray hexOf(ByteView bytes) { return QByteArray::fromStdString(toHex(bytes)); }

// Both peers hold the same child SA pair, mirrored: A's outbound is B's inbound and vice versa,
// with equal SPIs and keys.
inline void compareChildSas(const ike::ChildSaInfo& a, const ike::ChildSaInfo& b) {
    QCOMPARE(a.outbound.spi, b.inbound.spi);
    QCOMPARE(a.inbound.spi, b.outbound.spi);
    QCOMPARE(hexOf(a.outbound.keymat.view()), hexOf(b.inbound.keymat.view()));
    QCOMPARE(hexOf(a.inbound.keymat.view()), hexOf(b.outbound.keymat.view()));
    QCOMPARE(hexOf(a.outbound.encryptionKey.view()), hexOf(b.inbound.encryptionKey.view()));
    QCOMPARE(hexOf(a.outbound.integrityKey.view()), hexOf(b.inbound.integrityKey.view()));
    QVERIFY(a.suite == b.suite);
    QCOMPARE(a.encapsulationMode, b.encapsulationMode);
    QCOMPARE(a.lifetimeSeconds, b.lifetimeSeconds);
    QVERIFY(a.inbound.keymat.size() == ike::keymatLength(a.suite));
    QVERIFY(a.inbound.keymat.view().size() > 0 || ike::keymatLength(a.suite) == 0);
    // Different SPIs, different keys.
    QVERIFY(hexOf(a.inbound.keymat.view()) != hexOf(a.outbound.keymat.view()));
}

} // namespace ipseclab::test
