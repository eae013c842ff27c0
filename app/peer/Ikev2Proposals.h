// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab peer --ikev2 --ike/--esp`: strongSwan's proposal strings read into core/ikev2's suites,
// on top of IKEv1's reader (ike/ProposalSyntax.h) for the cipher and integrity tokens.
//
// IKE: a cipher, an integrity algorithm unless the cipher is AES-GCM, optionally a PRF
// (prfsha1, prfsha256, prfsha384, prfsha512; without one the integrity algorithm's hash, as
// strongSwan does; AES-GCM needs one) and exactly one D-H group: "aes128-sha256-modp2048",
// "aes128gcm16-prfsha256-ecp256". ESP: as IKEv1's, without a D-H group (IKE_AUTH's child SA has
// no KE) and without esn.

#include <string_view>
#include <vector>

#include "base/Error.h"
#include "ikev2/Algorithms.h"

namespace ipseclab::peer {

Result<std::vector<ikev2::IkeSuite>> parseIkev2Proposals(std::string_view commaSeparated);
Result<std::vector<ikev2::ChildSuite>> parseIkev2ChildProposals(std::string_view commaSeparated);

// What a responder given no --ike accepts, and an initiator given none offers (its first).
std::vector<ikev2::IkeSuite> ikev2DefaultResponderSuites();

} // namespace ipseclab::peer
