// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IsakmpDetail.h"

#include <array>
#include <cstdint>

namespace ipseclab::wire::isakmp_detail {

namespace {

// Why a type cannot appear at this level, or nullopt if it can.
std::optional<std::string> misplaced(PayloadType type, ChainLevel level) {
    const auto number = static_cast<unsigned>(type);
    switch (level) {
    case ChainLevel::Message:
        if (type == PayloadType::Proposal)
            return std::string("a Proposal payload (2) can only appear inside an SA payload");
        if (type == PayloadType::Transform)
            return std::string("a Transform payload (3) can only appear inside a Proposal payload");
        if (number >= 33 && number <= 53)
            return "payload type " + std::to_string(number) + " is an IKEv2 payload number and cannot appear in IKEv1";
        return std::nullopt;
    case ChainLevel::Proposals:
        if (type == PayloadType::Proposal) return std::nullopt;
        return "only Proposal payloads (2) can follow inside an SA payload, not type " + std::to_string(number);
    case ChainLevel::Transforms:
        if (type == PayloadType::Transform) return std::nullopt;
        return "only Transform payloads (3) can follow inside a Proposal payload, not type " + std::to_string(number);
    }
    return std::nullopt;
}

std::string_view containerWord(ChainLevel level) {
    switch (level) {
    case ChainLevel::Message: return "the payload chain";
    case ChainLevel::Proposals: return "the SA payload";
    case ChainLevel::Transforms: return "the Proposal payload";
    }
    return "its parent";
}

} // namespace

ChainWalk walkChain(PayloadType first, ByteView bytes, std::size_t begin, std::size_t end, ChainLevel level,
                    const Annotator& annotator, const FirstTypeField& firstField) {
    ChainWalk walk;
    walk.end = begin;
    std::array<int, 256> seen{}; // by payload type: a map allocated on every datagram's walk
    std::size_t pos = begin;
    PayloadType type = first;
    while (type != PayloadType::None) {
        const std::size_t index = walk.entries.size() + 1;
        std::string name;
        switch (level) {
        case ChainLevel::Message: {
            name = payloadShortName(type);
            if (const int count = ++seen[static_cast<std::uint8_t>(type)]; count > 1)
                name += "#" + std::to_string(count);
            break;
        }
        case ChainLevel::Proposals: name = "Proposal#" + std::to_string(index); break;
        case ChainLevel::Transforms: name = "Transform#" + std::to_string(index); break;
        }

        if (std::optional<std::string> why = misplaced(type, level)) {
            if (walk.entries.empty()) {
                walk.error = Error{std::move(*why),
                                   firstField.headerField ? headerFieldLabel(annotator, *firstField.headerField)
                                                          : fieldPath(annotator, name),
                                   firstField.offset ? firstField.offset
                                                     : std::optional<std::size_t>(annotator.base() + pos)};
                break;
            }
            walk.error = Error{std::move(*why), fieldPath(annotator, walk.entries.back().name + "/Next Payload"),
                               annotator.base() + walk.entries.back().offset};
            break;
        }
        if (end - pos < kGenericPayloadHeaderSize) {
            walk.error = Error{"the previous Next Payload announces " + name + " but only " +
                                   plural(end - pos, "byte") + " of " + std::string(containerWord(level)) +
                                   " are left for its 4-byte generic header (truncated)",
                               fieldPath(annotator, name), annotator.base() + pos};
            break;
        }
        const std::size_t length = readU16(bytes, pos + 2);
        if (length < kGenericPayloadHeaderSize) {
            walk.error = Error{"Payload Length " + std::to_string(length) + " is below the 4-byte generic header",
                               fieldPath(annotator, name + "/Payload Length"), annotator.base() + pos + 2};
            break;
        }
        if (length > end - pos) {
            walk.error = Error{"Payload Length " + std::to_string(length) + " runs past the end of " +
                                   std::string(containerWord(level)) + " (" + plural(end - pos, "byte") + " left)",
                               fieldPath(annotator, name + "/Payload Length"), annotator.base() + pos + 2};
            break;
        }
        walk.entries.push_back(ChainEntry{type, bytes[pos], bytes[pos + 1], pos, length, std::move(name)});
        pos += length;
        walk.end = pos;
        type = static_cast<PayloadType>(walk.entries.back().nextPayload);
    }
    // Only a message's chain may be followed by padding; stray bytes inside an SA or a proposal
    // would be silently skipped (and re-encoded away) otherwise.
    if (!walk.error && level != ChainLevel::Message && walk.end != end && !walk.entries.empty())
        walk.error = Error{"Next Payload 0 marks the last " +
                               std::string(level == ChainLevel::Proposals ? "proposal" : "transform") + " but " +
                               plural(end - walk.end, "byte") + " of " + std::string(containerWord(level)) + " follow",
                           fieldPath(annotator, walk.entries.back().name + "/Next Payload"),
                           annotator.base() + walk.entries.back().offset};
    // Number repeated payload types from the first occurrence on ("VID#1".."VID#5"), which a walk
    // can only know once it has seen them all. (A failed walk's error names its entry by the
    // running count, which agrees: no later entry of that type was walked.)
    if (level == ChainLevel::Message) {
        std::array<int, 256> position{};
        for (ChainEntry& entry : walk.entries)
            if (const auto t = static_cast<std::uint8_t>(entry.type); seen[t] > 1)
                entry.name = payloadShortName(entry.type) + "#" + std::to_string(++position[t]);
    }
    return walk;
}

void annotateGenericHeader(const Annotator& entry, const ChainEntry& chainEntry, ChainLevel level) {
    if (!entry.enabled()) return;
    const auto next = static_cast<PayloadType>(chainEntry.nextPayload);
    std::string nextMeaning;
    switch (level) {
    case ChainLevel::Message:
        nextMeaning = next == PayloadType::None ? "0: this is the last payload of the chain"
                                                : "type of the payload that follows this one";
        break;
    case ChainLevel::Proposals:
        nextMeaning = next == PayloadType::None ? "0: this is the last proposal of the SA"
                                                : "2: another proposal follows in this SA";
        break;
    case ChainLevel::Transforms:
        nextMeaning = next == PayloadType::None ? "0: this is the last transform of the proposal"
                                                : "3: another transform follows in this proposal";
        break;
    }
    entry.add(isakmp_fields::kNextPayload, 0, 1, nameAndNumber(payloadTypeName(next), chainEntry.nextPayload),
              nextMeaning);
    entry.add(isakmp_fields::kReserved, 1, 1, std::to_string(chainEntry.reserved),
              chainEntry.reserved == 0 ? "must be zero"
                                       : "should be zero but is not; accepted, as strongSwan and Wireshark do");
    entry.add(isakmp_fields::kPayloadLength, 2, 2, plural(chainEntry.length, "byte"),
              level == ChainLevel::Message     ? "length of this payload, its 4-byte generic header included"
              : level == ChainLevel::Proposals ? "length of this proposal, its transforms included"
                                               : "length of this transform, its attributes included");
}

void forward(const Annotator& to, const Annotations& from) {
    for (const Annotation& annotation : from) to.append(annotation);
}

} // namespace ipseclab::wire::isakmp_detail
