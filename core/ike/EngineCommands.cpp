// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Engine's commands (Peer::initiate, startQuickMode, deleteChildSa, deleteIkeSa, sendDpd):
// each failure is also a recorded local failure.

#include "ike/Engine.h"

namespace ipseclab::ike::detail {

Result<void> Engine::refuseCommand(const std::string& sentence, const std::string& why, const std::string& exchange) {
    recordLocalFailure("failure.local", sentence, exchange);
    return fail(why);
}

Result<void> Engine::initiate(Timestamp at) {
    now = at;
    if (config.ikeProposals.empty())
        return refuseCommand("cannot initiate: no phase-1 proposal is configured", "no phase-1 proposal is configured",
                             "phase 1");
    if (config.psk.empty())
        return refuseCommand("cannot initiate: no pre-shared key is configured", "no pre-shared key is configured",
                             "phase 1");
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
    if (!sa)
        return refuseCommand("cannot start Quick Mode: no established IKE SA (run phase 1 first)",
                             "no established IKE SA", "Quick Mode");
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
    const std::string none = "no child SA with inbound SPI " + hex32(inboundSpi);
    return refuseCommand(none, none, "Delete");
}

Result<void> Engine::deleteIkeSa(Timestamp at) {
    now = at;
    IkeSa* sa = newestEstablished();
    if (!sa) return refuseCommand("no established IKE SA to delete", "no established IKE SA", "Delete");
    for (std::size_t c = children.size(); c-- > 0;)
        if (children[c].ckyI == sa->ckyI) removeChild(c, "its IKE SA is deleted", true);
    informational::sendDelete(*this, *sa, wire::ProtocolId::Isakmp, {sa->isakmpSpi()});
    removeSa(*sa, "deleted by command");
    purge();
    return {};
}

Result<void> Engine::sendDpd(Timestamp at) {
    now = at;
    IkeSa* sa = newestEstablished();
    if (!sa) return refuseCommand("no established IKE SA for dead peer detection", "no established IKE SA", "DPD");
    if (!sa->peerDpd)
        return refuseCommand(
            "the peer did not send the DPD vendor ID, so it may not understand R-U-THERE (RFC 3706 §5.1)",
            "the peer does not support DPD", "DPD");
    sa->dpd.retries = 0;
    informational::sendRUThere(*this, *sa);
    return {};
}

} // namespace ipseclab::ike::detail
