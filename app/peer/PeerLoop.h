// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The event loop of `ipsec-lab peer`: the sans-I/O IKE engine (IKEv1, or IKEv2 with --ikev2; see
// PeerEngine.h) and data plane of core/ on two real
// UDP sockets (IKE and NAT-T), with the OS clock and the OS's randomness (docs/architecture.md: the one place
// that does so). poll() waits on both sockets and a stop pipe until the engine's next timeout, an
// SA lifetime or a ping timer; every event goes to the --events file as a JSON line.
//
// The loop is a library type (no Qt, no signals of its own) so a test can run two of them in one
// process; runPeerCommand() adds the command line and SIGTERM/SIGINT.

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/Error.h"
#include "crypto/RandomSource.h"
#include "net/UdpSocket.h"
#include "peer/EventJson.h"
#include "peer/PeerEngine.h"
#include "peer/PeerOptions.h"
#include "peer/Tunnel.h"

namespace ipseclab::peer {

class PeerLoop {
public:
    // Binds the sockets (port 0 in the options: the kernel's choice, see ikePort()), opens the events
    // file and creates the keys folder. Errors are sentences for the user (exit 1).
    static Result<std::unique_ptr<PeerLoop>> create(PeerOptions options, std::ostream& out, std::ostream& err);
    ~PeerLoop();
    PeerLoop(const PeerLoop&) = delete;
    PeerLoop& operator=(const PeerLoop&) = delete;

    std::uint16_t ikePort() const { return m_ike.port(); }
    std::uint16_t natTPort() const { return m_natT.port(); }

    // Runs until done (initiator) or stopped; returns the exit code (PeerOptions.h).
    int run();
    // Async-signal-safe and thread-safe: makes run() send Delete notifications and return 0.
    void requestStop() noexcept;

    // After run(): why it failed ("" on success).
    const std::string& failure() const { return m_failure; }
    unsigned pingsAnswered() const { return m_ping.answered; }

private:
    PeerLoop(PeerOptions options, net::UdpSocket ike, net::UdpSocket natT, std::ostream& out, std::ostream& err);

    ike::Timestamp now() const;
    void log(nlohmann::ordered_json event);
    void pump();
    void onEvent(const EngineEvent& event);
    void followOwnExchange(const EngineEvent& stateChanged);
    void ownExchangeEnded(const std::string& why);
    void reconcile();
    void receive(const net::UdpSocket& socket);
    void receiveEsp(ByteView esp, const net::UdpSocket::Received& from);
    void onInnerPacket(ByteView packet);
    void sendInner(const Bytes& packet, const std::string& what);
    void sendDatagram(std::uint16_t fromPort, const wire::Ipv4Address& address, std::uint16_t port, ByteView payload,
                      const std::string& what);
    void timers();
    void sendPing();
    void checkDone();
    void fail(const std::string& sentence);
    void shutdown();
    void finish();
    void writeKeys();
    std::optional<ike::Timestamp> nextDeadline() const;
    std::optional<ike::Timestamp> keepaliveDue() const;
    void sendKeepalive();

    PeerOptions m_options;
    net::UdpSocket m_ike;
    net::UdpSocket m_natT;
    std::ostream& m_out;
    std::ostream& m_err;
    crypto::OsRandom m_random;
    std::unique_ptr<PeerEngine> m_peer; // IKEv1 or IKEv2 (--ikev2)
    std::unique_ptr<Tunnel> m_tunnel;
    JsonLinesWriter m_events;
    std::chrono::steady_clock::time_point m_start;
    int m_stopPipe[2] = {-1, -1};
    std::vector<std::string> m_notes; // said once the run starts (port fallbacks)

    bool m_reconcileNeeded = false;
    bool m_childReady = false;
    bool m_quickModeStarted = false;
    std::optional<ike::Timestamp> m_quickModeAt;
    std::optional<ike::Timestamp> m_lingerUntil;
    std::optional<ike::Timestamp> m_dpdAt; // --dpd: the next R-U-THERE
    bool m_dpdPending = false;             // an R-U-THERE of ours awaits its ACK
    std::optional<int> m_exit;
    std::string m_failure;
    std::string m_lastFailure; // the sentence of the newest Failure event
    struct {
        std::string ikeSa;     // "IKE SA 0x..." that initiate() started
        std::string quickMode; // "Quick Mode 0x..." that startQuickMode() started
    } m_own;

    struct PingState {
        wire::Ipv4Address target;
        std::uint16_t identifier = 0;
        unsigned index = 0; // the echo request waiting for its reply (1-based); 0 = not started
        int attempts = 0;
        unsigned answered = 0;
        bool done = false;
        std::optional<ike::Timestamp> sendAt;   // when to send index (first one)
        std::optional<ike::Timestamp> deadline; // when the current attempt times out
        ike::Timestamp sentAt{0};
    } m_ping;

    // NAT-keepalives (RFC 3948 §4), once an IKE SA is up and NAT-D said our address is translated.
    struct {
        bool behindNat = false;          // the newest NAT detection's verdict about us
        std::optional<ike::Endpoint> to; // the peer's NAT-T endpoint
        ike::Timestamp lastSent{0};      // of our newest datagram on the NAT-T port
        unsigned sent = 0;
    } m_keepalive;
};

} // namespace ipseclab::peer
