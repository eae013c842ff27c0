#include "crypto/Prf.h"

#include <string>

#include <openssl/core_names.h>

#include "crypto/OpenSsl.h"

namespace ipseclab::crypto {

Bytes prf(HashAlgorithm alg, ByteView key, ByteView data) {
    const ossl::MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) ossl::fatal("EVP_MAC_fetch(HMAC)");
    const ossl::MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
    if (!ctx) ossl::fatal("EVP_MAC_CTX_new");

    std::string digest(hashName(alg));
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
        OSSL_PARAM_construct_end(),
    };
    // EVP_MAC_init wants a non-null key pointer even for the (legal) empty HMAC key.
    static const unsigned char kNoKey = 0;
    const unsigned char* keyData = key.empty() ? &kNoKey : key.data();
    if (EVP_MAC_init(ctx.get(), keyData, key.size(), params) != 1) ossl::fatal("EVP_MAC_init");
    if (EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1) ossl::fatal("EVP_MAC_update");

    Bytes out(hashLength(alg));
    std::size_t outLength = 0;
    if (EVP_MAC_final(ctx.get(), out.data(), &outLength, out.size()) != 1) ossl::fatal("EVP_MAC_final");
    out.resize(outLength);
    return out;
}

} // namespace ipseclab::crypto
