// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/DeterministicRandom.h"

#include <algorithm>

#include <openssl/core_names.h>

#include "crypto/Hash.h"
#include "crypto/OpenSsl.h"

namespace ipseclab::crypto {

namespace {
constexpr std::size_t kBlockSize = 256;
constexpr unsigned int kStrength = 256;
constexpr std::string_view kRootDomain = "IPsec Lab DRBG seed v1";
constexpr std::string_view kForkDomain = "IPsec Lab DRBG fork v1";
constexpr std::string_view kNonceDomain = "IPsec Lab DRBG nonce v1";

// SHA-256(domain | 0x00 | parts...): the domain keeps root, fork and nonce derivations apart.
SecretBytes derive(std::string_view domain, ByteView a, ByteView b = {}) {
    Bytes input(domain.begin(), domain.end());
    input.push_back(0);
    append(input, a);
    append(input, b);
    SecretBytes out(hash(HashAlgorithm::Sha256, input));
    cleanse(input.data(), input.size());
    return out;
}
} // namespace

struct DeterministicRandom::Drbg {
    ossl::RandCtxPtr parent; // TEST-RAND; declared first so it outlives the DRBG that points to it
    ossl::RandCtxPtr drbg;
};

DeterministicRandom::DeterministicRandom(std::uint64_t seed)
    : DeterministicRandom(seed, {}, [seed] {
          Bytes seedBytes;
          appendU32(seedBytes, static_cast<std::uint32_t>(seed >> 32));
          appendU32(seedBytes, static_cast<std::uint32_t>(seed));
          return derive(kRootDomain, seedBytes);
      }()) {}

DeterministicRandom::DeterministicRandom(std::uint64_t seed, std::string label, SecretBytes material)
    : m_seed(seed), m_label(std::move(label)), m_material(std::move(material)), m_drbg(std::make_unique<Drbg>()) {
    const ossl::RandPtr testRand(EVP_RAND_fetch(nullptr, "TEST-RAND", nullptr));
    const ossl::RandPtr ctrDrbg(EVP_RAND_fetch(nullptr, "CTR-DRBG", nullptr));
    if (!testRand || !ctrDrbg) ossl::fatal("EVP_RAND_fetch(TEST-RAND, CTR-DRBG)");

    // The parent returns our seed material as "entropy" and "nonce" when the DRBG instantiates.
    m_drbg->parent.reset(EVP_RAND_CTX_new(testRand.get(), nullptr));
    if (!m_drbg->parent) ossl::fatal("EVP_RAND_CTX_new(TEST-RAND)");
    const SecretBytes nonce = derive(kNonceDomain, m_material.view());
    unsigned int strength = kStrength;
    const OSSL_PARAM parentParams[] = {
        OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
        OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, const_cast<std::uint8_t*>(m_material.data()),
                                          m_material.size()),
        OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_NONCE, const_cast<std::uint8_t*>(nonce.data()), 16),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_RAND_CTX_set_params(m_drbg->parent.get(), parentParams) != 1) ossl::fatal("TEST-RAND set_params");

    m_drbg->drbg.reset(EVP_RAND_CTX_new(ctrDrbg.get(), m_drbg->parent.get()));
    if (!m_drbg->drbg) ossl::fatal("EVP_RAND_CTX_new(CTR-DRBG)");
    char cipher[] = "AES-256-CTR";
    unsigned int noReseedByCount = 0; // 0 = never reseed after N requests
    std::uint64_t noReseedByTime = 0; // 0 = never reseed after T seconds
    const OSSL_PARAM drbgParams[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_CIPHER, cipher, 0),
        OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &noReseedByCount),
        OSSL_PARAM_construct_uint64(OSSL_DRBG_PARAM_RESEED_TIME_INTERVAL, &noReseedByTime),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_RAND_CTX_set_params(m_drbg->drbg.get(), drbgParams) != 1) ossl::fatal("CTR-DRBG set_params");
    static const unsigned char kPersonalization[] = "IPsec Lab";
    if (EVP_RAND_instantiate(m_drbg->drbg.get(), kStrength, 0, kPersonalization, sizeof kPersonalization - 1,
                             nullptr) != 1)
        ossl::fatal("CTR-DRBG instantiate");
}

DeterministicRandom::~DeterministicRandom() = default;
DeterministicRandom::DeterministicRandom(DeterministicRandom&&) noexcept = default;
DeterministicRandom& DeterministicRandom::operator=(DeterministicRandom&&) noexcept = default;

DeterministicRandom DeterministicRandom::fork(std::string_view label) const {
    const Bytes labelBytes(label.begin(), label.end());
    std::string path = m_label.empty() ? std::string(label) : m_label + "/" + std::string(label);
    return DeterministicRandom(m_seed, std::move(path), derive(kForkDomain, m_material.view(), labelBytes));
}

DeterministicRandom DeterministicRandom::clone() const {
    DeterministicRandom copy(m_seed, m_label, m_material.clone());
    for (std::uint64_t i = 0; i < m_blocks; ++i) copy.refill();
    copy.m_used = m_used;
    if (m_used > 0) cleanse(copy.m_block.mutableView().data(), m_used); // handed out by this stream
    return copy;
}

void DeterministicRandom::refill() {
    if (m_block.size() != kBlockSize) m_block = SecretBytes(kBlockSize);
    if (EVP_RAND_generate(m_drbg->drbg.get(), m_block.mutableView().data(), kBlockSize, kStrength, 0, nullptr, 0) != 1)
        ossl::fatal("CTR-DRBG generate");
    m_used = 0;
    ++m_blocks;
}

void DeterministicRandom::fill(std::span<std::uint8_t> out) {
    while (!out.empty()) {
        if (m_used >= m_block.size()) refill();
        const std::size_t n = std::min(out.size(), m_block.size() - m_used);
        std::copy_n(m_block.data() + m_used, n, out.data());
        cleanse(m_block.mutableView().data() + m_used, n); // handed out: no second copy kept
        m_used += n;
        out = out.subspan(n);
    }
}

std::string DeterministicRandom::describe() const {
    std::string text = "DRBG seed " + std::to_string(m_seed);
    if (!m_label.empty()) text += " / " + m_label;
    return text;
}

} // namespace ipseclab::crypto
