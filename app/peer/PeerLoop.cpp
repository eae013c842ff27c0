// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "peer/PeerLoop.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "wire/IcmpEcho.h"
#include "wire/Ipv4Header.h"
#include "wire/NatTMarker.h"

namespace ipseclab::peer {

using json = nlohmann::ordered_json;
using namespace std::chrono_literals;

namespace {

// After Aggressive Mode's AM3, charon ignores a Quick Mode that arrives before it has processed
// AM3 (interop README, "charon behaviours" 2): wait a moment before QM1.
constexpr ike::Timestamp kQuickModeDelayAfterAggressive = 500ms;
// The responder installs its SAs while it processes QM3, after we sent it: our first ESP packet must
// not overtake that (charon would drop it as an unknown SPI, and the counters would differ).
constexpr ike::Timestamp kInitiatorPingSettle = 500ms;
constexpr ike::Timestamp kResponderPingSettle = 100ms;
constexpr ike::Timestamp kPingTimeout = 1s;
constexpr int kPingAttempts = 3;
constexpr std::size_t kPingDataLength = 56; // as ping(8)
constexpr int kMaxDatagramsPerWakeup = 64;

wire::Ipv4Address pingTarget(const ipsec::Subnet& remote) {
    // A host: the address itself; a subnet: its first host.
    if (remote.prefixLength >= 31) return remote.network;
    return wire::Ipv4Address::fromU32(remote.network.toU32() + 1);
}

Bytes echoPacket(wire::IcmpType type, const wire::Ipv4Address& source, const wire::Ipv4Address& destination,
                 std::uint16_t identifier, std::uint16_t sequence, ByteView data) {
    wire::IcmpEcho echo;
    echo.type = type;
    echo.identifier = identifier;
    echo.sequenceNumber = sequence;
    echo.data.assign(data.begin(), data.end());
    wire::Ipv4Header header;
    header.protocol = wire::IpProtocol::Icmp;
    header.source = source;
    header.destination = destination;
    header.identification = sequence;
    header.flagsAndFragmentOffset = wire::kIpv4DontFragment;
    header.timeToLive = 64;
    auto packet = wire::encodeIpv4(header, wire::encodeIcmpEcho(echo));
    return packet ? std::move(*packet) : Bytes();
}

} // namespace

Result<std::unique_ptr<PeerLoop>> PeerLoop::create(PeerOptions options, std::ostream& out, std::ostream& err) {
    // SO_REUSEADDR: charon binds 0.0.0.0:500/4500 in the same namespace; the kernel gives each
    // datagram to the socket bound to its destination address.
    std::vector<std::string> notes;
    const auto bind = [&](std::uint16_t port, bool given, const char* what) -> Result<net::UdpSocket> {
        auto socket = net::UdpSocket::bind(options.localAddress, port, true);
        if (socket || given || options.role != ike::Role::Initiator || port == 0) return socket;
        // The default port is taken (charon holds 0.0.0.0:500/4500 in the interop namespace).
        auto other = net::UdpSocket::bind(options.localAddress, 0, true);
        if (!other) return socket;
        notes.push_back(std::string(what) + " port " + std::to_string(port) + " is not available (" +
                        socket.error().message + "); using port " + std::to_string(other->port()) + " instead");
        return other;
    };
    auto ike = bind(options.localPort, options.localPortGiven, "IKE");
    if (!ike) return tl::unexpected(ike.error());
    auto natT = bind(options.localNatTPort, options.localNatTPortGiven, "NAT-T");
    if (!natT) return tl::unexpected(natT.error());
    std::unique_ptr<PeerLoop> loop(new PeerLoop(std::move(options), std::move(*ike), std::move(*natT), out, err));
    loop->m_notes = std::move(notes);
    if (::pipe2(loop->m_stopPipe, O_NONBLOCK | O_CLOEXEC) != 0)
        return ipseclab::fail(std::string("cannot create a pipe: ") + std::strerror(errno));
    if (loop->m_options.eventsPath) {
        auto events = JsonLinesWriter::open(*loop->m_options.eventsPath);
        if (!events) return tl::unexpected(events.error());
        loop->m_events = std::move(*events);
    }
    if (loop->m_options.keysDir) {
        // Both files exist from the start (empty), like the lab's export.
        if (auto written = capture::WiresharkKeys(loop->m_options.ikeVersion).writeTo(*loop->m_options.keysDir);
            !written)
            return tl::unexpected(written.error());
    }
    return loop;
}

PeerLoop::PeerLoop(PeerOptions options, net::UdpSocket ike, net::UdpSocket natT, std::ostream& out, std::ostream& err)
    : m_options(std::move(options)), m_ike(std::move(ike)), m_natT(std::move(natT)), m_out(out), m_err(err) {
    m_start = std::chrono::steady_clock::now();
    m_peer = m_options.ikeVersion == 2 ? makeIkev2Engine(m_options, m_ike.port(), m_natT.port(), m_random)
                                       : makeIkev1Engine(m_options, m_ike.port(), m_natT.port(), m_random);
    m_tunnel = std::make_unique<Tunnel>(m_options.localTs, m_options.remoteTs, m_random, [this](const ipsec::Event& e) {
        // Per packet: no JSON (hex of the whole packet) when no --events file takes it.
        if (m_events.enabled()) log(toJson(e));
    });
    m_ping.target = pingTarget(m_options.remoteTs);
    m_ping.identifier = static_cast<std::uint16_t>(::getpid());
}

PeerLoop::~PeerLoop() {
    for (int fd : m_stopPipe)
        if (fd >= 0) ::close(fd);
}

void PeerLoop::requestStop() noexcept {
    const char byte = 1;
    if (m_stopPipe[1] >= 0) (void)!::write(m_stopPipe[1], &byte, 1);
}

ike::Timestamp PeerLoop::now() const {
    return std::chrono::duration_cast<ike::Timestamp>(std::chrono::steady_clock::now() - m_start);
}

void PeerLoop::log(json event) { m_events.write(event); }

// ---------------------------------------------------------------- the engine's output

void PeerLoop::pump() {
    for (int round = 0; round < 16; ++round) {
        bool any = false;
        while (auto t = m_peer->pollTransmit()) {
            any = true;
            sendDatagram(t->from.port, t->to.address, t->to.port, t->datagram, t->label);
        }
        while (auto e = m_peer->pollEvent(m_events.enabled())) {
            any = true;
            onEvent(*e);
        }
        if (m_reconcileNeeded) {
            m_reconcileNeeded = false;
            reconcile();
            any = true;
        }
        if (!any) return;
    }
}

void PeerLoop::onEvent(const EngineEvent& e) {
    if (m_events.enabled()) log(e.json);
    switch (e.kind) {
    case ike::EventKind::IkeSaEstablished:
        m_out << e.text << std::endl;
        writeKeys();
        if (e.natT && e.remote && m_keepalive.behindNat && m_options.keepalive.count() > 0) {
            m_keepalive.to = e.remote; // its NAT-T endpoint: the mapping to keep open
            m_keepalive.lastSent = now();
        }
        if (m_options.dpd.count() > 0 && !m_dpdAt) m_dpdAt = now() + m_options.dpd;
        if (m_peer->needsQuickMode() && m_options.role == ike::Role::Initiator && !m_quickModeStarted && !m_quickModeAt)
            m_quickModeAt = now() + (m_options.mode == ike::Phase1Mode::Aggressive ? kQuickModeDelayAfterAggressive
                                                                                   : ike::Timestamp(0));
        break;
    case ike::EventKind::Dpd:
        if (e.dpd == ike::DpdInfo::Step::RUThereSent) m_dpdPending = true;
        if (e.dpd == ike::DpdInfo::Step::AckReceived || e.dpd == ike::DpdInfo::Step::Dead) m_dpdPending = false;
        break;
    case ike::EventKind::NatDetection:
        if (e.weAreBehindNat) m_keepalive.behindNat = *e.weAreBehindNat;
        break;
    case ike::EventKind::ChildSaEstablished:
        m_out << e.text << std::endl;
        m_reconcileNeeded = true;
        break;
    case ike::EventKind::SaDeleted:
    case ike::EventKind::DeleteReceived:
    case ike::EventKind::Lifetime: m_reconcileNeeded = true; break;
    case ike::EventKind::Failure:
        // A Failure event alone ends nothing: a datagram that does not authenticate (a forged QM2)
        // is recorded, and the exchange goes on. Its sentence says why, should the exchange fail.
        m_out << "failure: " << e.text << std::endl;
        m_lastFailure = e.text;
        if (e.endsOwnExchange) ownExchangeEnded(e.text);
        break;
    case ike::EventKind::StateChanged: followOwnExchange(e); break;
    default: break;
    }
    if (e.kind == ike::EventKind::SaDeleted && !m_own.ikeSa.empty() && e.text.rfind(m_own.ikeSa + " deleted", 0) == 0)
        ownExchangeEnded(e.text); // e.g. deleted by the peer before our Quick Mode completed
}

// The initiator ends on a failure of the exchange it runs, and only then: its IKE SA or its Quick
// Mode moved to the failed state (a timeout, an authenticated notify, a refused answer).
void PeerLoop::followOwnExchange(const EngineEvent& e) {
    if (m_options.role != ike::Role::Initiator || e.sa.empty()) return;
    if (e.isIkeSa && m_own.ikeSa.empty() && e.initiatorState) m_own.ikeSa = e.sa;
    if (!e.isIkeSa && m_own.quickMode.empty() && m_quickModeStarted && e.initiatorState) m_own.quickMode = e.sa;
    if (e.failed && (e.sa == m_own.ikeSa || e.sa == m_own.quickMode))
        ownExchangeEnded(m_lastFailure.empty() ? e.sa + " failed" : m_lastFailure);
}

void PeerLoop::ownExchangeEnded(const std::string& why) {
    if (m_options.role != ike::Role::Initiator || m_exit || m_childReady) return;
    fail(why);
}

void PeerLoop::reconcile() {
    const auto changes = m_tunnel->reconcile(m_peer->childSas(), now(), [this](const Tunnel::Datagram& d) {
        sendDatagram(d.sourcePort, d.address, d.port, d.payload, "ESP (held)");
    });
    bool installed = false;
    for (const Tunnel::Change& c : changes) {
        json event = peerEvent(std::string("peer.sa.") + hex32(c.inboundSpi) +
                                   (c.installed ? ".installed" : ".removed"),
                               c.installed ? "SaInstalled" : "SaRemoved", now(), c.description);
        event["inboundSpi"] = hex32(c.inboundSpi);
        event["outboundSpi"] = hex32(c.outboundSpi);
        log(std::move(event));
        installed = installed || c.installed;
    }
    if (installed) {
        writeKeys();
        if (!m_childReady) {
            m_childReady = true;
            if (m_options.ping > 0 && m_options.inner)
                m_ping.sendAt = now() +
                                (m_options.role == ike::Role::Initiator ? kInitiatorPingSettle : kResponderPingSettle);
        }
    }
}

// ---------------------------------------------------------------- sockets

void PeerLoop::sendDatagram(std::uint16_t fromPort, const wire::Ipv4Address& address, std::uint16_t port,
                            ByteView payload, const std::string& what) {
    if (!m_options.allowAnyAddress && !isLoopback(address)) {
        const std::string text = "refused to send " + what + " to " + address.toString() +
                                 ": outside 127.0.0.0/8 (see --allow-any-address)";
        log(peerEvent("peer.send-refused", "SendRefused", now(), text));
        m_err << "ipsec-lab peer: " << text << std::endl;
        return;
    }
    const net::UdpSocket& socket = fromPort == m_natT.port() ? m_natT : m_ike;
    if (&socket == &m_natT) m_keepalive.lastSent = now(); // any datagram keeps the mapping open
    if (auto sent = socket.sendTo(address, port, payload); !sent) {
        log(peerEvent("peer.send-failed", "SendFailed", now(), sent.error().toString()));
        m_err << "ipsec-lab peer: " << sent.error().toString() << std::endl;
    }
}

void PeerLoop::receive(const net::UdpSocket& socket) {
    for (int i = 0; i < kMaxDatagramsPerWakeup; ++i) {
        auto received = socket.receive();
        if (!received) {
            log(peerEvent("peer.receive-failed", "ReceiveFailed", now(), received.error().toString()));
            return;
        }
        if (!*received) return;
        const net::UdpSocket::Received& r = **received;
        if (m_options.role == ike::Role::Responder && m_options.remoteAddress &&
            r.fromAddress != *m_options.remoteAddress) {
            json event = peerEvent("peer.ignored", "Ignored", now(),
                                   "ignored a datagram from " + r.fromAddress.toString() + ":" +
                                       std::to_string(r.fromPort) + ": only " + m_options.remoteAddress->toString() +
                                       " is accepted (--remote)");
            log(std::move(event));
            continue;
        }
        const bool natT = &socket == &m_natT;
        if (natT) {
            const auto demuxed = wire::demultiplexNatT(r.datagram);
            if (demuxed && demuxed->kind == wire::NatTKind::Esp) {
                receiveEsp(demuxed->body, r);
                continue;
            }
        }
        // IKE (with the marker on the NAT-T port), keepalives and garbage: the engine records them.
        m_peer->handle(r.datagram, ike::Endpoint{r.fromAddress, r.fromPort},
                       ike::Endpoint{m_options.localAddress, socket.port()}, now());
        pump();
    }
}

void PeerLoop::receiveEsp(ByteView esp, const net::UdpSocket::Received& from) {
    auto inner = m_tunnel->receive(esp, from.fromAddress, from.fromPort, m_options.localAddress, m_natT.port(), now());
    if (inner) onInnerPacket(*inner);
}

// ---------------------------------------------------------------- inner traffic

void PeerLoop::onInnerPacket(ByteView packet) {
    auto ip = wire::decodeIpv4(packet);
    if (!ip) return;
    const auto source = ip->header.source, destination = ip->header.destination;
    std::optional<wire::IcmpEcho> echo;
    if (ip->header.protocol == wire::IpProtocol::Icmp)
        if (auto decoded = wire::decodeIcmpEcho(ip->payload)) echo = std::move(*decoded);
    const std::string route = source.toString() + " -> " + destination.toString();

    if (echo && echo->type == wire::IcmpType::EchoRequest && m_options.localTs.contains(destination)) {
        json event = peerEvent("peer.echo." + source.toString() + ".seq" + std::to_string(echo->sequenceNumber) +
                                   ".request",
                               "EchoRequestReceived", now(),
                               "echo request " + route + " (id " + std::to_string(echo->identifier) + ", seq " +
                                   std::to_string(echo->sequenceNumber) + ") arrived through the tunnel: answering");
        event["identifier"] = echo->identifier;
        event["sequence"] = echo->sequenceNumber;
        log(std::move(event));
        sendInner(echoPacket(wire::IcmpType::EchoReply, destination, source, echo->identifier, echo->sequenceNumber,
                             echo->data),
                  "echo reply to " + source.toString());
        return;
    }
    if (echo && echo->type == wire::IcmpType::EchoReply && m_options.inner && destination == *m_options.inner &&
        echo->identifier == m_ping.identifier) {
        const bool expected = m_ping.index > 0 && !m_ping.done && echo->sequenceNumber == m_ping.index;
        const ike::Timestamp t = now();
        const auto rtt = std::chrono::duration<double, std::milli>(t - m_ping.sentAt).count();
        json event = peerEvent(
            "peer.ping." + std::to_string(echo->sequenceNumber) + (expected ? ".reply" : ".late-reply"), "PingReply", t,
            "echo reply " + route + " seq " + std::to_string(echo->sequenceNumber) +
                (expected ? "" : " (not the one awaited)"));
        event["sequence"] = echo->sequenceNumber;
        if (expected) event["rttMs"] = rtt;
        log(std::move(event));
        if (!expected) return;
        ++m_ping.answered;
        m_out << "echo reply " << m_ping.answered << "/" << m_options.ping << " from " << source.toString()
              << std::endl;
        m_ping.deadline.reset();
        if (m_ping.index >= m_options.ping) {
            m_ping.done = true;
            log(peerEvent("peer.ping.done", "PingDone", t,
                          std::to_string(m_ping.answered) + "/" + std::to_string(m_options.ping) +
                              " echo requests answered through the tunnel"));
            checkDone();
        } else {
            ++m_ping.index;
            m_ping.attempts = 0;
            sendPing();
        }
        return;
    }
    json event = peerEvent("peer.inner.delivered", "InnerDelivered", now(),
                           "a packet " + route + " (" + wire::ipProtocolName(ip->header.protocol) +
                               ") came through the tunnel; nothing here answers it");
    event["packet"] = toHex(packet);
    log(std::move(event));
}

void PeerLoop::sendInner(const Bytes& packet, const std::string& what) {
    auto datagram = m_tunnel->send(packet, now());
    if (!datagram) {
        log(peerEvent("peer.protect-failed", "ProtectFailed", now(), what + ": " + datagram.error().toString()));
        return;
    }
    if (!*datagram) return; // held or dropped by the SPD: its event says so
    sendDatagram((*datagram)->sourcePort, (*datagram)->address, (*datagram)->port, (*datagram)->payload, what);
}

void PeerLoop::sendPing() {
    Bytes data(kPingDataLength);
    const std::string text = "ipsec-lab peer echo ";
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(text[i % text.size()]);
    ++m_ping.attempts;
    m_ping.sentAt = now();
    m_ping.deadline = m_ping.sentAt + kPingTimeout;
    json event = peerEvent("peer.ping." + std::to_string(m_ping.index) + ".sent" +
                               (m_ping.attempts > 1 ? "#" + std::to_string(m_ping.attempts) : ""),
                           "PingSent", m_ping.sentAt,
                           "echo request " + std::to_string(m_ping.index) + "/" + std::to_string(m_options.ping) + " " +
                               m_options.inner->toString() + " -> " + m_ping.target.toString() +
                               (m_ping.attempts > 1 ? " (try " + std::to_string(m_ping.attempts) + ")" : ""));
    event["sequence"] = m_ping.index;
    event["attempt"] = m_ping.attempts;
    log(std::move(event));
    sendInner(echoPacket(wire::IcmpType::EchoRequest, *m_options.inner, m_ping.target, m_ping.identifier,
                         static_cast<std::uint16_t>(m_ping.index), data),
              "echo request " + std::to_string(m_ping.index));
}

// ---------------------------------------------------------------- time and outcome

void PeerLoop::timers() {
    const ike::Timestamp t = now();
    if (const auto due = m_peer->nextTimeout(); due && *due <= t) {
        m_peer->handleTimeout(t);
        pump();
    }
    m_tunnel->poll(t);
    if (const auto due = keepaliveDue(); due && *due <= t) sendKeepalive();
    if (m_dpdAt && *m_dpdAt <= t) {
        m_dpdAt = t + m_options.dpd;
        if (!m_dpdPending && m_peer->hasIkeSa()) { // a pending one is retransmitted by the engine
            (void)m_peer->sendDpd(t);              // a failure is an event
            pump();
        }
    }
    if (m_quickModeAt && *m_quickModeAt <= t) {
        m_quickModeAt.reset();
        m_quickModeStarted = true;
        const auto started = m_peer->startQuickMode(t); // a failure is also an event
        pump();
        if (!started) fail(started.error().message);
    }
    if (m_ping.sendAt && *m_ping.sendAt <= t) {
        m_ping.sendAt.reset();
        m_ping.index = 1;
        m_ping.attempts = 0;
        sendPing();
    }
    if (m_ping.deadline && *m_ping.deadline <= t && !m_ping.done) {
        if (m_ping.attempts < kPingAttempts) {
            sendPing();
        } else {
            m_ping.deadline.reset();
            m_ping.done = true;
            const std::string sentence =
                "echo request " + std::to_string(m_ping.index) + " of " + std::to_string(m_options.ping) + " from " +
                m_options.inner->toString() + " to " + m_ping.target.toString() + " got no reply through the tunnel (" +
                std::to_string(kPingAttempts) + " tries, " +
                std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kPingTimeout).count()) + " s each)";
            json event = peerEvent("peer.ping.failure", "PingFailed", t, sentence);
            event["answered"] = m_ping.answered;
            log(std::move(event));
            m_out << "failure: " << sentence << std::endl;
            if (m_options.role == ike::Role::Initiator) fail(sentence);
        }
    }
    if (m_lingerUntil && *m_lingerUntil <= t && !m_exit) m_exit = kExitOk;
}

void PeerLoop::checkDone() {
    if (m_options.role != ike::Role::Initiator || m_exit || !m_childReady) return;
    if (m_options.ping > 0 && !(m_ping.done && m_ping.answered == m_options.ping)) return;
    if (m_lingerUntil) return;
    log(peerEvent("peer.done", "Done", now(),
                  m_peer->childExchangeName() + " complete" +
                      (m_options.ping ? ", " + std::to_string(m_ping.answered) + " echo requests answered"
                                      : std::string()) +
                      (m_options.linger.count() ? "; staying up for --linger" : std::string())));
    if (m_options.linger.count() > 0) m_lingerUntil = now() + m_options.linger;
    else m_exit = kExitOk;
}

void PeerLoop::fail(const std::string& sentence) {
    if (m_exit) return;
    m_failure = sentence;
    m_exit = kExitFailed;
}

// RFC 3948 §4: the end behind a NAT sends a NAT-keepalive when it sent nothing else on the NAT-T
// port for the interval, while it holds an IKE SA with the peer.
std::optional<ike::Timestamp> PeerLoop::keepaliveDue() const {
    if (!m_keepalive.to || !m_peer->hasIkeSa()) return std::nullopt;
    return m_keepalive.lastSent + m_options.keepalive;
}

void PeerLoop::sendKeepalive() {
    const ike::Endpoint to = *m_keepalive.to;
    ++m_keepalive.sent;
    log(peerEvent("peer.natt.keepalive." + std::to_string(m_keepalive.sent), "NatKeepalive", now(),
                  "NAT-keepalive (one 0xFF byte, RFC 3948 §4) to " + to.toString() +
                      ": we are behind a NAT, this keeps its mapping open"));
    sendDatagram(m_natT.port(), to.address, to.port, Bytes{0xFF}, "NAT-keepalive");
}

std::optional<ike::Timestamp> PeerLoop::nextDeadline() const {
    std::optional<ike::Timestamp> next;
    const auto consider = [&](std::optional<ike::Timestamp> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    consider(m_peer->nextTimeout());
    consider(m_tunnel->nextTimeout());
    consider(m_quickModeAt);
    consider(m_ping.sendAt);
    if (!m_ping.done) consider(m_ping.deadline);
    consider(m_lingerUntil);
    consider(keepaliveDue());
    consider(m_dpdAt);
    return next;
}

void PeerLoop::shutdown() {
    log(peerEvent("peer.stopping", "Stopping", now(), "stop requested (SIGTERM/SIGINT): deleting the SAs"));
    // Each call deletes the newest established IKE SA, its child SAs first (Delete notifications).
    for (int guard = 0; guard < 16 && m_peer->deleteIkeSa(now()); ++guard) pump();
    m_peer->deleteChildSas(now());
    pump();
    m_exit = kExitOk;
}

void PeerLoop::writeKeys() {
    if (!m_options.keysDir) return;
    capture::WiresharkKeys keys(m_peer->ikeVersion());
    m_peer->addIkeKeys(keys);
    for (const capture::EspSaKeys& k : m_tunnel->wiresharkKeys()) {
        if (auto added = keys.addEspSa(k); !added)
            log(peerEvent("peer.keys.skipped", "KeysSkipped", now(),
                          "esp_sa line skipped: " + added.error().toString()));
    }
    if (auto written = keys.writeTo(*m_options.keysDir); !written) {
        log(peerEvent("peer.keys.failed", "KeysFailed", now(), written.error().toString()));
        m_err << "ipsec-lab peer: " << written.error().toString() << std::endl;
    }
}

void PeerLoop::finish() {
    const ike::Timestamp t = now();
    for (const SaRecord& r : m_tunnel->records()) {
        const std::uint64_t packets = r.inbound ? r.counters.packetsReceived : r.counters.packetsSent;
        const std::uint64_t bytes = r.inbound ? r.counters.bytesReceived : r.counters.bytesSent;
        json event = peerEvent("peer.counters." + r.name, "Counters", t,
                               "ESP " + r.name + " SPI " + hex32(r.spi) + ": " + std::to_string(packets) +
                                   " packets, " + std::to_string(bytes) + " bytes" + (r.alive ? "" : " (deleted)"));
        event["sa"] = r.name;
        event["direction"] = r.inbound ? "in" : "out";
        event["spi"] = hex32(r.spi);
        event["suite"] = r.suite;
        event["source"] = r.source.toString() + ":" + std::to_string(r.sourcePort);
        event["destination"] = r.destination.toString() + ":" + std::to_string(r.destinationPort);
        event["packets"] = packets;
        event["bytes"] = bytes;
        event["alive"] = r.alive;
        json verdicts = json::object();
        for (std::size_t v = 0; v < ipsec::kVerdictCount; ++v)
            if (r.counters.verdicts[v])
                verdicts[std::string(ipsec::verdictName(static_cast<ipsec::Verdict>(v)))] = r.counters.verdicts[v];
        event["verdicts"] = std::move(verdicts);
        log(std::move(event));
    }
    writeKeys();
    json exit = peerEvent("peer.exit", "Exit", t,
                          m_failure.empty() ? "exit " + std::to_string(*m_exit) : "exit 1: " + m_failure);
    exit["code"] = *m_exit;
    if (!m_failure.empty()) exit["failure"] = m_failure;
    log(std::move(exit));
}

int PeerLoop::run() {
    {
        json started = peerEvent("peer.started", "Started", now(),
                                 std::string(ike::roleName(m_options.role)) + " on " +
                                     m_options.localAddress.toString() + ", IKE port " + std::to_string(m_ike.port()) +
                                     ", NAT-T port " + std::to_string(m_natT.port()) +
                                     " (randomness: " + m_random.describe() + ")");
        started["role"] = ike::roleName(m_options.role);
        started["ikePort"] = m_ike.port();
        started["natTPort"] = m_natT.port();
        log(std::move(started));
        for (const std::string& note : m_notes) {
            log(peerEvent("peer.port-fallback", "PortFallback", now(), note));
            m_err << "ipsec-lab peer: " << note << std::endl;
        }
    }
    if (m_options.role == ike::Role::Initiator) {
        const auto initiated = m_peer->initiate(now()); // a failure is also an event
        pump();
        if (!initiated) fail(initiated.error().message);
    }
    while (!m_exit) {
        const ike::Timestamp t = now();
        int timeout = -1;
        if (const auto deadline = nextDeadline()) {
            const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*deadline - t).count();
            timeout = static_cast<int>(std::clamp<std::int64_t>(wait, 0, 60'000));
        }
        pollfd fds[3] = {{m_ike.fd(), POLLIN, 0}, {m_natT.fd(), POLLIN, 0}, {m_stopPipe[0], POLLIN, 0}};
        const int ready = ::poll(fds, 3, timeout);
        if (ready < 0 && errno != EINTR) {
            fail(std::string("poll failed: ") + std::strerror(errno));
            break;
        }
        if (ready > 0 && (fds[2].revents & POLLIN)) {
            char drain[16];
            while (::read(m_stopPipe[0], drain, sizeof drain) > 0) {}
            shutdown();
            break;
        }
        if (ready > 0 && (fds[0].revents & POLLIN)) receive(m_ike);
        if (ready > 0 && (fds[1].revents & POLLIN)) receive(m_natT);
        timers();
        checkDone();
    }
    finish();
    if (*m_exit == kExitFailed) m_err << "ipsec-lab peer: " << m_failure << std::endl;
    return *m_exit;
}

} // namespace ipseclab::peer
