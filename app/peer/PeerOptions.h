// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The command line of `ipsec-lab peer` (issue 6's flag table; `ipsec-lab peer --help`): one IKEv1
// engine on real addresses, talking to a real daemon such as strongSwan's charon. Parsing is pure:
// no sockets, no files, so the unit tests check every rule without root.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Error.h"
#include "ike/Config.h"
#include "ike/ProposalSyntax.h"
#include "ike/Types.h"
#include "ikev2/Config.h"
#include "ipsec/Spd.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::peer {

// Exit codes: 0 done (initiator: Quick Mode complete and every ping answered; responder: stopped
// by SIGTERM/SIGINT), 1 the exchange or the pings failed (the failure's sentence on stderr),
// 2 bad usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct PeerOptions {
    ike::Role role = ike::Role::Initiator;
    int ikeVersion = 1; // --ikev2: 2 (core/ikev2's engine)

    wire::Ipv4Address localAddress;
    std::uint16_t localPort = 500;      // IKE; 0 = any free port (tests)
    std::uint16_t localNatTPort = 4500; // NAT-T (IKE with the non-ESP marker, and ESP in UDP)
    // Neither port given: an initiator takes free ports when 500 or 4500 is held by another daemon
    // on the host (charon binds 0.0.0.0:500 and :4500 without SO_REUSEADDR); charon answers any
    // source port when its own port is 500.
    bool localPortGiven = false;
    bool localNatTPortGiven = false;
    // Initiator: where to send. Responder: the only peer address accepted (any when unset).
    std::optional<wire::Ipv4Address> remoteAddress;
    std::uint16_t remotePort = 500;
    std::uint16_t remoteNatTPort = 4500;

    std::string psk;
    ike::Phase1Mode mode = ike::Phase1Mode::Main;
    ike::Identity localId;  // empty: ID_IPV4_ADDR of the local address
    ike::Identity remoteId; // empty: any identity

    ipsec::Subnet localTs;  // default: the local address /32
    ipsec::Subnet remoteTs; // default: the remote address /32

    std::string ikeText = "aes128-sha1-modp2048";
    std::string espText = "aes128-sha1";
    std::vector<ike::Phase1Suite> ikeProposals;
    ike::ChildProposalList espProposals;
    // --ikev2: --ike and --esp read as IKEv2 suites (the IKEv1 lists above stay empty).
    std::vector<ikev2::IkeSuite> ikev2Proposals;
    std::vector<ikev2::ChildSuite> ikev2ChildProposals;

    std::optional<wire::Ipv4Address> inner; // source of our echo requests (inside localTs)
    unsigned ping = 0;                      // echo requests to send after Quick Mode

    std::optional<std::string> eventsPath; // JSON lines
    std::optional<std::string> keysDir;    // Wireshark key files

    // Initiator: once done, keep the SAs this long (answering echo requests through the tunnel)
    // before exiting.
    std::chrono::milliseconds linger{0};
    // Behind a NAT: a NAT-keepalive after this long without sending on the NAT-T port (RFC 3948 §4;
    // charon's keep_alive default 20 s); 0: none.
    std::chrono::milliseconds keepalive{20000};
    // R-U-THERE this often on the newest established IKE SA (charon's dpd_delay); 0: none.
    std::chrono::milliseconds dpd{0};
    // Responder: an unfinished phase 1 is forgotten (and fails, if it failed to authenticate) after this.
    std::chrono::milliseconds halfOpen{120000};
    // Retransmission of our requests: first wait, doubled after each of `retransmitTries`
    // retransmissions (2 s and 4 tries: 2+4+8+16+32 s before giving up).
    std::chrono::milliseconds retransmitTimeout{2000};
    int retransmitTries = 4;

    // Without it, --local and --remote must lie in 127.0.0.0/8 and nothing is sent elsewhere.
    bool allowAnyAddress = false;
};

struct ParsedCommand {
    bool help = false; // --help: print peerUsage() and exit 0
    PeerOptions options;
};

// `arguments` are the words after `ipsec-lab peer`. Errors are one sentence naming the flag.
Result<ParsedCommand> parsePeerArguments(const std::vector<std::string>& arguments);

std::string peerUsage();

// The PeerConfig the engine runs with: options plus the sockets' real ports.
ike::PeerConfig engineConfig(const PeerOptions& options, std::uint16_t ikePort, std::uint16_t natTPort);

// --ikev2: the IKEv2 engine's config (IKE on `ikePort`; the NAT-T port is the peer loop's business).
ikev2::PeerConfig ikev2EngineConfig(const PeerOptions& options, std::uint16_t ikePort);

bool isLoopback(const wire::Ipv4Address& address);

} // namespace ipseclab::peer
