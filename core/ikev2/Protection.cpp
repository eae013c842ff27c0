// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ikev2/Protection.h"

#include <algorithm>
#include <string>

#include "base/Endian.h"
#include "crypto/Cipher.h"
#include "crypto/Gcm.h"
#include "crypto/Hmac.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::ikev2 {

namespace {

constexpr std::size_t kSaltLength = 4;    // RFC 5282 §7.1: the last 4 bytes of SK_e
constexpr std::size_t kLengthOffset = 24; // the IKE header's Length

std::string n(std::size_t value) { return std::to_string(value); }

Result<void> checkKeys(const SkProtection& k) {
    const std::string name(crypto::encryptionName(k.encryption));
    if (k.encryption == Encryption::Null) return fail("an SK payload cannot use ENCR_NULL", "SK_e");
    if (auto valid = crypto::validateSuite(k.encryption, k.integrity, false); !valid) return valid;
    if (k.encryptionKey.size() != crypto::encryptionKeyLength(k.encryption))
        return fail("SK_e for " + name + " must be " + n(crypto::encryptionKeyLength(k.encryption)) + " bytes, got " +
                        n(k.encryptionKey.size()),
                    "SK_e");
    if (k.integrityKey.size() != crypto::integrityKeyLength(k.integrity))
        return fail("SK_a for " + std::string(crypto::integrityName(k.integrity)) + " must be " +
                        n(crypto::integrityKeyLength(k.integrity)) + " bytes, got " + n(k.integrityKey.size()),
                    "SK_a");
    return {};
}

// The truncated HMAC under SK_a of everything before the ICV.
Bytes hmacIcv(const SkProtection& k, ByteView authenticated) {
    crypto::Hmac hmac(crypto::hmacAlgorithm(k.integrity), k.integrityKey);
    hmac.begin();
    hmac.update(authenticated);
    Bytes icv(crypto::icvLength(k.integrity));
    hmac.finish(icv);
    return icv;
}

ByteView gcmKey(const SkProtection& k) { return k.encryptionKey.first(k.encryptionKey.size() - kSaltLength); }

Bytes gcmNonce(const SkProtection& k, ByteView iv) {
    Bytes nonce(k.encryptionKey.end() - kSaltLength, k.encryptionKey.end());
    append(nonce, iv);
    return nonce;
}

// Encrypts `plaintext` and appends ciphertext and ICV to `message`, which ends with the IV;
// `aadLength` bytes of it (header .. SK generic header) are GCM's AAD.
Result<void> seal(const SkProtection& k, Bytes& message, std::size_t aadLength, ByteView plaintext, SkPayload& sk) {
    if (crypto::isAead(k.encryption)) {
        auto sealed = crypto::gcmEncrypt(gcmKey(k), gcmNonce(k, sk.iv), ByteView(message).first(aadLength), plaintext,
                                         crypto::icvLength(k.encryption, k.integrity));
        if (!sealed) return tl::unexpected(sealed.error());
        sk.ciphertext = std::move(sealed->ciphertext);
        sk.icv = std::move(sealed->tag);
        append(message, sk.ciphertext);
    } else {
        auto ciphertext = crypto::cbcEncrypt(crypto::cbcAlgorithm(k.encryption), k.encryptionKey, sk.iv, plaintext);
        if (!ciphertext) return tl::unexpected(ciphertext.error());
        sk.ciphertext = std::move(*ciphertext);
        append(message, sk.ciphertext);
        sk.icv = hmacIcv(k, message);
    }
    append(message, sk.icv);
    return {};
}

// Checks the ICV, then decrypts sk.ciphertext into sk.plaintext. `icvOffset` is where the ICV starts.
Result<void> open(const SkProtection& k, ByteView message, std::size_t icvOffset, SkPayload& sk) {
    const std::string badIcv = "the ICV does not verify (wrong key, or the message was altered)";
    if (crypto::isAead(k.encryption)) {
        auto plain = crypto::gcmDecrypt(gcmKey(k), gcmNonce(k, sk.iv),
                                        message.first(sk.offset + kGenericPayloadHeaderLength), sk.ciphertext, sk.icv);
        if (!plain) return fail(badIcv + ": AES-GCM tag mismatch", "isakmp.enc.icd", icvOffset);
        sk.plaintext = std::move(*plain);
        return {};
    }
    if (!crypto::constantTimeEqual(hmacIcv(k, message.first(icvOffset)), sk.icv))
        return fail(badIcv + ": " + std::string(crypto::integrityName(k.integrity)) +
                        " over the IKE header .. ciphertext differs",
                    "isakmp.enc.icd", icvOffset);
    auto plain = crypto::cbcDecrypt(crypto::cbcAlgorithm(k.encryption), k.encryptionKey, sk.iv, sk.ciphertext);
    if (!plain) return tl::unexpected(plain.error());
    sk.plaintext = std::move(*plain);
    return {};
}

// Where the SK payload's fields lie, after the checks that they fit in the message.
struct Layout {
    std::size_t ivOffset = 0, ciphertextOffset = 0, ciphertextLength = 0, icvOffset = 0;
};

Result<Layout> layoutOf(const SkProtection& k, ByteView message, std::size_t skOffset) {
    if (message.size() < kIkeHeaderLength)
        return fail("the message is " + n(message.size()) + " bytes, shorter than the 28-byte IKE header", "isakmp", 0);
    if (skOffset < kIkeHeaderLength || skOffset + kGenericPayloadHeaderLength > message.size())
        return fail("no SK payload header fits at byte " + n(skOffset) + " of the " + n(message.size()) +
                        "-byte message",
                    "isakmp.payloadlength", skOffset);
    const std::size_t skLength = readU16(message, skOffset + 2);
    const std::size_t rest = message.size() - skOffset;
    if (skLength > rest)
        return fail("the SK payload says " + n(skLength) + " bytes, only " + n(rest) + " are left: truncated",
                    "isakmp.payloadlength", skOffset + 2);
    if (skLength < rest)
        return fail("the SK payload (" + n(skLength) + " bytes) ends " + n(rest - skLength) +
                        " bytes before the message: it must be the last payload (RFC 7296 §3.14)",
                    "isakmp.payloadlength", skOffset + 2);
    const bool aead = crypto::isAead(k.encryption);
    const std::size_t block = aead ? 1 : crypto::blockSize(k.encryption);
    const std::size_t ivLength = crypto::ivLength(k.encryption),
                      icvLength = crypto::icvLength(k.encryption, k.integrity);
    if (skLength < kGenericPayloadHeaderLength + ivLength + block + icvLength)
        return fail("the SK payload (" + n(skLength) + " bytes) cannot hold its header, a " + n(ivLength) +
                        "-byte IV, " + n(block) + " encrypted byte(s) and a " + n(icvLength) + "-byte ICV",
                    "isakmp.payloadlength", skOffset + 2);
    Layout l;
    l.ivOffset = skOffset + kGenericPayloadHeaderLength;
    l.ciphertextOffset = l.ivOffset + ivLength;
    l.icvOffset = message.size() - icvLength;
    l.ciphertextLength = l.icvOffset - l.ciphertextOffset;
    if (l.ciphertextLength % block != 0)
        return fail("the encrypted data is " + n(l.ciphertextLength) + " bytes, not whole " + n(block) + "-byte blocks",
                    "isakmp.enc.data", l.ciphertextOffset);
    return l;
}

} // namespace

std::size_t padLengthFor(Encryption encryption, std::size_t payloadsLength) {
    if (crypto::isAead(encryption)) return 0;
    const std::size_t block = crypto::blockSize(encryption);
    return (block - (payloadsLength + 1) % block) % block;
}

Result<ProtectedMessage> protectMessage(const SkProtection& keys, ByteView prefix, std::uint8_t firstInner,
                                        ByteView payloads, ByteView padding, ByteView iv) {
    if (padding.size() > 255) return fail("at most 255 pad bytes fit the pad length, got " + n(padding.size()));
    const std::size_t block = crypto::isAead(keys.encryption) ? 1 : crypto::blockSize(keys.encryption);
    const std::size_t length = payloads.size() + padding.size() + 1;
    if (length % block != 0)
        return fail("payloads (" + n(payloads.size()) + ") | padding (" + n(padding.size()) + ") | pad length are " +
                    n(length) + " bytes, not whole " + n(block) + "-byte blocks");
    Bytes plaintext(payloads.begin(), payloads.end());
    append(plaintext, padding);
    plaintext.push_back(static_cast<std::uint8_t>(padding.size()));
    auto out = protectPlaintext(keys, prefix, firstInner, plaintext, iv);
    crypto::cleanse(plaintext.data(), plaintext.size());
    return out;
}

Result<ProtectedMessage> protectPlaintext(const SkProtection& keys, ByteView prefix, std::uint8_t firstInner,
                                          ByteView plaintext, ByteView iv) {
    if (auto valid = checkKeys(keys); !valid) return tl::unexpected(valid.error());
    if (prefix.size() < kIkeHeaderLength)
        return fail("what precedes the SK payload must hold the 28-byte IKE header, got " + n(prefix.size()) +
                    " bytes");
    if (plaintext.empty()) return fail("the SK plaintext needs at least its pad-length octet");
    if (iv.size() != crypto::ivLength(keys.encryption))
        return fail("the SK IV for " + std::string(crypto::encryptionName(keys.encryption)) + " must be " +
                        n(crypto::ivLength(keys.encryption)) + " bytes, got " + n(iv.size()),
                    "isakmp.enc.iv");
    const std::size_t skLength = kGenericPayloadHeaderLength + iv.size() + plaintext.size() +
                                 crypto::icvLength(keys.encryption, keys.integrity);
    if (skLength > 0xffff) return fail("an SK payload of " + n(skLength) + " bytes exceeds the 16-bit Length");
    ProtectedMessage out;
    out.message.assign(prefix.begin(), prefix.end());
    writeU32(out.message, kLengthOffset, static_cast<std::uint32_t>(prefix.size() + skLength));
    out.sk.offset = prefix.size();
    out.sk.firstInner = firstInner;
    out.message.push_back(firstInner);
    out.message.push_back(0); // critical bit clear, reserved
    appendU16(out.message, static_cast<std::uint16_t>(skLength));
    const std::size_t aadLength = out.message.size();
    out.sk.iv.assign(iv.begin(), iv.end());
    append(out.message, iv);
    if (auto sealed = seal(keys, out.message, aadLength, plaintext, out.sk); !sealed)
        return tl::unexpected(sealed.error());
    out.sk.plaintext.assign(plaintext.begin(), plaintext.end());
    // A lying pad length (protectPlaintext's purpose) is kept inside the plaintext here.
    out.sk.padLength = static_cast<std::uint8_t>(std::min<std::size_t>(plaintext.back(), plaintext.size() - 1));
    return out;
}

Result<SkPayload> unprotectMessage(const SkProtection& keys, ByteView message, std::size_t skOffset) {
    if (auto valid = checkKeys(keys); !valid) return tl::unexpected(valid.error());
    const auto layout = layoutOf(keys, message, skOffset);
    if (!layout) return tl::unexpected(layout.error());
    SkPayload sk;
    sk.offset = skOffset;
    sk.firstInner = message[skOffset];
    const auto bytesAt = [&](std::size_t from, std::size_t to) {
        return Bytes(message.begin() + from, message.begin() + to);
    };
    sk.iv = bytesAt(layout->ivOffset, layout->ciphertextOffset);
    sk.ciphertext = bytesAt(layout->ciphertextOffset, layout->icvOffset);
    sk.icv = bytesAt(layout->icvOffset, message.size());
    if (auto opened = open(keys, message, layout->icvOffset, sk); !opened) return tl::unexpected(opened.error());
    const std::size_t padLength = sk.plaintext.back();
    if (padLength + 1 > sk.plaintext.size())
        return fail("the pad length says " + n(padLength) + " pad bytes, but only " + n(sk.plaintext.size() - 1) +
                        " bytes were decrypted before it",
                    "isakmp.enc.pad_length", layout->icvOffset - 1);
    sk.padLength = static_cast<std::uint8_t>(padLength);
    return sk;
}

} // namespace ipseclab::ikev2
