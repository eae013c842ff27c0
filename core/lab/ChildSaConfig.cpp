// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/ChildSaConfig.h"

#include <utility>

#include "ipsec/Suites.h"

namespace ipseclab::lab {

bool isTransportMode(wire::EncapsulationMode mode) {
    return mode == wire::EncapsulationMode::Transport || mode == wire::EncapsulationMode::UdpEncapsulatedTransport ||
           mode == wire::EncapsulationMode::UdpEncapsulatedTransportDraft;
}

namespace {

ipsec::TrafficSelector trafficSelector(const ike::Selector& s) {
    return ipsec::TrafficSelector{s.address, s.prefixLength, s.protocol, s.port};
}

// The selectors in the SA's direction: inbound the peer's side is the source, outbound ours. In
// transport mode through a NAT the packets carry the addresses the NAT shows (the SA's own outer
// addresses), not the proxy IDs the hosts sent: the selectors follow them, as strongSwan's do
// ("due to NAT"), keeping the protocol and port.
ipsec::SaSelectors saSelectors(const ike::ChildSaInfo& info, const ike::ChildSaDirection& direction) {
    const bool inbound = &direction == &info.inbound;
    ipsec::SaSelectors s{trafficSelector(inbound ? info.remoteSelector : info.localSelector),
                         trafficSelector(inbound ? info.localSelector : info.remoteSelector)};
    if (isTransportMode(info.encapsulationMode) && info.udpEncapsulated) {
        s.source.network = direction.source.address;
        s.source.prefixLength = 32;
        s.destination.network = direction.destination.address;
        s.destination.prefixLength = 32;
    }
    return s;
}

// Inbound in transport mode through a NAT: the addresses the peer's TCP and UDP checksums were
// computed with, from the NAT-OA payloads it sent (RFC 3947 §5.2): its own original address and
// ours as it saw it. A peer that sent none gets no correction.
std::optional<ipsec::SaConfig::OriginalAddresses> natOriginal(const ike::ChildSaInfo& info,
                                                              const ike::ChildSaDirection& direction) {
    if (&direction != &info.inbound || !isTransportMode(info.encapsulationMode) || !info.udpEncapsulated)
        return std::nullopt;
    const bool weInitiated = info.quickModeRole == ike::Role::Initiator;
    const auto& peer = weInitiated ? info.peerNatOa.responder : info.peerNatOa.initiator;
    const auto& us = weInitiated ? info.peerNatOa.initiator : info.peerNatOa.responder;
    if (!peer || !us) return std::nullopt;
    return ipsec::SaConfig::OriginalAddresses{*peer, *us};
}

} // namespace

Result<ipsec::SaConfig> childSaConfig(const ike::ChildSaInfo& info, const ike::ChildSaDirection& direction,
                                      const ChildSaSettings& settings) {
    ipsec::SaConfig c;
    c.name = settings.name;
    c.protocol = info.protocol == ike::ChildProtocol::Esp ? ipsec::IpsecProtocol::Esp : ipsec::IpsecProtocol::Ah;
    c.spi = direction.spi;
    c.source = direction.source.address;
    c.destination = direction.destination.address;
    c.mode = isTransportMode(info.encapsulationMode) ? ipsec::Mode::Transport : ipsec::Mode::Tunnel;
    c.udpEncapsulation = info.udpEncapsulated;
    c.udpSourcePort = direction.source.port;
    c.udpDestinationPort = direction.destination.port;
    c.natOriginal = natOriginal(info, direction);
    c.suite = ipsec::Suite{info.suite.cipher, info.suite.integrity}; // the same algorithms (crypto/IpsecAlgorithms.h)
    auto keys = ipsec::cutKeymat(c.protocol, c.suite, direction.keymat.view());
    if (!keys) return tl::unexpected(keys.error());
    c.keys = std::move(*keys);
    c.selectors = saSelectors(info, direction);
    c.extendedSequenceNumbers = info.esn;
    c.replayWindow = settings.replayWindow;
    if (info.lifetimeKilobytes) {
        // Bytes are the data plane's to count; the engine keeps the time limits. A kilobyte is 1000
        // bytes, as strongSwan reads IKEv1's (get_lifebytes multiplies by 1000), so both ends of an
        // interop tunnel expire together.
        const std::uint64_t hard = std::uint64_t{info.lifetimeKilobytes} * 1000;
        c.lifetime.hard.bytes = hard;
        if (settings.softLifetimeFraction)
            c.lifetime.soft.bytes = static_cast<std::uint64_t>(static_cast<double>(hard) *
                                                               *settings.softLifetimeFraction);
    }
    c.labStartSequence = settings.labStartSequence;
    c.random = settings.random;
    c.created = settings.created;
    return c;
}

} // namespace ipseclab::lab
