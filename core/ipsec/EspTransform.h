// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ESP's cryptography and framing for one SA (RFC 4303 §2-3, RFC 3602, RFC 2451, RFC 4106, RFC 2410):
// building the packet SPI | Seq | IV | encrypted(payload | padding | pad length | next header) | ICV,
// and the receiving steps the SA runs in the digest §6.5 order (split, authenticate, decrypt,
// check the trailer). Sequence numbers, the replay window, lifetimes and events are the
// SecurityAssociation's; this class only knows keys and bytes.
//
// Keyed contexts are made once, for both directions, so a packet costs no key schedule.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/CipherContext.h"
#include "crypto/Hmac.h"
#include "crypto/SecretBytes.h"
#include "ipsec/Suites.h"
#include "wire/EspPacket.h"

namespace ipseclab::ipsec {

class EspTransform {
public:
    // Key lengths must match the suite (encryption key with the GCM salt at its end). Unlike an SA,
    // the transform accepts a cipher without integrity (RFC 3602's encryption-only test cases).
    static Result<EspTransform> create(const Suite& suite, ByteView encryptionKey, ByteView integrityKey);
    ~EspTransform();
    EspTransform(EspTransform&&) noexcept;
    EspTransform& operator=(EspTransform&&) noexcept;

    const Suite& suite() const { return m_suite; }
    std::size_t ivLength() const { return m_ivLength; }
    std::size_t icvLength() const { return m_icvLength; }
    // What the cleartext (payload .. next header) is padded to: lcm(cipher block, 4), a power of
    // two (4, 8 or 16), so the per-packet arithmetic masks instead of dividing.
    std::size_t alignment() const { return m_alignment; }
    // The whole ESP packet's length for a payload of `payloadLength` bytes.
    std::size_t sealedLength(std::size_t payloadLength) const {
        const std::size_t unpadded = payloadLength + wire::kEspTrailerLength;
        const std::size_t padded = (unpadded + m_alignment - 1) & ~(m_alignment - 1);
        return wire::kEspHeaderLength + m_ivLength + padded + m_icvLength;
    }

    // Writes the ESP packet into `out`, which must be exactly sealedLength(payload.size()) bytes
    // and must not overlap `payload` (every byte of `out` is written, so it need not be cleared);
    // returns the bytes written. `iv` must be ivLength() bytes (the SA chooses it: random for CBC,
    // the sequence number for GCM). With ESN the high 32 bits of `sequenceNumber` enter the ICV
    // (after the trailer) or the GCM AAD, and only the low 32 bits are sent.
    Result<std::size_t> seal(std::span<std::uint8_t> out, std::uint32_t spi, std::uint64_t sequenceNumber, bool esn,
                             wire::IpProtocol nextHeader, ByteView payload, ByteView iv);

    // Receiving ------------------------------------------------------------------------------

    struct Parts {
        std::uint32_t spi = 0;
        std::uint32_t sequenceLow = 0;
        ByteView authenticated; // SPI .. end of the ciphertext: what the HMAC covers
        ByteView iv;
        ByteView ciphertext;
        ByteView icv;
    };
    // Structure only: room for header, IV, trailer and ICV; the ciphertext in whole blocks. Always
    // inlined (docs/performance.md, hot code inline); the reasons are built out of line.
    [[gnu::always_inline]] Result<Parts> split(ByteView esp) const {
        const std::size_t fixed = wire::kEspHeaderLength + m_ivLength + m_icvLength;
        if (esp.size() < fixed + wire::kEspTrailerLength) return tl::unexpected(splitError(esp));
        const std::size_t cipherLength = esp.size() - fixed;
        if ((cipherLength & (m_alignment - 1)) != 0) return tl::unexpected(splitError(esp));
        Parts parts;
        parts.spi = readU32(esp, 0);
        parts.sequenceLow = readU32(esp, 4);
        parts.iv = esp.subspan(wire::kEspHeaderLength, m_ivLength);
        parts.ciphertext = esp.subspan(wire::kEspHeaderLength + m_ivLength, cipherLength);
        parts.icv = esp.last(m_icvLength);
        parts.authenticated = esp.first(esp.size() - m_icvLength);
        return parts;
    }
    // Verifies the ICV in constant time (HMAC suites) or the GCM tag, which also decrypts into
    // `cleartext`: parts.ciphertext.size() bytes, apart from the packet (the SA hands in the buffer
    // it delivers, so the payload is never copied again). False when it does not verify;
    // `cleartext` then holds nothing readable. Without an integrity algorithm there is nothing to
    // verify: true.
    bool authenticate(const Parts& parts, std::uint64_t sequenceNumber, bool esn, std::span<std::uint8_t> cleartext);
    // CBC and NULL: decrypts into `cleartext` (only after authenticate() succeeded; the same size).
    // GCM: nothing left to do.
    Result<void> decrypt(const Parts& parts, std::span<std::uint8_t> cleartext);

private:
    EspTransform() = default;
    void fillAad(std::span<std::uint8_t, 12> aad, std::uint32_t spi, std::uint64_t sequenceNumber, bool esn) const;
    // Why split() refuses `esp` (called only when it does).
    [[gnu::cold]] Error splitError(ByteView esp) const;

    Suite m_suite;
    std::size_t m_ivLength = 0;
    std::size_t m_icvLength = 0;
    std::size_t m_alignment = 4;
    std::optional<crypto::CbcContext> m_cbcEncrypt;
    std::optional<crypto::CbcContext> m_cbcDecrypt;
    std::optional<crypto::GcmContext> m_gcmEncrypt;
    std::optional<crypto::GcmContext> m_gcmDecrypt;
    crypto::SecretBytes m_salt; // GCM: the last 4 bytes of the encryption key
    std::optional<crypto::Hmac> m_hmac;
};

} // namespace ipseclab::ipsec
