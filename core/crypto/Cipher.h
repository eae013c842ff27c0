// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Block ciphers in CBC mode, as IKEv1 (phase-1 encryption) and ESP (RFC 3602, RFC 2451) use them.
// No padding is added or removed: IKE and ESP pad themselves, so the input must already be a
// whole number of blocks.

#include <cstddef>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::crypto {

enum class CipherAlgorithm { Aes128Cbc, Aes192Cbc, Aes256Cbc, TripleDesCbc };

std::size_t keyLength(CipherAlgorithm alg);       // 16, 24, 32, 24
std::size_t blockSize(CipherAlgorithm alg);       // 16 for AES, 8 for 3DES; also the IV length
std::string_view cipherName(CipherAlgorithm alg); // "AES-128-CBC", ..., "3DES-CBC"

// Errors name the algorithm and the length that is wrong.
Result<Bytes> cbcEncrypt(CipherAlgorithm alg, ByteView key, ByteView iv, ByteView plaintext);
Result<Bytes> cbcDecrypt(CipherAlgorithm alg, ByteView key, ByteView iv, ByteView ciphertext);

} // namespace ipseclab::crypto
