#include "ipsec/Suites.h"

namespace ipseclab::ipsec {

std::size_t cipherKeyLength(Encryption encryption) {
    switch (encryption) {
    case Encryption::Null: return 0;
    case Encryption::Aes128Cbc:
    case Encryption::Aes128Gcm16: return 16;
    case Encryption::Aes192Cbc:
    case Encryption::Aes192Gcm16:
    case Encryption::TripleDesCbc: return 24;
    case Encryption::Aes256Cbc:
    case Encryption::Aes256Gcm16: return 32;
    }
    return 0;
}

std::size_t encryptionKeyLength(Encryption encryption) {
    return cipherKeyLength(encryption) + (isAead(encryption) ? 4 : 0);
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

std::size_t ivLength(Encryption encryption) {
    switch (encryption) {
    case Encryption::Null: return 0;
    case Encryption::Aes128Cbc:
    case Encryption::Aes192Cbc:
    case Encryption::Aes256Cbc: return 16;
    case Encryption::TripleDesCbc: return 8;
    case Encryption::Aes128Gcm16:
    case Encryption::Aes192Gcm16:
    case Encryption::Aes256Gcm16: return 8;
    }
    return 0;
}

std::size_t blockSize(Encryption encryption) {
    switch (encryption) {
    case Encryption::Aes128Cbc:
    case Encryption::Aes192Cbc:
    case Encryption::Aes256Cbc: return 16;
    case Encryption::TripleDesCbc: return 8;
    default: return 1;
    }
}

std::size_t icvLength(Integrity integrity) {
    switch (integrity) {
    case Integrity::None: return 0;
    case Integrity::HmacMd5_96:
    case Integrity::HmacSha1_96: return 12;
    case Integrity::HmacSha256_128: return 16;
    case Integrity::HmacSha384_192: return 24;
    case Integrity::HmacSha512_256: return 32;
    }
    return 0;
}

std::size_t icvLength(const Suite& suite) {
    return isAead(suite.encryption) ? 16 : icvLength(suite.integrity);
}

crypto::CipherAlgorithm cbcAlgorithm(Encryption encryption) {
    switch (encryption) {
    case Encryption::Aes192Cbc: return crypto::CipherAlgorithm::Aes192Cbc;
    case Encryption::Aes256Cbc: return crypto::CipherAlgorithm::Aes256Cbc;
    case Encryption::TripleDesCbc: return crypto::CipherAlgorithm::TripleDesCbc;
    default: return crypto::CipherAlgorithm::Aes128Cbc;
    }
}

crypto::HashAlgorithm hmacAlgorithm(Integrity integrity) {
    switch (integrity) {
    case Integrity::HmacMd5_96: return crypto::HashAlgorithm::Md5;
    case Integrity::HmacSha256_128: return crypto::HashAlgorithm::Sha256;
    case Integrity::HmacSha384_192: return crypto::HashAlgorithm::Sha384;
    case Integrity::HmacSha512_256: return crypto::HashAlgorithm::Sha512;
    default: return crypto::HashAlgorithm::Sha1;
    }
}

std::string_view encryptionName(Encryption encryption) {
    switch (encryption) {
    case Encryption::Null: return "NULL";
    case Encryption::Aes128Cbc: return "AES-128-CBC";
    case Encryption::Aes192Cbc: return "AES-192-CBC";
    case Encryption::Aes256Cbc: return "AES-256-CBC";
    case Encryption::TripleDesCbc: return "3DES-CBC";
    case Encryption::Aes128Gcm16: return "AES-128-GCM-16";
    case Encryption::Aes192Gcm16: return "AES-192-GCM-16";
    case Encryption::Aes256Gcm16: return "AES-256-GCM-16";
    }
    return "?";
}

std::string_view integrityName(Integrity integrity) {
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

std::string suiteName(const Suite& suite) {
    if (isAead(suite.encryption)) return std::string(encryptionName(suite.encryption));
    return std::string(encryptionName(suite.encryption)) + " + " + std::string(integrityName(suite.integrity));
}

Result<void> validateSuite(IpsecProtocol protocol, const Suite& suite) {
    if (protocol == IpsecProtocol::Ah) {
        if (suite.encryption != Encryption::Null)
            return fail("AH does not encrypt: its suite takes no cipher, got " +
                            std::string(encryptionName(suite.encryption)),
                        "Suite/Encryption");
        if (suite.integrity == Integrity::None)
            return fail("AH needs an integrity algorithm (HMAC)", "Suite/Integrity");
        return {};
    }
    if (isAead(suite.encryption)) {
        if (suite.integrity != Integrity::None)
            return fail(std::string(encryptionName(suite.encryption)) +
                            " authenticates by itself: it takes no separate integrity algorithm, got " +
                            std::string(integrityName(suite.integrity)),
                        "Suite/Integrity");
        return {};
    }
    if (suite.integrity == Integrity::None)
        return fail(std::string(encryptionName(suite.encryption)) +
                        " without an integrity algorithm would accept forged packets; choose an HMAC",
                    "Suite/Integrity");
    return {};
}

std::size_t keymatLength(IpsecProtocol protocol, const Suite& suite) {
    if (protocol == IpsecProtocol::Ah) return integrityKeyLength(suite.integrity);
    return encryptionKeyLength(suite.encryption) + integrityKeyLength(suite.integrity);
}

Result<SaKeys> cutKeymat(IpsecProtocol protocol, const Suite& suite, ByteView keymat) {
    if (auto valid = validateSuite(protocol, suite); !valid) return tl::unexpected(valid.error());
    const std::size_t needed = keymatLength(protocol, suite);
    if (keymat.size() < needed)
        return fail("KEYMAT has " + std::to_string(keymat.size()) + " bytes; " + suiteName(suite) + " needs " +
                        std::to_string(needed),
                    "KEYMAT");
    const std::size_t encryptionLength = protocol == IpsecProtocol::Ah ? 0 : encryptionKeyLength(suite.encryption);
    SaKeys keys;
    keys.encryption = crypto::SecretBytes(keymat.first(encryptionLength));
    keys.integrity = crypto::SecretBytes(keymat.subspan(encryptionLength, integrityKeyLength(suite.integrity)));
    return keys;
}

namespace {
Result<Integrity> integrityFromIkev1(std::uint16_t authenticationAlgorithm) {
    switch (authenticationAlgorithm) {
    case 1: return Integrity::HmacMd5_96;
    case 2: return Integrity::HmacSha1_96;
    case 5: return Integrity::HmacSha256_128;
    case 6: return Integrity::HmacSha384_192;
    case 7: return Integrity::HmacSha512_256;
    default:
        return fail("IPsec authentication algorithm " + std::to_string(authenticationAlgorithm) +
                        " is not supported (1 HMAC-MD5, 2 HMAC-SHA, 5/6/7 HMAC-SHA2-256/384/512 are)",
                    "Authentication Algorithm");
    }
}
} // namespace

Result<Suite> espSuiteFromIkev1(std::uint8_t transformId, std::optional<std::uint16_t> keyLengthBits,
                                std::optional<std::uint16_t> authenticationAlgorithm) {
    Suite suite;
    switch (transformId) {
    case 3:
        if (keyLengthBits && *keyLengthBits != 192)
            return fail("ESP_3DES has a fixed 192-bit key, got Key Length " + std::to_string(*keyLengthBits),
                        "Key Length");
        suite.encryption = Encryption::TripleDesCbc;
        break;
    case 11: suite.encryption = Encryption::Null; break;
    case 12:
    case 20: {
        if (!keyLengthBits)
            return fail(std::string(transformId == 12 ? "ESP_AES" : "ESP_AES-GCM-16") +
                            " requires the Key Length attribute",
                        "Key Length");
        const bool gcm = transformId == 20;
        switch (*keyLengthBits) {
        case 128: suite.encryption = gcm ? Encryption::Aes128Gcm16 : Encryption::Aes128Cbc; break;
        case 192: suite.encryption = gcm ? Encryption::Aes192Gcm16 : Encryption::Aes192Cbc; break;
        case 256: suite.encryption = gcm ? Encryption::Aes256Gcm16 : Encryption::Aes256Cbc; break;
        default:
            return fail("AES Key Length must be 128, 192 or 256 bits, got " + std::to_string(*keyLengthBits),
                        "Key Length");
        }
        break;
    }
    default:
        return fail("ESP transform " + std::to_string(transformId) +
                        " is not supported (3 ESP_3DES, 11 ESP_NULL, 12 ESP_AES, 20 ESP_AES-GCM-16 are)",
                    "Transform ID");
    }
    if (isAead(suite.encryption)) {
        if (authenticationAlgorithm)
            return fail("AES-GCM takes no Authentication Algorithm attribute, got " +
                            std::to_string(*authenticationAlgorithm),
                        "Authentication Algorithm");
        suite.integrity = Integrity::None;
    } else {
        if (!authenticationAlgorithm)
            return fail(std::string(encryptionName(suite.encryption)) + " needs an Authentication Algorithm attribute",
                        "Authentication Algorithm");
        auto integrity = integrityFromIkev1(*authenticationAlgorithm);
        if (!integrity) return tl::unexpected(integrity.error());
        suite.integrity = *integrity;
    }
    return suite;
}

Result<Suite> ahSuiteFromIkev1(std::uint8_t transformId) {
    Suite suite{Encryption::Null, Integrity::None};
    switch (transformId) {
    case 2: suite.integrity = Integrity::HmacMd5_96; break;
    case 3: suite.integrity = Integrity::HmacSha1_96; break;
    case 5: suite.integrity = Integrity::HmacSha256_128; break;
    case 6: suite.integrity = Integrity::HmacSha384_192; break;
    case 7: suite.integrity = Integrity::HmacSha512_256; break;
    default:
        return fail("AH transform " + std::to_string(transformId) +
                        " is not supported (2 AH_MD5, 3 AH_SHA, 5/6/7 AH_SHA2-256/384/512 are)",
                    "Transform ID");
    }
    return suite;
}

} // namespace ipseclab::ipsec
