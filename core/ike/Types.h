// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Names every file of the IKE engine shares: time, endpoints, roles.

#include <chrono>
#include <cstdint>
#include <string>

#include "base/Timestamp.h"
#include "wire/Endpoint.h"

namespace ipseclab::ike {

using ipseclab::Timestamp; // base/Timestamp.h

using wire::Endpoint; // wire/Endpoint.h, shared with IKEv2

// The role in one exchange (phase 1, or one Quick Mode): who sent its first message.
enum class Role { Initiator, Responder };

inline const char* roleName(Role role) { return role == Role::Initiator ? "initiator" : "responder"; }

// Phase-1 exchange type this lab speaks.
enum class Phase1Mode { Main, Aggressive };

} // namespace ipseclab::ike
