// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Every key, IV and hash of IKEv1 with pre-shared keys (RFC 2409 §5, App. B; digest §2–3, 7),
// computed and described in one place. Each function returns a Derivation (crypto/Derivation.h):
// the value, its formula as text, the PRF or hash used, the exact bytes fed to it, and for every
// input where it came from. The engine turns each Derivation into an event; the known-answer
// tests call the same functions.
//
// prf = HMAC with the negotiated phase-1 hash; hash = the plain hash (IVs, NAT-D).

#include <cstddef>
#include <string>
#include <vector>

#include "crypto/Derivation.h"
#include "crypto/Hash.h"

namespace ipseclab::ike {

// The description of a derived value lives below both IKE versions (crypto/Derivation.h).
using crypto::Derivation;
using crypto::InputRef;
using crypto::Part;
using crypto::partOf;
using crypto::Source;

namespace keymat {

using crypto::HashAlgorithm;

// SKEYID = prf(pre-shared-key, Ni_b | Nr_b)
Derivation skeyid(HashAlgorithm hash, const Part& psk, const Part& niB, const Part& nrB, std::string id = "SKEYID");
// SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0x00)
Derivation skeyidD(HashAlgorithm hash, const Part& skeyid, const Part& gxy, const Part& ckyI, const Part& ckyR,
                   std::string id = "SKEYID_d");
// SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 0x01)
Derivation skeyidA(HashAlgorithm hash, const Part& skeyid, const Part& skeyidD, const Part& gxy, const Part& ckyI,
                   const Part& ckyR, std::string id = "SKEYID_a");
// SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 0x02)
Derivation skeyidE(HashAlgorithm hash, const Part& skeyid, const Part& skeyidA, const Part& gxy, const Part& ckyI,
                   const Part& ckyR, std::string id = "SKEYID_e");
// Ka (RFC 2409 App. B): SKEYID_e cut to keyLength when long enough; otherwise K1 = prf(SKEYID_e, 0x00),
// Kn+1 = prf(SKEYID_e, Kn), Ka = (K1 | K2 | ...) cut. Returns the K steps ("Ka.K1", ...) then Ka, last.
std::vector<Derivation> encryptionKey(HashAlgorithm hash, const Part& skeyidE, std::size_t keyLength,
                                      std::string id = "Ka");
// Phase-1 IV = hash(g^xi | g^xr) cut to the block size.
Derivation phase1Iv(HashAlgorithm hash, const Part& gxi, const Part& gxr, std::size_t blockSize,
                    std::string id = "IV.phase1");
// Phase-2 / Informational IV = hash(last phase-1 CBC block | M-ID) cut to the block size.
Derivation phase2Iv(HashAlgorithm hash, const Part& lastPhase1Block, const Part& messageId, std::size_t blockSize,
                    std::string id);
// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
Derivation hashI(HashAlgorithm hash, const Part& skeyid, const Part& gxi, const Part& gxr, const Part& ckyI,
                 const Part& ckyR, const Part& saiB, const Part& idiiB, std::string id = "HASH_I");
// HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
Derivation hashR(HashAlgorithm hash, const Part& skeyid, const Part& gxr, const Part& gxi, const Part& ckyR,
                 const Part& ckyI, const Part& saiB, const Part& idirB, std::string id = "HASH_R");
// HASH(1) = prf(SKEYID_a, M-ID | every payload after HASH, with headers, without padding)
Derivation quickModeHash1(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& payloads,
                          std::string id = "HASH(1)");
// HASH(2) = prf(SKEYID_a, M-ID | Ni_b | every payload after HASH)
Derivation quickModeHash2(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& niB,
                          const Part& payloads, std::string id = "HASH(2)");
// HASH(3) = prf(SKEYID_a, 0x00 | M-ID | Ni_b | Nr_b)
Derivation quickModeHash3(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& niB,
                          const Part& nrB, std::string id = "HASH(3)");
// Informational HASH(1) = prf(SKEYID_a, M-ID | N/D payloads)
Derivation informationalHash(HashAlgorithm hash, const Part& skeyidA, const Part& messageId, const Part& payloads,
                             std::string id);
// KEYMAT (RFC 2409 §5.5): seed = [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b, K1 = prf(SKEYID_d, seed),
// Kn+1 = prf(SKEYID_d, Kn | seed), KEYMAT = (K1 | K2 | ...) cut to `length`. `pfsSecret` may be null.
// Returns the K steps ("<id>.K1", ...) then KEYMAT, last.
std::vector<Derivation> keymat(HashAlgorithm hash, const Part& skeyidD, const Part* pfsSecret, const Part& protocol,
                               const Part& spi, const Part& niB, const Part& nrB, std::size_t length, std::string id);
// NAT-D = hash(CKY-I | CKY-R | IP | port) (RFC 3947 §3.2)
Derivation natD(HashAlgorithm hash, const Part& ckyI, const Part& ckyR, const Part& address, const Part& port,
                std::string id);

} // namespace keymat

} // namespace ipseclab::ike
