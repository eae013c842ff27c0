// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the IKE engine: two peers run a real exchange (Main or Aggressive Mode,
// Quick Mode, optionally NAT-T forced and PFS) and after k delivered datagrams one of them gets
// the fuzz bytes — as a new datagram, or XORed into the datagram that was due (so encrypted
// messages are reached too). Then the exchange goes on, timers fire, DPD and deletes run. Beyond
// "no crash, no leak" it checks what the events promise: annotations stay inside their bytes,
// derivation inputs inside their data.
//
// Input: byte 0 chooses  bit 0: the target (0 responder B, 1 initiator A)
//                        bits 1-4: k, datagrams delivered first
//                        bit 5: Aggressive Mode      bit 6: mutate instead of inject
//                        bit 7: NAT-T forced and PFS
//        the rest: the datagram (or the XOR mask).

#include <algorithm>
#include <cstdlib>
#include <deque>

#include "crypto/DeterministicRandom.h"
#include "ike/Peer.h"

using namespace ipseclab;
using namespace ipseclab::ike;

namespace {

void check(const wire::Annotations& annotations, std::size_t size) {
    for (const auto& a : annotations)
        if (a.offset > size || a.length > size - a.offset) std::abort();
}

void checkEvents(Peer& peer) {
    while (auto e = peer.pollEvent()) {
        if (e->id.empty()) std::abort();
        if (const auto* d = e->as<DatagramInfo>()) {
            check(d->annotations(), d->udpPayload.size());
            check(d->plaintextAnnotations(), d->plaintext.size());
            if (d->isakmpOffset > d->udpPayload.size()) std::abort();
        }
        if (const auto* d = e->as<Derivation>()) {
            for (const auto& input : d->inputs)
                if (input.offset > d->data.size() || input.length > d->data.size() - input.offset) std::abort();
        }
        (void)e->clone();
    }
}

PeerConfig config(bool initiator, bool aggressive, bool natTAndPfs) {
    PeerConfig c;
    const auto a = *wire::Ipv4Address::parse("127.0.0.1"), b = *wire::Ipv4Address::parse("127.0.0.2");
    c.local = Endpoint{initiator ? a : b, 500};
    c.remote = Endpoint{initiator ? b : a, 500};
    c.psk = bytesOf("fuzz-psk");
    c.mode = aggressive ? Phase1Mode::Aggressive : Phase1Mode::Main;
    c.ikeProposals = {
        Phase1Suite{crypto::CipherAlgorithm::Aes128Cbc, crypto::HashAlgorithm::Sha1, crypto::DhGroup::Ecp256, 600}};
    ChildProposal child;
    child.lifetimeSeconds = 60;
    c.childProposals = {child};
    if (natTAndPfs) {
        c.natTraversal = NatTraversal::Force;
        c.pfsGroup = crypto::DhGroup::Ecp256;
    }
    const auto netA = Selector::subnet(*wire::Ipv4Address::parse("10.1.0.0"), 24);
    const auto netB = Selector::subnet(*wire::Ipv4Address::parse("10.2.0.0"), 24);
    c.localSelector = initiator ? netA : netB;
    c.remoteSelector = initiator ? netB : netA;
    c.autoQuickMode = initiator;
    c.retransmit.maxRetransmits = 2;
    return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t selector = data[0];
    const ByteView fuzz(data + 1, size - 1);
    const bool targetA = selector & 1;
    const int k = (selector >> 1) & 15;
    const bool aggressive = selector & 0x20;
    const bool mutate = selector & 0x40;
    const bool natTAndPfs = selector & 0x80;

    crypto::DeterministicRandom randomA = crypto::DeterministicRandom(7).fork("a");
    crypto::DeterministicRandom randomB = crypto::DeterministicRandom(7).fork("b");
    Peer A(config(true, aggressive, natTAndPfs), randomA);
    Peer B(config(false, aggressive, natTAndPfs), randomB);
    Timestamp now{0};
    (void)A.initiate(now);

    int delivered = 0;
    bool injected = false;
    const auto inject = [&](Transmit* due) {
        injected = true;
        Peer& target = targetA ? A : B;
        if (mutate && due && !fuzz.empty()) {
            for (std::size_t i = 0; i < due->datagram.size(); ++i) due->datagram[i] ^= fuzz[i % fuzz.size()];
            return;
        }
        const Endpoint to = due ? due->to : target.config().local;
        const Endpoint from = due ? due->from : target.config().remote;
        target.handle(fuzz, from, to, now);
    };
    const auto shuttle = [&] {
        for (int rounds = 0; rounds < 64; ++rounds) {
            bool any = false;
            for (bool fromA : {true, false}) {
                Peer& sender = fromA ? A : B;
                Peer& receiver = fromA ? B : A;
                while (auto t = sender.pollTransmit()) {
                    any = true;
                    if (!injected && delivered == k && fromA != targetA) inject(&*t);
                    receiver.handle(t->datagram, t->from, t->to, now);
                    ++delivered;
                }
            }
            checkEvents(A);
            checkEvents(B);
            if (!any) return;
        }
    };
    shuttle();
    if (!injected) {
        inject(nullptr);
        shuttle();
    }
    // Timers: retransmissions, lifetimes; then DPD and deletes on whatever got established.
    for (int i = 0; i < 12; ++i) {
        auto a = A.nextTimeout(), b = B.nextTimeout();
        std::optional<Timestamp> next = a;
        if (b && (!next || *b < *next)) next = b;
        if (!next) break;
        now = std::max(now, *next);
        A.handleTimeout(now);
        B.handleTimeout(now);
        shuttle();
        if (i == 3) {
            (void)A.sendDpd(now);
            (void)B.startQuickMode(now);
            shuttle();
        }
    }
    for (const auto& child : A.childSas()) (void)A.deleteChildSa(child.inbound.spi, now);
    (void)B.deleteIkeSa(now);
    shuttle();
    checkEvents(A);
    checkEvents(B);
    return 0;
}
