// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Hash functions IKEv1 negotiates (phase-1 attribute 2, RFC 2409 App. A) and one-shot hashing.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::crypto {

enum class HashAlgorithm { Md5, Sha1, Sha256, Sha384, Sha512 };
inline constexpr std::size_t kHashAlgorithmCount = 5;

// Output length in bytes (16, 20, 32, 48, 64).
std::size_t hashLength(HashAlgorithm alg);
// OpenSSL's digest name, also what we show: "MD5", "SHA1", "SHA256", "SHA384", "SHA512".
std::string_view hashName(HashAlgorithm alg);

// IKE phase-1 Hash Algorithm attribute values: 1 MD5, 2 SHA, 4 SHA2-256, 5 SHA2-384, 6 SHA2-512.
std::uint16_t ikeHashId(HashAlgorithm alg);
// 3 (Tiger) and unassigned values are errors that name the value.
Result<HashAlgorithm> hashFromIkeId(std::uint16_t id);

Bytes hash(HashAlgorithm alg, ByteView data);

} // namespace ipseclab::crypto
