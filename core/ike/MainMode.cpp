// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Main Mode (RFC 2409 §5, Identity Protection exchange 2) with pre-shared keys (digest §4.1):
//   MM1 I->R  SA, VID           MM2 R->I  SA, VID
//   MM3 I->R  KE, Ni [, NAT-D]  MM4 R->I  KE, Nr [, NAT-D]      (keys derived here)
//   MM5 I->R  *ID, HASH_I [, N(INITIAL-CONTACT)]   MM6 R->I  *ID, HASH_R
// (* = encrypted; from MM5 on port 4500 with the non-ESP marker when NAT-T floats.)

#include "ike/Engine.h"

namespace ipseclab::ike::detail::main_mode {

namespace {

using wire::ExchangeType;
using wire::NotifyType;
using wire::PayloadType;

void outOfOrder(Engine& engine, IkeSa& sa, const Inbound& in) {
    phase1::outOfOrder(engine, sa, in, "a Main Mode message");
}

// A clear message of the wrong shape: PAYLOAD-MALFORMED, state unchanged.
void malformed(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& label, const std::string& what) {
    engine.recordReceived(in, sa.id(label), label, nullptr, {}, what);
    engine.recordFailure(FailureKind::Malformed, sa.id(label + ".malformed"), label + " is malformed: " + what,
                         NotifyType::PayloadMalformed, "phase 1");
    if (auto t = phase1::sendClearNotify(engine, sa, NotifyType::PayloadMalformed, &in))
        engine.rememberAnswer(sa, in, *t);
}

// Responder, MM1: choose a proposal, answer MM2.
void onMm1(Engine& engine, IkeSa& sa, Inbound& in) {
    const wire::PayloadChain& chain = in.message.chain;
    const auto saIndex = chain.indexOf(PayloadType::Sa);
    if (!saIndex) {
        malformed(engine, sa, in, "MM1", "it carries no SA payload");
        phase1::failSa(engine, sa);
        return;
    }
    engine.recordReceived(in, sa.id("MM1"), "MM1");
    phase1::readVendorIds(sa, chain);
    const MsgRef mm1{sa.id("MM1"), &chain};
    sa.saiB = {Bytes(chain.rawBody(*saIndex).begin(), chain.rawBody(*saIndex).end()),
               engine.source(mm1, PayloadType::Sa, "")};

    const Phase1Selection selection = selectPhase1(*chain.payloads[*saIndex].as<wire::SaPayload>(),
                                                   engine.config.ikeProposals);
    NegotiationInfo negotiation{"phase 1", Role::Responder, selection.chosen,
                                selection.chosen ? selection.suite.name() : std::string(), selection.refused};
    engine.record(EventKind::Negotiation, sa.id("negotiation.phase1"), "phase 1: " + selection.sentence,
                  std::move(negotiation));
    if (!selection.chosen)
        return phase1::refuse(engine, sa, in, FailureKind::NoProposalChosen, "failure.no-proposal-chosen",
                              "no proposal chosen: " + selection.sentence, NotifyType::NoProposalChosen);
    sa.suite = selection.suite;
    std::vector<wire::Payload> payloads{wire::Payload{selection.reply}};
    phase1::addVendorIds(engine, sa, payloads, engine.config.natTraversal != NatTraversal::Off && sa.peerNatT);
    auto bytes = wire::encodeMessage(engine.header(sa, ExchangeType::IdentityProtection, 0), payloads);
    if (!bytes) {
        engine.recordUnsent(sa, "MM2", bytes.error());
        return;
    }
    const Transmit t = engine.send(sa, std::move(*bytes), sa.id("MM2"), "MM2");
    engine.rememberAnswer(sa, in, t);
    engine.setState(sa, P1State::MmR1);
}

// Initiator, MM2: the responder's choice; send KE, Ni (and NAT-D).
void onMm2(Engine& engine, IkeSa& sa, Inbound& in) {
    const wire::PayloadChain& chain = in.message.chain;
    const auto* reply = chain.find<wire::SaPayload>();
    if (in.message.header.encrypted() || !reply) {
        outOfOrder(engine, sa, in);
        return;
    }
    if (phase1::droppedReply(engine, sa, in, "MM2")) return;
    auto agreed = acceptPhase1Reply(*reply, sa.offer);
    if (!agreed) return phase1::dropUnacceptableReply(engine, sa, in, "MM2", agreed.error().message);
    engine.recordReceived(in, sa.id("MM2"), "MM2");
    sa.refusedReply.clear(); // what we refused before this one names no later timeout
    sa.ckyR = in.message.header.responderCookie;
    sa.suite = *agreed;
    engine.record(EventKind::Negotiation, sa.id("negotiation.phase1"), "phase 1: the responder chose " + agreed->name(),
                  NegotiationInfo{"phase 1", Role::Initiator, true, agreed->name(), {}});
    phase1::readVendorIds(sa, chain);

    if (auto dh = phase1::generateDh(engine, sa); !dh)
        return phase1::refuse(engine, sa, in, FailureKind::Local, "failure.local",
                              "Diffie-Hellman failed: " + dh.error().message, std::nullopt);
    Bytes ni = phase1::nonce(engine);
    std::vector<wire::Payload> payloads{wire::Payload{wire::KePayload{sa.dh->publicValue()}},
                                        wire::Payload{wire::NoncePayload{ni}}};
    if (nat_t::enabled(engine, sa)) nat_t::addNatD(engine, sa, payloads, sa.remote, sa.local, sa.id("MM3"));
    auto bytes = wire::encodeMessage(engine.header(sa, ExchangeType::IdentityProtection, 0), payloads);
    if (!bytes) {
        engine.recordUnsent(sa, "MM3", bytes.error());
        return;
    }
    const wire::PayloadChain* sent = engine.decodeOwn(*bytes);
    const MsgRef mm3{sa.id("MM3"), sent};
    sa.gxi = {sa.dh->publicValue(), engine.source(mm3, PayloadType::Ke, "isakmp.key_exchange.data")};
    sa.ni = {std::move(ni), engine.source(mm3, PayloadType::Nonce, "isakmp.nonce")};
    engine.sendRequest(sa, std::move(*bytes), sa.id("MM3"), "MM3");
    engine.setState(sa, P1State::MmI2);
}

// Why MM3/MM4's KE or nonce cannot be used, with the notify that says so.
struct Unusable {
    std::string why;
    NotifyType answer;
};

// g^xy on MM3/MM4's KE (computed once: deriveKeys takes it), after its KE and nonce are checked; or
// why they cannot be used. Nothing is kept: the message is clear, its cookies known to anyone.
tl::expected<crypto::SecretBytes, Unusable> checkKeyExchange(const IkeSa& sa, const wire::PayloadChain& chain) {
    const Bytes& ke = chain.find<wire::KePayload>()->keyExchangeData; // present: onMm3/onMm4 checked
    const auto* nonce = chain.find<wire::NoncePayload>();
    if (!nonce) return tl::unexpected(Unusable{"there is no Nonce payload", NotifyType::PayloadMalformed});
    if (const std::string problem = nonceLengthProblem(nonce->nonce.size()); !problem.empty())
        return tl::unexpected(Unusable{"the nonce " + problem, NotifyType::PayloadMalformed});
    const crypto::DhGroupInfo group = crypto::dhGroupInfo(sa.suite->group);
    if (ke.size() != group.publicValueLength)
        return tl::unexpected(Unusable{"the KE has " + std::to_string(ke.size()) + " bytes; " +
                                           std::string(group.shortName) + " needs exactly " +
                                           std::to_string(group.publicValueLength),
                                       NotifyType::InvalidKeyInformation});
    auto secret = phase1::sharedSecret(sa, ke);
    if (!secret) return tl::unexpected(Unusable{secret.error().message, NotifyType::InvalidKeyInformation});
    return std::move(*secret);
}

// Both roles: the peer's KE and nonce out of MM3/MM4, and g^xy; nothing (the message dropped, named
// at the timeout, answered once per kind and SA) when they cannot be used.
std::optional<crypto::SecretBytes> takeKeyExchange(Engine& engine, IkeSa& sa, const Inbound& in,
                                                   const std::string& label) {
    const wire::PayloadChain& chain = in.message.chain;
    auto secret = checkKeyExchange(sa, chain);
    if (!secret) {
        phase1::dropUnacceptableReply(engine, sa, in, label, secret.error().why, secret.error().answer);
        return std::nullopt;
    }
    engine.recordReceived(in, sa.id(label), label);
    const MsgRef ref{sa.id(label), &chain};
    // The peer's values, through references: GCC 12 miscompiles `(c ? a : b) = {…}` (the assigned
    // object's members end up garbage).
    const bool fromInitiator = sa.role == Role::Responder;
    Sourced<Bytes>& peerKe = fromInitiator ? sa.gxi : sa.gxr;
    Sourced<Bytes>& peerNonce = fromInitiator ? sa.ni : sa.nr;
    peerKe = {chain.find<wire::KePayload>()->keyExchangeData,
              engine.source(ref, PayloadType::Ke, "isakmp.key_exchange.data")};
    peerNonce = {chain.find<wire::NoncePayload>()->nonce, engine.source(ref, PayloadType::Nonce, "isakmp.nonce")};
    if (nat_t::enabled(engine, sa)) nat_t::check(engine, sa, chain, in.from, in.to, sa.id(label));
    return std::move(*secret);
}

// Responder: MM4 (KE, Nr [, NAT-D]) built, the keys derived from `gxy`, MM4 sent.
void answerMm3(Engine& engine, IkeSa& sa, const Inbound& in, crypto::SecretBytes gxy) {
    Bytes nr = phase1::nonce(engine);
    std::vector<wire::Payload> payloads{wire::Payload{wire::KePayload{sa.dh->publicValue()}},
                                        wire::Payload{wire::NoncePayload{nr}}};
    if (nat_t::enabled(engine, sa)) nat_t::addNatD(engine, sa, payloads, in.from, in.to, sa.id("MM4"));
    auto bytes = wire::encodeMessage(engine.header(sa, ExchangeType::IdentityProtection, 0), payloads);
    if (!bytes) {
        engine.recordUnsent(sa, "MM4", bytes.error());
        return;
    }
    const wire::PayloadChain* sent = engine.decodeOwn(*bytes);
    const MsgRef mm4{sa.id("MM4"), sent};
    sa.gxr = {sa.dh->publicValue(), engine.source(mm4, PayloadType::Ke, "isakmp.key_exchange.data")};
    sa.nr = {std::move(nr), engine.source(mm4, PayloadType::Nonce, "isakmp.nonce")};
    phase1::deriveKeys(engine, sa, std::move(gxy));
    const Transmit t = engine.send(sa, std::move(*bytes), sa.id("MM4"), "MM4");
    engine.rememberAnswer(sa, in, t);
    engine.setState(sa, P1State::MmR2);
}

// Responder, MM3: answer MM4, derive the keys.
void onMm3(Engine& engine, IkeSa& sa, Inbound& in) {
    if (in.message.header.encrypted() || !in.message.chain.find<wire::KePayload>()) {
        outOfOrder(engine, sa, in);
        return;
    }
    // Our key pair first, to compute g^xy on MM3's value: it depends on nothing MM3 says, so it is
    // kept for the next MM3 should this one be dropped.
    if (!sa.dh)
        if (auto dh = phase1::generateDh(engine, sa); !dh)
            return phase1::refuse(engine, sa, in, FailureKind::Local, "failure.local",
                                  "Diffie-Hellman failed: " + dh.error().message, std::nullopt);
    auto gxy = takeKeyExchange(engine, sa, in, "MM3");
    if (gxy) answerMm3(engine, sa, in, std::move(*gxy));
}

// Our ID in MM5 (IDii_b) or MM6 (IDir_b): its body, for HASH_I/HASH_R, where it sits in the plaintext.
Sourced<Bytes> ourIdBody(const Engine& engine, const std::string& datagramId, std::span<const wire::Payload> payloads) {
    const wire::PayloadChain plain = phase1::plaintextChainOf(engine, PayloadType::Id, payloads);
    return {bodyOf(payloads[0].body), engine.source(MsgRef{datagramId, &plain, true}, PayloadType::Id, "")};
}

// Initiator: MM5 (*IDii, HASH_I [, N(INITIAL-CONTACT)]) built and sent.
void sendMm5(Engine& engine, IkeSa& sa) {
    std::vector<wire::Payload> payloads{phase1::idPayload(engine.config.effectiveLocalId()),
                                        wire::Payload{wire::HashPayload{Bytes(crypto::hashLength(sa.hash()), 0)}}};
    // Only when we hold no SA of any kind with the peer: the receiver removes its older ones, and
    // IKEv1 child SAs outlive the IKE SA that made them.
    if (engine.config.sendInitialContact && !engine.holdsSaWith(sa.remote.address, sa)) {
        wire::NotificationPayload n;
        n.protocolId = wire::ProtocolId::Isakmp;
        n.type = NotifyType::InitialContact;
        n.spi = sa.isakmpSpi();
        payloads.push_back(wire::Payload{std::move(n)});
    }
    sa.idiiB = ourIdBody(engine, sa.id("MM5"), payloads);
    const crypto::SecretBytes hashI = phase1::authHash(engine, sa, Role::Initiator);
    payloads[1] = wire::Payload{wire::HashPayload{Bytes(hashI.view().begin(), hashI.view().end())}};
    const Bytes iv = sa.iv.phase1();
    auto sealed = engine.seal(sa, ExchangeType::IdentityProtection, 0, payloads, iv);
    if (!sealed) {
        engine.recordUnsent(sa, "MM5", sealed.error());
        return;
    }
    engine.sendSealedRequest(sa, *sealed, iv, sa.id("MM5"), "MM5");
    sa.iv.advance(0, sealed->ciphertext);
    engine.setState(sa, P1State::MmI3);
}

// Initiator, MM4: derive the keys, float to 4500 if NAT-T says so, send MM5.
void onMm4(Engine& engine, IkeSa& sa, Inbound& in) {
    if (in.message.header.encrypted() || !in.message.chain.find<wire::KePayload>()) {
        outOfOrder(engine, sa, in);
        return;
    }
    auto gxy = takeKeyExchange(engine, sa, in, "MM4");
    if (!gxy) return;
    phase1::deriveKeys(engine, sa, std::move(*gxy));
    if (nat_t::enabled(engine, sa) && sa.natDetected) nat_t::float4500(engine, sa);
    sendMm5(engine, sa);
}

// The notifications of a verified MM5/MM6, recorded (INITIAL-CONTACT noted); the first error one, if any.
std::optional<NotifyType> readAuthNotifies(Engine& engine, IkeSa& sa, const wire::PayloadChain& chain,
                                           const std::string& label) {
    std::optional<NotifyType> error;
    for (std::size_t n = 0; const auto* notify = chain.find<wire::NotificationPayload>(n); ++n) {
        NotifyInfo info{notify->type, notify->protocolId, notify->spi, notify->data, true, {}};
        const std::string name(wire::notifyTypeName(notify->type).value_or("NOTIFY"));
        const bool initialContact = notify->type == NotifyType::InitialContact;
        if (initialContact && sa.role == Role::Responder) sa.peerInitialContact = true;
        if (static_cast<unsigned>(notify->type) < 8192 && !error) error = notify->type; // RFC 2408 §3.14.1
        info.meaning = initialContact ? "the peer has no other SA with us: it starts afresh (e.g. after a reboot); "
                                        "any older SA we keep with it is stale"
                                      : "a notification inside " + label;
        engine.record(EventKind::NotifyReceived, sa.id("notify." + name + ".received"),
                      "notification " + name + " received in " + label, std::move(info));
    }
    return error;
}

FailureKind failureKindOf(NotifyType error) {
    switch (error) {
    case NotifyType::NoProposalChosen: return FailureKind::NoProposalChosen;
    case NotifyType::InvalidIdInformation: return FailureKind::InvalidId;
    case NotifyType::AuthenticationFailed:
    case NotifyType::InvalidHashInformation: return FailureKind::AuthenticationFailed;
    case NotifyType::PayloadMalformed: return FailureKind::Malformed;
    default: return FailureKind::PeerError;
    }
}

// Both roles: decrypt MM5/MM6, check the peer's ID and HASH. Returns the opened message, or
// nothing after recording why (and answering where a notify exists).
std::optional<OpenedMessage> openAuth(Engine& engine, IkeSa& sa, Inbound& in, const std::string& label,
                                      FailureKind& why) {
    const Bytes iv = sa.iv.phase1();
    auto opened = phase1::open(sa, in);
    const bool usable = opened && opened->chain.find<wire::IdPayload>() && opened->chain.find<wire::HashPayload>();
    if (!usable) {
        engine.recordReceived(in, sa.id(label), label, nullptr, iv,
                              opened ? "decrypted, but ID or HASH is missing" : "did not decrypt to valid payloads");
        // Not a verdict yet (anyone can send bytes with these cookies): the diagnosis is kept, and
        // phase 1 fails by it only at its timeout, if no readable message came meanwhile.
        why = FailureKind::PskMismatch;
        const bool responder = sa.role == Role::Responder;
        phase1::unauthenticated(engine, sa, in, label + ".unreadable",
                                std::string(responder ? "message 5" : "message 6") +
                                    " did not decrypt to valid payloads",
                                responder ? std::optional(NotifyType::PayloadMalformed) : std::nullopt);
        return std::nullopt;
    }
    engine.recordReceived(in, sa.id(label), label, &*opened, iv);
    const wire::PayloadChain& chain = opened->chain;
    const auto idIndex = *chain.indexOf(PayloadType::Id);
    const MsgRef ref{sa.id(label), &chain, true};
    Sourced<Bytes>& peerIdBody = sa.role == Role::Responder ? sa.idiiB : sa.idirB; // not `(c ? a : b) = {…}`: GCC 12
    peerIdBody = {Bytes(chain.rawBody(idIndex).begin(), chain.rawBody(idIndex).end()),
                  engine.source(ref, PayloadType::Id, "")};
    sa.peerId = phase1::identityOf(*chain.find<wire::IdPayload>());
    const Role peer = sa.role == Role::Responder ? Role::Initiator : Role::Responder;
    const crypto::SecretBytes expected = phase1::authHash(engine, sa, peer);
    const std::string hashName = peer == Role::Initiator ? "HASH_I" : "HASH_R";
    if (!crypto::constantTimeEqual(expected.view(), chain.find<wire::HashPayload>()->hash)) {
        why = FailureKind::AuthenticationFailed;
        engine.recordFailure(FailureKind::AuthenticationFailed, sa.id("failure.authentication-failed"),
                             hashName + " from the " + (peer == Role::Initiator ? "initiator" : "responder") +
                                 " did not verify — the pre-shared keys probably differ",
                             NotifyType::AuthenticationFailed, "phase 1");
        if (auto t = phase1::sendClearNotify(engine, sa, NotifyType::AuthenticationFailed, &in))
            if (sa.role == Role::Responder) engine.rememberAnswer(sa, in, *t);
        return std::nullopt;
    }
    if (!engine.config.remoteId.empty() && sa.peerId != engine.config.remoteId) {
        why = FailureKind::InvalidId;
        engine.recordFailure(FailureKind::InvalidId, sa.id("failure.invalid-id"),
                             "the peer identifies itself as " + sa.peerId.toString() + " but we expect " +
                                 engine.config.remoteId.toString(),
                             NotifyType::InvalidIdInformation, "phase 1");
        if (auto t = phase1::sendClearNotify(engine, sa, NotifyType::InvalidIdInformation, &in))
            if (sa.role == Role::Responder) engine.rememberAnswer(sa, in, *t);
        return std::nullopt;
    }
    if (const auto error = readAuthNotifies(engine, sa, chain, label)) {
        why = failureKindOf(*error);
        const std::string name(wire::notifyTypeName(*error).value_or("NOTIFY-" + std::to_string(unsigned(*error))));
        engine.recordFailure(why, sa.id("failure.peer-error"),
                             "the peer reported " + name + " inside " + label + ", authenticated by its " + hashName +
                                 ": phase 1 fails",
                             *error, "phase 1");
        phase1::failSa(engine, sa);
        return std::nullopt;
    }
    sa.iv.advance(0, in.message.encrypted);
    engine.setState(sa, P1State::Authenticated);
    return std::move(*opened);
}

// Responder, MM5: verify HASH_I, answer MM6; phase 1 is up.
void onMm5(Engine& engine, IkeSa& sa, Inbound& in) {
    if (!in.message.header.encrypted()) {
        if (in.message.chain.find<wire::KePayload>()) {
            outOfOrder(engine, sa, in);
            return;
        }
        // Anyone who saw the cookies can send a clear one: not a verdict, and answered once per SA at most.
        engine.recordDropped(in, sa.id("MM5.clear"),
                             "message 5 came in clear: it must be encrypted, so it cannot authenticate");
        phase1::answerUnauthenticated(engine, sa, "MM5.clear", NotifyType::PayloadMalformed, in);
        return;
    }
    FailureKind why = FailureKind::Local;
    auto opened = openAuth(engine, sa, in, "MM5", why);
    if (!opened) return; // a copy gets the same notify; the state stays unless the peer's own error failed it
    // The initiator may have floated to port 4500: answer where MM5 came from.
    if (in.onNatTPort) sa.floated = true;
    sa.local = in.to;
    sa.remote = in.from;

    std::vector<wire::Payload> payloads{phase1::idPayload(engine.config.effectiveLocalId()),
                                        wire::Payload{wire::HashPayload{Bytes(crypto::hashLength(sa.hash()), 0)}}};
    sa.idirB = ourIdBody(engine, sa.id("MM6"), payloads);
    const crypto::SecretBytes hashR = phase1::authHash(engine, sa, Role::Responder);
    payloads[1] = wire::Payload{wire::HashPayload{Bytes(hashR.view().begin(), hashR.view().end())}};
    const Bytes iv = sa.iv.phase1();
    auto sealed = engine.seal(sa, ExchangeType::IdentityProtection, 0, payloads, iv);
    if (!sealed) {
        engine.recordUnsent(sa, "MM6", sealed.error());
        return;
    }
    const Transmit t = engine.sendSealed(sa, *sealed, iv, sa.id("MM6"), "MM6");
    engine.rememberAnswer(sa, in, t);
    sa.iv.advance(0, sealed->ciphertext);
    sa.ivBaseSource = phase1::lastBlockSource(engine, sa.id("MM6"), sealed->ciphertext.size(), sa.iv.blockSize());
    phase1::established(engine, sa, true);
}

// Initiator, MM6: verify HASH_R; phase 1 is up.
void onMm6(Engine& engine, IkeSa& sa, Inbound& in) {
    if (!in.message.header.encrypted()) {
        outOfOrder(engine, sa, in);
        return;
    }
    FailureKind why = FailureKind::Local;
    auto opened = openAuth(engine, sa, in, "MM6", why);
    if (!opened) {
        // An MM6 that decrypted but failed verification ends this IKE SA; one that did not decrypt is
        // ignored (the retransmission of MM5 goes on).
        if (why != FailureKind::PskMismatch && sa.state != P1State::Deleted) phase1::failSa(engine, sa);
        return;
    }
    sa.ivBaseSource = phase1::lastBlockSource(engine, sa.id("MM6"), in.message.encrypted.size(), sa.iv.blockSize());
    phase1::established(engine, sa, false);
}

} // namespace

void start(Engine& engine, IkeSa& sa) {
    sa.ckyI = engine.newCookie();
    sa.offer = phase1::offer(engine);
    std::vector<wire::Payload> payloads{wire::Payload{sa.offer}};
    phase1::addVendorIds(engine, sa, payloads, engine.config.natTraversal != NatTraversal::Off);
    auto bytes = wire::encodeMessage(engine.header(sa, ExchangeType::IdentityProtection, 0), payloads);
    if (!bytes) {
        engine.recordFailure(FailureKind::Local, sa.id("failure.local"),
                             "MM1 could not be encoded: " + bytes.error().message, std::nullopt, "phase 1");
        engine.removeSa(sa, "");
        return;
    }
    const wire::PayloadChain* sent = engine.decodeOwn(*bytes);
    sa.saiB = {bodyOf(payloads[0].body), engine.source(MsgRef{sa.id("MM1"), sent}, PayloadType::Sa, "")};
    engine.sendRequest(sa, std::move(*bytes), sa.id("MM1"), "MM1");
    engine.setState(sa, P1State::MmI1);
}

void handle(Engine& engine, IkeSa& sa, Inbound& in) {
    switch (sa.state) {
    case P1State::Start:
        if (sa.role == Role::Responder) onMm1(engine, sa, in);
        else outOfOrder(engine, sa, in);
        break;
    case P1State::MmI1: onMm2(engine, sa, in); break;
    case P1State::MmR1: onMm3(engine, sa, in); break;
    case P1State::MmI2: onMm4(engine, sa, in); break;
    case P1State::MmR2: onMm5(engine, sa, in); break;
    case P1State::MmI3: onMm6(engine, sa, in); break;
    default: outOfOrder(engine, sa, in); break;
    }
}

} // namespace ipseclab::ike::detail::main_mode
