// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ISAKMP/IKEv1 numbers (RFC 2408, 2407, 2409, 3947, 3706) and their names, registered once the
// way Wireshark's packet-isakmp.c registers its value strings. Every annotation and every engine
// uses these, so a name is spelled the same everywhere.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Bytes.h"

namespace ipseclab::wire {

inline constexpr std::size_t kIsakmpHeaderSize = 28;
inline constexpr std::size_t kGenericPayloadHeaderSize = 4;
inline constexpr std::uint8_t kIsakmpVersion = 0x10; // MjVer 1, MnVer 0
inline constexpr std::uint32_t kIpsecDoi = 1;
inline constexpr std::uint32_t kSitIdentityOnly = 1;

// ISAKMP header flags (RFC 2408 §3.1).
inline constexpr std::uint8_t kFlagEncryption = 0x01;
inline constexpr std::uint8_t kFlagCommit = 0x02;
inline constexpr std::uint8_t kFlagAuthenticationOnly = 0x04;

// Payload type numbers (RFC 2408 §3.1, RFC 3947, NAT-T drafts). Any 8-bit value can be stored.
enum class PayloadType : std::uint8_t {
    None = 0,
    Sa = 1,
    Proposal = 2,
    Transform = 3,
    Ke = 4,
    Id = 5,
    Cert = 6,
    Cr = 7,
    Hash = 8,
    Sig = 9,
    Nonce = 10,
    Notification = 11,
    Delete = 12,
    VendorId = 13,
    Attributes = 14, // Mode-Config / XAUTH draft; kept raw
    NatD = 20,
    NatOa = 21,
    NatDDraft = 130,  // NAT-T drafts 01–03
    NatOaDraft = 131, // NAT-T drafts 01–03
    Fragment = 132,   // Cisco IKE fragmentation; kept raw
};

enum class ExchangeType : std::uint8_t {
    None = 0,
    Base = 1,
    IdentityProtection = 2, // Main Mode
    AuthenticationOnly = 3,
    Aggressive = 4,
    Informational = 5,
    Transaction = 6, // Mode-Config draft
    QuickMode = 32,
    NewGroupMode = 33,
};

// RFC 2407 §4.4.1.
enum class ProtocolId : std::uint8_t {
    Reserved = 0,
    Isakmp = 1,
    IpsecAh = 2,
    IpsecEsp = 3,
    Ipcomp = 4,
};

// RFC 2407 §4.6.2.1.
enum class IdType : std::uint8_t {
    Reserved = 0,
    Ipv4Addr = 1,
    Fqdn = 2,
    UserFqdn = 3,
    Ipv4AddrSubnet = 4,
    Ipv6Addr = 5,
    Ipv6AddrSubnet = 6,
    Ipv4AddrRange = 7,
    Ipv6AddrRange = 8,
    DerAsn1Dn = 9,
    DerAsn1Gn = 10,
    KeyId = 11,
    List = 12,
};

// RFC 2408 §3.14.1 error types, RFC 2408/2407 status types, RFC 3706 DPD.
enum class NotifyType : std::uint16_t {
    InvalidPayloadType = 1,
    DoiNotSupported = 2,
    SituationNotSupported = 3,
    InvalidCookie = 4,
    InvalidMajorVersion = 5,
    InvalidMinorVersion = 6,
    InvalidExchangeType = 7,
    InvalidFlags = 8,
    InvalidMessageId = 9,
    InvalidProtocolId = 10,
    InvalidSpi = 11,
    InvalidTransformId = 12,
    AttributesNotSupported = 13,
    NoProposalChosen = 14,
    BadProposalSyntax = 15,
    PayloadMalformed = 16,
    InvalidKeyInformation = 17,
    InvalidIdInformation = 18,
    InvalidCertEncoding = 19,
    InvalidCertificate = 20,
    CertTypeUnsupported = 21,
    InvalidCertAuthority = 22,
    InvalidHashInformation = 23,
    AuthenticationFailed = 24,
    InvalidSignature = 25,
    AddressNotification = 26,
    NotifySaLifetime = 27,
    CertificateUnavailable = 28,
    UnsupportedExchangeType = 29,
    UnequalPayloadLengths = 30,
    Connected = 16384,
    ResponderLifetime = 24576,
    ReplayStatus = 24577,
    InitialContact = 24578,
    RUThere = 36136,
    RUThereAck = 36137,
};

// Phase-1 (KEY_IKE) attribute types, RFC 2409 Appendix A.
enum class Phase1Attribute : std::uint16_t {
    EncryptionAlgorithm = 1,
    HashAlgorithm = 2,
    AuthenticationMethod = 3,
    GroupDescription = 4,
    GroupType = 5,
    GroupPrime = 6,
    GroupGeneratorOne = 7,
    GroupGeneratorTwo = 8,
    GroupCurveA = 9,
    GroupCurveB = 10,
    LifeType = 11,
    LifeDuration = 12,
    Prf = 13,
    KeyLength = 14,
    FieldSize = 15,
    GroupOrder = 16,
};

// IPsec DOI SA attribute types, RFC 2407 §4.5 (12–15 from RFC 4359/6407).
enum class IpsecAttribute : std::uint16_t {
    SaLifeType = 1,
    SaLifeDuration = 2,
    GroupDescription = 3,
    EncapsulationMode = 4,
    AuthenticationAlgorithm = 5,
    KeyLength = 6,
    KeyRounds = 7,
    CompressDictionarySize = 8,
    CompressPrivateAlgorithm = 9,
    EcnTunnel = 10,
    ExtendedSequenceNumber = 11,
    AuthenticationKeyLength = 12,
    SignatureEncodingAlgorithm = 13,
    AddressPreservation = 14,
    SaDirection = 15,
};

// Values of the phase-1 attributes the lab negotiates.
enum class EncryptionAlgorithm : std::uint16_t {
    DesCbc = 1,
    IdeaCbc = 2,
    BlowfishCbc = 3,
    Rc5Cbc = 4,
    TripleDesCbc = 5,
    CastCbc = 6,
    AesCbc = 7,
    CamelliaCbc = 8
};
enum class HashAlgorithm : std::uint16_t { Md5 = 1, Sha = 2, Tiger = 3, Sha2_256 = 4, Sha2_384 = 5, Sha2_512 = 6 };
enum class AuthenticationMethod : std::uint16_t {
    PreSharedKey = 1,
    DssSignatures = 2,
    RsaSignatures = 3,
    RsaEncryption = 4,
    RevisedRsaEncryption = 5
};
enum class LifeType : std::uint16_t { Seconds = 1, Kilobytes = 2 };
// Diffie-Hellman group numbers, shared by phase-1 attribute 4 and IPsec attribute 3.
enum class GroupDescription : std::uint16_t {
    Modp768 = 1,
    Modp1024 = 2,
    Modp1536 = 5,
    Modp2048 = 14,
    Modp3072 = 15,
    Modp4096 = 16,
    Modp6144 = 17,
    Modp8192 = 18,
    Ecp256 = 19,
    Ecp384 = 20,
    Ecp521 = 21
};

// Values of the IPsec DOI attributes.
enum class EncapsulationMode : std::uint16_t {
    Tunnel = 1,
    Transport = 2,
    UdpEncapsulatedTunnel = 3,
    UdpEncapsulatedTransport = 4,
    UdpEncapsulatedTunnelDraft = 61443,
    UdpEncapsulatedTransportDraft = 61444
};
enum class AuthenticationAlgorithm : std::uint16_t {
    HmacMd5 = 1,
    HmacSha = 2,
    DesMac = 3,
    Kpdk = 4,
    HmacSha2_256 = 5,
    HmacSha2_384 = 6,
    HmacSha2_512 = 7,
    HmacRipemd = 8,
    AesXcbcMac = 9
};

// Transform IDs, RFC 2407 §4.4.2–4.4.4 and later RFCs.
inline constexpr std::uint8_t kKeyIke = 1; // the only ISAKMP transform ID
enum class EspTransformId : std::uint8_t {
    DesIv64 = 1,
    Des = 2,
    TripleDes = 3,
    Rc5 = 4,
    Idea = 5,
    Cast = 6,
    Blowfish = 7,
    ThreeIdea = 8,
    DesIv32 = 9,
    Rc4 = 10,
    Null = 11,
    AesCbc = 12,
    AesCtr = 13,
    AesCcm8 = 14,
    AesCcm12 = 15,
    AesCcm16 = 16,
    AesGcm8 = 18,
    AesGcm12 = 19,
    AesGcm16 = 20,
    SeedCbc = 21,
    Camellia = 22,
    NullAuthAesGmac = 23
};
enum class AhTransformId : std::uint8_t {
    Md5 = 2,
    Sha = 3,
    Des = 4,
    Sha2_256 = 5,
    Sha2_384 = 6,
    Sha2_512 = 7,
    Ripemd = 8,
    AesXcbcMac = 9
};

// Which attribute table a transform's attributes are read with: RFC 2409 App. A for an ISAKMP
// proposal, RFC 2407 §4.5 for AH/ESP/IPCOMP proposals.
enum class AttributeSpace { Phase1, Ipsec, Unknown };
AttributeSpace attributeSpaceFor(ProtocolId protocol);

// ---- Names. Each returns the RFC/IANA name, or nullopt when the number is not known. ----

// "SA", "KE", "VID", "NAT-D": the short name used in annotation paths ("Payload 99" if unknown).
std::string payloadShortName(PayloadType type);
// "Security Association", "Vendor ID"...
std::optional<std::string_view> payloadTypeName(PayloadType type);
// One line on what the payload is for.
std::string_view payloadMeaning(PayloadType type);
std::optional<std::string_view> exchangeTypeName(ExchangeType type);
std::optional<std::string_view> protocolIdName(ProtocolId protocol);
std::optional<std::string_view> idTypeName(IdType type);
std::optional<std::string_view> notifyTypeName(NotifyType type);
std::optional<std::string_view> doiName(std::uint32_t doi);
// Transform ID names depend on the proposal's protocol: KEY_IKE, ESP_AES-CBC, AH_SHA...
std::optional<std::string_view> transformIdName(ProtocolId protocol, std::uint8_t transformId);
std::optional<std::string_view> attributeTypeName(AttributeSpace space, std::uint16_t type);
// Names of enumerated attribute values ("AES-CBC", "MODP-2048", "UDP-Encapsulated-Tunnel").
std::optional<std::string_view> attributeValueName(AttributeSpace space, std::uint16_t type, std::uint64_t value);
// Whether RFC 2409/2407 class the attribute as variable-length ("V"); basic ones must be TV.
bool isVariableAttribute(AttributeSpace space, std::uint16_t type);
// Certificate encodings of CERT and CR payloads (RFC 2408 §3.9): "X.509 Certificate - Signature"...
std::optional<std::string_view> certificateEncodingName(std::uint8_t encoding);

// A recognised Vendor ID: its name and what sending it announces.
struct VendorIdInfo {
    std::string name;    // "DPD (RFC 3706) v1.0", "FRAGMENTATION (capabilities 0x80000000)"
    std::string meaning; // "the peer answers R-U-THERE (dead peer detection)"
};
std::optional<VendorIdInfo> recognizeVendorId(ByteView vendorId);

// "AES-CBC (7)", or "unknown (99)" when the name is not known.
std::string nameAndNumber(std::optional<std::string_view> name, std::uint64_t number);

} // namespace ipseclab::wire
