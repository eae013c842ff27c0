// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A datagram an IKE engine (IKEv1's or IKEv2's) gives its caller to send.

#include <string>

#include "base/Bytes.h"
#include "wire/Endpoint.h"

namespace ipseclab::wire {

// A datagram to send: the UDP payload (marker included on the NAT-T port) and its endpoints.
struct Transmit {
    Endpoint from;
    Endpoint to;
    Bytes datagram;
    std::string datagramId; // as in the DatagramSent / Retransmitted event
    std::string label;      // "MM1", "QM2", "INFO", "IKE_AUTH request"

    friend bool operator==(const Transmit&, const Transmit&) = default;
};

} // namespace ipseclab::wire
