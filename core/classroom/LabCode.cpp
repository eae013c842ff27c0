// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/LabCode.h"

#include <array>
#include <cctype>

#include "crypto/Hmac.h"

namespace ipseclab::classroom {

namespace {

constexpr std::size_t kLength = 8;          // characters of a code, the check character included
constexpr std::size_t kSeedChars = 7;       // 7 × 5 bits = 35 bits
constexpr unsigned kFieldPolynomial = 0x25; // x^5 + x^2 + 1: GF(32), whose every non-zero element is a power of x

// Multiplication in GF(32). The check is a weighted sum over this field, not Luhn mod 32: Luhn
// mod 32 misses the swap of "0" and "Z" (both add the same when doubled), and a sum mod 32 cannot
// catch every substitution and every swap at once (32 is not prime). In a field, distinct non-zero
// weights catch both: a substitution adds w·e ≠ 0, a swap of x and y adds (wi + wj)·(x + y) ≠ 0.
unsigned multiply(unsigned a, unsigned b) {
    unsigned out = 0;
    for (; b; b >>= 1) {
        if (b & 1) out ^= a;
        a <<= 1;
        if (a & 0x20) a ^= kFieldPolynomial;
    }
    return out;
}

// The weight of position i: x^(i+1), all distinct and non-zero for the 8 positions.
unsigned weight(std::size_t i) {
    unsigned w = 1;
    for (std::size_t k = 0; k <= i; ++k) w = multiply(w, 2);
    return w;
}

unsigned inverse(unsigned a) {
    for (unsigned b = 1; b < 32; ++b)
        if (multiply(a, b) == 1) return b;
    return 0; // not reached for a ≠ 0
}

// The check character's value that makes the weighted sum of all eight zero.
unsigned checkValue(const std::array<unsigned, kLength>& values) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < kSeedChars; ++i) sum ^= multiply(weight(i), values[i]);
    return multiply(sum, inverse(weight(kSeedChars)));
}

// Letters that are not in the alphabet because they read as another character.
std::string lookalike(char c) {
    switch (c) {
    case 'O': return " (did you mean 0?)";
    case 'I':
    case 'L': return " (did you mean 1?)";
    case 'U': return " (did you mean V?)";
    default: return {};
    }
}

std::string characterError(std::size_t position, char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (!std::isprint(byte))
        return "character " + std::to_string(position) + ": " +
               (byte >= 0x80 ? "a character outside the alphabet" : "a control character") +
               " (lab codes are letters and digits, without I, L, O and U)";
    if (!lookalike(c).empty())
        return "character " + std::to_string(position) + ": '" + c + "' is not used in lab codes" + lookalike(c);
    return "character " + std::to_string(position) + ": '" + c +
           "' is not a lab code character (letters and digits, without I, L, O and U)";
}

// The eight values of a typed code; spaces and dashes are skipped, lower case read as upper.
Result<std::array<unsigned, kLength>> parse(std::string_view typed) {
    std::array<unsigned, kLength> values{};
    std::size_t count = 0;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(typed[i])));
        if (c == ' ' || c == '-' || c == '\t') continue;
        const auto at = kLabCodeAlphabet.find(c);
        if (at == std::string_view::npos) return fail(characterError(i + 1, c));
        if (count < kLength) values[count] = static_cast<unsigned>(at);
        ++count;
    }
    if (count != kLength)
        return fail("a lab code has 8 characters (two groups of four, e.g. K7QF-92XD); this one has " +
                    std::to_string(count));
    return values;
}

} // namespace

std::string encodeLabCode(std::uint64_t seed) {
    std::array<unsigned, kLength> values{};
    for (std::size_t i = 0; i < kSeedChars; ++i)
        values[i] = static_cast<unsigned>((seed >> (5 * (kSeedChars - 1 - i))) & 31);
    values[kSeedChars] = checkValue(values);
    std::string out;
    for (std::size_t i = 0; i < kLength; ++i) {
        if (i == 4) out += '-';
        out += kLabCodeAlphabet[values[i]];
    }
    return out;
}

Result<std::uint64_t> decodeLabCode(std::string_view typed) {
    auto values = parse(typed);
    if (!values) return tl::unexpected(values.error());
    if (checkValue(*values) != (*values)[kSeedChars])
        return fail("the check character does not match: a character is mistyped");
    std::uint64_t seed = 0;
    for (std::size_t i = 0; i < kSeedChars; ++i) seed = (seed << 5) | (*values)[i];
    return seed;
}

Result<std::string> normalizeLabCode(std::string_view typed) {
    auto seed = decodeLabCode(typed);
    if (!seed) return tl::unexpected(seed.error());
    return encodeLabCode(*seed);
}

std::uint64_t studentSeed(ByteView classSecret, std::string_view studentId, std::uint32_t round) {
    Bytes message = bytesOf("ipsec-lab student seed v1");
    message.push_back(0);
    append(message, bytesOf(studentId));
    message.push_back(0);
    for (int shift = 24; shift >= 0; shift -= 8) message.push_back(static_cast<std::uint8_t>(round >> shift));
    const Bytes mac = crypto::Hmac(crypto::HashAlgorithm::Sha256, classSecret).mac(message);
    std::uint64_t first = 0;
    for (std::size_t i = 0; i < 8; ++i) first = (first << 8) | mac[i];
    return first >> (64 - 35);
}

} // namespace ipseclab::classroom
