// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ISAKMP data attributes (RFC 2408 §3.3): the one TV/TLV codec that phase-1 transforms, IPsec DOI
// transforms and RESPONDER-LIFETIME notifications share.

#include <cstdint>
#include <optional>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/IsakmpConstants.h"
#include "wire/IsakmpFields.h"

namespace ipseclab::wire {

struct DataAttribute {
    std::uint16_t type = 0; // 15-bit attribute type, without the AF bit
    bool isTv = true;       // AF bit: Type/Value (value in the 2 bytes after the type) or Type/Length/Value
    Bytes value;            // TV: exactly 2 bytes; TLV: Length bytes. Kept as received so re-encoding is exact

    // The value as an unsigned big-endian integer when it has at most 8 bytes.
    std::optional<std::uint64_t> number() const;

    static DataAttribute tv(std::uint16_t type, std::uint16_t value);
    static DataAttribute tlv(std::uint16_t type, Bytes value);
    // A number in a TLV of `width` bytes (big-endian), e.g. a 4-byte Life Duration.
    static DataAttribute tlvNumber(std::uint16_t type, std::uint64_t value, std::size_t width = 4);

    bool operator==(const DataAttribute&) const = default;
};

using DataAttributes = std::vector<DataAttribute>;

// The first attribute of that type, or nullptr.
const DataAttribute* findAttribute(const DataAttributes& attributes, std::uint16_t type);
// The numeric value of the first attribute of that type.
std::optional<std::uint64_t> attributeNumber(const DataAttributes& attributes, std::uint16_t type);

// Decodes every attribute in bytes[from, end); the last attribute must end exactly at the end.
// Offsets (annotations, errors) count from bytes[0], which sits at the annotator's base. `space`
// picks the name tables (phase 1 or IPsec DOI). Each attribute is annotated as a container named
// after it ("Key Length", "Life Duration#2" for a repeat) with "Attribute Type",
// ["Attribute Length",] "Attribute Value" children, keyed as `place` says (isakmp_fields::AttributeFields).
// Errors name the field and its absolute offset.
Result<DataAttributes> decodeAttributes(ByteView bytes, AttributeSpace space,
                                        const Annotator& annotator = Annotator(nullptr), std::size_t from = 0,
                                        isakmp_fields::AttributePlace place = isakmp_fields::AttributePlace::Transform);

// Appends the attributes, each in the TV/TLV form it carries. Fails on a type above 0x7fff, a TV
// value that is not 2 bytes, or a TLV value longer than 65535 bytes.
Result<void> appendAttributes(Bytes& out, const DataAttributes& attributes);

// "AES-CBC (7)", "128 bits", "28800 seconds": the value as an annotation shows it. `lifeType` is
// the unit set by a preceding Life Type attribute, if any.
std::string attributeValueText(AttributeSpace space, const DataAttribute& attribute,
                               std::optional<std::uint64_t> lifeType = std::nullopt);

} // namespace ipseclab::wire
