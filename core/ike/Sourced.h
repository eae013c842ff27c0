// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A value an exchange keeps together with where its bytes came from (a field of a datagram we sent or
// received, mostly). The two are set together and never apart, so every keymat input the engine
// records names the bytes it was read from.

#include <concepts>
#include <string>
#include <utility>

#include "base/Bytes.h"
#include "ike/Keymat.h"

namespace ipseclab::ike {

template <typename T>
class Sourced {
public:
    Sourced() = default;
    Sourced(T value, Source source) : m_value(std::move(value)), m_source(std::move(source)) {}

    const T& value() const { return m_value; }
    const Source& source() const { return m_source; }

    // As a keymat input named `name` ("Ni_b"), viewing this value.
    Part part(std::string name) const requires std::convertible_to<const T&, ByteView> {
        return Part{std::move(name), m_value, m_source};
    }
    friend bool operator==(const Sourced&, const Sourced&) = default;

private:
    T m_value{};
    Source m_source;
};

} // namespace ipseclab::ike
