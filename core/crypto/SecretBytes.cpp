// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/SecretBytes.h"

#include <openssl/crypto.h>

namespace ipseclab::crypto {

void cleanse(void* data, std::size_t size) {
    if (data != nullptr && size > 0) OPENSSL_cleanse(data, size);
}

SecretBytes::SecretBytes(Bytes&& bytes) : m_bytes(bytes.begin(), bytes.end()) {
    cleanse(bytes.data(), bytes.size());
    bytes.clear();
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        wipe();
        m_bytes = std::move(other.m_bytes); // our old block goes through the allocator: cleansed
    }
    return *this;
}

void SecretBytes::clear() noexcept {
    wipe();
    Storage().swap(m_bytes);
}

bool constantTimeEqual(ByteView a, ByteView b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace ipseclab::crypto
