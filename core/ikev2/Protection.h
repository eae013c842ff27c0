// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Encrypted and Authenticated payload, SK (RFC 7296 §3.14; AES-GCM: RFC 5282):
//
//   generic header (Next Payload = the first inner payload) | IV | E(payloads | padding | pad length) | ICV
//
// AES-CBC + HMAC: the ICV is the truncated HMAC under SK_a of the whole message from the IKE
// header to the end of the ciphertext (encrypt-then-MAC); the padding is 0..block-1 bytes of any
// value, so payloads | padding | pad length fills whole blocks. AES-GCM: nonce = salt (the last 4
// bytes of SK_e) | IV (8 bytes), AAD = the message from the IKE header to the end of the SK
// generic header, the ICV is the 16-byte tag; no padding is needed, the pad length is 0.
//
// These work on bytes: the payload codecs are core/wire's. The SK payload is the message's last
// payload (§3.14), so it ends where the message ends.

#include <cstddef>
#include <cstdint>

#include "base/Bytes.h"
#include "base/Error.h"
#include "ikev2/Algorithms.h"
#include "wire/Ikev2Constants.h"
#include "wire/Ikev2Header.h"

namespace ipseclab::ikev2 {

// The codec's sizes and numbers, under the names this layer reads them by.
inline constexpr std::uint8_t kPayloadTypeSk = static_cast<std::uint8_t>(wire::ikev2::PayloadType::Encrypted);
inline constexpr std::size_t kIkeHeaderLength = wire::ikev2::kHeaderSize;
inline constexpr std::size_t kGenericPayloadHeaderLength = wire::ikev2::kGenericHeaderSize;

// What protects one direction of an IKE SA: SK_ei/SK_ai for the original initiator's messages,
// SK_er/SK_ar for the responder's.
struct SkProtection {
    Encryption encryption = Encryption::Aes128Cbc;
    Integrity integrity = Integrity::HmacSha256_128; // None with AES-GCM
    ByteView encryptionKey;                          // SK_e (AES-GCM: key | 4-byte salt)
    ByteView integrityKey;                           // SK_a (empty with AES-GCM)
};

// An SK payload taken apart, as sealed or as opened.
struct SkPayload {
    std::size_t offset = 0;      // of its generic header in the message
    std::uint8_t firstInner = 0; // its Next Payload: the first inner payload's type (0 when empty)
    Bytes iv;
    Bytes ciphertext; // without IV and ICV
    Bytes icv;
    Bytes plaintext; // inner payloads | padding | pad length
    std::uint8_t padLength = 0;

    // padLength < plaintext.size() holds for what protect and unprotect return; an empty SkPayload has neither.
    ByteView payloads() const {
        return plaintext.empty() ? ByteView() : ByteView(plaintext).first(plaintext.size() - padLength - 1u);
    }
    // The pad bytes, without the pad-length octet.
    ByteView padding() const {
        return plaintext.empty() ? ByteView()
                                 : ByteView(plaintext).subspan(plaintext.size() - padLength - 1u, padLength);
    }
};

struct ProtectedMessage {
    Bytes message; // prefix (its Length set) | SK payload
    SkPayload sk;
};

// The pad bytes (without the pad-length octet) a sender adds after `payloadsLength` bytes of inner
// payloads: CBC fills the last block (0..block-1, as charon pads), AES-GCM adds none.
std::size_t padLengthFor(Encryption encryption, std::size_t payloadsLength);

// Appends an SK payload to `prefix` (the IKE header and any unencrypted payloads before SK, the
// last Next Payload already saying SK), sets the header's Length, and seals payloads | padding |
// pad length under `iv`. An engine draws `iv` and `padding` (padLengthFor bytes) at random; the
// known-answer tests pass charon's. Errors name the key, IV or padding that does not fit.
Result<ProtectedMessage> protectMessage(const SkProtection& keys, ByteView prefix, std::uint8_t firstInner,
                                        ByteView payloads, ByteView padding, ByteView iv);
// The same with the plaintext already padded (payloads | padding | pad length); nothing checks
// that its pad length is true, so a test or an attack can send one that lies.
Result<ProtectedMessage> protectPlaintext(const SkProtection& keys, ByteView prefix, std::uint8_t firstInner,
                                          ByteView plaintext, ByteView iv);

// Opens the SK payload whose generic header starts at `skOffset` of `message` (the whole IKE
// message, without the non-ESP marker). Checks the ICV before decrypting; fails, naming the field
// and its offset, on a payload that does not end the message, a short or misaligned ciphertext, an
// ICV that does not verify, or a pad length longer than the plaintext.
Result<SkPayload> unprotectMessage(const SkProtection& keys, ByteView message, std::size_t skOffset);

} // namespace ipseclab::ikev2
