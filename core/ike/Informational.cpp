// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Informational exchanges (RFC 2409 §5.7; digest §3.4): notifications, Delete (strongSwan's
// isakmp_delete.c) and dead peer detection (RFC 3706, isakmp_dpd.c). Once phase 1 is up they are
// protected: HDR*(new M-ID), HASH(1) = prf(SKEYID_a, M-ID | N/D), N or D, with their own IV.
// Before, a notification travels in clear and is recorded, never trusted.

#include <algorithm>
#include <iterator>

#include "ike/Engine.h"

namespace ipseclab::ike::detail::informational {

namespace {

using wire::NotifyType;
using wire::PayloadType;

std::string notifyName(NotifyType type) {
    return std::string(wire::notifyTypeName(type).value_or("NOTIFY-" + std::to_string(static_cast<unsigned>(type))));
}

std::string protocolText(wire::ProtocolId protocol) {
    return std::string(
        wire::protocolIdName(protocol).value_or("protocol " + std::to_string(static_cast<unsigned>(protocol))));
}

// The pending Quick Mode of ours an error notify names: by an SPI of our offer, or — with no SPI
// — by the Message ID the notify travelled under (RFC 2408 §3.14 lets the SPI be empty). A notify
// that names none of them is about something else and cancels nothing.
QuickMode* namedQuickMode(IkeSa& sa, const wire::NotificationPayload& n, std::uint32_t infoMid) {
    for (auto& [mid, qm] : sa.quickModes) {
        if (qm.role != Role::Initiator || qm.state != QmState::I1Sent) continue;
        if (n.spi.empty() ? mid == infoMid : (n.spi == qm.espSpi || n.spi == qm.ahSpi)) return &qm;
    }
    return nullptr;
}

// NO-PROPOSAL-CHOSEN or INVALID-ID-INFORMATION about our pending Quick Mode: it ends it. One that
// names none of them (charon's carries SPI 0 in an Informational of its own) cancels nothing; each
// pending Quick Mode keeps it to name its timeout, should no answer come.
void quickModeRefused(Engine& engine, IkeSa& sa, const wire::NotificationPayload& n, std::uint32_t infoMid) {
    if (n.type != NotifyType::NoProposalChosen && n.type != NotifyType::InvalidIdInformation) return;
    QuickMode* target = namedQuickMode(sa, n, infoMid);
    if (!target) {
        for (auto& [mid, qm] : sa.quickModes)
            if (qm.role == Role::Initiator && qm.state == QmState::I1Sent) qm.unnamedRefusal = n.type;
        return;
    }
    auto [kind, sentence] = quickModeRefusal(engine, *target, n.type);
    engine.recordFailure(kind, target->id("QM.failure"), sentence, n.type, target->name());
    engine.setQmState(sa, *target, QmState::Failed);
    sa.iv.forget(target->messageId);
    sa.quickModes.erase(target->messageId);
}

void handleClear(Engine& engine, IkeSa& sa, Inbound& in) {
    const wire::PayloadChain& chain = in.message.chain;
    std::string label = "INFO.clear";
    if (const auto* n = chain.find<wire::NotificationPayload>()) label += "." + notifyName(n->type);
    engine.recordReceived(in, sa.id(label), "INFO", nullptr, {}, "unprotected: nothing in it can be trusted");
    for (const wire::Payload& p : chain.payloads) {
        if (const auto* n = p.as<wire::NotificationPayload>()) {
            const std::string name = notifyName(n->type);
            NotifyInfo info{n->type, n->protocolId, n->spi,
                            n->data, false,         "an unprotected notification: recorded, not trusted"};
            engine.record(EventKind::NotifyReceived, sa.id("notify." + name + ".received"),
                          "notification " + name + " (" + std::to_string(static_cast<unsigned>(n->type)) +
                              ") received in clear from " + in.from.toString(),
                          std::move(info));
            if (static_cast<unsigned>(n->type) >= 8192 || sa.established()) continue;
            sa.peerError = n->type; // names phase 1's timeout (phase1::noUsableMessage), if it comes to that
        } else if (const auto* d = p.as<wire::DeletePayload>()) {
            engine.record(EventKind::DeleteReceived, sa.id("delete.clear.received"),
                          "an unprotected Delete: ignored (anyone could have sent it)",
                          DeleteInfo{d->protocolId, d->spis, false, false});
        }
    }
}

} // namespace

bool isDpd(const wire::Payload& payload) {
    const auto* n = payload.as<wire::NotificationPayload>();
    return n && (n->type == NotifyType::RUThere || n->type == NotifyType::RUThereAck);
}

std::pair<FailureKind, std::string> quickModeRefusal(const Engine& engine, const QuickMode& qm, NotifyType type) {
    std::string sentence = "the responder refused our Quick Mode with " + notifyName(type);
    if (type == NotifyType::InvalidIdInformation)
        return {FailureKind::InvalidId, sentence + " — the responder's proxy IDs do not mirror ours (" +
                                            qm.local.toString() + " <-> " + qm.remote.toString() + ")"};
    const auto& pfs = engine.config.pfsGroup;
    sentence += " — none of our proposals suits its policy. We offer " +
                (pfs ? "PFS with DH group " + std::string(crypto::dhGroupInfo(*pfs).shortName) +
                           ": if the responder has no PFS (or another group), that DH group is unexpected"
                     : std::string("no PFS: if the responder requires PFS, the DH group is missing in our Quick Mode"));
    return {FailureKind::NoProposalChosen, sentence};
}

Transmit sendProtected(Engine& engine, IkeSa& sa, std::vector<wire::Payload> rest, const std::string& what) {
    const std::uint32_t mid = engine.newMessageId(sa, std::all_of(rest.begin(), rest.end(), isDpd));
    const std::string datagramId = sa.id("INFO." + hex32(mid));
    Bytes midBytes;
    appendU32(midBytes, mid);
    auto restBytes = wire::encodePayloadChain(rest);
    const std::size_t hashLength = crypto::hashLength(sa.hash());
    Source restSource, midSource;
    if (engine.detailed() && restBytes) {
        restSource = Source::datagram(datagramId, "ipseclab.isakmp.after_hash",
                                      wire::kGenericPayloadHeaderSize + hashLength, restBytes->size(), true);
        midSource = engine.headerSource(datagramId, "isakmp.messageid", 20, 4);
    }
    const crypto::SecretBytes hash = engine.recordDerived(keymat::informationalHash(
        sa.hash(), Part{"SKEYID_a", sa.keys.skeyidA.view(), Source::derived(sa.id("SKEYID_a"))},
        Part{"M-ID", midBytes, midSource}, Part{what, restBytes ? ByteView(*restBytes) : ByteView{}, restSource},
        datagramId + ".HASH(1)"));
    std::vector<wire::Payload> payloads{
        wire::Payload{wire::HashPayload{Bytes(hash.view().begin(), hash.view().end())}}};
    std::move(rest.begin(), rest.end(), std::back_inserter(payloads));
    std::optional<Derivation> ivDerivation;
    const Bytes iv = sa.iv.current(mid, datagramId + ".IV", &ivDerivation, sa.ivBaseSource);
    if (ivDerivation) engine.recordDerived(std::move(*ivDerivation));
    auto sealed = engine.seal(sa, wire::ExchangeType::Informational, mid, payloads, iv);
    sa.iv.forget(mid);
    if (!sealed) {
        engine.recordUnsent(sa, datagramId, sealed.error(), "Informational");
        return Transmit{};
    }
    return engine.sendSealed(sa, *sealed, iv, datagramId, "INFO");
}

Transmit sendNotify(Engine& engine, IkeSa& sa, NotifyType type, wire::ProtocolId protocol, Bytes spi, Bytes data) {
    wire::NotificationPayload n;
    n.protocolId = protocol;
    n.type = type;
    n.spi = spi;
    n.data = data;
    const std::string name = notifyName(type);
    const Transmit t = sendProtected(engine, sa, {wire::Payload{std::move(n)}}, "N(" + name + ")");
    NotifyInfo info{type, protocol, std::move(spi), std::move(data), true, {}};
    engine.record(EventKind::NotifySent, sa.id("notify." + name + ".sent"),
                  "notification " + name + " (" + std::to_string(static_cast<unsigned>(type)) + ") sent to " +
                      t.to.toString() + ", protected by HASH(1)",
                  std::move(info));
    return t;
}

void sendDelete(Engine& engine, IkeSa& sa, wire::ProtocolId protocol, std::vector<Bytes> spis) {
    wire::DeletePayload d;
    d.protocolId = protocol;
    d.spiSize = static_cast<std::uint8_t>(spis.empty() ? 0 : spis.front().size());
    d.spis = spis;
    const Transmit t = sendProtected(engine, sa, {wire::Payload{std::move(d)}}, "D");
    std::string what = protocolText(protocol);
    for (const Bytes& spi : spis) what += " 0x" + toHex(spi);
    engine.record(EventKind::DeleteSent, sa.id("delete." + protocolText(protocol) + ".sent"),
                  "Delete sent to " + t.to.toString() + ": " + what, DeleteInfo{protocol, std::move(spis), true, true});
}

void sendRUThere(Engine& engine, IkeSa& sa) {
    if (sa.dpd.sequence == 0) // RFC 3706: a random start
        sa.dpd.first = sa.dpd.sequence = (engine.random.u32() & 0x7fffffffu) | 1u;
    const std::uint32_t sequence = sa.dpd.sequence++;
    Bytes data;
    appendU32(data, sequence);
    sendNotify(engine, sa, NotifyType::RUThere, wire::ProtocolId::Isakmp, sa.isakmpSpi(), data);
    Timestamp wait = engine.config.retransmit.initial;
    for (int i = 0; i < sa.dpd.retries; ++i)
        wait = std::chrono::duration_cast<Timestamp>(wait * engine.config.retransmit.factor);
    sa.dpd.pending = sequence;
    sa.timers.set(IkeTimer::Dpd, engine.now + wait);
    DpdInfo info;
    info.step = DpdInfo::Step::RUThereSent;
    info.sequence = sequence;
    engine.record(EventKind::Dpd, sa.id("DPD.R-U-THERE." + std::to_string(sequence) + ".sent"),
                  "R-U-THERE #" + std::to_string(sequence) + " sent: is the peer alive?", info);
}

namespace {

// What makes a DPD notify unusable (empty: nothing). RFC 3706 §5.3: its SPI is CKY-I | CKY-R (16
// bytes) and its data the 4-byte sequence number.
std::string dpdProblem(const IkeSa& sa, const wire::NotificationPayload& n) {
    if (n.spi != sa.isakmpSpi())
        return "its SPI (" + std::to_string(n.spi.size()) + " bytes) is not this IKE SA's CKY-I | CKY-R";
    if (n.data.size() != 4)
        return "its data has " + std::to_string(n.data.size()) + " bytes, not a 4-byte sequence number";
    return {};
}

// Why an authenticated R-U-THERE is a replay, or nothing. Its Message ID may have left the window
// of recent DPD ones (Messaging), so its sequence number decides (RFC 3706 §7, against replays): it
// must be newer than the peer's last one we answered (RFC 1982 serial arithmetic, for the wrap;
// newer, not next, so a lost one does not stall DPD, where charon wants exactly the next).
std::string replayedRUThere(const IkeSa& sa, const wire::NotificationPayload& n) {
    if (n.type != NotifyType::RUThere || !dpdProblem(sa, n).empty()) return {};
    const std::uint32_t sequence = readU32(n.data, 0);
    const Dpd& dpd = sa.dpd;
    if (dpd.peerLast && static_cast<std::int32_t>(sequence - *dpd.peerLast) <= 0)
        return "R-U-THERE #" + std::to_string(sequence) + " is not newer than #" + std::to_string(*dpd.peerLast) +
               ", the last one we answered";
    return {};
}

// Whether `sequence` is one of the numbers our own R-U-THEREs used. IKEv1's protection has no
// direction, so one of ours sent back verifies here; but the peer's random start may fall in our
// range too, so such an R-U-THERE is answered (an ACK is all it can get) and proves nothing fresh.
bool inOurRange(const IkeSa& sa, std::uint32_t sequence) {
    const Dpd& dpd = sa.dpd;
    return dpd.sequence != 0 && sequence - dpd.first < dpd.sequence - dpd.first;
}

// Whether a DPD notification shows its message is fresh: an R-U-THERE that is no replay, or the
// R-U-THERE-ACK we wait for (any other ACK changes nothing, onDpd, but proves nothing either).
bool freshDpd(const IkeSa& sa, const wire::NotificationPayload& n) {
    if (!dpdProblem(sa, n).empty()) return false;
    if (n.type == NotifyType::RUThere) return replayedRUThere(sa, n).empty() && !inOurRange(sa, readU32(n.data, 0));
    return sa.dpd.pending && readU32(n.data, 0) == *sa.dpd.pending;
}

// R-U-THERE (answered with R-U-THERE-ACK) or R-U-THERE-ACK (ends our pending DPD) (RFC 3706).
void onDpd(Engine& engine, IkeSa& sa, const wire::NotificationPayload& n) {
    const std::string name = notifyName(n.type);
    NotifyInfo info{n.type, n.protocolId, n.spi, n.data, true, {}};
    if (const std::string problem = dpdProblem(sa, n); !problem.empty()) {
        info.meaning = "a malformed DPD notification (RFC 3706 §5.3): ignored";
        engine.record(EventKind::NotifyReceived, sa.id("notify." + name + ".received"),
                      name + " received, but " + problem + ": ignored (RFC 3706 §5.3)", std::move(info));
        return;
    }
    const std::uint32_t sequence = readU32(n.data, 0);
    const std::string number = std::to_string(sequence);
    info.meaning = n.type == NotifyType::RUThere ? "dead peer detection: the peer asks whether we are alive"
                                                 : "dead peer detection: the peer is alive";
    engine.record(EventKind::NotifyReceived, sa.id("notify." + name + "." + number + ".received"),
                  name + " #" + number + " received", std::move(info));
    DpdInfo dpd;
    dpd.sequence = sequence;
    if (n.type == NotifyType::RUThere) {
        // Only a newer number moves the mark (an older one may share a message with other payloads),
        // and never one of ours: a reflection must not stop the peer's genuine ones.
        const bool newer = !sa.dpd.peerLast || static_cast<std::int32_t>(sequence - *sa.dpd.peerLast) > 0;
        if (newer && !inOurRange(sa, sequence)) sa.dpd.peerLast = sequence;
        dpd.step = DpdInfo::Step::RUThereReceived;
        engine.record(EventKind::Dpd, sa.id("DPD.R-U-THERE." + number + ".received"),
                      "R-U-THERE #" + number + " received: answering R-U-THERE-ACK", dpd);
        sendNotify(engine, sa, NotifyType::RUThereAck, wire::ProtocolId::Isakmp, sa.isakmpSpi(), n.data);
        dpd.step = DpdInfo::Step::AckSent;
        engine.record(EventKind::Dpd, sa.id("DPD.R-U-THERE-ACK." + number + ".sent"),
                      "R-U-THERE-ACK #" + number + " sent", dpd);
        return;
    }
    dpd.step = DpdInfo::Step::AckReceived;
    // Only the answer to the R-U-THERE we are waiting for counts (RFC 3706 §5.3: the numbers match).
    const bool expected = sa.dpd.pending && sequence == *sa.dpd.pending;
    if (expected) {
        sa.dpd.pending.reset();
        sa.timers.stop(IkeTimer::Dpd);
        sa.dpd.retries = 0;
    }
    engine.record(EventKind::Dpd, sa.id("DPD.R-U-THERE-ACK." + number + ".received"),
                  "R-U-THERE-ACK #" + number +
                      (expected         ? " received: the peer is alive"
                       : sa.dpd.pending ? " received, but we wait for #" + std::to_string(*sa.dpd.pending) + ": ignored"
                                        : " received, but we asked nothing: ignored"),
                  dpd);
}

// A protected notification: DPD, or an error (which may end the pending Quick Mode it names) or a
// status. `infoMid`: the Message ID of the Informational it came in.
void onNotify(Engine& engine, IkeSa& sa, const wire::NotificationPayload& n, std::uint32_t infoMid) {
    if (n.type == NotifyType::RUThere || n.type == NotifyType::RUThereAck) return onDpd(engine, sa, n);
    const std::string name = notifyName(n.type);
    const bool error = static_cast<unsigned>(n.type) < 8192;
    NotifyInfo info{n.type, n.protocolId, n.spi,
                    n.data, true,         error ? "an error reported by the peer" : "a status from the peer"};
    engine.record(EventKind::NotifyReceived, sa.id("notify." + name + ".received"),
                  "notification " + name + " (" + std::to_string(static_cast<unsigned>(n.type)) +
                      ") received, protected by HASH(1)",
                  std::move(info));
    if (error) quickModeRefused(engine, sa, n, infoMid);
    // RFC 2407 §4.6.3.3: INITIAL-CONTACT, protected: the peer (as this IKE SA authenticated it)
    // holds no other SA with us, so ours but this one and its child SAs are stale.
    if (n.type == NotifyType::InitialContact)
        engine.removeSasOf(sa.peerId, sa,
                           "the peer " + sa.peerId.toString() + " sent INITIAL-CONTACT: it holds no older SA with us");
}

// A protected Delete: of this ISAKMP SA, or of child SAs (named by the SPI the peer receives on).
void onDelete(Engine& engine, IkeSa& sa, const wire::DeletePayload& d) {
    if (d.protocolId == wire::ProtocolId::Isakmp) {
        const bool ours = std::any_of(d.spis.begin(), d.spis.end(),
                                      [&](const Bytes& spi) { return spi == sa.isakmpSpi(); });
        engine.record(EventKind::DeleteReceived, sa.id("delete.ISAKMP.received"),
                      ours ? "the peer deleted " + sa.name() : "a Delete for an ISAKMP SA we do not know",
                      DeleteInfo{d.protocolId, d.spis, true, ours});
        if (ours) engine.removeSa(sa, "the peer deleted it");
        return;
    }
    for (const Bytes& spi : d.spis) {
        const std::uint32_t value = spi.size() == 4 ? readU32(spi, 0) : 0;
        // A Delete names only what its own IKE SA made: protocol, SPI and owner must all match.
        const std::optional<std::size_t> index = engine.findChildByOutboundSpi(value, d.protocolId, sa);
        engine.record(EventKind::DeleteReceived,
                      sa.id("delete." + protocolText(d.protocolId) + "." + hex32(value) + ".received"),
                      index ? "the peer deleted its inbound SA " + hex32(value) + ": we remove the pair"
                            : "a Delete for " + protocolText(d.protocolId) + " SPI " + hex32(value) +
                                  ", which this IKE SA does not have (already gone?)",
                      DeleteInfo{d.protocolId, {spi}, true, index.has_value()});
        if (index) engine.removeChild(*index, "the peer deleted it", false);
    }
}

// RFC 3947 §7: when a NAT mapping expires, the peer behind it reappears on a new address and port;
// its authenticated, non-replayed messages (the caller checked both) say where, and we answer
// there. The host behind the NAT never moves its peer: the peer is not translated, and only a
// forger would make it appear to move. Without a NAT between us there is nothing to follow.
void followPeer(Engine& engine, IkeSa& sa, const Inbound& in) {
    if (in.from == sa.remote) return;
    const bool move = sa.natDetected && !sa.behindNat;
    NatInfo info;
    info.weAreBehindNat = sa.behindNat;
    info.peerIsBehindNat = move;
    info.floating = sa.floated;
    engine.record(EventKind::NatDetection, sa.id("peer.moved." + in.from.toString()),
                  move ? "the peer's authenticated message came from " + in.from.toString() + " instead of " +
                             sa.remote.toString() + ": its NAT mapping changed, we answer there (RFC 3947 §7)"
                       : "an authenticated message came from " + in.from.toString() + " instead of " +
                             sa.remote.toString() + ": we keep the peer at " + sa.remote.toString() +
                             (sa.behindNat ? " (we are behind the NAT, RFC 3947 §7)" : " (no NAT between us)"),
                  info);
    if (!move) return;
    sa.remote = in.from;
    sa.local = in.to;
}

// Decrypts a protected Informational and verifies its HASH(1); nothing (after recording why) if
// either fails. The exchange has one message, so no IV is kept, and asking for one changes nothing:
// a forged message on the Message ID of a running Quick Mode leaves that Quick Mode's IV intact.
std::optional<OpenedMessage> openProtected(Engine& engine, IkeSa& sa, const Inbound& in,
                                           const std::string& datagramId) {
    const std::uint32_t mid = in.message.header.messageId;
    std::optional<Derivation> ivDerivation;
    const Bytes iv = sa.iv.current(mid, datagramId + ".IV", &ivDerivation, sa.ivBaseSource);
    if (ivDerivation) engine.recordDerived(std::move(*ivDerivation));
    auto opened = openMessage(in.message, sa.cipher(), sa.keys.ka.view(), iv);
    if (!opened || opened->chain.payloads.size() < 2 || opened->chain.payloads.front().type() != PayloadType::Hash) {
        engine.recordReceived(in, datagramId, "INFO", nullptr, iv, "did not decrypt to HASH and a payload");
        engine.recordUnauthenticated(in, datagramId + ".unauthenticated",
                                     "an Informational message did not decrypt to valid payloads (forged, or not "
                                     "from our peer)");
        return std::nullopt;
    }
    const wire::PayloadChain& chain = opened->chain;
    engine.recordReceived(in, datagramId, "INFO", &*opened, iv);
    Bytes midBytes;
    appendU32(midBytes, mid);
    Source restSource;
    if (engine.detailed())
        restSource = Source::datagram(datagramId, "ipseclab.isakmp.after_hash", chain.payloads[1].offset,
                                      chain.consumed() - chain.payloads[1].offset, true);
    const crypto::SecretBytes hash = engine.recordDerived(keymat::informationalHash(
        sa.hash(), Part{"SKEYID_a", sa.keys.skeyidA.view(), Source::derived(sa.id("SKEYID_a"))},
        Part{"M-ID", midBytes, engine.headerSource(datagramId, "isakmp.messageid", 20, 4)},
        Part{"N/D", chain.rawFrom(1), restSource}, datagramId + ".HASH(1)"));
    if (!crypto::constantTimeEqual(hash.view(), chain.payloads.front().as<wire::HashPayload>()->hash)) {
        engine.recordUnauthenticated(in, datagramId + ".bad-hash",
                                     "HASH(1) of an Informational message did not verify (altered, or forged)");
        return std::nullopt;
    }
    return std::move(*opened);
}

} // namespace

void handle(Engine& engine, IkeSa& sa, Inbound& in) {
    if (!in.message.header.encrypted()) {
        handleClear(engine, sa, in);
        return;
    }
    const std::uint32_t mid = in.message.header.messageId;
    if (!sa.established() || mid == 0) {
        // An initiator waiting for MM6 that gets an encrypted Informational instead: strongSwan answers
        // a message 5 it could not read with an encrypted PAYLOAD-MALFORMED, under its own keys.
        if (sa.state == P1State::MmI3 && mid != 0) sa.unreadableAnswer = true;
        engine.recordDropped(in, sa.id("dropped"),
                             "an encrypted Informational before phase 1 completed (or with Message ID 0): ignored");
        return;
    }
    const std::string datagramId = sa.id("INFO." + hex32(mid));
    const auto opened = openProtected(engine, sa, in, datagramId);
    if (!opened) return;
    const std::vector<wire::Payload>& payloads = opened->chain.payloads;
    // Authenticated: its Message ID is spent (a copy is a replay, EngineRouting): DPD's in their
    // window, the others for the IKE SA's life, up to the limit.
    const bool dpd = std::all_of(payloads.begin() + 1, payloads.end(), isDpd);
    if (dpd) sa.messages.peerDpdMessageIds.add(mid);
    else if (engine.peerExchangesExhausted(sa, in)) return;
    else sa.messages.peerMessageIds.insert(mid);
    for (std::size_t i = 1; dpd && i < payloads.size(); ++i) {
        const std::string replay = replayedRUThere(sa, *payloads[i].as<wire::NotificationPayload>());
        if (replay.empty()) continue;
        engine.record(EventKind::DuplicateIgnored, datagramId + ".replay",
                      replay + " (RFC 3706 §7): a replay from " + in.from.toString() +
                          ", not answered; nothing changes");
        return;
    }
    // Only a message known to be fresh may move the peer: DPD's by their sequence numbers.
    const bool fresh = !dpd || std::all_of(payloads.begin() + 1, payloads.end(), [&](const wire::Payload& p) {
        return freshDpd(sa, *p.as<wire::NotificationPayload>());
    });
    if (fresh) followPeer(engine, sa, in);
    // A Delete of this IKE SA ends the message: what follows it belonged to the SA that is gone (an
    // R-U-THERE would be answered with its wiped keys).
    for (std::size_t i = 1; i < payloads.size() && sa.state != P1State::Deleted; ++i) {
        const wire::Payload& p = payloads[i];
        if (const auto* n = p.as<wire::NotificationPayload>()) onNotify(engine, sa, *n, mid);
        else if (const auto* d = p.as<wire::DeletePayload>()) onDelete(engine, sa, *d);
    }
}

} // namespace ipseclab::ike::detail::informational
