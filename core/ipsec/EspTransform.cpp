// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/EspTransform.h"

#include <array>
#include <cstring>
#include <numeric>
#include <string>

#include "ipsec/ColdPath.h"

namespace ipseclab::ipsec {

EspTransform::~EspTransform() = default;
EspTransform::EspTransform(EspTransform&&) noexcept = default;
EspTransform& EspTransform::operator=(EspTransform&&) noexcept = default;

Result<EspTransform> EspTransform::create(const Suite& suite, ByteView encryptionKey, ByteView integrityKey) {
    // Only what cannot work: an SA also refuses confidentiality without integrity (validateSuite),
    // but the transform can run it, as RFC 3602's encryption-only known answers need.
    if (isAead(suite.encryption) && suite.integrity != Integrity::None)
        return fail(std::string(encryptionName(suite.encryption)) + " takes no separate integrity algorithm",
                    "Suite/Integrity");
    if (encryptionKey.size() != encryptionKeyLength(suite.encryption))
        return fail(std::string(encryptionName(suite.encryption)) + " needs a " +
                        std::to_string(encryptionKeyLength(suite.encryption)) + "-byte encryption key" +
                        (isAead(suite.encryption) ? " (AES key + 4-byte salt)" : "") + ", got " +
                        std::to_string(encryptionKey.size()),
                    "Encryption Key");
    if (integrityKey.size() != integrityKeyLength(suite.integrity))
        return fail(std::string(integrityName(suite.integrity)) + " needs a " +
                        std::to_string(integrityKeyLength(suite.integrity)) + "-byte integrity key, got " +
                        std::to_string(integrityKey.size()),
                    "Integrity Key");

    EspTransform t;
    t.m_suite = suite;
    t.m_ivLength = crypto::ivLength(suite.encryption);
    t.m_icvLength = ipsec::icvLength(suite);
    t.m_alignment = std::lcm(blockSize(suite.encryption), std::size_t{4});

    if (isAead(suite.encryption)) {
        const ByteView key = encryptionKey.first(cipherKeyLength(suite.encryption));
        auto encrypt = crypto::GcmContext::create(key, crypto::CipherDirection::Encrypt);
        if (!encrypt) return tl::unexpected(encrypt.error());
        auto decrypt = crypto::GcmContext::create(key, crypto::CipherDirection::Decrypt);
        if (!decrypt) return tl::unexpected(decrypt.error());
        t.m_gcmEncrypt.emplace(std::move(*encrypt));
        t.m_gcmDecrypt.emplace(std::move(*decrypt));
        t.m_salt = crypto::SecretBytes(encryptionKey.last(4));
    } else if (suite.encryption != Encryption::Null) {
        const crypto::CipherAlgorithm alg = cbcAlgorithm(suite.encryption);
        auto encrypt = crypto::CbcContext::create(alg, encryptionKey, crypto::CipherDirection::Encrypt);
        if (!encrypt) return tl::unexpected(encrypt.error());
        auto decrypt = crypto::CbcContext::create(alg, encryptionKey, crypto::CipherDirection::Decrypt);
        if (!decrypt) return tl::unexpected(decrypt.error());
        t.m_cbcEncrypt.emplace(std::move(*encrypt));
        t.m_cbcDecrypt.emplace(std::move(*decrypt));
    }
    if (suite.integrity != Integrity::None) t.m_hmac.emplace(hmacAlgorithm(suite.integrity), integrityKey);
    return t;
}

void EspTransform::fillAad(std::span<std::uint8_t, 12> aad, std::uint32_t spi, std::uint64_t sequenceNumber,
                           bool esn) const {
    // RFC 4106 §5: SPI | Seq (32) or, with ESN, SPI | Seq high | Seq low. The IV is not part of it.
    writeU32(aad, 0, spi);
    if (esn) {
        writeU64(aad, 4, sequenceNumber);
    } else {
        writeU32(aad, 4, static_cast<std::uint32_t>(sequenceNumber));
    }
}

Result<std::size_t> EspTransform::seal(std::span<std::uint8_t> out, std::uint32_t spi, std::uint64_t sequenceNumber,
                                       bool esn, wire::IpProtocol nextHeader, ByteView payload, ByteView iv) {
    if (iv.size() != m_ivLength)
        return coldFail(
            [&] {
                return std::string(encryptionName(m_suite.encryption)) + " IV must be " + std::to_string(m_ivLength) +
                       " bytes, got " + std::to_string(iv.size());
            },
            "ESP/IV");
    if (out.size() != sealedLength(payload.size()))
        return coldFail(
            [&] {
                return "the ESP packet needs " + std::to_string(sealedLength(payload.size())) +
                       " bytes, got room for " + std::to_string(out.size());
            },
            "ESP");
    const std::size_t unpadded = payload.size() + wire::kEspTrailerLength;
    const std::size_t padLength = (m_alignment - (unpadded & (m_alignment - 1))) & (m_alignment - 1);
    const std::size_t clearLength = unpadded + padLength;

    // Header, IV, payload, padding 1, 2, 3, ..., pad length, next header; then encrypted in place
    // and the ICV written behind it.
    std::uint8_t* p = out.data();
    writeU32(out, 0, spi);
    writeU32(out, 4, static_cast<std::uint32_t>(sequenceNumber));
    if (m_ivLength > 0) std::memcpy(p + wire::kEspHeaderLength, iv.data(), m_ivLength);
    std::uint8_t* clear = p + wire::kEspHeaderLength + m_ivLength;
    if (!payload.empty()) std::memcpy(clear, payload.data(), payload.size());
    std::uint8_t* trailer = clear + payload.size();
    for (std::size_t i = 0; i < padLength; ++i) trailer[i] = static_cast<std::uint8_t>(i + 1);
    trailer[padLength] = static_cast<std::uint8_t>(padLength);
    trailer[padLength + 1] = static_cast<std::uint8_t>(nextHeader);
    const std::span<std::uint8_t> clearSpan(clear, clearLength);
    const std::span<std::uint8_t> icv = out.last(m_icvLength);

    if (m_gcmEncrypt) {
        // AEAD: the tag is the ICV, nothing else to do.
        std::array<std::uint8_t, 12> nonce;
        std::memcpy(nonce.data(), m_salt.data(), 4);
        std::memcpy(nonce.data() + 4, iv.data(), 8);
        std::array<std::uint8_t, 12> aad;
        fillAad(aad, spi, sequenceNumber, esn);
        auto sealed = m_gcmEncrypt->seal(nonce, ByteView(aad.data(), esn ? 12 : 8), clearSpan, clearSpan, icv);
        if (!sealed) return tl::unexpected(std::move(sealed.error()));
        return out.size();
    }
    if (m_cbcEncrypt) {
        auto encrypted = m_cbcEncrypt->process(iv, clearSpan, clearSpan);
        if (!encrypted) return tl::unexpected(std::move(encrypted.error()));
    }
    if (m_hmac) {
        m_hmac->begin();
        m_hmac->update(ByteView(p, wire::kEspHeaderLength + m_ivLength + clearLength));
        if (esn) {
            // RFC 4303 §2.2.1: the high 32 bits enter the ICV after the trailer, never the wire.
            std::array<std::uint8_t, 4> high;
            writeU32(high, 0, static_cast<std::uint32_t>(sequenceNumber >> 32));
            m_hmac->update(high);
        }
        m_hmac->finish(icv);
    }
    return out.size();
}

Error EspTransform::splitError(ByteView esp) const {
    const std::size_t fixed = wire::kEspHeaderLength + m_ivLength + m_icvLength;
    if (esp.size() < fixed + wire::kEspTrailerLength)
        return Error{std::to_string(esp.size()) + " bytes cannot hold the 8-byte ESP header, a " +
                         std::to_string(m_ivLength) + "-byte IV, the 2 trailer bytes and a " +
                         std::to_string(m_icvLength) + "-byte ICV",
                     "ESP", 0};
    return Error{"the encrypted part has " + std::to_string(esp.size() - fixed) + " bytes, not a multiple of " +
                     std::to_string(m_alignment) + " (" + std::string(encryptionName(m_suite.encryption)) +
                     " blocks and ESP's 4-byte alignment)",
                 "ESP/Encrypted Data", wire::kEspHeaderLength + m_ivLength};
}

bool EspTransform::authenticate(const Parts& parts, std::uint64_t sequenceNumber, bool esn,
                                std::span<std::uint8_t> cleartext) {
    if (m_gcmDecrypt) {
        std::array<std::uint8_t, 12> nonce;
        std::memcpy(nonce.data(), m_salt.data(), 4);
        std::memcpy(nonce.data() + 4, parts.iv.data(), 8);
        std::array<std::uint8_t, 12> aad;
        fillAad(aad, parts.spi, sequenceNumber, esn);
        return m_gcmDecrypt->open(nonce, ByteView(aad.data(), esn ? 12 : 8), parts.ciphertext, parts.icv, cleartext)
            .has_value();
    }
    if (!m_hmac) return true; // encryption only (RFC 3602's known answers; SAs never run this)
    std::array<std::uint8_t, 64> computed;
    m_hmac->begin();
    m_hmac->update(parts.authenticated);
    if (esn) {
        std::array<std::uint8_t, 4> high;
        writeU32(high, 0, static_cast<std::uint32_t>(sequenceNumber >> 32));
        m_hmac->update(high);
    }
    const std::span<std::uint8_t> icv(computed.data(), m_icvLength);
    m_hmac->finish(icv);
    return crypto::constantTimeEqual(icv, parts.icv);
}

Result<void> EspTransform::decrypt(const Parts& parts, std::span<std::uint8_t> cleartext) {
    if (m_gcmDecrypt) return {};
    if (cleartext.size() != parts.ciphertext.size())
        return fail("the cleartext needs " + std::to_string(parts.ciphertext.size()) + " bytes, got room for " +
                        std::to_string(cleartext.size()),
                    "ESP");
    if (m_cbcDecrypt) return m_cbcDecrypt->process(parts.iv, parts.ciphertext, cleartext);
    if (!parts.ciphertext.empty()) std::memcpy(cleartext.data(), parts.ciphertext.data(), parts.ciphertext.size());
    return {};
}

} // namespace ipseclab::ipsec
