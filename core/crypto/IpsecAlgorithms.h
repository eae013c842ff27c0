// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The algorithms of an ESP or AH SA — what Quick Mode negotiates (core/ike) and the data plane
// runs (core/ipsec) — with their key, IV and ICV lengths, in one place below both. How their keys
// are cut from KEYMAT (digest §3.2): encryption key first, then integrity key; for AES-GCM the
// encryption block is the AES key followed by the 4-byte salt (RFC 4106 §8.1). Their IKEv1
// numbers belong to core/ike (ike/Algorithms.h).

#include <cstddef>
#include <string>
#include <string_view>

#include "base/Error.h"
#include "crypto/Cipher.h"
#include "crypto/Hash.h"

namespace ipseclab::crypto {

enum class Encryption {
    Null,      // RFC 2410: no confidentiality (integrity from the HMAC alone); AH's "cipher"
    Aes128Cbc, // RFC 3602
    Aes192Cbc,
    Aes256Cbc,
    TripleDesCbc, // RFC 2451
    Aes128Gcm16,  // RFC 4106, 16-byte ICV (IKEv1 ESP transform 20)
    Aes192Gcm16,
    Aes256Gcm16,
};

enum class Integrity {
    None,           // only with AES-GCM, which authenticates by itself
    HmacMd5_96,     // RFC 2403
    HmacSha1_96,    // RFC 2404
    HmacSha256_128, // RFC 4868
    HmacSha384_192,
    HmacSha512_256,
};

// Inline: the data plane asks on every packet.
constexpr bool isAead(Encryption encryption) {
    return encryption == Encryption::Aes128Gcm16 || encryption == Encryption::Aes192Gcm16 ||
           encryption == Encryption::Aes256Gcm16;
}
// The AES or 3DES key (AES-GCM: without the salt); 0 for NULL.
std::size_t cipherKeyLength(Encryption encryption);
// What the SA keeps as its encryption key: AES-GCM adds the 4-byte salt (strongSwan's +4).
std::size_t encryptionKeyLength(Encryption encryption);
// The HMAC key: 16, 20, 32, 48, 64; 0 for None.
std::size_t integrityKeyLength(Integrity integrity);
// Bytes of KEYMAT one SA consumes: the encryption key, then the integrity key (AH, whose
// encryption is Null, takes the integrity key only).
std::size_t keymatLength(Encryption encryption, Integrity integrity);
// Explicit IV in each packet: AES-CBC 16, 3DES 8, AES-GCM 8, NULL 0.
std::size_t ivLength(Encryption encryption);
// What the padded cleartext must be a multiple of: 16 AES-CBC, 8 3DES, 1 for GCM and NULL (ESP's
// own 4-byte alignment comes on top).
std::size_t blockSize(Encryption encryption);
// The truncated HMAC: 12, 12, 16, 24, 32; 0 for None.
std::size_t icvLength(Integrity integrity);
// ICV of the pair: the GCM tag (16) or the truncated HMAC.
std::size_t icvLength(Encryption encryption, Integrity integrity);

// The CBC cipher of a CBC suite (AES-*-CBC, 3DES-CBC; meaningless for NULL and GCM), and the hash
// of an HMAC (meaningless for None).
CipherAlgorithm cbcAlgorithm(Encryption encryption);
HashAlgorithm hmacAlgorithm(Integrity integrity);

// "AES-128-CBC", "AES-128-GCM-16", "3DES-CBC", "NULL"; "HMAC-SHA1-96", "HMAC-SHA-256-128", "none".
std::string_view encryptionName(Encryption encryption);
std::string_view integrityName(Integrity integrity);

// Whether the pair makes an SA: GCM takes no HMAC; other ESP ciphers need one (RFC 4303 §3.2:
// NULL + none is forbidden, and this lab never sends confidentiality without integrity); AH
// (`ah`) takes an HMAC and no encryption. Errors name the field: "Suite/Integrity".
Result<void> validateSuite(Encryption encryption, Integrity integrity, bool ah);

} // namespace ipseclab::crypto
