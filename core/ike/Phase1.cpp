// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What Main Mode and Aggressive Mode share (strongSwan's phase1.c, keymat_v1.c's phase-1 part and
// psk_v1_authenticator.c): the SA offer, vendor IDs, Diffie-Hellman, SKEYID and its children, Ka,
// the phase-1 IV, HASH_I / HASH_R, identities, and what happens once phase 1 is up.

#include "ike/Engine.h"

namespace ipseclab::ike::detail::phase1 {

namespace {

const Bytes& dpdVendorId() {
    static const Bytes id = *fromHex("afcad71368a1f1c96b8696fc77570100"); // RFC 3706, version 1.0
    return id;
}

// Our phase-1 offer as suite names ("aes128-sha1-modp2048, ...").
std::string offered(const IkeSa& sa) {
    std::string text;
    for (const wire::Proposal& proposal : sa.offer.proposals)
        for (const wire::Transform& t : proposal.transforms)
            if (const auto s = phase1SuiteOf(t)) text += (text.empty() ? "" : ", ") + s->name();
    return text;
}

} // namespace

wire::SaPayload offer(const Engine& engine, std::optional<crypto::DhGroup> onlyGroup) {
    std::vector<Phase1Suite> suites;
    for (const Phase1Suite& suite : engine.config.ikeProposals)
        if (!onlyGroup || suite.group == *onlyGroup) suites.push_back(suite);
    return phase1Offer(suites);
}

void addVendorIds(const Engine& engine, const IkeSa& sa, std::vector<wire::Payload>& payloads, bool natT) {
    (void)engine;
    payloads.push_back(wire::Payload{wire::VendorIdPayload{dpdVendorId()}});
    if (natT) payloads.push_back(wire::Payload{wire::VendorIdPayload{nat_t::vendorId(sa)}});
}

void readVendorIds(IkeSa& sa, const wire::PayloadChain& chain) {
    for (const wire::Payload& p : chain.payloads) {
        const auto* vid = p.as<wire::VendorIdPayload>();
        if (!vid) continue;
        if (nat_t::readVendorId(sa, vid->vendorId)) continue;
        if (vid->vendorId.size() >= 14 &&
            std::equal(dpdVendorId().begin(), dpdVendorId().begin() + 14, vid->vendorId.begin()))
            sa.peerDpd = true;
    }
}

Result<void> generateDh(Engine& engine, IkeSa& sa) {
    auto dh = crypto::DiffieHellman::generate(sa.suite->group, engine.random);
    if (!dh) return tl::unexpected(dh.error());
    sa.dh = std::move(*dh);
    return {};
}

Part cookiePart(const Engine& engine, const IkeSa& sa, Role of) {
    const bool main = sa.mode == Phase1Mode::Main;
    if (of == Role::Initiator)
        return Part{"CKY-I", sa.ckyI, engine.headerSource(sa.id(main ? "MM1" : "AM1"), "isakmp.ispi", 0, 8)};
    return Part{"CKY-R", sa.ckyR, engine.headerSource(sa.id(main ? "MM2" : "AM2"), "isakmp.rspi", 8, 8)};
}

Result<crypto::SecretBytes> sharedSecret(const IkeSa& sa, ByteView peerPublic) {
    auto secret = sa.dh->sharedSecret(peerPublic);
    if (!secret)
        return fail(std::string(sa.role == Role::Initiator ? "the responder's" : "the initiator's") +
                    " Diffie-Hellman value was unusable (" + secret.error().message + ")");
    return secret;
}

void deriveKeys(Engine& engine, IkeSa& sa, crypto::SecretBytes secret) {
    const bool initiator = sa.role == Role::Initiator;
    const Sourced<Bytes>& peerPublic = initiator ? sa.gxr : sa.gxi;
    sa.keys.gxy = std::move(secret);
    {
        DhInfo info;
        info.purpose = "phase 1";
        info.group = sa.suite->group;
        if (engine.detailed()) info.privateValue = sa.dh->privateValue();
        info.ourPublic = sa.dh->publicValue();
        info.peerPublic = peerPublic.value();
        info.sharedSecret = sa.keys.gxy.clone();
        info.ourPublicSource = (initiator ? sa.gxi : sa.gxr).source();
        info.peerPublicSource = peerPublic.source();
        engine.record(EventKind::DhComputed, sa.id("g^xy"),
                      "g^xy computed (" + std::string(crypto::dhGroupInfo(sa.suite->group).shortName) + ", " +
                          std::to_string(sa.keys.gxy.size()) + " bytes)",
                      std::move(info));
    }
    using namespace keymat;
    const crypto::HashAlgorithm hash = sa.hash();
    const Part psk{"pre-shared-key", engine.config.psk, Source::local("the configured pre-shared key")};
    const Part ni = sa.ni.part("Ni_b"), nr = sa.nr.part("Nr_b");
    const Part gxy{"g^xy", sa.keys.gxy.view(), Source::derived(sa.id("g^xy"))};
    const Part pCkyI = cookiePart(engine, sa, Role::Initiator), pCkyR = cookiePart(engine, sa, Role::Responder);

    sa.keys.skeyid = engine.recordDerived(skeyid(hash, psk, ni, nr, sa.id("SKEYID")));
    const Part pSkeyid{"SKEYID", sa.keys.skeyid.view(), Source::derived(sa.id("SKEYID"))};
    sa.keys.skeyidD = engine.recordDerived(skeyidD(hash, pSkeyid, gxy, pCkyI, pCkyR, sa.id("SKEYID_d")));
    sa.keys.skeyidA = engine.recordDerived(
        skeyidA(hash, pSkeyid, Part{"SKEYID_d", sa.keys.skeyidD.view(), Source::derived(sa.id("SKEYID_d"))}, gxy, pCkyI,
                pCkyR, sa.id("SKEYID_a")));
    sa.keys.skeyidE = engine.recordDerived(
        skeyidE(hash, pSkeyid, Part{"SKEYID_a", sa.keys.skeyidA.view(), Source::derived(sa.id("SKEYID_a"))}, gxy, pCkyI,
                pCkyR, sa.id("SKEYID_e")));
    auto ka = encryptionKey(hash, Part{"SKEYID_e", sa.keys.skeyidE.view(), Source::derived(sa.id("SKEYID_e"))},
                            crypto::keyLength(sa.cipher()), sa.id("Ka"));
    for (Derivation& step : ka) sa.keys.ka = engine.recordDerived(std::move(step)); // Ka is the last one
    const std::size_t block = crypto::blockSize(sa.cipher());
    const crypto::SecretBytes iv = engine.recordDerived(
        phase1Iv(hash, sa.gxi.part("g^xi"), sa.gxr.part("g^xr"), block, sa.id("IV.phase1")));
    sa.iv = IvChain(hash, block);
    sa.iv.startPhase1(iv.view());
}

crypto::SecretBytes authHash(Engine& engine, IkeSa& sa, Role of) {
    const Part skeyid{"SKEYID", sa.keys.skeyid.view(), Source::derived(sa.id("SKEYID"))};
    const Part gxi = sa.gxi.part("g^xi"), gxr = sa.gxr.part("g^xr");
    const Part pCkyI = cookiePart(engine, sa, Role::Initiator), pCkyR = cookiePart(engine, sa, Role::Responder);
    const Part saiB = sa.saiB.part("SAi_b");
    if (of == Role::Initiator)
        return engine.recordDerived(
            keymat::hashI(sa.hash(), skeyid, gxi, gxr, pCkyI, pCkyR, saiB, sa.idiiB.part("IDii_b"), sa.id("HASH_I")));
    return engine.recordDerived(
        keymat::hashR(sa.hash(), skeyid, gxr, gxi, pCkyR, pCkyI, saiB, sa.idirB.part("IDir_b"), sa.id("HASH_R")));
}

wire::Payload idPayload(const Identity& identity) {
    wire::IdPayload id;
    id.idType = identity.type;
    id.data = identity.data;
    return wire::Payload{std::move(id)};
}

Identity identityOf(const wire::IdPayload& id) { return Identity{id.idType, id.data}; }

Bytes nonce(Engine& engine) { return engine.random.bytes(engine.config.nonceLength); }

void outOfOrder(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& what) {
    engine.recordDropped(in, sa.id("dropped"),
                         what + " that does not fit the state (" + stateText(sa.state) +
                             "): out of order or unexpected; ignored");
}

bool droppedReply(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& label,
                  std::optional<std::size_t> nonceLength) {
    std::string why;
    if (isZero(in.message.header.responderCookie))
        why = "its responder cookie is zero (RFC 2408 §3.1: the responder fills in its own)";
    else if (const std::string problem = nonceLength ? nonceLengthProblem(*nonceLength) : ""; !problem.empty())
        why = "its nonce " + problem;
    if (why.empty()) return false;
    engine.recordDropped(in, sa.id("dropped"),
                         label + " refused: " + why + "; it is not authenticated, so nothing changes");
    return true;
}

void dropUnacceptableReply(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& label,
                           const std::string& why, std::optional<wire::NotifyType> answer) {
    sa.refusedReply = why;
    engine.recordUnauthenticated(in, sa.id(label + ".unacceptable"),
                                 label + " is not acceptable (" + why +
                                     "), but anyone who saw the exchange's cookies can send one (they travel in "
                                     "clear): dropped; we wait for another");
    if (answer) answerUnauthenticated(engine, sa, label + ".unacceptable", *answer, in);
}

void unauthenticated(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& id, const std::string& what,
                     std::optional<wire::NotifyType> answer) {
    sa.unreadable = what;
    engine.recordUnauthenticated(in, sa.id(id),
                                 what + " — the pre-shared keys probably differ (or it is forged); we wait for one "
                                        "that authenticates");
    if (answer) answerUnauthenticated(engine, sa, id, *answer, in);
}

void answerUnauthenticated(Engine& engine, IkeSa& sa, const std::string& kind, wire::NotifyType type,
                           const Inbound& in) {
    // The first answer of a kind tells a genuine peer whose key differs all it can learn; each further
    // one would send a datagram of ours for each datagram a forger sends (charon 5.9 answers every
    // one). Per kind, so a forged MM3 does not silence the answer a genuine wrong-key MM5 gets.
    if (!sa.answeredUnauthenticated.insert(kind).second) return;
    sendClearNotify(engine, sa, type, &in);
}

std::optional<std::pair<FailureKind, std::string>> noUsableMessage(const IkeSa& sa) {
    // MM3 (responder) or MM4 (initiator): only ones whose KE or nonce we could not use came.
    if ((sa.state == P1State::MmR1 || sa.state == P1State::MmI2) && !sa.refusedReply.empty())
        return std::pair{FailureKind::Malformed, "What came could not be used: " + sa.refusedReply + "."};
    if (sa.state != P1State::MmI1 && sa.state != P1State::AmI1) return std::nullopt;
    if (sa.peerError == wire::NotifyType::NoProposalChosen)
        return std::pair{FailureKind::NoProposalChosen,
                         "The responder said NO-PROPOSAL-CHOSEN in clear, which cannot be authenticated; if it is "
                         "genuine, the responder accepted none of our phase-1 proposals (we offered " +
                             offered(sa) + ")."};
    if (!sa.refusedReply.empty())
        return std::pair{FailureKind::NoProposalChosen,
                         "The only answers offered no proposal we accept (" + sa.refusedReply + ")."};
    if (!sa.unreadable.empty())
        return std::pair{FailureKind::PskMismatch, "What came did not authenticate (" + sa.unreadable +
                                                       "): the pre-shared keys probably differ."};
    return std::nullopt;
}

void failSa(Engine& engine, IkeSa& sa) {
    engine.setState(sa, P1State::Failed);
    sa.timers.stop(IkeTimer::Retransmit);
    if (sa.role == Role::Initiator) engine.removeSa(sa, "phase 1 failed");
    else
        sa.timers.set(IkeTimer::HalfOpen,
                      engine.now + engine.config.halfOpenTimeout); // answers retransmissions, then forgotten
}

void refuse(Engine& engine, IkeSa& sa, const Inbound& in, FailureKind kind, const std::string& id,
            const std::string& sentence, std::optional<wire::NotifyType> notify) {
    engine.recordFailure(kind, sa.id(id), sentence, notify, "phase 1");
    if (notify)
        if (auto t = sendClearNotify(engine, sa, *notify, &in))
            if (sa.role == Role::Responder) engine.rememberAnswer(sa, in, *t);
    failSa(engine, sa);
}

void established(Engine& engine, IkeSa& sa, bool answered) {
    sa.timers.stop(IkeTimer::Retransmit);
    sa.timers.stop(IkeTimer::HalfOpen);
    sa.peerError.reset();
    sa.unreadableAnswer = false;
    sa.establishedAt = engine.now;
    sa.iv.completePhase1();
    // Only the answer to the last phase-1 request may still be asked for again (MM6 for a
    // retransmitted MM5, AM3 for a retransmitted AM2); older requests are replays from now on.
    sa.messages.answers.erase(sa.messages.answers.begin(), answered && !sa.messages.answers.empty()
                                                               ? sa.messages.answers.end() - 1
                                                               : sa.messages.answers.end());
    engine.setState(sa, P1State::Established);
    IkeSaInfo info;
    info.initiatorCookie = sa.ckyI;
    info.responderCookie = sa.ckyR;
    info.role = sa.role;
    info.mode = sa.mode;
    info.suite = *sa.suite;
    info.local = sa.local;
    info.remote = sa.remote;
    info.natT = sa.floated;
    info.localId = engine.config.effectiveLocalId();
    info.remoteId = sa.peerId;
    engine.record(EventKind::IkeSaEstablished, sa.id("IKE.established"),
                  sa.name() + " established with " + sa.remote.toString() + " (" + sa.suite->name() +
                      (sa.floated ? ", NAT-T on port 4500" : "") + ")",
                  std::move(info));
    engine.scheduleLifetimes(sa);
    // RFC 2407 §4.6.3.3: INITIAL-CONTACT says the peer holds no other SA with us (it restarted, say):
    // the IKE and IPsec SAs we still keep with it are stale. They go without a Delete, which the
    // peer has no keys to read.
    if (sa.peerInitialContact)
        engine.removeSasOf(sa.peerId, sa,
                           "the peer " + sa.peerId.toString() + " sent INITIAL-CONTACT: it holds no older SA with us");
    if (sa.quickModeWhenEstablished) {
        sa.quickModeWhenEstablished = false;
        (void)quick_mode::start(engine, sa);
    }
}

Result<OpenedMessage> open(const IkeSa& sa, const Inbound& in) {
    return openMessage(in.message, sa.cipher(), sa.keys.ka.view(), sa.iv.phase1());
}

std::optional<Transmit> sendClearNotify(Engine& engine, IkeSa& sa, wire::NotifyType type, const Inbound* replyTo) {
    wire::IsakmpHeader header = engine.header(sa, wire::ExchangeType::Informational, 0);
    // An initiator that accepted no responder cookie yet (an MM2/AM2 it refused) names the one of
    // the datagram it answers.
    if (replyTo && isZero(sa.ckyR)) header.responderCookie = replyTo->message.header.responderCookie;
    wire::NotificationPayload n;
    n.protocolId = wire::ProtocolId::Isakmp;
    n.type = type;
    n.spi.assign(header.initiatorCookie.begin(), header.initiatorCookie.end());
    n.spi.insert(n.spi.end(), header.responderCookie.begin(), header.responderCookie.end());
    NotifyInfo info;
    info.type = type;
    info.protocol = n.protocolId;
    info.spi = n.spi;
    const std::vector<wire::Payload> payloads{wire::Payload{std::move(n)}};
    auto bytes = wire::encodeMessage(header, payloads);
    if (!bytes) {
        engine.recordUnsent(sa, "INFO", bytes.error());
        return std::nullopt;
    }
    const std::string name(wire::notifyTypeName(type).value_or("NOTIFY"));
    info.meaning = "sent in clear (no keys are shared yet), so the peer cannot trust it";
    const std::string datagramId = sa.id("INFO.clear." + name);
    const Transmit t = replyTo ? engine.sendTo(replyTo->to, replyTo->from, std::move(*bytes), datagramId, "INFO")
                               : engine.send(sa, std::move(*bytes), datagramId, "INFO");
    engine.record(EventKind::NotifySent, sa.id("notify." + name + ".sent"),
                  "notification " + name + " (" + std::to_string(static_cast<unsigned>(type)) + ") sent to " +
                      t.to.toString() + ", unprotected",
                  std::move(info));
    return t;
}

Source lastBlockSource(const Engine& engine, const std::string& datagramId, std::size_t ciphertextLength,
                       std::size_t block) {
    if (!engine.detailed()) return {};
    return Source::datagram(datagramId, "ipseclab.isakmp.encrypted", wire::kIsakmpHeaderSize + ciphertextLength - block,
                            block);
}

wire::PayloadChain plaintextChainOf(const Engine& engine, wire::PayloadType first,
                                    std::span<const wire::Payload> payloads) {
    (void)first;
    if (!engine.detailed()) return {};
    // The layout of the chain as it will be encoded (offsets and lengths), without decoding it.
    wire::PayloadChain chain;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        auto encoded = wire::encodePayload(payloads[i],
                                           i + 1 < payloads.size() ? payloads[i + 1].type() : wire::PayloadType::None);
        if (!encoded) return {};
        wire::Payload p = payloads[i];
        p.offset = chain.bytes.size();
        p.length = encoded->size();
        chain.payloads.push_back(std::move(p));
        append(chain.bytes, *encoded);
    }
    return chain;
}

} // namespace ipseclab::ike::detail::phase1
