// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the receiving gateway made of one WAN packet, in words for the end of the packet's capture
// comment ("; receiver: dropped by policy (...)"): a capture read in Wireshark says what became of
// each packet, not only what it is (issue 17). It is not worked out again: the lab shows it the
// events the receiver raised while it handled the packet, and it keeps the deciding one.

#include <optional>
#include <string>

#include "ike/Event.h"
#include "ipsec/Event.h"

namespace ipseclab::lab {

class ReceiverVerdict {
public:
    // The data plane's verdict on an ESP or AH packet (the first one counts: the packet's own).
    void noteDataPlane(const ipsec::Event& e);
    // The IKE engine's account of a datagram: received, then perhaps dropped (it did not
    // authenticate), ignored as a copy, or a failure it caused.
    void noteIke(const ike::Event& e);
    // What the gateway itself decided before any engine saw the packet (malformed, a keepalive...).
    void noteGateway(std::string text);

    // "accepted", "dropped (duplicate: ...)", "dropped by policy (...)", "ignored (...)", "failed
    // (...)" when the exchange failed by it; "no verdict recorded" when nothing was noted.
    std::string text() const;

private:
    std::optional<std::string> m_decided; // a drop, a duplicate, the data plane's or the gateway's word
    bool m_received = false;              // IKE: the engine read the datagram
    std::optional<std::string> m_failure; // IKE: the failure the datagram caused
};

} // namespace ipseclab::lab
