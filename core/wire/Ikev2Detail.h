// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Internal to the IKEv2 codec (core/wire/Ikev2*.cpp): the per-type body codecs the chain codec
// calls. Each decoder gets the whole payload, generic header included (already checked and
// annotated), and an annotator whose offset 0 is the payload's first byte.

#include <string>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Ikev2Payloads.h"

namespace ipseclab::wire::ikev2::detail {

Result<PayloadBody> decodeSa(ByteView payload, const Annotator& at);
Result<void> appendSa(Bytes& out, const SaPayload& sa);
std::string describeSa(const SaPayload& sa);

Result<PayloadBody> decodeBody(PayloadType type, ByteView payload, const Annotator& at);
// The body of a payload, without its generic header.
Result<Bytes> encodeBody(const PayloadBody& body);
// The value text of a payload's container annotation: "1 proposal", "COOKIE (16390)".
std::string describeBody(const PayloadBody& body);

// Bytes [offset, offset + length) of `bytes` as a copy.
Bytes copyOf(ByteView bytes, std::size_t offset, std::size_t length);
// "must be zero", or that non-zero reserved bits are accepted.
std::string reservedMeaning(bool zero);

} // namespace ipseclab::wire::ikev2::detail
