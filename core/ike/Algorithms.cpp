// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/Algorithms.h"

namespace ipseclab::ike {

using crypto::CipherAlgorithm;

std::string Phase1Suite::name() const {
    return std::string(crypto::cipherName(cipher)) + "/" + std::string(crypto::hashName(hash)) + "/" +
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
        if (keyLengthBits && *keyLengthBits != 192)
            return fail("3DES-CBC with a Key Length of " + std::to_string(*keyLengthBits) + " bits");
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
    return fail(
        "encryption algorithm " +
        wire::nameAndNumber(wire::attributeValueName(wire::AttributeSpace::Phase1, 1, encryptionId), encryptionId) +
        " is not supported");
}

// ---------------------------------------------------------------- Quick Mode

std::size_t keymatLength(const ChildSuite& suite) {
    // AH's cipher is Null: the integrity key alone.
    return crypto::keymatLength(suite.cipher, suite.integrity);
}

std::string ChildSuite::name() const {
    const std::string integrityText(crypto::integrityName(integrity));
    if (protocol == ChildProtocol::Ah) return "AH " + integrityText;
    const std::string cipherText(crypto::encryptionName(cipher));
    return isAead(cipher) ? "ESP " + cipherText : "ESP " + cipherText + "/" + integrityText;
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
    case Encryption::Null: return static_cast<std::uint8_t>(EspTransformId::Null);
    case Encryption::Aes128Cbc:
    case Encryption::Aes192Cbc:
    case Encryption::Aes256Cbc: return static_cast<std::uint8_t>(EspTransformId::AesCbc);
    case Encryption::TripleDesCbc: return static_cast<std::uint8_t>(EspTransformId::TripleDes);
    case Encryption::Aes128Gcm16:
    case Encryption::Aes192Gcm16:
    case Encryption::Aes256Gcm16: return static_cast<std::uint8_t>(EspTransformId::AesGcm16);
    }
    return 0;
}

std::optional<std::uint16_t> keyLengthBitsOf(const ChildSuite& suite) {
    if (suite.protocol == ChildProtocol::Ah) return std::nullopt;
    switch (suite.cipher) {
    case Encryption::Aes128Cbc:
    case Encryption::Aes128Gcm16: return 128;
    case Encryption::Aes192Cbc:
    case Encryption::Aes192Gcm16: return 192;
    case Encryption::Aes256Cbc:
    case Encryption::Aes256Gcm16: return 256;
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
        suite.cipher = Encryption::Null;
        std::optional<Integrity> byId;
        switch (transformId) {
        case 2: byId = Integrity::HmacMd5_96; break;
        case 3: byId = Integrity::HmacSha1_96; break;
        case 5: byId = Integrity::HmacSha256_128; break;
        case 6: byId = Integrity::HmacSha384_192; break;
        case 7: byId = Integrity::HmacSha512_256; break;
        default:
            return fail(
                "AH transform " +
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
        if (keyLengthBits && keyBits != 192)
            return fail("ESP_3DES with a Key Length of " + std::to_string(keyBits) + " bits");
        suite.cipher = Encryption::TripleDesCbc;
        break;
    case 11: suite.cipher = Encryption::Null; break;
    case 12:
    case 20: {
        const bool gcm = transformId == 20;
        if (!keyLengthBits)
            return fail(std::string(gcm ? "ESP_AES-GCM-16" : "ESP_AES") + " without a Key Length attribute");
        if (keyBits == 128) suite.cipher = gcm ? Encryption::Aes128Gcm16 : Encryption::Aes128Cbc;
        else if (keyBits == 192) suite.cipher = gcm ? Encryption::Aes192Gcm16 : Encryption::Aes192Cbc;
        else if (keyBits == 256) suite.cipher = gcm ? Encryption::Aes256Gcm16 : Encryption::Aes256Cbc;
        else return fail("AES with a Key Length of " + std::to_string(keyBits) + " bits");
        break;
    }
    default:
        return fail("ESP transform " +
                    wire::nameAndNumber(wire::transformIdName(wire::ProtocolId::IpsecEsp, transformId), transformId) +
                    " is not supported");
    }
    if (isAead(suite.cipher)) {
        if (authenticationAlgorithm)
            return fail("AES-GCM with an authentication algorithm (" + authName(*authenticationAlgorithm) + ")");
        suite.integrity = Integrity::None;
    } else {
        if (!authenticationAlgorithm)
            return fail(std::string(crypto::encryptionName(suite.cipher)) + " without an authentication algorithm");
        const auto integrity = integrityFromAttribute(*authenticationAlgorithm);
        if (!integrity)
            return fail("authentication algorithm " + authName(*authenticationAlgorithm) + " is not supported");
        suite.integrity = *integrity;
    }
    return suite;
}

Result<void> validateChildSuite(const ChildSuite& suite) {
    return crypto::validateSuite(suite.cipher, suite.integrity, suite.protocol == ChildProtocol::Ah);
}

wire::EncapsulationMode encapsulationModeOf(Encapsulation encapsulation, bool udpEncapsulated) {
    using wire::EncapsulationMode;
    if (encapsulation == Encapsulation::Tunnel)
        return udpEncapsulated ? EncapsulationMode::UdpEncapsulatedTunnel : EncapsulationMode::Tunnel;
    return udpEncapsulated ? EncapsulationMode::UdpEncapsulatedTransport : EncapsulationMode::Transport;
}

} // namespace ipseclab::ike
