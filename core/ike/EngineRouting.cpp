// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Engine's input: a datagram checked, matched to its IKE SA (or a new responder SA), stored
// answers and duplicates served, then handed to its exchange.

#include "ike/Engine.h"

#include <algorithm>

#include "wire/NatTMarker.h"

namespace ipseclab::ike::detail {

namespace {

// charon's default max_packet: larger IKE datagrams are refused.
constexpr std::size_t kMaxDatagram = 10000;
constexpr std::size_t kRememberedDatagrams = 32;

bool sameBytes(const Bytes& stored, ByteView bytes) {
    return std::equal(stored.begin(), stored.end(), bytes.begin(), bytes.end());
}

// The DatagramInfo of a copy of datagram `datagramId` that arrived again.
DatagramInfo copyInfo(const Inbound& in, const std::string& datagramId, std::string note) {
    DatagramInfo info = datagramInfo(datagramId, "", in.from, in.to, in.udpPayload, in.offset);
    info.header = in.message.header;
    info.note = std::move(note);
    return info;
}

} // namespace

void Engine::handle(ByteView datagram, const Endpoint& from, const Endpoint& to, Timestamp at) {
    now = at;
    Inbound in;
    in.udpPayload = datagram;
    in.from = from;
    in.to = to;
    in.onNatTPort = to.port == config.localNatTPort;
    if (datagram.size() > kMaxDatagram) {
        recordDropped(in, "datagram.dropped",
                      "a datagram of " + std::to_string(datagram.size()) + " bytes is larger than the " +
                          std::to_string(kMaxDatagram) + " bytes an IKE message may have here");
        return;
    }
    if (in.onNatTPort) {
        const auto demuxed = wire::demultiplexNatT(datagram);
        if (!demuxed) {
            recordDropped(in, "datagram.dropped", "not a valid UDP/4500 payload: " + demuxed.error().toString());
            return;
        }
        if (demuxed->kind == wire::NatTKind::Keepalive) {
            recordDropped(in, "natt.keepalive", "a NAT-keepalive (one 0xFF byte): it only keeps the NAT mapping open");
            return;
        }
        if (demuxed->kind == wire::NatTKind::Esp) {
            recordDropped(in, "datagram.dropped",
                          "an ESP packet on port 4500 (no non-ESP marker): it belongs to the data plane");
            return;
        }
        in.offset = demuxed->offset;
    }
    in.decoded = true;
    auto message = wire::decodeMessage(in.isakmp());
    if (!message) {
        const bool ikev2 = in.isakmp().size() > 17 && (in.isakmp()[17] >> 4) == 2;
        recordDropped(in, "datagram.dropped",
                      ikev2 ? "an IKEv2 message (version 2.0): this peer speaks IKEv1 only — " +
                                  message.error().toString()
                            : "not a valid ISAKMP message: " + message.error().toString());
        return;
    }
    in.message = std::move(*message);
    route(in);
    purge();
}

void Engine::route(Inbound& in) {
    const wire::IsakmpHeader& h = in.message.header;
    if (isZero(h.initiatorCookie)) {
        recordDropped(in, "datagram.dropped", "the initiator cookie is zero");
        return;
    }
    IkeSa* sa = find(h.initiatorCookie, h.responderCookie);
    if (!sa && isZero(h.responderCookie)) {
        // MM1/AM1 again (a retransmission), or a new exchange.
        sa = findResponding(h.initiatorCookie);
        if (!sa) return acceptFirst(in);
    }
    // The responder's first answer to our MM1/AM1 carries its new cookie.
    if (!sa) sa = findAwaitingCookie(h.initiatorCookie);
    if (!sa) {
        recordDropped(in, "datagram.dropped",
                      "unknown cookies " + cookieHex(h.initiatorCookie) + " / " + cookieHex(h.responderCookie) +
                          ": no IKE SA of ours (a stale, spoofed or misdirected message)");
        return;
    }
    if (answerAgain(*sa, in) || ignoreSeen(*sa, in) || ignoreReplayedExchange(*sa, in)) return;
    dispatch(*sa, in);
    if (in.consumed && !in.unauthenticated && sa->state != P1State::Deleted) {
        const ByteView bytes = in.isakmp();
        sa->messages.seen.push_back(Seen{Bytes(bytes.begin(), bytes.end()), in.datagramId});
        if (sa->messages.seen.size() > kRememberedDatagrams) sa->messages.seen.erase(sa->messages.seen.begin());
    }
}

IkeSa* Engine::findResponding(const wire::Cookie& ckyI) {
    IkeSaHandle* found = nullptr;
    for (auto& candidate : sas)
        if (candidate->state != P1State::Deleted && candidate->role == Role::Responder && candidate->ckyI == ckyI)
            found = &candidate;
    return found ? &own(*found) : nullptr;
}

IkeSa* Engine::findAwaitingCookie(const wire::Cookie& ckyI) {
    IkeSaHandle* found = nullptr;
    for (auto& candidate : sas)
        if (candidate->state != P1State::Deleted && candidate->role == Role::Initiator && candidate->ckyI == ckyI &&
            isZero(candidate->ckyR))
            found = &candidate;
    return found ? &own(*found) : nullptr;
}

// MM1/AM1 from a new initiator: a responder SA for it, unless the message cannot be a first one.
void Engine::acceptFirst(Inbound& in) {
    const wire::IsakmpHeader& h = in.message.header;
    const bool phase1Type = h.exchangeType == wire::ExchangeType::IdentityProtection ||
                            h.exchangeType == wire::ExchangeType::Aggressive;
    if (!phase1Type) {
        recordDropped(in, "datagram.dropped",
                      "the responder cookie is zero but this is not the first message of Main or Aggressive Mode");
        return;
    }
    if (h.messageId != 0 || h.encrypted()) {
        recordDropped(in, "datagram.dropped", "a first phase-1 message must be in clear with Message ID 0");
        return;
    }
    if (const auto refusal = halfOpenRefusal(in.from.address)) {
        recordDropped(in, "datagram.half-open-limit", *refusal);
        return;
    }
    IkeSa& created = createSa(Role::Responder, h.exchangeType == wire::ExchangeType::Aggressive ? Phase1Mode::Aggressive
                                                                                                : Phase1Mode::Main);
    created.ckyI = h.initiatorCookie;
    created.ckyR = newCookie();
    created.local = in.to;
    created.remote = in.from;
    created.timers.set(IkeTimer::HalfOpen, now + config.halfOpenTimeout);
    if (created.mode == Phase1Mode::Main) main_mode::handle(*this, created, in);
    else aggressive_mode::handle(*this, created, in);
    if (in.consumed)
        created.messages.seen.push_back(Seen{Bytes(in.isakmp().begin(), in.isakmp().end()), in.datagramId});
}

// A copy of a request we answered: our stored answer goes out again, byte for byte.
bool Engine::answerAgain(IkeSa& sa, const Inbound& in) {
    const ByteView bytes = in.isakmp();
    for (const Answer& answer : sa.messages.answers) {
        if (!sameBytes(answer.request, bytes)) continue;
        record(EventKind::DuplicateIgnored, answer.requestId + ".duplicate",
               "a copy of " + answer.requestId + " (already answered) arrived from " + in.from.toString() +
                   ": it changes nothing; we send our stored answer " + answer.transmit.datagramId + " again",
               copyInfo(in, answer.requestId, "a copy of " + answer.requestId + ", already answered"));
        transmits.push_back(answer.transmit);
        DatagramInfo info = datagramInfo(answer.transmit.datagramId, answer.transmit.label, answer.transmit.from,
                                         answer.transmit.to, answer.transmit.datagram,
                                         answer.transmit.from.port == config.localNatTPort ? 4 : 0);
        info.note = "the stored answer, byte for byte";
        record(EventKind::Retransmitted, answer.transmit.datagramId + ".resent",
               answer.transmit.label + " sent again (answer to a retransmitted request)", std::move(info));
        return true;
    }
    return false;
}

// A copy of a datagram already processed (a retransmission or a replay): recorded, nothing changes.
bool Engine::ignoreSeen(IkeSa& sa, const Inbound& in) {
    const ByteView bytes = in.isakmp();
    for (const Seen& seen : sa.messages.seen) {
        if (!sameBytes(seen.bytes, bytes)) continue;
        record(EventKind::DuplicateIgnored, seen.datagramId + ".duplicate",
               "a copy of " + seen.datagramId + " arrived again from " + in.from.toString() +
                   " (a retransmission or a replay): ignored, nothing changes",
               copyInfo(in, seen.datagramId, "already received and processed"));
        return true;
    }
    return false;
}

// A Quick Mode or protected Informational message on a Message ID whose exchange is over — one
// the peer started and that authenticated, or one of ours — is a replay, however much came in
// between (DPD's within their window, Messaging): recorded, not even decrypted. A new Quick Mode
// past the limit is dropped too (an Informational, once it is known not to be DPD's).
bool Engine::ignoreReplayedExchange(IkeSa& sa, const Inbound& in) {
    const wire::IsakmpHeader& h = in.message.header;
    const bool quick = h.exchangeType == wire::ExchangeType::QuickMode;
    if (!quick && h.exchangeType != wire::ExchangeType::Informational) return false;
    if (!h.encrypted() || h.messageId == 0 || !sa.established() || sa.quickModes.count(h.messageId)) return false;
    const std::string id = sa.id((quick ? "QM." : "INFO.") + hex32(h.messageId));
    const Messaging& m = sa.messages;
    std::string whose;
    if (m.peerMessageIds.count(h.messageId) || m.peerDpdMessageIds.contains(h.messageId))
        whose = "an exchange the peer already ran";
    // IKEv1's protection has no direction (both ends derive the same IV and HASH keys), so one of
    // our own messages sent back to us would verify: a reflection, refused like a replay.
    else if (m.usedMessageIds.count(h.messageId) || m.ourDpdMessageIds.contains(h.messageId))
        whose = quick ? "an exchange of ours that has ended" : "one of our own messages (a reflection)";
    if (whose.empty()) return quick && peerExchangesExhausted(sa, in);
    record(EventKind::DuplicateIgnored, id + ".replay",
           "a message with Message ID " + hex32(h.messageId) + ", " + whose + ", arrived from " + in.from.toString() +
               ": a replay, ignored without decrypting it; nothing changes",
           copyInfo(in, id, "a replay: its Message ID was used already"));
    return true;
}

bool Engine::peerExchangesExhausted(IkeSa& sa, const Inbound& in) {
    if (sa.messages.peerMessageIds.size() < kMaxPeerExchanges) return false;
    recordDropped(in, sa.id("dropped"),
                  "the peer started " + std::to_string(kMaxPeerExchanges) +
                      " exchanges (other than DPD) on this IKE SA already: it needs a new one");
    return true;
}

// To the exchange the header names, if this SA has it.
void Engine::dispatch(IkeSa& sa, Inbound& in) {
    const wire::ExchangeType type = in.message.header.exchangeType;
    if (type == wire::ExchangeType::IdentityProtection || type == wire::ExchangeType::Aggressive) {
        const bool isMain = type == wire::ExchangeType::IdentityProtection;
        if (sa.mode != (isMain ? Phase1Mode::Main : Phase1Mode::Aggressive)) {
            recordDropped(in, sa.id("dropped"),
                          isMain ? "a Main Mode message for an Aggressive Mode IKE SA"
                                 : "an Aggressive Mode message for a Main Mode IKE SA");
            return;
        }
        if (isMain) main_mode::handle(*this, sa, in);
        else aggressive_mode::handle(*this, sa, in);
        return;
    }
    switch (type) {
    case wire::ExchangeType::QuickMode: quick_mode::handle(*this, sa, in); break;
    case wire::ExchangeType::Informational: informational::handle(*this, sa, in); break;
    default:
        recordDropped(in, sa.id("dropped"),
                      "exchange type " +
                          wire::nameAndNumber(wire::exchangeTypeName(type), static_cast<unsigned>(type)) +
                          " is not supported by this peer");
        return;
    }
}

} // namespace ipseclab::ike::detail
