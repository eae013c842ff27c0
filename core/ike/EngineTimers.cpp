// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Engine's timers: each IKE SA's TimerTable (phase 1's retransmission, DPD, half-open,
// lifetimes), each Quick Mode's (its retransmission) and each child SA's (lifetimes), served in
// order by small on…Timeout handlers.

#include "ike/Engine.h"

#include <algorithm>

namespace ipseclab::ike::detail {

std::optional<Timestamp> Engine::nextTimeout() const {
    std::optional<Timestamp> next;
    const auto consider = [&](std::optional<Timestamp> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    for (const auto& sa : sas) {
        if (sa->state == P1State::Deleted) continue;
        consider(sa->timers.next());
        for (const auto& [mid, qm] : sa->quickModes) consider(qm.timers.next());
    }
    for (const ChildSa& child : children) consider(child.timers.next());
    return next;
}

void Engine::handleTimeout(Timestamp at) {
    now = at;
    // By index: a soft lifetime may start a new IKE SA (createSa appends; the SAs themselves stay put).
    // An SA with no timer due is left alone (so the fuzz build does not copy a shared one: own()).
    for (std::size_t i = 0; i < sas.size(); ++i)
        if (timerDue(*sas[i])) serveTimers(own(sas[i]));
    serveChildTimers();
    purge();
}

bool Engine::timerDue(const IkeSa& sa) const {
    if (sa.state == P1State::Deleted) return false;
    const auto due = [&](std::optional<Timestamp> at) { return at && *at <= now; };
    return due(sa.timers.next()) || std::any_of(sa.quickModes.begin(), sa.quickModes.end(),
                                                [&](const auto& qm) { return due(qm.second.timers.next()); });
}

// The SA's expired timers in table order (each Quick Mode's retransmission right after phase 1's),
// until one of them removes the SA.
void Engine::serveTimers(IkeSa& sa) {
    for (const IkeTimer kind : kIkeTimers) {
        serveTimer(sa, kind);
        if (kind == IkeTimer::Retransmit) serveQuickModeTimers(sa);
    }
}

void Engine::serveTimer(IkeSa& sa, IkeTimer kind) {
    if (sa.state == P1State::Deleted || !sa.timers.expired(kind, now)) return;
    sa.timers.stop(kind);
    switch (kind) {
    case IkeTimer::Retransmit: onRetransmitTimeout(sa); break;
    case IkeTimer::Dpd: onDpdTimeout(sa); break;
    case IkeTimer::HalfOpen: onHalfOpenTimeout(sa); break;
    case IkeTimer::SoftLifetime: onSoftLifetimeTimeout(sa); break;
    case IkeTimer::HardLifetime: onHardLifetimeTimeout(sa); break;
    }
}

void Engine::serveQuickModeTimers(IkeSa& sa) {
    if (sa.state == P1State::Deleted) return;
    // Message IDs first: a Quick Mode that gives up leaves the map.
    std::vector<std::uint32_t> due;
    for (const auto& [mid, qm] : sa.quickModes)
        if (qm.timers.expired(QmTimer::Retransmit, now)) due.push_back(mid);
    for (const std::uint32_t mid : due) {
        QuickMode& qm = sa.quickModes.at(mid);
        qm.timers.stop(QmTimer::Retransmit);
        onQuickModeRetransmitTimeout(sa, qm);
    }
}

// Soft lifetimes first, then hard ones, each from the newest child SA back (a hard one erases it).
void Engine::serveChildTimers() {
    for (std::size_t c = children.size(); c-- > 0;) {
        if (!children[c].timers.expired(ChildTimer::SoftLifetime, now)) continue;
        children[c].timers.stop(ChildTimer::SoftLifetime);
        onChildSoftLifetimeTimeout(children[c]);
    }
    for (std::size_t c = children.size(); c-- > 0;)
        if (children[c].timers.expired(ChildTimer::HardLifetime, now)) onChildHardLifetimeTimeout(c);
}

Timestamp Engine::retransmit(Request& request, const std::string& what) {
    ++request.retransmits;
    request.wait = std::chrono::duration_cast<Timestamp>(request.wait * config.retransmit.factor);
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
    return now + request.wait;
}

// Phase 1's request is still unanswered: send it again, or give up after the last retransmission.
void Engine::onRetransmitTimeout(IkeSa& sa) {
    Request& request = sa.messages.request;
    if (request.retransmits < config.retransmit.maxRetransmits)
        sa.timers.set(IkeTimer::Retransmit, retransmit(request, sa.name()));
    else phase1TimedOut(sa);
}

void Engine::onQuickModeRetransmitTimeout(IkeSa& sa, QuickMode& qm) {
    if (qm.request.retransmits < config.retransmit.maxRetransmits)
        qm.timers.set(QmTimer::Retransmit, retransmit(qm.request, qm.name()));
    else quickModeTimedOut(sa, qm);
}

void Engine::quickModeTimedOut(IkeSa& sa, QuickMode& qm) {
    const std::string tries = std::to_string(config.retransmit.maxRetransmits) + " retransmissions";
    const std::string noAnswer = "no answer to " + qm.request.transmit.label + " of " + qm.name() + " after " + tries;
    if (qm.unnamedRefusal) {
        auto [kind, sentence] = informational::quickModeRefusal(*this, qm, *qm.unnamedRefusal);
        recordFailure(kind, qm.id("QM.failure"),
                      noAnswer + "; meanwhile " + sentence + " (its notify named no SPI of ours)", qm.unnamedRefusal,
                      qm.name());
    } else {
        recordFailure(FailureKind::Timeout, qm.id("QM.failure"), noAnswer + ": the Quick Mode is abandoned",
                      std::nullopt, qm.name());
    }
    setQmState(sa, qm, QmState::Failed);
    sa.iv.forget(qm.messageId);
    sa.quickModes.erase(qm.messageId);
}

// The last retransmission of phase 1's request went unanswered: phase 1 failed, the reason guessed
// from what the peer said meanwhile.
void Engine::phase1TimedOut(IkeSa& sa) {
    const std::string label = sa.messages.request.transmit.label;
    const std::string tries = std::to_string(config.retransmit.maxRetransmits) + " retransmissions";
    const bool keysDiffer = sa.unreadableAnswer || !sa.unreadable.empty() ||
                            (sa.peerError && (*sa.peerError == wire::NotifyType::PayloadMalformed ||
                                              *sa.peerError == wire::NotifyType::AuthenticationFailed ||
                                              *sa.peerError == wire::NotifyType::InvalidHashInformation));
    std::string peerSaid = sa.peerError
                               ? " The peer reported " +
                                     std::string(wire::notifyTypeName(*sa.peerError).value_or("an error")) + "."
                               : std::string();
    if (sa.unreadableAnswer) peerSaid += " The peer answered with an encrypted notification our keys could not read.";
    if (!sa.unreadable.empty()) peerSaid += " Its " + sa.unreadable + ".";
    if (const auto named = phase1::noUsableMessage(sa)) {
        recordFailure(named->first, sa.id("failure." + std::string(failureKindName(named->first))),
                      "no acceptable answer to " + label + " after " + tries + ". " + named->second, sa.peerError,
                      "phase 1");
    } else if (sa.state == P1State::MmI3 && keysDiffer) {
        recordFailure(FailureKind::PskMismatch, sa.id("failure.psk-mismatch"),
                      "no valid answer to message 5 after " + tries + "." + peerSaid +
                          (sa.unreadable.empty() ? " The responder could not read our message 5" : " The keys differ") +
                          ": the pre-shared keys probably differ.",
                      sa.peerError, "phase 1");
    } else if (sa.state == P1State::AmR1 && keysDiffer) {
        recordFailure(FailureKind::PskMismatch, sa.id("failure.psk-mismatch"),
                      "no valid AM3 after " + tries + "." + peerSaid +
                          " The initiator rejected our HASH_R: the pre-shared keys probably differ.",
                      sa.peerError, "phase 1");
    } else {
        recordFailure(FailureKind::Timeout, sa.id("failure.timeout"),
                      "no answer to " + label + " after " + tries + ": the peer is unreachable, or ignores us." +
                          peerSaid,
                      sa.peerError, "phase 1");
    }
    setState(sa, P1State::Failed);
    removeSa(sa, "phase 1 failed");
}

// No R-U-THERE-ACK yet: ask again, or declare the peer dead after the last retry.
void Engine::onDpdTimeout(IkeSa& sa) {
    if (sa.dpd.retries < config.retransmit.maxRetransmits) {
        ++sa.dpd.retries;
        informational::sendRUThere(*this, sa);
        return;
    }
    DpdInfo info;
    info.step = DpdInfo::Step::Dead;
    info.sequence = *sa.dpd.pending;
    record(EventKind::Dpd, sa.id("DPD.dead"),
           "no R-U-THERE-ACK after " + std::to_string(config.retransmit.maxRetransmits) +
               " retries: the peer is considered dead",
           info);
    recordFailure(FailureKind::DeadPeer, sa.id("failure.dead-peer"),
                  "dead peer detection: the peer did not answer R-U-THERE; its SAs are removed", std::nullopt, "DPD");
    for (std::size_t c = children.size(); c-- > 0;)
        if (children[c].ckyI == sa.ckyI) removeChild(c, "the peer is dead (DPD)", false);
    removeSa(sa, "the peer is dead (DPD)");
}

// An unfinished (or failed) phase 1 waited long enough for its next message. If what came could not
// be decrypted (or, MM3, used), that is the reason it failed.
void Engine::onHalfOpenTimeout(IkeSa& sa) {
    if (!sa.unreadable.empty() && sa.state != P1State::Failed) {
        recordFailure(FailureKind::PskMismatch, sa.id("failure.psk-mismatch"),
                      sa.unreadable + " — the pre-shared keys probably differ" +
                          " (no readable one came before the half-open timeout)",
                      wire::NotifyType::PayloadMalformed, "phase 1");
        setState(sa, P1State::Failed);
    } else if (const auto named = phase1::noUsableMessage(sa)) { // only unusable MM3s came
        recordFailure(named->first, sa.id("failure." + std::string(failureKindName(named->first))),
                      "no usable message 3 before the half-open timeout. " + named->second, std::nullopt, "phase 1");
        setState(sa, P1State::Failed);
    }
    removeSa(sa, sa.state == P1State::Failed ? "failed phase 1 forgotten"
                                             : "half-open phase 1 timed out (no next message from the initiator)");
}

void Engine::onSoftLifetimeTimeout(IkeSa& sa) {
    LifetimeInfo info;
    info.stage = LifetimeInfo::Stage::Soft;
    info.sa = sa.name();
    info.seconds = sa.suite ? sa.suite->lifetimeSeconds : 0;
    info.rekeying = config.autoRekey && sa.role == Role::Initiator;
    record(EventKind::Lifetime, sa.id("IKE.soft-expiry"),
           sa.name() + " reached its soft lifetime: a new phase 1 is needed" + (info.rekeying ? " (starting one)" : ""),
           info);
    if (!info.rekeying) return;
    IkeSa& next = createSa(Role::Initiator, config.mode);
    next.local = config.local;
    next.remote = config.remote;
    if (config.mode == Phase1Mode::Main) main_mode::start(*this, next);
    else (void)aggressive_mode::start(*this, next);
}

void Engine::onHardLifetimeTimeout(IkeSa& sa) {
    LifetimeInfo info;
    info.stage = LifetimeInfo::Stage::Hard;
    info.sa = sa.name();
    info.seconds = sa.suite ? sa.suite->lifetimeSeconds : 0;
    record(EventKind::Lifetime, sa.id("IKE.hard-expiry"), sa.name() + " reached its lifetime: deleted", info);
    informational::sendDelete(*this, sa, wire::ProtocolId::Isakmp, {sa.isakmpSpi()});
    removeSa(sa, "lifetime expired");
}

void Engine::onChildHardLifetimeTimeout(std::size_t index) {
    const ChildSa& child = children[index];
    LifetimeInfo info;
    info.stage = LifetimeInfo::Stage::Hard;
    info.sa = "child SA " + hex32(child.info.inbound.spi);
    info.seconds = child.info.lifetimeSeconds;
    record(EventKind::Lifetime, child.prefix + "CHILD." + hex32(child.info.inbound.spi) + ".hard-expiry",
           info.sa + " reached its lifetime: deleted", info);
    removeChild(index, "lifetime expired", true);
}

void Engine::onChildSoftLifetimeTimeout(ChildSa& child) {
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

} // namespace ipseclab::ike::detail
