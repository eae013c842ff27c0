// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/DiffieHellman.h"

#include <map>
#include <mutex>

#include <string>

#include <openssl/core_names.h>
#include <openssl/dh.h>

#include "crypto/DhGroupSpec.h"
#include "crypto/OpenSsl.h"

namespace ipseclab::crypto {

struct DiffieHellman::Key {
    ossl::PkeyPtr pkey; // MODP only: ECP derives from the private value on the curve
};

namespace {
using detail::DhGroupSpec;

ossl::SecretBnPtr secretBn(ByteView bytes) {
    ossl::SecretBnPtr bn(BN_secure_new());
    if (!bn || BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), bn.get()) == nullptr) ossl::fatal("BN_bin2bn");
    BN_set_flags(bn.get(), BN_FLG_CONSTTIME);
    return bn;
}

ossl::BnPtr publicBn(ByteView bytes) {
    ossl::BnPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
    if (!bn) ossl::fatal("BN_bin2bn");
    return bn;
}

ossl::BnCtxPtr bnCtx() {
    ossl::BnCtxPtr ctx(BN_CTX_secure_new());
    if (!ctx) ossl::fatal("BN_CTX_new");
    return ctx;
}

// The curve, built once per process: building it (EC_GROUP_new_by_curve_name) costs more than a
// point multiplication, and an EC_GROUP is only read afterwards, so threads can share it.
const EC_GROUP* ecGroup(const DhGroupSpec& spec) {
    static std::mutex mutex;
    static std::map<int, ossl::EcGroupPtr> groups;
    const std::lock_guard lock(mutex);
    ossl::EcGroupPtr& group = groups[spec.curveNid];
    if (!group) {
        group.reset(EC_GROUP_new_by_curve_name(spec.curveNid));
        if (!group) ossl::fatal("EC_GROUP_new_by_curve_name");
    }
    return group.get();
}

// Builds an EVP_PKEY of a MODP group from a public value and, for our own key, the private value.
Result<ossl::PkeyPtr> importKey(const DhGroupSpec& spec, ByteView publicValue, const BIGNUM* privateValue) {
    const ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld) ossl::fatal("OSSL_PARAM_BLD_new");
    bool ok = true;
    ossl::BnPtr p, g;
    if (!spec.opensslName.empty()) {
        ok = OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, spec.opensslName.data(),
                                             spec.opensslName.size()) == 1;
    } else { // groups 1 and 2: OpenSSL 3 has no name for them
        p = detail::modpPrime(spec.group);
        g = ossl::BnPtr(BN_new());
        ok = g && BN_set_word(g.get(), detail::kModpGenerator) == 1 &&
             OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p.get()) == 1 &&
             OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, g.get()) == 1;
    }
    const auto y = publicBn(publicValue);
    ok = ok && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) == 1;
    if (privateValue != nullptr)
        ok = ok && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, privateValue) == 1;
    if (!ok) ossl::fatal("OSSL_PARAM_BLD_push");
    const ossl::ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    if (!params) ossl::fatal("OSSL_PARAM_BLD_to_param");

    const ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) ossl::fatal("EVP_PKEY_fromdata_init");
    EVP_PKEY* pkey = nullptr;
    const int selection = privateValue != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    if (EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params.get()) != 1) {
        const std::string why = ossl::drainErrors();
        const std::string group(spec.shortName);
        if (privateValue != nullptr) return fail("importing the " + group + " key pair failed: " + why);
        return fail("peer public value for " + group + " was rejected by OpenSSL: " + why);
    }
    return ossl::PkeyPtr(pkey);
}

// 1 <= x <= p-2 (MODP) or 1 <= d < order (ECP).
Result<void> checkPrivateRange(const DhGroupSpec& spec, const BIGNUM* x) {
    const std::string group(spec.shortName);
    if (spec.isElliptic) {
        if (BN_is_zero(x) || BN_cmp(x, EC_GROUP_get0_order(ecGroup(spec))) >= 0)
            return fail("private value for " + group + " must satisfy 1 <= d < n (the group order)");
        return {};
    }
    const auto pMinus1 = detail::modpPrime(spec.group);
    if (BN_sub_word(pMinus1.get(), 1) != 1) ossl::fatal("BN_sub_word");
    if (BN_is_zero(x) || BN_cmp(x, pMinus1.get()) >= 0)
        return fail("private value for " + group + " must satisfy 1 <= x <= p-2");
    return {};
}

// The public value in IKE encoding: y = g^x mod p, or the point x * G as x | y.
Bytes computePublic(const DhGroupSpec& spec, const BIGNUM* x) {
    const auto ctx = bnCtx();
    Bytes out;
    if (spec.isElliptic) {
        const EC_GROUP* group = ecGroup(spec);
        const ossl::EcPointPtr point(EC_POINT_new(group));
        Bytes encoded(1 + 2 * spec.valueLength);
        if (!point || EC_POINT_mul(group, point.get(), x, nullptr, nullptr, ctx.get()) != 1 ||
            EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(), encoded.size(),
                               ctx.get()) != encoded.size())
            ossl::fatal("EC_POINT_mul");
        out.assign(encoded.begin() + 1, encoded.end());
    } else {
        const auto p = detail::modpPrime(spec.group);
        const ossl::BnPtr g(BN_new()), y(BN_new());
        if (!g || !y || BN_set_word(g.get(), detail::kModpGenerator) != 1 ||
            BN_mod_exp_mont_consttime(y.get(), g.get(), x, p.get(), ctx.get(), nullptr) != 1)
            ossl::fatal("BN_mod_exp");
        out.resize(spec.valueLength);
        BN_bn2binpad(y.get(), out.data(), static_cast<int>(out.size()));
    }
    return out;
}

// ECDH on the curve itself: the peer's point decoded and checked to lie on the curve, times our
// scalar, and the x coordinate of the product is the secret (RFC 5903 §9). Going through EVP_PKEY
// import and derive instead rebuilt the curve for each key and cost more than the multiplication.
// P-256 and P-384 have cofactor 1, so every point on the curve but infinity has the full order.
Result<SecretBytes> ecdh(const DhGroupSpec& spec, ByteView privateValue, ByteView peerPublic) {
    const EC_GROUP* group = ecGroup(spec);
    const auto ctx = bnCtx();
    Bytes encoded{0x04}; // SEC1 uncompressed, which IKE leaves off the wire
    append(encoded, peerPublic);
    const ossl::EcPointPtr peer(EC_POINT_new(group)), product(EC_POINT_new(group));
    if (!peer || !product) ossl::fatal("EC_POINT_new");
    if (EC_POINT_oct2point(group, peer.get(), encoded.data(), encoded.size(), ctx.get()) != 1 ||
        EC_POINT_is_on_curve(group, peer.get(), ctx.get()) != 1 || EC_POINT_is_at_infinity(group, peer.get()) == 1) {
        ossl::drainErrors();
        return fail("peer public value for " + std::string(spec.shortName) + " is not a point on the curve");
    }
    const auto d = secretBn(privateValue);
    const ossl::SecretBnPtr x(BN_secure_new());
    if (!x || EC_POINT_mul(group, product.get(), nullptr, peer.get(), d.get(), ctx.get()) != 1 ||
        EC_POINT_get_affine_coordinates(group, product.get(), x.get(), nullptr, ctx.get()) != 1)
        ossl::fatal("EC_POINT_mul");
    SecretBytes secret(spec.valueLength);
    BN_bn2binpad(x.get(), secret.mutableView().data(), static_cast<int>(secret.size()));
    return secret;
}

// 1 < y < p-1, with a message that says which bound was broken.
Result<void> checkModpPeer(const DhGroupSpec& spec, ByteView peerPublic) {
    const auto y = publicBn(peerPublic);
    const auto p = detail::modpPrime(spec.group);
    const auto pMinus1 = detail::modpPrime(spec.group);
    if (BN_sub_word(pMinus1.get(), 1) != 1) ossl::fatal("BN_sub_word");
    const char* which = nullptr;
    if (BN_is_zero(y.get())) which = "0";
    else if (BN_is_one(y.get())) which = "1";
    else if (BN_cmp(y.get(), pMinus1.get()) == 0) which = "p-1";
    else if (BN_cmp(y.get(), p.get()) >= 0) which = "not below p";
    if (which != nullptr)
        return fail("peer public value for " + std::string(spec.shortName) + " must satisfy 1 < y < p-1, but y is " +
                    which);
    return {};
}

#ifdef IPSECLAB_FUZZ_DH_MEMO
// The fuzz build's seam (core/CMakeLists.txt defines IPSECLAB_FUZZ_DH_MEMO for the fuzz preset's
// copy of this library only; the program, the tests and their fuzz replays never have it). A fuzz
// target runs the same seeded exchanges again for every input, so each public value and g^xy is
// computed once per process and then looked up by all it depends on (group, private value, peer
// value): the engine gets exactly what OpenSSL computes, without paying for it again. Bounded: past
// kMemoEntries, new results are computed and not kept.
namespace memo {
constexpr std::size_t kMemoEntries = 4096;
std::mutex mutex;
std::map<Bytes, Bytes> publics;
std::map<Bytes, Result<SecretBytes>> secrets;

Bytes key(DhGroup group, ByteView privateValue, ByteView peerPublic = {}) {
    Bytes k{static_cast<std::uint8_t>(group), static_cast<std::uint8_t>(privateValue.size() >> 8),
            static_cast<std::uint8_t>(privateValue.size())};
    append(k, privateValue);
    append(k, peerPublic);
    return k;
}

Result<SecretBytes> copy(const Result<SecretBytes>& r) {
    if (r) return r->clone();
    return tl::unexpected(r.error());
}
} // namespace memo
#endif

// y = g^x or x * G for the private value x (`privateValue` its big-endian bytes).
Bytes publicOf(const DhGroupSpec& spec, ByteView privateValue, const BIGNUM* x) {
#ifdef IPSECLAB_FUZZ_DH_MEMO
    const Bytes k = memo::key(spec.group, privateValue);
    const std::lock_guard lock(memo::mutex);
    if (const auto it = memo::publics.find(k); it != memo::publics.end()) return it->second;
    Bytes y = computePublic(spec, x);
    if (memo::publics.size() < memo::kMemoEntries) memo::publics.emplace(k, y);
    return y;
#else
    (void)privateValue;
    return computePublic(spec, x);
#endif
}

// Our own key as OpenSSL holds it: an EVP_PKEY for MODP; none for ECP, which derives on the curve
// from the private value (ecdh above).
Result<ossl::PkeyPtr> ownKey(const DhGroupSpec& spec, ByteView publicValue, const BIGNUM* x) {
    if (spec.isElliptic) return ossl::PkeyPtr();
    return importKey(spec, publicValue, x);
}
} // namespace

DiffieHellman::DiffieHellman(DhGroup group, std::unique_ptr<Key> key, Bytes publicValue, SecretBytes privateValue)
    : m_group(group), m_key(std::move(key)), m_public(std::move(publicValue)), m_private(std::move(privateValue)) {}

DiffieHellman::~DiffieHellman() = default;
DiffieHellman::DiffieHellman(DiffieHellman&&) noexcept = default;
DiffieHellman& DiffieHellman::operator=(DiffieHellman&&) noexcept = default;

#ifdef IPSECLAB_FUZZ_SNAPSHOT
DiffieHellman::DiffieHellman(const DiffieHellman& other)
    : m_group(other.m_group), m_public(other.m_public), m_private(other.m_private.clone()) {
    if (!other.m_key) return;
    m_key = std::make_unique<Key>();
    if (other.m_key->pkey) {
        m_key->pkey.reset(EVP_PKEY_dup(other.m_key->pkey.get()));
        if (!m_key->pkey) ossl::fatal("EVP_PKEY_dup");
    }
}
#endif

Result<DiffieHellman> DiffieHellman::fromPrivateValue(DhGroup group, ByteView privateValue) {
    const auto& spec = detail::dhGroupSpec(group);
    if (privateValue.empty() || privateValue.size() > spec.valueLength)
        return fail("private value for " + std::string(spec.shortName) + " must be 1 to " +
                    std::to_string(spec.valueLength) + " bytes, got " + std::to_string(privateValue.size()));
    const auto x = secretBn(privateValue);
    if (auto range = checkPrivateRange(spec, x.get()); !range) return tl::unexpected(range.error());

    Bytes publicValue = publicOf(spec, privateValue, x.get());
    auto key = ownKey(spec, publicValue, x.get());
    if (!key) return tl::unexpected(key.error());
    return DiffieHellman(group, std::make_unique<Key>(Key{std::move(*key)}), std::move(publicValue),
                         SecretBytes(privateValue));
}

Result<DiffieHellman> DiffieHellman::generate(DhGroup group, RandomSource& random) {
    const auto& spec = detail::dhGroupSpec(group);
    const std::size_t bits = spec.privateValueBits;
    const std::size_t length = (bits + 7) / 8;
    const unsigned excess = static_cast<unsigned>(length * 8 - bits);
    for (;;) {
        // Drawn the way OpenSSL 3 draws (crypto/dh/dh_key.c, crypto/ffc/ffc_key_generate.c,
        // crypto/ec/ec_key.c), with the RandomSource in place of OpenSSL's DRBG.
        SecretBytes draw = random.secretBytes(length);
        draw.mutableView()[0] &= static_cast<std::uint8_t>(0xff >> excess); // keep `bits` bits
        if (spec.privateTopBitSet) // groups 1/2: BN_priv_rand_ex(l, BN_RAND_TOP_ONE)
            draw.mutableView()[0] |= static_cast<std::uint8_t>(0x80 >> excess);
        const auto x = secretBn(draw.view());
        if (!spec.isElliptic && !spec.privateTopBitSet) {
            // Named groups: x = 1 + c, c < 2^N, redrawn when x reaches min(2^N, q) = 2^N.
            if (BN_add_word(x.get(), 1) != 1) ossl::fatal("BN_add_word");
            if (static_cast<std::size_t>(BN_num_bits(x.get())) > bits) continue;
            BN_bn2binpad(x.get(), draw.mutableView().data(), static_cast<int>(length));
        }
        // ECP: d uniform in [1, n-1] by rejection (the orders are within 2^-32 of 2^bits).
        if (spec.isElliptic && !checkPrivateRange(spec, x.get())) continue;

        Bytes publicValue = publicOf(spec, draw.view(), x.get());
        auto key = ownKey(spec, publicValue, x.get());
        if (!key) return tl::unexpected(key.error());
        return DiffieHellman(group, std::make_unique<Key>(Key{std::move(*key)}), std::move(publicValue),
                             std::move(draw));
    }
}

Result<SecretBytes> DiffieHellman::sharedSecret(ByteView peerPublic) const {
#ifdef IPSECLAB_FUZZ_DH_MEMO
    const Bytes k = memo::key(m_group, m_private.view(), peerPublic);
    const std::lock_guard lock(memo::mutex);
    if (const auto it = memo::secrets.find(k); it != memo::secrets.end()) return memo::copy(it->second);
    auto secret = derive(peerPublic);
    if (memo::secrets.size() < memo::kMemoEntries) memo::secrets.emplace(k, memo::copy(secret));
    return secret;
#else
    return derive(peerPublic);
#endif
}

Result<SecretBytes> DiffieHellman::derive(ByteView peerPublic) const {
    const auto& spec = detail::dhGroupSpec(m_group);
    const std::string group(spec.shortName);
    const std::size_t expected = spec.isElliptic ? 2 * spec.valueLength : spec.valueLength;
    if (peerPublic.size() != expected)
        return fail("peer public value for " + group + " must be " + std::to_string(expected) + " bytes, got " +
                    std::to_string(peerPublic.size()));
    if (spec.isElliptic) return ecdh(spec, m_private.view(), peerPublic);
    if (auto range = checkModpPeer(spec, peerPublic); !range) return tl::unexpected(range.error());
    auto peer = importKey(spec, peerPublic, nullptr);
    if (!peer) return tl::unexpected(peer.error());

    const ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, m_key->pkey.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) ossl::fatal("EVP_PKEY_derive_init");
    // Padding on: g^xy keeps its leading zero bytes (digest §2.6, the 1-in-256 bug).
    if (EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) != 1) ossl::fatal("EVP_PKEY_CTX_set_dh_pad");
    if (EVP_PKEY_derive_set_peer(ctx.get(), peer->get()) != 1) {
        ossl::drainErrors();
        // Length and range passed above, so the one check left is OpenSSL's y^q mod p == 1 (groups 5
        // and 14 know q = (p-1)/2).
        return fail("peer public value for " + group + " is not in the subgroup of order q (y^q mod p != 1)");
    }

    SecretBytes secret(spec.valueLength);
    std::size_t length = secret.size();
    if (EVP_PKEY_derive(ctx.get(), secret.mutableView().data(), &length) != 1)
        return fail("Diffie-Hellman derivation for " + group + " failed: " + ossl::drainErrors());
    if (length != spec.valueLength)
        return fail("Diffie-Hellman derivation for " + group + " returned " + std::to_string(length) +
                    " bytes instead of " + std::to_string(spec.valueLength));
    return secret;
}

} // namespace ipseclab::crypto
