// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/Protection.h"

#include "wire/IsakmpFields.h"

namespace ipseclab::ike {

Result<SealedMessage> sealMessage(wire::IsakmpHeader header, std::span<const wire::Payload> payloads,
                                  crypto::CipherAlgorithm cipher, ByteView key, ByteView iv) {
    if (payloads.empty()) return fail("an encrypted message needs at least one payload");
    auto chain = wire::encodePayloadChain(payloads);
    if (!chain) return tl::unexpected(chain.error());
    SealedMessage sealed;
    sealed.payloadLength = chain->size();
    sealed.plaintext = std::move(*chain);
    const std::size_t block = crypto::blockSize(cipher);
    const std::size_t pad = block - sealed.plaintext.size() % block; // 1..block: a whole block when aligned
    sealed.plaintext.resize(sealed.plaintext.size() + pad, 0);
    auto ciphertext = crypto::cbcEncrypt(cipher, key, iv, sealed.plaintext);
    if (!ciphertext) return tl::unexpected(ciphertext.error());
    sealed.ciphertext = std::move(*ciphertext);
    header.flags |= wire::kFlagEncryption;
    auto message = wire::encodeEncryptedMessage(header, payloads.front().type(), sealed.ciphertext);
    if (!message) return tl::unexpected(message.error());
    sealed.message = std::move(*message);
    return sealed;
}

Result<OpenedMessage> openMessage(const wire::IsakmpMessage& message, crypto::CipherAlgorithm cipher, ByteView key,
                                  ByteView iv) {
    const std::size_t block = crypto::blockSize(cipher);
    if (message.encrypted.empty() || message.encrypted.size() % block != 0)
        return fail("the encrypted part is " + std::to_string(message.encrypted.size()) +
                        " bytes, not a whole number of " + std::to_string(block) + "-byte blocks",
                    std::string(wire::isakmp_fields::kEncrypted.key), wire::kIsakmpHeaderSize);
    auto plain = crypto::cbcDecrypt(cipher, key, iv, message.encrypted);
    if (!plain) return tl::unexpected(plain.error());
    OpenedMessage opened;
    opened.plaintext = std::move(*plain);
    auto chain = wire::decodePayloadChain(message.header.nextPayload, opened.plaintext);
    if (!chain) return tl::unexpected(chain.error());
    opened.chain = std::move(*chain);
    return opened;
}

} // namespace ipseclab::ike
