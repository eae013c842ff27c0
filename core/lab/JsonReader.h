// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The strict JSON reading the scenario and the lesson files share: every key must be known and
// every value of the type it should be. A problem is thrown as a BadKey that holds the key (a JSON
// pointer, RFC 6901) and the sentence apart, so a caller can re-root the key under its own or find
// its line without cutting it out of a message. Only inside the readers: their fromJson() catches
// it and returns a Result (no exception crosses the core's API).

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ipseclab::lab::json {

using Json = nlohmann::json;

struct BadKey {
    std::string key; // "/siteA/ike/0"; "" for the root
    std::string problem;
};

// A key as a JSON pointer token: '~' -> "~0", '/' -> "~1".
std::string escapeKey(const std::string& key);
// "/steps" + "text" -> "/steps/text"; "/steps" + 2 -> "/steps/2".
std::string join(const std::string& path, const std::string& key);
std::string join(const std::string& path, std::size_t index);
// "a, b, c".
std::string list(std::initializer_list<std::string_view> names);

void allowKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> allowed);
void requireKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> required);
const Json& object(const Json& j, const std::string& path);
std::string text(const Json& j, const std::string& path);
// A string with more than white space in it.
std::string nonEmptyText(const Json& j, const std::string& path);
bool boolean(const Json& j, const std::string& path);
std::uint64_t unsignedNumber(const Json& j, const std::string& path, std::uint64_t min, std::uint64_t max);

} // namespace ipseclab::lab::json
