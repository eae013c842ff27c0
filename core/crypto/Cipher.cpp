// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/Cipher.h"

#include <climits>
#include <string>

#include "crypto/OpenSsl.h"

namespace ipseclab::crypto {

namespace {
const EVP_CIPHER* evpCipher(CipherAlgorithm alg) {
    switch (alg) {
    case CipherAlgorithm::Aes128Cbc: return EVP_aes_128_cbc();
    case CipherAlgorithm::Aes192Cbc: return EVP_aes_192_cbc();
    case CipherAlgorithm::Aes256Cbc: return EVP_aes_256_cbc();
    case CipherAlgorithm::TripleDesCbc: return EVP_des_ede3_cbc();
    }
    return nullptr;
}

Result<Bytes> cbc(CipherAlgorithm alg, ByteView key, ByteView iv, ByteView input, bool encrypt) {
    const std::string name(cipherName(alg));
    if (key.size() != keyLength(alg))
        return fail(name + " key must be " + std::to_string(keyLength(alg)) + " bytes, got " +
                    std::to_string(key.size()));
    if (iv.size() != blockSize(alg))
        return fail(name + " IV must be " + std::to_string(blockSize(alg)) + " bytes, got " +
                    std::to_string(iv.size()));
    if (input.size() % blockSize(alg) != 0)
        return fail(name + " input must be a multiple of the " + std::to_string(blockSize(alg)) + "-byte block, got " +
                    std::to_string(input.size()) + " bytes");
    if (input.size() > static_cast<std::size_t>(INT_MAX - 32))
        return fail(name + " input of " + std::to_string(input.size()) + " bytes is too long");

    const ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) ossl::fatal("EVP_CIPHER_CTX_new");
    if (EVP_CipherInit_ex2(ctx.get(), evpCipher(alg), key.data(), iv.data(), encrypt ? 1 : 0, nullptr) != 1)
        return fail(name + " setup failed: " + ossl::drainErrors());
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);

    Bytes out(input.size() + blockSize(alg));
    int written = 0;
    int finalWritten = 0;
    if (EVP_CipherUpdate(ctx.get(), out.data(), &written, input.data(), static_cast<int>(input.size())) != 1 ||
        EVP_CipherFinal_ex(ctx.get(), out.data() + written, &finalWritten) != 1)
        return fail(name + (encrypt ? " encryption" : " decryption") + " failed: " + ossl::drainErrors());
    out.resize(static_cast<std::size_t>(written + finalWritten));
    return out;
}
} // namespace

std::size_t keyLength(CipherAlgorithm alg) {
    switch (alg) {
    case CipherAlgorithm::Aes128Cbc: return 16;
    case CipherAlgorithm::Aes192Cbc: return 24;
    case CipherAlgorithm::Aes256Cbc: return 32;
    case CipherAlgorithm::TripleDesCbc: return 24;
    }
    return 0;
}

std::size_t blockSize(CipherAlgorithm alg) { return alg == CipherAlgorithm::TripleDesCbc ? 8 : 16; }

std::string_view cipherName(CipherAlgorithm alg) {
    switch (alg) {
    case CipherAlgorithm::Aes128Cbc: return "AES-128-CBC";
    case CipherAlgorithm::Aes192Cbc: return "AES-192-CBC";
    case CipherAlgorithm::Aes256Cbc: return "AES-256-CBC";
    case CipherAlgorithm::TripleDesCbc: return "3DES-CBC";
    }
    return "?";
}

Result<Bytes> cbcEncrypt(CipherAlgorithm alg, ByteView key, ByteView iv, ByteView plaintext) {
    return cbc(alg, key, iv, plaintext, true);
}

Result<Bytes> cbcDecrypt(CipherAlgorithm alg, ByteView key, ByteView iv, ByteView ciphertext) {
    return cbc(alg, key, iv, ciphertext, false);
}

} // namespace ipseclab::crypto
