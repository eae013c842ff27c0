// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The IKEv1 pseudo-random function: HMAC with the negotiated hash (RFC 2409 §5: "prf").
// ESP/AH integrity uses the same HMAC, truncated by the caller (RFC 2404, RFC 4868).

#include "base/Bytes.h"
#include "crypto/Hash.h"

namespace ipseclab::crypto {

// HMAC-<alg>(key, data); any key length (longer than a block is hashed first, per RFC 2104).
Bytes prf(HashAlgorithm alg, ByteView key, ByteView data);

} // namespace ipseclab::crypto
