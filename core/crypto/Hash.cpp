#include "crypto/Hash.h"

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

Bytes hash(HashAlgorithm alg, ByteView data) {
    const std::string name(hashName(alg));
    const ossl::MdPtr md(EVP_MD_fetch(nullptr, name.c_str(), nullptr));
    if (!md) ossl::fatal("EVP_MD_fetch");
    Bytes out(hashLength(alg));
    unsigned int outLength = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &outLength, md.get(), nullptr) != 1)
        ossl::fatal("EVP_Digest");
    out.resize(outLength);
    return out;
}

} // namespace ipseclab::crypto
