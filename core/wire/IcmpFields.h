// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ICMP echo's fields (RFC 792), and the bytes of a protocol the lab does not dissect, registered once.

#include "wire/Field.h"

namespace ipseclab::wire::icmp_fields {

inline constexpr Field kMessage{"icmp", "ICMP", FieldType::None, "an ICMP echo message: a ping or its answer"};
inline constexpr Field kType{"icmp.type", "Type", FieldType::Unsigned,
                             "8 asks \"are you there?\" (echo request), 0 answers it (echo reply)"};
inline constexpr Field kCode{"icmp.code", "Code", FieldType::Unsigned, "a sub-type; always 0 for echo"};
inline constexpr Field kChecksum{"icmp.checksum", "Checksum", FieldType::Hex,
                                 "detects damage to the ICMP message (header and data)"};
inline constexpr Field kIdentifier{"icmp.ident", "Identifier", FieldType::Unsigned,
                                   "chosen by the pinging program, so it recognises the replies meant for it"};
inline constexpr Field kSequence{"icmp.seq", "Sequence Number", FieldType::Unsigned,
                                 "counts the pings; a reply repeats the request's"};
// Wireshark's data dissector shows the echo's data, and any bytes it does not dissect, as data.data.
inline constexpr Field kData{"data.data", "Data", FieldType::Bytes,
                             "whatever the pinging program put in; the reply echoes it unchanged"};

inline constexpr const Field* kAll[] = {&kMessage, &kType, &kCode, &kChecksum, &kIdentifier, &kSequence, &kData};

} // namespace ipseclab::wire::icmp_fields
