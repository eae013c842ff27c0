// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/JsonReader.h"

namespace ipseclab::lab::json {

std::string escapeKey(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string join(const std::string& path, const std::string& key) { return path + "/" + escapeKey(key); }
std::string join(const std::string& path, std::size_t index) { return path + "/" + std::to_string(index); }

std::string list(std::initializer_list<std::string_view> names) {
    std::string out;
    for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

void allowKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : object.items()) {
        bool ok = false;
        for (std::string_view a : allowed) ok = ok || a == key;
        if (!ok) throw BadKey{join(path, key), "unknown key (expected one of: " + list(allowed) + ")"};
    }
}

void requireKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> required) {
    for (std::string_view r : required)
        if (!object.contains(r)) throw BadKey{join(path, std::string(r)), "missing (required)"};
}

const Json& object(const Json& j, const std::string& path) {
    if (!j.is_object()) throw BadKey{path, "expected an object { ... }"};
    return j;
}

std::string text(const Json& j, const std::string& path) {
    if (!j.is_string()) throw BadKey{path, "expected a string"};
    return j.get<std::string>();
}

std::string nonEmptyText(const Json& j, const std::string& path) {
    std::string t = text(j, path);
    if (t.find_first_not_of(" \t\r\n") == std::string::npos) throw BadKey{path, "is empty"};
    return t;
}

bool boolean(const Json& j, const std::string& path) {
    if (!j.is_boolean()) throw BadKey{path, "expected true or false"};
    return j.get<bool>();
}

std::uint64_t unsignedNumber(const Json& j, const std::string& path, std::uint64_t min, std::uint64_t max) {
    if (!j.is_number_integer() || (!j.is_number_unsigned() && j.get<std::int64_t>() < 0))
        throw BadKey{path, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max)};
    const auto v = j.get<std::uint64_t>();
    if (v < min || v > max)
        throw BadKey{path, std::to_string(v) + " is out of range (" + std::to_string(min) + " to " +
                               std::to_string(max) + ")"};
    return v;
}

} // namespace ipseclab::lab::json
