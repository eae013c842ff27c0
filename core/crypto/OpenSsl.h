// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// RAII handles for the OpenSSL 3 objects the crypto layer uses, and the error-queue helper.
// Internal to core/crypto: other layers talk to the typed wrappers, never to OpenSSL.

#include <memory>
#include <string>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include "crypto/Hash.h"

namespace ipseclab::crypto::ossl {

template <auto FreeFn>
struct Deleter {
    template <typename T>
    void operator()(T* p) const noexcept {
        FreeFn(p);
    }
};

using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using MdPtr = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using MacPtr = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>>;
using CipherPtr = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using RandPtr = std::unique_ptr<EVP_RAND, Deleter<EVP_RAND_free>>;
using RandCtxPtr = std::unique_ptr<EVP_RAND_CTX, Deleter<EVP_RAND_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
// For private values: BN_clear_free wipes the limbs before freeing.
using SecretBnPtr = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>>;
using EcPointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
// OSSL_PARAM_BLD_to_param puts BN_FLG_SECURE bignums (our private values) in a block that
// OSSL_PARAM_free clears before freeing (OSSL_PARAM_clear_free only exists from 3.2).
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

// Drains OpenSSL's error queue into one line ("error:... | error:..."); "" when empty.
std::string drainErrors();

// For failures no input can cause (a missing default provider, out of memory): there is no
// sensible value to hand back, and returning predictable bytes would be worse than stopping.
[[noreturn]] void fatal(const char* what);

// The digest of a hash algorithm, fetched once per process and shared (Hash.cpp).
const EVP_MD* digest(HashAlgorithm alg);

} // namespace ipseclab::crypto::ossl
