// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Internal to core/lab: the state of one lab run and its step machinery. Lab (Lab.h) owns one,
// logs the user's actions and rebuilds a fresh one to step back. Split over files by concern:
// LabEngine.cpp (steps, timers, the wire, outcome), LabSites.cpp (gateways, hosts, SPD/SAD, the
// IKE engines' events), LabAttacks.cpp (the attacker), LabReports.cpp (reports and key files).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "capture/PacketSynthesizer.h"
#include "capture/PcapngWriter.h"
#include "capture/WiresharkKeys.h"
#include "crypto/DeterministicRandom.h"
#include "ike/Peer.h"
#include "ipsec/Sad.h"
#include "ipsec/Spd.h"
#include "lab/EchoTracker.h"
#include "lab/Lab.h"
#include "lab/NatBox.h"
#include "lab/ReceiverVerdict.h"
#include "lab/WanPacket.h"
#include "net/LoopbackLink.h"

namespace ipseclab::lab::detail {

using namespace std::chrono_literals;

inline constexpr Timestamp kLinkLatency = 1ms;                 // every packet's time on the wire
inline constexpr Timestamp kEchoTimeout = 10s;                 // an unanswered echo request counts as lost
inline constexpr Timestamp kAttackPause = 500ms;               // between the traffic's end and a post-traffic attack
inline constexpr std::uint64_t kFloodBitsPerMicrosecond = 100; // a flood's line rate: 100 Mbit/s
inline constexpr Timestamp kRetireAfterRekey = 1s; // old SA pair deleted this long after a byte-lifetime rekey
inline constexpr Timestamp kQuietPeriod = 150s;    // no engine timer within this: the story is over
inline constexpr Timestamp kHorizon = std::chrono::hours(24 * 30); // a run never goes past 30 virtual days
inline constexpr std::uint64_t kCaptureEpochMicros = 1735689600ULL * 1000000ULL; // 2025-01-01 00:00:00 UTC

struct FloodStream; // LabFlood.cpp

// A packet on the WAN: as the capture shows it (after the NAT for A→B; before it for B→A).
struct HeldPacket {
    SharedBytes packet; // shared with the timeline's records and the replay history (Timeline::keep)
    Site from = Site::A;
    Timestamp arrival{0};
    WanPacket::Kind kind = WanPacket::Kind::Other;
    std::string label;      // IKE: "MM3"; ESP/AH: "ESP seq 5"
    std::string datagramId; // IKE
    std::string saName;     // ESP/AH
    std::optional<std::uint64_t> sequenceNumber;
    wire::IpsecHints hints; // ESP/AH: the SA's ESP layout and ESN high bits, for the packet record
    Phase phase = Phase::DataTransfer;
    std::optional<int> attack; // made or altered by this attack
    std::string notes;         // "NAT ...; injected: replay of WAN packet #12 (attack 1)"
    Timestamp lineDelay{0};    // a flood's packet: the time the packets ahead of it in the burst take on the line
    // Set: not a packet but a flood's packets still to come, made one at a time as they leave the
    // wire (takeFromWire), so that a flood's memory does not grow with its size.
    std::shared_ptr<FloodStream> flood;
};

struct InstalledChild {
    std::uint32_t inboundSpi = 0;
    std::uint32_t outboundSpi = 0;
    ipsec::SaKey inboundKey;
    ipsec::SaKey outboundKey;
    std::string inboundName;
    std::string outboundName;
    bool rekeyStarted = false;
    std::optional<Timestamp> retireAt; // delete this pair then (it was replaced after a byte-lifetime rekey)
};

struct SaRecord {
    Site site = Site::A;
    ipsec::SaKey key;
    std::string name;
    bool inbound = false;
    wire::Ipv4Address source, destination;
    std::string suite;
    bool udpEncapsulated = false;
    bool esn = false;
    ipsec::SaCounters finalCounters; // when removed
    bool alive = true;
    std::size_t installedAt = 0;          // SaReport's
    std::optional<std::size_t> removedAt; // SaReport's
};

struct SiteState {
    Site site = Site::A;
    crypto::DeterministicRandom ikeRandom;
    crypto::DeterministicRandom espRandom;
    std::unique_ptr<ike::Peer> peer;
    ipsec::Sad sad;
    ipsec::Spd spd;
    capture::PacketSynthesizer gateway;
    capture::PacketSynthesizer host;
    std::string policyName;
    std::vector<InstalledChild> children;
    int generations = 0;
    bool silent = false;
    bool negotiating = false;
    bool acquireRaised = false;
    bool established = false; // installed a child SA at some point
    bool dpdInProgress = false;
    Timestamp lastHeard{0};
    std::optional<Timestamp> nextDpdCheck;
    std::vector<std::string> softLimits; // SA names whose byte/packet soft limit fired (to rekey)
    std::vector<std::string> hardLimits; // ... hard limit (to delete)

    SiteState(Site s, const crypto::DeterministicRandom& root);
};

struct TrafficPlan {
    TrafficSpec spec;
    Timestamp start{0};
    std::uint32_t sent = 0;
    bool done() const { return sent >= spec.count; }
    Timestamp next() const { return start + std::chrono::duration_cast<Timestamp>(spec.interval) * sent; }
};

// One attack from arming to its end.
struct ArmedAttack {
    enum class Stage {
        WaitingForTraffic, // starts when the traffic is over
        WaitingForAt,      // starts after A→B packet `at`
        Hunting,           // waits for its target packet (a sequence number, or the next one)
        Holding,           // holds packets until enough others passed (or until a time)
        Done,
        Failed,
    };
    int index = 0;
    AttackSpec spec;
    Stage stage = Stage::WaitingForTraffic;
    std::optional<std::uint64_t> targetSeq; // Hunting: this A→B sequence number; none = the next one
    std::vector<HeldPacket> held;
    std::uint32_t passedSinceHold = 0;
    std::uint32_t releaseAfter = 0;
    std::optional<Timestamp> releaseAt; // delay-ike
    std::string status;
    std::string summary;
    std::vector<ipsec::Verdict> verdicts;
    std::vector<std::string> ikeReactions;
    std::optional<std::uint64_t> rightEdgeBefore, rightEdgeAfter;
};

class LabEngine {
public:
    LabEngine(Scenario scenario, net::LoopbackLink link, Retention retention = {});
    ~LabEngine();
    LabEngine(const LabEngine&) = delete;
    LabEngine& operator=(const LabEngine&) = delete;

    Result<void> start();

    Result<bool> step();
    Timestamp now() const { return m_now; }
    std::size_t steps() const { return m_steps; }
    const Timeline& timeline() const { return m_timeline; }

    Result<void> startTraffic(const TrafficSpec& spec);
    Result<void> inject(const AttackSpec& spec);
    Result<void> perform(ActionKind action, Site site);
    Result<void> setClockTarget(Timestamp target);
    // Forgets the clock target `target` (a fast-forward given up), which must be set.
    Result<void> dropClockTarget(Timestamp target);
    bool hasClockTarget(Timestamp target) const;
    // A clock target at or before `upTo` has not been reached yet.
    bool clockTargetPending(Timestamp upTo) const { return !m_clockTargets.empty() && m_clockTargets.front() <= upTo; }

    bool finished() const { return m_outcome.has_value(); }
    std::optional<OutcomeRecord> outcome() const { return m_outcome; }
    void giveUp(std::size_t maxSteps);

    LabStatus status() const;
    std::vector<SaReport> saReports() const;
    std::vector<AttackReport> attackReports(bool withVerdicts = true) const;
    std::vector<HeldPacketView> heldPackets() const;
    const ike::Peer& peer(Site site) const { return *siteState(site).peer; }
    // The capture the timeline's frames make, byte for byte what a writer fed as the lab ran
    // holds: the frames are kept once, in their PacketRecords (issue 18). With no history kept,
    // only the frames of the events kept.
    capture::PcapngWriter captureFile() const;
    // The writer that streams the capture (streamCapture) or, with no history to make it again
    // from, holds it.
    capture::PcapngWriter& captureWriter() { return m_capture; }
    const capture::PcapngWriter& captureWriter() const { return m_capture; }
    // Whether the frames go to m_capture as they come: when it streams, or when the timeline
    // forgets them (otherwise captureFile() makes the capture from the timeline when asked).
    bool writesCapture() const;
    // Fills the writer with the frames so far, then streams it to `path` (Lab::streamCapture).
    Result<void> streamCapture(const std::string& path);
    std::size_t frameCount() const { return m_frames; } // the frames numbered so far
    Result<capture::WiresharkKeys> keys() const;
    std::uint16_t socketPort(Site site) const { return m_link.port(site); }

private:
    friend struct AttackContext;

    SiteState& siteState(Site site) { return *m_sites[site == Site::A ? 0 : 1]; }
    const SiteState& siteState(Site site) const { return *m_sites[site == Site::A ? 0 : 1]; }

    // ---- timeline ----
    void add(LabEvent event);
    LabEvent event(std::string id, Origin origin, LabEventKind kind, Phase phase, std::string summary,
                   std::string text);

    // ---- steps and timers (LabEngine.cpp) ----
    Result<void> deliverNext();
    // The packet at the front of the wire, taken off it: a flood's next one made now (LabFlood.cpp).
    HeldPacket takeFromWire();
    // The delivery (or loss) of `p` on the WAN: its capture frame and its timeline event, whose
    // index it returns. A delivered packet's frame stays open for the receiver's verdict.
    std::size_t recordDelivery(const HeldPacket& p, bool lost);
    // The packet crosses the loopback link and the receiving gateway handles it; its reactions settle.
    Result<void> receive(HeldPacket& p);
    std::optional<Timestamp> nextTimer() const;
    Result<void> fireTimers(Timestamp at);
    void afterStep();
    bool trafficFinished() const;
    bool wireIdle() const;
    bool quiet() const;
    void evaluateEnd();
    Result<void> runScenarioAction(const ScenarioAction& action);
    Result<void> sendEcho(bool carrier);

    // ---- the wire ----
    void putOnWire(Site from, Bytes packet, HeldPacket meta);
    void enqueue(HeldPacket packet);
    std::string wireSummary(const HeldPacket& p) const;
    // The packet's frame number; `open`: its comment is completed later (m_capture.closePacket).
    std::size_t capturePacket(Interface interface, ByteView packet, const std::string& comment, bool open = false);
    void addInterfaces(capture::PcapngWriter& writer) const;

    // ---- sites (LabSites.cpp) ----
    Result<void> receiveAtGateway(Site site, Bytes packet, const HeldPacket& meta);
    void dataPlaneReceive(Site site, ByteView packet);
    void deliverToLan(Site site, ByteView inner);
    // A cleartext packet of the lab's traffic, where it starts or ends: on the site's LAN (tunnel
    // mode), or at the gateway itself (transport mode).
    void cleartextEvent(Site site, const std::string& id, Phase phase, const std::string& summary,
                        const std::string& comment, ByteView bytes, Origin from, const std::string& fate);
    void gatewayOutbound(Site site, ByteView packet);
    void protectAndSend(Site site, const ipsec::SaKey& key, ByteView inner);
    void onDataPlaneEvent(Site site, const ipsec::Event& e);
    void onIkeEvent(Site site, ike::Event e);
    void sendIke(Site site, ike::Transmit transmit);
    // Drains both engines (events, then datagrams), installs and removes SAs, reacts to limits and
    // acquires, until nothing moves.
    void settle();
    bool drainSite(Site site);
    void reconcile(Site site);
    void install(Site site, const ike::ChildSaInfo& info);
    void recordSas(Site site, const ipsec::SecurityAssociation& inbound, const ipsec::SecurityAssociation& outbound);
    // Transport mode, the peer behind a NAT: the policy follows the peer's public address.
    void followNat(Site site, const wire::Ipv4Address& peerAddress);
    void uninstall(Site site, std::size_t index);
    void attachNewest(Site site);
    void startIke(Site site);
    Phase ikePhase(const ike::Event& e) const;

    // ---- the attacker (LabAttacks.cpp) ----
    void arm(const AttackSpec& spec);
    std::vector<HeldPacket> interceptOnSend(HeldPacket packet);
    void interceptIke(ArmedAttack& attack, HeldPacket& packet);
    std::optional<HeldPacket> spoofInformational(ArmedAttack& attack, const HeldPacket& packet);
    void checkMissed(ArmedAttack& attack, const HeldPacket& packet);
    bool interceptData(ArmedAttack& attack, HeldPacket& packet, std::vector<HeldPacket>& out);
    void releaseHeld(const HeldPacket& packet, std::vector<HeldPacket>& out);
    // Starts an attack; an attack that injects packets returns them (the caller puts them on the wire
    // where they belong: right behind the packet that triggered it).
    std::vector<HeldPacket> triggerAttack(ArmedAttack& attack);
    std::optional<HeldPacket> injectFor(ArmedAttack& attack);
    // flood:replay=N, flood:forge=N (LabFlood.cpp): its packets, back-to-back at the line rate.
    std::vector<HeldPacket> floodFor(ArmedAttack& attack);
    // heldPackets(): the packets of a flood still to come, `start` its first one's arrival.
    void viewFlood(const FloodStream& stream, Timestamp start, std::vector<HeldPacketView>& out) const;
    // How many of the last A→B packets a flood of replays draws from: twice the receiver's window.
    std::size_t floodReplayDepth() const;
    // `copy` (an A→B packet) with sequence number `seq` and a made-up ICV: the attacker has no key.
    HeldPacket forgery(HeldPacket copy, const WanPacket& info, std::uint64_t seq);
    // An injecting attack ends: failed, saying why; or done, with the packet it puts on the wire.
    std::optional<HeldPacket> injectionFailed(ArmedAttack& attack, const std::string& why);
    std::optional<HeldPacket> injected(ArmedAttack& attack, HeldPacket p, const std::string& summary,
                                       std::optional<std::size_t> frame);
    // inject:src=ADDR (LabInject.cpp): the packet the attacker seals with the A→B keys, and its summary.
    Result<std::pair<HeldPacket, std::string>> sealOutsideSelectors(const AttackSpec& spec);
    void attackEvent(ArmedAttack& attack, const std::string& step, const std::string& text,
                     std::optional<std::size_t> frame = std::nullopt, std::optional<std::uint64_t> seq = std::nullopt);
    std::optional<HeldPacket> alter(ArmedAttack& attack, const HeldPacket& original);
    bool attacksNeedTraffic() const;
    bool attacksSettled() const;
    std::optional<Timestamp> nextAttackTimer() const;
    // Without Retention::history: drops the packets sent that no armed attack will replay.
    void forgetUnreplayable();
    void fireAttackTimers();
    std::uint64_t rightEdgeOf(Site site, std::uint32_t spi, WanPacket::Kind kind) const;
    // The A→B packets the attacker saw are those of the SA in use (no rekey replaced it since).
    bool historyIsLive() const;
    std::size_t icvLengthOf(Site sender, std::uint32_t spi) const;

    Scenario m_scenario;
    Retention m_retention;
    net::LoopbackLink m_link;
    crypto::DeterministicRandom m_root;
    crypto::DeterministicRandom m_attackRandom;
    std::unique_ptr<SiteState> m_sites[2];
    std::optional<NatBox> m_nat;

    Timeline m_timeline;
    Timestamp m_now{0};
    std::size_t m_steps = 0;
    Phase m_phase = Phase::InterestingTraffic;
    Phase m_context = Phase::InterestingTraffic; // the phase of what the engines are processing
    std::optional<int> m_contextAttack;          // the attack whose packet is being processed
    struct Receiving {
        Site site = Site::A;
        ReceiverVerdict verdict;
    };
    std::optional<Receiving> m_receiving; // the WAN packet being handled: what its receiver decides

    std::deque<HeldPacket> m_wire;
    std::uint64_t m_floodPackets = 0; // put on the wire by floods so far
    capture::PcapngWriter m_capture;
    std::size_t m_frames = 0; // numbered as they come, kept or not (reports name frames)

    // IKE datagrams and A→B data packets as first put on the wire, for replays.
    std::map<std::string, HeldPacket> m_ikeHistory; // by datagram id
    std::map<std::string, Phase> m_datagramPhase;   // "A:MM3" -> phase at send
    struct DataHistory {
        HeldPacket packet;
        std::size_t frame = 0;
    };
    std::map<std::uint64_t, DataHistory> m_dataHistory; // A→B by sequence number (current SA)
    std::optional<std::uint64_t> m_lastDataSeq;
    std::string m_lastDataSa;
    struct LastSent {
        std::string label;
        std::uint64_t sequenceNumber = 0;
        std::uint32_t spi = 0;
        wire::IpsecHints hints;
    };
    std::optional<LastSent> m_lastSent;

    // Traffic.
    std::vector<TrafficPlan> m_plans;
    EchoTracker m_echoes{kEchoTimeout};
    std::uint16_t m_nextEcho = 1;
    std::optional<Timestamp> m_lastEchoAt;

    // Scenario actions, by time.
    std::vector<ScenarioAction> m_actions;
    std::size_t m_nextAction = 0;

    // Attacks.
    std::vector<ArmedAttack> m_attacks;
    std::optional<Timestamp> m_postTrafficAt; // when the next post-traffic attack starts

    std::vector<Timestamp> m_clockTargets; // sorted

    // Key material for the key files.
    struct IkeKeys {
        Bytes initiatorCookie;
        Bytes ka;
    };
    std::map<std::string, IkeKeys> m_ikeKeys; // by IKE SA prefix ("", "IKE#2.")
    std::vector<capture::EspSaKeys> m_espKeys;
    std::vector<SaRecord> m_saRecords;

    std::uint64_t m_legitimateRejected = 0;
    std::vector<std::pair<Site, ike::FailureInfo>> m_failures;
    std::optional<OutcomeRecord> m_outcome;
};

// The made-up ICV of a forgery of `info` (`size` bytes long): `icv` bytes drawn from `random`, or
// none (nothing drawn) when the packet has no room for it (LabAttacks.cpp).
Bytes forgedIcv(const WanPacket& info, std::size_t size, std::size_t icv, crypto::DeterministicRandom& random);
// `copy` (an A→B packet) with sequence number `seq` and the made-up ICV `icv` (forgedIcv).
HeldPacket forgePacket(HeldPacket copy, const WanPacket& info, std::uint64_t seq, ByteView icv);

// Textbook lines (LabSummaries.cpp).
std::string messageSummary(const std::string& label, const std::vector<std::string>& payloads = {});
std::string ikeEventSummary(const ike::Event& e);
std::string shortHex(ByteView bytes);
Phase phaseOfLabel(const std::string& label, Phase context);

} // namespace ipseclab::lab::detail
