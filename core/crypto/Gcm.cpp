// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/Gcm.h"

#include <climits>
#include <string>

#include "crypto/OpenSsl.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::crypto {

namespace {
Result<const EVP_CIPHER*> gcmCipher(std::size_t keyLength) {
    switch (keyLength) {
    case 16: return EVP_aes_128_gcm();
    case 24: return EVP_aes_192_gcm();
    case 32: return EVP_aes_256_gcm();
    default: return fail("AES-GCM key must be 16, 24 or 32 bytes, got " + std::to_string(keyLength));
    }
}

Result<const EVP_CIPHER*> checkInputs(ByteView key, ByteView nonce, std::size_t tagLength, ByteView aad,
                                      ByteView text) {
    if (nonce.size() != kGcmNonceLength)
        return fail("AES-GCM nonce must be 12 bytes (salt 4 + IV 8), got " + std::to_string(nonce.size()));
    if (tagLength != 16 && tagLength != 12 && tagLength != 8)
        return fail("AES-GCM ICV must be 8, 12 or 16 bytes, got " + std::to_string(tagLength));
    if (aad.size() > static_cast<std::size_t>(INT_MAX) || text.size() > static_cast<std::size_t>(INT_MAX))
        return fail("AES-GCM input is too long");
    return gcmCipher(key.size());
}

// Starts a GCM context with key and nonce, then feeds the AAD.
Result<ossl::CipherCtxPtr> start(const EVP_CIPHER* cipher, ByteView key, ByteView nonce, ByteView aad, bool encrypt) {
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) ossl::fatal("EVP_CIPHER_CTX_new");
    int unused = 0;
    if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), nonce.data(), encrypt ? 1 : 0, nullptr) != 1 ||
        (!aad.empty() && EVP_CipherUpdate(ctx.get(), nullptr, &unused, aad.data(), static_cast<int>(aad.size())) != 1))
        return fail("AES-GCM setup failed: " + ossl::drainErrors());
    return ctx;
}
} // namespace

Result<GcmSealed> gcmEncrypt(ByteView key, ByteView nonce, ByteView aad, ByteView plaintext, std::size_t tagLength) {
    const auto cipher = checkInputs(key, nonce, tagLength, aad, plaintext);
    if (!cipher) return tl::unexpected(cipher.error());
    auto ctx = start(*cipher, key, nonce, aad, true);
    if (!ctx) return tl::unexpected(ctx.error());

    GcmSealed out{Bytes(plaintext.size() + 16), Bytes(tagLength)};
    int written = 0;
    int finalWritten = 0;
    if ((!plaintext.empty() && EVP_EncryptUpdate(ctx->get(), out.ciphertext.data(), &written, plaintext.data(),
                                                 static_cast<int>(plaintext.size())) != 1) ||
        EVP_EncryptFinal_ex(ctx->get(), out.ciphertext.data() + written, &finalWritten) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx->get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tagLength), out.tag.data()) != 1)
        return fail("AES-GCM encryption failed: " + ossl::drainErrors());
    out.ciphertext.resize(static_cast<std::size_t>(written + finalWritten));
    return out;
}

Result<Bytes> gcmDecrypt(ByteView key, ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag) {
    const auto cipher = checkInputs(key, nonce, tag.size(), aad, ciphertext);
    if (!cipher) return tl::unexpected(cipher.error());
    auto ctx = start(*cipher, key, nonce, aad, false);
    if (!ctx) return tl::unexpected(ctx.error());

    Bytes out(ciphertext.size() + 16);
    int written = 0;
    int finalWritten = 0;
    if ((!ciphertext.empty() && EVP_DecryptUpdate(ctx->get(), out.data(), &written, ciphertext.data(),
                                                  static_cast<int>(ciphertext.size())) != 1) ||
        EVP_CIPHER_CTX_ctrl(ctx->get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                            const_cast<std::uint8_t*>(tag.data())) != 1)
        return fail("AES-GCM decryption failed: " + ossl::drainErrors());
    if (EVP_DecryptFinal_ex(ctx->get(), out.data() + written, &finalWritten) != 1) {
        ossl::drainErrors();
        cleanse(out.data(), out.size()); // unauthenticated plaintext must not leak out
        return fail("ICV (GCM tag) did not verify");
    }
    out.resize(static_cast<std::size_t>(written + finalWritten));
    return out;
}

} // namespace ipseclab::crypto
