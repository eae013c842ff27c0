// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Encryption of ISAKMP messages (RFC 2408 §3.1 E flag, RFC 2409 App. B; digest §2.5): the payload
// chain is padded with zero bytes to the cipher's block size — 1..blocksize bytes, a whole block
// when it is already aligned, as strongSwan does — and CBC-encrypted under Ka with the IV the
// IvChain gives. Receivers walk the chain by its lengths and ignore the padding, whatever it holds.

#include <cstddef>
#include <span>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/Cipher.h"
#include "wire/IsakmpCodec.h"

namespace ipseclab::ike {

struct SealedMessage {
    Bytes message;             // header (E flag, Length) + ciphertext
    Bytes plaintext;           // payload chain + padding, as encrypted
    std::size_t payloadLength; // where the chain ends in plaintext
    Bytes ciphertext;          // what follows the header
};

// `header` gets the E flag, Next Payload = the first payload's type, and Length.
Result<SealedMessage> sealMessage(wire::IsakmpHeader header, std::span<const wire::Payload> payloads,
                                  crypto::CipherAlgorithm cipher, ByteView key, ByteView iv);

struct OpenedMessage {
    wire::PayloadChain chain;
    Bytes plaintext; // payload chain + padding
};

// Decrypts message.encrypted and decodes the payload chain starting with the header's Next Payload.
// Fails when the ciphertext is not whole blocks, or when the plaintext is not a valid chain (what a
// wrong key produces).
Result<OpenedMessage> openMessage(const wire::IsakmpMessage& message, crypto::CipherAlgorithm cipher, ByteView key,
                                  ByteView iv);

} // namespace ipseclab::ike
