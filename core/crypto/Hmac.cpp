// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/Hmac.h"

#include <array>
#include <string>

#include <openssl/core_names.h>

#include "crypto/OpenSsl.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::crypto {

struct Hmac::Context {
    ossl::MacCtxPtr ctx;
};

Hmac::Hmac(HashAlgorithm alg, ByteView key) : m_algorithm(alg), m_context(std::make_unique<Context>()) {
    const ossl::MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) ossl::fatal("EVP_MAC_fetch(HMAC)");
    m_context->ctx.reset(EVP_MAC_CTX_new(mac.get()));
    if (!m_context->ctx) ossl::fatal("EVP_MAC_CTX_new");
    std::string digest(hashName(alg));
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
        OSSL_PARAM_construct_end(),
    };
    static const unsigned char kNoKey = 0; // EVP_MAC_init wants a key pointer even for the empty key
    if (EVP_MAC_init(m_context->ctx.get(), key.empty() ? &kNoKey : key.data(), key.size(), params) != 1)
        ossl::fatal("EVP_MAC_init");
}

Hmac::~Hmac() = default;
Hmac::Hmac(Hmac&&) noexcept = default;
Hmac& Hmac::operator=(Hmac&&) noexcept = default;

void Hmac::begin() {
    // A null key re-initialises from the keyed inner/outer state (OpenSSL's HMAC keeps it): no new
    // key schedule per packet.
    if (EVP_MAC_init(m_context->ctx.get(), nullptr, 0, nullptr) != 1) ossl::fatal("EVP_MAC_init (reuse)");
}

void Hmac::update(ByteView data) {
    if (data.empty()) return;
    if (EVP_MAC_update(m_context->ctx.get(), data.data(), data.size()) != 1) ossl::fatal("EVP_MAC_update");
}

void Hmac::finish(std::span<std::uint8_t> out) {
    std::array<std::uint8_t, 64> full{}; // SHA-512, the longest
    std::size_t written = 0;
    if (EVP_MAC_final(m_context->ctx.get(), full.data(), &written, full.size()) != 1) ossl::fatal("EVP_MAC_final");
    const std::size_t n = out.size() < written ? out.size() : written;
    for (std::size_t i = 0; i < n; ++i) out[i] = full[i];
    cleanse(full.data(), full.size());
}

Bytes Hmac::mac(ByteView data) {
    begin();
    update(data);
    Bytes out(length());
    finish(out);
    return out;
}

} // namespace ipseclab::crypto
