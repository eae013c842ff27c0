// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// NAT_DETECTION_SOURCE_IP and NAT_DETECTION_DESTINATION_IP (RFC 7296 §2.23): each SHA-1(SPIi |
// SPIr | IP address | port) of the message's own source or destination, SPIr zero in the first
// request as in its header. This slice detects and records; floating to port 4500 comes later.

#include "base/Endian.h"
#include "ikev2/Engine.h"

namespace ipseclab::ikev2::detail::nat_detection {

namespace {

Derivation natHash(const IkeSa& sa, const Spi& spiR, const Endpoint& endpoint, const std::string& id) {
    Bytes port;
    appendU16(port, endpoint.port);
    return crypto::DerivationBuilder(id, "SHA-1(SPIi | SPIr | IP | port)")
        .add(Part{"SPIi", sa.spiI, crypto::Source::local("the initiator's SPI")})
        .add(Part{"SPIr", spiR, crypto::Source::local("the responder's SPI (zero in the first request)")})
        .add(Part{"IP", endpoint.address.bytes(), crypto::Source::local(endpoint.address.toString())})
        .add(Part{"port", port, crypto::Source::local(std::to_string(endpoint.port))})
        .hash(crypto::HashAlgorithm::Sha1);
}

v2::Payload natNotify(v2::NotifyType type, const crypto::SecretBytes& hash) {
    return v2::Payload{
        v2::PayloadType::Notify,
        v2::NotifyPayload{v2::ProtocolId::None, type, {}, Bytes(hash.view().begin(), hash.view().end())}};
}

} // namespace

void add(Engine& engine, const IkeSa& sa, const Spi& spiR, std::vector<v2::Payload>& payloads,
         const std::string& datagramId) {
    const crypto::SecretBytes source = engine.recordDerived(
        natHash(sa, spiR, sa.local, datagramId + ".NAT_DETECTION_SOURCE_IP"));
    const crypto::SecretBytes destination = engine.recordDerived(
        natHash(sa, spiR, sa.remote, datagramId + ".NAT_DETECTION_DESTINATION_IP"));
    payloads.push_back(natNotify(v2::NotifyType::NatDetectionSourceIp, source));
    payloads.push_back(natNotify(v2::NotifyType::NatDetectionDestinationIp, destination));
}

void check(Engine& engine, const IkeSa& sa, const Inbound& in, const std::string& datagramId) {
    const auto* source = findNotify(in.message.payloads, v2::NotifyType::NatDetectionSourceIp);
    const auto* destination = findNotify(in.message.payloads, v2::NotifyType::NatDetectionDestinationIp);
    if (!source || !destination) {
        engine.record(EventKind::NatDetection, datagramId + ".NAT-D.result", "the peer sent no NAT detection",
                      NatInfo{});
        return;
    }
    const Spi& spiR = in.message.header.responderSpi;
    const Derivation expectedSource = natHash(sa, spiR, in.from, datagramId + ".NAT-D.expected-source");
    const Derivation expectedDestination = natHash(sa, spiR, in.to, datagramId + ".NAT-D.expected-destination");
    NatInfo info;
    info.peerIsBehindNat = !crypto::constantTimeEqual(source->data, expectedSource.value.view());
    info.weAreBehindNat = !crypto::constantTimeEqual(destination->data, expectedDestination.value.view());
    engine.recordDerived(expectedSource);
    engine.recordDerived(expectedDestination);
    const std::string text = info.peerIsBehindNat || info.weAreBehindNat
                                 ? std::string("a NAT is on the path: ") + (info.weAreBehindNat ? "ours" : "the peer's")
                                 : "no NAT between the peers";
    engine.record(EventKind::NatDetection, datagramId + ".NAT-D.result", text, info);
}

} // namespace ipseclab::ikev2::detail::nat_detection
