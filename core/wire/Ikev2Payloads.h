// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The IKEv2 payloads as values (RFC 7296 §3.3–3.16). A decoded payload keeps every field it was
// sent with, reserved bits and attribute forms included, so that encoding what was decoded gives
// back the same bytes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "base/Bytes.h"
#include "wire/Ikev2Constants.h"

namespace ipseclab::wire::ikev2 {

using Reserved3 = std::array<std::uint8_t, 3>;

// A transform attribute (§3.3.5): TV (AF bit set, a 2-byte value) or TLV.
struct TransformAttribute {
    std::uint16_t type = kAttributeKeyLength; // without the AF bit
    bool tv = true;
    Bytes value; // 2 bytes for TV
    bool operator==(const TransformAttribute&) const = default;
};

struct Transform {
    TransformType type = TransformType::Encryption;
    std::uint16_t id = 0;
    std::vector<TransformAttribute> attributes;
    std::uint8_t reserved = 0;  // the byte after Transform Type
    std::uint8_t reserved0 = 0; // generic header RESERVED
    // The Key Length attribute (bits), when there is one as TV.
    std::optional<std::uint16_t> keyLength() const;
    bool operator==(const Transform&) const = default;
};

struct Proposal {
    std::uint8_t number = 1; // 1 for the first proposal, then 2, 3...; the responder echoes the one it took
    ProtocolId protocol = ProtocolId::Ike;
    Bytes spi; // IKE: empty (IKE_SA_INIT) or 8 bytes (rekey); ESP/AH: 4 bytes, the sender's inbound SPI
    std::vector<Transform> transforms;
    std::uint8_t reserved = 0; // generic header RESERVED
    bool operator==(const Proposal&) const = default;
};

struct SaPayload {
    std::vector<Proposal> proposals;
    bool operator==(const SaPayload&) const = default;
};

struct KePayload {
    std::uint16_t group = 14; // the Diffie-Hellman group of the data
    std::uint16_t reserved = 0;
    Bytes data; // fixed length for the group: MODP len(p), ECP x | y
    bool operator==(const KePayload&) const = default;
};

// IDi and IDr (§3.5).
struct IdPayload {
    IdType type = IdType::Ipv4Addr;
    Reserved3 reserved{};
    Bytes data;
    bool operator==(const IdPayload&) const = default;
};

struct AuthPayload {
    AuthMethod method = AuthMethod::SharedKeyMic;
    Reserved3 reserved{};
    Bytes data;
    bool operator==(const AuthPayload&) const = default;
};

struct NoncePayload {
    Bytes nonce;
    bool operator==(const NoncePayload&) const = default;
};

struct NotifyPayload {
    ProtocolId protocol = ProtocolId::None;
    NotifyType type = NotifyType::InitialContact;
    Bytes spi; // its size is the SPI Size field
    Bytes data;
    bool operator==(const NotifyPayload&) const = default;
};

struct DeletePayload {
    ProtocolId protocol = ProtocolId::Esp;
    std::uint8_t spiSize = 4; // 0 for the IKE SA (the header's SPIs name it)
    std::vector<Bytes> spis;  // each exactly spiSize bytes
    bool operator==(const DeletePayload&) const = default;
};

struct VendorIdPayload {
    Bytes vendorId;
    bool operator==(const VendorIdPayload&) const = default;
};

// One traffic selector (§3.13.1): a protocol, a port range and an address range.
struct TrafficSelector {
    TsType type = TsType::Ipv4AddrRange;
    std::uint8_t ipProtocol = 0; // 0 = any
    std::uint16_t startPort = 0;
    std::uint16_t endPort = 0xffff;
    Bytes startAddress; // 4 bytes for IPv4, 16 for IPv6
    Bytes endAddress;
    bool operator==(const TrafficSelector&) const = default;
};

// TSi and TSr.
struct TsPayload {
    Reserved3 reserved{};
    std::vector<TrafficSelector> selectors;
    bool operator==(const TsPayload&) const = default;
};

// SK (§3.14): opaque here; its generic header's Next Payload names the first payload inside.
// Splitting IV | ciphertext | ICV and decrypting needs the negotiated algorithms (core/ikev2).
struct EncryptedPayload {
    PayloadType firstInner = PayloadType::None;
    Bytes body; // IV | encrypted (payloads | padding | pad length) | ICV
    bool operator==(const EncryptedPayload&) const = default;
};

struct ConfigAttribute {
    std::uint16_t type = 1;   // 15 bits
    bool reservedBit = false; // the top bit, must be zero
    Bytes value;
    bool operator==(const ConfigAttribute&) const = default;
};

// CP (§3.15).
struct ConfigPayload {
    std::uint8_t cfgType = 1;
    Reserved3 reserved{};
    std::vector<ConfigAttribute> attributes;
    bool operator==(const ConfigPayload&) const = default;
};

// CERT, CERTREQ, EAP, SKF and unknown numbers: kept as they are.
struct RawPayload {
    Bytes body;
    bool operator==(const RawPayload&) const = default;
};

using PayloadBody =
    std::variant<SaPayload, KePayload, IdPayload, AuthPayload, NoncePayload, NotifyPayload, DeletePayload,
                 VendorIdPayload, TsPayload, EncryptedPayload, ConfigPayload, RawPayload>;

struct Payload {
    PayloadType type = PayloadType::None; // IDi/IDr and TSi/TSr share a body: the type tells them apart
    PayloadBody body;
    bool critical = false;     // the C bit: a receiver that does not know the type must reject the message
    std::uint8_t reserved = 0; // the 7 bits after C, must be zero
    // Set by the decoders: where the payload (generic header included) starts in the decoded
    // bytes, and its Payload Length. Ignored by the encoders and by ==.
    std::size_t offset = 0;
    std::size_t length = 0;

    template <typename T>
    const T* as() const {
        return std::get_if<T>(&body);
    }
    bool operator==(const Payload& other) const {
        return type == other.type && body == other.body && critical == other.critical && reserved == other.reserved;
    }
};

// Whether `body` can be sent as a payload of `type` (an IdPayload as IDi or IDr, a RawPayload as any
// type the lab keeps raw).
bool bodyFitsType(const PayloadBody& body, PayloadType type);

} // namespace ipseclab::wire::ikev2
