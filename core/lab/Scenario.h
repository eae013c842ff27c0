// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A lab scenario as data (JSON): both peers' settings, the wire (NAT or not), the interesting
// traffic, attacks, termination actions, the seed and the outcome it is designed to reach. The
// network itself is fixed: gateways 127.0.0.1 (Site A, the
// initiator) and 127.0.0.2 (Site B), LANs 10.1.0.0/24 (host 10.1.0.10) and 10.2.0.0/24 (host
// 10.2.0.20); a scenario chooses how the gateways protect it.
//
// Tunnel or transport mode decides whose packets the lab sends. Tunnel mode (the default) protects
// the LANs: host A pings host B, and the gateways wrap each packet in a new IPv4 header of their
// own. Transport mode protects only packets whose endpoints are the IPsec peers themselves
// (RFC 4301 §4.1; strongSwan's IKEv2 says "not using transport mode, not host-to-host" otherwise),
// so in transport mode gateway A pings gateway B (127.0.0.1 → 127.0.0.2), the proxy IDs are the
// gateways' own addresses (ID_IPV4_ADDR 127.0.0.1 and 127.0.0.2, as strongSwan's Quick Mode sends
// them), the original header stays on the wire, and the LANs stay quiet. Site A's setting picks
// the traffic, as the initiator proposes the mode; a site set otherwise refuses the proposal
// (failure:no-proposal-chosen). Behind the NAT the packet's own header is the one rewritten: ESP
// travels in UDP 4500 and B's policy follows A's public address once the SA shows it (strongSwan
// changes the traffic selectors "due to NAT"); AH cannot cross it (failure:local).
//
// The file format (every key optional except where said; unknown keys are errors):
//   { "name": "main-quick", "description": "one line", "seed": 1,
//     "siteA": { "mode": "main"|"aggressive", "ike": ["aes128-sha1-modp2048"],
//                (left out: not listed — Site A, the initiator, offers the lab's default
//                 aes128-sha1-modp2048; Site B, the responder, accepts charon 5.9's IKEv1 default
//                 set, ike::charonDefaultPhase1(), as `ipsec-lab peer` does without --ike)
//                "esp": ["aes128-sha1"] | "ah": ["sha1"],        (strongSwan syntax; a DH group = PFS)
//                "psk": "...", "id": "127.0.0.1"|"initiator.lab", "remoteId": ...,
//                "acceptOfferedPfs": false, "localSubnet": "10.1.0.0/24", "remoteSubnet": "10.2.0.0/24",
//                (default: the LANs; in transport mode the gateways, "127.0.0.1/32" and "127.0.0.2/32", the
//                 only values transport mode accepts)
//                "encapsulation": "tunnel"|"transport", "natTraversal": "on"|"off"|"force",
//                "lifetimes": {"ikeSeconds": 28800, "ipsecSeconds": 3600, "ipsecKilobytes": 0},
//                "replayWindow": 64, "dpdDelay": 0, "rekey": true },
//     "siteB": { ... },
//     "nat": false, "labEsnStart": 4294967290,
//     "traffic": {"count": 3, "intervalMs": 1000, "size": 56},
//     "attacks": ["replay:seq=2"],
//     "actions": [{"at": 20, "do": "silence"|"resume"|"dpd"|"rekey"|"delete-child"|"delete-ike", "site": "A"|"B"}],
//                (silence: the site's gateway is down — frozen, its timers stopped — until resume)
//     "runFor": 120,
//     "expect": "established" | "failure:<kind>" }   (kinds as ike::failureKindName: psk-mismatch, ...)

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"
#include "base/Timestamp.h"
#include "ike/Config.h"
#include "ike/Event.h"
#include "lab/AttackSpec.h"
#include "net/LoopbackLink.h"

namespace ipseclab::lab {

using ipseclab::Timestamp; // base/Timestamp.h
using net::Site;

inline const char* siteName(Site site) { return site == Site::A ? "A" : "B"; }

// The fixed logical network (docs/architecture.md).
struct LabNetwork {
    static wire::Ipv4Address gateway(Site site); // 127.0.0.1 / 127.0.0.2
    static wire::Ipv4Address host(Site site);    // 10.1.0.10 / 10.2.0.20
    static std::string lan(Site site);           // "10.1.0.0/24" / "10.2.0.0/24"
    // What a site protects unless its subnet keys say otherwise: its LAN in tunnel mode, its
    // gateway's own address in transport mode ("127.0.0.1/32").
    static std::string protectedSubnet(Site site, ike::Encapsulation encapsulation);
    static wire::Ipv4Address natPublicAddress(); // 203.0.113.5 (RFC 5737 documentation range, logical only)
};

struct Lifetimes {
    std::uint32_t ikeSeconds = 28800;
    std::uint32_t ipsecSeconds = 3600;
    std::uint32_t ipsecKilobytes = 0; // 0 = no byte limit
    friend bool operator==(const Lifetimes&, const Lifetimes&) = default;
};

struct SiteSettings {
    // What an initiator that lists no IKE proposal offers.
    static constexpr const char* kDefaultIkeProposal = "aes128-sha1-modp2048";

    ike::Phase1Mode mode = ike::Phase1Mode::Main;
    std::vector<std::string> ikeProposals; // empty: not listed (see the file format above)
    ike::ChildProtocol protocol = ike::ChildProtocol::Esp;
    std::vector<std::string> childProposals{"aes128-sha1"};
    std::string psk = "ipsec-lab-psk";
    std::string id;       // empty: ID_IPV4_ADDR of the gateway; a dotted quad is ID_IPV4_ADDR, anything else ID_FQDN
    std::string remoteId; // empty: any
    bool acceptOfferedPfs = false;
    std::string localSubnet;  // empty: the site's LAN
    std::string remoteSubnet; // empty: the other site's LAN
    ike::Encapsulation encapsulation = ike::Encapsulation::Tunnel;
    ike::NatTraversal natTraversal = ike::NatTraversal::On;
    Lifetimes lifetimes;
    std::uint32_t replayWindow = 64;   // 0 = anti-replay off (a demonstration of what replay does)
    std::uint32_t dpdDelaySeconds = 0; // 0 = no dead peer detection
    bool rekey = true;                 // start a new Quick Mode (or phase 1) at the soft lifetime

    friend bool operator==(const SiteSettings&, const SiteSettings&) = default;
};

// The IKE policy a site's engine gets: its list, or when it lists none the default of its role
// (the lab's one suite for Site A, the initiator; charon's default set for Site B, the responder),
// each with the site's IKE SA lifetime.
std::vector<ike::Phase1Suite> ikePolicy(Site site, const SiteSettings& settings);
// The same, as the reports and the editor say it: "aes128-sha1-modp2048,3des-sha1-modp1024", or for
// a site that lists none "charon 5.9's IKEv1 default (48 suites; none listed)" (Site B) and
// "aes128-sha1-modp2048 (the lab's default; none listed)" (Site A).
std::string ikeProposalsText(Site site, const SiteSettings& settings);

// The most echo requests a run sends (`--traffic`, "traffic.count"): a million, a run that
// `--summary` keeps in constant memory (issue 18).
inline constexpr std::uint32_t kMaxTrafficCount = 1000000;
// The most the window runs: it keeps every event (about 11 KiB per echo, docs/performance.md), so
// a million echoes would need about 11 GB.
inline constexpr std::uint32_t kMaxWindowTrafficCount = 100000;

struct TrafficSpec {
    std::uint32_t count = 3; // echo requests, each answered
    std::chrono::milliseconds interval{1000};
    std::uint32_t size = 56; // ICMP data bytes, as ping's -s
    friend bool operator==(const TrafficSpec&, const TrafficSpec&) = default;
};

enum class ActionKind { Silence, Resume, Dpd, Rekey, DeleteChild, DeleteIke };
std::string_view actionKindName(ActionKind kind); // "silence", ..., "delete-ike"

struct ScenarioAction {
    Timestamp at{0};
    ActionKind kind = ActionKind::Dpd;
    Site site = Site::A;
    friend bool operator==(const ScenarioAction&, const ScenarioAction&) = default;
};

struct Expectation {
    std::optional<ike::FailureKind> failure; // none: the tunnel is established and carries the traffic
    std::string toString() const;            // "established", "failure:psk-mismatch"
    friend bool operator==(const Expectation&, const Expectation&) = default;
};

struct Scenario {
    std::string name = "custom";
    std::string description;
    std::optional<std::uint64_t> seed; // none: drawn from the OS when the lab starts (and shown)
    SiteSettings siteA;
    SiteSettings siteB;
    bool nat = false;                         // a NAT on the wire rewrites Site A's address and ports
    std::optional<std::uint64_t> labEsnStart; // LAB ONLY: both ends start their sequence numbers here
    TrafficSpec traffic;
    std::vector<AttackSpec> attacks;
    std::vector<ScenarioAction> actions;
    std::optional<std::uint32_t> runForSeconds; // run at least this long (virtual time)
    Expectation expect;

    SiteSettings& site(Site s) { return s == Site::A ? siteA : siteB; }
    const SiteSettings& site(Site s) const { return s == Site::A ? siteA : siteB; }

    // Transport mode (Site A's, as the initiator proposes it): the lab's echoes run between the
    // gateways themselves, not between the hosts behind them (see the top of this file).
    bool gatewaysTalk() const { return siteA.encapsulation == ike::Encapsulation::Transport; }
    // Where the lab's echoes start and end: the site's host, or in transport mode its gateway.
    wire::Ipv4Address trafficAddress(Site s) const;
    // "host 10.1.0.10" / "gateway 127.0.0.1", for the timeline's sentences.
    std::string trafficEnd(Site s) const;

    // `source` names the file in every error: "<source>: line 3, column 5: ..." for syntax, and
    // "<source>: key /siteA/ike/0: unknown algorithm ..." for content.
    static Result<Scenario> fromJson(std::string_view text, const std::string& source);
    static Result<Scenario> load(const std::string& path);
    std::string toJson() const; // every key written, 2-space indent
    Result<void> save(const std::string& path) const;

    // Checks what only makes sense across keys (proposals parse, subnets parse, ESN start with
    // ESN, ...); fromJson() already did. Messages name the key.
    Result<void> validate() const;
    // The engine's policy for one site (endpoints, PSK, IDs, proposals, PFS, selectors, ...).
    Result<ike::PeerConfig> peerConfig(Site site) const;

    friend bool operator==(const Scenario&, const Scenario&) = default;
};

} // namespace ipseclab::lab
