// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/ProposalSyntax.h"

#include <array>
#include <utility>

namespace ipseclab::ike {

namespace {

using crypto::CipherAlgorithm;
using crypto::DhGroup;
using crypto::HashAlgorithm;

template <typename T>
struct Keyword {
    std::string_view token;
    T value;
};

// The first spelling of each value is the one written back.
constexpr std::array<Keyword<CipherAlgorithm>, 5> kIkeCiphers{{
    {"aes128", CipherAlgorithm::Aes128Cbc},
    {"aes", CipherAlgorithm::Aes128Cbc},
    {"aes192", CipherAlgorithm::Aes192Cbc},
    {"aes256", CipherAlgorithm::Aes256Cbc},
    {"3des", CipherAlgorithm::TripleDesCbc},
}};

constexpr std::array<Keyword<HashAlgorithm>, 9> kHashes{{
    {"md5", HashAlgorithm::Md5},
    {"sha1", HashAlgorithm::Sha1},
    {"sha", HashAlgorithm::Sha1},
    {"sha256", HashAlgorithm::Sha256},
    {"sha2_256", HashAlgorithm::Sha256},
    {"sha384", HashAlgorithm::Sha384},
    {"sha2_384", HashAlgorithm::Sha384},
    {"sha512", HashAlgorithm::Sha512},
    {"sha2_512", HashAlgorithm::Sha512},
}};

constexpr std::array<Keyword<DhGroup>, 6> kGroups{{
    {"modp768", DhGroup::Modp768},
    {"modp1024", DhGroup::Modp1024},
    {"modp1536", DhGroup::Modp1536},
    {"modp2048", DhGroup::Modp2048},
    {"ecp256", DhGroup::Ecp256},
    {"ecp384", DhGroup::Ecp384},
}};

constexpr std::array<Keyword<Encryption>, 12> kEncryptions{{
    {"aes128", Encryption::Aes128Cbc},
    {"aes", Encryption::Aes128Cbc},
    {"aes192", Encryption::Aes192Cbc},
    {"aes256", Encryption::Aes256Cbc},
    {"3des", Encryption::TripleDesCbc},
    {"null", Encryption::Null},
    {"aes128gcm16", Encryption::Aes128Gcm16},
    {"aes128gcm128", Encryption::Aes128Gcm16},
    {"aes192gcm16", Encryption::Aes192Gcm16},
    {"aes192gcm128", Encryption::Aes192Gcm16},
    {"aes256gcm16", Encryption::Aes256Gcm16},
    {"aes256gcm128", Encryption::Aes256Gcm16},
}};

constexpr std::array<Keyword<Integrity>, 9> kIntegrities{{
    {"md5", Integrity::HmacMd5_96},
    {"sha1", Integrity::HmacSha1_96},
    {"sha", Integrity::HmacSha1_96},
    {"sha256", Integrity::HmacSha256_128},
    {"sha2_256", Integrity::HmacSha256_128},
    {"sha384", Integrity::HmacSha384_192},
    {"sha2_384", Integrity::HmacSha384_192},
    {"sha512", Integrity::HmacSha512_256},
    {"sha2_512", Integrity::HmacSha512_256},
}};

template <typename T, std::size_t N>
std::optional<T> lookup(const std::array<Keyword<T>, N>& table, std::string_view token) {
    for (const auto& k : table)
        if (k.token == token) return k.value;
    return std::nullopt;
}

template <typename T, std::size_t N>
std::string tokenOf(const std::array<Keyword<T>, N>& table, T value) {
    for (const auto& k : table)
        if (k.value == value) return std::string(k.token);
    return "?";
}

template <typename T, std::size_t N>
std::string spellings(const std::array<Keyword<T>, N>& table) {
    std::string out;
    for (const auto& k : table) {
        if (!out.empty()) out += ", ";
        out += k.token;
    }
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string trim(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    return std::string(text.substr(begin, end - begin));
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = text.find(separator, start);
        parts.push_back(trim(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)));
        if (at == std::string_view::npos) return parts;
        start = at + 1;
    }
}

// `what` names the proposal kind in messages: "IKE proposal", "ESP proposal", "AH proposal".
tl::unexpected<Error> tokenError(const std::string& token, std::string_view text, const std::string& what,
                                 const std::string& problem) {
    return fail(problem + " in " + what + " \"" + std::string(text) + "\"", token);
}

template <typename T>
Result<void> setOnce(std::optional<T>& slot, T value, const std::string& token, std::string_view text,
                     const std::string& what, const std::string& kind) {
    if (slot) return tokenError(token, text, what, "a second " + kind + " \"" + token + "\"");
    slot = value;
    return {};
}

} // namespace

Result<DhGroup> parseDhGroup(std::string_view token) {
    if (auto group = lookup(kGroups, lower(trim(token)))) return *group;
    return fail("unknown DH group \"" + std::string(token) + "\" (expected " + spellings(kGroups) + ")",
                std::string(token));
}

std::string dhGroupToken(DhGroup group) { return tokenOf(kGroups, group); }

Result<Phase1Suite> parseIkeProposal(std::string_view text) {
    const std::string what = "IKE proposal";
    if (trim(text).empty()) return fail("empty IKE proposal (expected e.g. aes128-sha1-modp2048)");
    std::optional<CipherAlgorithm> cipher;
    std::optional<HashAlgorithm> hash;
    std::optional<DhGroup> group;
    for (const std::string& raw : split(text, '-')) {
        const std::string token = lower(raw);
        if (token.empty()) return tokenError(raw, text, what, "an empty algorithm name");
        Result<void> set;
        if (auto c = lookup(kIkeCiphers, token)) set = setOnce(cipher, *c, raw, text, what, "cipher");
        else if (auto h = lookup(kHashes, token)) set = setOnce(hash, *h, raw, text, what, "hash");
        else if (auto g = lookup(kGroups, token)) set = setOnce(group, *g, raw, text, what, "DH group");
        else
            return tokenError(raw, text, what,
                              "unknown algorithm \"" + raw + "\" (ciphers: " + spellings(kIkeCiphers) +
                                  "; hashes: " + spellings(kHashes) + "; groups: " + spellings(kGroups) + ")");
        if (!set) return tl::unexpected(set.error());
    }
    if (!cipher)
        return fail("no cipher (e.g. aes128) in IKE proposal \"" + std::string(text) + "\"", std::string(text));
    if (!hash) return fail("no hash (e.g. sha1) in IKE proposal \"" + std::string(text) + "\"", std::string(text));
    if (!group)
        return fail("no DH group (e.g. modp2048) in IKE proposal \"" + std::string(text) +
                        "\": IKEv1 phase 1 needs one",
                    std::string(text));
    Phase1Suite suite;
    suite.cipher = *cipher;
    suite.hash = *hash;
    suite.group = *group;
    return suite;
}

Result<std::vector<Phase1Suite>> parseIkeProposals(std::string_view commaSeparated) {
    std::vector<Phase1Suite> out;
    for (const std::string& part : split(commaSeparated, ',')) {
        auto suite = parseIkeProposal(part);
        if (!suite) return tl::unexpected(suite.error());
        out.push_back(*suite);
    }
    return out;
}

Result<ChildProposalSyntax> parseChildProposal(std::string_view text, ChildProtocol protocol) {
    const bool esp = protocol == ChildProtocol::Esp;
    const std::string what = esp ? "ESP proposal" : "AH proposal";
    if (trim(text).empty())
        return fail("empty " + what + " (expected e.g. " + std::string(esp ? "aes128-sha1" : "sha1") + ")");
    std::optional<Encryption> cipher;
    std::optional<Integrity> integrity;
    std::optional<DhGroup> group;
    std::optional<bool> esn;
    for (const std::string& raw : split(text, '-')) {
        const std::string token = lower(raw);
        if (token.empty()) return tokenError(raw, text, what, "an empty algorithm name");
        Result<void> set;
        if (esp && lookup(kEncryptions, token))
            set = setOnce(cipher, *lookup(kEncryptions, token), raw, text, what, "cipher");
        else if (auto i = lookup(kIntegrities, token))
            set = setOnce(integrity, *i, raw, text, what, "integrity algorithm");
        else if (auto g = lookup(kGroups, token)) set = setOnce(group, *g, raw, text, what, "DH group");
        else if (token == "esn" || token == "noesn") set = setOnce(esn, token == "esn", raw, text, what, "ESN setting");
        else if (!esp && lookup(kEncryptions, token))
            return tokenError(raw, text, what, "AH does not encrypt: \"" + raw + "\" is a cipher");
        else
            return tokenError(raw, text, what,
                              "unknown algorithm \"" + raw + "\" (" +
                                  (esp ? "ciphers: " + spellings(kEncryptions) + "; " : std::string()) + "integrity: " +
                                  spellings(kIntegrities) + "; groups: " + spellings(kGroups) + "; esn, noesn)");
        if (!set) return tl::unexpected(set.error());
    }
    ChildProposalSyntax out;
    ChildSuite& suite = out.proposal.suite;
    suite.protocol = protocol;
    if (esp) {
        if (!cipher)
            return fail("no cipher (e.g. aes128) in ESP proposal \"" + std::string(text) + "\"", std::string(text));
        suite.cipher = *cipher;
        if (isAead(*cipher)) {
            if (integrity)
                return tokenError(tokenOf(kIntegrities, *integrity), text, what,
                                  "AES-GCM authenticates by itself: no integrity algorithm may follow it");
            suite.integrity = Integrity::None;
        } else {
            if (!integrity)
                return fail("no integrity algorithm (e.g. sha1) in ESP proposal \"" + std::string(text) +
                                "\": " + std::string(crypto::encryptionName(*cipher)) + " needs one",
                            std::string(text));
            suite.integrity = *integrity;
        }
    } else {
        if (!integrity)
            return fail("no integrity algorithm (e.g. sha1) in AH proposal \"" + std::string(text) + "\"",
                        std::string(text));
        suite.cipher = Encryption::Null;
        suite.integrity = *integrity;
    }
    if (auto valid = validateChildSuite(suite); !valid)
        return fail(valid.error().message + " (" + what + " \"" + std::string(text) + "\")", std::string(text));
    out.proposal.esn = esn.value_or(false);
    out.pfsGroup = group;
    return out;
}

Result<ChildProposalList> parseChildProposals(std::string_view commaSeparated, ChildProtocol protocol) {
    ChildProposalList out;
    bool first = true;
    for (const std::string& part : split(commaSeparated, ',')) {
        auto parsed = parseChildProposal(part, protocol);
        if (!parsed) return tl::unexpected(parsed.error());
        if (!first && parsed->pfsGroup != out.pfsGroup)
            return fail("proposal \"" + part +
                            "\" names a different PFS group than the first: IKEv1 Quick Mode carries one KE, so all "
                            "proposals must agree",
                        part);
        out.pfsGroup = parsed->pfsGroup;
        out.proposals.push_back(parsed->proposal);
        first = false;
    }
    return out;
}

std::string ikeProposalText(const Phase1Suite& suite) {
    return tokenOf(kIkeCiphers, suite.cipher) + "-" + tokenOf(kHashes, suite.hash) + "-" +
           tokenOf(kGroups, suite.group);
}

std::string childProposalText(const ChildProposal& proposal, std::optional<DhGroup> pfsGroup) {
    std::string text;
    const ChildSuite& suite = proposal.suite;
    if (suite.protocol == ChildProtocol::Esp) text = tokenOf(kEncryptions, suite.cipher);
    if (suite.integrity != Integrity::None) {
        if (!text.empty()) text += "-";
        text += tokenOf(kIntegrities, suite.integrity);
    }
    if (pfsGroup) text += "-" + tokenOf(kGroups, *pfsGroup);
    if (proposal.esn) text += "-esn";
    return text;
}

} // namespace ipseclab::ike
