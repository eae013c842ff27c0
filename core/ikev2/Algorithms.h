// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The algorithms an IKEv2 SA negotiates (RFC 7296 §3.3.2), with their IKEv2 transform IDs (IANA
// "IKEv2 Parameters"). The ciphers and HMACs are the ones ESP runs (crypto/IpsecAlgorithms.h):
// IKEv2 protects its SK payloads with the same AES-CBC + HMAC-SHA2 and AES-GCM (RFC 5282), and
// the key lengths the key schedule cuts are theirs.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "base/Error.h"
#include "crypto/DhGroup.h"
#include "crypto/Hash.h"
#include "crypto/IpsecAlgorithms.h"

namespace ipseclab::ikev2 {

using crypto::Encryption;
using crypto::Integrity;

// An IKE SA's suite: ENCR, INTEG (none with AES-GCM), PRF, D-H.
struct IkeSuite {
    Encryption encryption = Encryption::Aes128Cbc;
    Integrity integrity = Integrity::HmacSha256_128;
    crypto::HashAlgorithm prf = crypto::HashAlgorithm::Sha256; // PRF_HMAC_<hash>
    crypto::DhGroup group = crypto::DhGroup::Modp2048;

    // "AES-128-CBC/HMAC-SHA-256-128/PRF-HMAC-SHA256/MODP-2048"
    std::string name() const;
    friend bool operator==(const IkeSuite&, const IkeSuite&) = default;
};

// A child SA's (ESP) suite: the D-H group is only proposed in CREATE_CHILD_SA (PFS).
struct ChildSuite {
    Encryption encryption = Encryption::Aes128Cbc;
    Integrity integrity = Integrity::HmacSha256_128;
    friend bool operator==(const ChildSuite&, const ChildSuite&) = default;
};

// Transform type 1 (ENCR): 3 ENCR_3DES, 12 ENCR_AES_CBC, 20 ENCR_AES_GCM_16; AES carries the Key
// Length attribute in bits. ENCR_NULL (11) is ESP-only.
std::uint16_t encryptionTransformId(Encryption encryption);
std::optional<std::uint16_t> keyLengthBits(Encryption encryption);
Result<Encryption> encryptionFromTransform(std::uint16_t id, std::optional<std::uint64_t> keyLengthBits);
// Transform type 2 (PRF): 2 PRF_HMAC_SHA1, 5/6/7 PRF_HMAC_SHA2_256/384/512. PRF_HMAC_MD5 (1) and
// PRF_AES128_XCBC (4) are refused by name.
std::uint16_t prfTransformId(crypto::HashAlgorithm prf);
Result<crypto::HashAlgorithm> prfFromTransform(std::uint16_t id);
// Transform type 3 (INTEG): 0 NONE, 1 AUTH_HMAC_MD5_96, 2 AUTH_HMAC_SHA1_96, 12/13/14
// AUTH_HMAC_SHA2_256_128/384_192/512_256.
std::uint16_t integrityTransformId(Integrity integrity);
Result<Integrity> integrityFromTransform(std::uint16_t id);

// An IKE SA needs a cipher: AES-GCM without INTEG, the others with one (RFC 7296 §3.3.3).
Result<void> validateIkeSuite(const IkeSuite& suite);

} // namespace ipseclab::ikev2
