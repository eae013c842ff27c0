// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Aggressive Mode (RFC 2409 §5, exchange 4) with pre-shared keys (digest §4.2):
//   AM1 I->R  SA, KE, Ni, IDii, VID
//   AM2 R->I  SA, KE, Nr, IDir, VID [, NAT-D, NAT-D], HASH_R
//   AM3 I->R  *HASH_I [, NAT-D, NAT-D]    (encrypted, as charon sends it; a clear AM3 is accepted)
// AM1 already carries the KE, so every offered transform must use its DH group. The identities
// travel in clear and HASH_R can be attacked offline: the lesson on Aggressive Mode.

#include "ike/Engine.h"

namespace ipseclab::ike::detail::aggressive_mode {

namespace {

using wire::ExchangeType;
using wire::NotifyType;
using wire::PayloadType;

void outOfOrder(Engine& engine, IkeSa& sa, const Inbound& in) {
    phase1::outOfOrder(engine, sa, in, "an Aggressive Mode message");
}

bool checkRemoteId(Engine& engine, IkeSa& sa, const Inbound& in) {
    if (engine.config.remoteId.empty() || sa.peerId == engine.config.remoteId) return true;
    phase1::refuse(engine, sa, in, FailureKind::InvalidId, "failure.invalid-id",
                   "the peer identifies itself as " + sa.peerId.toString() + " but we expect " +
                       engine.config.remoteId.toString(),
                   NotifyType::InvalidIdInformation);
    return false;
}

// Responder: what AM1 brings (SAi_b, g^xi, Ni, IDii) stored with where each sits.
void takeAm1(Engine& engine, IkeSa& sa, const wire::PayloadChain& chain) {
    const auto saIndex = chain.indexOf(PayloadType::Sa);
    const auto idIndex = chain.indexOf(PayloadType::Id);
    phase1::readVendorIds(sa, chain);
    const MsgRef am1{sa.id("AM1"), &chain};
    sa.saiB = {Bytes(chain.rawBody(*saIndex).begin(), chain.rawBody(*saIndex).end()),
               engine.source(am1, PayloadType::Sa, "")};
    sa.gxi = {chain.find<wire::KePayload>()->keyExchangeData,
              engine.source(am1, PayloadType::Ke, "isakmp.key_exchange.data")};
    sa.ni = {chain.find<wire::NoncePayload>()->nonce, engine.source(am1, PayloadType::Nonce, "isakmp.nonce")};
    sa.idiiB = {Bytes(chain.rawBody(*idIndex).begin(), chain.rawBody(*idIndex).end()),
                engine.source(am1, PayloadType::Id, "")};
    sa.peerId = phase1::identityOf(*chain.find<wire::IdPayload>());
}

// Responder: the first offered transform our policy accepts, recorded. Its group is the one AM1's
// KE must have (RFC 2409 §5: the group cannot be negotiated in Aggressive Mode); the KE's length
// does not name the group (MODP-768 and ECP-384 values are both 96 bytes), so it is only checked.
Phase1Selection chooseAm1(Engine& engine, IkeSa& sa, const wire::SaPayload& offer) {
    const Phase1Selection selection = selectPhase1(offer, engine.config.ikeProposals);
    engine.record(EventKind::Negotiation, sa.id("negotiation.phase1"), "phase 1: " + selection.sentence,
                  NegotiationInfo{"phase 1", Role::Responder, selection.chosen,
                                  selection.chosen ? selection.suite.name() : std::string(), selection.refused});
    return selection;
}

// Responder: AM2 (SA, g^xr, Nr, IDir, VID [, NAT-D], HASH_R) built, keys derived, sent.
void answerAm1(Engine& engine, IkeSa& sa, const Inbound& in, const Phase1Selection& selection) {
    if (auto dh = phase1::generateDh(engine, sa); !dh)
        return phase1::refuse(engine, sa, in, FailureKind::Local, "failure.local",
                              "Diffie-Hellman failed: " + dh.error().message, std::nullopt);
    // AM1 is the first message: a value we cannot use fails this responder SA (no other exists).
    auto gxy = phase1::sharedSecret(sa, sa.gxi.value());
    if (!gxy)
        return phase1::refuse(engine, sa, in, FailureKind::Malformed, "failure.invalid-ke", gxy.error().message,
                              NotifyType::InvalidKeyInformation);
    Bytes nr = phase1::nonce(engine);
    wire::Payload id = phase1::idPayload(engine.config.effectiveLocalId());
    Bytes idirB = bodyOf(id.body);
    std::vector<wire::Payload> payloads{wire::Payload{selection.reply},
                                        wire::Payload{wire::KePayload{sa.dh->publicValue()}},
                                        wire::Payload{wire::NoncePayload{nr}}, std::move(id)};
    phase1::addVendorIds(engine, sa, payloads, engine.config.natTraversal != NatTraversal::Off && sa.peerNatT);
    if (nat_t::enabled(engine, sa)) nat_t::addNatD(engine, sa, payloads, in.from, in.to, sa.id("AM2"));
    payloads.push_back(wire::Payload{wire::HashPayload{Bytes(crypto::hashLength(sa.hash()), 0)}});
    {
        auto draft = wire::encodeMessage(engine.header(sa, ExchangeType::Aggressive, 0), payloads);
        if (!draft) {
            engine.recordUnsent(sa, "AM2", draft.error());
            return;
        }
        const wire::PayloadChain* sent = engine.decodeOwn(*draft);
        const MsgRef am2{sa.id("AM2"), sent};
        sa.gxr = {sa.dh->publicValue(), engine.source(am2, PayloadType::Ke, "isakmp.key_exchange.data")};
        sa.nr = {std::move(nr), engine.source(am2, PayloadType::Nonce, "isakmp.nonce")};
        sa.idirB = {std::move(idirB), engine.source(am2, PayloadType::Id, "")};
    }
    phase1::deriveKeys(engine, sa, std::move(*gxy));
    const crypto::SecretBytes hashR = phase1::authHash(engine, sa, Role::Responder);
    payloads.back() = wire::Payload{wire::HashPayload{Bytes(hashR.view().begin(), hashR.view().end())}};
    auto bytes = wire::encodeMessage(engine.header(sa, ExchangeType::Aggressive, 0), payloads);
    if (!bytes) {
        engine.recordUnsent(sa, "AM2", bytes.error());
        return;
    }
    const Transmit t = engine.sendRequest(sa, std::move(*bytes), sa.id("AM2"), "AM2");
    engine.rememberAnswer(sa, in, t);
    engine.setState(sa, P1State::AmR1);
}

// Responder, AM1: choose a transform of the KE's group, answer AM2 with HASH_R.
void onAm1(Engine& engine, IkeSa& sa, Inbound& in) {
    const wire::PayloadChain& chain = in.message.chain;
    const auto* offer = chain.find<wire::SaPayload>();
    if (!offer || !chain.find<wire::KePayload>() || !chain.find<wire::NoncePayload>() ||
        !chain.find<wire::IdPayload>()) {
        engine.recordReceived(in, sa.id("AM1"), "AM1", nullptr, {}, "SA, KE, Nonce and ID are required");
        return phase1::refuse(engine, sa, in, FailureKind::Malformed, "AM1.malformed",
                              "AM1 is malformed: SA, KE, Nonce and ID are required", NotifyType::PayloadMalformed);
    }
    const std::size_t nonceLength = chain.find<wire::NoncePayload>()->nonce.size();
    if (const std::string problem = nonceLengthProblem(nonceLength); !problem.empty()) {
        engine.recordReceived(in, sa.id("AM1"), "AM1", nullptr, {}, "the nonce must hold 8 to 256 bytes");
        return phase1::refuse(engine, sa, in, FailureKind::Malformed, "AM1.malformed",
                              "AM1 is malformed: its nonce " + problem, NotifyType::PayloadMalformed);
    }
    engine.recordReceived(in, sa.id("AM1"), "AM1");
    takeAm1(engine, sa, chain);
    const Phase1Selection selection = chooseAm1(engine, sa, *offer);
    if (!selection.chosen)
        return phase1::refuse(engine, sa, in, FailureKind::NoProposalChosen, "failure.no-proposal-chosen",
                              "no proposal chosen: " + selection.sentence, NotifyType::NoProposalChosen);
    const crypto::DhGroupInfo group = crypto::dhGroupInfo(selection.suite.group);
    if (sa.gxi.value().size() != group.publicValueLength)
        return phase1::refuse(engine, sa, in, FailureKind::Malformed, "failure.invalid-ke",
                              "AM1 carries a KE of " + std::to_string(sa.gxi.value().size()) + " bytes; " +
                                  std::string(group.shortName) + ", the group of the chosen transform, needs exactly " +
                                  std::to_string(group.publicValueLength),
                              NotifyType::InvalidKeyInformation);
    sa.suite = selection.suite;
    if (!checkRemoteId(engine, sa, in)) return;
    answerAm1(engine, sa, in, selection);
}

// Initiator: whether AM2's HASH_R verifies, computed from AM2's own values before any of them is
// kept (SKEYID for pre-shared keys needs no g^xy): a forged AM2 changes nothing and records no
// derivation, and costs no Diffie-Hellman.
bool hashRVerifies(const Engine& engine, const IkeSa& sa, const Phase1Suite& suite, const wire::Cookie& ckyR,
                   const wire::PayloadChain& chain, ByteView hashR) {
    const ByteView idirB = chain.rawBody(*chain.indexOf(PayloadType::Id));
    const Derivation skeyid = keymat::skeyid(suite.hash, Part{"pre-shared-key", engine.config.psk, {}},
                                             sa.ni.part("Ni_b"),
                                             Part{"Nr_b", chain.find<wire::NoncePayload>()->nonce, {}});
    const Derivation expected = keymat::hashR(suite.hash, partOf(skeyid),
                                              Part{"g^xr", chain.find<wire::KePayload>()->keyExchangeData, {}},
                                              sa.gxi.part("g^xi"), Part{"CKY-R", ckyR, {}}, Part{"CKY-I", sa.ckyI, {}},
                                              sa.saiB.part("SAi_b"), Part{"IDir_b", idirB, {}});
    return crypto::constantTimeEqual(expected.value.view(), hashR);
}

// Initiator, AM2: verify HASH_R, answer AM3 (encrypted, on 4500 when NAT-T floats); phase 1 is up.
void onAm2(Engine& engine, IkeSa& sa, Inbound& in) {
    const wire::PayloadChain& chain = in.message.chain;
    const auto* reply = chain.find<wire::SaPayload>();
    const auto* ke = chain.find<wire::KePayload>();
    const auto* nonce = chain.find<wire::NoncePayload>();
    const auto idIndex = chain.indexOf(PayloadType::Id);
    const auto* hash = chain.find<wire::HashPayload>();
    if (in.message.header.encrypted() || !reply || !ke || !nonce || !idIndex || !hash) {
        outOfOrder(engine, sa, in);
        return;
    }
    // Unauthenticated until HASH_R verifies: refused without a change of state.
    if (phase1::droppedReply(engine, sa, in, "AM2", nonce->nonce.size())) return;
    auto agreed = acceptPhase1Reply(*reply, sa.offer);
    if (!agreed) return phase1::dropUnacceptableReply(engine, sa, in, "AM2", agreed.error().message);
    if (!hashRVerifies(engine, sa, *agreed, in.message.header.responderCookie, chain, hash->hash))
        return phase1::unauthenticated(engine, sa, in, "AM2.bad-hash", "HASH_R in message 2 did not verify",
                                       NotifyType::AuthenticationFailed);
    // Authenticated from here on: AM2's values are kept.
    engine.recordReceived(in, sa.id("AM2"), "AM2");
    sa.ckyR = in.message.header.responderCookie;
    sa.suite = *agreed;
    engine.record(EventKind::Negotiation, sa.id("negotiation.phase1"), "phase 1: the responder chose " + agreed->name(),
                  NegotiationInfo{"phase 1", Role::Initiator, true, agreed->name(), {}});
    phase1::readVendorIds(sa, chain);
    const MsgRef am2{sa.id("AM2"), &chain};
    sa.gxr = {ke->keyExchangeData, engine.source(am2, PayloadType::Ke, "isakmp.key_exchange.data")};
    sa.nr = {nonce->nonce, engine.source(am2, PayloadType::Nonce, "isakmp.nonce")};
    sa.idirB = {Bytes(chain.rawBody(*idIndex).begin(), chain.rawBody(*idIndex).end()),
                engine.source(am2, PayloadType::Id, "")};
    sa.peerId = phase1::identityOf(*chain.find<wire::IdPayload>());
    // HASH_R verified: the responder, holding the key, sent this value; one we cannot use is its verdict.
    auto gxy = phase1::sharedSecret(sa, sa.gxr.value());
    if (!gxy)
        return phase1::refuse(engine, sa, in, FailureKind::Malformed, "failure.invalid-ke", gxy.error().message,
                              NotifyType::InvalidKeyInformation);
    phase1::deriveKeys(engine, sa, std::move(*gxy));
    (void)phase1::authHash(engine, sa, Role::Responder); // recorded: the HASH_R that verified, with its inputs
    if (!checkRemoteId(engine, sa, in)) return;
    if (nat_t::enabled(engine, sa)) nat_t::check(engine, sa, chain, in.from, in.to, sa.id("AM2"));
    engine.setState(sa, P1State::Authenticated);
    if (nat_t::enabled(engine, sa) && sa.natDetected) nat_t::float4500(engine, sa);

    std::vector<wire::Payload> payloads{wire::Payload{wire::HashPayload{}}};
    const crypto::SecretBytes hashI = phase1::authHash(engine, sa, Role::Initiator);
    payloads[0] = wire::Payload{wire::HashPayload{Bytes(hashI.view().begin(), hashI.view().end())}};
    // charon's AM3 NAT-D hash the endpoints of AM3 itself (port 4500 once floated).
    if (nat_t::enabled(engine, sa)) nat_t::addNatD(engine, sa, payloads, sa.remote, sa.local, sa.id("AM3"));
    const Bytes iv = sa.iv.phase1();
    auto sealed = engine.seal(sa, ExchangeType::Aggressive, 0, payloads, iv);
    if (!sealed) {
        engine.recordUnsent(sa, "AM3", sealed.error());
        return;
    }
    const Transmit t = engine.sendSealed(sa, *sealed, iv, sa.id("AM3"), "AM3");
    engine.rememberAnswer(sa, in, t); // a retransmitted AM2 gets this AM3 again
    sa.iv.advance(0, sealed->ciphertext);
    sa.ivBaseSource = phase1::lastBlockSource(engine, sa.id("AM3"), sealed->ciphertext.size(), sa.iv.blockSize());
    phase1::established(engine, sa, true);
}

// Responder, AM3: verify HASH_I; phase 1 is up.
void onAm3(Engine& engine, IkeSa& sa, Inbound& in) {
    std::optional<OpenedMessage> opened;
    const wire::PayloadChain* chain = &in.message.chain;
    const Bytes iv = sa.iv.phase1();
    if (in.message.header.encrypted()) {
        auto o = phase1::open(sa, in);
        if (!o || !o->chain.find<wire::HashPayload>()) {
            engine.recordReceived(in, sa.id("AM3"), "AM3", nullptr, iv, "did not decrypt to valid payloads");
            // The diagnosis is kept; phase 1 fails by it only at its timeout (AM2's retransmissions).
            return phase1::unauthenticated(engine, sa, in, "AM3.unreadable",
                                           "message 3 did not decrypt to valid payloads", NotifyType::PayloadMalformed);
        }
        opened = std::move(*o);
        chain = &opened->chain;
        engine.recordReceived(in, sa.id("AM3"), "AM3", &*opened, iv);
    } else {
        if (!chain->find<wire::HashPayload>() || chain->find<wire::SaPayload>()) {
            outOfOrder(engine, sa, in);
            return;
        }
        engine.recordReceived(in, sa.id("AM3"), "AM3", nullptr, {}, "sent in clear (RFC 2409 allows it)");
    }
    const crypto::SecretBytes expected = phase1::authHash(engine, sa, Role::Initiator);
    const bool verified = crypto::constantTimeEqual(expected.view(), chain->find<wire::HashPayload>()->hash);
    // A clear AM3 proves nothing (anyone who saw AM2 can send one): no verdict before the timeout.
    if (!verified && !opened)
        return phase1::unauthenticated(engine, sa, in, "AM3.bad-hash", "HASH_I in a clear message 3 did not verify",
                                       NotifyType::AuthenticationFailed);
    if (!verified) { // it decrypted: its sender holds our keys
        engine.recordFailure(FailureKind::AuthenticationFailed, sa.id("failure.authentication-failed"),
                             "HASH_I from the initiator did not verify — the pre-shared keys probably differ",
                             NotifyType::AuthenticationFailed, "phase 1");
        if (auto t = phase1::sendClearNotify(engine, sa, NotifyType::AuthenticationFailed, &in))
            engine.rememberAnswer(sa, in, *t);
        return;
    }
    if (in.onNatTPort) sa.floated = true;
    sa.local = in.to;
    sa.remote = in.from;
    if (nat_t::enabled(engine, sa)) nat_t::check(engine, sa, *chain, in.from, in.to, sa.id("AM3"));
    if (in.message.header.encrypted()) {
        sa.iv.advance(0, in.message.encrypted);
        sa.ivBaseSource = phase1::lastBlockSource(engine, sa.id("AM3"), in.message.encrypted.size(), sa.iv.blockSize());
    }
    engine.setState(sa, P1State::Authenticated);
    phase1::established(engine, sa, false);
}

} // namespace

Result<void> start(Engine& engine, IkeSa& sa) {
    sa.ckyI = engine.newCookie();
    const Phase1Suite first = engine.config.ikeProposals.front();
    sa.suite = first; // the KE's group; the responder's choice replaces it
    sa.offer = phase1::offer(engine, first.group);
    if (engine.config.ikeProposals.size() != sa.offer.proposals[0].transforms.size())
        engine.record(EventKind::Negotiation, sa.id("negotiation.am-group"),
                      "Aggressive Mode: AM1 carries the KE, so only the proposals with group " +
                          std::string(crypto::dhGroupInfo(first.group).shortName) + " are offered",
                      NegotiationInfo{"phase 1", Role::Initiator, true, {}, {}});
    if (auto dh = phase1::generateDh(engine, sa); !dh) {
        engine.recordFailure(FailureKind::Local, sa.id("failure.local"), "Diffie-Hellman failed: " + dh.error().message,
                             std::nullopt, "phase 1");
        return tl::unexpected(dh.error());
    }
    Bytes ni = phase1::nonce(engine);
    wire::Payload id = phase1::idPayload(engine.config.effectiveLocalId());
    Bytes idiiB = bodyOf(id.body);
    std::vector<wire::Payload> payloads{wire::Payload{sa.offer}, wire::Payload{wire::KePayload{sa.dh->publicValue()}},
                                        wire::Payload{wire::NoncePayload{ni}}, std::move(id)};
    phase1::addVendorIds(engine, sa, payloads, engine.config.natTraversal != NatTraversal::Off);
    auto bytes = wire::encodeMessage(engine.header(sa, ExchangeType::Aggressive, 0), payloads);
    if (!bytes) {
        engine.recordFailure(FailureKind::Local, sa.id("failure.local"),
                             "AM1 could not be encoded: " + bytes.error().message, std::nullopt, "phase 1");
        return tl::unexpected(bytes.error());
    }
    const wire::PayloadChain* sent = engine.decodeOwn(*bytes);
    const MsgRef am1{sa.id("AM1"), sent};
    sa.saiB = {bodyOf(payloads[0].body), engine.source(am1, PayloadType::Sa, "")};
    sa.gxi = {sa.dh->publicValue(), engine.source(am1, PayloadType::Ke, "isakmp.key_exchange.data")};
    sa.ni = {std::move(ni), engine.source(am1, PayloadType::Nonce, "isakmp.nonce")};
    sa.idiiB = {std::move(idiiB), engine.source(am1, PayloadType::Id, "")};
    engine.sendRequest(sa, std::move(*bytes), sa.id("AM1"), "AM1");
    engine.setState(sa, P1State::AmI1);
    return {};
}

void handle(Engine& engine, IkeSa& sa, Inbound& in) {
    switch (sa.state) {
    case P1State::Start:
        if (sa.role == Role::Responder) onAm1(engine, sa, in);
        else outOfOrder(engine, sa, in);
        break;
    case P1State::AmI1: onAm2(engine, sa, in); break;
    case P1State::AmR1: onAm3(engine, sa, in); break;
    default: outOfOrder(engine, sa, in); break;
    }
}

} // namespace ipseclab::ike::detail::aggressive_mode
