// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The IKEv2 key schedule with pre-shared keys (RFC 7296 §2.13–2.18, §2.15): prf+, SKEYSEED, the
// seven SK_* keys, a rekeyed IKE SA's SKEYSEED, a child SA's KEYMAT and the PSK AUTH values. Each
// function returns Derivations (crypto/Derivation.h), as IKEv1's ike/Keymat.h does: the value, its
// formula, the exact bytes fed to the prf and where every input came from, so an engine can
// report each as an event and the known-answer tests call the same functions.
//
// prf = HMAC with the negotiated PRF's hash. Ni and Nr are Nonce payload bodies; g^ir is the
// fixed-length shared secret (MODP: len(p) with its leading zeros; ECP: the x coordinate).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/Error.h"
#include "crypto/Derivation.h"
#include "ikev2/Algorithms.h"

namespace ipseclab::ikev2 {

using crypto::Derivation;
using crypto::Part;
using crypto::partOf;
using crypto::Source;

// The seven keys of an IKE SA. AES-GCM has no SK_ai/SK_ar (its SK_e* end with the 4-byte salt).
struct IkeSaKeys {
    std::vector<Derivation> prfPlus; // the blocks T1, T2, ..., then the whole stream, last
    Derivation skD, skEi, skEr, skPi, skPr;
    std::optional<Derivation> skAi, skAr;
};

// A child SA's four keys (RFC 7296 §2.17), in KEYMAT order: initiator→responder encryption and
// integrity, then responder→initiator. "Initiator" is the initiator of the exchange that created
// the child SA. AES-GCM has no integrity keys (its encryption keys end with the 4-byte salt).
struct ChildSaKeys {
    std::vector<Derivation> keymat; // T1, T2, ..., then KEYMAT, last
    Derivation encryptionInitiator, encryptionResponder;
    std::optional<Derivation> integrityInitiator, integrityResponder;
};

// Who computes an AUTH payload: its signed octets hold that side's message and the peer's nonce.
enum class Side { Initiator, Responder };

// The AUTH value for a pre-shared key (RFC 7296 §2.15).
struct PskAuth {
    Derivation macedId; // MACedIDForI/R = prf(SK_pi/pr, IDi'/IDr')
    Derivation keyPad;  // prf(PSK, "Key Pad for IKEv2")
    Derivation auth;    // prf(keyPad, RealMessage | Nonce | MACedID): its data are the signed octets
};

namespace keymat {

using crypto::HashAlgorithm;

// The key lengths of an IKE SA: SK_d and SK_p the PRF's output, SK_a the HMAC key (0 for AEAD),
// SK_e the cipher key (+ 4 salt bytes for AES-GCM).
struct IkeKeyLengths {
    std::size_t d = 0, a = 0, e = 0, p = 0;
    std::size_t total() const { return d + 2 * a + 2 * e + 2 * p; }
};
IkeKeyLengths ikeKeyLengths(const IkeSuite& suite);
// Bytes of KEYMAT a child SA takes: both directions' encryption (+ salt) and integrity keys.
std::size_t childKeymatLength(const ChildSuite& suite);

// prf+(K, S) = T1 | T2 | ..., T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n) (§2.13), cut to
// `length`. `seed` is S in order; `keyText`/`seedText` name K and S in the formulas. The steps
// are "<id>.T1", ...; the result, last, is "<id>". More than 255 blocks is an error.
Result<std::vector<Derivation>> prfPlus(HashAlgorithm prf, const Part& key, const std::vector<Part>& seed,
                                        std::size_t length, const std::string& id, const std::string& keyText,
                                        const std::string& seedText);

// SKEYSEED = prf(Ni | Nr, g^ir) (§2.14)
Derivation skeyseed(HashAlgorithm prf, const Part& ni, const Part& nr, const Part& gir, std::string id = "SKEYSEED");
// A rekeyed IKE SA (§2.18): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), with the old SA's PRF;
// Ni and Nr are the CREATE_CHILD_SA nonces.
Derivation rekeySkeyseed(HashAlgorithm oldPrf, const Part& skDOld, const Part& gir, const Part& ni, const Part& nr,
                         std::string id = "SKEYSEED");
// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
// (§2.14; a rekey uses the new SA's SPIs). The ids are `prefix` + "SK_d", ...
Result<IkeSaKeys> ikeSaKeys(const IkeSuite& suite, const Part& skeyseed, const Part& ni, const Part& nr,
                            const Part& spiI, const Part& spiR, const std::string& prefix = {});
// KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) (§2.17), cut into the four keys. `pfsSecret` may be
// null (IKE_AUTH's child SA, or CREATE_CHILD_SA without KE). Ids: `id`, `id` + ".encryption_initiator", ...
Result<ChildSaKeys> childSaKeys(HashAlgorithm prf, const ChildSuite& suite, const Part& skD, const Part* pfsSecret,
                                const Part& ni, const Part& nr, const std::string& id = "KEYMAT");

// The AUTH of `side` with a pre-shared key (§2.15):
//   AUTH = prf(prf(PSK, "Key Pad for IKEv2"), RealMessage | Nonce | prf(SK_p, ID'))
// realMessage: that side's IKE_SA_INIT message, whole; peerNonce: the other side's Nonce body;
// skP: SK_pi (Initiator) or SK_pr (Responder); idBody: the ID payload's body (type, 3 reserved
// bytes, data). Ids: "MACedIDForI", "AUTH_I.keypad", "AUTH_I" (R for the responder).
PskAuth pskAuth(HashAlgorithm prf, Side side, const Part& psk, const Part& realMessage, const Part& peerNonce,
                const Part& skP, const Part& idBody);

} // namespace keymat

} // namespace ipseclab::ikev2
