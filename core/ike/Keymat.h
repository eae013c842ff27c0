// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Every key, IV and hash of IKEv1 with pre-shared keys (RFC 2409 §5, App. B; digest §2–3, 7),
// computed and described in one place. Each function returns a Derivation: the value, its formula
// as text, the PRF or hash used, the exact bytes fed to it, and for every input where it came
// from (another derived value, a field of a datagram, local configuration, a constant). The engine
// turns each Derivation into an event; the known-answer tests call the same functions.
//
// prf = HMAC with the negotiated phase-1 hash; hash = the plain hash (IVs, NAT-D).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::ike {

// Where an input byte string came from, for the GUI's links (it never re-parses).
struct Source {
    enum class Kind { Unknown, Derived, Datagram, Local, Constant };
    Kind kind = Kind::Unknown;
    std::string id;         // Derived: the derived value's id ("SKEYID_d"); Datagram: the datagram id ("MM3")
    std::string field;      // Datagram: the field's key ("isakmp.nonce", wire/Field.h)
    std::size_t index = 1;  // Datagram: which occurrence of that key in the message (1 = the first)
    std::size_t offset = 0; // Datagram: first byte, in the ISAKMP message (marker excluded) or its plaintext
    std::size_t length = 0;
    bool plaintext = false; // Datagram: offset counts in the decrypted payload chain, not in the wire bytes
    std::string note;       // Local / Constant: "the configured pre-shared key", "one octet"

    static Source derived(std::string id);
    static Source datagram(std::string id, std::string field, std::size_t offset, std::size_t length,
                           bool plaintext = false, std::size_t index = 1);
    static Source local(std::string note);
    static Source constant(std::string note);

    friend bool operator==(const Source&, const Source&) = default;
};

// One named input handed to a keymat function: a view of its bytes and where they came from.
struct Part {
    std::string name; // "Ni_b", "g^xy", "CKY-I", "SKEYID_e"
    ByteView bytes;
    Source source;
};

// One input as it sits in Derivation::data.
struct InputRef {
    std::string name;
    Source source;
    std::size_t offset = 0; // in Derivation::data
    std::size_t length = 0;
};

struct Derivation {
    std::string id;       // "SKEYID_d", "Ka", "IV.phase1", "HASH(2)", "KEYMAT.ESP.0x1234abcd"
    std::string formula;  // "prf(SKEYID, g^xy | CKY-I | CKY-R | 0x00)"
    std::string function; // "HMAC-SHA1" for prf, "SHA1" for hash, "" for a cut/concatenation
    std::string keyName;  // the prf key ("SKEYID"); empty for hash and cut
    Source keySource;
    std::vector<InputRef> inputs;
    crypto::SecretBytes data;  // the exact bytes given to the prf/hash (after the key), or cut from
    crypto::SecretBytes value; // the result

    Derivation clone() const;
};

// A derived value as the input of another derivation (named `name`, or by its id).
inline Part partOf(const Derivation& d, std::string name = {}) {
    return Part{name.empty() ? d.id : std::move(name), d.value.view(), Source::derived(d.id)};
}

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
