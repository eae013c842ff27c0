// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ikev2/Algorithms.h"

namespace ipseclab::ikev2 {

using crypto::HashAlgorithm;

std::string IkeSuite::name() const {
    std::string out(crypto::encryptionName(encryption));
    if (integrity != Integrity::None) out += "/" + std::string(crypto::integrityName(integrity));
    out += "/PRF-HMAC-" + std::string(crypto::hashName(prf));
    out += "/" + std::string(crypto::dhGroupInfo(group).shortName);
    return out;
}

std::uint16_t encryptionTransformId(Encryption encryption) {
    switch (encryption) {
    case Encryption::Null: return 11;
    case Encryption::TripleDesCbc: return 3;
    case Encryption::Aes128Cbc:
    case Encryption::Aes192Cbc:
    case Encryption::Aes256Cbc: return 12;
    case Encryption::Aes128Gcm16:
    case Encryption::Aes192Gcm16:
    case Encryption::Aes256Gcm16: return 20;
    }
    return 0;
}

std::optional<std::uint16_t> keyLengthBits(Encryption encryption) {
    if (encryption == Encryption::Null || encryption == Encryption::TripleDesCbc) return std::nullopt;
    return static_cast<std::uint16_t>(crypto::cipherKeyLength(encryption) * 8);
}

Result<Encryption> encryptionFromTransform(std::uint16_t id, std::optional<std::uint64_t> keyLengthBits) {
    const bool cbc = id == 12;
    if (id == 3) return Encryption::TripleDesCbc;
    if (id == 11) return Encryption::Null;
    if (id != 12 && id != 20) return fail("ENCR transform " + std::to_string(id) + " is not supported");
    if (!keyLengthBits) return fail("ENCR transform " + std::to_string(id) + " lacks its Key Length attribute");
    switch (*keyLengthBits) {
    case 128: return cbc ? Encryption::Aes128Cbc : Encryption::Aes128Gcm16;
    case 192: return cbc ? Encryption::Aes192Cbc : Encryption::Aes192Gcm16;
    case 256: return cbc ? Encryption::Aes256Cbc : Encryption::Aes256Gcm16;
    default: return fail("AES key length " + std::to_string(*keyLengthBits) + " bits is not 128, 192 or 256");
    }
}

std::uint16_t prfTransformId(HashAlgorithm prf) {
    switch (prf) {
    case HashAlgorithm::Md5: return 1;
    case HashAlgorithm::Sha1: return 2;
    case HashAlgorithm::Sha256: return 5;
    case HashAlgorithm::Sha384: return 6;
    case HashAlgorithm::Sha512: return 7;
    }
    return 0;
}

Result<HashAlgorithm> prfFromTransform(std::uint16_t id) {
    switch (id) {
    case 2: return HashAlgorithm::Sha1;
    case 5: return HashAlgorithm::Sha256;
    case 6: return HashAlgorithm::Sha384;
    case 7: return HashAlgorithm::Sha512;
    case 1: return fail("PRF_HMAC_MD5 (PRF transform 1) is not supported");
    case 4: return fail("PRF_AES128_XCBC (PRF transform 4) is not supported");
    default: return fail("PRF transform " + std::to_string(id) + " is not supported");
    }
}

std::uint16_t integrityTransformId(Integrity integrity) {
    switch (integrity) {
    case Integrity::None: return 0;
    case Integrity::HmacMd5_96: return 1;
    case Integrity::HmacSha1_96: return 2;
    case Integrity::HmacSha256_128: return 12;
    case Integrity::HmacSha384_192: return 13;
    case Integrity::HmacSha512_256: return 14;
    }
    return 0;
}

Result<Integrity> integrityFromTransform(std::uint16_t id) {
    switch (id) {
    case 0: return Integrity::None;
    case 1: return Integrity::HmacMd5_96;
    case 2: return Integrity::HmacSha1_96;
    case 12: return Integrity::HmacSha256_128;
    case 13: return Integrity::HmacSha384_192;
    case 14: return Integrity::HmacSha512_256;
    default: return fail("INTEG transform " + std::to_string(id) + " is not supported");
    }
}

Result<void> validateIkeSuite(const IkeSuite& suite) {
    if (suite.encryption == Encryption::Null) return fail("an IKE SA cannot use ENCR_NULL", "Suite/Encryption");
    return crypto::validateSuite(suite.encryption, suite.integrity, false);
}

} // namespace ipseclab::ikev2
