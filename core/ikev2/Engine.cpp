// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ikev2/Engine.h"

#include <algorithm>

namespace ipseclab::ikev2::detail {

namespace {

bool isZero(const Spi& spi) {
    return std::all_of(spi.begin(), spi.end(), [](std::uint8_t b) { return b == 0; });
}

} // namespace

std::string spiHex(const Spi& spi) { return "0x" + toHex(spi); }

std::string IkeSa::name() const { return "IKE SA " + spiHex(spiI); }

std::string IkeSa::initId(bool response) const {
    const std::string attempt = initAttempt > 1 ? "#" + std::to_string(initAttempt) : "";
    return id("IKE_SA_INIT" + attempt + (response ? ".response" : ".request"));
}

SkProtection IkeSa::protection(Side sender) const {
    const bool i = sender == Side::Initiator;
    return SkProtection{suite->encryption, suite->integrity, (i ? keys.skEi : keys.skEr).view(),
                        (i ? keys.skAi : keys.skAr).view()};
}

// ---- events ----

void Engine::record(EventKind kind, std::string id, std::string text, decltype(Event::detail) detail) {
    events.push_back(Event{kind, std::move(id), now, std::move(text), std::move(detail)});
}

crypto::SecretBytes Engine::recordDerived(const Derivation& d) {
    crypto::SecretBytes value = d.value.clone();
    record(EventKind::Derived, d.id, d.id + " = " + d.formula, d.clone());
    return value;
}

void Engine::recordAll(const std::vector<Derivation>& ds) {
    for (const Derivation& d : ds) recordDerived(d);
}

void Engine::drop(const Inbound& in, const std::string& id, const std::string& why) {
    DatagramInfo info;
    info.datagramId = id;
    info.label = "dropped";
    info.from = in.from;
    info.to = in.to;
    info.udpPayload.assign(in.bytes.begin(), in.bytes.end());
    info.header = in.message.header;
    info.note = why;
    record(EventKind::Dropped, id + ".dropped", "dropped a datagram from " + in.from.toString() + ": " + why,
           std::move(info));
}

void Engine::failSa(IkeSa& sa, FailureKind kind, const std::string& exchange, const std::string& sentence,
                    std::optional<v2::NotifyType> notify, bool authenticated) {
    sa.state = SaState::Failed;
    sa.request.reset();
    sa.keys = SaKeys{};
    sa.dh.reset();
    record(EventKind::Failure, sa.id(exchange + ".failed"), sentence,
           FailureInfo{kind, sentence, notify, exchange, authenticated});
    state(sa, "failed");
}

void Engine::state(const IkeSa& sa, const std::string& text) {
    record(EventKind::StateChanged, sa.id("state"), sa.name() + ": " + text, StateInfo{sa.name(), text});
}

// ---- sending ----

v2::Header Engine::header(const IkeSa& sa, v2::ExchangeType exchange, bool response, std::uint32_t messageId) const {
    v2::Header h;
    h.initiatorSpi = sa.spiI;
    h.responderSpi = sa.spiR;
    h.exchangeType = exchange;
    h.flags = static_cast<std::uint8_t>((sa.role == Side::Initiator ? v2::kFlagInitiator : 0) |
                                        (response ? v2::kFlagResponse : 0));
    h.messageId = messageId;
    return h;
}

Transmit Engine::queue(const IkeSa& sa, Bytes bytes, const std::string& datagramId, const std::string& label,
                       const Opened* sealed) {
    Transmit t{sa.local, sa.remote, bytes, datagramId, label};
    DatagramInfo info;
    info.datagramId = datagramId;
    info.label = label;
    info.from = sa.local;
    info.to = sa.remote;
    info.udpPayload = std::move(bytes);
    if (auto m = v2::decodeMessage(info.udpPayload)) {
        info.decoded = true;
        info.header = m->header;
        info.payloads = payloadNames(m->payloads);
    }
    if (sealed) {
        info.encrypted = info.decrypted = true;
        info.firstInner = static_cast<v2::PayloadType>(sealed->sk.firstInner);
        const ByteView inner = sealed->sk.payloads();
        info.plaintext.assign(inner.begin(), inner.end());
        info.payloads = payloadNames(sealed->payloads);
    }
    record(EventKind::DatagramSent, datagramId + ".sent", label + " to " + sa.remote.toString(), std::move(info));
    transmits.push_back(t);
    return t;
}

Result<Bytes> Engine::sendClear(IkeSa& sa, const v2::Header& h, const std::vector<v2::Payload>& payloads,
                                const std::string& datagramId, const std::string& label, bool isRequest) {
    auto bytes = v2::encodeMessage(h, payloads);
    if (!bytes) return tl::unexpected(bytes.error());
    Transmit t = queue(sa, *bytes, datagramId, label, nullptr);
    if (isRequest) {
        sa.request = Request{std::move(t), h.messageId, 0, config.retransmit.initial, now + config.retransmit.initial};
    }
    return bytes;
}

Result<Bytes> Engine::sendProtected(IkeSa& sa, v2::ExchangeType exchange, bool response,
                                    const std::vector<v2::Payload>& payloads, const std::string& datagramId,
                                    const std::string& label) {
    const std::uint32_t messageId = response ? sa.expectedMessageId - 1 : sa.nextMessageId++;
    v2::Header h = header(sa, exchange, response, messageId);
    h.nextPayload = v2::PayloadType::Encrypted;
    auto inner = v2::encodePayloads(payloads);
    if (!inner) return tl::unexpected(inner.error());
    const SkProtection keys = sa.protection(sa.role);
    // An empty SK payload (an INFORMATIONAL liveness check and its answer) says Next Payload 0.
    const auto firstInner = static_cast<std::uint8_t>(payloads.empty() ? v2::PayloadType::None : payloads.front().type);
    const Bytes iv = random.bytes(crypto::ivLength(keys.encryption));
    const Bytes padding = random.bytes(padLengthFor(keys.encryption, inner->size()));
    auto sealed = protectMessage(keys, v2::encodeHeader(h), firstInner, *inner, padding, iv);
    if (!sealed) return tl::unexpected(sealed.error());
    Opened opened{std::move(sealed->sk), payloads};
    Transmit t = queue(sa, sealed->message, datagramId, label, &opened);
    if (!response)
        sa.request = Request{std::move(t), messageId, 0, config.retransmit.initial, now + config.retransmit.initial};
    return std::move(sealed->message);
}

// ---- receiving ----

Result<Engine::Opened> Engine::open(const IkeSa& sa, const Inbound& in) const {
    const v2::EncryptedPayload* sk = in.message.encrypted();
    if (!sk || !sa.suite) return fail("the message has no SK payload");
    const v2::Payload& skPayload = in.message.payloads.back();
    const Side sender = sa.role == Side::Initiator ? Side::Responder : Side::Initiator;
    auto opened = unprotectMessage(sa.protection(sender), in.bytes, skPayload.offset);
    if (!opened) return tl::unexpected(opened.error());
    if (opened->payloads().empty()) return Opened{std::move(*opened), {}};
    auto payloads = v2::decodePayloads(static_cast<v2::PayloadType>(opened->firstInner), opened->payloads());
    if (!payloads) return tl::unexpected(payloads.error());
    return Opened{std::move(*opened), std::move(*payloads)};
}

void Engine::recordReceived(const Inbound& in, const std::string& datagramId, const std::string& label,
                            const Opened* opened) {
    DatagramInfo info;
    info.datagramId = datagramId;
    info.label = label;
    info.from = in.from;
    info.to = in.to;
    info.udpPayload.assign(in.bytes.begin(), in.bytes.end());
    info.header = in.message.header;
    info.decoded = true;
    info.payloads = payloadNames(in.message.payloads);
    info.encrypted = in.message.encrypted() != nullptr;
    if (opened) {
        info.decrypted = true;
        info.firstInner = static_cast<v2::PayloadType>(opened->sk.firstInner);
        const ByteView inner = opened->sk.payloads();
        info.plaintext.assign(inner.begin(), inner.end());
        info.payloads = payloadNames(opened->payloads);
    }
    record(EventKind::DatagramReceived, datagramId + ".received", label + " from " + in.from.toString(),
           std::move(info));
}

IkeSa* Engine::findBySpis(const Spi& spiI, const Spi& spiR) {
    for (IkeSa& sa : sas)
        if (sa.spiI == spiI && sa.spiR == spiR) return &sa;
    return nullptr;
}

IkeSa* Engine::findInitRequest(const Inbound& in) {
    for (IkeSa& sa : sas)
        if (sa.role == Side::Responder && sa.spiI == in.message.header.initiatorSpi && sa.remote == in.from &&
            std::equal(in.bytes.begin(), in.bytes.end(), sa.initRequest.value.begin(), sa.initRequest.value.end()))
            return &sa;
    return nullptr;
}

namespace {

bool isHalfOpen(const IkeSa& sa) {
    return sa.role == Side::Responder && sa.state != SaState::Established && sa.state != SaState::Deleted;
}

} // namespace

std::size_t Engine::halfOpenCount() const {
    return static_cast<std::size_t>(std::count_if(sas.begin(), sas.end(), isHalfOpen));
}

std::optional<std::string> Engine::halfOpenRefusal(const Endpoint& from) {
    auto verdict = halfOpenVerdict(sas, config.halfOpenLimits, from.address.toString(), [&](const IkeSa& sa) {
        const bool waiting = sa.state == SaState::InitAnswered || sa.state == SaState::Failed;
        return HalfOpenRole{isHalfOpen(sa), sa.remote.address == from.address, sa.state != SaState::Failed, waiting};
    });
    if (verdict.victim)
        forgetSa(static_cast<std::size_t>(verdict.victim - sas.data()), halfOpenEvictionReason(config.halfOpenLimits));
    return verdict.refusal;
}

void Engine::forgetSa(std::size_t index, const std::string& why) {
    const IkeSa& sa = sas[index];
    record(EventKind::SaDeleted, sa.id("IKE_SA.forgotten"), sa.name() + ": " + why, StateInfo{sa.name(), why});
    sas.erase(sas.begin() + static_cast<std::ptrdiff_t>(index));
}

IkeSa& Engine::newSa(Side role) {
    IkeSa sa;
    sa.ordinal = nextOrdinal++;
    sa.prefix = sa.ordinal == 1 ? "" : "IKE#" + std::to_string(sa.ordinal) + ".";
    sa.role = role;
    sa.local = config.local;
    sa.remote = config.remote;
    sas.push_back(std::move(sa));
    return sas.back();
}

// ---- input ----

void Engine::handle(ByteView datagram, const Endpoint& from, const Endpoint& to) {
    Inbound in{datagram, from, to, {}};
    auto message = v2::decodeMessage(datagram);
    if (!message) {
        drop(in, "datagram", "not an IKEv2 message: " + message.error().toString());
        return;
    }
    in.message = std::move(*message);
    route(in);
}

// A request the responder answered already gets the same answer; anything else with that
// Message ID is a replay or a forgery and changes nothing.
bool Engine::answerAgain(IkeSa& sa, const Inbound& in) {
    if (!sa.answer || in.message.header.messageId != sa.answer->messageId) return false;
    if (!std::equal(in.bytes.begin(), in.bytes.end(), sa.answer->request.begin(), sa.answer->request.end())) {
        drop(in, sa.id("replay"), "a request with the Message ID of one already answered, but other bytes");
        return true;
    }
    transmits.push_back(sa.answer->response);
    record(EventKind::Retransmitted, sa.answer->response.datagramId + ".resent",
           "the request came again: " + sa.answer->response.label + " sent again");
    return true;
}

void Engine::route(Inbound& in) {
    const v2::Header& h = in.message.header;
    const bool fromInitiator = h.initiator();
    if (h.exchangeType == v2::ExchangeType::IkeSaInit && !h.response()) {
        if (!fromInitiator || !isZero(h.responderSpi) || h.messageId != 0) {
            drop(in, "IKE_SA_INIT", "an IKE_SA_INIT request must come from the initiator with SPIr 0 and Message ID 0");
            return;
        }
        // §2.1: a copy of a request answered gets the same answer again, a copy for an SA past
        // IKE_SA_INIT is ignored; a request with other bytes is a new one, even with the same SPIi
        // (two initiators behind one NAT may choose the same).
        if (IkeSa* sa = findInitRequest(in)) {
            if (!answerAgain(*sa, in))
                record(EventKind::DuplicateIgnored, sa->id("IKE_SA_INIT.request.duplicate"),
                       "a copy of the IKE_SA_INIT request of " + sa->name() + ", past IKE_SA_INIT: ignored");
            return;
        }
        ike_sa_init::handleRequest(*this, in);
        return;
    }
    IkeSa* sa = nullptr;
    for (IkeSa& s : sas) {
        const bool ours = s.role == (fromInitiator ? Side::Responder : Side::Initiator);
        const bool spiRMatches = s.spiR == h.responderSpi || (s.state == SaState::InitSent && h.response());
        if (ours && s.spiI == h.initiatorSpi && spiRMatches) sa = &s;
    }
    if (!sa) {
        drop(in, "datagram",
             "no IKE SA has these SPIs (" + spiHex(h.initiatorSpi) + ", " + spiHex(h.responderSpi) + ")");
        return;
    }
    if (h.response()) {
        if (!sa->request || h.messageId != sa->request->messageId) {
            drop(in, sa->id("response"),
                 "a response to no request of ours pending (Message ID " + std::to_string(h.messageId) + ")");
            return;
        }
        if (h.exchangeType == v2::ExchangeType::IkeSaInit && sa->state == SaState::InitSent)
            ike_sa_init::handleResponse(*this, *sa, in);
        else if (h.exchangeType == v2::ExchangeType::Informational && sa->state == SaState::Established)
            informational::handleResponse(*this, *sa, in);
        else if (h.exchangeType == v2::ExchangeType::IkeAuth && sa->state == SaState::AuthSent)
            ike_auth::handleResponse(*this, *sa, in);
        else drop(in, sa->id("response"), "a response of an exchange this SA is not waiting for");
        return;
    }
    if (answerAgain(*sa, in)) return;
    if (h.messageId != sa->expectedMessageId) {
        drop(in, sa->id("request"),
             "Message ID " + std::to_string(h.messageId) + " is not the expected " +
                 std::to_string(sa->expectedMessageId));
        return;
    }
    if (h.exchangeType == v2::ExchangeType::IkeAuth && sa->state == SaState::InitAnswered)
        ike_auth::handleRequest(*this, *sa, in);
    else if (h.exchangeType == v2::ExchangeType::Informational && sa->state == SaState::Established)
        informational::handleRequest(*this, *sa, in);
    else drop(in, sa->id("request"), "an exchange this slice of the engine does not take in this state");
}

// ---- timers ----

std::optional<Timestamp> Engine::nextTimeout() const {
    std::optional<Timestamp> next;
    const auto consider = [&](const std::optional<Timestamp>& t) {
        if (t && (!next || *t < *next)) next = t;
    };
    for (const IkeSa& sa : sas) {
        if (sa.request) consider(sa.request->due);
        consider(sa.forgetAt);
    }
    return next;
}

void Engine::handleTimeout() {
    for (std::size_t i = 0; i < sas.size(); ++i)
        if (sas[i].request && sas[i].request->due <= now) onRetransmitTimeout(sas[i]);
    for (std::size_t i = sas.size(); i-- > 0;)
        if (sas[i].forgetAt && *sas[i].forgetAt <= now)
            forgetSa(i, sas[i].state == SaState::Failed    ? "failed before IKE_AUTH completed: forgotten"
                        : sas[i].state == SaState::Deleted ? "deleted: forgotten"
                                                           : "half-open IKE SA timed out (no IKE_AUTH came)");
}

void Engine::onRetransmitTimeout(IkeSa& sa) {
    Request& r = *sa.request;
    if (r.retransmits >= config.retransmit.maxRetransmits && sa.state == SaState::Established) {
        informational::onTimeout(*this, sa);
        return;
    }
    if (r.retransmits >= config.retransmit.maxRetransmits) {
        const std::string exchange = r.transmit.label.substr(0, r.transmit.label.find(' '));
        std::string sentence = "no usable answer to " + r.transmit.label + " after " + std::to_string(r.retransmits) +
                               " retransmissions";
        if (!sa.refusedReply.empty()) sentence += "; what came instead: " + sa.refusedReply;
        failSa(sa, FailureKind::Timeout, exchange, sentence, sa.refusedNotify);
        return;
    }
    ++r.retransmits;
    r.wait = Timestamp(static_cast<Timestamp::rep>(static_cast<double>(r.wait.count()) * config.retransmit.factor));
    r.due = now + r.wait;
    transmits.push_back(r.transmit);
    record(EventKind::Retransmitted, r.transmit.datagramId + ".retransmit" + std::to_string(r.retransmits),
           r.transmit.label + " sent again (retransmission " + std::to_string(r.retransmits) + ")");
}

Result<void> Engine::initiate() {
    if (config.ikeProposals.empty() || config.childProposals.empty()) {
        const std::string why = "nothing to propose: configure at least one IKE and one ESP suite";
        record(EventKind::Failure, "initiate.failed", why, FailureInfo{FailureKind::Local, why, {}, "IKE_SA_INIT"});
        return fail(why);
    }
    IkeSa& sa = newSa(Side::Initiator);
    return ike_sa_init::start(*this, sa);
}

IkeSa* Engine::established(const Spi& spiI, const std::string& command) {
    for (IkeSa& sa : sas)
        if (sa.spiI == spiI && sa.state == SaState::Established) {
            if (!sa.request) return &sa;
            const std::string why = command + ": " + sa.name() + " has an exchange under way (window size 1)";
            record(EventKind::Failure, sa.id(command + ".failed"), why,
                   FailureInfo{FailureKind::Local, why, {}, command});
            return nullptr;
        }
    const std::string why = command + ": no established IKE SA " + spiHex(spiI);
    record(EventKind::Failure, command + ".failed", why, FailureInfo{FailureKind::Local, why, {}, command});
    return nullptr;
}

std::vector<std::uint32_t> Engine::removeChildren(const IkeSa& sa, std::optional<std::uint32_t> spi,
                                                  const std::string& why) {
    std::vector<std::uint32_t> removed;
    std::erase_if(children, [&](const ChildSa& c) {
        if (c.owner != sa.spiI || (spi && c.info.inbound.spi != *spi)) return false;
        const std::string name = "child SA " + hex32(c.info.inbound.spi);
        record(EventKind::SaDeleted, sa.id("CHILD_SA." + hex32(c.info.inbound.spi) + ".deleted"), name + ": " + why,
               StateInfo{name, why});
        removed.push_back(c.info.inbound.spi);
        return true;
    });
    return removed;
}

void Engine::deleteSa(IkeSa& sa, const std::string& why) {
    removeChildren(sa, std::nullopt, "its IKE SA is gone");
    sa.state = SaState::Deleted;
    sa.request.reset();
    sa.keys = SaKeys{};
    sa.forgetAt = now + config.halfOpenTimeout;
    record(EventKind::SaDeleted, sa.id("IKE_SA.deleted"), sa.name() + ": " + why, StateInfo{sa.name(), why});
}

// ---- helpers ----

const v2::NotifyPayload* findNotify(const std::vector<v2::Payload>& payloads, v2::NotifyType type) {
    for (const v2::Payload& p : payloads)
        if (const auto* n = p.as<v2::NotifyPayload>(); n && n->type == type) return n;
    return nullptr;
}

const v2::NotifyPayload* errorNotify(const std::vector<v2::Payload>& payloads) {
    for (const v2::Payload& p : payloads)
        if (const auto* n = p.as<v2::NotifyPayload>(); n && static_cast<unsigned>(n->type) < 16384) return n;
    return nullptr;
}

std::string notifyName(v2::NotifyType type) {
    const auto name = v2::notifyTypeName(type);
    return name ? std::string(*name) : "notify " + std::to_string(static_cast<unsigned>(type));
}

FailureKind failureKindOf(v2::NotifyType error) {
    using N = v2::NotifyType;
    switch (error) {
    case N::AuthenticationFailed: return FailureKind::AuthenticationFailed;
    case N::NoProposalChosen: return FailureKind::NoProposalChosen;
    case N::TsUnacceptable: return FailureKind::InvalidId;
    case N::InvalidKePayload: return FailureKind::PfsMismatch;
    case N::InvalidSyntax:
    case N::UnsupportedCriticalPayload:
    case N::InvalidMajorVersion: return FailureKind::Malformed;
    default: return FailureKind::PeerError;
    }
}

std::string errorSentence(v2::NotifyType error) {
    const auto name = v2::notifyTypeName(error);
    return name ? std::string(*name) : "the peer's error notify " + std::to_string(static_cast<unsigned>(error));
}

v2::Payload notifyPayload(v2::NotifyType type, Bytes data) {
    return v2::Payload{v2::PayloadType::Notify, v2::NotifyPayload{v2::ProtocolId::None, type, {}, std::move(data)}};
}

std::vector<std::string> payloadNames(const std::vector<v2::Payload>& payloads) {
    std::vector<std::string> out;
    for (const v2::Payload& p : payloads) {
        if (const auto* n = p.as<v2::NotifyPayload>()) {
            out.push_back("N(" + notifyName(n->type) + ")");
        } else {
            out.push_back(v2::payloadShortName(p.type));
        }
    }
    return out;
}

Bytes bodyBytes(const v2::Payload& payload) {
    auto encoded = v2::encodePayloads(std::span<const v2::Payload>(&payload, 1));
    if (!encoded || encoded->size() < v2::kGenericHeaderSize) return {};
    return Bytes(encoded->begin() + v2::kGenericHeaderSize, encoded->end());
}

} // namespace ipseclab::ikev2::detail
