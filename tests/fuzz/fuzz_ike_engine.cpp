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
// FUZZ_IKE_EXPECT_COMPLETION set in the environment the target also asserts that the exchange
// completed anyway (a child SA at each end, the same SPIs): true once the engine ignores what does
// not authenticate.
//
// Speed (issue 17 asks for 1,000 inputs/s; tests/fuzz/smoke.sh prints the rate and says why it runs
// this target with -entropic=0), nothing left unchecked. In the fuzz build only:
// - the Diffie-Hellman results come precomputed (crypto/DiffieHellman.cpp);
// - each mode's genuine exchange runs once per process (track()): both engines are saved after
//   each datagram (Peer::snapshot, IPSECLAB_FUZZ_SNAPSHOT), and so is each of those states with the
//   datagram due lost on the wire; every saved state then runs on to the end of a run once, checked
//   like any input. An input starts from a copy of the state it picks;
// - an input's engines are compared with those states before each datagram it delivers
//   (Peer::sameState: every member, the random streams' positions, the clock). Back in one, with
//   steps still to come, a script skips the genuine datagrams up to its next step (their delivery
//   to those states ran once already); with none left, the input stops: from there on it would
//   only repeat what that state did. A script counts the genuine states only (a lost datagram
//   would fail its completion check). An injection that left any trace (an answer sent, a flag
//   set, an SA made, an IV forgotten) runs on as before, to the end, timers, DPD and deletes
//   included; most junk leaves none, so most inputs cost only their own datagrams. An injected
//   datagram that leaves the target as genuine state k had it ends the input there: the datagram
//   due would take the world to genuine state k + 1;
// - the engines share their IKE SAs with the saved states until they change one (Engine::own), so
//   copying a saved state copies little, and comparing with one skips what is still shared.
// Other builds (the replays) run every input in full from the start; both go through genuine() below.
// In every build, a datagram's annotations are checked the first time those exact bytes are sent
// or received (checkedBefore), not again for each copy: the check is a function of those bytes.
// The other event checks run on every event. The peers draw on a recording of their seeded
// random streams (Tape), which copies with the engines.

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
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

// Whether a datagram's annotations were checked before: they are a function of the fields hashed
// here alone, so each distinct datagram is decoded once per process, not again in every run that
// sends it. A fixed table of 64-bit hashes, direct-mapped: a newer datagram takes an older one's
// slot (it is checked again when it comes back), and no run allocates (libFuzzer reads allocations
// a run does not free as a possible leak, and runs the input again to see).
bool checkedBefore(const DatagramInfo& d) {
    static std::vector<std::uint64_t> slots(1 << 16);
    const auto hash = [](ByteView bytes) {
        return std::hash<std::string_view>{}(
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    };
    std::uint64_t h = hash(d.udpPayload);
    for (const std::uint64_t part : {hash(d.plaintext), std::uint64_t{d.isakmpOffset}, std::uint64_t{d.isakmp},
                                     std::uint64_t{d.decrypted}, std::uint64_t(d.header.nextPayload)})
        h = (h ^ part) * 0x100000001b3ULL; // FNV-1a's prime, over the parts' hashes
    std::uint64_t& slot = slots[h % slots.size()];
    if (slot == h) return true;
    slot = h;
    return false;
}

void checkEvents(Peer& peer) {
    while (auto e = peer.pollEvent()) {
        if (e->id.empty()) std::abort();
        if (const auto* d = e->as<DatagramInfo>()) {
            if (d->isakmpOffset > d->udpPayload.size()) std::abort();
            if (!checkedBefore(*d)) {
                check(d->annotations(), d->udpPayload.size());
                check(d->plaintextAnnotations(), d->plaintext.size());
            }
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

// The genuine datagrams delivered so far, in order. Shared, not copied, between the saved worlds
// and the inputs' copies of them: a delivered datagram never changes.
using History = std::vector<std::shared_ptr<const Delivered>>;

std::uint32_t runningMessageId(const History& history) {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        const Transmit& t = (*it)->transmit;
        const Bytes& d = t.datagram;
        const std::size_t at = t.to.port == 4500 ? 4 : 0; // the non-ESP marker
        if (t.label.rfind("QM", 0) == 0 && d.size() >= at + 28) return readU32(d, at + 20);
    }
    return 0;
}

// What one script step sends (to the receiver of `history`'s datagrams it copies, or `toA`).
std::optional<Delivered> craft(Kind kind, std::uint8_t p, ByteView body, bool toA, const History& history) {
    if (history.empty()) return std::nullopt;
    const Delivered& pick = *history[history.size() - 1 - (p & 15) % history.size()];
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
        if ((*it)->toA == toA) {
            out.transmit = (*it)->transmit;
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

// A copyable random source: DeterministicRandom's stream for `label`, drawn once per process and
// replayed, so a World copies with its position. The bytes are the ones DeterministicRandom(7)'s
// fork would give the peer (its stream does not depend on how it is sliced).
class Tape final : public crypto::RandomSource {
public:
    explicit Tape(const char* label) : m_recording(&recording(label)) {}

    void fill(std::span<std::uint8_t> out) override {
        Bytes& bytes = m_recording->bytes;
        if (bytes.size() < m_at + out.size())
            append(bytes, m_recording->source.bytes(m_at + out.size() - bytes.size()));
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(m_at), out.size(), out.begin());
        m_at += out.size();
    }
    std::string describe() const override { return m_recording->source.describe(); }
    std::size_t position() const { return m_at; }

private:
    struct Recording {
        crypto::DeterministicRandom source;
        Bytes bytes;
    };
    static Recording& recording(const char* label) {
        static Recording a{crypto::DeterministicRandom(7).fork("a"), {}},
            b{crypto::DeterministicRandom(7).fork("b"), {}};
        return label[0] == 'a' ? a : b;
    }
    Recording* m_recording;
    std::size_t m_at = 0;
};

// The two peers and the wire between them: everything a run changes. The random sources live on
// the heap, where the peers' references to them stay valid when a World moves.
struct World {
    std::unique_ptr<Tape> randomA = std::make_unique<Tape>("a"), randomB = std::make_unique<Tape>("b");
    Peer A, B;
    Timestamp now{0};
    int delivered = 0; // datagrams delivered so far
    History history;   // and the datagrams themselves, for the scripts
    int mode = 0;      // aggressive * 2 + natTAndPfs

    World(bool aggressive, bool natTAndPfs)
        : A(fuzzing::config(true, aggressive, natTAndPfs), *randomA),
          B(fuzzing::config(false, aggressive, natTAndPfs), *randomB), mode(aggressive * 2 + natTAndPfs) {
        (void)A.initiate(now);
    }
    World(World&&) = default;
    World& operator=(World&&) = default;
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    World(const World& o)
        : randomA(std::make_unique<Tape>(*o.randomA)), randomB(std::make_unique<Tape>(*o.randomB)),
          A(o.A.snapshot(*randomA)), B(o.B.snapshot(*randomB)), now(o.now), delivered(o.delivered), history(o.history),
          mode(o.mode) {}
    // The same engines, drawing on the same position of their random streams: what either world does
    // from here on, the other does too (history and delivered matter to script steps only).
    bool sameState(const World& o) const {
        return mode == o.mode && now == o.now && randomA->position() == o.randomA->position() &&
               randomB->position() == o.randomB->position() && A.sameState(o.A) && B.sameState(o.B);
    }
#endif
    Peer& peer(bool a) { return a ? A : B; }
};

// The next datagram on the wire, A's first (a genuine exchange has at most one in flight).
std::optional<Delivered> next(World& w) {
    if (auto t = w.A.pollTransmit()) return Delivered{std::move(*t), false};
    if (auto t = w.B.pollTransmit()) return Delivered{std::move(*t), true};
    return std::nullopt;
}

void deliver(World& w, Delivered d) {
    w.peer(d.toA).handle(d.transmit.datagram, d.transmit.from, d.transmit.to, w.now);
    ++w.delivered;
    w.history.push_back(std::make_shared<const Delivered>(std::move(d)));
    checkEvents(w.A);
    checkEvents(w.B);
}

// A bound on the datagrams one shuttle delivers: two peers that answer each other forever stop.
constexpr int kShuttleLimit = 128;

bool expectCompletion() {
    static const bool expect = std::getenv("FUZZ_IKE_EXPECT_COMPLETION") != nullptr;
    return expect;
}

// An input's script (k = 15): the steps still to send. Other inputs have none, and so has the
// genuine exchange that track() runs: one shuttle() for all of them.
struct Script {
    std::deque<Step> steps;
    bool scripted = false; // the input is a script (its runs count the genuine states only)

    // Sends the steps due after w.delivered datagrams (all that are left, with `all`).
    void run(World& w, bool all) {
        while (!steps.empty() && (all || steps.front().after <= w.delivered)) {
            const Step s = steps.front();
            steps.pop_front();
            if (auto d = craft(s.kind, s.p, s.body, s.toA, w.history))
                w.peer(d->toA).handle(d->transmit.datagram, d->transmit.from, d->transmit.to, w.now);
        }
    }
};

bool shuttle(World& w, Script& script, bool mayStop);

// What every run ends with once the exchange is over: timers (retransmissions, lifetimes), then DPD,
// a second Quick Mode and deletes on whatever got established, each answer delivered.
void finish(World& w, Script& script) {
    for (int i = 0; i < 12; ++i) {
        auto a = w.A.nextTimeout(), b = w.B.nextTimeout();
        std::optional<Timestamp> soonest = a;
        if (b && (!soonest || *b < *soonest)) soonest = b;
        if (!soonest) break;
        w.now = std::max(w.now, *soonest);
        w.A.handleTimeout(w.now);
        w.B.handleTimeout(w.now);
        shuttle(w, script, false);
        if (i == 3) {
            (void)w.A.sendDpd(w.now);
            (void)w.B.startQuickMode(w.now);
            shuttle(w, script, false);
        }
    }
    for (const auto& child : w.A.childSas()) (void)w.A.deleteChildSa(child.inbound.spi, w.now);
    (void)w.B.deleteIkeSa(w.now);
    shuttle(w, script, false);
}

#ifdef IPSECLAB_FUZZ_SNAPSHOT
// The states of each mode's genuine exchange, run once per process: `genuine`, the worlds after 0,
// 1, ... delivered datagrams to the end; `lost`, each of those but the last with the datagram due
// taken off the wire and lost (where a mutated copy that changed nothing leaves a run). Each ran
// on to the end of a run once, checked as every run is: the genuine exchange through finish()
// (and with FUZZ_IKE_EXPECT_COMPLETION, completed first), each lost state through finish(), which
// retransmits.
struct Track {
    std::vector<World> genuine, lost;
};

const Track& track(int mode) {
    static std::map<int, Track> saved;
    Track& t = saved[mode];
    if (!t.genuine.empty()) return t;
    t.genuine.emplace_back(mode & 2, mode & 1);
    checkEvents(t.genuine.back().A);
    while (static_cast<int>(t.genuine.size()) <= kShuttleLimit) {
        World w = t.genuine.back();
        auto d = next(w);
        if (!d) break;
        t.lost.push_back(w);
        deliver(w, std::move(*d));
        t.genuine.push_back(std::move(w));
    }
    Script none;
    World end = t.genuine.back();
    if (expectCompletion() && !completed(end.A, end.B)) std::abort();
    finish(end, none);
    for (World lost : t.lost) {
        shuttle(lost, none, false);
        finish(lost, none);
    }
    return t;
}

// Whether A (`a`) or B of `w` is in the state it has in `g`: the same engine, drawing on the same
// position of its random stream, at the same time.
bool samePeer(const World& w, bool a, const World& g) {
    return w.now == g.now && (a ? w.randomA->position() == g.randomA->position() && w.A.sameState(g.A)
                                : w.randomB->position() == g.randomB->position() && w.B.sameState(g.B));
}

// The state of its mode's track `w` is back in: a genuine one (its index), a lost one (-1, when
// `lostToo`), or none. From such a state on, a run would only repeat what that state did once already.
std::optional<int> backOnTrack(const World& w, bool lostToo) {
    const Track& t = track(w.mode);
    const auto same = [&](const World& known) { return w.sameState(known); };
    if (auto g = std::find_if(t.genuine.begin(), t.genuine.end(), same); g != t.genuine.end())
        return static_cast<int>(g - t.genuine.begin());
    if (lostToo && std::any_of(t.lost.begin(), t.lost.end(), same)) return -1;
    return std::nullopt;
}

// `w`, back in genuine state `at`, moved on to where the genuine exchange is when `w` has delivered
// `due` datagrams in all (or to its end): what comes in between is genuine datagrams delivered to
// the genuine states that got them once already. `w` keeps its own history, the genuine datagrams
// appended. How many it skipped (0: none to skip).
int fastForward(World& w, int at, int due) {
    const std::vector<World>& genuine = track(w.mode).genuine;
    const int to = std::min(at + std::max(0, due - w.delivered), static_cast<int>(genuine.size()) - 1);
    if (to <= at) return 0;
    World jumped = genuine[static_cast<std::size_t>(to)];
    History history = std::move(w.history);
    history.insert(history.end(), jumped.history.begin() + at, jumped.history.end());
    jumped.history = std::move(history);
    jumped.delivered = w.delivered + (to - at);
    w = std::move(jumped);
    return to - at;
}
#endif

// Delivers what is on the wire (at most kShuttleLimit datagrams), sending the script's steps as they
// fall due. With `mayStop`, in the fuzz build, the engines back on the genuine exchange's track
// (checked before each datagram) skip ahead to where the next step is due, and once the steps are
// done the run stops (true).
bool shuttle(World& w, Script& script, bool mayStop) {
    for (int n = 0;; ++n) {
        checkEvents(w.A);
        checkEvents(w.B);
#ifdef IPSECLAB_FUZZ_SNAPSHOT
        if (const auto at = mayStop ? backOnTrack(w, !script.scripted) : std::nullopt) {
            if (script.steps.empty()) return true;
            if (const int skipped = *at >= 0 ? fastForward(w, *at, script.steps.front().after) : 0) {
                n += skipped - 1;
                script.run(w, false);
                continue;
            }
        }
#else
        (void)mayStop;
#endif
        auto d = n < kShuttleLimit ? next(w) : std::nullopt;
        if (!d) return false;
        deliver(w, std::move(*d));
        script.run(w, false);
    }
}

// The genuine exchange in `aggressive` and `natTAndPfs` after `k` datagrams (all of them, if it
// ends before). The fuzz build hands out a copy of the saved state; other builds run the exchange
// up to there again.
World genuine(bool aggressive, bool natTAndPfs, int k) {
    k = std::min(k, kShuttleLimit);
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    const std::vector<World>& worlds = track(aggressive * 2 + natTAndPfs).genuine;
    return worlds[std::min<std::size_t>(k, worlds.size() - 1)];
#else
    World w(aggressive, natTAndPfs);
    checkEvents(w.A);
    for (int i = 0; i < k; ++i)
        if (auto d = next(w)) deliver(w, std::move(*d));
        else break;
    return w;
#endif
}

// Whether the genuine exchange's datagram due after `k` goes to A (`toA`) or to B; false when none
// is. The fuzz build reads it off the saved states, so an input copies only the world it starts from.
bool dueTo(bool aggressive, bool natTAndPfs, int k, bool toA) {
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    const std::vector<World>& worlds = track(aggressive * 2 + natTAndPfs).genuine;
    const auto after = static_cast<std::size_t>(std::min(k, kShuttleLimit)) + 1;
    return after < worlds.size() && worlds[after].history.back()->toA == toA;
#else
    World w = genuine(aggressive, natTAndPfs, k);
    const auto d = next(w);
    return d && d->toA == toA;
#endif
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t selector = data[0];
    const ByteView fuzz(data + 1, size - 1);
    const bool targetA = selector & 1;
    const int k = (selector >> 1) & 15;
    const bool scripted = k == 15;
    const bool aggressive = selector & 0x20;
    const bool mutate = selector & 0x40;
    const bool natTAndPfs = selector & 0x80;

    Script script{scripted ? parseScript(fuzz) : std::deque<Step>{}, scripted};

    // Up to the injection the exchange is the genuine one: k datagrams delivered, then the fuzz
    // goes to the target with (or XORed into) the datagram due to it. If that one goes the other
    // way, the fuzz comes once the genuine exchange is over. A script starts where its first step
    // is due, after at least one datagram.
    std::optional<World> world;
    if (scripted) {
        world.emplace(genuine(aggressive, natTAndPfs,
                              script.steps.empty() ? kShuttleLimit : std::max(1, script.steps.front().after)));
        script.run(*world, false);
        if (shuttle(*world, script, true)) return 0;
        script.run(*world, true);
        if (shuttle(*world, script, true)) return 0;
        if (expectCompletion() && !completed(world->A, world->B)) std::abort();
    } else {
        const bool dueToTarget = dueTo(aggressive, natTAndPfs, k, targetA);
        world.emplace(genuine(aggressive, natTAndPfs, dueToTarget ? k : kShuttleLimit));
        std::optional<Delivered> due = dueToTarget ? next(*world) : std::nullopt;
        World& w = *world;
        Peer& target = w.peer(targetA);
        if (mutate && due && !fuzz.empty()) {
            for (std::size_t i = 0; i < due->transmit.datagram.size(); ++i)
                due->transmit.datagram[i] ^= fuzz[i % fuzz.size()];
        } else {
            target.handle(fuzz, due ? due->transmit.from : target.config().remote,
                          due ? due->transmit.to : target.config().local, w.now);
#ifdef IPSECLAB_FUZZ_SNAPSHOT
            // The target as genuine state k had it: `due` would take the world to genuine state k + 1,
            // whose run to the end track() made once (backOnTrack's rule, a datagram earlier).
            if (due && samePeer(w, targetA, track(w.mode).genuine[static_cast<std::size_t>(k)])) {
                checkEvents(w.A);
                checkEvents(w.B);
                return 0;
            }
#endif
        }
        if (due) deliver(w, std::move(*due));
        if (shuttle(w, script, true)) return 0;
    }
    finish(*world, script);
    return 0;
}
