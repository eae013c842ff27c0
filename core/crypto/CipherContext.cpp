// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/CipherContext.h"

#include <climits>
#include <string>

#include "crypto/Gcm.h"
#include "crypto/OpenSsl.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::crypto {

namespace {

const char* cbcFetchName(CipherAlgorithm alg) {
    switch (alg) {
    case CipherAlgorithm::Aes128Cbc: return "AES-128-CBC";
    case CipherAlgorithm::Aes192Cbc: return "AES-192-CBC";
    case CipherAlgorithm::Aes256Cbc: return "AES-256-CBC";
    case CipherAlgorithm::TripleDesCbc: return "DES-EDE3-CBC";
    }
    return "";
}

const char* gcmFetchName(std::size_t keyLength) {
    switch (keyLength) {
    case 16: return "AES-128-GCM";
    case 24: return "AES-192-GCM";
    case 32: return "AES-256-GCM";
    default: return nullptr;
    }
}

bool overlapsPartially(ByteView in, std::span<std::uint8_t> out) {
    if (in.empty() || out.empty() || in.data() == out.data()) return false;
    const auto* a = in.data();
    const auto* b = out.data();
    return a < b + out.size() && b < a + in.size();
}

// Fetches once per context; the context keeps its own reference to the cipher.
Result<ossl::CipherCtxPtr> keyedContext(const char* fetchName, const std::string& shownName, ByteView key,
                                        CipherDirection direction) {
    const ossl::CipherPtr cipher(EVP_CIPHER_fetch(nullptr, fetchName, nullptr));
    if (!cipher) return fail(shownName + " is not available in this OpenSSL: " + ossl::drainErrors());
    ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) ossl::fatal("EVP_CIPHER_CTX_new");
    if (EVP_CipherInit_ex2(ctx.get(), cipher.get(), key.data(), nullptr, direction == CipherDirection::Encrypt ? 1 : 0,
                           nullptr) != 1)
        return fail(shownName + " setup failed: " + ossl::drainErrors());
    return ctx;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// CBC

struct CbcContext::Context {
    ossl::CipherCtxPtr ctx;
};

CbcContext::CbcContext(CipherAlgorithm alg, CipherDirection direction, std::unique_ptr<Context> context)
    : m_algorithm(alg), m_direction(direction), m_context(std::move(context)) {}
CbcContext::~CbcContext() = default;
CbcContext::CbcContext(CbcContext&&) noexcept = default;
CbcContext& CbcContext::operator=(CbcContext&&) noexcept = default;

Result<CbcContext> CbcContext::create(CipherAlgorithm alg, ByteView key, CipherDirection direction) {
    const std::string name(cipherName(alg));
    if (key.size() != keyLength(alg))
        return fail(name + " key must be " + std::to_string(keyLength(alg)) + " bytes, got " +
                    std::to_string(key.size()));
    auto ctx = keyedContext(cbcFetchName(alg), name, key, direction);
    if (!ctx) return tl::unexpected(ctx.error());
    // ESP pads itself. (Only CBC: on a GCM context this setting is re-sent to the provider at every
    // IV change, which costs several percent per packet.)
    EVP_CIPHER_CTX_set_padding(ctx->get(), 0);
    auto context = std::make_unique<Context>();
    context->ctx = std::move(*ctx);
    return CbcContext(alg, direction, std::move(context));
}

Result<void> CbcContext::process(ByteView iv, ByteView in, std::span<std::uint8_t> out) {
    const std::string_view name = cipherName(m_algorithm);
    const std::size_t block = blockSize(m_algorithm);
    if (iv.size() != block)
        return fail(std::string(name) + " IV must be " + std::to_string(block) + " bytes, got " +
                    std::to_string(iv.size()));
    if (in.size() % block != 0 || out.size() != in.size() || in.size() > static_cast<std::size_t>(INT_MAX))
        return fail(std::string(name) + " input must be whole " + std::to_string(block) + "-byte blocks, got " +
                    std::to_string(in.size()) + " bytes");
    if (overlapsPartially(in, out)) return fail(std::string(name) + ": input and output overlap");
    EVP_CIPHER_CTX* ctx = m_context->ctx.get();
    const int enc = m_direction == CipherDirection::Encrypt ? 1 : 0;
    int written = 0;
    if (EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv.data(), enc, nullptr) != 1 ||
        (!in.empty() && EVP_CipherUpdate(ctx, out.data(), &written, in.data(), static_cast<int>(in.size())) != 1))
        return fail(std::string(name) + (enc ? " encryption" : " decryption") + " failed: " + ossl::drainErrors());
    if (static_cast<std::size_t>(written) != in.size())
        return fail(std::string(name) + " produced " + std::to_string(written) + " bytes for " +
                    std::to_string(in.size()));
    return {};
}

// ---------------------------------------------------------------------------------------------
// GCM

struct GcmContext::Context {
    ossl::CipherCtxPtr ctx;
};

GcmContext::GcmContext(CipherDirection direction, std::unique_ptr<Context> context)
    : m_direction(direction), m_context(std::move(context)) {}
GcmContext::~GcmContext() = default;
GcmContext::GcmContext(GcmContext&&) noexcept = default;
GcmContext& GcmContext::operator=(GcmContext&&) noexcept = default;

Result<GcmContext> GcmContext::create(ByteView key, CipherDirection direction) {
    const char* fetchName = gcmFetchName(key.size());
    if (!fetchName) return fail("AES-GCM key must be 16, 24 or 32 bytes, got " + std::to_string(key.size()));
    auto ctx = keyedContext(fetchName, fetchName, key, direction);
    if (!ctx) return tl::unexpected(ctx.error());
    auto context = std::make_unique<Context>();
    context->ctx = std::move(*ctx);
    return GcmContext(direction, std::move(context));
}

namespace {
bool gcmArgumentsValid(ByteView nonce, std::size_t tagLength, ByteView aad, std::size_t textLength) {
    return nonce.size() == kGcmNonceLength && (tagLength == 16 || tagLength == 12 || tagLength == 8) &&
           aad.size() <= static_cast<std::size_t>(INT_MAX) && textLength <= static_cast<std::size_t>(INT_MAX);
}
} // namespace

GcmContext::Status GcmContext::sealPacket(ByteView nonce, ByteView aad, ByteView plaintext,
                                          std::span<std::uint8_t> ciphertext, std::span<std::uint8_t> tag) {
    if (m_direction != CipherDirection::Encrypt) return Status::WrongDirection;
    if (!gcmArgumentsValid(nonce, tag.size(), aad, plaintext.size())) return Status::BadArguments;
    if (ciphertext.size() != plaintext.size() || overlapsPartially(plaintext, ciphertext)) return Status::BadOutput;
    EVP_CIPHER_CTX* ctx = m_context->ctx.get();
    int written = 0;
    int finalWritten = 0;
    if (EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce.data(), 1, nullptr) != 1 ||
        (!aad.empty() && EVP_CipherUpdate(ctx, nullptr, &written, aad.data(), static_cast<int>(aad.size())) != 1) ||
        (!plaintext.empty() && EVP_CipherUpdate(ctx, ciphertext.data(), &written, plaintext.data(),
                                                static_cast<int>(plaintext.size())) != 1) ||
        EVP_CipherFinal_ex(ctx, ciphertext.data() + (plaintext.empty() ? 0 : written), &finalWritten) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag.size()), tag.data()) != 1)
        return Status::OpenSslFailed;
    return Status::Ok;
}

GcmContext::Status GcmContext::openPacket(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                                          std::span<std::uint8_t> plaintext) {
    if (m_direction != CipherDirection::Decrypt) return Status::WrongDirection;
    if (!gcmArgumentsValid(nonce, tag.size(), aad, ciphertext.size())) return Status::BadArguments;
    if (plaintext.size() != ciphertext.size() || overlapsPartially(ciphertext, plaintext)) return Status::BadOutput;
    EVP_CIPHER_CTX* ctx = m_context->ctx.get();
    int written = 0;
    int finalWritten = 0;
    if (EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce.data(), 0, nullptr) != 1 ||
        (!aad.empty() && EVP_CipherUpdate(ctx, nullptr, &written, aad.data(), static_cast<int>(aad.size())) != 1) ||
        (!ciphertext.empty() && EVP_CipherUpdate(ctx, plaintext.data(), &written, ciphertext.data(),
                                                 static_cast<int>(ciphertext.size())) != 1) ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                            const_cast<std::uint8_t*>(tag.data())) != 1)
        return Status::OpenSslFailed;
    if (EVP_CipherFinal_ex(ctx, plaintext.data() + (ciphertext.empty() ? 0 : written), &finalWritten) != 1) {
        ossl::drainErrors();
        cleanse(plaintext.data(), plaintext.size());
        return Status::TagMismatch;
    }
    return Status::Ok;
}

Error GcmContext::describe(Status status, ByteView nonce, std::size_t tagLength) const {
    const bool sealing = m_direction == CipherDirection::Encrypt;
    switch (status) {
    case Status::WrongDirection:
        return Error{sealing ? "AES-GCM: this context encrypts; it cannot open"
                             : "AES-GCM: this context decrypts; it cannot seal",
                     {},
                     {}};
    case Status::BadArguments:
        if (nonce.size() != kGcmNonceLength)
            return Error{"AES-GCM nonce must be 12 bytes (salt 4 + IV 8), got " + std::to_string(nonce.size()), {}, {}};
        if (tagLength != 16 && tagLength != 12 && tagLength != 8)
            return Error{"AES-GCM ICV must be 8, 12 or 16 bytes, got " + std::to_string(tagLength), {}, {}};
        return Error{"AES-GCM input is too long", {}, {}};
    case Status::BadOutput:
        return Error{sealing ? "AES-GCM output must be as long as the plaintext and not overlap it partially"
                             : "AES-GCM output must be as long as the ciphertext and not overlap it partially",
                     {},
                     {}};
    case Status::OpenSslFailed:
        return Error{std::string(sealing ? "AES-GCM encryption failed: " : "AES-GCM decryption failed: ") +
                         ossl::drainErrors(),
                     {},
                     {}};
    case Status::TagMismatch: return Error{"ICV (GCM tag) did not verify", {}, {}};
    case Status::Ok: break;
    }
    return Error{"AES-GCM: no error", {}, {}};
}

} // namespace ipseclab::crypto
