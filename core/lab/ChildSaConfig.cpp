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
    c.suite = ipsec::Suite{info.suite.cipher, info.suite.integrity}; // the same algorithms (crypto/IpsecAlgorithms.h)
    auto keys = ipsec::cutKeymat(c.protocol, c.suite, direction.keymat.view());
    if (!keys) return tl::unexpected(keys.error());
    c.keys = std::move(*keys);
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
