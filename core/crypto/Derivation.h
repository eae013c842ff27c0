// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A derived value described: the value, its formula as text, the PRF or hash used, the exact bytes
// fed to it, and for every input where it came from (another derived value, a field of a datagram,
// local configuration, a constant). IKEv1's and IKEv2's key schedules (ike/Keymat.h,
// ikev2/Keymat.h) both return these; an engine turns each into an event, and the known-answer
// tests call the same functions.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"

namespace ipseclab::crypto {

// Where an input byte string came from, for the GUI's links (it never re-parses).
struct Source {
    enum class Kind { Unknown, Derived, Datagram, Local, Constant };
    Kind kind = Kind::Unknown;
    std::string id;         // Derived: the derived value's id ("SKEYID_d"); Datagram: the datagram id ("MM3")
    std::string field;      // Datagram: the field's key ("isakmp.nonce", wire/Field.h)
    std::size_t index = 1;  // Datagram: which occurrence of that key in the message (1 = the first)
    std::size_t offset = 0; // Datagram: first byte, in the ISAKMP message (marker excluded) or its plaintext;
                            // Derived: first byte in the derived value, when only a part of it is used
    std::size_t length = 0;
    bool plaintext = false; // Datagram: offset counts in the decrypted payload chain, not in the wire bytes
    std::string note;       // Local / Constant: "the configured pre-shared key", "one octet"

    static Source derived(std::string id);
    static Source datagram(std::string id, std::string field, std::size_t offset, std::size_t length,
                           bool plaintext = false, std::size_t index = 1);
    static Source local(std::string note);
    static Source constant(std::string note);

    friend bool operator==(const Source&, const Source&) = default;
};

// One named input handed to a key-schedule function: a view of its bytes and where they came from.
struct Part {
    std::string name; // "Ni_b", "g^xy", "CKY-I", "SKEYID_e"
    ByteView bytes;
    Source source;
};

// One input as it sits in Derivation::data (or Derivation::keyData).
struct InputRef {
    std::string name;
    Source source;
    std::size_t offset = 0; // in Derivation::data (keyInputs: in Derivation::keyData)
    std::size_t length = 0;
};

struct Derivation {
    std::string id;       // "SKEYID_d", "Ka", "IV.phase1", "HASH(2)", "KEYMAT.ESP.0x1234abcd", "SKEYSEED"
    std::string formula;  // "prf(SKEYID, g^xy | CKY-I | CKY-R | 0x00)"
    std::string function; // "HMAC-SHA1" for prf, "SHA1" for hash, "" for a cut/concatenation
    std::string keyName;  // the prf key ("SKEYID", "Ni | Nr"); empty for hash and cut
    Source keySource;     // where a one-part key came from
    // A key made of several inputs (IKEv2's SKEYSEED = prf(Ni | Nr, g^ir)): its parts and bytes.
    // Empty when the key is one input (keySource says where it came from).
    std::vector<InputRef> keyInputs;
    SecretBytes keyData;
    std::vector<InputRef> inputs;
    SecretBytes data;  // the exact bytes given to the prf/hash (after the key), or cut from
    SecretBytes value; // the result

    Derivation clone() const;
};

// A derived value as the input of another derivation (named `name`, or by its id).
inline Part partOf(const Derivation& d, std::string name = {}) {
    return Part{name.empty() ? d.id : std::move(name), d.value.view(), Source::derived(d.id)};
}

// Gathers the inputs of one derivation in order, remembering where each sits in the data, then
// computes it.
class DerivationBuilder {
public:
    DerivationBuilder(std::string id, std::string formula);

    DerivationBuilder& add(const Part& part);
    DerivationBuilder& octet(std::uint8_t value); // a one-octet constant, named "0x01"

    // value = prf(key, data), prf = HMAC-<hash>
    Derivation prf(HashAlgorithm hash, const Part& key);
    // value = prf(key parts concatenated, data)
    Derivation prf(HashAlgorithm hash, const std::vector<Part>& keyParts);
    // value = hash(data) cut to `cut` bytes (0 = whole)
    Derivation hash(HashAlgorithm hash, std::size_t cut = 0);
    // value = data cut to `length` bytes
    Derivation cut(std::size_t length);
    // value = `length` bytes of data from `offset` (clamped to the data)
    Derivation slice(std::size_t offset, std::size_t length);

private:
    ByteView bytes() const { return ByteView(m_data.data(), m_data.size()); }
    Derivation finish();

    Derivation m_d;
    std::vector<std::uint8_t> m_data;
};

// Prf output blocks K1, K2, ... until `length` bytes, then their concatenation cut to `length`:
// IKEv1's KEYMAT and Ka (RFC 2409 §5.5, App. B) and IKEv2's prf+ (RFC 7296 §2.13) differ only in
// what each block's data is. `next(previous, n, stepId)` returns the builder of block n (previous
// is null for K1); the steps are named "<id>.<step><n>". Returns the steps, then the result, last.
template <typename NextData>
std::vector<Derivation> expandDerivation(HashAlgorithm hash, const Part& key, std::size_t length, const std::string& id,
                                         const std::string& step, const std::string& finalFormula, NextData next) {
    std::vector<Derivation> out;
    std::size_t have = 0;
    const Derivation* previous = nullptr;
    for (int n = 1; have < length || n == 1; ++n) {
        {
            auto builder = next(previous, n, id + "." + step + std::to_string(n));
            out.push_back(builder.prf(hash, key));
        }
        have += out.back().value.size();
        previous = &out.back();
    }
    DerivationBuilder result(id, finalFormula);
    for (const Derivation& k : out) result.add(Part{k.id.substr(id.size() + 1), k.value.view(), Source::derived(k.id)});
    out.push_back(result.cut(length));
    return out;
}

} // namespace ipseclab::crypto
