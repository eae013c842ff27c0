// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Error reasons on the per-packet paths are built out of line, in functions the compiler knows are
// cold and places apart, so each hot function's accepting path stays a few dense cache lines
// (docs/performance.md, cold code apart).

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "base/Error.h"

namespace ipseclab::ipsec {

// fail(message(), field, offset), made in cold code:
//     return coldFail([&] { return "..." + std::to_string(n); }, "Field");
template <typename Message>
[[gnu::cold, gnu::noinline]] tl::unexpected<Error> coldFail(Message&& message, const char* field = "",
                                                            std::optional<std::size_t> offset = std::nullopt) {
    return fail(std::forward<Message>(message)(), field, offset);
}

} // namespace ipseclab::ipsec
