// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Time as the caller's clock gives it: the lab's virtual clock since the lab's start, or a peer's
// steady clock. The engines and the data plane never read a clock themselves (sans I/O); the lab
// hands one clock to all of them, so they share this one type.

#include <chrono>

namespace ipseclab {

using Timestamp = std::chrono::microseconds;

} // namespace ipseclab
