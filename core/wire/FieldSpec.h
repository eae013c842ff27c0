// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A registered field (Field.h) at its place in a fixed header, so a decoder's annotations and its
// errors name a field with the same path and byte.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/Error.h"
#include "wire/Annotation.h"

namespace ipseclab::wire {

struct FieldSpec {
    const Field* field;            // the registration: key, display name, meaning
    std::size_t offset;            // from the start of the header it belongs to
    std::size_t length;            // bytes
    std::string_view meaning = {}; // where this header says more than the field's own meaning
    std::string_view label = {};   // where this header names it otherwise than the field's name

    std::string_view name() const { return label.empty() ? field->name : label; }
    std::string_view meaningText() const { return meaning.empty() ? field->meaning : meaning; }
};

// "IPv4/Total Length" when the annotator's prefix is "IPv4".
inline std::string fieldPath(const Annotator& at, std::string_view name) {
    return at.prefix().empty() ? std::string(name) : at.prefix() + "/" + std::string(name);
}

inline void annotate(const Annotator& at, const FieldSpec& field, std::string value, std::string meaning = {}) {
    at.add(*field.field, std::string(field.name()), field.offset, field.length, std::move(value),
           meaning.empty() ? std::string(field.meaningText()) : std::move(meaning));
}

// A failure at `offset` of the annotator's bytes, reported with the absolute offset.
inline tl::unexpected<Error> failAt(const Annotator& at, std::string_view name, std::size_t offset,
                                    std::string message) {
    return fail(std::move(message), fieldPath(at, name), at.base() + offset);
}

inline tl::unexpected<Error> failAt(const Annotator& at, const FieldSpec& field, std::string message) {
    return failAt(at, field.name(), field.offset, std::move(message));
}

// When `available` bytes cannot hold all of a fixed header: the error names the first field cut short.
inline std::optional<Error> firstCutField(const Annotator& at, std::span<const FieldSpec> fields, std::size_t available,
                                          std::string_view what) {
    for (const FieldSpec& field : fields) {
        if (field.offset + field.length <= available) continue;
        return failAt(at, field,
                      std::string(what) + " is cut short: " + std::string(field.name()) + " needs bytes " +
                          std::to_string(field.offset) + ".." + std::to_string(field.offset + field.length - 1) +
                          " but only " + std::to_string(available) + " bytes are there")
            .value();
    }
    return std::nullopt;
}

// "0x0800" for (0x800, 4): field values the way Wireshark shows them.
inline std::string formatHex(std::uint64_t value, int digits) {
    constexpr char kDigits[] = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0 && value != 0; --i, value >>= 4)
        out[static_cast<std::size_t>(i)] = kDigits[value & 0x0f];
    return "0x" + out;
}

} // namespace ipseclab::wire
