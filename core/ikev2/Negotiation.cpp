// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// SA payloads (RFC 7296 §3.3): our offer, one proposal per configured suite; the responder's
// choice, the first of the peer's proposals one of our suites fits, answered with exactly one
// transform of each type (§2.7); the initiator's check that the answer is one it offered. TS
// payloads (§3.13) and their narrowing to our policy (§2.9).

#include <algorithm>
#include <tuple>

#include "base/Endian.h"
#include "ikev2/Engine.h"

namespace ipseclab::ikev2::detail::negotiation {

namespace {

using v2::TransformType;

v2::Transform transform(TransformType type, std::uint16_t id, std::optional<std::uint16_t> keyLength = std::nullopt) {
    v2::Transform t;
    t.type = type;
    t.id = id;
    if (keyLength) {
        Bytes value;
        appendU16(value, *keyLength);
        t.attributes.push_back(v2::TransformAttribute{v2::kAttributeKeyLength, true, value});
    }
    return t;
}

v2::Transform encryption(Encryption e) {
    const auto bits = keyLengthBits(e);
    return transform(TransformType::Encryption, encryptionTransformId(e),
                     bits ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(*bits)) : std::nullopt);
}

std::vector<v2::Transform> transformsOf(const IkeSuite& s) {
    std::vector<v2::Transform> out{encryption(s.encryption), transform(TransformType::Prf, prfTransformId(s.prf))};
    if (!crypto::isAead(s.encryption))
        out.push_back(transform(TransformType::Integrity, integrityTransformId(s.integrity)));
    out.push_back(transform(TransformType::DiffieHellman, static_cast<std::uint16_t>(s.group)));
    return out;
}

std::vector<v2::Transform> transformsOf(const ChildSuite& s) {
    std::vector<v2::Transform> out{encryption(s.encryption)};
    if (!crypto::isAead(s.encryption))
        out.push_back(transform(TransformType::Integrity, integrityTransformId(s.integrity)));
    out.push_back(transform(TransformType::Esn, 0)); // no extended sequence numbers
    return out;
}

auto keyOf(const v2::Transform& t) { return std::make_tuple(t.type, t.id, t.keyLength()); }

bool sameTransform(const v2::Transform& a, const v2::Transform& b) { return keyOf(a) == keyOf(b); }

// Every transform of `wanted` is among the proposal's.
bool offers(const v2::Proposal& p, const std::vector<v2::Transform>& wanted) {
    return std::all_of(wanted.begin(), wanted.end(), [&](const v2::Transform& w) {
        return std::any_of(p.transforms.begin(), p.transforms.end(),
                           [&](const v2::Transform& t) { return sameTransform(t, w); });
    });
}

// The answer holds exactly `wanted`'s transforms (INTEG NONE, which an AEAD answer may add, aside).
bool answers(const v2::Proposal& p, const std::vector<v2::Transform>& wanted) {
    std::vector<v2::Transform> got;
    for (const v2::Transform& t : p.transforms)
        if (!(t.type == TransformType::Integrity && t.id == 0)) got.push_back(t);
    return got.size() == wanted.size() && offers(p, wanted);
}

// Which of `offered` the one-proposal `answer` of `protocol` took, by index.
Result<std::size_t> answered(const v2::SaPayload& answer, v2::ProtocolId protocol,
                             const std::vector<std::vector<v2::Transform>>& offered) {
    if (answer.proposals.size() != 1)
        return fail("the answer holds " + std::to_string(answer.proposals.size()) + " proposals, not 1");
    const v2::Proposal& p = answer.proposals.front();
    if (p.protocol != protocol) return fail("the answer is for another protocol");
    for (std::size_t i = 0; i < offered.size(); ++i)
        if (answers(p, offered[i])) return i;
    return fail("its transforms match none of our proposals");
}

} // namespace

v2::SaPayload ikeOffer(const std::vector<IkeSuite>& suites) {
    v2::SaPayload sa;
    for (const IkeSuite& s : suites)
        sa.proposals.push_back(
            v2::Proposal{static_cast<std::uint8_t>(sa.proposals.size() + 1), v2::ProtocolId::Ike, {}, transformsOf(s)});
    return sa;
}

v2::SaPayload childOffer(const std::vector<ChildSuite>& suites, std::uint32_t spi) {
    Bytes spiBytes;
    appendU32(spiBytes, spi);
    v2::SaPayload sa;
    for (const ChildSuite& s : suites)
        sa.proposals.push_back(v2::Proposal{static_cast<std::uint8_t>(sa.proposals.size() + 1), v2::ProtocolId::Esp,
                                            spiBytes, transformsOf(s)});
    return sa;
}

std::optional<IkeChoice> chooseIke(const v2::SaPayload& offer, const std::vector<IkeSuite>& suites) {
    for (const v2::Proposal& p : offer.proposals) {
        if (p.protocol != v2::ProtocolId::Ike || !p.spi.empty()) continue;
        for (const IkeSuite& s : suites)
            if (offers(p, transformsOf(s)))
                return IkeChoice{v2::Proposal{p.number, v2::ProtocolId::Ike, {}, transformsOf(s)}, s};
    }
    return std::nullopt;
}

std::optional<ChildChoice> chooseChild(const v2::SaPayload& offer, const std::vector<ChildSuite>& suites,
                                       std::uint32_t ourSpi) {
    Bytes spiBytes;
    appendU32(spiBytes, ourSpi);
    for (const v2::Proposal& p : offer.proposals) {
        if (p.protocol != v2::ProtocolId::Esp || p.spi.size() != 4) continue;
        for (const ChildSuite& s : suites)
            if (offers(p, transformsOf(s)))
                return ChildChoice{v2::Proposal{p.number, v2::ProtocolId::Esp, spiBytes, transformsOf(s)}, s,
                                   readU32(p.spi, 0)};
    }
    return std::nullopt;
}

Result<IkeSuite> acceptedIke(const v2::SaPayload& answer, const std::vector<IkeSuite>& offered) {
    std::vector<std::vector<v2::Transform>> transforms;
    for (const IkeSuite& s : offered) transforms.push_back(transformsOf(s));
    auto index = answered(answer, v2::ProtocolId::Ike, transforms);
    if (!index) return tl::unexpected(index.error());
    if (!answer.proposals.front().spi.empty()) return fail("an IKE_SA_INIT answer carries no SPI in its proposal");
    return offered[*index];
}

Result<std::pair<ChildSuite, std::uint32_t>> acceptedChild(const v2::SaPayload& answer,
                                                           const std::vector<ChildSuite>& offered) {
    std::vector<std::vector<v2::Transform>> transforms;
    for (const ChildSuite& s : offered) transforms.push_back(transformsOf(s));
    auto index = answered(answer, v2::ProtocolId::Esp, transforms);
    if (!index) return tl::unexpected(index.error());
    const Bytes& spi = answer.proposals.front().spi;
    if (spi.size() != 4) return fail("an ESP proposal's SPI has 4 bytes, this one " + std::to_string(spi.size()));
    return std::make_pair(offered[*index], readU32(spi, 0));
}

namespace {

std::uint32_t maskOf(std::uint8_t prefixLength) {
    return prefixLength == 0 ? 0 : ~std::uint32_t{0} << (32 - std::min<std::uint8_t>(prefixLength, 32));
}

} // namespace

v2::TsPayload tsOf(const Selector& s) {
    const std::uint32_t mask = maskOf(s.prefixLength);
    const std::uint32_t start = s.address.toU32() & mask;
    const std::uint32_t end = start | ~mask;
    v2::TrafficSelector ts;
    ts.ipProtocol = s.protocol;
    ts.startPort = s.port;
    ts.endPort = s.port ? s.port : 0xffff;
    const auto bytes = [](std::uint32_t v) {
        const wire::Ipv4Address a = wire::Ipv4Address::fromU32(v);
        return Bytes(a.octets.begin(), a.octets.end());
    };
    ts.startAddress = bytes(start);
    ts.endAddress = bytes(end);
    return v2::TsPayload{{}, {ts}};
}

std::optional<Selector> narrow(const v2::TsPayload& ts, const Selector& policy) {
    const v2::TrafficSelector ours = tsOf(policy).selectors.front();
    for (const v2::TrafficSelector& t : ts.selectors) {
        if (t.type != v2::TsType::Ipv4AddrRange || t.startAddress.size() != 4 || t.endAddress.size() != 4) continue;
        const std::uint32_t start = std::max(readU32(t.startAddress, 0), readU32(ours.startAddress, 0));
        const std::uint32_t end = std::min(readU32(t.endAddress, 0), readU32(ours.endAddress, 0));
        const bool protocolOk = t.ipProtocol == 0 || policy.protocol == 0 || t.ipProtocol == policy.protocol;
        const bool portsOk = t.startPort <= ours.startPort && ours.endPort <= t.endPort;
        if (start > end || !protocolOk || !portsOk) continue;
        // The overlap of two subnets is the smaller one; a range that is no subnet is not narrowed further.
        for (std::uint8_t prefix = 0; prefix <= 32; ++prefix) {
            const std::uint32_t mask = maskOf(prefix);
            if ((start & ~mask) == 0 && (start | ~mask) == end) {
                Selector s = Selector::subnet(wire::Ipv4Address::fromU32(start), prefix);
                s.protocol = policy.protocol ? policy.protocol : t.ipProtocol;
                s.port = policy.port;
                return s;
            }
        }
    }
    return std::nullopt;
}

} // namespace ipseclab::ikev2::detail::negotiation
