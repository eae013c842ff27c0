// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab a class watches (docs/architecture.md "One datagram, from the wire to the window"): Site A
// (initiator, 127.0.0.1) and Site B (responder, 127.0.0.2), each an IKE engine with its SPD and SAD
// and a LAN host (10.1.0.10 pings, 10.2.0.20 answers); the WAN between them, whose packets really
// cross two loopback UDP sockets when delivered; an optional NAT; an attacker; a virtual clock; one
// seed; one timeline.
//
// A step delivers the next packet held on the wire and lets the receiver process it (decode,
// decrypt, verify, derive, queue its answer). When nothing is held, a step advances the virtual
// clock to the next timer (retransmission, lifetime, DPD, scheduled traffic or attack, a scenario
// action) and fires it. Every step adds at least one event to the timeline. Each packet takes a
// fixed link latency (1 ms) on the wire, so the capture's timestamps do not depend on how the lab
// was stepped.
//
// Determinism: every random byte comes from DeterministicRandom(seed) forked per site and purpose;
// the user's actions (traffic started, attacks injected, clock jumps, site actions) are logged with
// the step they came before. Same scenario + seed + actions ⇒ the same timeline and a byte-identical
// capture; stepBack() rebuilds from them and replays to the previous step.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/Error.h"
#include "capture/PcapngWriter.h"
#include "capture/WiresharkKeys.h"
#include "ike/Peer.h"
#include "ipsec/Event.h"
#include "ipsec/SecurityAssociation.h"
#include "lab/AttackSpec.h"
#include "lab/LabEvent.h"
#include "lab/Scenario.h"
#include "lab/Timeline.h"

namespace ipseclab::lab {

namespace detail {
class LabEngine;
}
class LabRewind;

// What a lab keeps of its past (issue 18). The window, stepping back, the views and the exports
// need all of it. A run that reports only its summary (`--headless --summary`) needs only what the
// run uses going forward: the engines, the SAs, the counters and attacks the summary reports, the
// packets an armed attack will replay. It then keeps constant memory however long it runs.
struct Retention {
    // Off: each step forgets the events of the steps before it (the timeline keeps counting), and
    // of the packets sent the lab keeps only those the attacks armed so far can replay.
    bool history = true;
    // Off: the capture's frames are numbered as they come, not kept (nothing to export).
    bool capture = true;
};

struct LabOptions {
    std::optional<std::uint64_t> seed;         // replaces the scenario's
    std::optional<std::uint32_t> trafficCount; // replaces the scenario's echo count
    std::vector<AttackSpec> attacks;           // added after the scenario's own
    Retention retention;
};

// A user action, as the log keeps it for replay.
struct LabAction {
    enum class Kind { StartTraffic, InjectAttack, FastForward, StopFastForward, SiteAction };
    Kind kind = Kind::StartTraffic;
    TrafficSpec traffic;
    AttackSpec attack;
    Timestamp duration{0}; // FastForward
    Timestamp target{0};   // StopFastForward: the clock target given up
    ActionKind siteAction = ActionKind::Dpd;
    Site site = Site::A;
};

struct LoggedAction {
    std::size_t beforeStep = 0; // applied after this many steps
    LabAction action;
};

// One SA of the data plane as the report shows it (alive, or as it was when it died).
struct SaReport {
    Site site = Site::A; // the SAD it lives in
    std::string name;    // "A2B", "B2A#2"
    ipsec::IpsecProtocol protocol = ipsec::IpsecProtocol::Esp;
    std::uint32_t spi = 0;
    bool inbound = false; // this site receives on it
    wire::Ipv4Address source;
    wire::Ipv4Address destination;
    std::string suite; // "AES-128-CBC + HMAC-SHA1-96"
    bool udpEncapsulated = false;
    bool esn = false;
    ipsec::SaCounters counters;
    std::optional<std::uint64_t> rightEdge; // inbound with anti-replay
    bool alive = true;
    // Where the timeline tells it: the index of its "installed" event, and of the first event of
    // its removal. A view that shows the first N events (a lesson step's horizon) lists the SA
    // when installedAt < N, as removed when removedAt < N.
    std::size_t installedAt = 0;
    std::optional<std::size_t> removedAt;
};

struct AttackReport {
    int index = 0;
    AttackSpec spec;
    std::string status;                           // "done", "waiting for A→B packet 7", "failed: ..."
    std::string summary;                          // what the attacker did, one line
    std::vector<ipsec::Verdict> verdicts;         // the receiver's verdicts on the attack's packets
    std::vector<std::string> ikeReactions;        // IKE attacks: what the engines did ("B: MM3 duplicate ...")
    std::optional<std::uint64_t> rightEdgeBefore; // the receiving SA's window around the attack's packets
    std::optional<std::uint64_t> rightEdgeAfter;
};

struct LabStatus {
    bool established = false;             // both sites installed a child SA (at some point)
    std::uint32_t echoRequests = 0;       // sent by host A (carriers included)
    std::uint32_t echoReplies = 0;        // that reached host A
    std::uint32_t echoesLost = 0;         // unanswered after 10 s
    std::uint64_t floodPackets = 0;       // put on the wire by floods so far
    std::uint64_t legitimateRejected = 0; // verdicts other than accepted on packets no attack touched
    std::uint64_t unknownSpiA = 0;        // packets each SAD could not attribute to an SA
    std::uint64_t unknownSpiB = 0;
    std::vector<std::pair<Site, ike::FailureInfo>> failures;
};

// A packet on the wire now (for a view of the held queue).
struct HeldPacketView {
    Site from = Site::A;
    std::string summary;
    Timestamp arrival{0};
    std::optional<int> attack;
};

class Lab {
public:
    // Opens the two loopback sockets, resolves the seed (drawn from the OS when neither the scenario
    // nor the options give one) and sets up both sites. Errors name what is wrong in the scenario.
    static Result<std::unique_ptr<Lab>> create(Scenario scenario, LabOptions options = {});
    ~Lab();
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    // The scenario as it runs: seed, traffic count and attacks from the options applied.
    const Scenario& scenario() const { return m_scenario; }
    std::uint64_t seed() const;
    Timestamp now() const;
    std::size_t stepCount() const;
    // The steps that had begun within the timeline's first `events` events: what a view that shows
    // only those (a lesson step's horizon) calls the step count. stepsIn(timeline().size()) ==
    // stepCount().
    std::size_t stepsIn(std::size_t events) const;
    const Timeline& timeline() const;

    // ---- operations ----
    // One step; false when nothing can happen any more (nothing held, no timer).
    Result<bool> step();
    // Back to the state after stepCount() - 1 steps: rebuilt from scenario, seed and the action log.
    Result<void> stepBack();
    // stepBack() in slices (LabRewind), for a window that shows its progress and may give up: the
    // rebuilt lab, at its start. This lab stays as it is until finishStepBack(rewind), once the
    // rewind reached its target. The two swap: the rewind then holds the state stepped back from,
    // which a caller may drop outside its lock (a long run's takes a while to free).
    Result<LabRewind> beginStepBack() const;
    Result<void> finishStepBack(LabRewind& rewind);
    // Steps until an event of another phase appears (or the end). Returns where the next phase
    // begins: the index of its first event, or the timeline's size when none came. The lab runs
    // whole steps, and the step that ends a phase often begins the next (A takes MM6 and sends QM1
    // at once), so events from that index on may already be there.
    Result<std::size_t> runToEndOfPhase();
    // Where the phase `phase` ended among the timeline's events from `from` on: the index of the
    // first event of another phase (an outcome does not count), if one came.
    std::optional<std::size_t> phaseEndFrom(Phase phase, std::size_t from) const;
    // Steps until the scenario's designed end (see finished()), at most `maxSteps`.
    Result<void> runToEnd(std::size_t maxSteps = 1000000);
    // Moves the virtual clock forward by `duration`, firing every timer on the way.
    Result<void> fastForward(Timestamp duration);
    // fastForward() a step at a time, for a window that shows its progress and may stop it: logs the
    // action and returns the clock's target; the lab gets there stepping while fastForwarding(it).
    Result<Timestamp> beginFastForward(Timestamp duration);
    bool fastForwarding(Timestamp target) const;
    // Gives up a fast-forward begun and not finished (the window's Cancel): the clock stays where it
    // is and the target is forgotten, so stepping on does not jump to it (logged, for a step back).
    // Nothing to do once the clock reached the target.
    Result<void> stopFastForward(Timestamp target);
    // Arms an attack on the wire now (logged).
    Result<void> inject(const AttackSpec& attack);
    // Host A starts sending echo requests now (logged).
    Result<void> startTraffic(const TrafficSpec& traffic);
    // Silence or resume a site, DPD, rekey, delete the child SA or the IKE SA, now (logged).
    Result<void> perform(ActionKind action, Site site);

    // ---- what happened ----
    // The designed end was reached (the Outcome event is on the timeline); stepping may go on.
    bool finished() const;
    std::optional<OutcomeRecord> outcome() const;
    LabStatus status() const;
    std::vector<SaReport> saReports() const;
    // Without verdicts (withVerdicts false): each left empty, for a view that counts them from the
    // events it was shown (a flood's 100,000 not copied at every batch).
    std::vector<AttackReport> attackReports(bool withVerdicts = true) const;
    std::vector<HeldPacketView> heldPackets() const;
    const std::vector<LoggedAction>& actionLog() const { return m_log; }
    const ike::Peer& peer(Site site) const;

    // ---- export ----
    // The capture so far, made from the timeline's frames when asked (they are kept once): what
    // exportCapture writes (a lab that keeps no history makes it of the frames of the events kept;
    // its exportCapture writes them all).
    capture::PcapngWriter capture() const;
    // The frames numbered so far, kept or not (a streamed or unkept capture's too).
    std::size_t frameCount() const;
    // ikev1_decryption_table (initiator cookie, Ka of every IKE SA) and esp_sa (every ESP SA, both
    // directions, with the addresses the capture shows).
    Result<capture::WiresharkKeys> keys() const;
    // `sectionComment`: whom the capture is for (a student's name and lab code), in its section header.
    // Not for a capture that streams (streamCapture).
    Result<void> exportCapture(const std::string& path, std::string_view sectionComment = {}) const;
    // From now on the capture is written to `path` as the lab runs (what it holds so far at once),
    // not kept in memory: a long headless run's memory stays flat. A step back starts the file over
    // (the rebuilt lab writes the same frames again). finishCapture() completes the file.
    Result<void> streamCapture(const std::string& path);
    Result<void> finishCapture();
    Result<void> exportKeys(const std::string& folder) const;

    // The real loopback ports (127.0.0.1) of the two sites' sockets.
    std::uint16_t socketPort(Site site) const;

private:
    friend class LabRewind;
    Lab(Scenario scenario, Retention retention);
    // The engine at its start, on loopback sockets of its own.
    Result<void> startEngine();
    // One step of the engine, its first event's index noted (stepsIn).
    Result<bool> advance();
    Result<void> apply(const LabAction& action);
    Result<void> record(const LabAction& action);

    Scenario m_scenario;
    Retention m_retention;
    std::unique_ptr<detail::LabEngine> m_engine;
    std::vector<LoggedAction> m_log;
    // Per step taken, the index of its first event; the steps whose events the timeline forgot
    // (Retention::history) are only counted.
    std::vector<std::size_t> m_stepStarts;
    std::size_t m_stepsForgotten = 0;
    std::optional<std::string> m_capturePath; // streamCapture's
};

// A step back under way: the lab rebuilt beside the one stepped back from, with its own loopback
// sockets (the other lab keeps its own), replaying the steps and logged actions up to the target.
// Dropping it gives the step back up.
class LabRewind {
public:
    std::size_t done() const { return m_lab->stepCount(); } // steps replayed
    std::size_t total() const { return m_target; }          // steps to replay
    // Replays at most `steps` more steps, with the actions logged before them; true at the target.
    Result<bool> advance(std::size_t steps);

private:
    friend class Lab;
    std::unique_ptr<Lab> m_lab;
    std::size_t m_target = 0;
    std::size_t m_next = 0; // the next logged action to apply
};

} // namespace ipseclab::lab
