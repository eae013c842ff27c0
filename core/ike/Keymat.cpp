// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/Keymat.h"

#include <utility>

namespace ipseclab::ike {

using crypto::HashAlgorithm;

namespace keymat {

namespace {

using Builder = crypto::DerivationBuilder;

// RFC 2409's K1, K2, ... expansions (Ka, KEYMAT): the steps are "<id>.K1", ...
template <typename NextData>
std::vector<Derivation> expand(HashAlgorithm hash, const Part& key, std::size_t length, const std::string& id,
                               const std::string& finalFormula, NextData next) {
    return crypto::expandDerivation(hash, key, length, id, "K", finalFormula, next);
}

} // namespace

Derivation skeyid(HashAlgorithm hash, const Part& psk, const Part& niB, const Part& nrB, std::string id) {
    return Builder(std::move(id), "prf(pre-shared-key, Ni_b | Nr_b)").add(niB).add(nrB).prf(hash, psk);
}

Derivation skeyidD(HashAlgorithm hash, const Part& skeyid, const Part& gxy, const Part& ckyI, const Part& ckyR,
                   std::string id) {
    return Builder(std::move(id), "prf(SKEYID, g^xy | CKY-I | CKY-R | 0x00)")
        .add(gxy)
        .add(ckyI)
        .add(ckyR)
        .octet(0)
        .prf(hash, skeyid);
}

Derivation skeyidA(HashAlgorithm hash, const Part& skeyid, const Part& skeyidD, const Part& gxy, const Part& ckyI,
                   const Part& ckyR, std::string id) {
    return Builder(std::move(id), "prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 0x01)")
        .add(skeyidD)
        .add(gxy)
        .add(ckyI)
        .add(ckyR)
        .octet(1)
        .prf(hash, skeyid);
}

Derivation skeyidE(HashAlgorithm hash, const Part& skeyid, const Part& skeyidA, const Part& gxy, const Part& ckyI,
                   const Part& ckyR, std::string id) {
    return Builder(std::move(id), "prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 0x02)")
        .add(skeyidA)
        .add(gxy)
        .add(ckyI)
        .add(ckyR)
        .octet(2)
        .prf(hash, skeyid);
}

std::vector<Derivation> encryptionKey(HashAlgorithm hash, const Part& skeyidE, std::size_t keyLength, std::string id) {
    const std::string len = std::to_string(keyLength);
    if (skeyidE.bytes.size() >= keyLength) {
        std::vector<Derivation> out;
        out.push_back(Builder(id, "first " + len + " bytes of SKEYID_e").add(skeyidE).cut(keyLength));
        return out;
    }
    return expand(hash, skeyidE, keyLength, id, "first " + len + " bytes of K1 | K2 | ... (RFC 2409 App. B)",
                  [](const Derivation* previous, int n, std::string stepId) {
                      if (!previous) return std::move(Builder(std::move(stepId), "prf(SKEYID_e, 0x00)").octet(0));
                      Builder b(std::move(stepId), "prf(SKEYID_e, K" + std::to_string(n - 1) + ")");
                      b.add(Part{"K" + std::to_string(n - 1), previous->value.view(), Source::derived(previous->id)});
                      return b;
                  });
}

Derivation phase1Iv(HashAlgorithm hash, const Part& gxi, const Part& gxr, std::size_t blockSize, std::string id) {
    return Builder(std::move(id), "hash(g^xi | g^xr), first " + std::to_string(blockSize) + " bytes")
        .add(gxi)
        .add(gxr)
        .hash(hash, blockSize);
}

Derivation phase2Iv(HashAlgorithm hash, const Part& lastPhase1Block, const Part& messageId, std::size_t blockSize,
                    std::string id) {
    return Builder(std::move(id), "hash(last phase-1 CBC block | M-ID), first " + std::to_string(blockSize) + " bytes")
        .add(lastPhase1Block)
        .add(messageId)
        .hash(hash, blockSize);
}

Derivation hashI(HashAlgorithm hash, const Part& skeyid, const Part& gxi, const Part& gxr, const Part& ckyI,
                 const Part& ckyR, const Part& saiB, const Part& idiiB, std::string id) {
    return Builder(std::move(id), "prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)")
        .add(gxi)
        .add(gxr)
        .add(ckyI)
        .add(ckyR)
        .add(saiB)
        .add(idiiB)
        .prf(hash, skeyid);
}

Derivation hashR(HashAlgorithm hash, const Part& skeyid, const Part& gxr, const Part& gxi, const Part& ckyR,
                 const Part& ckyI, const Part& saiB, const Part& idirB, std::string id) {
    return Builder(std::move(id), "prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)")
        .add(gxr)
        .add(gxi)
        .add(ckyR)
        .add(ckyI)
        .add(saiB)
        .add(idirB)
        .prf(hash, skeyid);
}

Derivation quickModeHash1(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& payloads,
                          std::string id) {
    return Builder(std::move(id), "prf(SKEYID_a, M-ID | SA | Ni [| KE] [| IDci | IDcr] ...)")
        .add(messageId)
        .add(payloads)
        .prf(hash, skeyidA);
}

Derivation quickModeHash2(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& niB,
                          const Part& payloads, std::string id) {
    return Builder(std::move(id), "prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE] [| IDci | IDcr] ...)")
        .add(messageId)
        .add(niB)
        .add(payloads)
        .prf(hash, skeyidA);
}

Derivation quickModeHash3(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& niB,
                          const Part& nrB, std::string id) {
    return Builder(std::move(id), "prf(SKEYID_a, 0x00 | M-ID | Ni_b | Nr_b)")
        .octet(0)
        .add(messageId)
        .add(niB)
        .add(nrB)
        .prf(hash, skeyidA);
}

Derivation informationalHash(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& payloads,
                             std::string id) {
    return Builder(std::move(id), "prf(SKEYID_a, M-ID | N/D)").add(messageId).add(payloads).prf(hash, skeyidA);
}

std::vector<Derivation> keymat(HashAlgorithm hash, const Part& skeyidD, const Part* pfsSecret, const Part& protocol,
                               const Part& spi, const Part& niB, const Part& nrB, std::size_t length, std::string id) {
    const std::string seed = pfsSecret ? "g(qm)^xy | protocol | SPI | Ni_b | Nr_b" : "protocol | SPI | Ni_b | Nr_b";
    const auto addSeed = [&](Builder& b) {
        if (pfsSecret) b.add(*pfsSecret);
        b.add(protocol).add(spi).add(niB).add(nrB);
    };
    return expand(hash, skeyidD, length, id,
                  "first " + std::to_string(length) + " bytes of K1 | K2 | ... (encryption key, then integrity key)",
                  [&](const Derivation* previous, int n, std::string stepId) {
                      if (!previous) {
                          Builder b(std::move(stepId), "prf(SKEYID_d, " + seed + ")");
                          addSeed(b);
                          return b;
                      }
                      const std::string k = "K" + std::to_string(n - 1);
                      Builder b(std::move(stepId), "prf(SKEYID_d, " + k + " | " + seed + ")");
                      b.add(Part{k, previous->value.view(), Source::derived(previous->id)});
                      addSeed(b);
                      return b;
                  });
}

Derivation natD(HashAlgorithm hash, const Part& ckyI, const Part& ckyR, const Part& address, const Part& port,
                std::string id) {
    return Builder(std::move(id), "hash(CKY-I | CKY-R | IP | Port)")
        .add(ckyI)
        .add(ckyR)
        .add(address)
        .add(port)
        .hash(hash);
}

} // namespace keymat

} // namespace ipseclab::ike
