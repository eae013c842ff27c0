// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A keyed HMAC for per-packet use (ESP and AH integrity, RFC 2404 / RFC 4868): the key is set once,
// then each packet costs one re-initialisation of the keyed state instead of a fetch + key
// schedule, which is what one-shot prf() pays. Messages can be fed in parts, so ESP can append the
// implicit ESN high bits and AH can feed the zeroed IP header without building one buffer.
//
// Not copyable (it holds an OpenSSL context with key-derived state, cleansed when freed).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/Bytes.h"
#include "crypto/Hash.h"

namespace ipseclab::crypto {

class Hmac {
public:
    // Any key length (RFC 2104). Never fails for the algorithms of HashAlgorithm; a missing
    // provider aborts (ossl::fatal), as prf() does.
    Hmac(HashAlgorithm alg, ByteView key);
    ~Hmac();
    Hmac(Hmac&&) noexcept;
    Hmac& operator=(Hmac&&) noexcept;
    Hmac(const Hmac&) = delete;
    Hmac& operator=(const Hmac&) = delete;

    HashAlgorithm algorithm() const { return m_algorithm; }
    // The full HMAC length (20 for SHA-1, ...); ICVs truncate it.
    std::size_t length() const { return hashLength(m_algorithm); }

    // One MAC: begin(), update() any number of times, then finish().
    void begin();
    void update(ByteView data);
    // Writes the first out.size() bytes of the MAC (out.size() <= length(): the RFC 2104 §5
    // truncation ESP and AH use).
    void finish(std::span<std::uint8_t> out);

    // begin + update + finish, full length.
    Bytes mac(ByteView data);

private:
    struct Context; // the OpenSSL objects, kept out of this header
    HashAlgorithm m_algorithm;
    std::unique_ptr<Context> m_context;
};

} // namespace ipseclab::crypto
