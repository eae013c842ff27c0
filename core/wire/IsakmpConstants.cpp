// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IsakmpConstants.h"

#include <algorithm>
#include <array>
#include <vector>

#include "wire/NameTable.h"

namespace ipseclab::wire {

namespace {

// ---- Header and payload tables ----

struct PayloadInfo {
    PayloadType type;
    std::string_view shortName;
    std::string_view name;
    std::string_view meaning;
};

constexpr std::array<PayloadInfo, 20> kPayloads{{
    {PayloadType::None, "None", "None", "end of the payload chain"},
    {PayloadType::Sa, "SA", "Security Association",
     "the offer or the choice of algorithms: proposals, each with transforms and their attributes"},
    {PayloadType::Proposal, "Proposal", "Proposal",
     "one alternative offer (same number = bundled, e.g. AH+ESP); holds transforms"},
    {PayloadType::Transform, "Transform", "Transform", "one set of algorithms and lifetimes the sender accepts"},
    {PayloadType::Ke, "KE", "Key Exchange", "the sender's Diffie-Hellman public value (g^x)"},
    {PayloadType::Id, "ID", "Identification",
     "who the sender is (phase 1) or which traffic the SA protects (Quick Mode selectors)"},
    {PayloadType::Cert, "CERT", "Certificate", "a certificate of the sender"},
    {PayloadType::Cr, "CR", "Certificate Request", "asks the peer for a certificate from a given authority"},
    {PayloadType::Hash, "HASH", "Hash",
     "keyed hash (prf) proving the sender knows the keys and binding the exchange together"},
    {PayloadType::Sig, "SIG", "Signature", "signature authenticating the sender"},
    {PayloadType::Nonce, "NONCE", "Nonce", "fresh random bytes that make every exchange's keys unique"},
    {PayloadType::Notification, "Notification", "Notification",
     "an error or status message (e.g. NO-PROPOSAL-CHOSEN, INITIAL-CONTACT, DPD)"},
    {PayloadType::Delete, "Delete", "Delete", "tells the peer that these SAs are gone"},
    {PayloadType::VendorId, "VID", "Vendor ID", "announces an implementation or an extension the sender supports"},
    {PayloadType::Attributes, "Attributes", "Attributes (Mode-Config)",
     "Mode-Config / XAUTH attributes (draft); not decoded by the lab"},
    {PayloadType::NatD, "NAT-D", "NAT Discovery (RFC 3947)",
     "hash of an address and port: if it differs from what the receiver sees, a NAT is in the path"},
    {PayloadType::NatOa, "NAT-OA", "NAT Original Address (RFC 3947)",
     "the sender's original address before NAT, to fix transport-mode checksums"},
    {PayloadType::NatDDraft, "NAT-D (draft)", "NAT Discovery (NAT-T draft)",
     "NAT-D with the payload number of NAT-T drafts 01-03"},
    {PayloadType::NatOaDraft, "NAT-OA (draft)", "NAT Original Address (NAT-T draft)",
     "NAT-OA with the payload number of NAT-T drafts 01-03"},
    {PayloadType::Fragment, "Fragment", "IKE Fragment (Cisco)",
     "one fragment of a large IKE message (Cisco extension); not reassembled by the lab"},
}};

const PayloadInfo* payloadInfo(PayloadType type) {
    for (const PayloadInfo& info : kPayloads)
        if (info.type == type) return &info;
    return nullptr;
}

constexpr std::array<NameEntry, 9> kExchangeTypes{{
    {0, "NONE"},
    {1, "Base"},
    {2, "Identity Protection (Main Mode)"},
    {3, "Authentication Only"},
    {4, "Aggressive"},
    {5, "Informational"},
    {6, "Transaction (Mode-Config)"},
    {32, "Quick Mode"},
    {33, "New Group Mode"},
}};

constexpr std::array<NameEntry, 5> kProtocolIds{{
    {0, "RESERVED"},
    {1, "PROTO_ISAKMP"},
    {2, "PROTO_IPSEC_AH"},
    {3, "PROTO_IPSEC_ESP"},
    {4, "PROTO_IPCOMP"},
}};

constexpr std::array<NameEntry, 13> kIdTypes{{
    {0, "RESERVED"},
    {1, "ID_IPV4_ADDR"},
    {2, "ID_FQDN"},
    {3, "ID_USER_FQDN"},
    {4, "ID_IPV4_ADDR_SUBNET"},
    {5, "ID_IPV6_ADDR"},
    {6, "ID_IPV6_ADDR_SUBNET"},
    {7, "ID_IPV4_ADDR_RANGE"},
    {8, "ID_IPV6_ADDR_RANGE"},
    {9, "ID_DER_ASN1_DN"},
    {10, "ID_DER_ASN1_GN"},
    {11, "ID_KEY_ID"},
    {12, "ID_LIST"},
}};

constexpr std::array<NameEntry, 36> kNotifyTypes{{
    {1, "INVALID-PAYLOAD-TYPE"},
    {2, "DOI-NOT-SUPPORTED"},
    {3, "SITUATION-NOT-SUPPORTED"},
    {4, "INVALID-COOKIE"},
    {5, "INVALID-MAJOR-VERSION"},
    {6, "INVALID-MINOR-VERSION"},
    {7, "INVALID-EXCHANGE-TYPE"},
    {8, "INVALID-FLAGS"},
    {9, "INVALID-MESSAGE-ID"},
    {10, "INVALID-PROTOCOL-ID"},
    {11, "INVALID-SPI"},
    {12, "INVALID-TRANSFORM-ID"},
    {13, "ATTRIBUTES-NOT-SUPPORTED"},
    {14, "NO-PROPOSAL-CHOSEN"},
    {15, "BAD-PROPOSAL-SYNTAX"},
    {16, "PAYLOAD-MALFORMED"},
    {17, "INVALID-KEY-INFORMATION"},
    {18, "INVALID-ID-INFORMATION"},
    {19, "INVALID-CERT-ENCODING"},
    {20, "INVALID-CERTIFICATE"},
    {21, "CERT-TYPE-UNSUPPORTED"},
    {22, "INVALID-CERT-AUTHORITY"},
    {23, "INVALID-HASH-INFORMATION"},
    {24, "AUTHENTICATION-FAILED"},
    {25, "INVALID-SIGNATURE"},
    {26, "ADDRESS-NOTIFICATION"},
    {27, "NOTIFY-SA-LIFETIME"},
    {28, "CERTIFICATE-UNAVAILABLE"},
    {29, "UNSUPPORTED-EXCHANGE-TYPE"},
    {30, "UNEQUAL-PAYLOAD-LENGTHS"},
    {16384, "CONNECTED"},
    {24576, "RESPONDER-LIFETIME"},
    {24577, "REPLAY-STATUS"},
    {24578, "INITIAL-CONTACT"},
    {36136, "R-U-THERE"},
    {36137, "R-U-THERE-ACK"},
}};

constexpr std::array<NameEntry, 2> kDois{{{0, "ISAKMP"}, {1, "IPsec"}}};

constexpr std::array<NameEntry, 1> kIsakmpTransforms{{{1, "KEY_IKE"}}};

constexpr std::array<NameEntry, 22> kEspTransforms{{
    {1, "ESP_DES_IV64"},    {2, "ESP_DES"},
    {3, "ESP_3DES"},        {4, "ESP_RC5"},
    {5, "ESP_IDEA"},        {6, "ESP_CAST"},
    {7, "ESP_BLOWFISH"},    {8, "ESP_3IDEA"},
    {9, "ESP_DES_IV32"},    {10, "ESP_RC4"},
    {11, "ESP_NULL"},       {12, "ESP_AES-CBC"},
    {13, "ESP_AES-CTR"},    {14, "ESP_AES-CCM_8"},
    {15, "ESP_AES-CCM_12"}, {16, "ESP_AES-CCM_16"},
    {18, "ESP_AES-GCM_8"},  {19, "ESP_AES-GCM_12"},
    {20, "ESP_AES-GCM_16"}, {21, "ESP_SEED_CBC"},
    {22, "ESP_CAMELLIA"},   {23, "ESP_NULL_AUTH_AES-GMAC"},
}};

constexpr std::array<NameEntry, 12> kAhTransforms{{
    {2, "AH_MD5"},
    {3, "AH_SHA"},
    {4, "AH_DES"},
    {5, "AH_SHA2-256"},
    {6, "AH_SHA2-384"},
    {7, "AH_SHA2-512"},
    {8, "AH_RIPEMD"},
    {9, "AH_AES-XCBC-MAC"},
    {10, "AH_RSA"},
    {11, "AH_AES-128-GMAC"},
    {12, "AH_AES-192-GMAC"},
    {13, "AH_AES-256-GMAC"},
}};

constexpr std::array<NameEntry, 4> kIpcompTransforms{
    {{1, "IPCOMP_OUI"}, {2, "IPCOMP_DEFLATE"}, {3, "IPCOMP_LZS"}, {4, "IPCOMP_LZJH"}}};

// ---- Attribute tables ----

constexpr std::array<NameEntry, 16> kPhase1Attributes{{
    {1, "Encryption Algorithm"},
    {2, "Hash Algorithm"},
    {3, "Authentication Method"},
    {4, "Group Description"},
    {5, "Group Type"},
    {6, "Group Prime or Irreducible Polynomial"},
    {7, "Group Generator One"},
    {8, "Group Generator Two"},
    {9, "Group Curve A"},
    {10, "Group Curve B"},
    {11, "Life Type"},
    {12, "Life Duration"},
    {13, "PRF"},
    {14, "Key Length"},
    {15, "Field Size"},
    {16, "Group Order"},
}};

constexpr std::array<NameEntry, 15> kIpsecAttributes{{
    {1, "SA Life Type"},
    {2, "SA Life Duration"},
    {3, "Group Description"},
    {4, "Encapsulation Mode"},
    {5, "Authentication Algorithm"},
    {6, "Key Length"},
    {7, "Key Rounds"},
    {8, "Compress Dictionary Size"},
    {9, "Compress Private Algorithm"},
    {10, "ECN Tunnel"},
    {11, "Extended (64-bit) Sequence Number"},
    {12, "Authentication Key Length"},
    {13, "Signature Encoding Algorithm"},
    {14, "Address Preservation"},
    {15, "SA Direction"},
}};

constexpr std::array<NameEntry, 8> kEncryptionAlgorithms{{
    {1, "DES-CBC"},
    {2, "IDEA-CBC"},
    {3, "Blowfish-CBC"},
    {4, "RC5-R16-B64-CBC"},
    {5, "3DES-CBC"},
    {6, "CAST-CBC"},
    {7, "AES-CBC"},
    {8, "Camellia-CBC"},
}};

constexpr std::array<NameEntry, 6> kHashAlgorithms{{
    {1, "MD5"},
    {2, "SHA"},
    {3, "Tiger"},
    {4, "SHA2-256"},
    {5, "SHA2-384"},
    {6, "SHA2-512"},
}};

constexpr std::array<NameEntry, 25> kAuthenticationMethods{{
    {1, "Pre-shared key"},
    {2, "DSS signatures"},
    {3, "RSA signatures"},
    {4, "Encryption with RSA"},
    {5, "Revised encryption with RSA"},
    {6, "Encryption with El-Gamal"},
    {7, "Revised encryption with El-Gamal"},
    {8, "ECDSA signatures"},
    {9, "ECDSA with SHA-256 on P-256"},
    {10, "ECDSA with SHA-384 on P-384"},
    {11, "ECDSA with SHA-512 on P-521"},
    {64221, "HybridInitRSA"},
    {64222, "HybridRespRSA"},
    {64223, "HybridInitDSS"},
    {64224, "HybridRespDSS"},
    {65001, "XAUTHInitPreShared"},
    {65002, "XAUTHRespPreShared"},
    {65003, "XAUTHInitDSS"},
    {65004, "XAUTHRespDSS"},
    {65005, "XAUTHInitRSA"},
    {65006, "XAUTHRespRSA"},
    {65007, "XAUTHInitRSAEncryption"},
    {65008, "XAUTHRespRSAEncryption"},
    {65009, "XAUTHInitRSARevisedEncryption"},
    {65010, "XAUTHRespRSARevisedEncryption"},
}};

constexpr std::array<NameEntry, 24> kGroups{{
    {1, "MODP-768"},
    {2, "MODP-1024"},
    {3, "EC2N-155"},
    {4, "EC2N-185"},
    {5, "MODP-1536"},
    {14, "MODP-2048"},
    {15, "MODP-3072"},
    {16, "MODP-4096"},
    {17, "MODP-6144"},
    {18, "MODP-8192"},
    {19, "ECP-256"},
    {20, "ECP-384"},
    {21, "ECP-521"},
    {22, "MODP-1024-160 (RFC 5114)"},
    {23, "MODP-2048-224 (RFC 5114)"},
    {24, "MODP-2048-256 (RFC 5114)"},
    {25, "ECP-192"},
    {26, "ECP-224"},
    {27, "Brainpool-P224r1"},
    {28, "Brainpool-P256r1"},
    {29, "Brainpool-P384r1"},
    {30, "Brainpool-P512r1"},
    {31, "Curve25519"},
    {32, "Curve448"},
}};

constexpr std::array<NameEntry, 3> kGroupTypes{{{1, "MODP"}, {2, "ECP"}, {3, "EC2N"}}};
constexpr std::array<NameEntry, 2> kLifeTypes{{{1, "seconds"}, {2, "kilobytes"}}};

constexpr std::array<NameEntry, 6> kEncapsulationModes{{
    {1, "Tunnel"},
    {2, "Transport"},
    {3, "UDP-Encapsulated-Tunnel"},
    {4, "UDP-Encapsulated-Transport"},
    {61443, "UDP-Encapsulated-Tunnel (draft)"},
    {61444, "UDP-Encapsulated-Transport (draft)"},
}};

constexpr std::array<NameEntry, 13> kAuthenticationAlgorithms{{
    {1, "HMAC-MD5"},
    {2, "HMAC-SHA"},
    {3, "DES-MAC"},
    {4, "KPDK"},
    {5, "HMAC-SHA2-256"},
    {6, "HMAC-SHA2-384"},
    {7, "HMAC-SHA2-512"},
    {8, "HMAC-RIPEMD"},
    {9, "AES-XCBC-MAC"},
    {10, "SIG-RSA"},
    {11, "AES-128-GMAC"},
    {12, "AES-192-GMAC"},
    {13, "AES-256-GMAC"},
}};

constexpr std::array<NameEntry, 2> kEcnTunnel{{{1, "Allowed"}, {2, "Forbidden"}}};
constexpr std::array<NameEntry, 1> kEsn{{{1, "64-bit sequence number"}}};

constexpr std::array<NameEntry, 13> kCertificateEncodings{{
    {1, "PKCS #7 wrapped X.509 certificate"},
    {2, "PGP Certificate"},
    {3, "DNS Signed Key"},
    {4, "X.509 Certificate - Signature"},
    {5, "X.509 Certificate - Key Exchange"},
    {6, "Kerberos Tokens"},
    {7, "Certificate Revocation List (CRL)"},
    {8, "Authority Revocation List (ARL)"},
    {9, "SPKI Certificate"},
    {10, "X.509 Certificate - Attribute"},
    {11, "Raw RSA Key"},
    {12, "Hash and URL of X.509 certificate"},
    {13, "Hash and URL of X.509 bundle"},
}};

// ---- Vendor IDs ----

enum class VidMatch { Exact, Prefix };

struct KnownVendorId {
    std::string_view hex;
    VidMatch match;
    std::string_view name;
    std::string_view meaning;
};

// Exact IDs first; prefixed ones carry a version or capability suffix.
const std::array<KnownVendorId, 19> kVendorIds{{
    {"4a131c81070358455c5728f20e95452f", VidMatch::Exact, "NAT-T (RFC 3947)",
     "the sender supports NAT traversal as RFC 3947 defines it (NAT-D payloads, port 4500)"},
    {"90cb80913ebb696e086381b5ec427b1f", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-02\\n",
     "the sender supports the draft-02 NAT traversal (payload types 130/131)"},
    {"cd60464335df21f87cfdb2fc68b6a448", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-02",
     "the sender supports the draft-02 NAT traversal (payload types 130/131)"},
    {"7d9419a65310ca6f2c179d9215529d56", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-03",
     "the sender supports the draft-03 NAT traversal (payload types 130/131)"},
    {"4485152d18b6bbcd0be8a8469579ddcc", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-00",
     "the sender supports an early draft of NAT traversal"},
    {"4df37928e9fc4fd1b3262170d515c662", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike",
     "the sender supports an early draft of NAT traversal"},
    {"9909b64eed937c6573de52ace952fa6b", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-04",
     "the sender supports a draft of NAT traversal"},
    {"80d0bb3def54565ee84645d4c85ce3ee", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-05",
     "the sender supports a draft of NAT traversal"},
    {"4d1e0e136deafa34c4f3ea9f02ec7285", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-06",
     "the sender supports a draft of NAT traversal"},
    {"439b59f8ba676c4c7737ae22eab8f582", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-07",
     "the sender supports a draft of NAT traversal"},
    {"8f8d83826d246b6fc7a8a6a428c11de8", VidMatch::Exact, "NAT-T draft-ietf-ipsec-nat-t-ike-08",
     "the sender supports a draft of NAT traversal"},
    {"09002689dfd6b712", VidMatch::Exact, "XAuth",
     "the sender supports extended authentication (user name and password after phase 1)"},
    {"882fe56d6fd20dbc2251613b2ebe5beb", VidMatch::Exact, "strongSwan",
     "the sender is strongSwan (MD5 of \"strongSwan\")"},
    {"afcad71368a1f1c96b8696fc7757", VidMatch::Prefix, "DPD (RFC 3706)",
     "the sender supports dead peer detection: it answers R-U-THERE with R-U-THERE-ACK"},
    {"4048b7d56ebce88525e7de7f00d6c2d3", VidMatch::Prefix, "FRAGMENTATION",
     "the sender can split large IKE messages into fragments (payload 132)"},
    {"12f5f28c457168a9702d9fe274cc", VidMatch::Prefix, "Cisco Unity",
     "the sender supports Cisco Unity client extensions"},
    {"1e2b516905991c7d7c96fcbfb587e461", VidMatch::Prefix, "MS NT5 ISAKMPOAKLEY",
     "the sender is a Windows IPsec implementation (suffix = version)"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f", VidMatch::Prefix, "Checkpoint Firewall",
     "the sender is a Check Point firewall"},
    {"4865617274426561745f4e6f74696679", VidMatch::Exact, "Heartbeat Notify",
     "the sender supports heartbeat notifications"},
}};

std::string hexSuffix(ByteView bytes) { return "0x" + toHex(bytes); }

} // namespace

AttributeSpace attributeSpaceFor(ProtocolId protocol) {
    switch (protocol) {
    case ProtocolId::Isakmp: return AttributeSpace::Phase1;
    case ProtocolId::IpsecAh:
    case ProtocolId::IpsecEsp:
    case ProtocolId::Ipcomp: return AttributeSpace::Ipsec;
    default: return AttributeSpace::Unknown;
    }
}

std::string payloadShortName(PayloadType type) {
    if (const PayloadInfo* info = payloadInfo(type)) return std::string(info->shortName);
    return "Payload " + std::to_string(static_cast<unsigned>(type));
}

std::optional<std::string_view> payloadTypeName(PayloadType type) {
    if (const PayloadInfo* info = payloadInfo(type)) return info->name;
    return std::nullopt;
}

std::string_view payloadMeaning(PayloadType type) {
    if (const PayloadInfo* info = payloadInfo(type)) return info->meaning;
    const auto number = static_cast<unsigned>(type);
    if (number >= 33 && number <= 53) return "an IKEv2 payload number; it has no place in IKEv1";
    return "a payload type the lab does not know; its bytes are kept as they are";
}

std::optional<std::string_view> exchangeTypeName(ExchangeType type) {
    const auto number = static_cast<unsigned>(type);
    if (const auto name = lookup(kExchangeTypes, number)) return name;
    switch (number) {
    case 34: return "IKE_SA_INIT (IKEv2)";
    case 35: return "IKE_AUTH (IKEv2)";
    case 36: return "CREATE_CHILD_SA (IKEv2)";
    case 37: return "INFORMATIONAL (IKEv2)";
    default: return std::nullopt;
    }
}

std::optional<std::string_view> protocolIdName(ProtocolId protocol) {
    return lookup(kProtocolIds, static_cast<unsigned>(protocol));
}

std::optional<std::string_view> idTypeName(IdType type) { return lookup(kIdTypes, static_cast<unsigned>(type)); }

std::optional<std::string_view> notifyTypeName(NotifyType type) {
    return lookup(kNotifyTypes, static_cast<unsigned>(type));
}

std::optional<std::string_view> doiName(std::uint32_t doi) { return lookup(kDois, doi); }

std::optional<std::string_view> transformIdName(ProtocolId protocol, std::uint8_t transformId) {
    switch (protocol) {
    case ProtocolId::Isakmp: return lookup(kIsakmpTransforms, transformId);
    case ProtocolId::IpsecEsp: return lookup(kEspTransforms, transformId);
    case ProtocolId::IpsecAh: return lookup(kAhTransforms, transformId);
    case ProtocolId::Ipcomp: return lookup(kIpcompTransforms, transformId);
    default: return std::nullopt;
    }
}

std::optional<std::string_view> attributeTypeName(AttributeSpace space, std::uint16_t type) {
    switch (space) {
    case AttributeSpace::Phase1: return lookup(kPhase1Attributes, type);
    case AttributeSpace::Ipsec: return lookup(kIpsecAttributes, type);
    case AttributeSpace::Unknown: break;
    }
    return std::nullopt;
}

std::optional<std::string_view> attributeValueName(AttributeSpace space, std::uint16_t type, std::uint64_t value) {
    if (space == AttributeSpace::Phase1) {
        switch (static_cast<Phase1Attribute>(type)) {
        case Phase1Attribute::EncryptionAlgorithm: return lookup(kEncryptionAlgorithms, value);
        case Phase1Attribute::HashAlgorithm: return lookup(kHashAlgorithms, value);
        case Phase1Attribute::AuthenticationMethod: return lookup(kAuthenticationMethods, value);
        case Phase1Attribute::GroupDescription: return lookup(kGroups, value);
        case Phase1Attribute::GroupType: return lookup(kGroupTypes, value);
        case Phase1Attribute::LifeType: return lookup(kLifeTypes, value);
        default: return std::nullopt;
        }
    }
    if (space == AttributeSpace::Ipsec) {
        switch (static_cast<IpsecAttribute>(type)) {
        case IpsecAttribute::SaLifeType: return lookup(kLifeTypes, value);
        case IpsecAttribute::GroupDescription: return lookup(kGroups, value);
        case IpsecAttribute::EncapsulationMode: return lookup(kEncapsulationModes, value);
        case IpsecAttribute::AuthenticationAlgorithm: return lookup(kAuthenticationAlgorithms, value);
        case IpsecAttribute::EcnTunnel: return lookup(kEcnTunnel, value);
        case IpsecAttribute::ExtendedSequenceNumber: return lookup(kEsn, value);
        default: return std::nullopt;
        }
    }
    return std::nullopt;
}

bool isVariableAttribute(AttributeSpace space, std::uint16_t type) {
    if (space == AttributeSpace::Phase1) {
        switch (static_cast<Phase1Attribute>(type)) {
        case Phase1Attribute::GroupPrime:
        case Phase1Attribute::GroupGeneratorOne:
        case Phase1Attribute::GroupGeneratorTwo:
        case Phase1Attribute::GroupCurveA:
        case Phase1Attribute::GroupCurveB:
        case Phase1Attribute::LifeDuration:
        case Phase1Attribute::GroupOrder: return true;
        default: return false;
        }
    }
    if (space == AttributeSpace::Ipsec)
        return type == static_cast<std::uint16_t>(IpsecAttribute::SaLifeDuration) ||
               type == static_cast<std::uint16_t>(IpsecAttribute::CompressPrivateAlgorithm);
    return true; // unknown table: either form is plausible
}

std::optional<std::string_view> certificateEncodingName(std::uint8_t encoding) {
    return lookup(kCertificateEncodings, encoding);
}

std::optional<VendorIdInfo> recognizeVendorId(ByteView vendorId) {
    static const std::vector<Bytes> ids = [] {
        std::vector<Bytes> bytes;
        for (const KnownVendorId& known : kVendorIds) bytes.push_back(fromHex(known.hex).value_or(Bytes{}));
        return bytes;
    }();
    for (std::size_t i = 0; i < kVendorIds.size(); ++i) {
        const KnownVendorId& known = kVendorIds[i];
        const Bytes& id = ids[i];
        if (vendorId.size() < id.size() || !std::equal(id.begin(), id.end(), vendorId.begin())) continue;
        const ByteView suffix = vendorId.subspan(id.size());
        if (known.match == VidMatch::Exact) {
            if (!suffix.empty()) continue;
            return VendorIdInfo{std::string(known.name), std::string(known.meaning)};
        }
        std::string name(known.name);
        if (known.name.starts_with("DPD") || known.name.starts_with("Cisco Unity")) {
            // The last two bytes are a major and minor version (01 00 = 1.0).
            if (suffix.size() != 2) continue;
            name += " v" + std::to_string(suffix[0]) + "." + std::to_string(suffix[1]);
        } else if (!suffix.empty()) {
            name += (known.name == "FRAGMENTATION" ? " (capabilities " : " (") + hexSuffix(suffix) + ")";
        }
        return VendorIdInfo{std::move(name), std::string(known.meaning)};
    }
    return std::nullopt;
}

std::string nameAndNumber(std::optional<std::string_view> name, std::uint64_t number) {
    return std::string(name.value_or("unknown")) + " (" + std::to_string(number) + ")";
}

} // namespace ipseclab::wire
