// The Engine's timers: retransmissions per request, and each SA's TimerTable (DPD, half-open,
// lifetimes) served in order.

#include "ike/Engine.h"

namespace ipseclab::ike::detail {

std::optional<Timestamp> Engine::nextTimeout() const {
    std::optional<Timestamp> next;
    const auto consider = [&](std::optional<Timestamp> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    for (const auto& sa : sas) {
        if (sa->state == P1State::Deleted) continue;
        if (sa->messages.request.active) consider(sa->messages.request.due);
        for (const auto& [mid, qm] : sa->quickModes)
            if (qm.request.active) consider(qm.request.due);
        consider(sa->timers.next());
    }
    for (const ChildSa& child : children) consider(child.timers.next());
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
        recordFailure(FailureKind::Timeout, qm->id("QM.failure"),
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
        recordFailure(FailureKind::PskMismatch, sa.id("failure.psk-mismatch"),
                "no valid answer to message 5 after " + tries + "." + peerSaid +
                    " The responder could not read our message 5: the pre-shared keys probably differ.",
                sa.peerError, "phase 1");
    } else if (sa.state == P1State::AmR1 && keysDiffer) {
        recordFailure(FailureKind::PskMismatch, sa.id("failure.psk-mismatch"),
                "no valid AM3 after " + tries + "." + peerSaid +
                    " The initiator rejected our HASH_R: the pre-shared keys probably differ.",
                sa.peerError, "phase 1");
    } else {
        recordFailure(FailureKind::Timeout, sa.id("failure.timeout"),
                "no answer to " + label + " after " + tries + ": the peer is unreachable, or ignores us." + peerSaid,
                sa.peerError, "phase 1");
    }
    setState(sa, P1State::Failed);
    removeSa(sa, "phase 1 failed");
}

void Engine::handleTimeout(Timestamp at) {
    now = at;
    // By index: a soft lifetime may start a new IKE SA (createSa appends; the SAs themselves stay put).
    for (std::size_t i = 0; i < sas.size(); ++i) serveTimers(*sas[i]);
    for (std::size_t c = children.size(); c-- > 0;) {
        if (!children[c].timers.expired(ChildTimer::SoftLifetime, now)) continue;
        children[c].timers.stop(ChildTimer::SoftLifetime);
        onChildSoftLifetimeTimeout(children[c]);
    }
    for (std::size_t c = children.size(); c-- > 0;) {
        if (!children[c].timers.expired(ChildTimer::HardLifetime, now)) continue;
        const ChildSa& child = children[c];
        LifetimeInfo info;
        info.stage = LifetimeInfo::Stage::Hard;
        info.sa = "child SA " + hex32(child.info.inbound.spi);
        info.seconds = child.info.lifetimeSeconds;
        record(EventKind::Lifetime, child.prefix + "CHILD." + hex32(child.info.inbound.spi) + ".hard-expiry",
               info.sa + " reached its lifetime: deleted", info);
        removeChild(c, "lifetime expired", true);
    }
    purge();
}

// Retransmits each request of the SA that is due, or gives it up after the last retransmission.
void Engine::serveRequests(IkeSa& sa) {
    if (sa.messages.request.active && sa.messages.request.due <= now) {
        if (sa.messages.request.retransmits < config.retransmit.maxRetransmits) retransmit(sa, sa.messages.request, sa.name());
        else requestTimedOut(sa, sa.messages.request, nullptr);
    }
    if (sa.state == P1State::Deleted) return;
    std::vector<std::uint32_t> due;
    for (auto& [mid, qm] : sa.quickModes)
        if (qm.request.active && qm.request.due <= now) due.push_back(mid);
    for (std::uint32_t mid : due) {
        QuickMode& qm = sa.quickModes.at(mid);
        if (qm.request.retransmits < config.retransmit.maxRetransmits) retransmit(sa, qm.request, qm.name());
        else requestTimedOut(sa, qm.request, &qm);
    }
}

// The SA's requests, then its expired timers in table order, until one of them removes the SA.
void Engine::serveTimers(IkeSa& sa) {
    if (sa.state == P1State::Deleted) return;
    serveRequests(sa);
    for (const IkeTimer kind : kIkeTimers) {
        if (sa.state == P1State::Deleted) return;
        if (!sa.timers.expired(kind, now)) continue;
        sa.timers.stop(kind);
        switch (kind) {
        case IkeTimer::Dpd: onDpdTimeout(sa); break;
        case IkeTimer::HalfOpen: onHalfOpenTimeout(sa); break;
        case IkeTimer::SoftLifetime: onSoftLifetimeTimeout(sa); break;
        case IkeTimer::HardLifetime: onHardLifetimeTimeout(sa); break;
        }
    }
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
    record(EventKind::Dpd, sa.id("DPD.dead"), "no R-U-THERE-ACK after " +
                                                std::to_string(config.retransmit.maxRetransmits) +
                                                " retries: the peer is considered dead", info);
    recordFailure(FailureKind::DeadPeer, sa.id("failure.dead-peer"),
            "dead peer detection: the peer did not answer R-U-THERE; its SAs are removed", std::nullopt,
            "DPD");
    for (std::size_t c = children.size(); c-- > 0;)
        if (children[c].ckyI == sa.ckyI) removeChild(c, "the peer is dead (DPD)", false);
    removeSa(sa, "the peer is dead (DPD)");
}

// An unfinished (or failed) phase 1 waited long enough for its next message.
void Engine::onHalfOpenTimeout(IkeSa& sa) {
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
         sa.name() + " reached its soft lifetime: a new phase 1 is needed" +
             (info.rekeying ? " (starting one)" : ""),
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
