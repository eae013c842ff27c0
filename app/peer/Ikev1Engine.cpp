// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The peer loop's IKEv1 engine: core/ike's Peer as it is (it handles NAT-T ports and the non-ESP
// marker itself), plus the Ka of each established IKE SA for ikev1_decryption_table.

#include <map>

#include "ike/Peer.h"
#include "peer/EventJson.h"
#include "peer/PeerEngine.h"

namespace ipseclab::peer {

namespace {

class Ikev1Engine final : public PeerEngine {
public:
    Ikev1Engine(const PeerOptions& options, std::uint16_t ikePort, std::uint16_t natTPort, crypto::RandomSource& random)
        : m_peer(engineConfig(options, ikePort, natTPort), random) {}

    void handle(ByteView datagram, const ike::Endpoint& from, const ike::Endpoint& to, ike::Timestamp now) override {
        m_peer.handle(datagram, from, to, now);
    }
    std::optional<wire::Transmit> pollTransmit() override { return m_peer.pollTransmit(); }
    std::optional<EngineEvent> pollEvent(bool withJson) override;
    std::optional<ike::Timestamp> nextTimeout() const override { return m_peer.nextTimeout(); }
    void handleTimeout(ike::Timestamp now) override { m_peer.handleTimeout(now); }

    Result<void> initiate(ike::Timestamp now) override { return m_peer.initiate(now); }
    bool needsQuickMode() const override { return true; }
    Result<void> startQuickMode(ike::Timestamp now) override { return m_peer.startQuickMode(now); }
    Result<void> sendDpd(ike::Timestamp now) override { return m_peer.sendDpd(now); }
    bool deleteIkeSa(ike::Timestamp now) override {
        return !m_peer.ikeSas().empty() && m_peer.deleteIkeSa(now).has_value();
    }
    void deleteChildSas(ike::Timestamp now) override {
        for (const ike::ChildSaInfo& child : m_peer.childSas()) (void)m_peer.deleteChildSa(child.inbound.spi, now);
    }

    bool hasIkeSa() const override { return !m_peer.ikeSas().empty(); }
    std::vector<ike::ChildSaInfo> childSas() const override { return m_peer.childSas(); }
    void addIkeKeys(capture::WiresharkKeys& keys) const override {
        for (const capture::Ikev1SaKeys& k : m_ikeKeys) (void)keys.addIkev1Sa(k);
    }
    int ikeVersion() const override { return 1; }
    std::string childExchangeName() const override { return "Quick Mode"; }

private:
    void keepKeys(const ike::Event& e);

    ike::Peer m_peer;
    // Ka by event-id prefix ("" or "IKE#2."), and the IKE SAs established.
    std::map<std::string, Bytes> m_kaByPrefix;
    std::vector<capture::Ikev1SaKeys> m_ikeKeys;
};

std::optional<EngineEvent> Ikev1Engine::pollEvent(bool withJson) {
    auto e = m_peer.pollEvent();
    if (!e) return std::nullopt;
    keepKeys(*e);
    EngineEvent out = EngineEvent::from(*e, withJson);
    if (const auto* state = e->as<ike::StateInfo>()) {
        out.sa = state->sa;
        out.isIkeSa = state->sa.rfind("IKE SA ", 0) == 0;
        out.initiatorState = state->state.rfind("initiator:", 0) == 0;
        out.failed = state->state == "failed";
    }
    if (const auto* info = e->as<ike::IkeSaInfo>()) {
        out.natT = info->natT;
        out.remote = info->remote;
    }
    if (const auto* nat = e->as<ike::NatInfo>()) out.weAreBehindNat = nat->weAreBehindNat;
    if (const auto* dpd = e->as<ike::DpdInfo>()) out.dpd = dpd->step;
    return out;
}

void Ikev1Engine::keepKeys(const ike::Event& e) {
    if (e.kind == ike::EventKind::Derived) {
        // Ka (not its expansion steps "Ka.K1").
        const auto* d = e.as<ike::Derivation>();
        if (d && e.id.size() >= 2 && e.id.compare(e.id.size() - 2, 2, "Ka") == 0)
            m_kaByPrefix[e.id.substr(0, e.id.size() - 2)] = Bytes(d->value.view().begin(), d->value.view().end());
    }
    if (e.kind != ike::EventKind::IkeSaEstablished) return;
    const auto* info = e.as<ike::IkeSaInfo>();
    const auto at = e.id.find("IKE.established");
    if (!info || at == std::string::npos) return;
    const auto ka = m_kaByPrefix.find(e.id.substr(0, at));
    if (ka != m_kaByPrefix.end())
        m_ikeKeys.push_back(
            capture::Ikev1SaKeys{Bytes(info->initiatorCookie.begin(), info->initiatorCookie.end()), ka->second});
}

} // namespace

std::unique_ptr<PeerEngine> makeIkev1Engine(const PeerOptions& options, std::uint16_t ikePort, std::uint16_t natTPort,
                                            crypto::RandomSource& random) {
    return std::make_unique<Ikev1Engine>(options, ikePort, natTPort, random);
}

} // namespace ipseclab::peer
