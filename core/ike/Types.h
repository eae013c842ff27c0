// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Names every file of the IKE engine shares: time, endpoints, roles.

#include <chrono>
#include <cstdint>
#include <string>

#include "base/Timestamp.h"
#include "wire/Ipv4Header.h"
#include "wire/UdpHeader.h"

namespace ipseclab::ike {

using ipseclab::Timestamp; // base/Timestamp.h

// A logical UDP endpoint: IPv4 address and port (500, or 4500 once NAT traversal floats).
struct Endpoint {
    wire::Ipv4Address address;
    std::uint16_t port = wire::kIkePort;

    std::string toString() const { return address.toString() + ":" + std::to_string(port); }
    friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// The role in one exchange (phase 1, or one Quick Mode): who sent its first message.
enum class Role { Initiator, Responder };

inline const char* roleName(Role role) { return role == Role::Initiator ? "initiator" : "responder"; }

// Phase-1 exchange type this lab speaks.
enum class Phase1Mode { Main, Aggressive };

} // namespace ipseclab::ike
