// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Ikev2Constants.h"

#include <array>

#include "wire/NameTable.h"

namespace ipseclab::wire::ikev2 {

namespace {

struct PayloadInfo {
    PayloadType type;
    std::string_view shortName;
    std::string_view name;
    std::string_view meaning;
};

constexpr std::array<PayloadInfo, 18> kPayloads{{
    {PayloadType::None, "None", "No Next Payload", "end of the payload chain"},
    {PayloadType::Sa, "SA", "Security Association",
     "the offer or the choice of algorithms: proposals, each a list of transforms"},
    {PayloadType::Ke, "KE", "Key Exchange", "the sender's Diffie-Hellman public value (g^i or g^r) and its group"},
    {PayloadType::IdI, "IDi", "Identification - Initiator", "who the initiator is (IKE_AUTH)"},
    {PayloadType::IdR, "IDr", "Identification - Responder", "who the responder is, or whom the initiator wants"},
    {PayloadType::Cert, "CERT", "Certificate", "a certificate of the sender"},
    {PayloadType::CertReq, "CERTREQ", "Certificate Request", "asks the peer for a certificate from given authorities"},
    {PayloadType::Auth, "AUTH", "Authentication",
     "proves the sender's identity over the first message pair (with a PSK: a prf of the signed octets)"},
    {PayloadType::Nonce, "No", "Nonce", "fresh random bytes (Ni/Nr) that make this exchange's keys unique"},
    {PayloadType::Notify, "N", "Notify", "an error or a status (COOKIE, NAT detection, INITIAL_CONTACT...)"},
    {PayloadType::Delete, "D", "Delete", "tells the peer that these SAs are gone"},
    {PayloadType::VendorId, "V", "Vendor ID", "announces an implementation or an extension the sender supports"},
    {PayloadType::TsI, "TSi", "Traffic Selector - Initiator", "the initiator-side traffic the child SA protects"},
    {PayloadType::TsR, "TSr", "Traffic Selector - Responder", "the responder-side traffic the child SA protects"},
    {PayloadType::Encrypted, "SK", "Encrypted and Authenticated",
     "the payloads that follow, encrypted and integrity-protected with SK_e/SK_a: IV | ciphertext | ICV"},
    {PayloadType::Config, "CP", "Configuration", "requests or hands out configuration (an inner address, DNS)"},
    {PayloadType::Eap, "EAP", "Extensible Authentication", "an EAP message (not used with pre-shared keys)"},
    {PayloadType::EncryptedFragment, "SKF", "Encrypted and Authenticated Fragment",
     "one fragment of an SK payload (RFC 7383)"},
}};

const PayloadInfo* payloadInfo(PayloadType type) {
    for (const PayloadInfo& info : kPayloads)
        if (info.type == type) return &info;
    return nullptr;
}

constexpr std::array<NameEntry, 4> kExchanges{{
    {34, "IKE_SA_INIT"},
    {35, "IKE_AUTH"},
    {36, "CREATE_CHILD_SA"},
    {37, "INFORMATIONAL"},
}};

constexpr std::array<NameEntry, 3> kProtocols{{{1, "IKE"}, {2, "AH"}, {3, "ESP"}}};
constexpr std::array<NameEntry, 5> kTransformTypes{{
    {1, "ENCR"},
    {2, "PRF"},
    {3, "INTEG"},
    {4, "DH"},
    {5, "ESN"},
}};

constexpr std::array<NameEntry, 14> kEncryption{{
    {1, "ENCR_DES_IV64"},
    {2, "ENCR_DES"},
    {3, "ENCR_3DES"},
    {11, "ENCR_NULL"},
    {12, "ENCR_AES_CBC"},
    {13, "ENCR_AES_CTR"},
    {14, "ENCR_AES_CCM_8"},
    {15, "ENCR_AES_CCM_12"},
    {16, "ENCR_AES_CCM_16"},
    {18, "ENCR_AES_GCM_8"},
    {19, "ENCR_AES_GCM_12"},
    {20, "ENCR_AES_GCM_16"},
    {23, "ENCR_CAMELLIA_CBC"},
    {28, "ENCR_CHACHA20_POLY1305"},
}};
constexpr std::array<NameEntry, 8> kPrfs{{
    {1, "PRF_HMAC_MD5"},
    {2, "PRF_HMAC_SHA1"},
    {3, "PRF_HMAC_TIGER"},
    {4, "PRF_AES128_XCBC"},
    {5, "PRF_HMAC_SHA2_256"},
    {6, "PRF_HMAC_SHA2_384"},
    {7, "PRF_HMAC_SHA2_512"},
    {8, "PRF_AES128_CMAC"},
}};
constexpr std::array<NameEntry, 10> kIntegrity{{
    {0, "NONE"},
    {1, "AUTH_HMAC_MD5_96"},
    {2, "AUTH_HMAC_SHA1_96"},
    {5, "AUTH_AES_XCBC_96"},
    {8, "AUTH_AES_CMAC_96"},
    {9, "AUTH_AES_128_GMAC"},
    {12, "AUTH_HMAC_SHA2_256_128"},
    {13, "AUTH_HMAC_SHA2_384_192"},
    {14, "AUTH_HMAC_SHA2_512_256"},
    {7, "AUTH_HMAC_SHA1_160"},
}};
constexpr std::array<NameEntry, 16> kGroups{{
    {0, "NONE"},
    {1, "MODP_768"},
    {2, "MODP_1024"},
    {5, "MODP_1536"},
    {14, "MODP_2048"},
    {15, "MODP_3072"},
    {16, "MODP_4096"},
    {17, "MODP_6144"},
    {18, "MODP_8192"},
    {19, "ECP_256"},
    {20, "ECP_384"},
    {21, "ECP_521"},
    {28, "ECP_256_BP"},
    {29, "ECP_384_BP"},
    {31, "CURVE25519"},
    {32, "CURVE448"},
}};
constexpr std::array<NameEntry, 2> kEsn{{{0, "NO_ESN"}, {1, "ESN"}}};

constexpr std::array<NameEntry, 7> kIdTypes{{
    {1, "ID_IPV4_ADDR"},
    {2, "ID_FQDN"},
    {3, "ID_RFC822_ADDR"},
    {5, "ID_IPV6_ADDR"},
    {9, "ID_DER_ASN1_DN"},
    {10, "ID_DER_ASN1_GN"},
    {11, "ID_KEY_ID"},
}};
constexpr std::array<NameEntry, 4> kAuthMethods{{
    {1, "RSA Digital Signature"},
    {2, "Shared Key Message Integrity Code"},
    {3, "DSS Digital Signature"},
    {14, "Digital Signature"},
}};
constexpr std::array<NameEntry, 2> kTsTypes{{{7, "TS_IPV4_ADDR_RANGE"}, {8, "TS_IPV6_ADDR_RANGE"}}};

struct NotifyInfo {
    NotifyType type;
    std::string_view name;
    std::string_view meaning;
};

constexpr std::array<NotifyInfo, 46> kNotifies{{
    {NotifyType::UnsupportedCriticalPayload, "UNSUPPORTED_CRITICAL_PAYLOAD",
     "the message had a payload with the critical bit set that the receiver does not know"},
    {NotifyType::InvalidIkeSpi, "INVALID_IKE_SPI", "the message named an IKE SA the receiver does not have"},
    {NotifyType::InvalidMajorVersion, "INVALID_MAJOR_VERSION", "the receiver does not speak that major version"},
    {NotifyType::InvalidSyntax, "INVALID_SYNTAX", "the message was malformed or violated the protocol"},
    {NotifyType::InvalidMessageId, "INVALID_MESSAGE_ID", "the Message ID was outside the receiver's window"},
    {NotifyType::InvalidSpi, "INVALID_SPI", "an ESP or AH packet arrived for an SPI the receiver does not know"},
    {NotifyType::NoProposalChosen, "NO_PROPOSAL_CHOSEN", "none of the offered proposals was acceptable"},
    {NotifyType::InvalidKePayload, "INVALID_KE_PAYLOAD",
     "the KE was for a group the responder does not accept; the data names the group to retry with"},
    {NotifyType::AuthenticationFailed, "AUTHENTICATION_FAILED",
     "the AUTH payload did not verify (with PSKs: the two sides hold different keys)"},
    {NotifyType::SinglePairRequired, "SINGLE_PAIR_REQUIRED", "the responder accepts only one address pair"},
    {NotifyType::NoAdditionalSas, "NO_ADDITIONAL_SAS", "the responder refuses more child SAs on this IKE SA"},
    {NotifyType::InternalAddressFailure, "INTERNAL_ADDRESS_FAILURE", "no inner address could be assigned"},
    {NotifyType::FailedCpRequired, "FAILED_CP_REQUIRED", "the responder requires a configuration request"},
    {NotifyType::TsUnacceptable, "TS_UNACCEPTABLE", "the traffic selectors match no policy of the responder"},
    {NotifyType::InvalidSelectors, "INVALID_SELECTORS", "a packet arrived that the SA's selectors do not allow"},
    {NotifyType::TemporaryFailure, "TEMPORARY_FAILURE", "try again later (for example during a simultaneous rekey)"},
    {NotifyType::ChildSaNotFound, "CHILD_SA_NOT_FOUND", "the child SA to rekey does not exist"},
    {NotifyType::InitialContact, "INITIAL_CONTACT",
     "the sender has no other IKE SA with the receiver: old SAs with it can be deleted"},
    {NotifyType::SetWindowSize, "SET_WINDOW_SIZE", "how many requests the sender can have outstanding"},
    {NotifyType::AdditionalTsPossible, "ADDITIONAL_TS_POSSIBLE",
     "the responder narrowed the selectors; another child SA could cover the rest"},
    {NotifyType::IpcompSupported, "IPCOMP_SUPPORTED", "the sender can compress with IPComp"},
    {NotifyType::NatDetectionSourceIp, "NAT_DETECTION_SOURCE_IP",
     "SHA-1(SPIi | SPIr | source address | source port): differs from what the receiver sees behind a NAT"},
    {NotifyType::NatDetectionDestinationIp, "NAT_DETECTION_DESTINATION_IP",
     "SHA-1(SPIi | SPIr | destination address | port): tells the receiver whether it is behind a NAT"},
    {NotifyType::Cookie, "COOKIE",
     "a stateless responder's token: the initiator repeats its request with it first (RFC 7296 §2.6)"},
    {NotifyType::UseTransportMode, "USE_TRANSPORT_MODE", "the sender asks for a transport-mode child SA"},
    {NotifyType::HttpCertLookupSupported, "HTTP_CERT_LOOKUP_SUPPORTED", "the sender can fetch certificates by URL"},
    {NotifyType::RekeySa, "REKEY_SA", "this CREATE_CHILD_SA rekeys the child SA whose SPI it carries"},
    {NotifyType::EspTfcPaddingNotSupported, "ESP_TFC_PADDING_NOT_SUPPORTED", "do not pad ESP for traffic flow"},
    {NotifyType::NonFirstFragmentsAlso, "NON_FIRST_FRAGMENTS_ALSO", "non-first fragments go through this SA too"},
    {NotifyType::MobikeSupported, "MOBIKE_SUPPORTED", "the sender can move the SA to new addresses (RFC 4555)"},
    {NotifyType::AdditionalIp4Address, "ADDITIONAL_IP4_ADDRESS", "another IPv4 address of the sender (MOBIKE)"},
    {NotifyType::AdditionalIp6Address, "ADDITIONAL_IP6_ADDRESS", "another IPv6 address of the sender (MOBIKE)"},
    {NotifyType::NoAdditionalAddresses, "NO_ADDITIONAL_ADDRESSES", "the sender has no other address (MOBIKE)"},
    {NotifyType::UpdateSaAddresses, "UPDATE_SA_ADDRESSES", "move the SAs to this message's addresses (MOBIKE)"},
    {NotifyType::Cookie2, "COOKIE2", "a return-routability check (MOBIKE)"},
    {NotifyType::NoNatsAllowed, "NO_NATS_ALLOWED", "the sender forbids NATs between the peers (MOBIKE)"},
    {NotifyType::MultipleAuthSupported, "MULTIPLE_AUTH_SUPPORTED", "the sender can do several authentication rounds"},
    {NotifyType::AnotherAuthFollows, "ANOTHER_AUTH_FOLLOWS", "another authentication round follows"},
    {NotifyType::RedirectSupported, "REDIRECT_SUPPORTED", "the sender accepts a redirect to another gateway"},
    {NotifyType::Redirect, "REDIRECT", "go to this other gateway (RFC 5685)"},
    {NotifyType::RedirectedFrom, "REDIRECTED_FROM", "the gateway that redirected the sender here"},
    {NotifyType::EapOnlyAuthentication, "EAP_ONLY_AUTHENTICATION", "the sender accepts EAP without an AUTH"},
    {NotifyType::ChildlessIkev2Supported, "CHILDLESS_IKEV2_SUPPORTED", "IKE_AUTH may create no child SA"},
    {NotifyType::Ikev2MessageIdSyncSupported, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED",
     "the sender can resynchronise message IDs (RFC 6311)"},
    {NotifyType::Ikev2FragmentationSupported, "IKEV2_FRAGMENTATION_SUPPORTED",
     "the sender can fragment IKE messages (RFC 7383)"},
    {NotifyType::SignatureHashAlgorithms, "SIGNATURE_HASH_ALGORITHMS",
     "the hash algorithms the sender verifies signatures with (RFC 7427), as 2-byte numbers"},
}};

const NotifyInfo* notifyInfo(NotifyType type) {
    for (const NotifyInfo& info : kNotifies)
        if (info.type == type) return &info;
    return nullptr;
}

constexpr std::array<NameEntry, 4> kConfigTypes{{
    {1, "CFG_REQUEST"},
    {2, "CFG_REPLY"},
    {3, "CFG_SET"},
    {4, "CFG_ACK"},
}};
constexpr std::array<NameEntry, 13> kConfigAttributes{{
    {1, "INTERNAL_IP4_ADDRESS"},
    {2, "INTERNAL_IP4_NETMASK"},
    {3, "INTERNAL_IP4_DNS"},
    {4, "INTERNAL_IP4_NBNS"},
    {6, "INTERNAL_IP4_DHCP"},
    {7, "APPLICATION_VERSION"},
    {8, "INTERNAL_IP6_ADDRESS"},
    {10, "INTERNAL_IP6_DNS"},
    {12, "INTERNAL_IP6_DHCP"},
    {13, "INTERNAL_IP4_SUBNET"},
    {14, "SUPPORTED_ATTRIBUTES"},
    {15, "INTERNAL_IP6_SUBNET"},
    {25, "INTERNAL_DNS_DOMAIN"},
}};

} // namespace

std::string payloadShortName(PayloadType type) {
    const PayloadInfo* info = payloadInfo(type);
    return info ? std::string(info->shortName) : "Payload " + std::to_string(static_cast<unsigned>(type));
}

std::optional<std::string_view> payloadTypeName(PayloadType type) {
    const PayloadInfo* info = payloadInfo(type);
    return info ? std::optional(info->name) : std::nullopt;
}

std::string_view payloadMeaning(PayloadType type) {
    const PayloadInfo* info = payloadInfo(type);
    return info ? info->meaning : "a payload type the lab does not know; kept as it is";
}

std::optional<std::string_view> exchangeTypeName(ExchangeType type) {
    return lookup(kExchanges, static_cast<std::uint8_t>(type));
}

std::string_view exchangeMeaning(ExchangeType type) {
    switch (type) {
    case ExchangeType::IkeSaInit:
        return "the first exchange, in clear: algorithms (SA), Diffie-Hellman values (KE), nonces, NAT detection";
    case ExchangeType::IkeAuth: return "the second exchange, encrypted: identities, AUTH and the first child SA";
    case ExchangeType::CreateChildSa: return "a new or rekeyed child SA, or a rekey of the IKE SA itself";
    case ExchangeType::Informational: return "Delete, error notifications or a liveness check, under the IKE SA";
    }
    return "an exchange type the lab does not know";
}

std::optional<std::string_view> protocolIdName(ProtocolId protocol) {
    return lookup(kProtocols, static_cast<std::uint8_t>(protocol));
}

std::optional<std::string_view> transformTypeName(TransformType type) {
    return lookup(kTransformTypes, static_cast<std::uint8_t>(type));
}

std::optional<std::string_view> transformIdName(TransformType type, std::uint16_t id) {
    switch (type) {
    case TransformType::Encryption: return lookup(kEncryption, id);
    case TransformType::Prf: return lookup(kPrfs, id);
    case TransformType::Integrity: return lookup(kIntegrity, id);
    case TransformType::DiffieHellman: return lookup(kGroups, id);
    case TransformType::Esn: return lookup(kEsn, id);
    }
    return std::nullopt;
}

std::optional<std::string_view> idTypeName(IdType type) { return lookup(kIdTypes, static_cast<std::uint8_t>(type)); }

std::optional<std::string_view> authMethodName(AuthMethod method) {
    return lookup(kAuthMethods, static_cast<std::uint8_t>(method));
}

std::optional<std::string_view> tsTypeName(TsType type) { return lookup(kTsTypes, static_cast<std::uint8_t>(type)); }

std::optional<std::string_view> notifyTypeName(NotifyType type) {
    const NotifyInfo* info = notifyInfo(type);
    return info ? std::optional(info->name) : std::nullopt;
}

std::string_view notifyMeaning(NotifyType type) {
    if (const NotifyInfo* info = notifyInfo(type)) return info->meaning;
    return static_cast<std::uint16_t>(type) < 16384 ? "an error type the lab does not know"
                                                    : "a status type the lab does not know";
}

std::optional<std::string_view> configTypeName(std::uint8_t type) { return lookup(kConfigTypes, type); }

std::optional<std::string_view> configAttributeName(std::uint16_t type) { return lookup(kConfigAttributes, type); }

} // namespace ipseclab::wire::ikev2
