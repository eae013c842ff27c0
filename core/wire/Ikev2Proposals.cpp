// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The SA payload's proposals, transforms and transform attributes (RFC 7296 §3.3).

#include <optional>
#include <vector>

#include "wire/FieldSpec.h"
#include "wire/Ikev2Detail.h"
#include "wire/Ikev2Fields.h"
#include "wire/Ikev2Header.h"
#include "wire/IsakmpConstants.h"
#include "wire/IsakmpDetail.h"
#include "wire/IsakmpFields.h"
#include "wire/IsakmpFormat.h"

namespace ipseclab::wire::ikev2 {

std::optional<std::uint16_t> Transform::keyLength() const {
    for (const TransformAttribute& a : attributes)
        if (a.type == kAttributeKeyLength && a.tv && a.value.size() == 2) return readU16(a.value, 0);
    return std::nullopt;
}

namespace detail {

namespace {

namespace v1 = isakmp_fields;
namespace v2 = ikev2_fields;
using isakmp_detail::decodeContainer;
using isakmp_detail::hexValue;
using isakmp_detail::plural;

constexpr std::uint8_t kMoreProposals = 2;
constexpr std::uint8_t kMoreTransforms = 3;
constexpr std::size_t kProposalFixed = 8;  // up to the SPI
constexpr std::size_t kTransformFixed = 8; // up to the attributes

// A proposal or a transform: the substructures of an SA (§3.3.1, §3.3.2), each with a Last
// Substruc byte (0, or 2/3 when another follows), a reserved byte and a 2-byte length.
struct Substructure {
    std::size_t offset;
    std::size_t length;
    std::uint8_t last;
    std::uint8_t reserved;
    std::string name;
};

// Walks the substructures in bytes[begin, end), which they must fill exactly.
Result<std::vector<Substructure>> walkSubstructures(ByteView bytes, std::size_t begin, std::size_t end,
                                                    std::uint8_t more, std::string_view word, std::string_view parent,
                                                    const Annotator& at) {
    std::vector<Substructure> out;
    std::size_t pos = begin;
    while (pos < end) {
        std::string name = std::string(word) + "#" + std::to_string(out.size() + 1);
        if (end - pos < 4)
            return failAt(at, name, pos,
                          plural(end - pos, "byte") + " left in " + std::string(parent) + " for the next " +
                              std::string(word) + "'s 4-byte header (truncated)");
        const std::size_t length = readU16(bytes, pos + 2);
        const std::size_t minimum = word == "Proposal" ? kProposalFixed : kTransformFixed;
        if (length < minimum)
            return failAt(at, name + "/" + std::string(word) + " Length", pos + 2,
                          std::string(word) + " Length " + std::to_string(length) + " is below its " +
                              std::to_string(minimum) + "-byte fixed part");
        if (length > end - pos)
            return failAt(at, name + "/" + std::string(word) + " Length", pos + 2,
                          std::string(word) + " Length " + std::to_string(length) + " runs past the end of " +
                              std::string(parent) + " (" + plural(end - pos, "byte") + " left)");
        out.push_back(Substructure{pos, length, bytes[pos], bytes[pos + 1], std::move(name)});
        pos += length;
        const std::uint8_t last = out.back().last;
        if (last == 0) break;
        if (last != more)
            return failAt(at, out.back().name + "/Last Substruc", out.back().offset,
                          "Last Substruc is " + std::to_string(last) + ": only 0 (last) or " + std::to_string(more) +
                              " (another follows) can stand here");
    }
    if (pos != end)
        return failAt(at, out.back().name + "/Last Substruc", out.back().offset,
                      "Last Substruc 0 marks the last " + std::string(word) + " but " + plural(end - pos, "byte") +
                          " of " + std::string(parent) + " follow");
    if (!out.empty() && out.back().last != 0)
        return failAt(at, out.back().name + "/Last Substruc", out.back().offset,
                      "Last Substruc says another " + std::string(word) + " follows but " + std::string(parent) +
                          " ends here (truncated)");
    return out;
}

void annotateSubstructureHeader(const Annotator& at, const Substructure& s, std::string_view word) {
    at.add(v1::kNextPayload, "Last Substruc", 0, 1, std::to_string(s.last),
           s.last == 0 ? "0: the last " + std::string(word) : "another " + std::string(word) + " follows");
    at.add(v1::kReserved, 1, 1, std::to_string(s.reserved), reservedMeaning(s.reserved == 0));
    at.add(v1::kPayloadLength, std::string(word) + " Length", 2, 2, plural(s.length, "byte"),
           "length of this " + std::string(word) + ", everything inside included");
}

std::string transformText(const Transform& t) {
    std::string text = nameAndNumber(transformIdName(t.type, t.id), t.id);
    if (const auto bits = t.keyLength()) text += ", " + std::to_string(*bits) + " bits";
    return text;
}

// The attributes in bytes[begin, end) of one transform (§3.3.5).
Result<std::vector<TransformAttribute>> decodeAttributes(ByteView p, std::size_t begin, const Annotator& at) {
    std::vector<TransformAttribute> out;
    for (std::size_t pos = begin; pos < p.size();) {
        const std::string name = "Attribute#" + std::to_string(out.size() + 1);
        if (p.size() - pos < 4)
            return failAt(at, name, pos, plural(p.size() - pos, "byte") + " left for a 4-byte attribute (truncated)");
        TransformAttribute a;
        const std::uint16_t word = readU16(p, pos);
        a.tv = (word & 0x8000) != 0;
        a.type = word & 0x7fff;
        const std::size_t valueAt = pos + (a.tv ? 2 : 4);
        const std::size_t valueLength = a.tv ? 2 : readU16(p, pos + 2);
        if (valueLength > p.size() - valueAt)
            return failAt(at, name + "/Attribute Length", pos + 2,
                          "Attribute Length " + std::to_string(valueLength) + " runs past the end of the transform (" +
                              plural(p.size() - valueAt, "byte") + " left)");
        a.value = copyOf(p, valueAt, valueLength);
        if (at.enabled()) {
            const std::size_t total = valueAt + valueLength - pos;
            const bool keyLength = a.type == kAttributeKeyLength && a.tv;
            at.add(v2::kAttribute, name, pos, total,
                   keyLength ? "Key Length: " + std::to_string(readU16(a.value, 0)) : hexValue(a.value));
            const Annotator in = at.child(name, pos);
            in.add(v2::kAttributeType, 0, 2,
                   (a.type == kAttributeKeyLength ? "Key Length (14)" : "unknown (" + std::to_string(a.type) + ")") +
                       std::string(a.tv ? ", TV" : ", TLV"));
            if (!a.tv) in.add(v2::kAttributeLength, 2, 2, plural(valueLength, "byte"));
            if (valueLength > 0)
                in.add(keyLength ? v2::kAttributeKeyLength : v2::kAttributeValue, valueAt - pos, valueLength,
                       keyLength ? std::to_string(readU16(a.value, 0)) : hexValue(a.value));
        }
        out.push_back(std::move(a));
        pos = valueAt + valueLength;
    }
    return out;
}

Result<Transform> decodeTransform(ByteView p, const Substructure& s, const Annotator& at) {
    annotateSubstructureHeader(at, s, "Transform");
    Transform t;
    t.reserved0 = s.reserved;
    t.type = static_cast<TransformType>(p[4]);
    t.reserved = p[5];
    t.id = readU16(p, 6);
    if (at.enabled()) {
        at.add(v2::kTransformType, 4, 1, nameAndNumber(transformTypeName(t.type), p[4]));
        at.add(v1::kReserved, 5, 1, std::to_string(t.reserved), reservedMeaning(t.reserved == 0));
        at.add(v2::transformIdField(t.type), 6, 2, nameAndNumber(transformIdName(t.type, t.id), t.id));
    }
    auto attributes = decodeAttributes(p, kTransformFixed, at);
    if (!attributes) return tl::unexpected(attributes.error());
    t.attributes = std::move(*attributes);
    return t;
}

std::string describeProposal(const Proposal& proposal) {
    std::string text = nameAndNumber(protocolIdName(proposal.protocol), static_cast<unsigned>(proposal.protocol));
    for (const Transform& t : proposal.transforms) text += ", " + transformText(t);
    return text;
}

Result<Proposal> decodeProposal(ByteView p, const Substructure& s, const Annotator& at) {
    annotateSubstructureHeader(at, s, "Proposal");
    Proposal proposal;
    proposal.reserved = s.reserved;
    proposal.number = p[4];
    proposal.protocol = static_cast<ProtocolId>(p[5]);
    const std::size_t spiSize = p[6];
    const std::size_t count = p[7];
    if (at.enabled()) {
        at.add(v1::kProposalNumber, 4, 1, std::to_string(proposal.number),
               "1 for the first proposal, counting up; the responder echoes the number of the one it chose");
        at.add(v1::kProposalProtocol, 5, 1, nameAndNumber(protocolIdName(proposal.protocol), p[5]),
               "IKE for the IKE SA, ESP or AH for a child SA");
        at.add(v1::kSpiSize, 6, 1, std::to_string(spiSize), "0 in IKE_SA_INIT, 8 for an IKE SA rekey, 4 for ESP/AH");
        at.add(v1::kTransformCount, 7, 1, std::to_string(count), "how many transforms follow");
    }
    if (spiSize > p.size() - kProposalFixed)
        return failAt(at, "SPI Size", 6,
                      "SPI Size " + std::to_string(spiSize) + " runs past the end of the proposal (" +
                          plural(p.size() - kProposalFixed, "byte") + " left)");
    proposal.spi = copyOf(p, kProposalFixed, spiSize);
    if (spiSize > 0 && at.enabled())
        at.add(v1::kSpi, kProposalFixed, spiSize, "0x" + toHex(proposal.spi),
               "the SPI the sender wants to receive on (an IKE SA rekey: the new SA's SPI of the sender)");
    auto entries = walkSubstructures(p, kProposalFixed + spiSize, p.size(), kMoreTransforms, "Transform",
                                     "the proposal", at);
    if (!entries) return tl::unexpected(entries.error());
    if (entries->size() != count)
        return failAt(at, "Number of Transforms", 7,
                      "Number of Transforms says " + std::to_string(count) + " but the proposal holds " +
                          std::to_string(entries->size()));
    for (const Substructure& e : *entries) {
        auto transform = decodeContainer<Transform>(
            at, v1::kTransform, e.name, e.offset, e.length, "one algorithm the sender accepts",
            [&](const Annotator& in) { return decodeTransform(p.subspan(e.offset, e.length), e, in); },
            [](const Transform& t) {
                return nameAndNumber(transformTypeName(t.type), static_cast<unsigned>(t.type)) + ": " +
                       transformText(t);
            });
        if (!transform) return tl::unexpected(transform.error());
        proposal.transforms.push_back(std::move(*transform));
    }
    return proposal;
}

Result<void> appendTransform(Bytes& out, const Transform& t, bool last) {
    Bytes body;
    appendU8(body, static_cast<std::uint8_t>(t.type));
    appendU8(body, t.reserved);
    appendU16(body, t.id);
    for (const TransformAttribute& a : t.attributes) {
        if (a.type > 0x7fff) return fail("transform attribute type " + std::to_string(a.type) + " needs 15 bits");
        appendU16(body, static_cast<std::uint16_t>(a.type | (a.tv ? 0x8000 : 0)));
        if (a.tv) {
            if (a.value.size() != 2) return fail("a TV transform attribute's value must be 2 bytes");
        } else {
            if (a.value.size() > 0xffff) return fail("a transform attribute's value does not fit 16 bits of length");
            appendU16(body, static_cast<std::uint16_t>(a.value.size()));
        }
        append(body, a.value);
    }
    if (body.size() + 4 > 0xffff) return fail("a transform over 65535 bytes");
    appendU8(out, last ? 0 : kMoreTransforms);
    appendU8(out, t.reserved0);
    appendU16(out, static_cast<std::uint16_t>(body.size() + 4));
    append(out, body);
    return {};
}

} // namespace

Result<PayloadBody> decodeSa(ByteView p, const Annotator& at) {
    auto entries = walkSubstructures(p, kGenericHeaderSize, p.size(), kMoreProposals, "Proposal", "the SA payload", at);
    if (!entries) return tl::unexpected(entries.error());
    if (entries->empty()) return failAt(at, "Proposal#1", kGenericHeaderSize, "an SA payload needs a proposal");
    SaPayload sa;
    for (const Substructure& e : *entries) {
        auto proposal = decodeContainer<Proposal>(
            at, v1::kProposal, e.name, e.offset, e.length,
            "one offer: a protocol with one or more transforms of each type it needs",
            [&](const Annotator& in) { return decodeProposal(p.subspan(e.offset, e.length), e, in); },
            describeProposal);
        if (!proposal) return tl::unexpected(proposal.error());
        sa.proposals.push_back(std::move(*proposal));
    }
    return sa;
}

Result<void> appendSa(Bytes& out, const SaPayload& sa) {
    for (std::size_t i = 0; i < sa.proposals.size(); ++i) {
        const Proposal& proposal = sa.proposals[i];
        if (proposal.spi.size() > 0xff) return fail("an SPI over 255 bytes");
        if (proposal.transforms.size() > 0xff) return fail("more than 255 transforms in one proposal");
        Bytes transforms;
        for (std::size_t t = 0; t < proposal.transforms.size(); ++t)
            if (auto ok = appendTransform(transforms, proposal.transforms[t], t + 1 == proposal.transforms.size()); !ok)
                return ok;
        const std::size_t length = kProposalFixed + proposal.spi.size() + transforms.size();
        if (length > 0xffff) return fail("a proposal over 65535 bytes");
        appendU8(out, i + 1 == sa.proposals.size() ? 0 : kMoreProposals);
        appendU8(out, proposal.reserved);
        appendU16(out, static_cast<std::uint16_t>(length));
        appendU8(out, proposal.number);
        appendU8(out, static_cast<std::uint8_t>(proposal.protocol));
        appendU8(out, static_cast<std::uint8_t>(proposal.spi.size()));
        appendU8(out, static_cast<std::uint8_t>(proposal.transforms.size()));
        append(out, proposal.spi);
        append(out, transforms);
    }
    return {};
}

std::string describeSa(const SaPayload& sa) {
    std::string text = plural(sa.proposals.size(), "proposal");
    if (sa.proposals.size() == 1) text += ": " + describeProposal(sa.proposals.front());
    return text;
}

} // namespace detail

} // namespace ipseclab::wire::ikev2
