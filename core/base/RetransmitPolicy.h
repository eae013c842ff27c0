// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// How an IKE engine (either version) retransmits the requests it sends.

#include <chrono>

#include "base/Timestamp.h"

namespace ipseclab {

// Retransmission of requests with exponential back-off: waits initial, initial*factor, ... after
// each send; after `maxRetransmits` retransmissions and one last wait the exchange fails.
struct RetransmitPolicy {
    Timestamp initial = std::chrono::seconds(2);
    double factor = 2.0;
    int maxRetransmits = 4;
};

} // namespace ipseclab
