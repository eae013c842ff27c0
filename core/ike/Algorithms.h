// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The algorithms IKEv1 negotiates, as the engine's policy states them: phase-1 suites (cipher,
// hash, DH group, lifetime) and Quick Mode suites for ESP and AH, with their IKEv1 numbers
// (RFC 2409 App. A, RFC 2407 §4.4/4.5). The ESP/AH algorithms themselves and the key lengths
// KEYMAT must provide are crypto/IpsecAlgorithms.h, which the data plane shares.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "base/Error.h"
#include "crypto/Cipher.h"
#include "crypto/DhGroup.h"
#include "crypto/Hash.h"
#include "crypto/IpsecAlgorithms.h"
#include "wire/IsakmpConstants.h"

namespace ipseclab::ike {

// ---------------------------------------------------------------- phase 1

struct Phase1Suite {
    crypto::CipherAlgorithm cipher = crypto::CipherAlgorithm::Aes128Cbc;
    crypto::HashAlgorithm hash = crypto::HashAlgorithm::Sha1;
    crypto::DhGroup group = crypto::DhGroup::Modp2048;
    // Life-Duration in seconds proposed (initiator) or accepted at most (responder). 0 = none
    // proposed (charon's Life-Duration 0): the local policy decides.
    std::uint32_t lifetimeSeconds = 28800;

    // "AES-128-CBC/SHA1/MODP-2048"
    std::string name() const;
    friend bool operator==(const Phase1Suite&, const Phase1Suite&) = default;
};

// Phase-1 attribute values: Encryption Algorithm (7 AES-CBC, 5 3DES-CBC) and Key Length in bits
// (AES only).
std::uint16_t ikeEncryptionId(crypto::CipherAlgorithm cipher);
std::optional<std::uint16_t> ikeKeyLengthBits(crypto::CipherAlgorithm cipher);
// From the attributes; errors name the unsupported value.
Result<crypto::CipherAlgorithm> cipherFromIke(std::uint16_t encryptionId, std::optional<std::uint64_t> keyLengthBits);

// ---------------------------------------------------------------- Quick Mode (ESP / AH)

enum class ChildProtocol : std::uint8_t { Esp = 3, Ah = 2 }; // the IPsec DOI Protocol-ID

using crypto::Encryption;
using crypto::Integrity;

struct ChildSuite {
    ChildProtocol protocol = ChildProtocol::Esp;
    Encryption cipher = Encryption::Aes128Cbc; // Null for AH
    Integrity integrity = Integrity::HmacSha1_96;

    // "ESP AES-128-CBC/HMAC-SHA1-96", "ESP AES-128-GCM-16", "AH HMAC-SHA-256-128"
    std::string name() const;
    friend bool operator==(const ChildSuite&, const ChildSuite&) = default;
};

// Encryption + integrity (AH: integrity only): how much KEYMAT one SA consumes.
std::size_t keymatLength(const ChildSuite& suite);

// The IKEv1 numbers of a suite: transform ID (ESP_AES 12, ESP_3DES 3, ESP_NULL 11, ESP_AES-GCM-16
// 20; AH_MD5 2, AH_SHA 3, AH_SHA2-256/384/512 5/6/7), Key Length attribute in bits (AES only),
// Authentication Algorithm attribute (1, 2, 5, 6, 7; absent for GCM).
std::uint8_t transformIdOf(const ChildSuite& suite);
std::optional<std::uint16_t> keyLengthBitsOf(const ChildSuite& suite);
std::optional<std::uint16_t> authenticationAlgorithmOf(const ChildSuite& suite);
// The suite a transform describes; errors name the unsupported value.
Result<ChildSuite> childSuiteFromIke(ChildProtocol protocol, std::uint8_t transformId,
                                     std::optional<std::uint64_t> keyLengthBits,
                                     std::optional<std::uint64_t> authenticationAlgorithm);
// Whether the combination makes a valid SA (GCM without HMAC, CBC/NULL with one, AH with one).
Result<void> validateChildSuite(const ChildSuite& suite);

// Encapsulation as configured; UDP encapsulation (RFC 3947 modes 3/4) is decided by NAT-T.
enum class Encapsulation { Tunnel, Transport };
// The attribute value sent: 1/2, or 3/4 when UDP-encapsulated.
wire::EncapsulationMode encapsulationModeOf(Encapsulation encapsulation, bool udpEncapsulated);

} // namespace ipseclab::ike
