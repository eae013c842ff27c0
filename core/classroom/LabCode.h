// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A student's lab code (docs/class-files.md): "K7QF-92XD", eight characters of a 32-letter alphabet
// without I, L, O and U (so nothing reads as another), two groups of four. The first seven carry
// the student's seed (35 bits); the eighth is a check character (a weighted sum over GF(32), see
// LabCode.cpp: Luhn mod 32 would miss the swap of 0 and Z), so every change of one character, and
// every swap of two characters, is caught when the code is typed.
//
// The seed is a keyed hash of the class secret and the student id: the same class file gives the
// same codes, and nobody without the secret can tell which seed belongs to which student.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::classroom {

inline constexpr std::string_view kLabCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::uint64_t kLabSeedLimit = std::uint64_t{1} << 35; // seeds a code can carry

// "K7QF-92XD" for a seed below kLabSeedLimit (higher bits are dropped).
std::string encodeLabCode(std::uint64_t seed);

// The seed a typed code carries. Lower case, spaces and a missing or extra dash are forgiven;
// anything else is an error naming the position and the problem ("character 3: 'O' is not used in
// lab codes (did you mean 0?)", "the check character does not match: a character is mistyped").
Result<std::uint64_t> decodeLabCode(std::string_view typed);

// The code in its shown form ("k7qf 92xd" → "K7QF-92XD"), or the same error as decodeLabCode.
Result<std::string> normalizeLabCode(std::string_view typed);

// HMAC-SHA-256(secret, "ipsec-lab student seed v1" NUL studentId NUL round), cut to 35 bits. `round`
// is 0 unless two students of a class would get the same seed (ClassFile bumps it).
std::uint64_t studentSeed(ByteView classSecret, std::string_view studentId, std::uint32_t round = 0);

} // namespace ipseclab::classroom
