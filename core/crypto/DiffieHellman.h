// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One side of a Diffie-Hellman exchange in an IKE group: its private value, the public value that
// goes into the KE payload, and g^xy from the peer's public value.
//
// Private values come from the caller's RandomSource at the length OpenSSL 3 itself would use
// (DhGroupInfo::privateValueBits), so seeded labs are reproducible and cost what unseeded ones do.
// The public value is computed with BN_mod_exp / EC_POINT_mul, the pair imported into an EVP_PKEY,
// and g^xy computed by OpenSSL's EVP_PKEY_derive.
//
// Encodings follow IKE: MODP values are big-endian, left-padded to len(p) (the "1 in 256" bug
// otherwise); ECP public values are x | y without the 0x04 prefix and g^xy is x alone
// (RFC 5903), each coordinate at its fixed length.

#include <memory>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/DhGroup.h"
#include "crypto/RandomSource.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::crypto {

class DiffieHellman {
public:
    static Result<DiffieHellman> generate(DhGroup group, RandomSource& random);
    // For known-answer tests and teaching: a big-endian private value, 1 <= x <= p-2 for MODP,
    // 1 <= d < order for ECP.
    static Result<DiffieHellman> fromPrivateValue(DhGroup group, ByteView privateValue);

    ~DiffieHellman();
    DiffieHellman(DiffieHellman&&) noexcept;
    DiffieHellman& operator=(DiffieHellman&&) noexcept;
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    // The fuzz build copies whole engines (Peer::snapshot): the key pair is duplicated.
    DiffieHellman(const DiffieHellman& other);
    // The same group and key pair (OpenSSL's copy of it follows from these).
    friend bool operator==(const DiffieHellman& a, const DiffieHellman& b) {
        return a.m_group == b.m_group && a.m_public == b.m_public && a.m_private == b.m_private;
    }
#endif

    DhGroup group() const { return m_group; }
    // Exactly dhGroupInfo(group()).publicValueLength bytes.
    const Bytes& publicValue() const { return m_public; }
    // A copy, for the GUI's "show private value": ceil(privateValueBits / 8) bytes when generated,
    // the caller's bytes when given to fromPrivateValue.
    SecretBytes privateValue() const { return m_private.clone(); }

    // g^xy, exactly dhGroupInfo(group()).sharedSecretLength bytes. Rejects a peer value of the
    // wrong length, a MODP value outside 1 < y < p-1, or an ECP value that is not on the curve.
    Result<SecretBytes> sharedSecret(ByteView peerPublic) const;

private:
    struct Key; // OpenSSL's key, kept out of this header
    // sharedSecret() computed (it looks results up first in the fuzz build: DiffieHellman.cpp).
    Result<SecretBytes> derive(ByteView peerPublic) const;
    DiffieHellman(DhGroup group, std::unique_ptr<Key> key, Bytes publicValue, SecretBytes privateValue);

    DhGroup m_group;
    std::unique_ptr<Key> m_key;
    Bytes m_public;
    SecretBytes m_private;
};

} // namespace ipseclab::crypto
