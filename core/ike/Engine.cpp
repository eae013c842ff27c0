// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Engine's sending (Transmits, stored answers, retransmission requests armed), its SA
// bookkeeping (create, find, remove, lifetimes) and the helpers the exchanges share.

#include "ike/Engine.h"

#include <algorithm>

#include "base/HalfOpenLimit.h"
#include "wire/IsakmpFields.h"
#include "wire/NatTMarker.h"

namespace ipseclab::ike::detail {

namespace {

constexpr std::size_t kRememberedAnswers = 8;

// Which payload of its type payload `index` is (1 = the first): the occurrence of its fields' keys.
std::size_t occurrenceOf(const wire::PayloadChain& chain, std::size_t index) {
    const wire::PayloadType type = chain.payloads[index].type();
    std::size_t position = 0;
    for (std::size_t i = 0; i <= index; ++i)
        if (chain.payloads[i].type() == type) ++position;
    return position;
}

} // namespace

std::string cookieHex(const wire::Cookie& c) { return "0x" + toHex(c); }

bool isZero(const wire::Cookie& c) {
    return std::all_of(c.begin(), c.end(), [](std::uint8_t b) { return b == 0; });
}

std::string payloadList(const wire::PayloadChain& chain) {
    std::string out;
    for (const wire::Payload& p : chain.payloads) {
        if (!out.empty()) out += ", ";
        out += wire::payloadShortName(p.type());
    }
    return out;
}

std::string ciscoName(P1State state, Phase1Mode mode) {
    switch (state) {
    case P1State::MmI1: return "MM_NO_STATE";
    case P1State::MmI2:
    case P1State::MmR1: return "MM_SA_SETUP";
    case P1State::MmI3:
    case P1State::MmR2: return "MM_KEY_EXCH";
    case P1State::AmI1: return "AG_NO_STATE";
    case P1State::AmR1: return "AG_INIT_EXCH";
    case P1State::Start: return mode == Phase1Mode::Main ? "MM_NO_STATE" : "AG_NO_STATE";
    case P1State::Authenticated: return mode == Phase1Mode::Main ? "MM_KEY_AUTH" : "AG_AUTH";
    case P1State::Established: return "QM_IDLE";
    case P1State::Failed: return mode == Phase1Mode::Main ? "MM_NO_STATE" : "AG_NO_STATE";
    case P1State::Deleted: return "DELETED";
    }
    return "?";
}

std::string stateText(P1State state) {
    switch (state) {
    case P1State::MmI1: return "initiator: MM1 sent, waiting for MM2";
    case P1State::MmI2: return "initiator: MM3 sent, waiting for MM4";
    case P1State::MmI3: return "initiator: MM5 sent, waiting for MM6";
    case P1State::MmR1: return "responder: MM2 sent, waiting for MM3";
    case P1State::MmR2: return "responder: MM4 sent, waiting for MM5";
    case P1State::AmI1: return "initiator: AM1 sent, waiting for AM2";
    case P1State::AmR1: return "responder: AM2 sent, waiting for AM3";
    case P1State::Start: return "nothing exchanged yet";
    case P1State::Authenticated: return "the peer's HASH verified";
    case P1State::Established: return "established";
    case P1State::Failed: return "failed";
    case P1State::Deleted: return "deleted";
    }
    return "?";
}

std::string IkeSa::name() const { return "IKE SA " + cookieHex(ckyI); }

Bytes IkeSa::isakmpSpi() const {
    Bytes out(ckyI.begin(), ckyI.end());
    out.insert(out.end(), ckyR.begin(), ckyR.end());
    return out;
}

Bytes bodyOf(const wire::PayloadBody& body) {
    auto bytes = wire::encodePayloadBody(body);
    return bytes ? std::move(*bytes) : Bytes{};
}

std::string QuickMode::name() const { return "Quick Mode " + hex32(messageId); }

Engine::Engine(PeerConfig c, crypto::RandomSource& r) : config(std::move(c)), random(r) {}

// ---------------------------------------------------------------- sending

wire::IsakmpHeader Engine::header(const IkeSa& sa, wire::ExchangeType type, std::uint32_t messageId) const {
    wire::IsakmpHeader h;
    h.initiatorCookie = sa.ckyI;
    h.responderCookie = sa.ckyR;
    h.exchangeType = type;
    h.messageId = messageId;
    return h;
}

Result<SealedMessage> Engine::seal(IkeSa& sa, wire::ExchangeType type, std::uint32_t messageId,
                                   std::span<const wire::Payload> payloads, ByteView iv) {
    return sealMessage(header(sa, type, messageId), payloads, sa.cipher(), sa.keys.ka.view(), iv);
}

Transmit Engine::queue(const Endpoint& from, const Endpoint& to, Bytes isakmp, const std::string& datagramId,
                       const std::string& label, const SealedMessage* sealed, ByteView iv) {
    Transmit t;
    t.from = from;
    t.to = to;
    t.datagramId = datagramId;
    t.label = label;
    const bool marker = from.port == config.localNatTPort;
    t.datagram = marker ? wire::prependNonEspMarker(isakmp) : isakmp;
    const std::size_t offset = marker ? wire::kNonEspMarker.size() : 0;

    DatagramInfo info = datagramInfo(datagramId, label, from, to, t.datagram, offset);
    if (!detailed()) {
        // Light events: the header only.
        if (auto header = wire::decodeIsakmpHeader(isakmp)) info.header = *header;
        info.encrypted = info.header.encrypted();
    } else if (ownDecoded && ownDecoded->bytes == isakmp) {
        info.header = ownDecoded->message.header;
        info.encrypted = info.header.encrypted();
        for (const wire::Payload& p : ownDecoded->message.chain.payloads)
            info.payloads.push_back(wire::payloadShortName(p.type()));
    } else {
        const auto decoded = wire::decodeMessage(isakmp);
        if (decoded) {
            info.header = decoded->header;
            info.encrypted = decoded->header.encrypted();
            for (const wire::Payload& p : decoded->chain.payloads)
                info.payloads.push_back(wire::payloadShortName(p.type()));
        }
    }
    ownDecoded.reset();
    if (sealed) {
        info.decrypted = true;
        info.iv.assign(iv.begin(), iv.end());
        info.plaintext = sealed->plaintext;
        info.paddingLength = sealed->plaintext.size() - sealed->payloadLength;
        if (detailed()) {
            const auto chain = wire::decodePayloadChain(info.header.nextPayload, sealed->plaintext);
            if (chain)
                for (const wire::Payload& p : chain->payloads)
                    info.payloads.push_back(wire::payloadShortName(p.type()));
        }
    }
    std::string text = label + " sent to " + to.toString();
    if (!info.payloads.empty()) {
        text += " [";
        for (std::size_t i = 0; i < info.payloads.size(); ++i) text += (i ? " " : "") + info.payloads[i];
        text += "]";
    }
    record(EventKind::DatagramSent, datagramId + ".sent", std::move(text), std::move(info));
    transmits.push_back(t);
    return t;
}

Transmit Engine::sendTo(const Endpoint& from, const Endpoint& to, Bytes isakmp, const std::string& datagramId,
                        const std::string& label) {
    return queue(from, to, std::move(isakmp), datagramId, label, nullptr, {});
}

Transmit Engine::send(IkeSa& sa, Bytes isakmp, const std::string& datagramId, const std::string& label) {
    return queue(sa.local, sa.remote, std::move(isakmp), datagramId, label, nullptr, {});
}

Transmit Engine::sendRequest(IkeSa& sa, Bytes isakmp, const std::string& datagramId, const std::string& label) {
    Transmit t = send(sa, std::move(isakmp), datagramId, label);
    sa.timers.set(IkeTimer::Retransmit, arm(sa.messages.request, t));
    return t;
}

Transmit Engine::sendSealed(IkeSa& sa, const SealedMessage& sealed, ByteView iv, const std::string& datagramId,
                            const std::string& label) {
    return queue(sa.local, sa.remote, sealed.message, datagramId, label, &sealed, iv);
}

Transmit Engine::sendSealedRequest(IkeSa& sa, const SealedMessage& sealed, ByteView iv, const std::string& datagramId,
                                   const std::string& label) {
    Transmit t = sendSealed(sa, sealed, iv, datagramId, label);
    sa.timers.set(IkeTimer::Retransmit, arm(sa.messages.request, t));
    return t;
}

Transmit Engine::sendSealedRequest(IkeSa& sa, QuickMode& qm, const SealedMessage& sealed, ByteView iv,
                                   const std::string& datagramId, const std::string& label) {
    Transmit t = sendSealed(sa, sealed, iv, datagramId, label);
    qm.timers.set(QmTimer::Retransmit, arm(qm.request, t));
    return t;
}

Timestamp Engine::arm(Request& request, const Transmit& transmit) {
    request.transmit = transmit;
    request.retransmits = 0;
    request.wait = config.retransmit.initial;
    return now + request.wait;
}

void Engine::rememberAnswer(IkeSa& sa, const Inbound& request, const Transmit& answer) {
    const ByteView bytes = request.isakmp();
    sa.messages.answers.push_back(Answer{Bytes(bytes.begin(), bytes.end()), request.datagramId, answer});
    if (sa.messages.answers.size() > kRememberedAnswers) sa.messages.answers.erase(sa.messages.answers.begin());
}

// ---------------------------------------------------------------- helpers

Source Engine::source(const MsgRef& ref, wire::PayloadType type, const std::string& field, std::size_t nth) const {
    if (!detailed() || !ref.chain) return {};
    const auto index = ref.chain->indexOf(type, nth);
    if (!index) return {};
    const wire::Payload& p = ref.chain->payloads[*index];
    const std::string key = field.empty() ? std::string(wire::isakmp_fields::payloadField(type).key) : field;
    const std::size_t base = ref.plaintext ? 0 : wire::kIsakmpHeaderSize;
    return Source::datagram(ref.datagramId, key, base + p.offset + wire::kGenericPayloadHeaderSize,
                            p.length - wire::kGenericPayloadHeaderSize, ref.plaintext,
                            occurrenceOf(*ref.chain, *index));
}

Source Engine::headerSource(const std::string& datagramId, const std::string& field, std::size_t offset,
                            std::size_t length) const {
    if (!detailed()) return {};
    return Source::datagram(datagramId, field, offset, length);
}

wire::Cookie Engine::newCookie() {
    wire::Cookie c{};
    do random.fill(c);
    while (isZero(c));
    return c;
}

std::uint32_t Engine::newMessageId(IkeSa& sa, bool dpd) {
    Messaging& m = sa.messages;
    for (;;) {
        const std::uint32_t id = random.u32();
        if (id == 0 || m.usedMessageIds.count(id) || m.ourDpdMessageIds.contains(id)) continue;
        if (dpd) m.ourDpdMessageIds.add(id);
        else m.usedMessageIds.insert(id);
        return id;
    }
}

Bytes Engine::newSpi() {
    for (;;) {
        Bytes spi = random.bytes(4);
        if (readU32(spi, 0) >= 256) return spi; // 1..255 are reserved by IANA
    }
}

IkeSa* Engine::find(const wire::Cookie& ckyI, const wire::Cookie& ckyR) {
    for (auto& sa : sas)
        if (sa->state != P1State::Deleted && sa->ckyI == ckyI && sa->ckyR == ckyR) return &own(sa);
    return nullptr;
}

IkeSa* Engine::newestEstablished() {
    for (auto it = sas.rbegin(); it != sas.rend(); ++it)
        if ((*it)->established()) return &own(*it);
    return nullptr;
}

bool Engine::holdsSaWith(const wire::Ipv4Address& peer, const IkeSa& except) const {
    for (const auto& sa : sas)
        if (sa.get() != &except && sa->established() && sa->remote.address == peer) return true;
    for (const ChildSa& child : children)
        if (child.info.outbound.destination.address == peer) return true;
    return false;
}

IkeSa& Engine::createSa(Role role, Phase1Mode mode) {
    auto sa = std::make_unique<IkeSa>();
    sa->ordinal = ++ikeOrdinal;
    sa->prefix = sa->ordinal == 1 ? "" : "IKE#" + std::to_string(sa->ordinal) + ".";
    sa->role = role;
    sa->mode = mode;
    sa->created = now;
    sas.push_back(std::move(sa));
    return *sas.back();
}

std::optional<std::string> Engine::halfOpenRefusal(const wire::Ipv4Address& peer) {
    // Half-open: answered MM1/AM1 only, or failed: what a flood of first messages leaves. A flood
    // from ever new (spoofed) addresses still pushes out the oldest of all: IKEv1 has no cookie.
    const HalfOpenLimits limits{config.halfOpenLimit, config.halfOpenLimitPerAddress};
    auto verdict = halfOpenVerdict(sas, limits, peer.toString(), [&](const IkeSaHandle& sa) {
        const bool halfOpen = sa->role == Role::Responder && !sa->established() && sa->state != P1State::Deleted;
        return HalfOpenRole{halfOpen, sa->remote.address == peer, sa->state != P1State::Failed,
                            sa->state == P1State::MmR1 || sa->state == P1State::AmR1 || sa->state == P1State::Failed};
    });
    if (verdict.victim) removeSa(own(*verdict.victim), halfOpenEvictionReason(limits));
    return verdict.refusal;
}

void Engine::removeSa(IkeSa& sa, const std::string& why) {
    if (sa.state == P1State::Deleted) return;
    const bool wasEstablished = sa.established();
    sa.state = P1State::Deleted;
    sa.timers.stop(IkeTimer::Retransmit);
    sa.quickModes.clear(); // and their timers
    sa.keys.wipe();
    if (wasEstablished || !why.empty()) {
        SaDeletedInfo info;
        info.initiatorCookie = sa.ckyI;
        info.responderCookie = sa.ckyR;
        record(EventKind::SaDeleted, sa.id("IKE.deleted"), sa.name() + " deleted: " + why, info);
    }
}

void Engine::removeSasOf(const Identity& peer, const IkeSa& except, const std::string& why) {
    if (peer.empty()) return;
    for (auto& sa : sas)
        if (sa.get() != &except && sa->peerId == peer) removeSa(own(sa), why);
    for (std::size_t c = children.size(); c-- > 0;)
        if (children[c].peerId == peer && children[c].ckyI != except.ckyI) removeChild(c, why, false);
}

void Engine::addChild(ChildSa child) { children.push_back(std::move(child)); }

std::optional<std::size_t> Engine::findChildByOutboundSpi(std::uint32_t spi, wire::ProtocolId protocol,
                                                          const IkeSa& owner) const {
    // A child SA whose IKE SA is gone (a phase-1 rekey replaced it) passes to the live IKE SAs with
    // the same peer, as IKEv1 child SAs outlive the IKE SA that made them.
    const auto owns = [&](const ChildSa& child) {
        if (child.ckyI == owner.ckyI) return true;
        const bool orphan = std::none_of(sas.begin(), sas.end(), [&](const auto& sa) {
            return sa->state != P1State::Deleted && sa->ckyI == child.ckyI;
        });
        return orphan && child.info.outbound.destination.address == owner.remote.address;
    };
    for (std::size_t c = children.size(); c-- > 0;) {
        const ChildSa& child = children[c];
        if (child.info.outbound.spi == spi && owns(child) &&
            static_cast<std::uint8_t>(child.info.protocol) == static_cast<std::uint8_t>(protocol))
            return c;
    }
    return std::nullopt;
}

void Engine::removeChild(std::size_t index, const std::string& why, bool sendDelete) {
    ChildSa& child = children[index];
    const std::uint32_t inbound = child.info.inbound.spi;
    if (sendDelete) {
        IkeSa* sa = newestEstablished();
        if (sa) {
            Bytes spi;
            appendU32(spi, inbound);
            informational::sendDelete(*this, *sa,
                                      child.info.protocol == ChildProtocol::Esp ? wire::ProtocolId::IpsecEsp
                                                                                : wire::ProtocolId::IpsecAh,
                                      {spi});
        }
    }
    const std::string name = std::string(child.info.protocol == ChildProtocol::Esp ? "ESP" : "AH") + " SA pair " +
                             hex32(inbound) + " (in) / " + hex32(child.info.outbound.spi) + " (out)";
    child.info.inbound.keymat.wipe();
    child.info.inbound.encryptionKey.wipe();
    child.info.inbound.integrityKey.wipe();
    child.info.outbound.keymat.wipe();
    child.info.outbound.encryptionKey.wipe();
    child.info.outbound.integrityKey.wipe();
    SaDeletedInfo info;
    info.sa = SaDeletedInfo::Sa::Child;
    info.protocol = child.info.protocol;
    info.inboundSpi = inbound;
    info.outboundSpi = child.info.outbound.spi;
    record(EventKind::SaDeleted, child.prefix + "CHILD." + hex32(inbound) + ".deleted", name + " deleted: " + why,
           info);
    children.erase(children.begin() + static_cast<std::ptrdiff_t>(index));
}

void Engine::scheduleLifetimes(IkeSa& sa) {
    sa.timers.stop(IkeTimer::SoftLifetime);
    sa.timers.stop(IkeTimer::HardLifetime);
    if (!sa.suite || sa.suite->lifetimeSeconds == 0) return;
    const auto life = std::chrono::seconds(sa.suite->lifetimeSeconds);
    sa.timers.set(IkeTimer::HardLifetime, sa.establishedAt + std::chrono::duration_cast<Timestamp>(life));
    sa.timers.set(IkeTimer::SoftLifetime,
                  sa.establishedAt + std::chrono::duration_cast<Timestamp>(std::chrono::duration<double>(life) *
                                                                           config.softLifetimeFraction));
}

const wire::PayloadChain* Engine::decodeOwn(ByteView clearMessage) {
    if (!detailed()) return nullptr;
    OwnDecoded own;
    auto message = wire::decodeMessage(clearMessage);
    if (!message) return nullptr;
    own.bytes.assign(clearMessage.begin(), clearMessage.end());
    own.message = std::move(*message);
    ownDecoded = std::move(own);
    return &ownDecoded->message.chain;
}

std::string nonceLengthProblem(std::size_t length) {
    if (length >= 8 && length <= 256) return {};
    return "has " + std::to_string(length) + " bytes, not 8 to 256 (RFC 2409 §5)";
}

void Engine::purge() {
    sas.erase(std::remove_if(sas.begin(), sas.end(), [](const auto& sa) { return sa->state == P1State::Deleted; }),
              sas.end());
}

} // namespace ipseclab::ike::detail
