// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Why a weak pre-shared key falls in Aggressive Mode (digest §4.2): every input of HASH_R but the
// key travels in clear in AM1 and AM2 — g^xr, g^xi, the cookies, SAi_b, IDir_b, both nonces — and
// so does HASH_R itself. An eavesdropper copies them once and then, offline, tries each candidate
// key: SKEYID = prf(PSK, Ni_b | Nr_b), HASH_R' = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b |
// IDir_b), and a match reveals the key. No Diffie-Hellman secret is needed.
//
// The formulas are core/ike's (keymat::skeyid, keymat::hashR): the lab cracks exactly what its
// engine computed. The captured values are laid out as ike-scan's psk-crack reads them.

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "base/Bytes.h"
#include "base/Error.h"
#include "crypto/Hash.h"
#include "lab/Timeline.h"

namespace ipseclab::lesson {

// What the attacker copies off the wire: AM1 (Site A's) and AM2 (Site B's), as sent.
struct AggressiveModeCapture {
    crypto::HashAlgorithm hash = crypto::HashAlgorithm::Sha1; // from AM2's chosen transform
    Bytes gxr;                                                // AM2 KE data
    Bytes gxi;                                                // AM1 KE data
    Bytes ckyR;                                               // responder cookie
    Bytes ckyI;                                               // initiator cookie
    Bytes saiB;                                               // AM1 SA payload without its generic header
    Bytes idirB;                                              // AM2 ID payload without its generic header
    Bytes niB;                                                // AM1 nonce data
    Bytes nrB;                                                // AM2 nonce data
    Bytes hashR;                                              // AM2 HASH data

    // psk-crack's parameter line: g_xr:g_xi:cky_r:cky_i:sai_b:idir_b:ni_b:nr_b:hash_r (hex).
    std::string toPskCrackLine() const;
};

// The first Aggressive Mode exchange on the timeline (AM1 and AM2 must have been sent).
Result<AggressiveModeCapture> captureAggressiveMode(const lab::Timeline& timeline);

struct PskCrackResult {
    std::optional<std::string> key; // the candidate whose HASH_R matched
    std::size_t tried = 0;          // candidates computed, the match included
    std::size_t candidates = 0;     // the word list's size

    // "found \"letmein\" after 4 of 9 words" / "no match in 9 words"
    std::string describe() const;
};

// Tries the words in order and stops at the first match.
PskCrackResult crackPsk(const AggressiveModeCapture& capture, std::span<const std::string> words);

} // namespace ipseclab::lesson
