// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The IKEv1 payloads as values (RFC 2408 §3.4–3.15, RFC 2407 §4.6, RFC 3947 §3–4). A decoded
// payload keeps every field it was sent with, reserved bytes and attribute forms included, so that
// encoding what was decoded gives back the same bytes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "base/Bytes.h"
#include "wire/IsakmpAttributes.h"
#include "wire/IsakmpConstants.h"

namespace ipseclab::wire {

struct Transform {
    std::uint8_t number = 1;
    std::uint8_t transformId = kKeyIke; // KEY_IKE in phase 1, an EspTransformId/AhTransformId in phase 2
    DataAttributes attributes;
    std::uint16_t reserved2 = 0; // RESERVED2, must be zero
    std::uint8_t reserved = 0;   // generic header RESERVED, must be zero

    std::optional<std::uint64_t> attribute(std::uint16_t type) const { return attributeNumber(attributes, type); }
    bool operator==(const Transform&) const = default;
};

struct Proposal {
    std::uint8_t number = 1; // same number = AND (bundle), different = alternatives
    ProtocolId protocolId = ProtocolId::Isakmp;
    Bytes spi; // empty in phase 1; 4 bytes for AH/ESP: the SPI the sender wants to receive on
    std::vector<Transform> transforms;
    std::uint8_t reserved = 0; // generic header RESERVED

    bool operator==(const Proposal&) const = default;
};

struct SaPayload {
    std::uint32_t doi = kIpsecDoi;
    std::uint32_t situation = kSitIdentityOnly;
    std::vector<Proposal> proposals;

    bool operator==(const SaPayload&) const = default;
};

struct KePayload {
    Bytes keyExchangeData; // g^x, fixed length for the group (MODP: len(p); ECP: x | y)
    bool operator==(const KePayload&) const = default;
};

struct IdPayload {
    IdType idType = IdType::Ipv4Addr;
    std::uint8_t protocolId = 0; // IP protocol, 0 = any
    std::uint16_t port = 0;      // 0 = any
    Bytes data;                  // address(es), name, or DER, as the type says
    bool operator==(const IdPayload&) const = default;
};

struct HashPayload {
    Bytes hash;
    bool operator==(const HashPayload&) const = default;
};

struct NoncePayload {
    Bytes nonce;
    bool operator==(const NoncePayload&) const = default;
};

struct NotificationPayload {
    std::uint32_t doi = kIpsecDoi;
    ProtocolId protocolId = ProtocolId::Isakmp;
    NotifyType type = NotifyType::InitialContact;
    Bytes spi;  // its size is the SPI Size field (16 = CKY-I | CKY-R for ISAKMP)
    Bytes data; // type-specific: attributes for RESPONDER-LIFETIME, a 4-byte sequence for DPD
    bool operator==(const NotificationPayload&) const = default;
};

struct DeletePayload {
    std::uint32_t doi = kIpsecDoi;
    ProtocolId protocolId = ProtocolId::IpsecEsp;
    std::uint8_t spiSize = 4;
    std::vector<Bytes> spis; // each exactly spiSize bytes
    bool operator==(const DeletePayload&) const = default;
};

struct VendorIdPayload {
    Bytes vendorId;
    bool operator==(const VendorIdPayload&) const = default;
};

struct NatDPayload {
    Bytes hash;         // hash(CKY-I | CKY-R | IP | port)
    bool draft = false; // payload type 130 (NAT-T drafts) instead of 20
    bool operator==(const NatDPayload&) const = default;
};

struct NatOaPayload {
    IdType idType = IdType::Ipv4Addr; // ID_IPV4_ADDR or ID_IPV6_ADDR
    std::array<std::uint8_t, 3> reserved{};
    Bytes address;
    bool draft = false; // payload type 131 instead of 21
    bool operator==(const NatOaPayload&) const = default;
};

struct CertPayload {
    std::uint8_t encoding = 4; // 4 = X.509 signature certificate
    Bytes data;
    bool operator==(const CertPayload&) const = default;
};

struct CertRequestPayload {
    std::uint8_t certificateType = 4;
    Bytes authority;
    bool operator==(const CertRequestPayload&) const = default;
};

struct SignaturePayload {
    Bytes signature;
    bool operator==(const SignaturePayload&) const = default;
};

// A payload the lab does not decode (Mode-Config attributes, fragments, unknown numbers): kept raw.
struct RawPayload {
    PayloadType type = PayloadType::Attributes;
    Bytes body;
    bool operator==(const RawPayload&) const = default;
};

using PayloadBody = std::variant<SaPayload, KePayload, IdPayload, HashPayload, NoncePayload, NotificationPayload,
                                 DeletePayload, VendorIdPayload, NatDPayload, NatOaPayload, CertPayload,
                                 CertRequestPayload, SignaturePayload, RawPayload>;

// The payload type a body is sent as (the variant alternative decides, so the two cannot disagree).
PayloadType payloadTypeOf(const PayloadBody& body);

struct Payload {
    PayloadBody body;
    std::uint8_t reserved = 0; // generic header RESERVED as received (must be zero)
    // Set by the decoders: where the payload (generic header included) starts, relative to the
    // chain it was decoded from, and its Payload Length. Ignored by the encoders and by ==.
    std::size_t offset = 0;
    std::size_t length = 0;

    PayloadType type() const { return payloadTypeOf(body); }
    template <typename T>
    const T* as() const {
        return std::get_if<T>(&body);
    }
    template <typename T>
    T* as() {
        return std::get_if<T>(&body);
    }

    bool operator==(const Payload& other) const { return body == other.body && reserved == other.reserved; }
};

} // namespace ipseclab::wire
