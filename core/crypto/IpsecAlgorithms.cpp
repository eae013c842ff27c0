// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/IpsecAlgorithms.h"

namespace ipseclab::crypto {

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

std::size_t keymatLength(Encryption encryption, Integrity integrity) {
    return encryptionKeyLength(encryption) + integrityKeyLength(integrity);
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

std::size_t icvLength(Encryption encryption, Integrity integrity) {
    return isAead(encryption) ? 16 : icvLength(integrity);
}

CipherAlgorithm cbcAlgorithm(Encryption encryption) {
    switch (encryption) {
    case Encryption::Aes192Cbc: return CipherAlgorithm::Aes192Cbc;
    case Encryption::Aes256Cbc: return CipherAlgorithm::Aes256Cbc;
    case Encryption::TripleDesCbc: return CipherAlgorithm::TripleDesCbc;
    default: return CipherAlgorithm::Aes128Cbc;
    }
}

HashAlgorithm hmacAlgorithm(Integrity integrity) {
    switch (integrity) {
    case Integrity::HmacMd5_96: return HashAlgorithm::Md5;
    case Integrity::HmacSha256_128: return HashAlgorithm::Sha256;
    case Integrity::HmacSha384_192: return HashAlgorithm::Sha384;
    case Integrity::HmacSha512_256: return HashAlgorithm::Sha512;
    default: return HashAlgorithm::Sha1;
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

Result<void> validateSuite(Encryption encryption, Integrity integrity, bool ah) {
    if (ah) {
        if (encryption != Encryption::Null)
            return fail("AH does not encrypt: its suite takes no cipher, got " +
                            std::string(encryptionName(encryption)),
                        "Suite/Encryption");
        if (integrity == Integrity::None) return fail("AH needs an integrity algorithm (HMAC)", "Suite/Integrity");
        return {};
    }
    if (isAead(encryption)) {
        if (integrity != Integrity::None)
            return fail(std::string(encryptionName(encryption)) +
                            " authenticates by itself: it takes no separate integrity algorithm, got " +
                            std::string(integrityName(integrity)),
                        "Suite/Integrity");
        return {};
    }
    if (integrity == Integrity::None)
        return fail(std::string(encryptionName(encryption)) +
                        " without an integrity algorithm would accept forged packets; choose an HMAC",
                    "Suite/Integrity");
    return {};
}

} // namespace ipseclab::crypto
