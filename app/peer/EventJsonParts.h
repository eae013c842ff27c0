// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The JSON pieces both IKE versions' events share (EventJson.cpp, Ikev2EventJson.cpp): hex, time,
// endpoints, D-H groups, the sources of derived values and whole derivations, annotations.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/Bytes.h"
#include "base/Timestamp.h"
#include "crypto/Derivation.h"
#include "crypto/DhGroup.h"
#include "wire/Annotation.h"
#include "wire/Endpoint.h"

namespace ipseclab::peer::json_parts {

std::string hex(ByteView bytes);
double seconds(Timestamp time);
nlohmann::ordered_json endpoint(const wire::Endpoint& e);
nlohmann::ordered_json dhGroup(crypto::DhGroup group);
nlohmann::ordered_json source(const crypto::Source& s);
nlohmann::ordered_json annotations(const wire::Annotations& list);
// formula, function, key, inputs (name, source, bytes), data and value.
void derivation(nlohmann::ordered_json& out, const crypto::Derivation& d);

// {"name": ..., "number": ...}
template <typename Enum>
nlohmann::ordered_json named(std::optional<std::string_view> name, Enum value) {
    const auto number = static_cast<std::uint64_t>(value);
    return nlohmann::ordered_json{{"name", name ? std::string(*name) : std::string("unknown")}, {"number", number}};
}

} // namespace ipseclab::peer::json_parts
