// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// AES-GCM as ESP uses it (RFC 4106): 12-byte nonce = salt(4) | IV(8), ICV = the GCM tag of
// 16, 12 or 8 bytes (ESP transform IDs 20, 19, 18). Building the nonce and the AAD (SPI | seq,
// with seq_hi under ESN) is the ESP layer's job.

#include <cstddef>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::crypto {

inline constexpr std::size_t kGcmNonceLength = 12;
inline constexpr std::size_t kGcmDefaultTagLength = 16;

struct GcmSealed {
    Bytes ciphertext; // same length as the plaintext
    Bytes tag;        // the ICV
};

// key: 16, 24 or 32 bytes; nonce: 12 bytes; tagLength: 16, 12 or 8.
Result<GcmSealed> gcmEncrypt(ByteView key, ByteView nonce, ByteView aad, ByteView plaintext,
                             std::size_t tagLength = kGcmDefaultTagLength);
// The tag length is tag.size(). Fails with "ICV (GCM tag) did not verify" when the key, nonce,
// AAD, ciphertext or tag were not those sealed; no plaintext is returned then.
Result<Bytes> gcmDecrypt(ByteView key, ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag);

} // namespace ipseclab::crypto
