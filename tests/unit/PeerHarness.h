// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Two IKE engines in memory ("Site A" initiator, "Site B" responder) and a wire that shuttles
// pollTransmit() of one into handle() of the other, on a virtual clock, with an optional NAT
// rewriting A's address and ports, and a hook to drop, alter or inspect datagrams. Either IKE
// version's Peer: both take the same calls and give the same Transmit and EventKind
// (tst_ike_support.h: IkeHarness; tst_ikev2_engine.cpp: IKEv2's).

#include <QTest>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/IkeEventKind.h"
#include "base/Timestamp.h"
#include "crypto/DeterministicRandom.h"
#include "wire/Transmit.h"

namespace ipseclab::test {

using namespace std::chrono_literals;

inline wire::Ipv4Address ip(const char* dotted) { return *wire::Ipv4Address::parse(dotted); }

struct Delivery {
    bool fromA = true;
    wire::Transmit transmit;
};

// Two engines and the wire between them; not lab::Lab, which adds the sockets, the data plane and the timeline.
template <typename PeerT, typename ConfigT, typename EventT>
class PeerHarness {
public:
    PeerHarness(ConfigT a, ConfigT b, std::uint64_t seed = 1)
        : randomA(crypto::DeterministicRandom(seed).fork("site-a")),
          randomB(crypto::DeterministicRandom(seed).fork("site-b")), A(std::move(a), randomA),
          B(std::move(b), randomB) {}

    crypto::DeterministicRandom randomA, randomB;
    PeerT A, B;
    Timestamp now{0};
    std::vector<EventT> eventsA, eventsB;
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
                PeerT& sender = fromA ? A : B;
                PeerT& receiver = fromA ? B : A;
                while (auto t = sender.pollTransmit()) {
                    any = true;
                    Delivery d{fromA, std::move(*t)};
                    wire.push_back(d);
                    if (filter && !filter(d)) continue;
                    wire::Endpoint from = d.transmit.from, to = d.transmit.to;
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
    bool tick(std::optional<Timestamp> until = std::nullopt) {
        auto a = A.nextTimeout(), b = B.nextTimeout();
        std::optional<Timestamp> next;
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
    void runUntil(Timestamp until) {
        while (tick(until)) {}
        now = std::max(now, until);
    }

    static const EventT* find(const std::vector<EventT>& events, const std::string& id) {
        for (const auto& e : events)
            if (e.id == id) return &e;
        return nullptr;
    }
    static int count(const std::vector<EventT>& events, ikeevents::EventKind kind) {
        int n = 0;
        for (const auto& e : events) n += e.kind == kind;
        return n;
    }
    static const EventT* last(const std::vector<EventT>& events, ikeevents::EventKind kind) {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->kind == kind) return &*it;
        return nullptr;
    }
    static std::string dump(const std::vector<EventT>& events) {
        std::string out;
        for (const auto& e : events) out += "  " + e.id + ": " + e.text + "\n";
        return out;
    }
};

// Both peers' events, for a failing assertion's message.
template <typename Harness>
QString dumpBoth(const Harness& lab) {
    return QString::fromStdString("--- A\n" + Harness::dump(lab.eventsA) + "--- B\n" + Harness::dump(lab.eventsB));
}

inline QByteArray hexOf(ByteView bytes) { return QByteArray::fromStdString(toHex(bytes)); }

} // namespace ipseclab::test
