#include "ike/Algorithms.h"

namespace ipseclab::ike {

using crypto::CipherAlgorithm;

std::string Phase1Suite::name() const {
    return ikeCipherName(cipher) + "/" + std::string(crypto::hashName(hash)) + "/" +
           std::string(crypto::dhGroupInfo(group).shortName);
}

std::uint16_t ikeEncryptionId(CipherAlgorithm cipher) {
    return cipher == CipherAlgorithm::TripleDesCbc ? static_cast<std::uint16_t>(wire::EncryptionAlgorithm::TripleDesCbc)
                                                   : static_cast<std::uint16_t>(wire::EncryptionAlgorithm::AesCbc);
}

std::optional<std::uint16_t> ikeKeyLengthBits(CipherAlgorithm cipher) {
    switch (cipher) {
    case CipherAlgorithm::Aes128Cbc: return 128;
    case CipherAlgorithm::Aes192Cbc: return 192;
    case CipherAlgorithm::Aes256Cbc: return 256;
    case CipherAlgorithm::TripleDesCbc: return std::nullopt;
    }
    return std::nullopt;
}

Result<CipherAlgorithm> cipherFromIke(std::uint16_t encryptionId, std::optional<std::uint64_t> keyLengthBits) {
    if (encryptionId == static_cast<std::uint16_t>(wire::EncryptionAlgorithm::TripleDesCbc)) {
        if (keyLengthBits && *keyLengthBits != 192) return fail("3DES-CBC with a Key Length of " + std::to_string(*keyLengthBits) + " bits");
        return CipherAlgorithm::TripleDesCbc;
    }
    if (encryptionId == static_cast<std::uint16_t>(wire::EncryptionAlgorithm::AesCbc)) {
        if (!keyLengthBits) return fail("AES-CBC without a Key Length attribute");
        switch (*keyLengthBits) {
        case 128: return CipherAlgorithm::Aes128Cbc;
        case 192: return CipherAlgorithm::Aes192Cbc;
        case 256: return CipherAlgorithm::Aes256Cbc;
        default: return fail("AES-CBC with a Key Length of " + std::to_string(*keyLengthBits) + " bits");
        }
    }
    return fail("encryption algorithm " +
                wire::nameAndNumber(wire::attributeValueName(wire::AttributeSpace::Phase1, 1, encryptionId), encryptionId) +
                " is not supported");
}

std::string ikeCipherName(CipherAlgorithm cipher) {
    switch (cipher) {
    case CipherAlgorithm::Aes128Cbc: return "AES-CBC-128";
    case CipherAlgorithm::Aes192Cbc: return "AES-CBC-192";
    case CipherAlgorithm::Aes256Cbc: return "AES-CBC-256";
    case CipherAlgorithm::TripleDesCbc: return "3DES-CBC";
    }
    return "?";
}

// ---------------------------------------------------------------- Quick Mode

bool isAead(EspCipher cipher) {
    return cipher == EspCipher::Aes128Gcm16 || cipher == EspCipher::Aes192Gcm16 || cipher == EspCipher::Aes256Gcm16;
}

std::size_t encryptionKeyLength(EspCipher cipher) {
    switch (cipher) {
    case EspCipher::Null: return 0;
    case EspCipher::Aes128Cbc: return 16;
    case EspCipher::Aes192Cbc: return 24;
    case EspCipher::Aes256Cbc: return 32;
    case EspCipher::TripleDesCbc: return 24;
    case EspCipher::Aes128Gcm16: return 16 + 4;
    case EspCipher::Aes192Gcm16: return 24 + 4;
    case EspCipher::Aes256Gcm16: return 32 + 4;
    }
    return 0;
}

std::size_t integrityKeyLength(Integrity integrity) {
    switch (integrity) {
    case Integrity::None: return 0;
    case Integrity::HmacMd5_96: return 16;
    case Integrity::HmacSha1_96: return 20;
    case Integrity::HmacSha256_128: return 32;
    case Integrity::HmacSha384_192: return 48;
    case Integrity::HmacSha512_256: return 64;
    }
    return 0;
}

std::size_t keymatLength(const ChildSuite& suite) {
    const std::size_t integrity = integrityKeyLength(suite.integrity);
    return suite.protocol == ChildProtocol::Ah ? integrity : encryptionKeyLength(suite.cipher) + integrity;
}

std::string espCipherName(EspCipher cipher) {
    switch (cipher) {
    case EspCipher::Null: return "NULL";
    case EspCipher::Aes128Cbc: return "AES-CBC-128";
    case EspCipher::Aes192Cbc: return "AES-CBC-192";
    case EspCipher::Aes256Cbc: return "AES-CBC-256";
    case EspCipher::TripleDesCbc: return "3DES-CBC";
    case EspCipher::Aes128Gcm16: return "AES-GCM-16-128";
    case EspCipher::Aes192Gcm16: return "AES-GCM-16-192";
    case EspCipher::Aes256Gcm16: return "AES-GCM-16-256";
    }
    return "?";
}

std::string integrityName(Integrity integrity) {
    switch (integrity) {
    case Integrity::None: return "none";
    case Integrity::HmacMd5_96: return "HMAC-MD5-96";
    case Integrity::HmacSha1_96: return "HMAC-SHA1-96";
    case Integrity::HmacSha256_128: return "HMAC-SHA-256-128";
    case Integrity::HmacSha384_192: return "HMAC-SHA-384-192";
    case Integrity::HmacSha512_256: return "HMAC-SHA-512-256";
    }
    return "?";
}

std::string ChildSuite::name() const {
    if (protocol == ChildProtocol::Ah) return "AH " + integrityName(integrity);
    if (isAead(cipher)) return "ESP " + espCipherName(cipher);
    return "ESP " + espCipherName(cipher) + "/" + integrityName(integrity);
}

std::uint8_t transformIdOf(const ChildSuite& suite) {
    using wire::AhTransformId;
    using wire::EspTransformId;
    if (suite.protocol == ChildProtocol::Ah) {
        switch (suite.integrity) {
        case Integrity::HmacMd5_96: return static_cast<std::uint8_t>(AhTransformId::Md5);
        case Integrity::HmacSha1_96: return static_cast<std::uint8_t>(AhTransformId::Sha);
        case Integrity::HmacSha256_128: return static_cast<std::uint8_t>(AhTransformId::Sha2_256);
        case Integrity::HmacSha384_192: return static_cast<std::uint8_t>(AhTransformId::Sha2_384);
        case Integrity::HmacSha512_256: return static_cast<std::uint8_t>(AhTransformId::Sha2_512);
        case Integrity::None: return 0;
        }
        return 0;
    }
    switch (suite.cipher) {
    case EspCipher::Null: return static_cast<std::uint8_t>(EspTransformId::Null);
    case EspCipher::Aes128Cbc:
    case EspCipher::Aes192Cbc:
    case EspCipher::Aes256Cbc: return static_cast<std::uint8_t>(EspTransformId::AesCbc);
    case EspCipher::TripleDesCbc: return static_cast<std::uint8_t>(EspTransformId::TripleDes);
    case EspCipher::Aes128Gcm16:
    case EspCipher::Aes192Gcm16:
    case EspCipher::Aes256Gcm16: return static_cast<std::uint8_t>(EspTransformId::AesGcm16);
    }
    return 0;
}

std::optional<std::uint16_t> keyLengthBitsOf(const ChildSuite& suite) {
    if (suite.protocol == ChildProtocol::Ah) return std::nullopt;
    switch (suite.cipher) {
    case EspCipher::Aes128Cbc:
    case EspCipher::Aes128Gcm16: return 128;
    case EspCipher::Aes192Cbc:
    case EspCipher::Aes192Gcm16: return 192;
    case EspCipher::Aes256Cbc:
    case EspCipher::Aes256Gcm16: return 256;
    default: return std::nullopt;
    }
}

std::optional<std::uint16_t> authenticationAlgorithmOf(const ChildSuite& suite) {
    using wire::AuthenticationAlgorithm;
    switch (suite.integrity) {
    case Integrity::None: return std::nullopt;
    case Integrity::HmacMd5_96: return static_cast<std::uint16_t>(AuthenticationAlgorithm::HmacMd5);
    case Integrity::HmacSha1_96: return static_cast<std::uint16_t>(AuthenticationAlgorithm::HmacSha);
    case Integrity::HmacSha256_128: return static_cast<std::uint16_t>(AuthenticationAlgorithm::HmacSha2_256);
    case Integrity::HmacSha384_192: return static_cast<std::uint16_t>(AuthenticationAlgorithm::HmacSha2_384);
    case Integrity::HmacSha512_256: return static_cast<std::uint16_t>(AuthenticationAlgorithm::HmacSha2_512);
    }
    return std::nullopt;
}

namespace {

std::optional<Integrity> integrityFromAttribute(std::uint64_t value) {
    switch (value) {
    case 1: return Integrity::HmacMd5_96;
    case 2: return Integrity::HmacSha1_96;
    case 5: return Integrity::HmacSha256_128;
    case 6: return Integrity::HmacSha384_192;
    case 7: return Integrity::HmacSha512_256;
    default: return std::nullopt;
    }
}

std::string authName(std::uint64_t value) {
    return wire::nameAndNumber(wire::attributeValueName(wire::AttributeSpace::Ipsec, 5, value), value);
}

} // namespace

Result<ChildSuite> childSuiteFromIke(ChildProtocol protocol, std::uint8_t transformId,
                                     std::optional<std::uint64_t> keyLengthBits,
                                     std::optional<std::uint64_t> authenticationAlgorithm) {
    ChildSuite suite;
    suite.protocol = protocol;
    if (protocol == ChildProtocol::Ah) {
        suite.cipher = EspCipher::Null;
        std::optional<Integrity> byId;
        switch (transformId) {
        case 2: byId = Integrity::HmacMd5_96; break;
        case 3: byId = Integrity::HmacSha1_96; break;
        case 5: byId = Integrity::HmacSha256_128; break;
        case 6: byId = Integrity::HmacSha384_192; break;
        case 7: byId = Integrity::HmacSha512_256; break;
        default:
            return fail("AH transform " +
                        wire::nameAndNumber(wire::transformIdName(wire::ProtocolId::IpsecAh, transformId), transformId) +
                        " is not supported");
        }
        if (authenticationAlgorithm) {
            const auto byAttribute = integrityFromAttribute(*authenticationAlgorithm);
            if (!byAttribute || *byAttribute != *byId)
                return fail("AH transform " + std::to_string(transformId) + " with authentication algorithm " +
                            authName(*authenticationAlgorithm));
        }
        suite.integrity = *byId;
        return suite;
    }

    const auto keyBits = keyLengthBits.value_or(0);
    switch (transformId) {
    case 3:
        if (keyLengthBits && keyBits != 192) return fail("ESP_3DES with a Key Length of " + std::to_string(keyBits) + " bits");
        suite.cipher = EspCipher::TripleDesCbc;
        break;
    case 11: suite.cipher = EspCipher::Null; break;
    case 12:
    case 20: {
        const bool gcm = transformId == 20;
        if (!keyLengthBits) return fail(std::string(gcm ? "ESP_AES-GCM-16" : "ESP_AES") + " without a Key Length attribute");
        if (keyBits == 128) suite.cipher = gcm ? EspCipher::Aes128Gcm16 : EspCipher::Aes128Cbc;
        else if (keyBits == 192) suite.cipher = gcm ? EspCipher::Aes192Gcm16 : EspCipher::Aes192Cbc;
        else if (keyBits == 256) suite.cipher = gcm ? EspCipher::Aes256Gcm16 : EspCipher::Aes256Cbc;
        else return fail("AES with a Key Length of " + std::to_string(keyBits) + " bits");
        break;
    }
    default:
        return fail("ESP transform " +
                    wire::nameAndNumber(wire::transformIdName(wire::ProtocolId::IpsecEsp, transformId), transformId) +
                    " is not supported");
    }
    if (isAead(suite.cipher)) {
        if (authenticationAlgorithm) return fail("AES-GCM with an authentication algorithm (" + authName(*authenticationAlgorithm) + ")");
        suite.integrity = Integrity::None;
    } else {
        if (!authenticationAlgorithm) return fail(espCipherName(suite.cipher) + " without an authentication algorithm");
        const auto integrity = integrityFromAttribute(*authenticationAlgorithm);
        if (!integrity) return fail("authentication algorithm " + authName(*authenticationAlgorithm) + " is not supported");
        suite.integrity = *integrity;
    }
    return suite;
}

Result<void> validateChildSuite(const ChildSuite& suite) {
    if (suite.protocol == ChildProtocol::Ah) {
        if (suite.integrity == Integrity::None) return fail("AH needs an HMAC");
        return {};
    }
    if (isAead(suite.cipher) && suite.integrity != Integrity::None) return fail("AES-GCM takes no separate HMAC");
    if (!isAead(suite.cipher) && suite.integrity == Integrity::None)
        return fail(espCipherName(suite.cipher) + " needs an HMAC (the lab never sends ESP without integrity)");
    return {};
}

wire::EncapsulationMode encapsulationModeOf(Encapsulation encapsulation, bool udpEncapsulated) {
    using wire::EncapsulationMode;
    if (encapsulation == Encapsulation::Tunnel)
        return udpEncapsulated ? EncapsulationMode::UdpEncapsulatedTunnel : EncapsulationMode::Tunnel;
    return udpEncapsulated ? EncapsulationMode::UdpEncapsulatedTransport : EncapsulationMode::Transport;
}

} // namespace ipseclab::ike
