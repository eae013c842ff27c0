// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Internal to core/wire, shared by the ISAKMP codec files: the one walker over generic payload
// headers (Next Payload | RESERVED | Payload Length) that message payloads, proposals inside an SA
// and transforms inside a proposal all share; the helper that lets a container's annotation
// precede its children's; the per-type body codecs.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/FieldSpec.h"
#include "wire/IsakmpConstants.h"
#include "wire/IsakmpFields.h"
#include "wire/IsakmpFormat.h"
#include "wire/IsakmpPayloads.h"

namespace ipseclab::wire::isakmp_detail {

enum class ChainLevel {
    Message,    // payloads of a message: any type but Proposal, Transform and IKEv2 numbers
    Proposals,  // inside an SA: only Proposal (Next Payload 2 or 0)
    Transforms, // inside a Proposal: only Transform (Next Payload 3 or 0)
};

struct ChainEntry {
    PayloadType type;
    std::uint8_t nextPayload;
    std::uint8_t reserved;
    std::size_t offset; // from bytes[0] of the walked buffer
    std::size_t length; // Payload Length
    std::string name;   // annotation/error name: "SA", "VID#2", "Proposal#1"
};

struct ChainWalk {
    std::vector<ChainEntry> entries; // every entry whose generic header checked out
    std::size_t end = 0;             // offset after the last entry
    std::optional<Error> error;      // why the walk stopped early, if it did
};

// How an error names a field of the ISAKMP header: in words a student reads, with the key to
// filter on, under the annotator's prefix: "ISAKMP header length (isakmp.length)".
std::string headerFieldLabel(const Annotator& annotator, const Field& field);

// Where the Next Payload field announcing the first entry sits, for errors about its type.
struct FirstTypeField {
    // The ISAKMP header's field (its label, headerFieldLabel, made only for an error: "ISAKMP header
    // next payload (isakmp.nextpayload)"); null when not in these bytes.
    const Field* headerField = nullptr;
    std::optional<std::size_t> offset; // absolute
};

// Walks entries in bytes[begin, end) from type `first` until Next Payload 0. Offsets are relative
// to bytes[0], which sits at annotator.base(). Message-level names get "#n" when a type repeats.
ChainWalk walkChain(PayloadType first, ByteView bytes, std::size_t begin, std::size_t end, ChainLevel level,
                    const Annotator& annotator, const FirstTypeField& firstField = {});

// Annotates an entry's generic header (Next Payload, Reserved, Payload Length) relative to the
// entry's own annotator.
void annotateGenericHeader(const Annotator& entry, const ChainEntry& chainEntry, ChainLevel level);

// Re-emits annotations collected aside under `to` (their paths start with to's prefix).
void forward(const Annotator& to, const Annotations& from);

// Decodes a container (payload, proposal, transform) whose own annotation needs the decoded
// content for its value text yet must come before its children: the container is added first and
// its value filled in afterwards, so the children go straight into the sink (collecting them aside
// and copying them up re-copied every field once per level of nesting).
template <typename T, typename Decode, typename Describe>
Result<T> decodeContainer(const Annotator& parent, const Field& field, const std::string& name, std::size_t offset,
                          std::size_t length, std::string_view meaning, Decode&& decode, Describe&& describe) {
    const std::size_t place = parent.enabled() ? parent.add(field, name, offset, length, {}, std::string(meaning)) : 0;
    Result<T> result = decode(parent.child(name, offset));
    if (parent.enabled()) parent.setValue(place, result ? describe(*result) : "malformed: " + result.error().message);
    return result;
}

// Decodes the body of a payload of `type`. `payload` is the whole payload, generic header
// included (which the chain decoder has already checked and annotated); annotations and errors
// count from payload[0] at annotator.base().
Result<PayloadBody> decodeBody(PayloadType type, ByteView payload, const Annotator& annotator);

// The value text of a payload's container annotation: "IPsec DOI, 1 proposal", "INITIAL-CONTACT (24578)".
std::string describeBody(const PayloadBody& body);

} // namespace ipseclab::wire::isakmp_detail
