// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// IKE_AUTH (RFC 7296 §1.2, §2.15) with a pre-shared key and the first child SA:
//   HDR, SK {IDi, AUTH, SAi2, TSi, TSr} -->
//                                   <-- HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
// AUTH = prf(prf(PSK, "Key Pad for IKEv2"), RealMessage | peer's Nonce | prf(SK_p, ID')), and the
// child SA's KEYMAT = prf+(SK_d, Ni | Nr) (§2.17). A message whose SK payload does not verify is
// dropped and changes nothing; what comes inside a verified one is authenticated, so its error
// notify ends the exchange.

#include "ikev2/Engine.h"

namespace ipseclab::ikev2::detail {

namespace {

using v2::PayloadType;

const v2::Payload* find(const std::vector<v2::Payload>& payloads, PayloadType type) {
    for (const v2::Payload& p : payloads)
        if (p.type == type) return &p;
    return nullptr;
}

template <typename T>
const T* body(const std::vector<v2::Payload>& payloads, PayloadType type) {
    const v2::Payload* p = find(payloads, type);
    return p ? p->as<T>() : nullptr;
}

std::string authId(const IkeSa& sa, bool response) {
    return sa.id(response ? "IKE_AUTH.response" : "IKE_AUTH.request");
}

// The AUTH `side` sends (or the one we expect from it), each step recorded. `idPayload` is its IDi/IDr
// as sent; it is the first inner payload (ID first, as charon sends it), so its body starts at 4.
crypto::SecretBytes authValue(Engine& engine, const IkeSa& sa, Side side, const v2::Payload& idPayload) {
    const bool i = side == Side::Initiator;
    const Bytes id = bodyBytes(idPayload);
    const std::string datagramId = authId(sa, !i);
    const PskAuth auth = keymat::pskAuth(
        sa.suite->prf, side, Part{"PSK", engine.config.psk, crypto::Source::local("the configured pre-shared key")},
        (i ? sa.initRequest : sa.initResponse).part(i ? "RealMessage1" : "RealMessage2"),
        (i ? sa.nr : sa.ni).part(i ? "Nr" : "Ni"),
        Part{i ? "SK_pi" : "SK_pr", (i ? sa.keys.skPi : sa.keys.skPr).view(),
             crypto::Source::derived(sa.id(i ? "SK_pi" : "SK_pr"))},
        Part{i ? "IDi'" : "IDr'", id,
             crypto::Source::datagram(datagramId, i ? "ipseclab.isakmp.payload.idi" : "ipseclab.isakmp.payload.idr",
                                      bodyOffset(idPayload), id.size(), true)});
    engine.recordDerived(auth.macedId);
    engine.recordDerived(auth.keyPad);
    return engine.recordDerived(auth.auth);
}

v2::Payload idPayloadOf(const Identity& id, PayloadType type) {
    return v2::Payload{type, v2::IdPayload{id.type, {}, id.data}};
}

// KEYMAT for the child SA, cut and installed with its SPIs (ours inbound), both events recorded.
void installChild(Engine& engine, IkeSa& sa, const ChildSuite& suite, std::uint32_t peerSpi, const Selector& local,
                  const Selector& remote) {
    auto keys = keymat::childSaKeys(sa.suite->prf, suite,
                                    Part{"SK_d", sa.keys.skD.view(), crypto::Source::derived(sa.id("SK_d"))}, nullptr,
                                    sa.ni.part("Ni"), sa.nr.part("Nr"), sa.id("KEYMAT"));
    if (!keys) return; // prf+ is within its 255 blocks for every ESP suite
    engine.recordAll(keys->keymat);
    const bool i = sa.role == Side::Initiator;
    const auto direction = [&](bool initiatorSends, std::uint32_t spi, const Endpoint& from, const Endpoint& to) {
        const Derivation& e = initiatorSends ? keys->encryptionInitiator : keys->encryptionResponder;
        const auto& a = initiatorSends ? keys->integrityInitiator : keys->integrityResponder;
        ChildSaDirection d;
        d.spi = spi;
        d.source = from;
        d.destination = to;
        d.encryptionKey = engine.recordDerived(e);
        d.encryptionKeyId = e.id;
        if (a) {
            d.integrityKey = engine.recordDerived(*a);
            d.integrityKeyId = a->id;
        }
        return d;
    };
    ChildSaInfo info;
    info.suite = suite;
    info.localSelector = local;
    info.remoteSelector = remote;
    info.role = sa.role;
    // KEYMAT's first keys protect what the initiator sends (§2.17).
    ChildSaDirection iToR = direction(true, i ? peerSpi : sa.childSpi, i ? sa.local : sa.remote,
                                      i ? sa.remote : sa.local);
    ChildSaDirection rToI = direction(false, i ? sa.childSpi : peerSpi, i ? sa.remote : sa.local,
                                      i ? sa.local : sa.remote);
    info.outbound = i ? std::move(iToR) : std::move(rToI);
    info.inbound = i ? std::move(rToI) : std::move(iToR);
    engine.record(EventKind::ChildSaEstablished, sa.id("CHILD_SA.established"),
                  "child SA up: ESP " + hex32(info.inbound.spi) + " in, " + hex32(info.outbound.spi) + " out, " +
                      local.toString() + " <-> " + remote.toString(),
                  info.clone());
    engine.children.push_back(ChildSa{std::move(info), sa.spiI});
}

void established(Engine& engine, IkeSa& sa, const Identity& peerId) {
    sa.state = SaState::Established;
    sa.forgetAt.reset();
    sa.peerId = peerId;
    engine.record(
        EventKind::IkeSaEstablished, sa.id("IKE_SA.established"), sa.name() + " established: " + sa.suite->name(),
        IkeSaInfo{sa.spiI, sa.spiR, sa.role, *sa.suite, sa.local, sa.remote, engine.config.effectiveLocalId(), peerId});
    engine.state(sa, "established");
}

Identity identityOf(const v2::IdPayload& id) { return Identity{id.type, id.data}; }

// Why the AUTH that `side` sent with `idPayload` is not the one our PSK gives (or its identity not
// the one configured), or "" when it verifies.
std::string authProblem(Engine& engine, const IkeSa& sa, Side side, const v2::Payload& idPayload,
                        const v2::AuthPayload& auth) {
    const Identity peerId = identityOf(*idPayload.as<v2::IdPayload>());
    const std::string who = side == Side::Initiator ? "initiator" : "responder";
    if (!engine.config.remoteId.empty() && engine.config.remoteId != peerId)
        return "the " + who + " is " + peerId.toString() + ", not the configured " + engine.config.remoteId.toString();
    const crypto::SecretBytes expected = authValue(engine, sa, side, idPayload);
    if (auth.method != v2::AuthMethod::SharedKeyMic || !crypto::constantTimeEqual(auth.data, expected.view()))
        return "the " + who + "'s AUTH does not verify: the pre-shared keys differ";
    return {};
}

// Answers an IKE_AUTH request with `payloads`, the answer kept for a retransmitted request.
void respond(Engine& engine, IkeSa& sa, const Inbound& in, const std::vector<v2::Payload>& payloads) {
    ++sa.expectedMessageId;
    if (engine.sendProtected(sa, v2::ExchangeType::IkeAuth, true, payloads, authId(sa, true), "IKE_AUTH response"))
        sa.answer = Answer{in.message.header.messageId, Bytes(in.bytes.begin(), in.bytes.end()),
                           engine.transmits.back()};
}

// The child part of the responder's answer: SA and narrowed TS, or the notify refusing the child.
std::vector<v2::Payload> answerChild(Engine& engine, IkeSa& sa, const std::vector<v2::Payload>& request) {
    const auto* offer = body<v2::SaPayload>(request, PayloadType::Sa);
    const auto* tsi = body<v2::TsPayload>(request, PayloadType::TsI);
    const auto* tsr = body<v2::TsPayload>(request, PayloadType::TsR);
    if (!offer || !tsi || !tsr) return {notifyPayload(v2::NotifyType::InvalidSyntax)};
    sa.childSpi = engine.random.u32() | 0x100u; // SPIs 1..255 are reserved (RFC 4303 §2.1)
    const auto choice = negotiation::chooseChild(*offer, engine.config.childProposals, sa.childSpi);
    if (!choice) {
        engine.record(EventKind::Negotiation, sa.id("CHILD_SA.negotiation"), "no acceptable ESP proposal",
                      NegotiationInfo{"IKE_AUTH child SA", Side::Responder, false, {}});
        return {notifyPayload(v2::NotifyType::NoProposalChosen)};
    }
    const auto remote = negotiation::narrow(*tsi, engine.config.remoteSelector);
    const auto local = negotiation::narrow(*tsr, engine.config.localSelector);
    if (!remote || !local) {
        engine.record(EventKind::Failure, sa.id("CHILD_SA.failed"), "the traffic selectors do not meet our policy",
                      FailureInfo{FailureKind::InvalidId, "the traffic selectors do not meet our policy",
                                  v2::NotifyType::TsUnacceptable, "IKE_AUTH", true});
        return {notifyPayload(v2::NotifyType::TsUnacceptable)};
    }
    const std::string chosen = crypto::encryptionName(choice->suite.encryption).data() + std::string("/") +
                               crypto::integrityName(choice->suite.integrity).data();
    engine.record(EventKind::Negotiation, sa.id("CHILD_SA.negotiation"), "child SA: ESP " + chosen,
                  NegotiationInfo{"IKE_AUTH child SA", Side::Responder, true, "ESP " + chosen});
    installChild(engine, sa, choice->suite, choice->peerSpi, *local, *remote);
    return {{PayloadType::Sa, v2::SaPayload{{choice->answer}}},
            {PayloadType::TsI, negotiation::tsOf(*remote)},
            {PayloadType::TsR, negotiation::tsOf(*local)}};
}

} // namespace

namespace ike_auth {

void start(Engine& engine, IkeSa& sa) {
    sa.childSpi = engine.random.u32() | 0x100u; // SPIs 1..255 are reserved (RFC 4303 §2.1)
    const v2::Payload idi = idPayloadOf(engine.config.effectiveLocalId(), PayloadType::IdI);
    std::vector<v2::Payload> payloads{idi};
    payloads.back().offset = 0; // IDi is the first inner payload
    const crypto::SecretBytes auth = authValue(engine, sa, Side::Initiator, payloads.back());
    payloads.push_back(
        {PayloadType::Auth,
         v2::AuthPayload{v2::AuthMethod::SharedKeyMic, {}, Bytes(auth.view().begin(), auth.view().end())}});
    payloads.push_back({PayloadType::Sa, negotiation::childOffer(engine.config.childProposals, sa.childSpi)});
    payloads.push_back({PayloadType::TsI, negotiation::tsOf(engine.config.localSelector)});
    payloads.push_back({PayloadType::TsR, negotiation::tsOf(engine.config.remoteSelector)});
    if (auto sent = engine.sendProtected(sa, v2::ExchangeType::IkeAuth, false, payloads, authId(sa, false),
                                         "IKE_AUTH request");
        !sent) {
        engine.failSa(sa, FailureKind::Local, "IKE_AUTH",
                      "our IKE_AUTH request did not encode: " + sent.error().toString());
        return;
    }
    sa.state = SaState::AuthSent;
    engine.state(sa, "I: IKE_AUTH sent, waiting for its response");
}

void handleRequest(Engine& engine, IkeSa& sa, Inbound& in) {
    auto opened = engine.open(sa, in);
    if (!opened) {
        engine.drop(in, authId(sa, false), "its SK payload did not verify: " + opened.error().toString());
        return;
    }
    engine.recordReceived(in, authId(sa, false), "IKE_AUTH request", &*opened);
    const auto& payloads = opened->payloads;
    const v2::Payload* idi = find(payloads, PayloadType::IdI);
    const auto* auth = body<v2::AuthPayload>(payloads, PayloadType::Auth);
    if (!idi || !idi->as<v2::IdPayload>() || !auth) {
        respond(engine, sa, in, {notifyPayload(v2::NotifyType::InvalidSyntax)});
        engine.failSa(sa, FailureKind::Malformed, "IKE_AUTH", "the IKE_AUTH request has no IDi or AUTH",
                      v2::NotifyType::InvalidSyntax, true);
        return;
    }
    const Identity peerId = identityOf(*idi->as<v2::IdPayload>());
    if (const std::string why = authProblem(engine, sa, Side::Initiator, *idi, *auth); !why.empty()) {
        respond(engine, sa, in, {notifyPayload(v2::NotifyType::AuthenticationFailed)});
        engine.failSa(sa, FailureKind::AuthenticationFailed, "IKE_AUTH", why, v2::NotifyType::AuthenticationFailed,
                      true);
        return;
    }
    engine.state(sa, "AUTH_I verified: the initiator is " + peerId.toString());
    established(engine, sa, peerId);
    std::vector<v2::Payload> answer{idPayloadOf(engine.config.effectiveLocalId(), PayloadType::IdR)};
    const crypto::SecretBytes authR = authValue(engine, sa, Side::Responder, answer.back());
    answer.push_back(
        {PayloadType::Auth,
         v2::AuthPayload{v2::AuthMethod::SharedKeyMic, {}, Bytes(authR.view().begin(), authR.view().end())}});
    for (v2::Payload& p : answerChild(engine, sa, payloads)) answer.push_back(std::move(p));
    respond(engine, sa, in, answer);
}

void handleResponse(Engine& engine, IkeSa& sa, Inbound& in) {
    auto opened = engine.open(sa, in);
    if (!opened) {
        engine.drop(in, authId(sa, true), "its SK payload did not verify: " + opened.error().toString());
        return;
    }
    engine.recordReceived(in, authId(sa, true), "IKE_AUTH response", &*opened);
    sa.request.reset();
    const auto& payloads = opened->payloads;
    const v2::Payload* idr = find(payloads, PayloadType::IdR);
    const auto* auth = body<v2::AuthPayload>(payloads, PayloadType::Auth);
    const v2::NotifyPayload* error = errorNotify(payloads);
    if (!idr || !idr->as<v2::IdPayload>() || !auth) {
        const bool authFailed = error && error->type == v2::NotifyType::AuthenticationFailed;
        engine.record(EventKind::NotifyReceived, authId(sa, true) + ".notify",
                      error ? notifyName(error->type) + ", authenticated" : "IKE_AUTH response without IDr or AUTH",
                      NotifyInfo{error ? error->type : v2::NotifyType::InvalidSyntax, error ? error->data : Bytes{},
                                 true, error ? std::string(v2::notifyMeaning(error->type)) : ""});
        engine.failSa(sa, error ? failureKindOf(error->type) : FailureKind::Malformed, "IKE_AUTH",
                      authFailed ? "the responder says AUTHENTICATION_FAILED: the pre-shared keys differ"
                                 : "the responder refused IKE_AUTH" +
                                       (error ? ": " + errorSentence(error->type) : std::string()),
                      error ? std::optional(error->type) : std::nullopt, true);
        return;
    }
    const Identity peerId = identityOf(*idr->as<v2::IdPayload>());
    if (const std::string why = authProblem(engine, sa, Side::Responder, *idr, *auth); !why.empty()) {
        engine.failSa(sa, FailureKind::AuthenticationFailed, "IKE_AUTH", why, std::nullopt, true);
        return;
    }
    engine.state(sa, "AUTH_R verified: the responder is " + peerId.toString());
    established(engine, sa, peerId);
    if (error) {
        const std::string why = "the responder refused the child SA: " + errorSentence(error->type);
        engine.record(EventKind::Failure, sa.id("CHILD_SA.failed"), why,
                      FailureInfo{failureKindOf(error->type), why, error->type, "IKE_AUTH", true});
        return;
    }
    const auto* saAnswer = body<v2::SaPayload>(payloads, PayloadType::Sa);
    const auto* tsi = body<v2::TsPayload>(payloads, PayloadType::TsI);
    const auto* tsr = body<v2::TsPayload>(payloads, PayloadType::TsR);
    auto child = saAnswer ? negotiation::acceptedChild(*saAnswer, engine.config.childProposals)
                          : Result<std::pair<ChildSuite, std::uint32_t>>(fail("no SA payload"));
    const auto local = tsi ? negotiation::narrow(*tsi, engine.config.localSelector) : std::nullopt;
    const auto remote = tsr ? negotiation::narrow(*tsr, engine.config.remoteSelector) : std::nullopt;
    if (!child || !local || !remote) {
        const std::string why = !child ? "the responder's child SA is not one we offered: " + child.error().message
                                       : "the responder's traffic selectors are not within ours";
        engine.record(EventKind::Failure, sa.id("CHILD_SA.failed"), why,
                      FailureInfo{FailureKind::NoProposalChosen, why, std::nullopt, "IKE_AUTH", true});
        return;
    }
    installChild(engine, sa, child->first, child->second, *local, *remote);
}

} // namespace ike_auth

} // namespace ipseclab::ikev2::detail
