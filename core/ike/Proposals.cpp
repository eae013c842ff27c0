// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/Proposals.h"

#include <algorithm>
#include <limits>

namespace ipseclab::ike {

using crypto::DhGroup;
using wire::AttributeSpace;
using wire::DataAttribute;
using wire::DataAttributes;
using wire::IpsecAttribute;
using wire::Phase1Attribute;

namespace {

constexpr std::uint16_t a(Phase1Attribute attribute) { return static_cast<std::uint16_t>(attribute); }
constexpr std::uint16_t a(IpsecAttribute attribute) { return static_cast<std::uint16_t>(attribute); }

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

std::string groupName(DhGroup group) { return std::string(crypto::dhGroupInfo(group).shortName); }

std::string valueName(AttributeSpace space, std::uint16_t type, std::uint64_t value) {
    return wire::nameAndNumber(wire::attributeValueName(space, type, value), value);
}

DataAttribute lifeDuration(std::uint16_t type, std::uint32_t value) {
    if (value <= 0xffff) return DataAttribute::tv(type, static_cast<std::uint16_t>(value));
    return DataAttribute::tlvNumber(type, value, 4);
}

std::string lifetimeText(std::optional<std::uint32_t> seconds, std::optional<std::uint32_t> kilobytes) {
    std::vector<std::string> parts;
    if (seconds) parts.push_back(*seconds == 0 ? "no lifetime proposed" : std::to_string(*seconds) + " s");
    if (kilobytes && *kilobytes) parts.push_back(std::to_string(*kilobytes) + " KB");
    return join(parts, ", ");
}

// The offered phase-1 transform as text, even where a value is unsupported.
std::string phase1OfferText(const wire::Transform& t) {
    std::vector<std::string> parts;
    const auto enc = t.attribute(a(Phase1Attribute::EncryptionAlgorithm));
    const auto bits = t.attribute(a(Phase1Attribute::KeyLength));
    if (enc) {
        std::string text = *enc == 7 ? "AES-CBC" : *enc == 5 ? "3DES-CBC" : valueName(AttributeSpace::Phase1, 1, *enc);
        if (bits) text += "-" + std::to_string(*bits);
        parts.push_back(text);
    }
    if (const auto hash = t.attribute(a(Phase1Attribute::HashAlgorithm))) {
        const auto alg = crypto::hashFromIkeId(static_cast<std::uint16_t>(*hash));
        parts.push_back(alg ? std::string(crypto::hashName(*alg)) : valueName(AttributeSpace::Phase1, 2, *hash));
    }
    if (const auto group = t.attribute(a(Phase1Attribute::GroupDescription))) {
        const auto g = crypto::dhGroupFromId(static_cast<std::uint16_t>(*group));
        parts.push_back(g ? groupName(*g) : valueName(AttributeSpace::Phase1, 4, *group));
    }
    std::string text = join(parts, "/");
    const Lifetimes life = lifetimesOf(t.attributes, false);
    if (const std::string lt = lifetimeText(life.seconds, life.kilobytes); !lt.empty()) text += ", " + lt;
    return text;
}

} // namespace

std::string describe(const Refusal& refusal) {
    return "proposal #" + std::to_string(refusal.proposalNumber) + " transform #" +
           std::to_string(refusal.transformNumber) + " (" + refusal.offered + "): " + refusal.reason;
}

Lifetimes lifetimesOf(const DataAttributes& attributes, bool ipsec) {
    const std::uint16_t typeAttr = ipsec ? a(IpsecAttribute::SaLifeType) : a(Phase1Attribute::LifeType);
    const std::uint16_t durationAttr = ipsec ? a(IpsecAttribute::SaLifeDuration) : a(Phase1Attribute::LifeDuration);
    Lifetimes out;
    std::optional<std::uint64_t> type;
    for (const DataAttribute& attribute : attributes) {
        if (attribute.type == typeAttr) type = attribute.number();
        else if (attribute.type == durationAttr && type) {
            const auto value = attribute.number();
            const std::uint32_t v = value && *value <= std::numeric_limits<std::uint32_t>::max()
                                        ? static_cast<std::uint32_t>(*value)
                                        : std::numeric_limits<std::uint32_t>::max();
            if (*type == 1) out.seconds = v;
            else if (*type == 2) out.kilobytes = v;
        }
    }
    return out;
}

DataAttributes lifetimeAttributes(const Lifetimes& lifetimes, bool ipsec) {
    const std::uint16_t typeAttr = ipsec ? a(IpsecAttribute::SaLifeType) : a(Phase1Attribute::LifeType);
    const std::uint16_t durationAttr = ipsec ? a(IpsecAttribute::SaLifeDuration) : a(Phase1Attribute::LifeDuration);
    DataAttributes out;
    if (lifetimes.seconds) {
        out.push_back(DataAttribute::tv(typeAttr, 1));
        out.push_back(lifeDuration(durationAttr, *lifetimes.seconds));
    }
    if (lifetimes.kilobytes) {
        out.push_back(DataAttribute::tv(typeAttr, 2));
        out.push_back(lifeDuration(durationAttr, *lifetimes.kilobytes));
    }
    return out;
}

// ---------------------------------------------------------------- phase 1

wire::SaPayload phase1Offer(std::span<const Phase1Suite> suites) {
    wire::Proposal proposal;
    proposal.number = 1;
    proposal.protocolId = wire::ProtocolId::Isakmp;
    std::uint8_t number = 1;
    for (const Phase1Suite& suite : suites) {
        wire::Transform t;
        t.number = number++;
        t.transformId = wire::kKeyIke;
        t.attributes.push_back(
            DataAttribute::tv(a(Phase1Attribute::EncryptionAlgorithm), ikeEncryptionId(suite.cipher)));
        if (const auto bits = ikeKeyLengthBits(suite.cipher))
            t.attributes.push_back(DataAttribute::tv(a(Phase1Attribute::KeyLength), *bits));
        t.attributes.push_back(DataAttribute::tv(a(Phase1Attribute::HashAlgorithm), crypto::ikeHashId(suite.hash)));
        t.attributes.push_back(
            DataAttribute::tv(a(Phase1Attribute::GroupDescription), static_cast<std::uint16_t>(suite.group)));
        t.attributes.push_back(DataAttribute::tv(a(Phase1Attribute::AuthenticationMethod),
                                                 static_cast<std::uint16_t>(wire::AuthenticationMethod::PreSharedKey)));
        t.attributes.push_back(DataAttribute::tv(a(Phase1Attribute::LifeType), 1));
        t.attributes.push_back(lifeDuration(a(Phase1Attribute::LifeDuration), suite.lifetimeSeconds));
        proposal.transforms.push_back(std::move(t));
    }
    wire::SaPayload sa;
    sa.proposals.push_back(std::move(proposal));
    return sa;
}

Result<Phase1Suite> phase1SuiteOf(const wire::Transform& t) {
    if (t.transformId != wire::kKeyIke)
        return fail("transform ID " + std::to_string(t.transformId) + " is not KEY_IKE");
    const auto enc = t.attribute(a(Phase1Attribute::EncryptionAlgorithm));
    const auto hash = t.attribute(a(Phase1Attribute::HashAlgorithm));
    const auto group = t.attribute(a(Phase1Attribute::GroupDescription));
    const auto auth = t.attribute(a(Phase1Attribute::AuthenticationMethod));
    if (!enc || !hash || !group || !auth)
        return fail("the transform lacks a mandatory attribute (encryption, hash, group and authentication method are "
                    "required)");
    if (t.attribute(a(Phase1Attribute::Prf)))
        return fail("a PRF attribute is not supported (HMAC of the hash is the prf)");
    if (t.attribute(a(Phase1Attribute::GroupType)) || t.attribute(a(Phase1Attribute::GroupPrime)))
        return fail("private DH groups are not supported");
    Phase1Suite suite;
    auto cipher = cipherFromIke(static_cast<std::uint16_t>(*enc), t.attribute(a(Phase1Attribute::KeyLength)));
    if (!cipher) return tl::unexpected(cipher.error());
    suite.cipher = *cipher;
    auto h = crypto::hashFromIkeId(static_cast<std::uint16_t>(*hash));
    if (!h) return fail("hash " + valueName(AttributeSpace::Phase1, 2, *hash) + " is not supported");
    suite.hash = *h;
    auto g = crypto::dhGroupFromId(static_cast<std::uint16_t>(*group));
    if (!g) return fail("DH group " + valueName(AttributeSpace::Phase1, 4, *group) + " is not supported");
    suite.group = *g;
    if (*auth != static_cast<std::uint64_t>(wire::AuthenticationMethod::PreSharedKey))
        return fail("authentication method " + valueName(AttributeSpace::Phase1, 3, *auth) +
                    " is not supported (the lab authenticates with pre-shared keys)");
    suite.lifetimeSeconds = lifetimesOf(t.attributes, false).seconds.value_or(0);
    return suite;
}

namespace {

// What differs between an offered phase-1 suite and one of ours.
std::vector<std::string> phase1Differences(const Phase1Suite& offered, const Phase1Suite& ours) {
    std::vector<std::string> diffs;
    if (offered.cipher != ours.cipher) {
        const bool bothAes = offered.cipher != crypto::CipherAlgorithm::TripleDesCbc &&
                             ours.cipher != crypto::CipherAlgorithm::TripleDesCbc;
        if (bothAes)
            diffs.push_back("key length " + std::to_string(*ikeKeyLengthBits(offered.cipher)) + " bits (we accept " +
                            std::to_string(*ikeKeyLengthBits(ours.cipher)) + ")");
        else
            diffs.push_back("cipher " + std::string(crypto::cipherName(offered.cipher)) + " (we accept " +
                            std::string(crypto::cipherName(ours.cipher)) + ")");
    }
    if (offered.hash != ours.hash)
        diffs.push_back("hash " + std::string(crypto::hashName(offered.hash)) + " (we accept " +
                        std::string(crypto::hashName(ours.hash)) + ")");
    if (offered.group != ours.group)
        diffs.push_back("DH group " + groupName(offered.group) + " (we accept " + groupName(ours.group) + ")");
    // The lifetime is no reason to refuse: a longer one is accepted and ours applies (acceptedLifetime).
    return diffs;
}

// The phase-1 lifetime the responder keeps: the offered one, or ours where it is shorter or none
// was offered (Life Duration 0 or absent). charon 5.9 does the same: it echoes the offer and
// rekeys by its own configuration. RFC 2407 §4.6.3.1 gives RESPONDER-LIFETIME the IPsec SA's
// lifetime; for the ISAKMP SA it was only proposed (Cisco's draft-ietf-ipsec-ike-lifetime, expired)
// and charon does not send it, so the initiator is not told.
std::uint32_t acceptedLifetime(std::uint32_t offered, std::uint32_t ours) {
    if (offered == 0) return ours;
    return ours != 0 && ours < offered ? ours : offered;
}

} // namespace

Phase1Selection selectPhase1(const wire::SaPayload& offer, std::span<const Phase1Suite> policy) {
    Phase1Selection out;
    if (offer.doi != wire::kIpsecDoi) {
        out.sentence = "the SA uses DOI " + std::to_string(offer.doi) + ", not the IPsec DOI (1)";
        return out;
    }
    for (const wire::Proposal& proposal : offer.proposals) {
        if (proposal.protocolId != wire::ProtocolId::Isakmp) {
            out.refused.push_back(Refusal{proposal.number, 0, "protocol " + std::to_string(int(proposal.protocolId)),
                                          "a phase-1 proposal must be PROTO_ISAKMP"});
            continue;
        }
        for (const wire::Transform& t : proposal.transforms) {
            Refusal refusal{proposal.number, t.number, phase1OfferText(t), {}};
            const auto suite = phase1SuiteOf(t);
            if (!suite) {
                refusal.reason = suite.error().message;
                out.refused.push_back(std::move(refusal));
                continue;
            }
            std::vector<std::string> best;
            const Phase1Suite* bestSuite = nullptr;
            for (const Phase1Suite& ours : policy) {
                auto diffs = phase1Differences(*suite, ours);
                if (!bestSuite || diffs.size() < best.size()) {
                    best = std::move(diffs);
                    bestSuite = &ours;
                }
                if (best.empty()) break;
            }
            if (bestSuite && best.empty()) {
                out.chosen = true;
                out.suite = *suite;
                out.suite.lifetimeSeconds = acceptedLifetime(suite->lifetimeSeconds, bestSuite->lifetimeSeconds);
                wire::Proposal chosen = proposal;
                chosen.transforms = {t};
                out.reply.doi = offer.doi;
                out.reply.situation = offer.situation;
                out.reply.proposals = {std::move(chosen)};
                std::string text = "chose proposal #" + std::to_string(proposal.number) + " transform #" +
                                   std::to_string(t.number) + " (" + out.suite.name() + ")";
                if (out.suite.lifetimeSeconds != suite->lifetimeSeconds && suite->lifetimeSeconds != 0)
                    text += "; the offered lifetime of " + std::to_string(suite->lifetimeSeconds) +
                            " s is longer than our " + std::to_string(out.suite.lifetimeSeconds) +
                            " s: accepted, ours applies";
                if (!out.refused.empty()) {
                    text += "; refused ";
                    std::vector<std::string> parts;
                    for (const Refusal& r : out.refused) parts.push_back(describe(r));
                    text += join(parts, "; ");
                }
                out.sentence = text;
                return out;
            }
            refusal.reason = !bestSuite ? "our policy has no phase-1 suite"
                                        : join(best, ", ") +
                                              (policy.size() > 1 ? " — closest to our " + bestSuite->name() : "");
            out.refused.push_back(std::move(refusal));
        }
    }
    std::vector<std::string> parts;
    for (const Refusal& r : out.refused) parts.push_back(describe(r));
    out.sentence = "no acceptable phase-1 proposal: " +
                   (parts.empty() ? std::string("the SA offers nothing") : join(parts, "; "));
    return out;
}

Result<Phase1Suite> acceptPhase1Reply(const wire::SaPayload& reply, const wire::SaPayload& offer) {
    if (reply.proposals.size() != 1 || reply.proposals[0].transforms.size() != 1)
        return fail("the responder's SA must hold exactly one proposal with one transform");
    const wire::Proposal& p = reply.proposals[0];
    const wire::Transform& t = p.transforms[0];
    auto chosen = phase1SuiteOf(t);
    if (!chosen) return tl::unexpected(chosen.error());
    for (const wire::Proposal& ours : offer.proposals) {
        if (ours.number != p.number) continue;
        for (const wire::Transform& mine : ours.transforms) {
            if (mine.number != t.number) continue;
            auto offered = phase1SuiteOf(mine);
            if (!offered) break;
            if (offered->cipher != chosen->cipher || offered->hash != chosen->hash || offered->group != chosen->group)
                return fail("the responder chose transform #" + std::to_string(t.number) + " but changed it to " +
                            chosen->name() + " (we offered " + offered->name() + ")");
            Phase1Suite agreed = *offered;
            if (chosen->lifetimeSeconds != 0 &&
                (agreed.lifetimeSeconds == 0 || chosen->lifetimeSeconds < agreed.lifetimeSeconds))
                agreed.lifetimeSeconds = chosen->lifetimeSeconds;
            return agreed;
        }
    }
    return fail("the responder chose proposal #" + std::to_string(p.number) + " transform #" +
                std::to_string(t.number) + ", which we did not offer");
}

std::vector<Phase1Suite> charonDefaultPhase1(std::uint32_t lifetimeSeconds) {
    using crypto::CipherAlgorithm;
    using crypto::HashAlgorithm;
    std::vector<Phase1Suite> out;
    for (const CipherAlgorithm cipher : {CipherAlgorithm::Aes128Cbc, CipherAlgorithm::Aes192Cbc,
                                         CipherAlgorithm::Aes256Cbc, CipherAlgorithm::TripleDesCbc})
        for (const HashAlgorithm hash :
             {HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512, HashAlgorithm::Sha1})
            for (const DhGroup group : {DhGroup::Ecp256, DhGroup::Ecp384, DhGroup::Modp2048})
                out.push_back(Phase1Suite{cipher, hash, group, lifetimeSeconds});
    return out;
}

// ---------------------------------------------------------------- Quick Mode

std::string ChildAgreement::describe() const {
    std::string text = suite.name() + ", " + (encapsulation == Encapsulation::Tunnel ? "tunnel" : "transport");
    if (udpEncapsulated) text += " (UDP-encapsulated)";
    if (pfsGroup) text += ", PFS " + groupName(*pfsGroup);
    if (esn) text += ", ESN";
    text += ", " + std::to_string(lifetimeSeconds) + " s";
    if (lifetimeKilobytes) text += ", " + std::to_string(lifetimeKilobytes) + " KB";
    return text;
}

wire::SaPayload childOffer(std::span<const ChildProposal> proposals, std::optional<DhGroup> pfsGroup,
                           bool udpEncapsulated, ByteView espSpi, ByteView ahSpi) {
    wire::SaPayload sa;
    std::uint8_t number = 1;
    for (const ChildProposal& cp : proposals) {
        if (cp.suite.protocol == ChildProtocol::Ah && udpEncapsulated) continue;
        wire::Proposal p;
        p.number = number++;
        p.protocolId = cp.suite.protocol == ChildProtocol::Esp ? wire::ProtocolId::IpsecEsp : wire::ProtocolId::IpsecAh;
        const ByteView spi = cp.suite.protocol == ChildProtocol::Esp ? espSpi : ahSpi;
        p.spi.assign(spi.begin(), spi.end());
        wire::Transform t;
        t.number = 1;
        t.transformId = transformIdOf(cp.suite);
        if (const auto bits = keyLengthBitsOf(cp.suite))
            t.attributes.push_back(DataAttribute::tv(a(IpsecAttribute::KeyLength), *bits));
        if (const auto auth = authenticationAlgorithmOf(cp.suite))
            t.attributes.push_back(DataAttribute::tv(a(IpsecAttribute::AuthenticationAlgorithm), *auth));
        if (pfsGroup)
            t.attributes.push_back(
                DataAttribute::tv(a(IpsecAttribute::GroupDescription), static_cast<std::uint16_t>(*pfsGroup)));
        t.attributes.push_back(
            DataAttribute::tv(a(IpsecAttribute::EncapsulationMode),
                              static_cast<std::uint16_t>(encapsulationModeOf(cp.encapsulation, udpEncapsulated))));
        if (cp.esn) t.attributes.push_back(DataAttribute::tv(a(IpsecAttribute::ExtendedSequenceNumber), 1));
        Lifetimes life;
        if (cp.lifetimeSeconds) life.seconds = cp.lifetimeSeconds;
        if (cp.lifetimeKilobytes) life.kilobytes = cp.lifetimeKilobytes;
        for (DataAttribute& attribute : lifetimeAttributes(life, true)) t.attributes.push_back(std::move(attribute));
        p.transforms.push_back(std::move(t));
        sa.proposals.push_back(std::move(p));
    }
    return sa;
}

namespace {

// An offered child transform, decoded.
struct ChildOffered {
    ChildSuite suite;
    std::optional<wire::EncapsulationMode> mode;
    bool esn = false;
    std::optional<DhGroup> group;
    Lifetimes lifetimes;
};

Result<ChildOffered> childOfferedOf(const wire::Proposal& p, const wire::Transform& t) {
    ChildOffered o;
    const ChildProtocol protocol = p.protocolId == wire::ProtocolId::IpsecAh ? ChildProtocol::Ah : ChildProtocol::Esp;
    auto suite = childSuiteFromIke(protocol, t.transformId, t.attribute(a(IpsecAttribute::KeyLength)),
                                   t.attribute(a(IpsecAttribute::AuthenticationAlgorithm)));
    if (!suite) return tl::unexpected(suite.error());
    o.suite = *suite;
    if (const auto mode = t.attribute(a(IpsecAttribute::EncapsulationMode))) {
        std::uint64_t m = *mode;
        if (m == 61443) m = 3; // draft NAT-T values
        if (m == 61444) m = 4;
        if (m < 1 || m > 4)
            return fail("encapsulation mode " + valueName(AttributeSpace::Ipsec, 4, *mode) + " is not supported");
        o.mode = static_cast<wire::EncapsulationMode>(m);
    }
    if (const auto esn = t.attribute(a(IpsecAttribute::ExtendedSequenceNumber))) o.esn = *esn == 1;
    if (const auto group = t.attribute(a(IpsecAttribute::GroupDescription))) {
        auto g = crypto::dhGroupFromId(static_cast<std::uint16_t>(*group));
        if (!g) return fail("PFS group " + valueName(AttributeSpace::Ipsec, 3, *group) + " is not supported");
        o.group = *g;
    }
    o.lifetimes = lifetimesOf(t.attributes, true);
    return o;
}

std::string modeName(wire::EncapsulationMode mode) {
    switch (mode) {
    case wire::EncapsulationMode::Tunnel: return "Tunnel";
    case wire::EncapsulationMode::Transport: return "Transport";
    case wire::EncapsulationMode::UdpEncapsulatedTunnel: return "UDP-Encapsulated-Tunnel";
    case wire::EncapsulationMode::UdpEncapsulatedTransport: return "UDP-Encapsulated-Transport";
    default: return "mode " + std::to_string(int(mode));
    }
}

std::string childOfferText(const wire::Proposal& p, const wire::Transform& t) {
    const auto o = childOfferedOf(p, t);
    if (!o) {
        return std::string(p.protocolId == wire::ProtocolId::IpsecAh ? "AH" : "ESP") + " transform " +
               wire::nameAndNumber(wire::transformIdName(p.protocolId, t.transformId), t.transformId);
    }
    std::string text = o->suite.name();
    if (o->mode) text += ", " + modeName(*o->mode);
    text += o->group ? ", PFS " + groupName(*o->group) : ", no PFS";
    if (o->esn) text += ", ESN";
    if (const std::string lt = lifetimeText(o->lifetimes.seconds, o->lifetimes.kilobytes); !lt.empty())
        text += ", " + lt;
    return text;
}

struct ChildDiffs {
    std::vector<std::string> diffs;
    bool pfs = false; // one of the diffs is the PFS group
};

ChildDiffs childDifferences(const ChildOffered& o, const ChildProposal& ours, std::optional<DhGroup> pfsGroup,
                            bool acceptOfferedPfs, bool udpEncapsulated) {
    ChildDiffs d;
    if (o.suite.protocol != ours.suite.protocol) {
        d.diffs.push_back(std::string("protocol ") + (o.suite.protocol == ChildProtocol::Ah ? "AH" : "ESP") +
                          " (we want " + (ours.suite.protocol == ChildProtocol::Ah ? "AH" : "ESP") + ")");
    } else {
        if (o.suite.cipher != ours.suite.cipher)
            d.diffs.push_back("cipher " + std::string(crypto::encryptionName(o.suite.cipher)) + " (we accept " +
                              std::string(crypto::encryptionName(ours.suite.cipher)) + ")");
        if (o.suite.integrity != ours.suite.integrity)
            d.diffs.push_back("integrity " + std::string(crypto::integrityName(o.suite.integrity)) + " (we accept " +
                              std::string(crypto::integrityName(ours.suite.integrity)) + ")");
    }
    if (o.suite.protocol == ChildProtocol::Ah && udpEncapsulated) {
        d.diffs.push_back("AH cannot be UDP-encapsulated, and NAT traversal is in use");
    } else {
        const wire::EncapsulationMode expected = encapsulationModeOf(ours.encapsulation, udpEncapsulated);
        const wire::EncapsulationMode offered = o.mode.value_or(wire::EncapsulationMode::Tunnel);
        if (offered != expected)
            d.diffs.push_back("encapsulation " + modeName(offered) + " (we expect " + modeName(expected) + ")");
    }
    if (pfsGroup && !o.group) {
        d.pfs = true;
        d.diffs.push_back("no PFS group offered, but our policy requires PFS with DH group " + groupName(*pfsGroup) +
                          " (missing DH group in Quick Mode)");
    } else if (!pfsGroup && o.group && !acceptOfferedPfs) {
        d.pfs = true;
        d.diffs.push_back("PFS with DH group " + groupName(*o.group) +
                          " offered, but our policy has no PFS (unexpected DH group in Quick Mode)");
    } else if (pfsGroup && o.group && *pfsGroup != *o.group && !acceptOfferedPfs) {
        d.pfs = true;
        d.diffs.push_back("PFS group " + groupName(*o.group) + " (our policy requires " + groupName(*pfsGroup) + ")");
    }
    if (o.esn != ours.esn)
        d.diffs.push_back(o.esn ? "ESN offered (our policy has none)" : "no ESN (our policy requires it)");
    return d;
}

// The responder takes offered transform `t` of proposal `p` under its policy entry `ours`: the
// agreement, the reply (lifetimes added where none were offered) and the sentence.
void takeChild(ChildSelection& out, const wire::SaPayload& offer, const wire::Proposal& p, const wire::Transform& t,
               const ChildOffered& offered, const ChildProposal& ours, bool udpEncapsulated) {
    ChildAgreement& ag = out.agreement;
    ag.suite = offered.suite;
    ag.encapsulation = ours.encapsulation;
    ag.udpEncapsulated = udpEncapsulated;
    ag.esn = offered.esn;
    ag.pfsGroup = offered.group;
    ag.proposalNumber = p.number;
    ag.transformNumber = t.number;
    // Lifetimes. Offered and longer than ours: ours, told with RESPONDER-LIFETIME (RFC 2407 §4.6.3.1).
    // Offered as 0: RFC 2407 §4.5 leaves it to local policy, so ours (else the default 28800 s),
    // told the same way. Not offered: ours, added to the echoed transform (as charon does).
    Lifetimes added;
    const auto s = offered.lifetimes.seconds;
    const std::uint32_t policySeconds = ours.lifetimeSeconds ? ours.lifetimeSeconds : 28800;
    if (!s) {
        ag.lifetimeSeconds = policySeconds;
        if (ours.lifetimeSeconds) added.seconds = ours.lifetimeSeconds;
    } else if (*s == 0 || (ours.lifetimeSeconds && ours.lifetimeSeconds < *s)) {
        ag.lifetimeSeconds = policySeconds;
        out.responderLifetimeSeconds = policySeconds;
    } else {
        ag.lifetimeSeconds = *s;
    }
    const auto kb = offered.lifetimes.kilobytes;
    ag.lifetimeKilobytes = kb && *kb ? *kb : ours.lifetimeKilobytes;
    if (kb && ours.lifetimeKilobytes && (!*kb || ours.lifetimeKilobytes < *kb)) {
        ag.lifetimeKilobytes = ours.lifetimeKilobytes;
        out.responderLifetimeKilobytes = ours.lifetimeKilobytes;
    } else if (!kb && ours.lifetimeKilobytes) {
        added.kilobytes = ours.lifetimeKilobytes;
    }
    out.chosen = true;
    out.offeredSpi = p.spi;
    wire::Proposal chosen = p;
    chosen.transforms = {t};
    for (DataAttribute& attribute : lifetimeAttributes(added, true))
        chosen.transforms[0].attributes.push_back(std::move(attribute));
    out.reply.doi = offer.doi;
    out.reply.situation = offer.situation;
    out.reply.proposals = {std::move(chosen)};
    std::string text = "chose proposal #" + std::to_string(p.number) + " transform #" + std::to_string(t.number) +
                       " (" + ag.describe() + ")";
    if (!out.refused.empty()) {
        std::vector<std::string> parts;
        for (const Refusal& r : out.refused) parts.push_back(describe(r));
        text += "; refused " + join(parts, "; ");
    }
    out.sentence = text;
}

} // namespace

ChildSelection selectChild(const wire::SaPayload& offer, std::span<const ChildProposal> policy,
                           std::optional<DhGroup> pfsGroup, bool acceptOfferedPfs, bool udpEncapsulated) {
    ChildSelection out;
    bool allPfs = true;
    if (offer.doi != wire::kIpsecDoi) {
        out.sentence = "the SA uses DOI " + std::to_string(offer.doi) + ", not the IPsec DOI (1)";
        return out;
    }
    for (std::size_t i = 0; i < offer.proposals.size(); ++i) {
        const wire::Proposal& p = offer.proposals[i];
        const bool bundled = (i > 0 && offer.proposals[i - 1].number == p.number) ||
                             (i + 1 < offer.proposals.size() && offer.proposals[i + 1].number == p.number);
        if (bundled || (p.protocolId != wire::ProtocolId::IpsecEsp && p.protocolId != wire::ProtocolId::IpsecAh) ||
            p.spi.size() != 4) {
            out.refused.push_back(Refusal{p.number, 0,
                                          wire::nameAndNumber(wire::protocolIdName(p.protocolId), int(p.protocolId)),
                                          bundled ? "SA bundles (several protocols in one proposal) are not supported"
                                          : p.spi.size() != 4 ? "the SPI must be 4 bytes"
                                                              : "only ESP and AH are supported"});
            allPfs = false;
            continue;
        }
        for (const wire::Transform& t : p.transforms) {
            Refusal refusal{p.number, t.number, childOfferText(p, t), {}};
            const auto o = childOfferedOf(p, t);
            if (!o) {
                refusal.reason = o.error().message;
                out.refused.push_back(std::move(refusal));
                allPfs = false;
                continue;
            }
            ChildDiffs best;
            const ChildProposal* bestPolicy = nullptr;
            for (const ChildProposal& ours : policy) {
                ChildDiffs d = childDifferences(*o, ours, pfsGroup, acceptOfferedPfs, udpEncapsulated);
                if (!bestPolicy || d.diffs.size() < best.diffs.size()) {
                    best = std::move(d);
                    bestPolicy = &ours;
                }
                if (best.diffs.empty()) break;
            }
            if (bestPolicy && best.diffs.empty()) {
                takeChild(out, offer, p, t, *o, *bestPolicy, udpEncapsulated);
                return out;
            }
            if (!best.pfs) allPfs = false;
            refusal.reason = !bestPolicy ? "our policy has no Quick Mode proposal" : join(best.diffs, ", ");
            out.refused.push_back(std::move(refusal));
        }
    }
    out.pfsRelated = allPfs && !out.refused.empty();
    std::vector<std::string> parts;
    for (const Refusal& r : out.refused) parts.push_back(describe(r));
    out.sentence = "no acceptable Quick Mode proposal: " +
                   (parts.empty() ? std::string("the SA offers nothing") : join(parts, "; "));
    return out;
}

Result<ChildAgreement> acceptChildReply(const wire::SaPayload& reply, const wire::SaPayload& offer,
                                        bool udpEncapsulated) {
    if (reply.proposals.size() != 1 || reply.proposals[0].transforms.size() != 1)
        return fail("the responder's SA must hold exactly one proposal with one transform");
    const wire::Proposal& p = reply.proposals[0];
    const wire::Transform& t = p.transforms[0];
    if (p.spi.size() != 4) return fail("the responder's SPI is " + std::to_string(p.spi.size()) + " bytes, not 4");
    auto chosen = childOfferedOf(p, t);
    if (!chosen) return tl::unexpected(chosen.error());
    for (const wire::Proposal& ours : offer.proposals) {
        if (ours.number != p.number || ours.protocolId != p.protocolId) continue;
        for (const wire::Transform& mine : ours.transforms) {
            if (mine.number != t.number || mine.transformId != t.transformId) continue;
            auto offered = childOfferedOf(ours, mine);
            if (!offered) break;
            if (offered->suite != chosen->suite || offered->mode != chosen->mode || offered->esn != chosen->esn ||
                offered->group != chosen->group)
                return fail("the responder chose proposal #" + std::to_string(p.number) + " but changed it to " +
                            childOfferText(p, t) + " (we offered " + childOfferText(ours, mine) + ")");
            ChildAgreement ag;
            ag.suite = chosen->suite;
            const auto mode = chosen->mode.value_or(wire::EncapsulationMode::Tunnel);
            ag.encapsulation = (mode == wire::EncapsulationMode::Transport ||
                                mode == wire::EncapsulationMode::UdpEncapsulatedTransport)
                                   ? Encapsulation::Transport
                                   : Encapsulation::Tunnel;
            ag.udpEncapsulated = udpEncapsulated;
            ag.esn = chosen->esn;
            ag.pfsGroup = chosen->group;
            ag.proposalNumber = p.number;
            ag.transformNumber = t.number;
            // The responder may add or lower lifetimes (charon adds 28800 s to a transform that had none).
            ag.lifetimeSeconds = offered->lifetimes.seconds.value_or(28800);
            if (chosen->lifetimes.seconds && *chosen->lifetimes.seconds &&
                *chosen->lifetimes.seconds < ag.lifetimeSeconds)
                ag.lifetimeSeconds = *chosen->lifetimes.seconds;
            ag.lifetimeKilobytes = offered->lifetimes.kilobytes.value_or(0);
            if (const auto kb = chosen->lifetimes.kilobytes;
                kb && *kb && (ag.lifetimeKilobytes == 0 || *kb < ag.lifetimeKilobytes))
                ag.lifetimeKilobytes = *kb;
            return ag;
        }
    }
    return fail("the responder chose proposal #" + std::to_string(p.number) + " transform #" +
                std::to_string(t.number) + ", which we did not offer");
}

} // namespace ipseclab::ike
