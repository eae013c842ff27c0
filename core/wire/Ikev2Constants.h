// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// IKEv2 numbers (RFC 7296 §3, IANA's IKEv2 registries) and their names, registered once the way
// IsakmpConstants.h registers IKEv1's: every IKEv2 annotation and engine spells a name the same way.
// IKEv2 shares the 28-byte header layout and the 4-byte generic payload header with ISAKMP but
// numbers its payloads (33..), exchanges (34..) and transforms anew.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ipseclab::wire::ikev2 {

inline constexpr std::uint8_t kVersion = 0x20; // MjVer 2, MnVer 0

// Header flags (§3.1): bits 3 (I), 4 (V), 5 (R); the others are reserved.
inline constexpr std::uint8_t kFlagInitiator = 0x08;
inline constexpr std::uint8_t kFlagVersion = 0x10;
inline constexpr std::uint8_t kFlagResponse = 0x20;
inline constexpr std::uint8_t kCriticalBit = 0x80; // in the generic payload header's second byte

// Payload types (§3.2). Any 8-bit value can be stored; 1..32 are reserved (IKEv1's numbers).
enum class PayloadType : std::uint8_t {
    None = 0,
    Sa = 33,
    Ke = 34,
    IdI = 35,
    IdR = 36,
    Cert = 37,
    CertReq = 38,
    Auth = 39,
    Nonce = 40,
    Notify = 41,
    Delete = 42,
    VendorId = 43,
    TsI = 44,
    TsR = 45,
    Encrypted = 46, // SK
    Config = 47,    // CP
    Eap = 48,
    EncryptedFragment = 53, // SKF (RFC 7383)
};

enum class ExchangeType : std::uint8_t {
    IkeSaInit = 34,
    IkeAuth = 35,
    CreateChildSa = 36,
    Informational = 37,
};

// Proposal Protocol ID (§3.3.1), also Notify and Delete.
enum class ProtocolId : std::uint8_t { None = 0, Ike = 1, Ah = 2, Esp = 3 };

// Transform types (§3.3.2).
enum class TransformType : std::uint8_t { Encryption = 1, Prf = 2, Integrity = 3, DiffieHellman = 4, Esn = 5 };

inline constexpr std::uint16_t kAttributeKeyLength = 14; // the only transform attribute (§3.3.5)

// ID types (§3.5): the numbers match IKEv1's IdType where both have them.
enum class IdType : std::uint8_t {
    Ipv4Addr = 1,
    Fqdn = 2,
    Rfc822Addr = 3,
    Ipv6Addr = 5,
    DerAsn1Dn = 9,
    DerAsn1Gn = 10,
    KeyId = 11,
};

// AUTH methods (§3.8, RFC 7427).
enum class AuthMethod : std::uint8_t { RsaSignature = 1, SharedKeyMic = 2, DssSignature = 3, DigitalSignature = 14 };

// Traffic selector types (§3.13.1).
enum class TsType : std::uint8_t { Ipv4AddrRange = 7, Ipv6AddrRange = 8 };

// Notify message types (§3.10.1 and later RFCs): errors below 16384, status from 16384.
enum class NotifyType : std::uint16_t {
    UnsupportedCriticalPayload = 1,
    InvalidIkeSpi = 4,
    InvalidMajorVersion = 5,
    InvalidSyntax = 7,
    InvalidMessageId = 9,
    InvalidSpi = 11,
    NoProposalChosen = 14,
    InvalidKePayload = 17,
    AuthenticationFailed = 24,
    SinglePairRequired = 34,
    NoAdditionalSas = 35,
    InternalAddressFailure = 36,
    FailedCpRequired = 37,
    TsUnacceptable = 38,
    InvalidSelectors = 39,
    TemporaryFailure = 43,
    ChildSaNotFound = 44,
    InitialContact = 16384,
    SetWindowSize = 16385,
    AdditionalTsPossible = 16386,
    IpcompSupported = 16387,
    NatDetectionSourceIp = 16388,
    NatDetectionDestinationIp = 16389,
    Cookie = 16390,
    UseTransportMode = 16391,
    HttpCertLookupSupported = 16392,
    RekeySa = 16393,
    EspTfcPaddingNotSupported = 16394,
    NonFirstFragmentsAlso = 16395,
    MobikeSupported = 16396,
    AdditionalIp4Address = 16397,
    AdditionalIp6Address = 16398,
    NoAdditionalAddresses = 16399,
    UpdateSaAddresses = 16400,
    Cookie2 = 16401,
    NoNatsAllowed = 16402,
    MultipleAuthSupported = 16404,
    AnotherAuthFollows = 16405,
    RedirectSupported = 16406,
    Redirect = 16407,
    RedirectedFrom = 16408,
    EapOnlyAuthentication = 16417,
    ChildlessIkev2Supported = 16418,
    Ikev2MessageIdSyncSupported = 16420,
    Ikev2FragmentationSupported = 16430,
    SignatureHashAlgorithms = 16431,
};

// ---- Names: the IANA name, or nullopt when the number is not known. ----

// "SA", "KE", "IDi", "SK": the short name of annotation paths ("Payload 99" when unknown).
std::string payloadShortName(PayloadType type);
std::optional<std::string_view> payloadTypeName(PayloadType type);
std::string_view payloadMeaning(PayloadType type);
std::optional<std::string_view> exchangeTypeName(ExchangeType type);
std::string_view exchangeMeaning(ExchangeType type);
std::optional<std::string_view> protocolIdName(ProtocolId protocol);
std::optional<std::string_view> transformTypeName(TransformType type);
// ENCR_AES_CBC, PRF_HMAC_SHA2_256, AUTH_HMAC_SHA2_256_128, MODP_2048, ECP_256, ESN...
std::optional<std::string_view> transformIdName(TransformType type, std::uint16_t id);
std::optional<std::string_view> idTypeName(IdType type);
std::optional<std::string_view> authMethodName(AuthMethod method);
std::optional<std::string_view> tsTypeName(TsType type);
std::optional<std::string_view> notifyTypeName(NotifyType type);
std::string_view notifyMeaning(NotifyType type);
// Configuration payload types and attributes (§3.15).
std::optional<std::string_view> configTypeName(std::uint8_t type);
std::optional<std::string_view> configAttributeName(std::uint16_t type);

} // namespace ipseclab::wire::ikev2
