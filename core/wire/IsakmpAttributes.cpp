// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IsakmpAttributes.h"

#include <algorithm>
#include <map>

#include "wire/FieldSpec.h"
#include "wire/IsakmpFormat.h"

namespace ipseclab::wire {

using namespace isakmp_detail;

namespace {

constexpr std::uint16_t kAttributeFormatBit = 0x8000; // AF: set = TV, clear = TLV

bool isEnumerated(AttributeSpace space, std::uint16_t type) {
    if (space == AttributeSpace::Phase1) {
        switch (static_cast<Phase1Attribute>(type)) {
        case Phase1Attribute::EncryptionAlgorithm:
        case Phase1Attribute::HashAlgorithm:
        case Phase1Attribute::AuthenticationMethod:
        case Phase1Attribute::GroupDescription:
        case Phase1Attribute::GroupType:
        case Phase1Attribute::LifeType: return true;
        default: return false;
        }
    }
    if (space == AttributeSpace::Ipsec) {
        switch (static_cast<IpsecAttribute>(type)) {
        case IpsecAttribute::SaLifeType:
        case IpsecAttribute::GroupDescription:
        case IpsecAttribute::EncapsulationMode:
        case IpsecAttribute::AuthenticationAlgorithm:
        case IpsecAttribute::EcnTunnel:
        case IpsecAttribute::ExtendedSequenceNumber: return true;
        default: return false;
        }
    }
    return false;
}

bool isLifeType(AttributeSpace space, std::uint16_t type) {
    return (space == AttributeSpace::Phase1 && type == static_cast<std::uint16_t>(Phase1Attribute::LifeType)) ||
           (space == AttributeSpace::Ipsec && type == static_cast<std::uint16_t>(IpsecAttribute::SaLifeType));
}

bool isLifeDuration(AttributeSpace space, std::uint16_t type) {
    return (space == AttributeSpace::Phase1 && type == static_cast<std::uint16_t>(Phase1Attribute::LifeDuration)) ||
           (space == AttributeSpace::Ipsec && type == static_cast<std::uint16_t>(IpsecAttribute::SaLifeDuration));
}

bool isBitLength(AttributeSpace space, std::uint16_t type) {
    return (space == AttributeSpace::Phase1 && (type == static_cast<std::uint16_t>(Phase1Attribute::KeyLength) ||
                                                type == static_cast<std::uint16_t>(Phase1Attribute::FieldSize))) ||
           (space == AttributeSpace::Ipsec &&
            (type == static_cast<std::uint16_t>(IpsecAttribute::KeyLength) ||
             type == static_cast<std::uint16_t>(IpsecAttribute::AuthenticationKeyLength)));
}

std::string attributeMeaning(AttributeSpace space, const DataAttribute& attribute) {
    const std::optional<std::uint64_t> number = attribute.number();
    if (isLifeDuration(space, attribute.type) && number == 0u) return "0 = no lifetime proposed, local policy decides";
    if (space == AttributeSpace::Phase1) {
        switch (static_cast<Phase1Attribute>(attribute.type)) {
        case Phase1Attribute::EncryptionAlgorithm:
            return "cipher protecting the ISAKMP messages once the keys exist (Main Mode 5 and 6, Quick Mode, "
                   "Informational)";
        case Phase1Attribute::HashAlgorithm:
            return "hash behind the prf (HMAC) of SKEYID and HASH_I/HASH_R, and of the IVs and NAT-D";
        case Phase1Attribute::AuthenticationMethod:
            return "how the peers prove who they are; pre-shared key = both know the same secret";
        case Phase1Attribute::GroupDescription: return "Diffie-Hellman group the KE payloads use";
        case Phase1Attribute::GroupType: return "kind of a private Diffie-Hellman group";
        case Phase1Attribute::LifeType: return "unit of the Life Duration that follows";
        case Phase1Attribute::LifeDuration: return "how long the ISAKMP SA may live before it must be renegotiated";
        case Phase1Attribute::Prf: return "pseudo-random function; when absent, HMAC with the Hash Algorithm is used";
        case Phase1Attribute::KeyLength: return "cipher key size; required for AES because AES has several key sizes";
        default: return "parameter of a private Diffie-Hellman group";
        }
    }
    if (space == AttributeSpace::Ipsec) {
        switch (static_cast<IpsecAttribute>(attribute.type)) {
        case IpsecAttribute::SaLifeType: return "unit of the SA Life Duration that follows";
        case IpsecAttribute::SaLifeDuration:
            return "how long the IPsec SA may live before rekeying (28800 s when absent)";
        case IpsecAttribute::GroupDescription:
            return "Diffie-Hellman group for PFS: Quick Mode runs a fresh exchange in its KE payloads";
        case IpsecAttribute::EncapsulationMode:
            return "tunnel = whole IP packet inside ESP; transport = only its payload; UDP-encapsulated = in UDP 4500 "
                   "because of a NAT";
        case IpsecAttribute::AuthenticationAlgorithm:
            return "integrity algorithm computing the ICV of each ESP/AH packet";
        case IpsecAttribute::KeyLength: return "cipher key size in bits";
        case IpsecAttribute::KeyRounds: return "number of rounds of the cipher";
        case IpsecAttribute::EcnTunnel: return "whether ECN bits may be copied between inner and outer IP header";
        case IpsecAttribute::ExtendedSequenceNumber: return "64-bit extended sequence numbers (RFC 4304)";
        default: return "IPsec SA attribute";
        }
    }
    return "attribute of a transform whose protocol the lab does not know";
}

} // namespace

std::optional<std::uint64_t> DataAttribute::number() const {
    if (value.size() > 8) return std::nullopt;
    std::uint64_t result = 0;
    for (std::uint8_t b : value) result = (result << 8) | b;
    return result;
}

DataAttribute DataAttribute::tv(std::uint16_t type, std::uint16_t value) {
    Bytes bytes;
    appendU16(bytes, value);
    return DataAttribute{type, true, std::move(bytes)};
}

DataAttribute DataAttribute::tlv(std::uint16_t type, Bytes value) {
    return DataAttribute{type, false, std::move(value)};
}

DataAttribute DataAttribute::tlvNumber(std::uint16_t type, std::uint64_t value, std::size_t width) {
    Bytes bytes(width);
    for (std::size_t i = 0; i < width; ++i)
        bytes[width - 1 - i] = static_cast<std::uint8_t>(i < 8 ? value >> (8 * i) : 0);
    return tlv(type, std::move(bytes));
}

const DataAttribute* findAttribute(const DataAttributes& attributes, std::uint16_t type) {
    for (const DataAttribute& attribute : attributes)
        if (attribute.type == type) return &attribute;
    return nullptr;
}

std::optional<std::uint64_t> attributeNumber(const DataAttributes& attributes, std::uint16_t type) {
    const DataAttribute* attribute = findAttribute(attributes, type);
    return attribute ? attribute->number() : std::nullopt;
}

std::string attributeValueText(AttributeSpace space, const DataAttribute& attribute,
                               std::optional<std::uint64_t> lifeType) {
    const std::optional<std::uint64_t> number = attribute.number();
    if (!number) return hexValue(attribute.value);
    if (isEnumerated(space, attribute.type))
        return nameAndNumber(attributeValueName(space, attribute.type, *number), *number);
    if (isBitLength(space, attribute.type)) return std::to_string(*number) + " bits";
    if (isLifeDuration(space, attribute.type)) {
        if (lifeType == static_cast<std::uint64_t>(LifeType::Seconds)) return std::to_string(*number) + " seconds";
        if (lifeType == static_cast<std::uint64_t>(LifeType::Kilobytes)) return std::to_string(*number) + " kilobytes";
    }
    if (attribute.value.size() > 4) return hexAndNumber(attribute.value, *number);
    return std::to_string(*number);
}

Result<DataAttributes> decodeAttributes(ByteView bytes, AttributeSpace space, const Annotator& annotator,
                                        std::size_t from, isakmp_fields::AttributePlace place) {
    DataAttributes attributes;
    std::map<std::uint16_t, int> seen;
    std::optional<std::uint64_t> lifeType;
    std::size_t pos = std::min(from, bytes.size());
    while (pos < bytes.size()) {
        if (bytes.size() - pos < 4)
            return fail("an attribute needs at least 4 bytes but only " + plural(bytes.size() - pos, "byte") +
                            " are left",
                        fieldPath(annotator, "Attribute"), annotator.base() + pos);
        const std::uint16_t word = readU16(bytes, pos);
        DataAttribute attribute;
        attribute.isTv = (word & kAttributeFormatBit) != 0;
        attribute.type = static_cast<std::uint16_t>(word & ~kAttributeFormatBit);

        // Its name ("Life Duration#2") for annotations and errors only: built when one needs it.
        const int count = ++seen[attribute.type];
        const auto nameOf = [&] {
            std::string name(
                attributeTypeName(space, attribute.type).value_or("Attribute " + std::to_string(attribute.type)));
            if (count > 1) name += "#" + std::to_string(count);
            return name;
        };

        std::size_t valueOffset = pos + 2;
        std::size_t valueLength = 2;
        if (!attribute.isTv) {
            valueOffset = pos + 4;
            valueLength = readU16(bytes, pos + 2);
            if (valueLength > bytes.size() - valueOffset)
                return fail("TLV length " + std::to_string(valueLength) + " runs past the end of the attributes (" +
                                plural(bytes.size() - valueOffset, "byte") + " left)",
                            fieldPath(annotator, nameOf() + "/Attribute Length"), annotator.base() + pos + 2);
        }
        attribute.value.assign(bytes.begin() + static_cast<std::ptrdiff_t>(valueOffset),
                               bytes.begin() + static_cast<std::ptrdiff_t>(valueOffset + valueLength));
        const std::size_t total = valueOffset + valueLength - pos;

        if (annotator.enabled()) {
            const std::string name = nameOf();
            const std::string valueText = attributeValueText(space, attribute, lifeType);
            std::string meaning = attributeMeaning(space, attribute);
            if (!attribute.isTv && !isVariableAttribute(space, attribute.type))
                meaning += " (a basic attribute sent as TLV, which RFC 2408 forbids; accepted)";
            const isakmp_fields::AttributeFields& keys = isakmp_fields::attributeFields(space, place);
            annotator.add(keys.container, name, pos, total, valueText, meaning);
            const Annotator fields = annotator.child(name, pos);
            fields.add(keys.type, 0, 2,
                       nameAndNumber(attributeTypeName(space, attribute.type), attribute.type) +
                           (attribute.isTv ? ", TV" : ", TLV"),
                       attribute.isTv ? "AF bit set (0x8000): Type/Value form, the value is the next 2 bytes"
                                      : "AF bit clear: Type/Length/Value form, a 2-byte length and the value follow");
            if (!attribute.isTv)
                fields.add(keys.length, 2, 2, plural(valueLength, "byte"), "length of the value that follows");
            if (valueLength > 0) {
                const std::optional<std::uint64_t> number = attribute.number();
                fields.add(keys.valueOf(attribute.type), "Attribute Value", valueOffset - pos, valueLength,
                           number ? hexAndNumber(attribute.value, *number) : hexValue(attribute.value),
                           number ? "the value as a big-endian number" : "the value bytes");
            }
        }
        if (isLifeType(space, attribute.type)) lifeType = attribute.number();
        attributes.push_back(std::move(attribute));
        pos += total;
    }
    return attributes;
}

Result<void> appendAttributes(Bytes& out, const DataAttributes& attributes) {
    for (const DataAttribute& attribute : attributes) {
        if (attribute.type > 0x7fff)
            return fail("attribute type " + std::to_string(attribute.type) + " does not fit in 15 bits");
        if (attribute.isTv) {
            if (attribute.value.size() != 2)
                return fail("a TV attribute carries exactly 2 value bytes, not " +
                            std::to_string(attribute.value.size()));
            appendU16(out, static_cast<std::uint16_t>(attribute.type | kAttributeFormatBit));
        } else {
            if (attribute.value.size() > 0xffff)
                return fail("a TLV attribute value of " + std::to_string(attribute.value.size()) +
                            " bytes does not fit its 16-bit length");
            appendU16(out, attribute.type);
            appendU16(out, static_cast<std::uint16_t>(attribute.value.size()));
        }
        append(out, attribute.value);
    }
    return {};
}

} // namespace ipseclab::wire
