// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// strongSwan's proposal strings ("aes128-sha1-modp2048", "aes128gcm16-modp2048", AH "sha256") read
// into the engine's policy types, and written back. Scenarios, the lab's settings and
// `ipsec-lab peer --ike/--esp` all speak this syntax, so a teacher can copy a line from a
// swanctl.conf. Tokens are separated by '-', proposals in a list by ','. Errors name the token.
//
// Phase 1 (IKEv1): exactly one cipher (aes, aes128, aes192, aes256, 3des), one hash (md5, sha1,
// sha256, sha384, sha512) and one DH group (modp768, modp1024, modp1536, modp2048, ecp256, ecp384).
// ESP: one cipher (the CBC ciphers above, null, aes128gcm16, aes192gcm16, aes256gcm16; "gcm128"
// spells the same 16-byte ICV), an integrity algorithm unless the cipher is AES-GCM, optionally a
// DH group (PFS) and esn/noesn. AH: one integrity algorithm, optionally a DH group and esn/noesn.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"
#include "crypto/DhGroup.h"
#include "ike/Algorithms.h"
#include "ike/Proposals.h"

namespace ipseclab::ike {

// The lifetime is Phase1Suite's default; the caller sets its own.
Result<Phase1Suite> parseIkeProposal(std::string_view text);
Result<std::vector<Phase1Suite>> parseIkeProposals(std::string_view commaSeparated);

struct ChildProposalSyntax {
    ChildProposal proposal;                  // lifetimes are ChildProposal's defaults
    std::optional<crypto::DhGroup> pfsGroup; // the DH group token, if any
};

Result<ChildProposalSyntax> parseChildProposal(std::string_view text, ChildProtocol protocol);

struct ChildProposalList {
    std::vector<ChildProposal> proposals;
    // IKEv1 Quick Mode carries one KE, so every proposal of a list must name the same group (or none).
    std::optional<crypto::DhGroup> pfsGroup;
};
Result<ChildProposalList> parseChildProposals(std::string_view commaSeparated, ChildProtocol protocol);

// "modp2048", "ecp256"; errors name the token.
Result<crypto::DhGroup> parseDhGroup(std::string_view token);
std::string dhGroupToken(crypto::DhGroup group);

// Back to the syntax: "aes128-sha1-modp2048", "aes128gcm16-modp2048", "sha256-esn".
std::string ikeProposalText(const Phase1Suite& suite);
std::string childProposalText(const ChildProposal& proposal, std::optional<crypto::DhGroup> pfsGroup);

} // namespace ipseclab::ike
