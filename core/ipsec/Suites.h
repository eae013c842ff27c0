// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// An ESP or AH SA's pair of algorithms, and how its keys are cut from the KEYMAT Quick Mode derives
// (digest §3.2): encryption key first, then integrity key; for AES-GCM the encryption block is the
// AES key followed by the 4-byte salt (RFC 4106 §8.1).

#include <cstddef>
#include <string>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/IpsecAlgorithms.h"
#include "crypto/SecretBytes.h"
#include "ipsec/SaKey.h"

namespace ipseclab::ipsec {

// The algorithms themselves, their lengths and names: crypto/IpsecAlgorithms.h, shared with
// core/ike. The data plane names them as its own.
using crypto::Encryption;
using crypto::Integrity;

struct Suite {
    Encryption encryption = Encryption::Aes128Cbc;
    Integrity integrity = Integrity::HmacSha1_96;

    friend bool operator==(const Suite&, const Suite&) = default;
};

// ICV length of the SA: the GCM tag (16) or the truncated HMAC (12, 12, 16, 24, 32).
std::size_t icvLength(const Suite& suite);
// "AES-128-CBC + HMAC-SHA1-96", "AES-128-GCM-16".
std::string suiteName(const Suite& suite);
// Whether the pair makes an SA of that protocol (crypto::validateSuite).
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

} // namespace ipseclab::ipsec
