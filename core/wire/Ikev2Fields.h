// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The fields only IKEv2 has (RFC 7296 §3), registered once, with Wireshark's packet-isakmp.c keys
// where it has one. Wireshark dissects IKEv2 as "isakmp" too, so the fields both versions share
// (isakmp.ispi, isakmp.nextpayload, isakmp.nonce, isakmp.notify.msgtype...) are IsakmpFields.h's,
// annotated with IKEv2's names and meanings.

#include <span>

#include "wire/Field.h"
#include "wire/Ikev2Constants.h"

namespace ipseclab::wire::ikev2_fields {

// ---- the generic payload header (§3.2): the critical bit; the annotation of its byte also tells
// the 7 reserved bits beside it (Wireshark's isakmp.reserved7), which have no byte of their own ----
inline constexpr Field kCritical{"isakmp.criticalpayload", "Critical Bit", FieldType::None,
                                 "set: a receiver that does not know this payload type must reject the message", 0x80};

// ---- payload containers IKEv1 does not have ----
inline constexpr Field kPayloadIdI{"ipseclab.isakmp.payload.idi", "IDi", FieldType::None,
                                   "Identification payload of the initiator"};
inline constexpr Field kPayloadIdR{"ipseclab.isakmp.payload.idr", "IDr", FieldType::None,
                                   "Identification payload of the responder"};
inline constexpr Field kPayloadAuth{"ipseclab.isakmp.payload.auth", "AUTH", FieldType::None, "Authentication payload"};
inline constexpr Field kPayloadTsI{"ipseclab.isakmp.payload.tsi", "TSi", FieldType::None,
                                   "Traffic Selector payload of the initiator"};
inline constexpr Field kPayloadTsR{"ipseclab.isakmp.payload.tsr", "TSr", FieldType::None,
                                   "Traffic Selector payload of the responder"};
inline constexpr Field kPayloadSk{"ipseclab.isakmp.payload.sk", "SK", FieldType::None,
                                  "Encrypted and Authenticated payload"};
inline constexpr Field kPayloadCp{"ipseclab.isakmp.payload.cp", "CP", FieldType::None, "Configuration payload"};

// ---- Transform substructure (§3.3.2, §3.3.5) ----
inline constexpr Field kTransformType{"isakmp.tf.type", "Transform Type", FieldType::Unsigned,
                                      "which kind of algorithm this transform names: ENCR, PRF, INTEG, DH or ESN"};
inline constexpr Field kTransformIdEncr{"isakmp.tf.id.encr", "Transform ID", FieldType::Unsigned,
                                        "the encryption algorithm"};
inline constexpr Field kTransformIdPrf{"isakmp.tf.id.prf", "Transform ID", FieldType::Unsigned,
                                       "the pseudo-random function the keys are derived with"};
inline constexpr Field kTransformIdInteg{"isakmp.tf.id.integ", "Transform ID", FieldType::Unsigned,
                                         "the integrity algorithm"};
inline constexpr Field kTransformIdDh{"isakmp.tf.id.dh", "Transform ID", FieldType::Unsigned,
                                      "the Diffie-Hellman group"};
inline constexpr Field kTransformIdEsn{"isakmp.tf.id.esn", "Transform ID", FieldType::Unsigned,
                                       "whether ESP uses 64-bit extended sequence numbers"};
inline constexpr Field kTransformId{"isakmp.tf.id", "Transform ID", FieldType::Unsigned,
                                    "the algorithm, numbered within its transform type"};
inline constexpr Field kAttribute{"isakmp.ike2.attr", "Transform Attribute", FieldType::None,
                                  "an attribute of the transform: a type and a value (TV) or a length and a value"};
inline constexpr Field kAttributeType{"isakmp.ike2.attr.type", "Attribute Type", FieldType::Unsigned,
                                      "the attribute's type; the AF bit (0x8000) says no length follows", 0x7fff};
inline constexpr Field kAttributeLength{"isakmp.ike2.attr.length", "Attribute Length", FieldType::Unsigned,
                                        "length of the value that follows"};
inline constexpr Field kAttributeValue{"isakmp.ike2.attr.value", "Attribute Value", FieldType::Bytes,
                                       "the attribute's value"};
inline constexpr Field kAttributeKeyLength{
    "isakmp.ike2.attr.key_length", "Key Length", FieldType::Unsigned,
    "the key length in bits of a cipher with variable keys (AES: 128, 192, 256)"};

// ---- KE (§3.4), AUTH (§3.8) ----
inline constexpr Field kDhGroup{"isakmp.key_exchange.dh_group", "Diffie-Hellman Group Num", FieldType::Unsigned,
                                "the group of the key exchange data; must be the DH transform the sender proposed"};
inline constexpr Field kAuthMethod{"isakmp.auth.method", "Auth Method", FieldType::Unsigned,
                                   "how the AUTH data was computed"};
inline constexpr Field kAuthData{
    "isakmp.auth.data", "Authentication Data", FieldType::Bytes,
    "with a PSK: prf(prf(PSK, \"Key Pad for IKEv2\"), message | peer's nonce | prf(SK_p, ID'))"};

// ---- Notify data IKEv2 gives a key of its own ----
inline constexpr Field kAcceptedDhGroup{"isakmp.notify.data.accepted_dh_group", "Accepted DH Group",
                                        FieldType::Unsigned, "the group the responder wants the KE in"};
inline constexpr Field kSignatureHash{"isakmp.notify.data.signature_hash_algorithms", "Signature Hash Algorithm",
                                      FieldType::Unsigned, "a hash algorithm the sender verifies signatures with"};

// ---- TSi/TSr (§3.13) ----
inline constexpr Field kTsNumber{"isakmp.ts.number", "Number of TSs", FieldType::Unsigned,
                                 "how many traffic selectors follow"};
inline constexpr Field kTsData{"isakmp.ts.data", "Traffic Selector", FieldType::None,
                               "one range of traffic: protocol, ports and addresses"};
inline constexpr Field kTsType{"isakmp.ts.type", "TS Type", FieldType::Unsigned,
                               "TS_IPV4_ADDR_RANGE (7) or TS_IPV6_ADDR_RANGE (8)"};
inline constexpr Field kTsProtocol{"isakmp.ts.protoid", "IP Protocol ID", FieldType::Unsigned,
                                   "the IP protocol the selector covers; 0 = any"};
inline constexpr Field kTsLength{"isakmp.ts.selector_length", "Selector Length", FieldType::Unsigned,
                                 "length of this selector, its header included"};
inline constexpr Field kTsStartPort{"isakmp.ts.start_port", "Start Port", FieldType::Unsigned,
                                    "the first port covered"};
inline constexpr Field kTsEndPort{"isakmp.ts.end_port", "End Port", FieldType::Unsigned, "the last port covered"};
inline constexpr Field kTsStartIpv4{"isakmp.ts.start_ipv4", "Starting Address", FieldType::Ipv4,
                                    "the first address covered"};
inline constexpr Field kTsEndIpv4{"isakmp.ts.end_ipv4", "Ending Address", FieldType::Ipv4, "the last address covered"};
inline constexpr Field kTsStartIpv6{"isakmp.ts.start_ipv6", "Starting Address", FieldType::None,
                                    "the first address covered"};
inline constexpr Field kTsEndIpv6{"isakmp.ts.end_ipv6", "Ending Address", FieldType::None, "the last address covered"};

// ---- CP (§3.15) ----
inline constexpr Field kCfgType{"isakmp.cfg.type", "CFG Type", FieldType::Unsigned,
                                "CFG_REQUEST, CFG_REPLY, CFG_SET or CFG_ACK"};
inline constexpr Field kCfgAttribute{"isakmp.cfg.attr", "Configuration Attribute", FieldType::None,
                                     "one configuration attribute: a type, a length and a value"};
inline constexpr Field kCfgAttributeType{"isakmp.cfg.attr.type", "Attribute Type", FieldType::Unsigned,
                                         "which setting; the top bit is reserved", 0x7fff};
inline constexpr Field kCfgAttributeLength{"isakmp.cfg.attr.length", "Length", FieldType::Unsigned,
                                           "length of the value; 0 in a request for any value"};
inline constexpr Field kCfgAttributeValue{"isakmp.cfg.attr.value", "Value", FieldType::Bytes, "the setting's value"};

// The container of a payload of `type` (IsakmpFields.h's where IKEv1 has the same payload).
const Field& payloadField(ikev2::PayloadType type);
// The Transform ID's key for a transform type: isakmp.tf.id.encr for ENCR.
const Field& transformIdField(ikev2::TransformType type);

// Every field above, once each.
std::span<const Field* const> all();

} // namespace ipseclab::wire::ikev2_fields
