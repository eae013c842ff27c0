// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Quick Mode (RFC 2409 §5.5; digest §3): under the ISAKMP SA, with its own Message ID and IV chain,
//   QM1 I->R  *HASH(1), SA, Ni [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr]
//   QM2 R->I  *HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr] [, N(RESPONDER-LIFETIME)]
//   QM3 I->R  *HASH(3)
// then KEYMAT per direction: the key for traffic towards a peer uses the SPI that peer chose.

#include <algorithm>

#include "ike/Engine.h"

namespace ipseclab::ike::detail::quick_mode {

namespace {

using wire::ExchangeType;
using wire::NotifyType;
using wire::PayloadType;

Bytes mask(std::uint8_t prefixLength) {
    const std::uint32_t m = prefixLength == 0 ? 0 : 0xffffffffu << (32 - prefixLength);
    Bytes out;
    appendU32(out, m);
    return out;
}

// /32 as ID_IPV4_ADDR, others as ID_IPV4_ADDR_SUBNET (strongSwan does the same).
wire::IdPayload idOf(const Selector& s) {
    wire::IdPayload id;
    id.protocolId = s.protocol;
    id.port = s.port;
    const std::uint32_t network = s.address.toU32() & readU32(mask(s.prefixLength), 0);
    const wire::Ipv4Address address = wire::Ipv4Address::fromU32(network);
    id.data.assign(address.octets.begin(), address.octets.end());
    if (s.prefixLength == 32) {
        id.idType = wire::IdType::Ipv4Addr;
    } else {
        id.idType = wire::IdType::Ipv4AddrSubnet;
        append(id.data, mask(s.prefixLength));
    }
    return id;
}

Result<Selector> selectorOf(const wire::IdPayload& id) {
    Selector s;
    s.protocol = id.protocolId;
    s.port = id.port;
    if (id.idType == wire::IdType::Ipv4Addr && id.data.size() == 4) {
        std::copy(id.data.begin(), id.data.end(), s.address.octets.begin());
        s.prefixLength = 32;
        return s;
    }
    if (id.idType == wire::IdType::Ipv4AddrSubnet && id.data.size() == 8) {
        std::copy(id.data.begin(), id.data.begin() + 4, s.address.octets.begin());
        const std::uint32_t m = readU32(id.data, 4);
        std::uint8_t prefix = 0;
        while (prefix < 32 && (m & (0x80000000u >> prefix))) ++prefix;
        if (prefix < 32 && (m << prefix) != 0) return fail("the subnet mask is not contiguous");
        s.prefixLength = prefix;
        s.address = wire::Ipv4Address::fromU32(s.address.toU32() & m);
        return s;
    }
    return fail("ID type " + wire::nameAndNumber(wire::idTypeName(id.idType), static_cast<unsigned>(id.idType)) +
                " is not supported as a Quick Mode selector");
}

// The IV of the next message of exchange `messageId`; a new M-ID's first IV is recorded as derived.
Bytes ivFor(Engine& engine, IkeSa& sa, std::uint32_t messageId, const std::string& id) {
    std::optional<Derivation> derivation;
    Bytes iv = sa.iv.current(messageId, id, &derivation, sa.ivBaseSource);
    if (derivation) engine.recordDerived(std::move(*derivation));
    return iv;
}

Bytes messageIdBytes(std::uint32_t messageId) {
    Bytes out;
    appendU32(out, messageId);
    return out;
}

Source midSource(const Engine& engine, const std::string& datagramId) {
    return engine.headerSource(datagramId, "isakmp.messageid", 20, 4);
}

// Where payloads 1.. of a plaintext chain sit (everything after HASH).
Source restSource(const Engine& engine, const std::string& datagramId, const wire::PayloadChain& chain) {
    if (!engine.detailed() || chain.payloads.size() < 2) return {};
    const std::size_t from = chain.payloads[1].offset;
    return Source::datagram(datagramId, "ipseclab.isakmp.after_hash", from, chain.consumed() - from, true);
}

// The SPI of proposal `index` of the SA payload at payload `saIndex` of a plaintext chain.
Source spiSource(const Engine& engine, const std::string& datagramId, const wire::PayloadChain& chain,
                 std::size_t saIndex, std::size_t index) {
    if (!engine.detailed() || saIndex >= chain.payloads.size()) return {};
    const auto* sa = chain.payloads[saIndex].as<wire::SaPayload>();
    if (!sa || index >= sa->proposals.size()) return {};
    wire::SaPayload before{sa->doi, sa->situation, {}};
    before.proposals.assign(sa->proposals.begin(), sa->proposals.begin() + static_cast<std::ptrdiff_t>(index));
    const std::size_t offset = chain.payloads[saIndex].offset + wire::kGenericPayloadHeaderSize +
                               bodyOf(before).size() + 8; // proposal header
    return Source::datagram(datagramId, "isakmp.spi", offset, sa->proposals[index].spi.size(), true, index + 1);
}

// NAT-OA (RFC 3947 §5.2): a Quick Mode for transport mode through a NAT carries both original
// addresses, NAT-OAi then NAT-OAr, each as we see it, so that the receiver of the ESP packets can
// correct the TCP and UDP checksums the NAT made wrong (RFC 3948 §3.1.2). Only transport mode
// needs them: in tunnel mode the inner packet is untouched by the NAT.
void appendNatOa(const IkeSa& sa, Role role, std::vector<wire::Payload>& payloads) {
    const wire::Ipv4Address initiator = role == Role::Initiator ? sa.local.address : sa.remote.address;
    const wire::Ipv4Address responder = role == Role::Initiator ? sa.remote.address : sa.local.address;
    for (const wire::Ipv4Address& a : {initiator, responder}) {
        wire::NatOaPayload oa;
        oa.idType = wire::IdType::Ipv4Addr;
        oa.address.assign(a.octets.begin(), a.octets.end());
        payloads.push_back(wire::Payload{std::move(oa)});
    }
}

// The NAT-OA payloads of a QM1 or QM2 (the first is NAT-OAi, the second NAT-OAr): IPv4 ones only.
NatOriginalAddresses natOaOf(const wire::PayloadChain& chain) {
    auto address = [&chain](std::size_t n) -> std::optional<wire::Ipv4Address> {
        const auto* oa = chain.find<wire::NatOaPayload>(n);
        if (!oa || oa->idType != wire::IdType::Ipv4Addr || oa->address.size() != 4) return std::nullopt;
        wire::Ipv4Address a;
        std::copy_n(oa->address.begin(), 4, a.octets.begin());
        return a;
    };
    return NatOriginalAddresses{address(0), address(1)};
}

bool offersTransport(const PeerConfig& config) {
    for (const ChildProposal& p : config.childProposals)
        if (p.encapsulation == Encapsulation::Transport) return true;
    return false;
}

void failQm(Engine& engine, IkeSa& sa, std::uint32_t messageId) {
    auto it = sa.quickModes.find(messageId);
    if (it != sa.quickModes.end()) {
        engine.setQmState(sa, it->second, QmState::Failed);
        sa.quickModes.erase(it);
    }
    sa.iv.forget(messageId);
}

// KEYMAT for both directions, the child SA recorded and installed.
void install(Engine& engine, IkeSa& sa, QuickMode& qm) {
    const ChildAgreement& ag = *qm.agreement;
    const bool esp = ag.suite.protocol == ChildProtocol::Esp;
    const Bytes protocol{static_cast<std::uint8_t>(ag.suite.protocol)};
    const std::size_t length = keymatLength(ag.suite);
    const Part skeyidD{"SKEYID_d", sa.keys.skeyidD.view(), Source::derived(sa.id("SKEYID_d"))};
    const Part pfs{"g(qm)^xy", qm.gxy.view(), Source::derived(qm.id("g(qm)^xy"))};
    const Part proto{"protocol", protocol, Source::constant(esp ? "PROTO_IPSEC_ESP (3)" : "PROTO_IPSEC_AH (2)")};
    // Ni_b | Nr_b in the Quick Mode's order (qm.ni is always the QM initiator's), whoever we are.
    const Part ni = qm.ni.part("Ni_b");
    const Part nr = qm.nr.part("Nr_b");
    const std::string protoName = esp ? "ESP" : "AH";

    const auto keysFor = [&](const Sourced<Bytes>& spi, ChildSaDirection& direction) {
        direction.spi = readU32(spi.value(), 0);
        direction.keymatId = qm.id("KEYMAT." + protoName + "." + hex32(direction.spi));
        auto steps = keymat::keymat(sa.hash(), skeyidD, qm.gxy.empty() ? nullptr : &pfs, proto, spi.part("SPI"), ni, nr,
                                    length, direction.keymatId);
        for (Derivation& step : steps) direction.keymat = engine.recordDerived(std::move(step));
        const ByteView all = direction.keymat.view();
        const std::size_t encryption = esp ? encryptionKeyLength(ag.suite.cipher) : 0;
        direction.encryptionKey = crypto::SecretBytes(all.first(encryption));
        direction.integrityKey = crypto::SecretBytes(all.subspan(encryption, integrityKeyLength(ag.suite.integrity)));
    };

    ChildSaInfo info;
    info.protocol = ag.suite.protocol;
    info.suite = ag.suite;
    info.transformId = transformIdOf(ag.suite);
    info.authenticationAlgorithm = authenticationAlgorithmOf(ag.suite);
    info.keyLengthBits = keyLengthBitsOf(ag.suite);
    info.encapsulationMode = encapsulationModeOf(ag.encapsulation, ag.udpEncapsulated);
    info.udpEncapsulated = ag.udpEncapsulated;
    info.esn = ag.esn;
    info.lifetimeSeconds = ag.lifetimeSeconds;
    info.lifetimeKilobytes = ag.lifetimeKilobytes;
    info.pfsGroup = ag.pfsGroup;
    info.localSelector = qm.local;
    info.remoteSelector = qm.remote;
    info.quickModeRole = qm.role;
    info.messageId = qm.messageId;
    info.peerNatOa = qm.peerNatOa;
    // Each direction is keyed with the SPI its receiver chose: ours for inbound, the peer's for outbound.
    keysFor(qm.ourSpi, info.inbound);
    keysFor(qm.peerSpi, info.outbound);
    info.inbound.source = sa.remote;
    info.inbound.destination = sa.local;
    info.outbound.source = sa.local;
    info.outbound.destination = sa.remote;

    ChildSa child;
    child.info = info.clone();
    child.ckyI = sa.ckyI;
    child.peerId = sa.peerId;
    child.established = engine.now;
    child.prefix = qm.prefix;
    if (ag.lifetimeSeconds) {
        const auto life = std::chrono::seconds(ag.lifetimeSeconds);
        child.timers.set(ChildTimer::HardLifetime, engine.now + std::chrono::duration_cast<Timestamp>(life));
        child.timers.set(ChildTimer::SoftLifetime,
                         engine.now + std::chrono::duration_cast<Timestamp>(std::chrono::duration<double>(life) *
                                                                            engine.config.softLifetimeFraction));
    }
    engine.addChild(std::move(child));
    std::string text = protoName + " SAs established: in " + hex32(info.inbound.spi) + ", out " +
                       hex32(info.outbound.spi) + " (" + ag.describe() + ", " + qm.local.toString() + " <-> " +
                       qm.remote.toString() + ")";
    engine.record(EventKind::ChildSaEstablished, qm.id("QM.established"), std::move(text), std::move(info));
    qm.timers.stop(QmTimer::Retransmit);
    engine.setQmState(sa, qm, QmState::Established);
}

// A Quick Mode named with the next ordinal ("QM#2."), which it takes (engine.qmOrdinal moves) only
// once it is real: ours at once, the peer's when its QM1 authenticated, so a forged QM1 renumbers
// nothing a student reads.
QuickMode newQuickMode(const Engine& engine, std::uint32_t messageId, Role role) {
    QuickMode qm;
    qm.messageId = messageId;
    qm.role = role;
    qm.ordinal = engine.qmOrdinal + 1;
    qm.prefix = qm.ordinal == 1 ? "" : "QM#" + std::to_string(qm.ordinal) + ".";
    qm.started = engine.now;
    qm.local = engine.config.localSelector;
    qm.remote = engine.config.remoteSelector;
    return qm;
}

// Every refused Quick Mode message ends here: the failure recorded, the notify sent where the
// rejection says so (a refused QM1 remembers it as its answer, so a retransmitted copy gets it
// again), the exchange (if it got as far as being stored) failed, its IV forgotten.
void refuse(Engine& engine, IkeSa& sa, const Inbound& in, QuickMode& qm, const Rejection& rejection) {
    engine.recordFailure(rejection.kind, qm.id("QM.failure"), rejection.sentence, rejection.notify, qm.name());
    const bool stored = sa.quickModes.count(qm.messageId) != 0;
    if (rejection.notify && rejection.tellPeer) {
        const Transmit t = informational::sendNotify(engine, sa, *rejection.notify, wire::ProtocolId::IpsecEsp,
                                                     rejection.spi);
        if (!stored) engine.rememberAnswer(sa, in, t);
    }
    if (stored) failQm(engine, sa, qm.messageId);
    else sa.iv.forget(qm.messageId);
}

// The message (QM1, QM2, QM3) decrypted with HASH first, or nothing after recording why: a message
// that does not decrypt is no verdict on the exchange (anyone can send one with the right cookies
// and Message ID), so the Quick Mode waits on for the genuine one or its own timeout.
std::optional<OpenedMessage> openWithHash(Engine& engine, const IkeSa& sa, const Inbound& in, const QuickMode& qm,
                                          const std::string& label, ByteView iv) {
    auto opened = openMessage(in.message, sa.cipher(), sa.keys.ka.view(), iv);
    if (opened && !opened->chain.payloads.empty() && opened->chain.payloads.front().type() == PayloadType::Hash) {
        engine.recordReceived(in, qm.id(label), label, &*opened, iv);
        return std::move(*opened);
    }
    engine.recordReceived(in, qm.id(label), label, nullptr, iv,
                          "did not decrypt to a payload chain starting with HASH");
    const std::string what = label + " of " + qm.name();
    engine.recordUnauthenticated(in, qm.id(label + ".unauthenticated"),
                                 what + " did not decrypt to valid payloads (forged, or not from our peer)");
    return std::nullopt;
}

const Bytes& hashOf(const wire::PayloadChain& chain) { return chain.payloads.front().as<wire::HashPayload>()->hash; }

Part skeyidAPart(const IkeSa& sa) {
    return Part{"SKEYID_a", sa.keys.skeyidA.view(), Source::derived(sa.id("SKEYID_a"))};
}

// A HASH that does not verify: the message is not from our peer as sent (altered, or forged);
// like one that does not decrypt, it changes nothing.
void badHash(Engine& engine, const Inbound& in, const QuickMode& qm, const std::string& hash,
             const std::string& label) {
    const std::string what = hash + " of " + label;
    engine.recordUnauthenticated(in, qm.id(label + ".bad-hash"),
                                 what + " did not verify (the message was altered, or SKEYID_a differs)");
}

// g(qm)^xy of a Quick Mode with PFS, recorded; whoever we are, qm.gi is the QM initiator's value.
Result<void> pfsSecret(Engine& engine, QuickMode& qm, crypto::DhGroup group) {
    const bool initiator = qm.role == Role::Initiator;
    const Sourced<Bytes>& ours = initiator ? qm.gi : qm.gr;
    const Sourced<Bytes>& peers = initiator ? qm.gr : qm.gi;
    auto secret = qm.dh->sharedSecret(peers.value());
    if (!secret) return tl::unexpected(secret.error());
    qm.gxy = std::move(*secret);
    DhInfo info;
    info.purpose = "Quick Mode PFS";
    info.group = group;
    if (engine.detailed()) info.privateValue = qm.dh->privateValue();
    info.ourPublic = ours.value();
    info.peerPublic = peers.value();
    info.sharedSecret = qm.gxy.clone();
    info.ourPublicSource = ours.source();
    info.peerPublicSource = peers.source();
    engine.record(EventKind::DhComputed, qm.id("g(qm)^xy"),
                  "g(qm)^xy computed for PFS (" + std::string(crypto::dhGroupInfo(group).shortName) + ")",
                  std::move(info));
    return {};
}

void recordQm1Negotiation(Engine& engine, const QuickMode& qm, const ChildSelection& selection) {
    engine.record(EventKind::Negotiation, qm.id("negotiation.QM"), "Quick Mode: " + selection.sentence,
                  NegotiationInfo{"Quick Mode", Role::Responder, selection.chosen,
                                  selection.chosen ? selection.agreement.describe() : std::string(),
                                  selection.refused});
}

// Responder: what QM1 asked for taken into the Quick Mode (its Sources from QM1's chain).
void takeQm1(Engine& engine, IkeSa& sa, QuickMode& qm, const wire::PayloadChain& chain, const Qm1Offer& offer) {
    qm.agreement = offer.selection.agreement;
    const MsgRef ref{qm.id("QM1"), &chain, true};
    qm.ni = {offer.ni, engine.source(ref, PayloadType::Nonce, "isakmp.nonce")};
    qm.peerSpi = {offer.peerSpi,
                  offer.proposalIndex ? spiSource(engine, qm.id("QM1"), chain, 1, *offer.proposalIndex) : Source{}};
    qm.responderLifetimeSeconds = offer.selection.responderLifetimeSeconds;
    qm.responderLifetimeKilobytes = offer.selection.responderLifetimeKilobytes;
    qm.peerNatOa = natOaOf(chain);
    qm.idsPresent = offer.idci.has_value();
    if (qm.idsPresent) {
        qm.idciBody = bodyOf(*offer.idci);
        qm.idcrBody = bodyOf(*offer.idcr);
    }
    if (offer.gi) qm.gi = {*offer.gi, engine.source(ref, PayloadType::Ke, "isakmp.key_exchange.data")};
    (void)sa;
}

// QM2's payloads with our SPI and nonce, and a zero HASH(2) (filled in once the rest is known).
std::vector<wire::Payload> qm2Payloads(const IkeSa& sa, QuickMode& qm, const Qm1Offer& offer, const Bytes& spi,
                                       const Bytes& nr) {
    const ChildAgreement& ag = offer.selection.agreement;
    wire::SaPayload reply = offer.selection.reply;
    reply.proposals[0].spi = spi;
    std::vector<wire::Payload> payloads{wire::Payload{wire::HashPayload{Bytes(crypto::hashLength(sa.hash()), 0)}},
                                        wire::Payload{std::move(reply)}, wire::Payload{wire::NoncePayload{nr}}};
    if (qm.dh) payloads.push_back(wire::Payload{wire::KePayload{qm.dh->publicValue()}});
    if (qm.idsPresent) {
        payloads.push_back(wire::Payload{*offer.idci});
        payloads.push_back(wire::Payload{*offer.idcr});
    }
    if (ag.udpEncapsulated && ag.encapsulation == Encapsulation::Transport) appendNatOa(sa, Role::Responder, payloads);
    if (qm.responderLifetimeSeconds || qm.responderLifetimeKilobytes) {
        wire::NotificationPayload n;
        n.protocolId = ag.suite.protocol == ChildProtocol::Esp ? wire::ProtocolId::IpsecEsp : wire::ProtocolId::IpsecAh;
        n.type = NotifyType::ResponderLifetime;
        n.spi = spi;
        Bytes data;
        (void)wire::appendAttributes(
            data, lifetimeAttributes(Lifetimes{qm.responderLifetimeSeconds, qm.responderLifetimeKilobytes}, true));
        n.data = std::move(data);
        payloads.push_back(wire::Payload{std::move(n)});
        qm.agreement->lifetimeSeconds = qm.responderLifetimeSeconds.value_or(qm.agreement->lifetimeSeconds);
        qm.agreement->lifetimeKilobytes = qm.responderLifetimeKilobytes.value_or(qm.agreement->lifetimeKilobytes);
    }
    return payloads;
}

// Responder: build QM2 for what QM1 offered, with HASH(2); g(qm)^xy with PFS; send it and wait for QM3.
void answerQm1(Engine& engine, IkeSa& sa, QuickMode qm, const Inbound& in, const Qm1Offer& offer) {
    const std::uint32_t mid = qm.messageId;
    const ChildAgreement& ag = offer.selection.agreement;
    Bytes ourSpi = engine.newSpi();
    Bytes nr = phase1::nonce(engine);
    if (ag.pfsGroup) {
        auto dh = crypto::DiffieHellman::generate(*ag.pfsGroup, engine.random);
        if (!dh) {
            engine.recordLocalFailure(sa.id("failure.local"), "Diffie-Hellman failed: " + dh.error().message,
                                      qm.name());
            // The QM1 authenticated, so its Message ID stays spent: a retransmission is a replay,
            // and the initiator's Quick Mode ends by its own timeout.
            sa.iv.forget(mid);
            return;
        }
        qm.dh = std::move(*dh);
    }
    std::vector<wire::Payload> payloads = qm2Payloads(sa, qm, offer, ourSpi, nr);
    const std::vector<wire::Payload> rest(payloads.begin() + 1, payloads.end());
    auto restBytes = wire::encodePayloadChain(rest);
    if (!restBytes) {
        engine.recordUnsent(sa, qm.id("QM2"), restBytes.error(), qm.name());
        sa.iv.forget(mid);
        return;
    }
    const wire::PayloadChain plain = phase1::plaintextChainOf(engine, PayloadType::Hash, payloads);
    const MsgRef qm2{qm.id("QM2"), &plain, true};
    qm.nr = {std::move(nr), engine.source(qm2, PayloadType::Nonce, "isakmp.nonce")};
    if (qm.dh) qm.gr = {qm.dh->publicValue(), engine.source(qm2, PayloadType::Ke, "isakmp.key_exchange.data")};
    qm.ourSpi = {std::move(ourSpi), spiSource(engine, qm.id("QM2"), plain, 1, 0)};
    const Bytes midBytes = messageIdBytes(mid);
    const crypto::SecretBytes hash2 = engine.recordDerived(keymat::quickModeHash2(
        sa.hash(), skeyidAPart(sa), Part{"M-ID", midBytes, midSource(engine, qm.id("QM2"))}, qm.ni.part("Ni_b"),
        Part{"SA | Nr [| KE] [| IDci | IDcr] ...", *restBytes, restSource(engine, qm.id("QM2"), plain)},
        qm.id("HASH(2)")));
    payloads[0] = wire::Payload{wire::HashPayload{Bytes(hash2.view().begin(), hash2.view().end())}};
    if (qm.dh) {
        if (auto pfs = pfsSecret(engine, qm, *ag.pfsGroup); !pfs) {
            return refuse(engine, sa, in, qm,
                          Rejection{FailureKind::Malformed,
                                    "the initiator's Quick Mode public value is not usable: " + pfs.error().message,
                                    NotifyType::InvalidKeyInformation, offer.firstSpi});
        }
    }
    const Bytes iv2 = sa.iv.current(mid);
    auto sealed = engine.seal(sa, ExchangeType::QuickMode, mid, payloads, iv2);
    if (!sealed) {
        engine.recordUnsent(sa, qm.id("QM2"), sealed.error(), qm.name());
        sa.iv.forget(mid);
        return;
    }
    auto [it, inserted] = sa.quickModes.emplace(mid, std::move(qm));
    QuickMode& stored = it->second;
    const Transmit t = engine.sendSealedRequest(sa, stored, *sealed, iv2, stored.id("QM2"), "QM2");
    engine.rememberAnswer(sa, in, t);
    sa.iv.advance(mid, sealed->ciphertext);
    engine.setQmState(sa, stored, QmState::R2Sent);
}

// Whether a QM1 authenticates (decrypts to HASH | ..., and HASH(1) verifies), found before anything
// is recorded: the same check onQm1 then makes with its events.
bool qm1Authenticates(const IkeSa& sa, const Inbound& in, std::uint32_t mid) {
    const auto opened = openMessage(in.message, sa.cipher(), sa.keys.ka.view(), sa.iv.current(mid));
    if (!opened || opened->chain.payloads.empty() || opened->chain.payloads.front().type() != PayloadType::Hash)
        return false;
    const Bytes midBytes = messageIdBytes(mid);
    const Derivation hash1 = keymat::quickModeHash1(sa.hash(), skeyidAPart(sa), Part{"M-ID", midBytes, {}},
                                                    Part{"payloads", opened->chain.rawFrom(1), {}});
    return crypto::constantTimeEqual(hash1.value.view(), hashOf(opened->chain));
}

// Responder, QM1: verify HASH(1), read the offer (choose, check PFS and the proxy IDs), answer QM2.
void onQm1(Engine& engine, IkeSa& sa, Inbound& in) {
    const std::uint32_t mid = in.message.header.messageId;
    QuickMode qm = newQuickMode(engine, mid, Role::Responder);
    // One that does not authenticate is named by its Message ID ("QM.0x1a2b3c4d.QM1"), so a forged QM1
    // takes none of the names ("QM1", "IV.QM1") the genuine one will carry.
    if (!qm1Authenticates(sa, in, mid)) qm.prefix = "QM." + hex32(mid) + ".";
    const Bytes iv = ivFor(engine, sa, mid, qm.id("IV.QM1"));
    auto opened = openWithHash(engine, sa, in, qm, "QM1", iv);
    if (!opened) return;
    const wire::PayloadChain& chain = opened->chain;
    const Bytes midBytes = messageIdBytes(mid);
    const crypto::SecretBytes hash1 = engine.recordDerived(keymat::quickModeHash1(
        sa.hash(), skeyidAPart(sa), Part{"M-ID", midBytes, midSource(engine, qm.id("QM1"))},
        Part{"SA | Ni [| KE] [| IDci | IDcr]", chain.rawFrom(1), restSource(engine, qm.id("QM1"), chain)},
        qm.id("HASH(1)")));
    if (!crypto::constantTimeEqual(hash1.view(), hashOf(chain))) return badHash(engine, in, qm, "HASH(1)", "QM1");
    // Authenticated: a later QM1 on this Message ID is a replay, and the Quick Mode takes its ordinal.
    sa.messages.peerMessageIds.insert(mid);
    engine.qmOrdinal = qm.ordinal;
    const auto offer = readQm1(chain, engine.config, sa);
    const ChildSelection* selection = offer                     ? &offer->selection
                                      : offer.error().selection ? &*offer.error().selection
                                                                : nullptr;
    if (selection) recordQm1Negotiation(engine, qm, *selection);
    if (!offer) return refuse(engine, sa, in, qm, offer.error());
    takeQm1(engine, sa, qm, chain, *offer);
    sa.iv.advance(mid, in.message.encrypted);
    answerQm1(engine, sa, std::move(qm), in, *offer);
}

void recordQm2Notifications(Engine& engine, const QuickMode& qm, const wire::PayloadChain& chain) {
    for (std::size_t n = 0; const auto* notify = chain.find<wire::NotificationPayload>(n); ++n) {
        const std::string name(wire::notifyTypeName(notify->type).value_or("NOTIFY"));
        NotifyInfo info{notify->type, notify->protocolId, notify->spi, notify->data, true, {}};
        if (notify->type == NotifyType::ResponderLifetime)
            info.meaning = "the responder's policy has a shorter lifetime: we use it";
        engine.record(EventKind::NotifyReceived, qm.id("notify." + name + ".received"),
                      "notification " + name + " received in QM2", std::move(info));
    }
}

// Initiator: the responder's choice (read from QM2) taken into the Quick Mode.
void takeQm2(Engine& engine, QuickMode& qm, const wire::PayloadChain& chain, const Qm2Reply& reply) {
    const MsgRef ref{qm.id("QM2"), &chain, true};
    qm.agreement = reply.agreement;
    qm.nr = {reply.nr, engine.source(ref, PayloadType::Nonce, "isakmp.nonce")};
    qm.peerNatOa = natOaOf(chain);
    qm.peerSpi = {reply.peerSpi, spiSource(engine, qm.id("QM2"), chain, *chain.indexOf(PayloadType::Sa), 0)};
    Source ourSpiSource; // the SPI field of the proposal the responder chose, in our QM1
    for (std::size_t i = 0; i < qm.offer.proposals.size() && i < qm.offerSpiSources.size(); ++i)
        if (qm.offer.proposals[i].number == reply.agreement.proposalNumber) ourSpiSource = qm.offerSpiSources[i];
    qm.ourSpi = {reply.agreement.suite.protocol == ChildProtocol::Esp ? qm.espSpi : qm.ahSpi, std::move(ourSpiSource)};
    if (reply.gr) qm.gr = {*reply.gr, engine.source(ref, PayloadType::Ke, "isakmp.key_exchange.data")};
}

// Initiator: QM3 (HASH(3)) sent, the child SA installed.
void answerQm2(Engine& engine, IkeSa& sa, QuickMode& qm, const Inbound& in) {
    const std::uint32_t mid = qm.messageId;
    const Bytes midBytes = messageIdBytes(mid);
    const crypto::SecretBytes hash3 = engine.recordDerived(
        keymat::quickModeHash3(sa.hash(), skeyidAPart(sa), Part{"M-ID", midBytes, midSource(engine, qm.id("QM3"))},
                               qm.ni.part("Ni_b"), qm.nr.part("Nr_b"), qm.id("HASH(3)")));
    const std::vector<wire::Payload> payloads{
        wire::Payload{wire::HashPayload{Bytes(hash3.view().begin(), hash3.view().end())}}};
    const Bytes iv3 = sa.iv.current(mid);
    auto sealed = engine.seal(sa, ExchangeType::QuickMode, mid, payloads, iv3);
    if (!sealed) {
        engine.recordUnsent(sa, qm.id("QM3"), sealed.error(), qm.name());
        return;
    }
    const Transmit t = engine.sendSealed(sa, *sealed, iv3, qm.id("QM3"), "QM3");
    engine.rememberAnswer(sa, in, t); // a retransmitted QM2 gets this QM3 again
    install(engine, sa, qm);
    sa.quickModes.erase(mid);
    sa.iv.forget(mid);
}

// Initiator, QM2: verify HASH(2), take the responder's choice, answer QM3, install.
void onQm2(Engine& engine, IkeSa& sa, QuickMode& qm, Inbound& in) {
    const std::uint32_t mid = qm.messageId;
    const Bytes iv = sa.iv.current(mid);
    auto opened = openWithHash(engine, sa, in, qm, "QM2", iv);
    if (!opened) return; // QM1 is retransmitted until the genuine QM2 comes, or the Quick Mode times out
    const wire::PayloadChain& chain = opened->chain;
    const Bytes midBytes = messageIdBytes(mid);
    const crypto::SecretBytes hash2 = engine.recordDerived(keymat::quickModeHash2(
        sa.hash(), skeyidAPart(sa), Part{"M-ID", midBytes, midSource(engine, qm.id("QM2"))}, qm.ni.part("Ni_b"),
        Part{"SA | Nr [| KE] [| IDci | IDcr] ...", chain.rawFrom(1), restSource(engine, qm.id("QM2"), chain)},
        qm.id("HASH(2)")));
    if (!crypto::constantTimeEqual(hash2.view(), hashOf(chain))) return badHash(engine, in, qm, "HASH(2)", "QM2");
    const auto reply = readQm2(chain, qm, sa.floated);
    if (!reply) return refuse(engine, sa, in, qm, reply.error());
    recordQm2Notifications(engine, qm, chain);
    engine.record(EventKind::Negotiation, qm.id("negotiation.QM"),
                  "Quick Mode: the responder chose " + reply->agreement.describe(),
                  NegotiationInfo{"Quick Mode", Role::Initiator, true, reply->agreement.describe(), {}});
    takeQm2(engine, qm, chain, *reply);
    if (reply->gr) {
        if (auto pfs = pfsSecret(engine, qm, *reply->agreement.pfsGroup); !pfs) {
            return refuse(engine, sa, in, qm,
                          Rejection{FailureKind::Malformed,
                                    "the responder's Quick Mode public value is not usable: " + pfs.error().message,
                                    NotifyType::InvalidKeyInformation,
                                    {},
                                    false});
        }
    }
    sa.iv.advance(mid, in.message.encrypted);
    answerQm2(engine, sa, qm, in);
}

// Responder, QM3: verify HASH(3), install.
void onQm3(Engine& engine, IkeSa& sa, QuickMode& qm, Inbound& in) {
    const std::uint32_t mid = qm.messageId;
    const Bytes iv = sa.iv.current(mid);
    auto opened = openWithHash(engine, sa, in, qm, "QM3", iv);
    if (!opened) return; // QM2 is retransmitted until the genuine QM3 comes, or the Quick Mode times out
    const Bytes midBytes = messageIdBytes(mid);
    const crypto::SecretBytes hash3 = engine.recordDerived(
        keymat::quickModeHash3(sa.hash(), skeyidAPart(sa), Part{"M-ID", midBytes, midSource(engine, qm.id("QM3"))},
                               qm.ni.part("Ni_b"), qm.nr.part("Nr_b"), qm.id("HASH(3)")));
    if (!crypto::constantTimeEqual(hash3.view(), hashOf(opened->chain)))
        return badHash(engine, in, qm, "HASH(3)", "QM3");
    sa.iv.advance(mid, in.message.encrypted);
    // QM1 is answered no more: a copy from now on is a replay.
    const std::string qm2 = qm.id("QM2");
    std::erase_if(sa.messages.answers, [&](const Answer& a) { return a.transmit.datagramId == qm2; });
    install(engine, sa, qm);
    sa.quickModes.erase(mid);
    sa.iv.forget(mid);
}

// What makes QM1/QM2 unacceptable before its content is weighed: a nonce outside 8..256 bytes
// (RFC 2409 §5), or a single ID payload (RFC 2409 §5.5: IDci and IDcr travel together).
std::optional<Rejection> badNonceOrIds(const wire::PayloadChain& chain, const std::string& label, bool tellPeer) {
    const std::size_t nonceLength = chain.find<wire::NoncePayload>()->nonce.size();
    if (const std::string problem = nonceLengthProblem(nonceLength); !problem.empty())
        return Rejection{FailureKind::Malformed,
                         label + " is malformed: its nonce " + problem,
                         NotifyType::PayloadMalformed,
                         {},
                         tellPeer};
    if (chain.find<wire::IdPayload>() && !chain.find<wire::IdPayload>(1))
        return Rejection{FailureKind::InvalidId,
                         label + " carries one ID payload: IDci and IDcr must come as a pair (RFC 2409 §5.5)",
                         NotifyType::InvalidIdInformation,
                         {},
                         tellPeer};
    return std::nullopt;
}

} // namespace

// ---------------------------------------------------------------- the readers

tl::expected<Qm1Offer, Rejection> readQm1(const wire::PayloadChain& chain, const PeerConfig& config, const IkeSa& sa) {
    const auto* offer = chain.find<wire::SaPayload>();
    const auto* nonce = chain.find<wire::NoncePayload>();
    if (!offer || !nonce || chain.payloads.size() < 2 || chain.payloads[1].type() != PayloadType::Sa)
        return tl::unexpected(Rejection{
            FailureKind::Malformed, "QM1 needs an SA right after HASH, and a nonce", NotifyType::PayloadMalformed, {}});
    if (auto bad = badNonceOrIds(chain, "QM1", true)) return tl::unexpected(std::move(*bad));
    Qm1Offer out;
    out.firstSpi = offer->proposals.empty() ? Bytes{} : offer->proposals.front().spi;
    out.selection = selectChild(*offer, config.childProposals, config.pfsGroup, config.acceptOfferedPfs, sa.floated);
    const auto refused = [&](FailureKind kind, std::string sentence, NotifyType notify) {
        return tl::unexpected(Rejection{kind, std::move(sentence), notify, out.firstSpi, true, out.selection});
    };
    const ChildSelection& selection = out.selection;
    if (!selection.chosen)
        return refused(selection.pfsRelated ? FailureKind::PfsMismatch : FailureKind::NoProposalChosen,
                       "Quick Mode: " + selection.sentence, NotifyType::NoProposalChosen);
    const auto* ke = chain.find<wire::KePayload>();
    const ChildAgreement& ag = selection.agreement;
    if (ag.pfsGroup.has_value() != (ke != nullptr) ||
        (ke && ke->keyExchangeData.size() != crypto::dhGroupInfo(*ag.pfsGroup).publicValueLength)) {
        const std::string why = ke ? (ag.pfsGroup ? "the KE payload does not fit DH group " +
                                                        std::string(crypto::dhGroupInfo(*ag.pfsGroup).shortName)
                                                  : "QM1 carries a KE payload but its proposal names no PFS group")
                                   : "the proposal names PFS group " +
                                         std::string(crypto::dhGroupInfo(*ag.pfsGroup).shortName) +
                                         " but QM1 carries no KE payload";
        return refused(FailureKind::PfsMismatch, "Quick Mode: " + why, NotifyType::NoProposalChosen);
    }
    // Proxy IDs: the initiator's IDci must be our remote network, its IDcr our local one.
    const auto* idci = chain.find<wire::IdPayload>(0);
    const auto* idcr = chain.find<wire::IdPayload>(1);
    Selector theirLocal = Selector::subnet(sa.remote.address, 32), theirRemote = Selector::subnet(sa.local.address, 32);
    if (idci && idcr) {
        auto a = selectorOf(*idci), b = selectorOf(*idcr);
        if (!a || !b)
            return refused(FailureKind::InvalidId,
                           "Quick Mode: unusable proxy ID: " + (!a ? a.error().message : b.error().message),
                           NotifyType::InvalidIdInformation);
        theirLocal = *a;
        theirRemote = *b;
        out.idci = *idci;
        out.idcr = *idcr;
    }
    if (theirLocal != config.remoteSelector || theirRemote != config.localSelector)
        return refused(FailureKind::InvalidId,
                       "Quick Mode: the proxy IDs do not mirror ours — the initiator proposes " +
                           theirLocal.toString() + " <-> " + theirRemote.toString() + ", we protect " +
                           config.localSelector.toString() + " <-> " + config.remoteSelector.toString() +
                           " (its local must be our remote)",
                       NotifyType::InvalidIdInformation);
    out.ni = nonce->nonce;
    if (ke) out.gi = ke->keyExchangeData;
    out.peerSpi.assign(selection.offeredSpi.begin(), selection.offeredSpi.end());
    for (std::size_t i = 0; i < offer->proposals.size(); ++i)
        if (offer->proposals[i].number == ag.proposalNumber) out.proposalIndex = i;
    return out;
}

tl::expected<Qm2Reply, Rejection> readQm2(const wire::PayloadChain& chain, const QuickMode& qm, bool floated) {
    const auto refused = [](FailureKind kind, std::string sentence, std::optional<NotifyType> notify) {
        return tl::unexpected(Rejection{kind, std::move(sentence), notify, {}, false});
    };
    const auto* reply = chain.find<wire::SaPayload>();
    const auto* nonce = chain.find<wire::NoncePayload>();
    if (!reply || !nonce)
        return refused(FailureKind::Malformed, "QM2 needs an SA and a nonce", NotifyType::PayloadMalformed);
    if (auto bad = badNonceOrIds(chain, "QM2", false)) return tl::unexpected(std::move(*bad));
    if (!qm.idciBody.empty() && !chain.find<wire::IdPayload>())
        return refused(FailureKind::InvalidId,
                       "QM2 drops the proxy IDs QM1 carried (the responder must echo IDci and IDcr, RFC 2409 §5.5)",
                       NotifyType::InvalidIdInformation);
    auto agreed = acceptChildReply(*reply, qm.offer, floated);
    if (!agreed)
        return refused(FailureKind::NoProposalChosen,
                       "the responder's SA in QM2 is not acceptable: " + agreed.error().message,
                       NotifyType::NoProposalChosen);
    const auto* ke = chain.find<wire::KePayload>();
    if (agreed->pfsGroup.has_value() != (ke != nullptr))
        return refused(FailureKind::PfsMismatch,
                       ke ? "QM2 carries a KE payload but we asked for no PFS"
                          : "QM2 carries no KE payload although we asked for PFS with " +
                                std::string(crypto::dhGroupInfo(*agreed->pfsGroup).shortName),
                       NotifyType::NoProposalChosen);
    const auto* idci = chain.find<wire::IdPayload>(0);
    const auto* idcr = chain.find<wire::IdPayload>(1);
    if (idci && idcr && (bodyOf(*idci) != qm.idciBody || bodyOf(*idcr) != qm.idcrBody))
        return refused(FailureKind::InvalidId,
                       "the responder changed the proxy IDs in QM2 (it must echo IDci and IDcr)",
                       NotifyType::InvalidIdInformation);
    // RESPONDER-LIFETIME: the responder's policy is shorter; we take it.
    for (std::size_t n = 0; const auto* notify = chain.find<wire::NotificationPayload>(n); ++n) {
        if (notify->type != NotifyType::ResponderLifetime) continue;
        auto attributes = wire::decodeAttributes(notify->data, wire::AttributeSpace::Ipsec);
        const Lifetimes life = lifetimesOf(attributes ? *attributes : wire::DataAttributes{}, true);
        if (life.seconds && *life.seconds && *life.seconds < agreed->lifetimeSeconds)
            agreed->lifetimeSeconds = *life.seconds;
        if (life.kilobytes && *life.kilobytes &&
            (agreed->lifetimeKilobytes == 0 || *life.kilobytes < agreed->lifetimeKilobytes))
            agreed->lifetimeKilobytes = *life.kilobytes;
    }
    Qm2Reply out;
    out.agreement = *agreed;
    out.nr = nonce->nonce;
    out.peerSpi = reply->proposals[0].spi;
    if (ke) out.gr = ke->keyExchangeData;
    return out;
}

Result<void> start(Engine& engine, IkeSa& sa, bool rekey) {
    const auto cannot = [&](const std::string& why) -> Result<void> {
        engine.recordFailure(FailureKind::Local, "failure.local", "cannot start Quick Mode: " + why, std::nullopt,
                             "Quick Mode");
        return fail(why);
    };
    if (engine.config.childProposals.empty()) return cannot("no Quick Mode proposal is configured");
    const bool udp = sa.floated;
    bool needEsp = false, needAh = false;
    for (const ChildProposal& p : engine.config.childProposals) {
        if (p.suite.protocol == ChildProtocol::Esp) needEsp = true;
        else if (!udp) needAh = true;
    }
    if (!needEsp && !needAh) return cannot("only AH is configured, and AH cannot cross the NAT that NAT-T found");

    QuickMode qm = newQuickMode(engine, engine.newMessageId(sa), Role::Initiator);
    engine.qmOrdinal = qm.ordinal;
    qm.rekey = rekey;
    const std::uint32_t mid = qm.messageId;
    if (needEsp) qm.espSpi = engine.newSpi();
    if (needAh) qm.ahSpi = engine.newSpi();
    qm.offer = childOffer(engine.config.childProposals, engine.config.pfsGroup, udp, qm.espSpi, qm.ahSpi);
    Bytes ni = phase1::nonce(engine);
    if (engine.config.pfsGroup) {
        auto dh = crypto::DiffieHellman::generate(*engine.config.pfsGroup, engine.random);
        if (!dh) return cannot("Diffie-Hellman failed: " + dh.error().message);
        qm.dh = std::move(*dh);
    }
    const wire::IdPayload idci = idOf(qm.local), idcr = idOf(qm.remote);
    qm.idciBody = bodyOf(idci);
    qm.idcrBody = bodyOf(idcr);
    std::vector<wire::Payload> payloads{wire::Payload{wire::HashPayload{Bytes(crypto::hashLength(sa.hash()), 0)}},
                                        wire::Payload{qm.offer}, wire::Payload{wire::NoncePayload{ni}}};
    if (qm.dh) payloads.push_back(wire::Payload{wire::KePayload{qm.dh->publicValue()}});
    payloads.push_back(wire::Payload{idci});
    payloads.push_back(wire::Payload{idcr});
    if (udp && offersTransport(engine.config)) appendNatOa(sa, Role::Initiator, payloads);
    const std::vector<wire::Payload> rest(payloads.begin() + 1, payloads.end());
    auto restBytes = wire::encodePayloadChain(rest);
    if (!restBytes) return cannot("QM1 could not be encoded: " + restBytes.error().message);
    const wire::PayloadChain plain = phase1::plaintextChainOf(engine, PayloadType::Hash, payloads);
    const MsgRef qm1{qm.id("QM1"), &plain, true};
    qm.ni = {std::move(ni), engine.source(qm1, PayloadType::Nonce, "isakmp.nonce")};
    if (qm.dh) qm.gi = {qm.dh->publicValue(), engine.source(qm1, PayloadType::Ke, "isakmp.key_exchange.data")};
    for (std::size_t i = 0; i < qm.offer.proposals.size(); ++i)
        qm.offerSpiSources.push_back(spiSource(engine, qm.id("QM1"), plain, 1, i));
    const Bytes midBytes = messageIdBytes(mid);
    const crypto::SecretBytes hash1 = engine.recordDerived(keymat::quickModeHash1(
        sa.hash(), Part{"SKEYID_a", sa.keys.skeyidA.view(), Source::derived(sa.id("SKEYID_a"))},
        Part{"M-ID", midBytes, midSource(engine, qm.id("QM1"))},
        Part{"SA | Ni [| KE] | IDci | IDcr [| NAT-OAi | NAT-OAr]", *restBytes, restSource(engine, qm.id("QM1"), plain)},
        qm.id("HASH(1)")));
    payloads[0] = wire::Payload{wire::HashPayload{Bytes(hash1.view().begin(), hash1.view().end())}};
    const Bytes iv = ivFor(engine, sa, mid, qm.id("IV.QM1"));
    auto sealed = engine.seal(sa, ExchangeType::QuickMode, mid, payloads, iv);
    if (!sealed) return cannot("QM1 could not be encrypted: " + sealed.error().message);
    auto [it, inserted] = sa.quickModes.emplace(mid, std::move(qm));
    QuickMode& stored = it->second;
    engine.sendSealedRequest(sa, stored, *sealed, iv, stored.id("QM1"), "QM1");
    sa.iv.advance(mid, sealed->ciphertext);
    engine.setQmState(sa, stored, QmState::I1Sent);
    return {};
}

void handle(Engine& engine, IkeSa& sa, Inbound& in) {
    const std::uint32_t mid = in.message.header.messageId;
    if (!sa.established()) {
        engine.recordDropped(in, sa.id("dropped"),
                             "a Quick Mode message while phase 1 is incomplete (" + stateText(sa.state) +
                                 "): ignored, as charon does; the initiator will retransmit it");
        return;
    }
    if (mid == 0 || !in.message.header.encrypted()) {
        engine.recordDropped(in, sa.id("dropped"),
                             "a Quick Mode message must be encrypted and have a non-zero Message ID");
        return;
    }
    // Quick Mode does not move the peer: its answers go to the IKE SA's endpoints, whatever address
    // a Quick Mode message came from.
    auto it = sa.quickModes.find(mid);
    if (it == sa.quickModes.end()) {
        onQm1(engine, sa, in);
        return;
    }
    QuickMode& qm = it->second;
    if (qm.role == Role::Initiator && qm.state == QmState::I1Sent) onQm2(engine, sa, qm, in);
    else if (qm.role == Role::Responder && qm.state == QmState::R2Sent) onQm3(engine, sa, qm, in);
    else engine.recordDropped(in, sa.id("dropped"), "a Quick Mode message that does not fit " + qm.name() + "'s state");
}

} // namespace ipseclab::ike::detail::quick_mode
