// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/Hash.h"

#include <array>

#include <string>

#include "crypto/OpenSsl.h"

namespace ipseclab::crypto {

std::size_t hashLength(HashAlgorithm alg) {
    switch (alg) {
    case HashAlgorithm::Md5: return 16;
    case HashAlgorithm::Sha1: return 20;
    case HashAlgorithm::Sha256: return 32;
    case HashAlgorithm::Sha384: return 48;
    case HashAlgorithm::Sha512: return 64;
    }
    return 0;
}

std::string_view hashName(HashAlgorithm alg) {
    switch (alg) {
    case HashAlgorithm::Md5: return "MD5";
    case HashAlgorithm::Sha1: return "SHA1";
    case HashAlgorithm::Sha256: return "SHA256";
    case HashAlgorithm::Sha384: return "SHA384";
    case HashAlgorithm::Sha512: return "SHA512";
    }
    return "?";
}

std::uint16_t ikeHashId(HashAlgorithm alg) {
    switch (alg) {
    case HashAlgorithm::Md5: return 1;
    case HashAlgorithm::Sha1: return 2;
    case HashAlgorithm::Sha256: return 4;
    case HashAlgorithm::Sha384: return 5;
    case HashAlgorithm::Sha512: return 6;
    }
    return 0;
}

Result<HashAlgorithm> hashFromIkeId(std::uint16_t id) {
    switch (id) {
    case 1: return HashAlgorithm::Md5;
    case 2: return HashAlgorithm::Sha1;
    case 3: return fail("IKE hash algorithm 3 (Tiger) is not supported");
    case 4: return HashAlgorithm::Sha256;
    case 5: return HashAlgorithm::Sha384;
    case 6: return HashAlgorithm::Sha512;
    default: return fail("IKE hash algorithm " + std::to_string(id) + " is not assigned");
    }
}

const EVP_MD* ossl::digest(HashAlgorithm alg) {
    // Fetched once per algorithm: a fetch searches the provider tables and costs more than
    // hashing a short message. A fetched EVP_MD is immutable, so threads share it.
    static const auto digests = [] {
        std::array<ossl::MdPtr, kHashAlgorithmCount> all;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const std::string name(hashName(static_cast<HashAlgorithm>(i)));
            all[i].reset(EVP_MD_fetch(nullptr, name.c_str(), nullptr));
            if (!all[i]) ossl::fatal("EVP_MD_fetch");
        }
        return all;
    }();
    return digests[static_cast<std::size_t>(alg)].get();
}

Bytes hash(HashAlgorithm alg, ByteView data) {
    Bytes out(hashLength(alg));
    unsigned int outLength = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &outLength, ossl::digest(alg), nullptr) != 1)
        ossl::fatal("EVP_Digest");
    out.resize(outLength);
    return out;
}

} // namespace ipseclab::crypto
