// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the IKEv2 engine (core/ikev2/Peer.h): two peers run IKE_SA_INIT and
// IKE_AUTH with the first child SA, and after k delivered datagrams one of them gets the fuzz bytes,
// as a new datagram or XORed into the datagram that was due (so SK payloads are reached too). Then
// the exchange goes on and its timers fire to the end. Beyond "no crash, no leak" it checks what the
// events promise: annotations inside their bytes, derivation inputs inside their data; and that an
// injected datagram (the genuine ones all delivered) never leaves a child SA whose two ends differ.
//
// Input: byte 0 chooses  bit 0: the target (0 responder B, 1 initiator A)
//                        bits 1-2: k, datagrams delivered first (0..3)
//                        bit 3: mutate the datagram due instead of injecting
//                        bit 4: the initiator's first suite is ECP-256 (an INVALID_KE_PAYLOAD round trip)
//                        bits 5-6: once established, A starts an INFORMATIONAL: 1 a liveness check,
//                                  2 a Delete of its child SA, 3 of the IKE SA; k then counts from
//                                  its request (k + 4)
//        the rest: the datagram, or the XOR mask.

#include <cstdlib>
#include <vector>

#include "crypto/DeterministicRandom.h"
#include "ikev2/Peer.h"

using namespace ipseclab;

namespace {

ikev2::PeerConfig site(bool a) {
    ikev2::PeerConfig c;
    const auto ip = [](const char* s) { return *wire::Ipv4Address::parse(s); };
    c.local = wire::Endpoint{ip(a ? "127.0.0.1" : "127.0.0.2"), 500};
    c.remote = wire::Endpoint{ip(a ? "127.0.0.2" : "127.0.0.1"), 500};
    c.psk = bytesOf("fuzz-psk");
    c.localSelector = wire::Selector::subnet(ip(a ? "10.1.0.0" : "10.2.0.0"), 24);
    c.remoteSelector = wire::Selector::subnet(ip(a ? "10.2.0.0" : "10.1.0.0"), 24);
    c.retransmit.maxRetransmits = 2;
    return c;
}

void checkAnnotations(const wire::Annotations& annotations, std::size_t size) {
    for (const wire::Annotation& a : annotations)
        if (a.offset > size || a.length > size - a.offset) std::abort();
}

void checkEvents(ikev2::Peer& peer) {
    while (auto e = peer.pollEvent()) {
        if (const auto* d = e->as<ikev2::DatagramInfo>()) {
            checkAnnotations(d->annotations(), d->udpPayload.size());
            checkAnnotations(d->plaintextAnnotations(), d->plaintext.size());
        }
        if (const auto* d = e->as<crypto::Derivation>())
            for (const crypto::InputRef& in : d->inputs)
                if (in.offset > d->data.size() || in.length > d->data.size() - in.offset) std::abort();
    }
}

struct World {
    crypto::DeterministicRandom randomA{crypto::DeterministicRandom(1).fork("site-a")};
    crypto::DeterministicRandom randomB{crypto::DeterministicRandom(1).fork("site-b")};
    ikev2::Peer a;
    ikev2::Peer b;
    Timestamp now{0};

    explicit World(bool invalidKe) : a(site(true), randomA), b(site(false), randomB) {
        if (invalidKe) {
            ikev2::IkeSuite ecp;
            ecp.group = crypto::DhGroup::Ecp256;
            a.config().ikeProposals.insert(a.config().ikeProposals.begin(), ecp);
        }
    }
    void deliver(ikev2::Peer& to, const wire::Transmit& t) {
        to.handle(t.datagram, t.from, t.to, now);
        checkEvents(a);
        checkEvents(b);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const bool toA = data[0] & 1;
    const int informational = (data[0] >> 5) & 3;
    const int k = ((data[0] >> 1) & 3) + (informational ? 4 : 0);
    bool started = informational == 0;
    const bool mutate = data[0] & 8;
    const ByteView fuzz(data + 1, size - 1);
    World w((data[0] & 16) != 0);
    if (!w.a.initiate(w.now)) return 0;
    int delivered = 0;
    bool used = false;
    for (int rounds = 0; rounds < 64; ++rounds) {
        bool any = false;
        for (bool fromA : {true, false}) {
            ikev2::Peer& sender = fromA ? w.a : w.b;
            ikev2::Peer& receiver = fromA ? w.b : w.a;
            while (auto t = sender.pollTransmit()) {
                any = true;
                if (!used && delivered == k && toA == !fromA) {
                    used = true;
                    if (mutate) {
                        for (std::size_t i = 0; i < t->datagram.size() && i < fuzz.size(); ++i)
                            t->datagram[i] ^= fuzz[i];
                    } else {
                        w.deliver(receiver,
                                  wire::Transmit{t->from, t->to, Bytes(fuzz.begin(), fuzz.end()), "fuzz", "fuzz"});
                    }
                }
                w.deliver(receiver, *t);
                ++delivered;
            }
        }
        if (any) continue;
        if (!started && !w.a.ikeSas().empty()) {
            started = true;
            const auto spiI = w.a.ikeSas()[0].spiI;
            const auto children = w.a.childSas();
            if (informational == 1) (void)w.a.checkLiveness(spiI, w.now);
            else if (informational == 2 && !children.empty()) (void)w.a.deleteChildSa(children[0].inbound.spi, w.now);
            else (void)w.a.deleteIkeSa(spiI, w.now);
            checkEvents(w.a);
            continue;
        }
        const auto ta = w.a.nextTimeout(), tb = w.b.nextTimeout();
        if (!ta && !tb) break;
        w.now = std::max(w.now, ta && (!tb || *ta < *tb) ? *ta : *tb);
        w.a.handleTimeout(w.now);
        w.b.handleTimeout(w.now);
        checkEvents(w.a);
        checkEvents(w.b);
    }
    // Two child SAs, if any, are the same pair seen from each end.
    const auto ca = w.a.childSas(), cb = w.b.childSas();
    if (!ca.empty() && !cb.empty() &&
        (ca[0].outbound.spi != cb[0].inbound.spi || ca[0].inbound.spi != cb[0].outbound.spi ||
         ca[0].outbound.encryptionKey.view().size() != cb[0].inbound.encryptionKey.view().size() ||
         !crypto::constantTimeEqual(ca[0].outbound.encryptionKey.view(), cb[0].inbound.encryptionKey.view())))
        std::abort();
    return 0;
}
