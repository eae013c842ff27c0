// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The peer loop's IKEv2 engine: core/ikev2's Peer, which speaks IKE on one logical endpoint (port
// 500) and knows no NAT-T port yet, plus the move to the NAT-T ports this program needs (RFC 7296
// §2.23). This peer has only UDP sockets, so ESP must travel in UDP: like strongSwan with
// encap=yes (and charon with kernel-libipsec, which always does so), every exchange after
// IKE_SA_INIT goes between the NAT-T ports, with the non-ESP marker, and the child SAs are
// UDP-encapsulated there. The engine keeps seeing the logical endpoints; this adapter translates.

#include <algorithm>
#include <deque>
#include <map>

#include "ikev2/Peer.h"
#include "lab/WiresharkMapping.h"
#include "peer/EventJson.h"
#include "peer/PeerEngine.h"
#include "wire/Ikev2Header.h"
#include "wire/NatTMarker.h"

namespace ipseclab::peer {

namespace {

namespace v2 = wire::ikev2;

constexpr std::size_t kHeaderSize = 28;
constexpr std::size_t kExchangeTypeOffset = 18;
constexpr std::size_t kFlagsOffset = 19;

// The fields of a message's IKE header the translation needs, when it has one.
struct HeaderFacts {
    v2::Spi spiI{};
    bool ikeSaInit = false;
    bool response = false;
};
std::optional<HeaderFacts> headerFacts(ByteView message) {
    if (message.size() < kHeaderSize) return std::nullopt;
    HeaderFacts f;
    std::copy_n(message.begin(), f.spiI.size(), f.spiI.begin());
    f.ikeSaInit = message[kExchangeTypeOffset] == static_cast<std::uint8_t>(v2::ExchangeType::IkeSaInit);
    f.response = (message[kFlagsOffset] & v2::kFlagResponse) != 0;
    return f;
}

Bytes bytesOf(const crypto::SecretBytes& secret) { return Bytes(secret.view().begin(), secret.view().end()); }

class Ikev2Engine final : public PeerEngine {
public:
    Ikev2Engine(const PeerOptions& options, std::uint16_t ikePort, std::uint16_t natTPort, crypto::RandomSource& random)
        : m_peer(ikev2EngineConfig(options, ikePort), random),
          m_role(options.role), m_ike{options.localAddress, ikePort}, m_natT{options.localAddress, natTPort},
          m_remoteNatTPort(options.remoteNatTPort) {}

    void handle(ByteView datagram, const ike::Endpoint& from, const ike::Endpoint& to, ike::Timestamp now) override;
    std::optional<wire::Transmit> pollTransmit() override;
    std::optional<EngineEvent> pollEvent(bool withJson) override;
    std::optional<ike::Timestamp> nextTimeout() const override { return m_peer.nextTimeout(); }
    void handleTimeout(ike::Timestamp now) override {
        m_now = now;
        m_peer.handleTimeout(now);
    }

    Result<void> initiate(ike::Timestamp now) override {
        m_now = now;
        return m_peer.initiate(now);
    }
    bool needsQuickMode() const override { return false; }
    Result<void> startQuickMode(ike::Timestamp) override {
        return fail("IKEv2 has no Quick Mode: the first child SA comes with IKE_AUTH");
    }
    Result<void> sendDpd(ike::Timestamp) override {
        return fail("the IKEv2 engine has no INFORMATIONAL exchange (liveness check) yet");
    }
    // The IKEv2 engine cannot send Delete yet (no INFORMATIONAL): the SAs are left to the peer's
    // own timeouts, as after a crash.
    bool deleteIkeSa(ike::Timestamp) override { return false; }
    void deleteChildSas(ike::Timestamp) override {}

    bool hasIkeSa() const override { return !m_peer.ikeSas().empty(); }
    std::vector<ike::ChildSaInfo> childSas() const override;
    void addIkeKeys(capture::WiresharkKeys& keys) const override {
        for (const capture::Ikev2SaKeys& k : m_ikeKeys) (void)keys.addIkev2Sa(k);
    }
    int ikeVersion() const override { return 2; }
    std::string childExchangeName() const override { return "IKE_AUTH"; }

private:
    // Where one IKE SA's peer is: as the engine sees it, and on the wire once on NAT-T.
    struct Path {
        std::optional<ike::Endpoint> logical;
        std::optional<ike::Endpoint> natT;
    };
    void keepKeys(const ikev2::Event& e);
    void announceFloat(const Path& path);
    bool verifiedFromPeer(const v2::Spi& spiI);
    std::optional<ike::Endpoint> wireEndpoint(const ike::Endpoint& logical) const;

    ikev2::Peer m_peer;
    ike::Role m_role;
    ike::Endpoint m_ike, m_natT;
    std::uint16_t m_remoteNatTPort;
    ike::Timestamp m_now{0};
    std::map<v2::Spi, Path> m_paths; // by SPIi
    std::deque<EngineEvent> m_ownEvents;
    std::deque<ikev2::Event> m_engineEvents; // taken from the engine early, by verifiedFromPeer
    bool m_withJson = false;
    std::map<std::string, Bytes> m_skByName; // "SK_ei", "IKE#2.SK_ar"...
    std::vector<capture::Ikev2SaKeys> m_ikeKeys;
};

void Ikev2Engine::handle(ByteView datagram, const ike::Endpoint& from, const ike::Endpoint& to, ike::Timestamp now) {
    m_now = now;
    if (to.port != m_natT.port) {
        if (const auto f = headerFacts(datagram); f && f->ikeSaInit && !m_paths.count(f->spiI))
            m_paths[f->spiI].logical = from;
        m_peer.handle(datagram, from, to, now);
        return;
    }
    // The NAT-T port: IKE after the marker (RFC 3948 §2.2); keepalives carry nothing for the engine.
    const auto demuxed = wire::demultiplexNatT(datagram);
    if (demuxed && demuxed->kind == wire::NatTKind::Keepalive) return;
    if (!demuxed || demuxed->kind != wire::NatTKind::Ike) {
        m_peer.handle(datagram, from, to, now); // the engine records what it cannot read
        return;
    }
    const auto f = headerFacts(demuxed->body);
    const bool opening = f && f->ikeSaInit && !m_paths.count(f->spiI); // a new IKE SA on the NAT-T port
    if (!f || (!opening && !m_paths.count(f->spiI))) {
        m_peer.handle(demuxed->body, from, m_ike, now); // no SA of ours: the engine records the refusal
        return;
    }
    Path& path = m_paths[f->spiI];
    if (!path.logical) path.logical = m_role == ike::Role::Initiator ? m_peer.config().remote : from;
    m_peer.handle(demuxed->body, *path.logical, m_ike, now);
    // The peer's NAT-T endpoint moves only on a message of this SA that verified (RFC 7296 §2.23):
    // SPIs travel in clear, so anyone could send from elsewhere with them.
    if (path.natT == from || !(opening || verifiedFromPeer(f->spiI))) return;
    path.natT = from;
    announceFloat(path);
}

// Whether the datagram the engine just handled verified for IKE SA `spiI`: its events are taken
// here, and handed on by pollEvent in their order.
bool Ikev2Engine::verifiedFromPeer(const v2::Spi& spiI) {
    bool verified = false;
    while (auto e = m_peer.pollEvent()) {
        const auto* d = e->as<ikev2::DatagramInfo>();
        verified |= e->kind == ikeevents::EventKind::DatagramReceived && d && d->decrypted &&
                    d->header.initiatorSpi == spiI;
        m_engineEvents.push_back(std::move(*e));
    }
    return verified;
}

std::optional<wire::Transmit> Ikev2Engine::pollTransmit() {
    auto t = m_peer.pollTransmit();
    if (!t) return t;
    const auto f = headerFacts(t->datagram);
    if (!f) return t;
    Path& path = m_paths[f->spiI];
    if (!path.logical) path.logical = t->to;
    if (f->ikeSaInit) return t;
    if (!path.natT && m_role == ike::Role::Initiator) {
        path.natT = ike::Endpoint{t->to.address, m_remoteNatTPort};
        announceFloat(path);
    }
    if (!path.natT) return t; // a responder whose initiator stayed on its IKE port
    Bytes marked(wire::kNonEspMarker.begin(), wire::kNonEspMarker.end());
    marked.insert(marked.end(), t->datagram.begin(), t->datagram.end());
    t->datagram = std::move(marked);
    t->from = m_natT;
    t->to = *path.natT;
    return t;
}

void Ikev2Engine::announceFloat(const Path& path) {
    EngineEvent e;
    e.kind = ikeevents::EventKind::NatDetection;
    e.id = "peer.natt.float";
    e.text = "IKE moves to the NAT-T ports: " + m_natT.toString() + " <-> " + path.natT->toString() +
             ", non-ESP marker on IKE, ESP in UDP there (RFC 7296 §2.23, RFC 3948; forced, as strongSwan's "
             "encap=yes: this peer has no socket for plain ESP). The engine's events keep the IKE endpoints " +
             m_ike.toString() + " <-> " + (path.logical ? path.logical->toString() : std::string("?"));
    if (m_withJson) {
        e.json = peerEvent(e.id, "NatTFloat", m_now, e.text);
        e.json["local"] = m_natT.toString();
        e.json["remote"] = path.natT->toString();
    }
    m_ownEvents.push_back(std::move(e));
}

std::optional<EngineEvent> Ikev2Engine::pollEvent(bool withJson) {
    m_withJson = withJson;
    if (!m_ownEvents.empty()) {
        EngineEvent e = std::move(m_ownEvents.front());
        m_ownEvents.pop_front();
        return e;
    }
    std::optional<ikev2::Event> e;
    if (!m_engineEvents.empty()) {
        e = std::move(m_engineEvents.front());
        m_engineEvents.pop_front();
    } else {
        e = m_peer.pollEvent();
    }
    if (!e) return std::nullopt;
    keepKeys(*e);
    EngineEvent out = EngineEvent::from(*e, withJson);
    if (const auto* state = e->as<ikev2::StateInfo>()) {
        out.sa = state->sa;
        out.isIkeSa = true;
        out.initiatorState = state->state.rfind("I: ", 0) == 0;
        out.failed = state->state == "failed";
    }
    if (const auto* info = e->as<ikev2::IkeSaInfo>()) {
        out.remote = wireEndpoint(info->remote);
        out.natT = out.remote.has_value();
    }
    if (const auto* nat = e->as<ikev2::NatInfo>()) out.weAreBehindNat = nat->weAreBehindNat;
    // IKE_AUTH set up the IKE SA but not its child: nothing else will come for this initiator.
    if (e->kind == ikeevents::EventKind::Failure && e->id.size() >= 15 &&
        e->id.compare(e->id.size() - 15, 15, "CHILD_SA.failed") == 0)
        out.endsOwnExchange = true;
    return out;
}

std::optional<ike::Endpoint> Ikev2Engine::wireEndpoint(const ike::Endpoint& logical) const {
    for (const auto& [spi, path] : m_paths)
        if (path.logical == logical && path.natT) return path.natT;
    return std::nullopt;
}

void Ikev2Engine::keepKeys(const ikev2::Event& e) {
    if (e.kind == ikeevents::EventKind::Derived) {
        const auto* d = e.as<crypto::Derivation>();
        const auto dot = e.id.rfind('.');
        const std::string name = dot == std::string::npos ? e.id : e.id.substr(dot + 1);
        if (d && name.rfind("SK_", 0) == 0) m_skByName[e.id] = bytesOf(d->value);
        return;
    }
    const auto* info = e.as<ikev2::IkeSaInfo>();
    const auto at = e.id.find("IKE_SA.established");
    if (e.kind != ikeevents::EventKind::IkeSaEstablished || !info) return;
    const std::string prefix = at == std::string::npos ? "" : e.id.substr(0, at);
    const auto key = [&](const char* name) {
        const auto it = m_skByName.find(prefix + name);
        return it == m_skByName.end() ? Bytes() : it->second;
    };
    m_ikeKeys.push_back(
        capture::Ikev2SaKeys{Bytes(info->spiI.begin(), info->spiI.end()), Bytes(info->spiR.begin(), info->spiR.end()),
                             lab::wiresharkIkev2Encryption(info->suite.encryption), key("SK_ei"), key("SK_er"),
                             lab::wiresharkIkev2Integrity(info->suite.integrity), key("SK_ai"), key("SK_ar")});
}

// The engine's child SAs as the tunnel installs them: ESP in UDP between the NAT-T endpoints.
std::vector<ike::ChildSaInfo> Ikev2Engine::childSas() const {
    std::vector<ike::ChildSaInfo> out;
    for (const ikev2::ChildSaInfo& child : m_peer.childSas()) {
        ike::ChildSaInfo c;
        c.protocol = ike::ChildProtocol::Esp;
        c.suite = ike::ChildSuite{ike::ChildProtocol::Esp, child.suite.encryption, child.suite.integrity};
        c.encapsulationMode = wire::EncapsulationMode::Tunnel;
        c.localSelector = child.localSelector;
        c.remoteSelector = child.remoteSelector;
        c.quickModeRole = child.role == ikev2::Side::Initiator ? ike::Role::Initiator : ike::Role::Responder;
        const auto peerNatT = wireEndpoint(child.outbound.destination);
        c.udpEncapsulated = peerNatT.has_value();
        const auto direction = [&](const ikev2::ChildSaDirection& d, bool inbound) {
            ike::ChildSaDirection converted;
            converted.spi = d.spi;
            converted.source = peerNatT ? (inbound ? *peerNatT : m_natT) : d.source;
            converted.destination = peerNatT ? (inbound ? m_natT : *peerNatT) : d.destination;
            Bytes keymat = bytesOf(d.encryptionKey); // as KEYMAT is cut: encryption key, then integrity key
            keymat.insert(keymat.end(), d.integrityKey.view().begin(), d.integrityKey.view().end());
            converted.keymat = crypto::SecretBytes(std::move(keymat));
            converted.encryptionKey = d.encryptionKey.clone();
            converted.integrityKey = d.integrityKey.clone();
            converted.keymatId = d.encryptionKeyId;
            return converted;
        };
        c.inbound = direction(child.inbound, true);
        c.outbound = direction(child.outbound, false);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

std::unique_ptr<PeerEngine> makeIkev2Engine(const PeerOptions& options, std::uint16_t ikePort, std::uint16_t natTPort,
                                            crypto::RandomSource& random) {
    return std::make_unique<Ikev2Engine>(options, ikePort, natTPort, random);
}

} // namespace ipseclab::peer
