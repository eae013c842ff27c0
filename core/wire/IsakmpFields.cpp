// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IsakmpFields.h"

#include <array>
#include <vector>

namespace ipseclab::wire::isakmp_fields {

namespace {

constexpr Field attribute(std::string_view key, std::string_view name, FieldType type = FieldType::Unsigned) {
    return Field{key, name, type, "the attribute's value"};
}

// Phase 1 (RFC 2409 App. A), by attribute type 1..16.
constexpr std::array kPhase1Values{
    attribute("isakmp.ike.attr.encryption_algorithm", "Encryption Algorithm"),
    attribute("isakmp.ike.attr.hash_algorithm", "Hash Algorithm"),
    attribute("isakmp.ike.attr.authentication_method", "Authentication Method"),
    attribute("isakmp.ike.attr.group_description", "Group Description"),
    attribute("isakmp.ike.attr.group_type", "Group Type"),
    attribute("isakmp.ike.attr.group_prime", "Group Prime or Irreducible Polynomial", FieldType::Bytes),
    attribute("isakmp.ike.attr.group_generator_one", "Group Generator One", FieldType::Bytes),
    attribute("isakmp.ike.attr.group_generator_two", "Group Generator Two", FieldType::Bytes),
    attribute("isakmp.ike.attr.group_curve_a", "Group Curve A", FieldType::Bytes),
    attribute("isakmp.ike.attr.group_curve_b", "Group Curve B", FieldType::Bytes),
    attribute("isakmp.ike.attr.life_type", "Life Type"),
    attribute("isakmp.ike.attr.life_duration", "Life Duration"),
    attribute("isakmp.ike.attr.prf", "PRF", FieldType::Bytes),
    attribute("isakmp.ike.attr.key_length", "Key Length"),
    attribute("isakmp.ike.attr.field_size", "Field Size", FieldType::Bytes),
    attribute("isakmp.ike.attr.group_order", "Group Order", FieldType::Bytes),
};

// IPsec DOI (RFC 2407 §4.5), by attribute type 1..15.
constexpr std::array kIpsecValues{
    attribute("isakmp.ipsec.attr.life_type", "SA Life Type"),
    attribute("isakmp.ipsec.attr.life_duration", "SA Life Duration"),
    attribute("isakmp.ipsec.attr.group_description", "Group Description"),
    attribute("isakmp.ipsec.attr.encap_mode", "Encapsulation Mode"),
    attribute("isakmp.ipsec.attr.auth_algorithm", "Authentication Algorithm"),
    attribute("isakmp.ipsec.attr.key_length", "Key Length"),
    attribute("isakmp.ipsec.attr.key_rounds", "Key Rounds"),
    attribute("isakmp.ipsec.attr.cmpr_dict_size", "Compress Dictionary Size"),
    attribute("isakmp.ipsec.attr.cmpr_algorithm", "Compress Private Algorithm", FieldType::Bytes),
    attribute("isakmp.ipsec.attr.ecn_tunnel", "ECN Tunnel"),
    attribute("isakmp.ipsec.attr.ext_seq_nbr", "Extended (64-bit) Sequence Number"),
    attribute("isakmp.ipsec.attr.auth_key_length", "Authentication Key Length"),
    attribute("isakmp.ipsec.attr.sig_enco_algorithm", "Signature Encoding Algorithm", FieldType::Bytes),
    attribute("isakmp.ipsec.attr.addr_preservation", "Address Preservation"),
    attribute("isakmp.ipsec.attr.sa_direction", "SA Direction"),
};

// A RESPONDER-LIFETIME notification's IPsec attributes: Wireshark keys only the lifetime pair.
constexpr std::array kLifetimeValues{
    attribute("isakmp.notify.data.resp_lifetime.ipsec.attr.life_type", "SA Life Type"),
    attribute("isakmp.notify.data.resp_lifetime.ipsec.attr.life_duration", "SA Life Duration"),
};

template <std::size_t N>
constexpr std::array<const Field*, N> pointers(const std::array<Field, N>& fields) {
    std::array<const Field*, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = &fields[i];
    return out;
}

constexpr auto kPhase1ValuePointers = pointers(kPhase1Values);
constexpr auto kIpsecValuePointers = pointers(kIpsecValues);
constexpr auto kLifetimeValuePointers = pointers(kLifetimeValues);

constexpr std::string_view kAttributeMeaning =
    "one data attribute: a type and its value (TV) or length and value (TLV)";
constexpr std::string_view kTypeMeaning = "the attribute's type; the AF bit (0x8000) says whether a length follows";
constexpr std::string_view kLengthMeaning = "length of the value that follows";
constexpr std::string_view kValueMeaning = "the attribute's value";

constexpr Field kPhase1Attr{"isakmp.ike.attr", "Attribute", FieldType::None, kAttributeMeaning};
constexpr Field kPhase1Type{"isakmp.ike.attr.type", "Attribute Type", FieldType::Unsigned, kTypeMeaning, 0x7fff};
constexpr Field kPhase1Length{"isakmp.ike.attr.length", "Attribute Length", FieldType::Unsigned, kLengthMeaning};
constexpr Field kPhase1Value{"isakmp.ike.attr.value", "Attribute Value", FieldType::Bytes, kValueMeaning};
constexpr Field kIpsecAttr{"isakmp.ipsec.attr", "Attribute", FieldType::None, kAttributeMeaning};
constexpr Field kIpsecType{"isakmp.ipsec.attr.type", "Attribute Type", FieldType::Unsigned, kTypeMeaning, 0x7fff};
constexpr Field kIpsecLength{"isakmp.ipsec.attr.length", "Attribute Length", FieldType::Unsigned, kLengthMeaning};
constexpr Field kIpsecValue{"isakmp.ipsec.attr.value", "Attribute Value", FieldType::Bytes, kValueMeaning};
constexpr Field kLifetimeAttr{"isakmp.notify.data.resp_lifetime.ipsec.attr", "Attribute", FieldType::None,
                              kAttributeMeaning};
constexpr Field kLifetimeType{"isakmp.notify.data.resp_lifetime.ipsec.attr.type", "Attribute Type", FieldType::Unsigned,
                              kTypeMeaning, 0x7fff};
constexpr Field kLifetimeLength{"isakmp.notify.data.resp_lifetime.ipsec.attr.length", "Attribute Length",
                                FieldType::Unsigned, kLengthMeaning};
constexpr Field kLifetimeValue{"isakmp.notify.data.resp_lifetime.ipsec.attr.value", "Attribute Value", FieldType::Bytes,
                               kValueMeaning};
// Attributes of a proposal whose protocol the lab does not know.
constexpr Field kOtherAttr{"ipseclab.isakmp.attr", "Attribute", FieldType::None, kAttributeMeaning};
constexpr Field kOtherType{"ipseclab.isakmp.attr.type", "Attribute Type", FieldType::Unsigned, kTypeMeaning, 0x7fff};
constexpr Field kOtherLength{"ipseclab.isakmp.attr.length", "Attribute Length", FieldType::Unsigned, kLengthMeaning};
constexpr Field kOtherValue{"ipseclab.isakmp.attr.value", "Attribute Value", FieldType::Bytes, kValueMeaning};

const AttributeFields kPhase1{kPhase1Attr, kPhase1Type, kPhase1Length, kPhase1Value, kPhase1ValuePointers};
const AttributeFields kIpsec{kIpsecAttr, kIpsecType, kIpsecLength, kIpsecValue, kIpsecValuePointers};
const AttributeFields kLifetime{kLifetimeAttr, kLifetimeType, kLifetimeLength, kLifetimeValue, kLifetimeValuePointers};
const AttributeFields kOther{kOtherAttr, kOtherType, kOtherLength, kOtherValue, {}};

constexpr const Field* kFixed[] = {
    &kHeader,
    &kInitiatorCookie,
    &kResponderCookie,
    &kNextPayload,
    &kVersion,
    &kExchangeType,
    &kFlags,
    &kMessageId,
    &kLength,
    &kEncrypted,
    &kPadding,
    &kAfterHash,
    &kReserved,
    &kPayloadLength,
    &kPayloadSa,
    &kPayloadKe,
    &kPayloadId,
    &kPayloadCert,
    &kPayloadCr,
    &kPayloadHash,
    &kPayloadSig,
    &kPayloadNonce,
    &kPayloadNotification,
    &kPayloadDelete,
    &kPayloadVendorId,
    &kPayloadNatD,
    &kPayloadNatOa,
    &kPayloadOther,
    &kProposal,
    &kTransform,
    &kSaDoi,
    &kSaSituation,
    &kProposalNumber,
    &kProposalProtocol,
    &kSpiSize,
    &kTransformCount,
    &kSpi,
    &kTransformNumber,
    &kTransformId,
    &kKeyExchangeData,
    &kHashData,
    &kNonceData,
    &kSignatureData,
    &kVendorId,
    &kNatHash,
    &kPayloadData,
    &kIdType,
    &kIdProtocol,
    &kIdPort,
    &kIdIpv4Address,
    &kIdIpv6Address,
    &kIdIpv4Subnet,
    &kIdIpv6Subnet,
    &kIdIpv4RangeStart,
    &kIdIpv4RangeEnd,
    &kIdIpv6RangeStart,
    &kIdIpv6RangeEnd,
    &kIdFqdn,
    &kIdUserFqdn,
    &kIdKeyId,
    &kIdData,
    &kNatOaIdType,
    &kNatOaReserved,
    &kNatOaIpv4,
    &kNatOaIpv6,
    &kNatOaOther,
    &kNotifyDoi,
    &kNotifyProtocol,
    &kNotifyType,
    &kNotifyData,
    &kDpdRUThere,
    &kDpdRUThereAck,
    &kDeleteDoi,
    &kDeleteProtocol,
    &kSpiCount,
    &kDeleteSpi,
    &kCertEncoding,
    &kCertData,
    &kCertType,
    &kCertAuthority,
};

std::vector<const Field*> collectAll() {
    std::vector<const Field*> out(std::begin(kFixed), std::end(kFixed));
    for (const AttributeFields* set : {&kPhase1, &kIpsec, &kLifetime, &kOther}) {
        out.insert(out.end(), {&set->container, &set->type, &set->length, &set->value});
        out.insert(out.end(), set->byType.begin(), set->byType.end());
    }
    return out;
}

} // namespace

const Field& payloadField(PayloadType type) {
    switch (type) {
    case PayloadType::Sa: return kPayloadSa;
    case PayloadType::Ke: return kPayloadKe;
    case PayloadType::Id: return kPayloadId;
    case PayloadType::Cert: return kPayloadCert;
    case PayloadType::Cr: return kPayloadCr;
    case PayloadType::Hash: return kPayloadHash;
    case PayloadType::Sig: return kPayloadSig;
    case PayloadType::Nonce: return kPayloadNonce;
    case PayloadType::Notification: return kPayloadNotification;
    case PayloadType::Delete: return kPayloadDelete;
    case PayloadType::VendorId: return kPayloadVendorId;
    case PayloadType::NatD:
    case PayloadType::NatDDraft: return kPayloadNatD;
    case PayloadType::NatOa:
    case PayloadType::NatOaDraft: return kPayloadNatOa;
    default: return kPayloadOther;
    }
}

const Field& AttributeFields::valueOf(std::uint16_t attributeType) const {
    return attributeType >= 1 && attributeType <= byType.size() ? *byType[attributeType - 1] : value;
}

const AttributeFields& attributeFields(AttributeSpace space, AttributePlace place) {
    if (place == AttributePlace::ResponderLifetime) return kLifetime;
    switch (space) {
    case AttributeSpace::Phase1: return kPhase1;
    case AttributeSpace::Ipsec: return kIpsec;
    case AttributeSpace::Unknown: break;
    }
    return kOther;
}

std::span<const Field* const> all() {
    static const std::vector<const Field*> fields = collectAll();
    return fields;
}

} // namespace ipseclab::wire::isakmp_fields
