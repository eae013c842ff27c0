// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The one error type of the core's public API: a sentence a user can act on, plus where it happened.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace ipseclab {

struct Error {
    std::string message;               // what is wrong, e.g. "payload length 3 is below the 4-byte header"
    std::string field;                 // field path where known, e.g. "SA/Proposal#1/Length"
    std::optional<std::size_t> offset; // byte offset in the buffer the caller handed in, where known

    // "SA/Proposal#1/Length at byte 40: payload length 3 is below the 4-byte header"
    std::string toString() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message, std::string field = {},
                                  std::optional<std::size_t> offset = std::nullopt) {
    return tl::unexpected<Error>(Error{std::move(message), std::move(field), offset});
}

} // namespace ipseclab
