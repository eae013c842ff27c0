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
//                        bits 1-4: k, datagrams delivered first; 15: a script (below)
//                        bit 5: Aggressive Mode      bit 6: mutate instead of inject
//                        bit 7: NAT-T forced and PFS
//        the rest: the datagram (or the XOR mask), or the script.
//
// Script (k = 15): every genuine datagram is delivered, and between them what an attacker on the
// path without keys can add (issue 17): each step is  byte 0  bits 0-3: after how many genuine
// datagrams, bit 4: to A (else B), bits 5-7: the Kind below (6 and 7 as 0 and 1);  byte 1  a
// parameter p; then, for the kinds with a body, min(p, what is left) bytes. Bits 0 and 6 of the
// input's byte 0 are unused then (0x1e: Main Mode, 0x3e: Aggressive, 0x9e: NAT-T and PFS). With
// FUZZ_IKE_EXPECT_COMPLETION set in the environment the target also asserts that the exchange completed anyway (a child
// SA at each end, the same SPIs): true once the engine ignores what does not authenticate.
//
// The Diffie-Hellman results come precomputed in the fuzz build (crypto/DiffieHellman.cpp).

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <vector>

#include "FuzzPeerConfig.h"
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

// A genuine datagram as delivered: to A or to B.
struct Delivered {
    Transmit transmit;
    bool toA = false;
};

enum class Kind : std::uint8_t {
    Raw,        // the body as a datagram
    ForgedInfo, // an encrypted Informational with the newest cookies and the running Quick Mode's
                // Message ID (they travel in clear), the body as its ciphertext
    ForgedQm,   // the same as a Quick Mode message
    Truncated,  // an earlier genuine datagram (p bits 0-3 from the newest) cut to (p >> 4)/16 of it
    Replayed,   // an earlier genuine datagram (p bits 0-3 from the newest) again, byte for byte
    Flipped,    // an earlier genuine datagram (p bits 0-3) with one byte (p >> 4 from the end) flipped
};

std::uint32_t runningMessageId(const std::vector<Delivered>& history) {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        const Bytes& d = it->transmit.datagram;
        const std::size_t at = it->transmit.to.port == 4500 ? 4 : 0; // the non-ESP marker
        if (it->transmit.label.rfind("QM", 0) == 0 && d.size() >= at + 28) return readU32(d, at + 20);
    }
    return 0;
}

// What one script step sends (to the receiver of `history`'s datagrams it copies, or `toA`).
std::optional<Delivered> craft(Kind kind, std::uint8_t p, ByteView body, bool toA,
                               const std::vector<Delivered>& history) {
    if (history.empty()) return std::nullopt;
    const Delivered& pick = history[history.size() - 1 - (p & 15) % history.size()];
    Delivered out = pick;
    Bytes& d = out.transmit.datagram;
    switch (kind) {
    case Kind::Truncated: d.resize(d.size() * (p >> 4) / 16); return out;
    case Kind::Replayed: return out;
    case Kind::Flipped: d[d.size() - 1 - (p >> 4) % d.size()] ^= 0x80; return out;
    default: break;
    }
    // To `toA`, on the endpoints its newest genuine datagram came on (none yet: the other way round).
    if (out.toA != toA) std::swap(out.transmit.from, out.transmit.to);
    out.toA = toA;
    for (auto it = history.rbegin(); it != history.rend(); ++it)
        if (it->toA == toA) {
            out.transmit = it->transmit;
            break;
        }
    if (kind == Kind::Raw) {
        d.assign(body.begin(), body.end());
        return out;
    }
    // Marker (on 4500) and cookies as in that datagram, then a header of our own and the body.
    const std::size_t at = out.transmit.to.port == 4500 ? 4 : 0;
    Bytes forged(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(std::min(d.size(), at + 16)));
    forged.resize(at + 28);
    forged[at + 16] = 8;                                  // next payload: HASH
    forged[at + 17] = 0x10;                               // version 1.0
    forged[at + 18] = kind == Kind::ForgedQm ? 32 : 5;    // exchange type
    forged[at + 19] = 1;                                  // encrypted
    writeU32(forged, at + 20, runningMessageId(history)); // the running Quick Mode's
    writeU32(forged, at + 24, static_cast<std::uint32_t>(28 + body.size()));
    append(forged, body);
    out.transmit.datagram = std::move(forged);
    return out;
}

struct Step {
    int after = 0;
    bool toA = false;
    Kind kind = Kind::Raw;
    std::uint8_t p = 0;
    ByteView body;
};

std::deque<Step> parseScript(ByteView script) {
    std::deque<Step> steps;
    while (script.size() >= 2) {
        Step s{script[0] & 15, (script[0] & 16) != 0, static_cast<Kind>((script[0] >> 5) % 6), script[1], {}};
        script = script.subspan(2);
        if (s.kind == Kind::Raw || s.kind == Kind::ForgedInfo || s.kind == Kind::ForgedQm) {
            s.body = script.first(std::min<std::size_t>(s.p, script.size()));
            script = script.subspan(s.body.size());
        }
        steps.push_back(s);
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.after < b.after; });
    return steps;
}

// The exchange completed: a child SA at each end, and A's outbound SPI is one B receives on.
bool completed(const Peer& A, const Peer& B) {
    for (const auto& a : A.childSas())
        for (const auto& b : B.childSas())
            if (a.outbound.spi == b.inbound.spi && b.outbound.spi == a.inbound.spi) return true;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t selector = data[0];
    const ByteView fuzz(data + 1, size - 1);
    const bool targetA = selector & 1;
    const int k = (selector >> 1) & 15;
    const bool script = k == 15;
    const bool aggressive = selector & 0x20;
    const bool mutate = selector & 0x40;
    const bool natTAndPfs = selector & 0x80;
    static const bool expectCompletion = std::getenv("FUZZ_IKE_EXPECT_COMPLETION") != nullptr;

    crypto::DeterministicRandom randomA = crypto::DeterministicRandom(7).fork("a");
    crypto::DeterministicRandom randomB = crypto::DeterministicRandom(7).fork("b");
    Peer A(fuzzing::config(true, aggressive, natTAndPfs), randomA);
    Peer B(fuzzing::config(false, aggressive, natTAndPfs), randomB);
    Timestamp now{0};
    (void)A.initiate(now);

    int delivered = 0;
    bool injected = false;
    std::deque<Step> steps = script ? parseScript(fuzz) : std::deque<Step>{};
    std::vector<Delivered> history;
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
    // The script's steps due after `delivered` genuine datagrams (all that are left, at the end).
    const auto runSteps = [&](bool all) {
        while (!steps.empty() && (all || steps.front().after <= delivered)) {
            const Step s = steps.front();
            steps.pop_front();
            injected = true;
            if (auto d = craft(s.kind, s.p, s.body, s.toA, history)) {
                Peer& receiver = d->toA ? A : B;
                receiver.handle(d->transmit.datagram, d->transmit.from, d->transmit.to, now);
            }
        }
    };
    const auto shuttle = [&] {
        for (int rounds = 0; rounds < 64; ++rounds) {
            bool any = false;
            for (bool fromA : {true, false}) {
                Peer& sender = fromA ? A : B;
                Peer& receiver = fromA ? B : A;
                while (auto t = sender.pollTransmit()) {
                    any = true;
                    if (!script && !injected && delivered == k && fromA != targetA) inject(&*t);
                    receiver.handle(t->datagram, t->from, t->to, now);
                    ++delivered;
                    if (script) {
                        history.push_back(Delivered{*t, !fromA});
                        runSteps(false);
                    }
                }
            }
            checkEvents(A);
            checkEvents(B);
            if (!any) return;
        }
    };
    shuttle();
    if (script) {
        runSteps(true);
        shuttle();
        if (expectCompletion && !completed(A, B)) std::abort();
    } else if (!injected) {
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
