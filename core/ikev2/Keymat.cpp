// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ikev2/Keymat.h"

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <utility>

namespace ipseclab::ikev2::keymat {

namespace {

using Builder = crypto::DerivationBuilder;

// Consecutive keys cut from one prf+ stream, each a Derivation whose input is its own bytes of
// the stream (Source::offset says where).
class Cutter {
public:
    Cutter(const Derivation& stream, std::string formula) : m_stream(stream), m_formula(std::move(formula)) {}

    Derivation next(std::string id, std::size_t length) {
        const std::string range = "bytes " + std::to_string(m_offset) + ".." + std::to_string(m_offset + length - 1) +
                                  " of " + m_formula;
        Source source = Source::derived(m_stream.id);
        source.offset = m_offset;
        source.length = length;
        Derivation d = Builder(std::move(id), range)
                           .add(Part{m_stream.id, m_stream.value.view().subspan(m_offset, length), source})
                           .cut(length);
        m_offset += length;
        return d;
    }
    std::optional<Derivation> nextIfAny(std::string id, std::size_t length) {
        if (length == 0) return std::nullopt;
        return next(std::move(id), length);
    }

private:
    const Derivation& m_stream;
    std::string m_formula;
    std::size_t m_offset = 0;
};

} // namespace

IkeKeyLengths ikeKeyLengths(const IkeSuite& suite) {
    IkeKeyLengths l;
    l.d = l.p = crypto::hashLength(suite.prf);
    l.a = crypto::integrityKeyLength(suite.integrity);
    l.e = crypto::encryptionKeyLength(suite.encryption);
    return l;
}

std::size_t childKeymatLength(const ChildSuite& suite) {
    return 2 * (crypto::encryptionKeyLength(suite.encryption) + crypto::integrityKeyLength(suite.integrity));
}

Result<std::vector<Derivation>> prfPlus(HashAlgorithm prf, const Part& key, const std::vector<Part>& seed,
                                        std::size_t length, const std::string& id, const std::string& keyText,
                                        const std::string& seedText) {
    const std::size_t block = crypto::hashLength(prf);
    if (length > 255 * block)
        return fail("prf+ yields at most 255 blocks (" + std::to_string(255 * block) + " bytes with HMAC-" +
                    std::string(crypto::hashName(prf)) + "), " + std::to_string(length) + " were asked for");
    const auto addSeed = [&](Builder& b) {
        for (const Part& p : seed) b.add(p);
    };
    return crypto::expandDerivation(
        prf, key, length, id, "T",
        "first " + std::to_string(length) + " bytes of T1 | T2 | ... = prf+(" + keyText + ", " + seedText + ")",
        [&](const Derivation* previous, int n, std::string stepId) {
            // Named as octet() names it: 0x02, 0x03, ...
            char counter[16];
            std::snprintf(counter, sizeof counter, "0x%02x", n);
            if (!previous) {
                Builder b(std::move(stepId), "prf(" + keyText + ", " + seedText + " | 0x01)");
                addSeed(b);
                b.octet(1);
                return b;
            }
            const std::string t = "T" + std::to_string(n - 1);
            Builder b(std::move(stepId),
                      "prf(" + keyText + ", " + t + " | " + seedText + " | " + std::string(counter) + ")");
            b.add(Part{t, previous->value.view(), Source::derived(previous->id)});
            addSeed(b);
            b.octet(static_cast<std::uint8_t>(n));
            return b;
        });
}

Derivation skeyseed(HashAlgorithm prf, const Part& ni, const Part& nr, const Part& gir, std::string id) {
    return Builder(std::move(id), "prf(Ni | Nr, g^ir)").add(gir).prf(prf, std::vector<Part>{ni, nr});
}

Derivation rekeySkeyseed(HashAlgorithm oldPrf, const Part& skDOld, const Part& gir, const Part& ni, const Part& nr,
                         std::string id) {
    return Builder(std::move(id), "prf(SK_d (old), g^ir (new) | Ni | Nr)").add(gir).add(ni).add(nr).prf(oldPrf, skDOld);
}

Result<IkeSaKeys> ikeSaKeys(const IkeSuite& suite, const Part& skeyseed, const Part& ni, const Part& nr,
                            const Part& spiI, const Part& spiR, const std::string& prefix) {
    const IkeKeyLengths l = ikeKeyLengths(suite);
    const std::string seedText = "Ni | Nr | SPIi | SPIr";
    auto stream = prfPlus(suite.prf, skeyseed, {ni, nr, spiI, spiR}, l.total(), prefix + "prf+(SKEYSEED)", "SKEYSEED",
                          seedText);
    if (!stream) return tl::unexpected(stream.error());
    IkeSaKeys keys;
    keys.prfPlus = std::move(*stream);
    Cutter cut(keys.prfPlus.back(), "prf+(SKEYSEED, " + seedText + ")");
    keys.skD = cut.next(prefix + "SK_d", l.d);
    keys.skAi = cut.nextIfAny(prefix + "SK_ai", l.a);
    keys.skAr = cut.nextIfAny(prefix + "SK_ar", l.a);
    keys.skEi = cut.next(prefix + "SK_ei", l.e);
    keys.skEr = cut.next(prefix + "SK_er", l.e);
    keys.skPi = cut.next(prefix + "SK_pi", l.p);
    keys.skPr = cut.next(prefix + "SK_pr", l.p);
    return keys;
}

Result<ChildSaKeys> childSaKeys(HashAlgorithm prf, const ChildSuite& suite, const Part& skD, const Part* pfsSecret,
                                const Part& ni, const Part& nr, const std::string& id) {
    const std::string seedText = pfsSecret ? "g^ir (new) | Ni | Nr" : "Ni | Nr";
    std::vector<Part> seed;
    if (pfsSecret) seed.push_back(*pfsSecret);
    seed.push_back(ni);
    seed.push_back(nr);
    auto stream = prfPlus(prf, skD, seed, childKeymatLength(suite), id, "SK_d", seedText);
    if (!stream) return tl::unexpected(stream.error());
    const std::size_t e = crypto::encryptionKeyLength(suite.encryption);
    const std::size_t a = crypto::integrityKeyLength(suite.integrity);
    ChildSaKeys keys;
    keys.keymat = std::move(*stream);
    Cutter cut(keys.keymat.back(), "KEYMAT = prf+(SK_d, " + seedText + ")");
    keys.encryptionInitiator = cut.next(id + ".encryption_initiator", e);
    keys.integrityInitiator = cut.nextIfAny(id + ".integrity_initiator", a);
    keys.encryptionResponder = cut.next(id + ".encryption_responder", e);
    keys.integrityResponder = cut.nextIfAny(id + ".integrity_responder", a);
    return keys;
}

PskAuth pskAuth(HashAlgorithm prf, Side side, const Part& psk, const Part& realMessage, const Part& peerNonce,
                const Part& skP, const Part& idBody) {
    static constexpr std::string_view kKeyPad = "Key Pad for IKEv2"; // 17 octets, no NUL (§2.15)
    const bool initiator = side == Side::Initiator;
    const std::string x = initiator ? "I" : "R";
    const std::string auth = "AUTH_" + x;
    PskAuth out;
    out.macedId =
        Builder("MACedIDFor" + x, initiator ? "prf(SK_pi, IDi')" : "prf(SK_pr, IDr')").add(idBody).prf(prf, skP);
    const ByteView pad(reinterpret_cast<const std::uint8_t*>(kKeyPad.data()), kKeyPad.size());
    out.keyPad = Builder(auth + ".keypad", "prf(PSK, \"Key Pad for IKEv2\")")
                     .add(Part{"\"Key Pad for IKEv2\"", pad, Source::constant("17 octets, RFC 7296 §2.15")})
                     .prf(prf, psk);
    out.auth = Builder(auth, initiator ? "prf(prf(PSK, \"Key Pad for IKEv2\"), RealMessage1 | Nr | MACedIDForI)"
                                       : "prf(prf(PSK, \"Key Pad for IKEv2\"), RealMessage2 | Ni | MACedIDForR)")
                   .add(realMessage)
                   .add(peerNonce)
                   .add(partOf(out.macedId))
                   .prf(prf, partOf(out.keyPad, "prf(PSK, \"Key Pad for IKEv2\")"));
    return out;
}

} // namespace ipseclab::ikev2::keymat
