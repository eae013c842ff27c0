// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/RandomSource.h"

#include <climits>

#include <openssl/rand.h>

#include "crypto/OpenSsl.h"

namespace ipseclab::crypto {

Bytes RandomSource::bytes(std::size_t n) {
    Bytes out(n);
    fill(out);
    return out;
}

SecretBytes RandomSource::secretBytes(std::size_t n) {
    SecretBytes out(n);
    fill(out.mutableView());
    return out;
}

std::uint32_t RandomSource::u32() {
    std::uint8_t b[4];
    fill(b);
    return readU32(b, 0);
}

std::uint64_t RandomSource::u64() {
    std::uint8_t b[8];
    fill(b);
    return (std::uint64_t{readU32(b, 0)} << 32) | readU32(b, 4);
}

void OsRandom::fill(std::span<std::uint8_t> out) {
    // RAND_bytes takes an int length.
    while (!out.empty()) {
        const std::size_t chunk = out.size() < INT_MAX ? out.size() : INT_MAX;
        if (RAND_bytes(out.data(), static_cast<int>(chunk)) != 1) ossl::fatal("RAND_bytes");
        out = out.subspan(chunk);
    }
}

} // namespace ipseclab::crypto
