// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Keyed cipher contexts for per-packet use (ESP, RFC 3602 / RFC 2451 / RFC 4106): the key schedule
// is computed once when the context is made, and each packet only sets its IV or nonce. The
// one-shot cbcEncrypt()/gcmEncrypt() fetch the cipher and expand the key on every call; a data
// plane cannot afford that.
//
// Each context works in one direction (an ESP SA is either outbound or inbound). Input and output
// may be the same buffer (in place), or must not overlap at all.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/Cipher.h"

namespace ipseclab::crypto {

enum class CipherDirection { Encrypt, Decrypt };

// CBC without padding: the input must be whole blocks (ESP pads itself).
class CbcContext {
public:
    // Fails on a key of the wrong length, naming the algorithm.
    static Result<CbcContext> create(CipherAlgorithm alg, ByteView key, CipherDirection direction);
    ~CbcContext();
    CbcContext(CbcContext&&) noexcept;
    CbcContext& operator=(CbcContext&&) noexcept;
    CbcContext(const CbcContext&) = delete;
    CbcContext& operator=(const CbcContext&) = delete;

    CipherAlgorithm algorithm() const { return m_algorithm; }
    CipherDirection direction() const { return m_direction; }

    // out.size() must equal in.size(), a multiple of the block size; iv is one block.
    Result<void> process(ByteView iv, ByteView in, std::span<std::uint8_t> out);

private:
    struct Context;
    CbcContext(CipherAlgorithm alg, CipherDirection direction, std::unique_ptr<Context> context);
    CipherAlgorithm m_algorithm;
    CipherDirection m_direction;
    std::unique_ptr<Context> m_context;
};

// AES-GCM (key 16, 24 or 32 bytes, without the ESP salt: the caller builds the 12-byte nonce).
class GcmContext {
public:
    static Result<GcmContext> create(ByteView key, CipherDirection direction);
    ~GcmContext();
    GcmContext(GcmContext&&) noexcept;
    GcmContext& operator=(GcmContext&&) noexcept;
    GcmContext(const GcmContext&) = delete;
    GcmContext& operator=(const GcmContext&) = delete;

    CipherDirection direction() const { return m_direction; }

    // Encrypt contexts only. ciphertext.size() == plaintext.size(); tag.size() is 8, 12 or 16.
    Result<void> seal(ByteView nonce, ByteView aad, ByteView plaintext, std::span<std::uint8_t> ciphertext,
                      std::span<std::uint8_t> tag) {
        return outcome(sealPacket(nonce, aad, plaintext, ciphertext, tag), nonce, tag.size());
    }
    // Decrypt contexts only. Fails with "ICV (GCM tag) did not verify" when anything was altered; the
    // output is wiped then, so no unauthenticated plaintext leaks.
    Result<void> open(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                      std::span<std::uint8_t> plaintext) {
        return outcome(openPacket(nonce, aad, ciphertext, tag, plaintext), nonce, tag.size());
    }

private:
    // seal() and open() are inline over these out-of-line steps, which report a Status: no
    // Result<void> made out of line per packet (docs/performance.md, no zero-filling). The sentence
    // for a failure is built only then, in cold code.
    enum class Status : std::uint8_t { Ok, WrongDirection, BadArguments, BadOutput, OpenSslFailed, TagMismatch };
    Status sealPacket(ByteView nonce, ByteView aad, ByteView plaintext, std::span<std::uint8_t> ciphertext,
                      std::span<std::uint8_t> tag);
    Status openPacket(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                      std::span<std::uint8_t> plaintext);
    [[gnu::cold]] Error describe(Status status, ByteView nonce, std::size_t tagLength) const;
    Result<void> outcome(Status status, ByteView nonce, std::size_t tagLength) const {
        if (status == Status::Ok) return {};
        return tl::unexpected(describe(status, nonce, tagLength));
    }

    struct Context;
    GcmContext(CipherDirection direction, std::unique_ptr<Context> context);
    CipherDirection m_direction;
    std::unique_ptr<Context> m_context;
};

} // namespace ipseclab::crypto
