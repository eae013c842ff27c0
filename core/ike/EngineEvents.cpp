// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Engine's event recording: every event of the timeline is made here.

#include "ike/Engine.h"

#include <string_view>
#include <tuple>
#include <utility>

namespace ipseclab::ike::detail {

void Engine::record(EventKind kind, std::string id, std::string text, decltype(Event::detail) detail) {
    Event e;
    e.kind = kind;
    e.id = std::move(id);
    e.time = now;
    e.text = std::move(text);
    e.detail = std::move(detail);
    events.push_back(std::move(e));
}

crypto::SecretBytes Engine::recordDerived(Derivation d) {
    crypto::SecretBytes value = d.value.clone();
    std::string id = d.id;
    std::string text = d.id + " = " + d.formula + " = " + toHex(value.view());
    record(EventKind::Derived, std::move(id), std::move(text), std::move(d));
    return value;
}

void Engine::recordFailure(FailureKind kind, const std::string& id, std::string sentence,
                           std::optional<wire::NotifyType> notify, std::string exchange) {
    FailureInfo info;
    info.kind = kind;
    info.sentence = sentence;
    info.notify = notify;
    info.exchange = std::move(exchange);
    record(EventKind::Failure, id, std::move(sentence), std::move(info));
}

void Engine::recordLocalFailure(const std::string& id, const std::string& sentence, const std::string& exchange) {
    recordFailure(FailureKind::Local, id, sentence, std::nullopt, exchange);
}

void Engine::recordUnsent(const IkeSa& sa, const std::string& label, const Error& error, const std::string& exchange) {
    recordLocalFailure(sa.id("failure.local"), label + " could not be built: " + error.message + "; nothing was sent",
                       exchange);
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

namespace {

// A Quick Mode state in words, and the name Cisco's "show crypto isakmp sa" gives it.
std::pair<std::string, std::string> qmStateNames(QmState state) {
    switch (state) {
    case QmState::I1Sent: return {"initiator: QM1 sent, waiting for QM2", "QM_SPI_STARTING"};
    case QmState::R2Sent: return {"responder: QM2 sent, waiting for QM3", "QM_WAIT_QM3"};
    case QmState::Established: return {"established", "QM_ESTABLISHED"};
    case QmState::Failed: return {"failed", "QM_FAILED"};
    }
    return {"?", "?"};
}

} // namespace

void Engine::setQmState(IkeSa& sa, QuickMode& qm, QmState state) {
    (void)sa;
    qm.state = state;
    StateInfo info;
    info.sa = qm.name();
    std::tie(info.state, info.ciscoName) = qmStateNames(state);
    std::string text = qm.name() + " " + info.ciscoName + " (" + info.state + ")";
    std::string id = qm.id("QM.state." + info.ciscoName);
    record(EventKind::StateChanged, std::move(id), std::move(text), std::move(info));
}

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

// Every dropped datagram passes here (junk from a fuzzer or a flood too): its texts are built once,
// and moved, not copied, into the event.
void Engine::recordDropped(const Inbound& in, std::string id, std::string reason) {
    DatagramInfo info = datagramInfo("", "", in.from, in.to, in.udpPayload, in.offset);
    info.header = in.message.header;
    info.isakmp = in.decoded;
    info.encrypted = in.message.header.encrypted();
    constexpr std::string_view kLead = "dropped a datagram from ";
    const std::string from = in.from.toString();
    std::string text;
    text.reserve(kLead.size() + from.size() + 2 + reason.size());
    text.append(kLead).append(from).append(": ").append(reason);
    info.note = std::move(reason);
    record(EventKind::Dropped, std::move(id), std::move(text), std::move(info));
}

void Engine::recordUnauthenticated(const Inbound& in, const std::string& id, const std::string& reason) {
    in.unauthenticated = true;
    recordDropped(in, id, reason + ": not authenticated, so it changes nothing (no IV, no state, no address)");
}

void Engine::recordReceived(const Inbound& in, const std::string& datagramId, const std::string& label,
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
        for (const wire::Payload& p : in.message.chain.payloads)
            info.payloads.push_back(wire::payloadShortName(p.type()));
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

} // namespace ipseclab::ike::detail
