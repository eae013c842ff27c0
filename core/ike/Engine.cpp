#include "ike/Engine.h"

#include <algorithm>

#include "wire/IsakmpFields.h"
#include "wire/NatTMarker.h"

namespace ipseclab::ike::detail {

namespace {

// charon's default max_packet: larger IKE datagrams are refused.
constexpr std::size_t kMaxDatagram = 10000;
constexpr std::size_t kRememberedDatagrams = 32;
constexpr std::size_t kRememberedAnswers = 8;

std::string cookieHex(const wire::Cookie& c) { return "0x" + toHex(c); }

bool isZero(const wire::Cookie& c) {
    return std::all_of(c.begin(), c.end(), [](std::uint8_t b) { return b == 0; });
}

// Which payload of its type payload `index` is (1 = the first): the occurrence of its fields' keys.
std::size_t occurrenceOf(const wire::PayloadChain& chain, std::size_t index) {
    const wire::PayloadType type = chain.payloads[index].type();
    std::size_t position = 0;
    for (std::size_t i = 0; i <= index; ++i)
        if (chain.payloads[i].type() == type) ++position;
    return position;
}

} // namespace

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

std::string QuickMode::name() const { return "Quick Mode " + hex32(messageId); }

Engine::Engine(PeerConfig c, crypto::RandomSource& r) : config(std::move(c)), random(r) {}

// ---------------------------------------------------------------- events

void Engine::record(EventKind kind, std::string id, std::string text, decltype(Event::detail) detail) {
    Event e;
    e.kind = kind;
    e.id = std::move(id);
    e.time = now;
    e.text = std::move(text);
    e.detail = std::move(detail);
    events.push_back(std::move(e));
}

crypto::SecretBytes Engine::derived(Derivation d) {
    crypto::SecretBytes value = d.value.clone();
    std::string id = d.id;
    std::string text = d.id + " = " + d.formula + " = " + toHex(value.view());
    record(EventKind::Derived, std::move(id), std::move(text), std::move(d));
    return value;
}

void Engine::failure(FailureKind kind, const std::string& id, std::string sentence,
                     std::optional<wire::NotifyType> notify, std::string exchange) {
    FailureInfo info;
    info.kind = kind;
    info.sentence = sentence;
    info.notify = notify;
    info.exchange = std::move(exchange);
    record(EventKind::Failure, id, std::move(sentence), std::move(info));
}

void Engine::setState(IkeSa& sa, P1State state, const std::string& cisco) {
    sa.state = state;
    StateInfo info;
    info.sa = sa.name();
    info.state = stateText(state);
    info.ciscoName = cisco.empty() ? ciscoName(state, sa.mode) : cisco;
    std::string text = sa.name() + " " + info.ciscoName + " (" + info.state + ")";
    std::string id = sa.id("state." + info.ciscoName);
    record(EventKind::StateChanged, std::move(id), std::move(text), std::move(info));
}

void Engine::setQmState(IkeSa& sa, QuickMode& qm, QmState state) {
    (void)sa;
    qm.state = state;
    StateInfo info;
    info.sa = qm.name();
    switch (state) {
    case QmState::I1Sent:
        info.state = "initiator: QM1 sent, waiting for QM2";
        info.ciscoName = "QM_SPI_STARTING";
        break;
    case QmState::R2Sent:
        info.state = "responder: QM2 sent, waiting for QM3";
        info.ciscoName = "QM_WAIT_QM3";
        break;
    case QmState::Established:
        info.state = "established";
        info.ciscoName = "QM_ESTABLISHED";
        break;
    case QmState::Failed:
        info.state = "failed";
        info.ciscoName = "QM_FAILED";
        break;
    }
    std::string text = qm.name() + " " + info.ciscoName + " (" + info.state + ")";
    std::string id = qm.id("QM.state." + info.ciscoName);
    record(EventKind::StateChanged, std::move(id), std::move(text), std::move(info));
}

namespace {

DatagramInfo datagramInfo(const std::string& datagramId, const std::string& label, const Endpoint& from,
                          const Endpoint& to, ByteView udpPayload, std::size_t offset) {
    DatagramInfo info;
    info.datagramId = datagramId;
    info.label = label;
    info.from = from;
    info.to = to;
    info.udpPayload.assign(udpPayload.begin(), udpPayload.end());
    info.isakmpOffset = offset;
    return info;
}

} // namespace

void Engine::dropped(const Inbound& in, const std::string& id, const std::string& reason) {
    DatagramInfo info = datagramInfo("", "", in.from, in.to, in.udpPayload, in.offset);
    info.header = in.message.header;
    info.isakmp = in.decoded;
    info.encrypted = in.message.header.encrypted();
    info.note = reason;
    record(EventKind::Dropped, id, "dropped a datagram from " + in.from.toString() + ": " + reason, std::move(info));
}

void Engine::received(const Inbound& in, const std::string& datagramId, const std::string& label,
                      const OpenedMessage* opened, ByteView iv, const std::string& note) {
    in.consumed = true;
    in.datagramId = datagramId;
    DatagramInfo info = datagramInfo(datagramId, label, in.from, in.to, in.udpPayload, in.offset);
    info.header = in.message.header;
    info.encrypted = in.message.header.encrypted();
    info.iv.assign(iv.begin(), iv.end());
    info.note = note;
    if (opened) {
        info.decrypted = true;
        info.plaintext = opened->plaintext;
        info.paddingLength = opened->chain.padding.size();
        for (const wire::Payload& p : opened->chain.payloads) info.payloads.push_back(wire::payloadShortName(p.type()));
    } else {
        for (const wire::Payload& p : in.message.chain.payloads) info.payloads.push_back(wire::payloadShortName(p.type()));
    }
    std::string text = label + " received from " + in.from.toString();
    if (!info.payloads.empty()) {
        text += " [";
        for (std::size_t i = 0; i < info.payloads.size(); ++i) text += (i ? " " : "") + info.payloads[i];
        text += "]";
    }
    if (info.encrypted && !info.decrypted) text += " (encrypted, not decrypted)";
    record(EventKind::DatagramReceived, datagramId + ".received", std::move(text), std::move(info));
}

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
    return sealMessage(header(sa, type, messageId), payloads, sa.cipher(), sa.ka.view(), iv);
}

Transmit Engine::sendTo(const Endpoint& from, const Endpoint& to, Bytes isakmp, const std::string& datagramId,
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
        for (const wire::Payload& p : ownDecoded->message.chain.payloads) info.payloads.push_back(wire::payloadShortName(p.type()));
    } else {
        const auto decoded = wire::decodeMessage(isakmp);
        if (decoded) {
            info.header = decoded->header;
            info.encrypted = decoded->header.encrypted();
            for (const wire::Payload& p : decoded->chain.payloads) info.payloads.push_back(wire::payloadShortName(p.type()));
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
                for (const wire::Payload& p : chain->payloads) info.payloads.push_back(wire::payloadShortName(p.type()));
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

Transmit Engine::send(IkeSa& sa, Bytes isakmp, const std::string& datagramId, const std::string& label,
                      const SealedMessage* sealed, ByteView iv, Request* request) {
    Transmit t = sendTo(sa.local, sa.remote, std::move(isakmp), datagramId, label, sealed, iv);
    if (request) {
        request->active = true;
        request->transmit = t;
        request->retransmits = 0;
        request->wait = config.retransmit.initial;
        request->due = now + request->wait;
    }
    return t;
}

void Engine::rememberAnswer(IkeSa& sa, const Inbound& request, const Transmit& answer) {
    const ByteView bytes = request.isakmp();
    sa.answers.push_back(Answer{Bytes(bytes.begin(), bytes.end()), request.datagramId, answer});
    if (sa.answers.size() > kRememberedAnswers) sa.answers.erase(sa.answers.begin());
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
                            p.length - wire::kGenericPayloadHeaderSize, ref.plaintext, occurrenceOf(*ref.chain, *index));
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

std::uint32_t Engine::newMessageId(IkeSa& sa) {
    for (;;) {
        const std::uint32_t id = random.u32();
        if (id == 0 || std::find(sa.usedMessageIds.begin(), sa.usedMessageIds.end(), id) != sa.usedMessageIds.end())
            continue;
        sa.usedMessageIds.push_back(id);
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
        if (sa->state != P1State::Deleted && sa->ckyI == ckyI && sa->ckyR == ckyR) return sa.get();
    return nullptr;
}

IkeSa* Engine::newestEstablished() {
    for (auto it = sas.rbegin(); it != sas.rend(); ++it)
        if ((*it)->established()) return it->get();
    return nullptr;
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

void Engine::removeSa(IkeSa& sa, const std::string& why) {
    if (sa.state == P1State::Deleted) return;
    const bool wasEstablished = sa.established();
    sa.state = P1State::Deleted;
    sa.request.active = false;
    for (auto& [mid, qm] : sa.quickModes) qm.request.active = false;
    sa.quickModes.clear();
    for (crypto::SecretBytes* secret : {&sa.gxy, &sa.skeyid, &sa.skeyidD, &sa.skeyidA, &sa.skeyidE, &sa.ka}) secret->wipe();
    if (wasEstablished || !why.empty()) {
        SaDeletedInfo info;
        info.initiatorCookie = sa.ckyI;
        info.responderCookie = sa.ckyR;
        record(EventKind::SaDeleted, sa.id("IKE.deleted"), sa.name() + " deleted: " + why, info);
    }
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
    record(EventKind::SaDeleted, child.prefix + "CHILD." + hex32(inbound) + ".deleted", name + " deleted: " + why, info);
    children.erase(children.begin() + static_cast<std::ptrdiff_t>(index));
}

void Engine::scheduleLifetimes(IkeSa& sa) {
    sa.softAt.reset();
    sa.hardAt.reset();
    if (!sa.suite || sa.suite->lifetimeSeconds == 0) return;
    const auto life = std::chrono::seconds(sa.suite->lifetimeSeconds);
    sa.hardAt = sa.establishedAt + std::chrono::duration_cast<Timestamp>(life);
    sa.softAt = sa.establishedAt +
                std::chrono::duration_cast<Timestamp>(std::chrono::duration<double>(life) * config.softLifetimeFraction);
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

void Engine::purge() {
    sas.erase(std::remove_if(sas.begin(), sas.end(), [](const auto& sa) { return sa->state == P1State::Deleted; }),
              sas.end());
}

// ---------------------------------------------------------------- input

void Engine::handle(ByteView datagram, const Endpoint& from, const Endpoint& to, Timestamp at) {
    now = at;
    Inbound in;
    in.udpPayload.assign(datagram.begin(), datagram.end());
    in.from = from;
    in.to = to;
    in.onNatTPort = to.port == config.localNatTPort;
    if (datagram.size() > kMaxDatagram) {
        dropped(in, "datagram.dropped",
                "a datagram of " + std::to_string(datagram.size()) + " bytes is larger than the " +
                    std::to_string(kMaxDatagram) + " bytes an IKE message may have here");
        return;
    }
    if (in.onNatTPort) {
        const auto demuxed = wire::demultiplexNatT(datagram);
        if (!demuxed) {
            dropped(in, "datagram.dropped", "not a valid UDP/4500 payload: " + demuxed.error().toString());
            return;
        }
        if (demuxed->kind == wire::NatTKind::Keepalive) {
            dropped(in, "natt.keepalive", "a NAT-keepalive (one 0xFF byte): it only keeps the NAT mapping open");
            return;
        }
        if (demuxed->kind == wire::NatTKind::Esp) {
            dropped(in, "datagram.dropped", "an ESP packet on port 4500 (no non-ESP marker): it belongs to the data plane");
            return;
        }
        in.offset = demuxed->offset;
    }
    in.decoded = true;
    auto message = wire::decodeMessage(in.isakmp());
    if (!message) {
        const bool ikev2 = in.isakmp().size() > 17 && (in.isakmp()[17] >> 4) == 2;
        dropped(in, "datagram.dropped",
                ikev2 ? "an IKEv2 message (version 2.0): this peer speaks IKEv1 only — " + message.error().toString()
                      : "not a valid ISAKMP message: " + message.error().toString());
        return;
    }
    in.message = std::move(*message);
    route(in);
    purge();
}

void Engine::route(Inbound& in) {
    const wire::IsakmpHeader& h = in.message.header;
    const bool phase1Type = h.exchangeType == wire::ExchangeType::IdentityProtection ||
                            h.exchangeType == wire::ExchangeType::Aggressive;
    if (isZero(h.initiatorCookie)) {
        dropped(in, "datagram.dropped", "the initiator cookie is zero");
        return;
    }

    IkeSa* sa = find(h.initiatorCookie, h.responderCookie);
    if (!sa && isZero(h.responderCookie)) {
        // MM1/AM1 again (a retransmission), or a new exchange.
        for (auto& candidate : sas)
            if (candidate->state != P1State::Deleted && candidate->role == Role::Responder &&
                candidate->ckyI == h.initiatorCookie)
                sa = candidate.get();
        if (!sa) {
            if (!phase1Type) {
                dropped(in, "datagram.dropped",
                        "the responder cookie is zero but this is not the first message of Main or Aggressive Mode");
                return;
            }
            if (h.messageId != 0 || h.encrypted()) {
                dropped(in, "datagram.dropped", "a first phase-1 message must be in clear with Message ID 0");
                return;
            }
            IkeSa& created = createSa(Role::Responder, h.exchangeType == wire::ExchangeType::Aggressive
                                                           ? Phase1Mode::Aggressive
                                                           : Phase1Mode::Main);
            created.ckyI = h.initiatorCookie;
            created.ckyR = newCookie();
            created.local = in.to;
            created.remote = in.from;
            created.halfOpenUntil = now + config.halfOpenTimeout;
            if (created.mode == Phase1Mode::Main) main_mode::handle(*this, created, in);
            else aggressive_mode::handle(*this, created, in);
            if (in.consumed) created.seen.push_back(Seen{Bytes(in.isakmp().begin(), in.isakmp().end()), in.datagramId});
            return;
        }
    }
    if (!sa) {
        // The responder's first answer to our MM1/AM1 carries its new cookie.
        for (auto& candidate : sas)
            if (candidate->state != P1State::Deleted && candidate->role == Role::Initiator &&
                candidate->ckyI == h.initiatorCookie && isZero(candidate->ckyR))
                sa = candidate.get();
    }
    if (!sa) {
        dropped(in, "datagram.dropped",
                "unknown cookies " + cookieHex(h.initiatorCookie) + " / " + cookieHex(h.responderCookie) +
                    ": no IKE SA of ours (a stale, spoofed or misdirected message)");
        return;
    }

    const ByteView bytes = in.isakmp();
    for (const Answer& answer : sa->answers) {
        if (!std::equal(answer.request.begin(), answer.request.end(), bytes.begin(), bytes.end())) continue;
        DatagramInfo copy = datagramInfo(answer.requestId, "", in.from, in.to, in.udpPayload, in.offset);
        copy.header = h;
        copy.note = "a copy of " + answer.requestId + ", already answered";
        record(EventKind::DuplicateIgnored, answer.requestId + ".duplicate",
             "a copy of " + answer.requestId + " (already answered) arrived from " + in.from.toString() +
                 ": it changes nothing; we send our stored answer " + answer.transmit.datagramId + " again",
             std::move(copy));
        transmits.push_back(answer.transmit);
        DatagramInfo info = datagramInfo(answer.transmit.datagramId, answer.transmit.label, answer.transmit.from,
                                         answer.transmit.to, answer.transmit.datagram,
                                         answer.transmit.from.port == config.localNatTPort ? 4 : 0);
        info.note = "the stored answer, byte for byte";
        record(EventKind::Retransmitted, answer.transmit.datagramId + ".resent",
             answer.transmit.label + " sent again (answer to a retransmitted request)", std::move(info));
        return;
    }
    for (const Seen& seen : sa->seen) {
        if (!std::equal(seen.bytes.begin(), seen.bytes.end(), bytes.begin(), bytes.end())) continue;
        DatagramInfo info = datagramInfo(seen.datagramId, "", in.from, in.to, in.udpPayload, in.offset);
        info.header = h;
        info.note = "already received and processed";
        record(EventKind::DuplicateIgnored, seen.datagramId + ".duplicate",
             "a copy of " + seen.datagramId + " arrived again from " + in.from.toString() +
                 " (a retransmission or a replay): ignored, nothing changes",
             std::move(info));
        return;
    }

    switch (h.exchangeType) {
    case wire::ExchangeType::IdentityProtection:
        if (sa->mode != Phase1Mode::Main) {
            dropped(in, sa->id("dropped"), "a Main Mode message for an Aggressive Mode IKE SA");
            return;
        }
        main_mode::handle(*this, *sa, in);
        break;
    case wire::ExchangeType::Aggressive:
        if (sa->mode != Phase1Mode::Aggressive) {
            dropped(in, sa->id("dropped"), "an Aggressive Mode message for a Main Mode IKE SA");
            return;
        }
        aggressive_mode::handle(*this, *sa, in);
        break;
    case wire::ExchangeType::QuickMode: quick_mode::handle(*this, *sa, in); break;
    case wire::ExchangeType::Informational: informational::handle(*this, *sa, in); break;
    default:
        dropped(in, sa->id("dropped"),
                "exchange type " +
                    wire::nameAndNumber(wire::exchangeTypeName(h.exchangeType), static_cast<unsigned>(h.exchangeType)) +
                    " is not supported by this peer");
        return;
    }
    if (in.consumed && sa->state != P1State::Deleted) {
        sa->seen.push_back(Seen{Bytes(bytes.begin(), bytes.end()), in.datagramId});
        if (sa->seen.size() > kRememberedDatagrams) sa->seen.erase(sa->seen.begin());
    }
}

// ---------------------------------------------------------------- time

std::optional<Timestamp> Engine::nextTimeout() const {
    std::optional<Timestamp> next;
    const auto consider = [&](std::optional<Timestamp> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    for (const auto& sa : sas) {
        if (sa->state == P1State::Deleted) continue;
        if (sa->request.active) consider(sa->request.due);
        for (const auto& [mid, qm] : sa->quickModes)
            if (qm.request.active) consider(qm.request.due);
        if (sa->dpdPending) consider(sa->dpdDue);
        if (!sa->established()) consider(sa->halfOpenUntil);
        consider(sa->softAt);
        consider(sa->hardAt);
    }
    for (const ChildSa& child : children) {
        consider(child.softAt);
        consider(child.hardAt);
    }
    return next;
}

void Engine::retransmit(IkeSa& sa, Request& request, const std::string& what) {
    (void)sa;
    ++request.retransmits;
    request.wait = std::chrono::duration_cast<Timestamp>(request.wait * config.retransmit.factor);
    request.due = now + request.wait;
    transmits.push_back(request.transmit);
    DatagramInfo info = datagramInfo(request.transmit.datagramId, request.transmit.label, request.transmit.from,
                                     request.transmit.to, request.transmit.datagram,
                                     request.transmit.from.port == config.localNatTPort ? 4 : 0);
    info.note = "retransmission " + std::to_string(request.retransmits) + " of " +
                std::to_string(config.retransmit.maxRetransmits) + ", byte for byte";
    record(EventKind::Retransmitted, request.transmit.datagramId + ".retransmit#" + std::to_string(request.retransmits),
         what + ": no answer yet, " + request.transmit.label + " sent again (retransmission " +
             std::to_string(request.retransmits) + ", next wait " +
             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(request.wait).count()) + " ms)",
         std::move(info));
}

void Engine::requestTimedOut(IkeSa& sa, Request& request, QuickMode* qm) {
    request.active = false;
    const std::string label = request.transmit.label;
    const std::string tries = std::to_string(config.retransmit.maxRetransmits) + " retransmissions";
    if (qm) {
        failure(FailureKind::Timeout, qm->id("QM.failure"),
                "no answer to " + label + " of " + qm->name() + " after " + tries + ": the Quick Mode is abandoned",
                std::nullopt, qm->name());
        setQmState(sa, *qm, QmState::Failed);
        sa.iv.forget(qm->messageId);
        sa.quickModes.erase(qm->messageId);
        return;
    }
    const bool keysDiffer = sa.unreadableAnswer ||
                            (sa.peerError && (*sa.peerError == wire::NotifyType::PayloadMalformed ||
                                              *sa.peerError == wire::NotifyType::AuthenticationFailed ||
                                              *sa.peerError == wire::NotifyType::InvalidHashInformation));
    std::string peerSaid =
        sa.peerError ? " The peer reported " +
                           std::string(wire::notifyTypeName(*sa.peerError).value_or("an error")) + "."
                     : std::string();
    if (sa.unreadableAnswer) peerSaid += " The peer answered with an encrypted notification our keys could not read.";
    if (sa.state == P1State::MmI3 && keysDiffer) {
        failure(FailureKind::PskMismatch, sa.id("failure.psk-mismatch"),
                "no valid answer to message 5 after " + tries + "." + peerSaid +
                    " The responder could not read our message 5: the pre-shared keys probably differ.",
                sa.peerError, "phase 1");
    } else if (sa.state == P1State::AmR1 && keysDiffer) {
        failure(FailureKind::PskMismatch, sa.id("failure.psk-mismatch"),
                "no valid AM3 after " + tries + "." + peerSaid +
                    " The initiator rejected our HASH_R: the pre-shared keys probably differ.",
                sa.peerError, "phase 1");
    } else {
        failure(FailureKind::Timeout, sa.id("failure.timeout"),
                "no answer to " + label + " after " + tries + ": the peer is unreachable, or ignores us." + peerSaid,
                sa.peerError, "phase 1");
    }
    setState(sa, P1State::Failed);
    removeSa(sa, "phase 1 failed");
}

void Engine::handleTimeout(Timestamp at) {
    now = at;
    for (std::size_t i = 0; i < sas.size(); ++i) {
        IkeSa& sa = *sas[i];
        if (sa.state == P1State::Deleted) continue;
        if (sa.request.active && sa.request.due <= now) {
            if (sa.request.retransmits < config.retransmit.maxRetransmits) retransmit(sa, sa.request, sa.name());
            else requestTimedOut(sa, sa.request, nullptr);
        }
        if (sa.state == P1State::Deleted) continue;
        std::vector<std::uint32_t> due;
        for (auto& [mid, qm] : sa.quickModes)
            if (qm.request.active && qm.request.due <= now) due.push_back(mid);
        for (std::uint32_t mid : due) {
            QuickMode& qm = sa.quickModes.at(mid);
            if (qm.request.retransmits < config.retransmit.maxRetransmits) retransmit(sa, qm.request, qm.name());
            else requestTimedOut(sa, qm.request, &qm);
        }
        if (sa.dpdPending && sa.dpdDue <= now) {
            if (sa.dpdRetries < config.retransmit.maxRetransmits) {
                ++sa.dpdRetries;
                informational::sendRUThere(*this, sa);
            } else {
                DpdInfo info;
                info.step = DpdInfo::Step::Dead;
                info.sequence = *sa.dpdPending;
                record(EventKind::Dpd, sa.id("DPD.dead"), "no R-U-THERE-ACK after " +
                                                            std::to_string(config.retransmit.maxRetransmits) +
                                                            " retries: the peer is considered dead", info);
                failure(FailureKind::DeadPeer, sa.id("failure.dead-peer"),
                        "dead peer detection: the peer did not answer R-U-THERE; its SAs are removed", std::nullopt,
                        "DPD");
                for (std::size_t c = children.size(); c-- > 0;)
                    if (children[c].ckyI == sa.ckyI) removeChild(c, "the peer is dead (DPD)", false);
                removeSa(sa, "the peer is dead (DPD)");
                continue;
            }
        }
        if (!sa.established() && sa.halfOpenUntil && *sa.halfOpenUntil <= now) {
            removeSa(sa, sa.state == P1State::Failed ? "failed phase 1 forgotten"
                                                      : "half-open phase 1 timed out (no next message from the initiator)");
            continue;
        }
        if (sa.softAt && *sa.softAt <= now) {
            sa.softAt.reset();
            LifetimeInfo info;
            info.stage = LifetimeInfo::Stage::Soft;
            info.sa = sa.name();
            info.seconds = sa.suite ? sa.suite->lifetimeSeconds : 0;
            info.rekeying = config.autoRekey && sa.role == Role::Initiator;
            record(EventKind::Lifetime, sa.id("IKE.soft-expiry"),
                 sa.name() + " reached its soft lifetime: a new phase 1 is needed" +
                     (info.rekeying ? " (starting one)" : ""),
                 info);
            if (info.rekeying) {
                IkeSa& next = createSa(Role::Initiator, config.mode);
                next.local = config.local;
                next.remote = config.remote;
                if (config.mode == Phase1Mode::Main) main_mode::start(*this, next);
                else (void)aggressive_mode::start(*this, next);
            }
        }
        IkeSa& current = *sas[i]; // createSa may have moved the vector's storage, not the SA itself
        if (current.hardAt && *current.hardAt <= now) {
            current.hardAt.reset();
            LifetimeInfo info;
            info.stage = LifetimeInfo::Stage::Hard;
            info.sa = current.name();
            info.seconds = current.suite ? current.suite->lifetimeSeconds : 0;
            record(EventKind::Lifetime, current.id("IKE.hard-expiry"), current.name() + " reached its lifetime: deleted", info);
            Bytes spi(current.ckyI.begin(), current.ckyI.end());
            spi.insert(spi.end(), current.ckyR.begin(), current.ckyR.end());
            informational::sendDelete(*this, current, wire::ProtocolId::Isakmp, {spi});
            removeSa(current, "lifetime expired");
        }
    }
    for (std::size_t c = children.size(); c-- > 0;) {
        ChildSa& child = children[c];
        if (child.softAt && *child.softAt <= now) {
            child.softAt.reset();
            LifetimeInfo info;
            info.stage = LifetimeInfo::Stage::Soft;
            info.sa = "child SA " + hex32(child.info.inbound.spi);
            info.seconds = child.info.lifetimeSeconds;
            info.rekeying = config.autoRekey && child.info.quickModeRole == Role::Initiator && newestEstablished();
            record(EventKind::Lifetime, child.prefix + "CHILD." + hex32(child.info.inbound.spi) + ".soft-expiry",
                 info.sa + " reached its soft lifetime: rekey needed (a new Quick Mode)" +
                     (info.rekeying ? "; starting one" : ""),
                 info);
            if (info.rekeying) (void)quick_mode::start(*this, *newestEstablished(), true);
        }
    }
    for (std::size_t c = children.size(); c-- > 0;) {
        ChildSa& child = children[c];
        if (child.hardAt && *child.hardAt <= now) {
            LifetimeInfo info;
            info.stage = LifetimeInfo::Stage::Hard;
            info.sa = "child SA " + hex32(child.info.inbound.spi);
            info.seconds = child.info.lifetimeSeconds;
            record(EventKind::Lifetime, child.prefix + "CHILD." + hex32(child.info.inbound.spi) + ".hard-expiry",
                 info.sa + " reached its lifetime: deleted", info);
            removeChild(c, "lifetime expired", true);
        }
    }
    purge();
}

// ---------------------------------------------------------------- commands

Result<void> Engine::initiate(Timestamp at) {
    now = at;
    if (config.ikeProposals.empty()) {
        failure(FailureKind::Local, "failure.local", "cannot initiate: no phase-1 proposal is configured", std::nullopt,
                "phase 1");
        return fail("no phase-1 proposal is configured");
    }
    if (config.psk.empty()) {
        failure(FailureKind::Local, "failure.local", "cannot initiate: no pre-shared key is configured", std::nullopt,
                "phase 1");
        return fail("no pre-shared key is configured");
    }
    IkeSa& sa = createSa(Role::Initiator, config.mode);
    sa.local = config.local;
    sa.remote = config.remote;
    sa.quickModeWhenEstablished = config.autoQuickMode;
    if (config.mode == Phase1Mode::Main) {
        main_mode::start(*this, sa);
    } else if (auto started = aggressive_mode::start(*this, sa); !started) {
        sa.state = P1State::Deleted;
        purge();
        return started;
    }
    return {};
}

Result<void> Engine::startQuickMode(Timestamp at) {
    now = at;
    IkeSa* sa = newestEstablished();
    if (!sa) {
        failure(FailureKind::Local, "failure.local", "cannot start Quick Mode: no established IKE SA (run phase 1 first)",
                std::nullopt, "Quick Mode");
        return fail("no established IKE SA");
    }
    auto started = quick_mode::start(*this, *sa);
    purge();
    return started;
}

Result<void> Engine::deleteChildSa(std::uint32_t inboundSpi, Timestamp at) {
    now = at;
    for (std::size_t i = 0; i < children.size(); ++i) {
        if (children[i].info.inbound.spi != inboundSpi) continue;
        if (!newestEstablished()) {
            removeChild(i, "deleted locally (no IKE SA to tell the peer)", false);
            return {};
        }
        removeChild(i, "deleted by command", true);
        purge();
        return {};
    }
    failure(FailureKind::Local, "failure.local", "no child SA with inbound SPI " + hex32(inboundSpi), std::nullopt,
            "Delete");
    return fail("no child SA with inbound SPI " + hex32(inboundSpi));
}

Result<void> Engine::deleteIkeSa(Timestamp at) {
    now = at;
    IkeSa* sa = newestEstablished();
    if (!sa) {
        failure(FailureKind::Local, "failure.local", "no established IKE SA to delete", std::nullopt, "Delete");
        return fail("no established IKE SA");
    }
    for (std::size_t c = children.size(); c-- > 0;)
        if (children[c].ckyI == sa->ckyI) removeChild(c, "its IKE SA is deleted", true);
    Bytes spi(sa->ckyI.begin(), sa->ckyI.end());
    spi.insert(spi.end(), sa->ckyR.begin(), sa->ckyR.end());
    informational::sendDelete(*this, *sa, wire::ProtocolId::Isakmp, {spi});
    removeSa(*sa, "deleted by command");
    purge();
    return {};
}

Result<void> Engine::sendDpd(Timestamp at) {
    now = at;
    IkeSa* sa = newestEstablished();
    if (!sa) {
        failure(FailureKind::Local, "failure.local", "no established IKE SA for dead peer detection", std::nullopt, "DPD");
        return fail("no established IKE SA");
    }
    sa->dpdRetries = 0;
    informational::sendRUThere(*this, *sa);
    return {};
}

} // namespace ipseclab::ike::detail
