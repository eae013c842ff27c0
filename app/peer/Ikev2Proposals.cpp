// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "peer/Ikev2Proposals.h"

#include <array>
#include <string>
#include <utility>

#include "ike/ProposalSyntax.h"

namespace ipseclab::peer {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == separator) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

constexpr std::array<std::pair<std::string_view, crypto::HashAlgorithm>, 4> kPrfs{{
    {"prfsha1", crypto::HashAlgorithm::Sha1},
    {"prfsha256", crypto::HashAlgorithm::Sha256},
    {"prfsha384", crypto::HashAlgorithm::Sha384},
    {"prfsha512", crypto::HashAlgorithm::Sha512},
}};

Result<ikev2::IkeSuite> parseOne(std::string_view text) {
    std::optional<crypto::DhGroup> group;
    std::optional<crypto::HashAlgorithm> prf;
    std::string rest; // the cipher and integrity tokens, for IKEv1's reader
    for (const std::string_view token : split(text, '-')) {
        bool isPrf = false;
        for (const auto& [name, hash] : kPrfs) {
            if (token != name) continue;
            if (prf) return fail("two PRF tokens in '" + std::string(text) + "'");
            prf = hash;
            isPrf = true;
        }
        if (isPrf) continue;
        if (token.rfind("modp", 0) == 0 || token.rfind("ecp", 0) == 0) {
            auto parsed = ike::parseDhGroup(token);
            if (!parsed) return tl::unexpected(parsed.error());
            if (group) return fail("two D-H groups in '" + std::string(text) + "': say one");
            group = *parsed;
            continue;
        }
        rest += (rest.empty() ? "" : "-") + std::string(token);
    }
    if (!group) return fail("'" + std::string(text) + "' names no D-H group (modp2048, ecp256...)");
    auto child = ike::parseChildProposal(rest, ike::ChildProtocol::Esp);
    if (!child) return tl::unexpected(child.error());
    if (child->proposal.esn) return fail("esn is an ESP option, not an IKE one");
    ikev2::IkeSuite suite;
    suite.encryption = child->proposal.suite.cipher;
    suite.integrity = child->proposal.suite.integrity;
    suite.group = *group;
    if (prf) suite.prf = *prf;
    else if (crypto::isAead(suite.encryption))
        return fail("'" + std::string(text) + "': AES-GCM needs a PRF token (prfsha256...), as in strongSwan");
    else suite.prf = crypto::hmacAlgorithm(suite.integrity);
    if (auto valid = ikev2::validateIkeSuite(suite); !valid) return tl::unexpected(valid.error());
    return suite;
}

} // namespace

Result<std::vector<ikev2::IkeSuite>> parseIkev2Proposals(std::string_view commaSeparated) {
    std::vector<ikev2::IkeSuite> suites;
    for (const std::string_view text : split(commaSeparated, ',')) {
        if (text.empty()) return fail("an empty proposal in the list");
        auto suite = parseOne(text);
        if (!suite) return tl::unexpected(suite.error());
        suites.push_back(*suite);
    }
    return suites;
}

Result<std::vector<ikev2::ChildSuite>> parseIkev2ChildProposals(std::string_view commaSeparated) {
    auto list = ike::parseChildProposals(commaSeparated, ike::ChildProtocol::Esp);
    if (!list) return tl::unexpected(list.error());
    if (list->pfsGroup)
        return fail("IKE_AUTH's child SA has no KE payload, so its proposal takes no D-H group (PFS applies to "
                    "CREATE_CHILD_SA)");
    std::vector<ikev2::ChildSuite> suites;
    for (const ike::ChildProposal& p : list->proposals) {
        if (p.esn) return fail("esn is not negotiated by this IKEv2 engine yet");
        suites.push_back(ikev2::ChildSuite{p.suite.cipher, p.suite.integrity});
    }
    return suites;
}

std::vector<ikev2::IkeSuite> ikev2DefaultResponderSuites() {
    auto suites = parseIkev2Proposals("aes128-sha256-modp2048,aes256-sha256-modp2048,aes128-sha256-ecp256,"
                                      "aes256-sha256-ecp256,aes128gcm16-prfsha256-modp2048,"
                                      "aes128gcm16-prfsha256-ecp256,aes256gcm16-prfsha384-ecp384");
    return suites ? *suites : std::vector<ikev2::IkeSuite>{ikev2::IkeSuite{}};
}

} // namespace ipseclab::peer
