#pragma once
// The algorithms an ESP or AH SA can use, their key, IV and ICV lengths, and how their keys are cut
// from the KEYMAT Quick Mode derives (digest §3.2): encryption key first, then integrity key; for
// AES-GCM the encryption block is the AES key followed by the 4-byte salt (RFC 4106 §8.1).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/Cipher.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"
#include "ipsec/SaKey.h"

namespace ipseclab::ipsec {

enum class Encryption {
    Null,         // RFC 2410: no confidentiality (integrity from the HMAC alone)
    Aes128Cbc,    // RFC 3602
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

struct Suite {
    Encryption encryption = Encryption::Aes128Cbc;
    Integrity integrity = Integrity::HmacSha1_96;

    friend bool operator==(const Suite&, const Suite&) = default;
};

// Inline: the data plane asks on every packet.
constexpr bool isAead(Encryption encryption) {
    return encryption == Encryption::Aes128Gcm16 || encryption == Encryption::Aes192Gcm16 ||
           encryption == Encryption::Aes256Gcm16;
}
// The AES or 3DES key (AES-GCM: without the salt).
std::size_t cipherKeyLength(Encryption encryption);
// What the SA keeps as its encryption key: AES-GCM adds the 4-byte salt (strongSwan's +4).
std::size_t encryptionKeyLength(Encryption encryption);
std::size_t integrityKeyLength(Integrity integrity);
// Explicit IV in each packet: AES-CBC 16, 3DES 8, AES-GCM 8, NULL 0.
std::size_t ivLength(Encryption encryption);
// What the padded cleartext must be a multiple of: 16 AES-CBC, 8 3DES, 1 for GCM and NULL (ESP's
// own 4-byte alignment comes on top).
std::size_t blockSize(Encryption encryption);
// ICV length of the SA: the GCM tag (16) or the truncated HMAC (12, 12, 16, 24, 32).
std::size_t icvLength(const Suite& suite);
std::size_t icvLength(Integrity integrity);

// The crypto layer's names: the CBC cipher of a CBC suite (AES-*-CBC, 3DES-CBC; meaningless for
// NULL and GCM), and the hash of an HMAC (meaningless for None).
crypto::CipherAlgorithm cbcAlgorithm(Encryption encryption);
crypto::HashAlgorithm hmacAlgorithm(Integrity integrity);

// "AES-128-CBC", "AES-128-GCM-16", "3DES-CBC", "NULL"; "HMAC-SHA1-96", "HMAC-SHA-256-128", "none".
std::string_view encryptionName(Encryption encryption);
std::string_view integrityName(Integrity integrity);
// "AES-128-CBC + HMAC-SHA1-96", "AES-128-GCM-16".
std::string suiteName(const Suite& suite);

// Whether the pair makes an SA of that protocol: GCM takes no HMAC, other ESP ciphers need one
// (RFC 4303 §3.2: NULL + none is forbidden, and this lab never sends confidentiality without
// integrity), AH takes an HMAC and no encryption.
Result<void> validateSuite(IpsecProtocol protocol, const Suite& suite);

// Bytes of KEYMAT the suite consumes (ESP: encryption + integrity; AH: integrity).
std::size_t keymatLength(IpsecProtocol protocol, const Suite& suite);

struct SaKeys {
    crypto::SecretBytes encryption; // AES-GCM: key | salt(4); empty for NULL and for AH
    crypto::SecretBytes integrity;  // empty for AES-GCM
};

// Cuts one SA's keys from its KEYMAT (K1 | K2 | ..., digest §3.2): encryption key first, then the
// integrity key. KEYMAT longer than needed is fine (prf blocks come whole); shorter is an error.
Result<SaKeys> cutKeymat(IpsecProtocol protocol, const Suite& suite, ByteView keymat);

// IKEv1 numbers (RFC 2407 §4.4.4 / §4.5, digest §1.10): ESP transform ID 3 (3DES), 11 (NULL),
// 12 (AES-CBC, Key Length 128/192/256 required), 20 (AES-GCM-16, Key Length required), and the
// Authentication Algorithm attribute 1 (MD5), 2 (SHA1), 5/6/7 (SHA2-256/384/512), absent for GCM.
Result<Suite> espSuiteFromIkev1(std::uint8_t transformId, std::optional<std::uint16_t> keyLengthBits,
                                std::optional<std::uint16_t> authenticationAlgorithm);
// AH transform IDs 2 (MD5), 3 (SHA), 5/6/7 (SHA2-256/384/512).
Result<Suite> ahSuiteFromIkev1(std::uint8_t transformId);

} // namespace ipseclab::ipsec
