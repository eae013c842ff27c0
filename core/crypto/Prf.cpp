// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/Prf.h"

#include <array>
#include <string>

#include <openssl/core_names.h>

#include "crypto/OpenSsl.h"

namespace ipseclab::crypto {

namespace {

// An HMAC context per hash with its digest already set, built once: fetching HMAC and the digest
// by name on every call cost more than the HMAC of a short IKE input. Each call works on a copy.
const EVP_MAC_CTX* hmacTemplate(HashAlgorithm alg) {
    static const auto templates = [] {
        const ossl::MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        if (!mac) ossl::fatal("EVP_MAC_fetch(HMAC)");
        std::array<ossl::MacCtxPtr, kHashAlgorithmCount> all;
        for (std::size_t i = 0; i < all.size(); ++i) {
            all[i].reset(EVP_MAC_CTX_new(mac.get()));
            std::string digest(hashName(static_cast<HashAlgorithm>(i)));
            const OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
                OSSL_PARAM_construct_end(),
            };
            if (!all[i] || EVP_MAC_CTX_set_params(all[i].get(), params) != 1) ossl::fatal("EVP_MAC_CTX_set_params");
        }
        return all;
    }();
    return templates[static_cast<std::size_t>(alg)].get();
}

} // namespace

Bytes prf(HashAlgorithm alg, ByteView key, ByteView data) {
    const ossl::MacCtxPtr ctx(EVP_MAC_CTX_dup(hmacTemplate(alg)));
    if (!ctx) ossl::fatal("EVP_MAC_CTX_dup");
    // EVP_MAC_init wants a non-null key pointer even for the (legal) empty HMAC key.
    static const unsigned char kNoKey = 0;
    const unsigned char* keyData = key.empty() ? &kNoKey : key.data();
    if (EVP_MAC_init(ctx.get(), keyData, key.size(), nullptr) != 1) ossl::fatal("EVP_MAC_init");
    if (EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1) ossl::fatal("EVP_MAC_update");

    Bytes out(hashLength(alg));
    std::size_t outLength = 0;
    if (EVP_MAC_final(ctx.get(), out.data(), &outLength, out.size()) != 1) ossl::fatal("EVP_MAC_final");
    out.resize(outLength);
    return out;
}

} // namespace ipseclab::crypto
