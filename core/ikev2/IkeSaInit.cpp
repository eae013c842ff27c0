// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// IKE_SA_INIT (RFC 7296 §1.2): HDR, SAi1, KEi, Ni, N(NAT_DETECTION_*) --> and back; the
// responder's INVALID_KE_PAYLOAD (§1.2) and the initiator's retry in the group it names; then
// SKEYSEED and the seven SK_* keys (§2.14). Everything here is unauthenticated: a response changes
// state only when it is complete and usable, and a refusal only names the timeout.

#include <algorithm>

#include "base/Endian.h"
#include "ikev2/Engine.h"

namespace ipseclab::ikev2::detail {

namespace {

using v2::PayloadType;

// A value of `type`'s body (its first `skip` bytes are the body's header) with its place in the message.
Held held(const v2::Message& m, PayloadType type, const std::string& datagramId, const char* field, std::size_t skip,
          ByteView value) {
    const v2::Payload* p = m.find(type);
    const std::size_t offset = p ? bodyOffset(*p) + skip : 0;
    return Held{Bytes(value.begin(), value.end()), crypto::Source::datagram(datagramId, field, offset, value.size())};
}

std::string nonceProblem(std::size_t length) {
    if (length >= 16 && length <= 256) return {};
    return "a nonce of " + std::to_string(length) + " bytes, not 16 to 256 (RFC 7296 §3.9)";
}

// Our IKE_SA_INIT request: [N(COOKIE),] SA, KE, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP).
Result<void> sendRequest(Engine& engine, IkeSa& sa, const std::optional<Bytes>& cookie) {
    std::vector<v2::Payload> payloads;
    if (cookie) payloads.push_back(notifyPayload(v2::NotifyType::Cookie, *cookie));
    payloads.push_back({PayloadType::Sa, negotiation::ikeOffer(engine.config.ikeProposals)});
    payloads.push_back(
        {PayloadType::Ke, v2::KePayload{static_cast<std::uint16_t>(sa.dh->group()), 0, sa.dh->publicValue()}});
    payloads.push_back({PayloadType::Nonce, v2::NoncePayload{sa.ni.value}});
    const std::string id = sa.initId(false);
    nat_detection::add(engine, sa, Spi{}, payloads, id);
    auto bytes = engine.sendClear(sa, engine.header(sa, v2::ExchangeType::IkeSaInit, false, 0), payloads, id,
                                  "IKE_SA_INIT request", true);
    if (!bytes) return tl::unexpected(bytes.error());
    const auto m = v2::decodeMessage(*bytes);
    if (!m) return tl::unexpected(m.error());
    sa.initRequest = Held{*bytes, crypto::Source::datagram(id, "isakmp", 0, bytes->size())};
    sa.ni = held(*m, PayloadType::Nonce, id, "isakmp.nonce", 0, sa.ni.value);
    sa.gi = held(*m, PayloadType::Ke, id, "isakmp.key_exchange.data", 4, sa.dh->publicValue());
    sa.nextMessageId = 1;
    engine.state(sa, "I: IKE_SA_INIT sent, waiting for its response");
    return {};
}

// g^ir recorded, then SKEYSEED and SK_* (each an event), kept in the SA.
void deriveKeys(Engine& engine, IkeSa& sa, crypto::SecretBytes gir) {
    const bool initiator = sa.role == Side::Initiator;
    DhInfo dh{sa.dh->group(),
              sa.dh->privateValue(),
              sa.dh->publicValue(),
              (initiator ? sa.gr : sa.gi).value,
              gir.clone(),
              (initiator ? sa.gi : sa.gr).source,
              (initiator ? sa.gr : sa.gi).source};
    engine.record(EventKind::DhComputed, sa.id("g^ir"),
                  "g^ir computed in " + std::string(crypto::dhGroupInfo(sa.dh->group()).shortName), std::move(dh));
    sa.keys.gir = std::move(gir);
    const Part girPart{"g^ir", sa.keys.gir.view(), crypto::Source::derived(sa.id("g^ir"))};
    const Part ni = sa.ni.part("Ni"), nr = sa.nr.part("Nr");
    const Derivation skeyseed = keymat::skeyseed(sa.suite->prf, ni, nr, girPart, sa.id("SKEYSEED"));
    engine.recordDerived(skeyseed);
    const Part spiI{"SPIi", sa.spiI, crypto::Source::datagram(sa.initId(false), "isakmp.ispi", 0, 8)};
    const Part spiR{"SPIr", sa.spiR, crypto::Source::datagram(sa.initId(true), "isakmp.rspi", 8, 8)};
    auto keys = keymat::ikeSaKeys(*sa.suite, partOf(skeyseed, "SKEYSEED"), ni, nr, spiI, spiR, sa.prefix);
    if (!keys) return; // prf+ is within its 255 blocks for every suite we negotiate
    engine.recordAll(keys->prfPlus);
    sa.keys.skD = engine.recordDerived(keys->skD);
    if (keys->skAi) sa.keys.skAi = engine.recordDerived(*keys->skAi);
    if (keys->skAr) sa.keys.skAr = engine.recordDerived(*keys->skAr);
    sa.keys.skEi = engine.recordDerived(keys->skEi);
    sa.keys.skEr = engine.recordDerived(keys->skEr);
    sa.keys.skPi = engine.recordDerived(keys->skPi);
    sa.keys.skPr = engine.recordDerived(keys->skPr);
}

// A stateless answer to an IKE_SA_INIT request we will not take (§2.6, §1.2): no SA is made. Each
// refusal has its own ids ("refusal#2.IKE_SA_INIT.request", "refusal#2.IKE_SA_INIT.COOKIE").
void refuseRequest(Engine& engine, const Inbound& in, v2::NotifyType type, Bytes data, const std::string& why) {
    IkeSa transient;
    transient.role = Side::Responder;
    transient.spiI = in.message.header.initiatorSpi;
    transient.local = in.to;
    transient.remote = in.from;
    transient.prefix = "refusal#" + std::to_string(++engine.refusals) + ".";
    const std::string id = transient.id("IKE_SA_INIT." + notifyName(type));
    engine.recordReceived(in, transient.initId(false), "IKE_SA_INIT request", nullptr);
    engine.record(EventKind::NotifySent, id + ".notify", why, NotifyInfo{type, data, false, why});
    (void)engine.sendClear(transient, engine.header(transient, v2::ExchangeType::IkeSaInit, true, 0),
                           {notifyPayload(type, std::move(data))}, id,
                           "IKE_SA_INIT response N(" + notifyName(type) + ")", false);
}

// The cookie for a request (§2.6): Cookie = <VersionIDofSecret> | Hash(Ni | IPi | SPIi | <secret>), here
// a 4-byte version 0 and SHA-1, 24 bytes as charon's. Recomputed, never stored: the responder keeps no state.
Bytes cookieFor(Engine& engine, const Inbound& in, const v2::NoncePayload& nonce) {
    if (engine.cookieSecret.size() == 0) engine.cookieSecret = engine.random.secretBytes(32);
    const Derivation hash = crypto::DerivationBuilder("IKE_SA_INIT.COOKIE", "SHA-1(Ni | IPi | SPIi | secret)")
                                .add(Part{"Ni", nonce.nonce, {}})
                                .add(Part{"IPi", in.from.address.bytes(), {}})
                                .add(Part{"SPIi", in.message.header.initiatorSpi, {}})
                                .add(Part{"secret", engine.cookieSecret.view(),
                                          crypto::Source::local("the responder's cookie secret")})
                                .hash(crypto::HashAlgorithm::Sha1);
    Bytes cookie(4, 0);
    append(cookie, hash.value.view());
    return cookie;
}

// A responder that requires cookies answers a request without the right one, first, with
// N(COOKIE) and forgets it. True: answered so.
bool askForCookie(Engine& engine, const Inbound& in, const v2::NoncePayload& nonce) {
    const std::size_t halfOpen = engine.halfOpenCount();
    const bool underLoad = halfOpen >= engine.config.cookieThreshold;
    if (!engine.config.requireCookie && !underLoad) return false;
    Bytes cookie = cookieFor(engine, in, nonce);
    const auto& payloads = in.message.payloads;
    const auto* first = payloads.front().as<v2::NotifyPayload>();
    if (first && first->type == v2::NotifyType::Cookie && crypto::constantTimeEqual(first->data, cookie)) return false;
    refuseRequest(engine, in, v2::NotifyType::Cookie, std::move(cookie),
                  first && first->type == v2::NotifyType::Cookie ? "the initiator's cookie is not ours: a new one"
                  : underLoad ? std::to_string(halfOpen) + " half-open IKE SAs: cookies are required of new initiators"
                              : "cookies are required: the initiator must send this one back");
    return true;
}

// What the responder reads out of the request: all its answer needs.
struct InitOffer {
    negotiation::IkeChoice choice;
    const v2::KePayload* ke = nullptr;
    const v2::NoncePayload* nonce = nullptr;
};

} // namespace

namespace ike_sa_init {

Result<void> start(Engine& engine, IkeSa& sa) {
    const Bytes spi = engine.random.bytes(8);
    std::copy(spi.begin(), spi.end(), sa.spiI.begin());
    sa.ni.value = engine.nonce();
    auto dh = crypto::DiffieHellman::generate(engine.config.ikeProposals.front().group, engine.random);
    if (!dh) {
        engine.failSa(sa, FailureKind::Local, "IKE_SA_INIT", "no Diffie-Hellman key pair: " + dh.error().toString());
        return tl::unexpected(dh.error());
    }
    sa.dh = std::move(*dh);
    return sendRequest(engine, sa, std::nullopt);
}

namespace {

// The request read and checked, or nullopt when it was dropped or refused (statelessly, recorded).
std::optional<InitOffer> admit(Engine& engine, const Inbound& in) {
    const v2::Message& m = in.message;
    const auto* saOffer = m.find(PayloadType::Sa) ? m.find(PayloadType::Sa)->as<v2::SaPayload>() : nullptr;
    InitOffer offer;
    offer.ke = m.find(PayloadType::Ke) ? m.find(PayloadType::Ke)->as<v2::KePayload>() : nullptr;
    offer.nonce = m.find(PayloadType::Nonce) ? m.find(PayloadType::Nonce)->as<v2::NoncePayload>() : nullptr;
    if (!saOffer || !offer.ke || !offer.nonce) {
        engine.drop(in, "IKE_SA_INIT", "an IKE_SA_INIT request needs SA, KE and Nonce payloads");
        return std::nullopt;
    }
    if (const std::string why = nonceProblem(offer.nonce->nonce.size()); !why.empty()) {
        engine.drop(in, "IKE_SA_INIT", why);
        return std::nullopt;
    }
    if (askForCookie(engine, in, *offer.nonce)) return std::nullopt;
    const auto choice = negotiation::chooseIke(*saOffer, engine.config.ikeProposals);
    if (!choice) {
        refuseRequest(engine, in, v2::NotifyType::NoProposalChosen, {},
                      "none of the initiator's proposals is acceptable");
        return std::nullopt;
    }
    if (offer.ke->group != static_cast<std::uint16_t>(choice->suite.group)) {
        Bytes group;
        appendU16(group, static_cast<std::uint16_t>(choice->suite.group));
        refuseRequest(engine, in, v2::NotifyType::InvalidKePayload, group,
                      "the KE is for group " + std::to_string(offer.ke->group) + ", the chosen proposal's is " +
                          std::to_string(static_cast<unsigned>(choice->suite.group)));
        return std::nullopt;
    }
    if (const auto refusal = engine.halfOpenRefusal(in.from)) {
        engine.drop(in, "IKE_SA_INIT.half-open-limit", *refusal);
        return std::nullopt;
    }
    offer.choice = *choice;
    return offer;
}

} // namespace

void handleRequest(Engine& engine, Inbound& in) {
    const v2::Message& m = in.message;
    const auto admitted = admit(engine, in);
    if (!admitted) return;
    const InitOffer& offer = *admitted;
    auto dh = crypto::DiffieHellman::generate(offer.choice.suite.group, engine.random);
    if (!dh) {
        engine.drop(in, "IKE_SA_INIT", "no Diffie-Hellman key pair: " + dh.error().toString());
        return;
    }
    auto gir = dh->sharedSecret(offer.ke->data);
    if (!gir) {
        engine.drop(in, "IKE_SA_INIT", "the initiator's KE is unusable: " + gir.error().toString());
        return;
    }
    IkeSa& sa = engine.newSa(Side::Responder);
    sa.spiI = m.header.initiatorSpi;
    const Bytes spiR = engine.random.bytes(8);
    std::copy(spiR.begin(), spiR.end(), sa.spiR.begin());
    sa.local = in.to;
    sa.remote = in.from;
    sa.forgetAt = engine.now + engine.config.halfOpenTimeout;
    sa.suite = offer.choice.suite;
    sa.dh = std::move(*dh);
    const std::string requestId = sa.initId(false), responseId = sa.initId(true);
    engine.recordReceived(in, requestId, "IKE_SA_INIT request", nullptr);
    sa.initRequest = Held{Bytes(in.bytes.begin(), in.bytes.end()),
                          crypto::Source::datagram(requestId, "isakmp", 0, in.bytes.size())};
    sa.ni = held(m, PayloadType::Nonce, requestId, "isakmp.nonce", 0, offer.nonce->nonce);
    sa.gi = held(m, PayloadType::Ke, requestId, "isakmp.key_exchange.data", 4, offer.ke->data);
    sa.nr.value = engine.nonce();
    engine.record(EventKind::Negotiation, sa.id("IKE_SA_INIT.negotiation"), "IKE SA: " + sa.suite->name(),
                  NegotiationInfo{"IKE_SA_INIT", Side::Responder, true, sa.suite->name()});
    nat_detection::check(engine, sa, in, requestId);

    std::vector<v2::Payload> payloads{{PayloadType::Sa, v2::SaPayload{{offer.choice.answer}}},
                                      {PayloadType::Ke, v2::KePayload{offer.ke->group, 0, sa.dh->publicValue()}},
                                      {PayloadType::Nonce, v2::NoncePayload{sa.nr.value}}};
    nat_detection::add(engine, sa, sa.spiR, payloads, responseId);
    auto bytes = engine.sendClear(sa, engine.header(sa, v2::ExchangeType::IkeSaInit, true, 0), payloads, responseId,
                                  "IKE_SA_INIT response", false);
    const auto sent = bytes ? v2::decodeMessage(*bytes) : Result<v2::Message>(tl::unexpected(bytes.error()));
    if (!sent) {
        engine.failSa(sa, FailureKind::Local, "IKE_SA_INIT", "our response did not encode: " + sent.error().toString());
        return;
    }
    sa.initResponse = Held{*bytes, crypto::Source::datagram(responseId, "isakmp", 0, bytes->size())};
    sa.nr = held(*sent, PayloadType::Nonce, responseId, "isakmp.nonce", 0, sa.nr.value);
    sa.gr = held(*sent, PayloadType::Ke, responseId, "isakmp.key_exchange.data", 4, sa.dh->publicValue());
    sa.answer = Answer{0, sa.initRequest.value, engine.transmits.back()};
    sa.expectedMessageId = 1;
    deriveKeys(engine, sa, std::move(*gir));
    sa.state = SaState::InitAnswered;
    engine.state(sa, "R: IKE_SA_INIT answered, waiting for IKE_AUTH");
}

// The restarts of IKE_SA_INIT one IKE SA attempt makes (INVALID_KE_PAYLOAD, COOKIE): both come in
// clear, so a forger could otherwise keep the initiator restarting for ever.
constexpr int kMaxInitRestarts = 3;

// Why the N(COOKIE) or N(INVALID_KE_PAYLOAD) in `payloads` gives no restart (or "" when it does),
// with the group to restart in. COOKIE: 1..64 octets (§2.6, §3.10.1). INVALID_KE_PAYLOAD: a group
// we offered and did not just send (§1.2); neither can make us use a group we did not offer.
std::string restartProblem(const Engine& engine, const IkeSa& sa, const v2::NotifyPayload& n,
                           std::optional<crypto::DhGroup>& group) {
    if (sa.initAttempt > kMaxInitRestarts)
        return "already " + std::to_string(kMaxInitRestarts) + " restarts of IKE_SA_INIT: no more";
    if (n.type == v2::NotifyType::Cookie) {
        if (n.data.empty() || n.data.size() > 64)
            return "a COOKIE of " + std::to_string(n.data.size()) + " octets, not 1 to 64 (RFC 7296 §3.10.1)";
        return {};
    }
    if (n.data.size() != 2) return "an INVALID_KE_PAYLOAD without a 2-octet group number";
    const auto named = crypto::dhGroupFromId(readU16(n.data, 0));
    const auto& offered = engine.config.ikeProposals;
    if (!named || std::none_of(offered.begin(), offered.end(), [&](const IkeSuite& s) { return s.group == *named; }))
        return "an INVALID_KE_PAYLOAD naming group " + std::to_string(readU16(n.data, 0)) + ", which we did not offer";
    if (*named == sa.dh->group()) return "an INVALID_KE_PAYLOAD naming the group of the KE we sent";
    group = *named;
    return {};
}

// INVALID_KE_PAYLOAD: the same SPIi and Ni, a new KE in the group it names (§1.2). COOKIE: the
// same request again, the cookie first (§2.6). Both arrive unauthenticated, as the RFC has them:
// a restart keeps the exchange's retransmission schedule, so forged ones cannot prolong it, and
// one that cannot be used is dropped, kept to name the timeout. True: the response was one of them.
bool restart(Engine& engine, IkeSa& sa, const Inbound& in) {
    const auto& payloads = in.message.payloads;
    const v2::NotifyPayload* n = findNotify(payloads, v2::NotifyType::Cookie);
    if (!n) n = findNotify(payloads, v2::NotifyType::InvalidKePayload);
    if (!n) return false;
    std::optional<crypto::DhGroup> group;
    const std::string label = "IKE_SA_INIT response N(" + notifyName(n->type) + ")";
    if (const std::string why = restartProblem(engine, sa, *n, group); !why.empty()) {
        sa.refusedReply = "an unauthenticated " + notifyName(n->type) + " not taken: " + why;
        sa.refusedNotify = n->type;
        engine.drop(in, sa.initId(true), sa.refusedReply + " (kept to name the timeout)");
        return true;
    }
    if (group) {
        auto dh = crypto::DiffieHellman::generate(*group, engine.random);
        if (!dh) return true;
        sa.dh = std::move(*dh);
    }
    engine.recordReceived(in, sa.initId(true), label, nullptr);
    const std::optional<Request> previous = std::move(sa.request);
    ++sa.initAttempt;
    if (!sendRequest(engine, sa, group ? std::nullopt : std::optional<Bytes>(n->data))) return true;
    if (previous && sa.request) { // the new request inherits the exchange's schedule
        sa.request->retransmits = previous->retransmits;
        sa.request->wait = previous->wait;
        sa.request->due = previous->due;
    }
    return true;
}

void handleResponse(Engine& engine, IkeSa& sa, Inbound& in) {
    const v2::Message& m = in.message;
    if (restart(engine, sa, in)) return;
    const std::string responseId = sa.initId(true);
    if (const auto* error = errorNotify(m.payloads)) {
        sa.refusedReply = "an unauthenticated " + notifyName(error->type) + " in answer to IKE_SA_INIT";
        sa.refusedNotify = error->type;
        engine.drop(in, responseId, sa.refusedReply + " (kept to name the timeout)");
        return;
    }
    const auto* saAnswer = m.find(PayloadType::Sa) ? m.find(PayloadType::Sa)->as<v2::SaPayload>() : nullptr;
    const auto* ke = m.find(PayloadType::Ke) ? m.find(PayloadType::Ke)->as<v2::KePayload>() : nullptr;
    const auto* nonce = m.find(PayloadType::Nonce) ? m.find(PayloadType::Nonce)->as<v2::NoncePayload>() : nullptr;
    std::string why;
    Result<IkeSuite> suite = fail("no SA payload");
    Result<crypto::SecretBytes> gir = fail("no KE payload");
    if (!saAnswer || !ke || !nonce || m.header.responderSpi == Spi{}) {
        why = "an IKE_SA_INIT response needs SA, KE, Nonce and a responder SPI";
    } else if (why = nonceProblem(nonce->nonce.size()); why.empty()) {
        suite = negotiation::acceptedIke(*saAnswer, engine.config.ikeProposals);
        if (!suite) why = "the responder chose what we did not offer: " + suite.error().message;
        else if (suite->group != sa.dh->group() || ke->group != static_cast<std::uint16_t>(sa.dh->group()))
            why = "the responder's KE or chosen group is not the group of our KE";
        else if (gir = sa.dh->sharedSecret(ke->data); !gir)
            why = "the responder's KE is unusable: " + gir.error().toString();
    }
    if (!why.empty()) {
        sa.refusedReply = why;
        engine.drop(in, responseId, why + " (kept to name the timeout)");
        return;
    }
    engine.recordReceived(in, responseId, "IKE_SA_INIT response", nullptr);
    sa.request.reset();
    sa.spiR = m.header.responderSpi;
    sa.suite = *suite;
    sa.initResponse = Held{Bytes(in.bytes.begin(), in.bytes.end()),
                           crypto::Source::datagram(responseId, "isakmp", 0, in.bytes.size())};
    sa.nr = held(m, PayloadType::Nonce, responseId, "isakmp.nonce", 0, nonce->nonce);
    sa.gr = held(m, PayloadType::Ke, responseId, "isakmp.key_exchange.data", 4, ke->data);
    engine.record(EventKind::Negotiation, sa.id("IKE_SA_INIT.negotiation"), "IKE SA: " + sa.suite->name(),
                  NegotiationInfo{"IKE_SA_INIT", Side::Initiator, true, sa.suite->name()});
    nat_detection::check(engine, sa, in, responseId);
    deriveKeys(engine, sa, std::move(*gir));
    ike_auth::start(engine, sa);
}

} // namespace ike_sa_init

} // namespace ipseclab::ikev2::detail
