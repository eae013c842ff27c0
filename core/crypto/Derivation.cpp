// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/Derivation.h"

#include <algorithm>
#include <utility>

#include "crypto/Prf.h"

namespace ipseclab::crypto {

Source Source::derived(std::string id) {
    Source s;
    s.kind = Kind::Derived;
    s.id = std::move(id);
    return s;
}

Source Source::datagram(std::string id, std::string field, std::size_t offset, std::size_t length, bool plaintext,
                        std::size_t index) {
    Source s;
    s.kind = Kind::Datagram;
    s.id = std::move(id);
    s.field = std::move(field);
    s.offset = offset;
    s.length = length;
    s.plaintext = plaintext;
    s.index = index;
    return s;
}

Source Source::local(std::string note) {
    Source s;
    s.kind = Kind::Local;
    s.note = std::move(note);
    return s;
}

Source Source::constant(std::string note) {
    Source s;
    s.kind = Kind::Constant;
    s.note = std::move(note);
    return s;
}

Derivation Derivation::clone() const {
    Derivation d;
    d.id = id;
    d.formula = formula;
    d.function = function;
    d.keyName = keyName;
    d.keySource = keySource;
    d.keyInputs = keyInputs;
    d.keyData = keyData.clone();
    d.inputs = inputs;
    d.data = data.clone();
    d.value = value.clone();
    return d;
}

DerivationBuilder::DerivationBuilder(std::string id, std::string formula) {
    m_d.id = std::move(id);
    m_d.formula = std::move(formula);
}

DerivationBuilder& DerivationBuilder::add(const Part& part) {
    m_d.inputs.push_back(InputRef{part.name, part.source, m_data.size(), part.bytes.size()});
    m_data.insert(m_data.end(), part.bytes.begin(), part.bytes.end());
    return *this;
}

DerivationBuilder& DerivationBuilder::octet(std::uint8_t value) {
    static const char* const kHex = "0123456789abcdef";
    std::string name = "0x";
    name += kHex[value >> 4];
    name += kHex[value & 15];
    m_d.inputs.push_back(InputRef{name, Source::constant("one octet"), m_data.size(), 1});
    m_data.push_back(value);
    return *this;
}

Derivation DerivationBuilder::prf(HashAlgorithm hash, const Part& key) {
    m_d.function = "HMAC-" + std::string(hashName(hash));
    m_d.keyName = key.name;
    m_d.keySource = key.source;
    m_d.value = SecretBytes(crypto::prf(hash, key.bytes, bytes()));
    return finish();
}

Derivation DerivationBuilder::prf(HashAlgorithm hash, const std::vector<Part>& keyParts) {
    m_d.function = "HMAC-" + std::string(hashName(hash));
    std::vector<std::uint8_t> key;
    for (const Part& part : keyParts) {
        m_d.keyName += (m_d.keyName.empty() ? "" : " | ") + part.name;
        m_d.keyInputs.push_back(InputRef{part.name, part.source, key.size(), part.bytes.size()});
        key.insert(key.end(), part.bytes.begin(), part.bytes.end());
    }
    m_d.keyData = SecretBytes(ByteView(key.data(), key.size()));
    cleanse(key.data(), key.size());
    m_d.value = SecretBytes(crypto::prf(hash, m_d.keyData.view(), bytes()));
    return finish();
}

Derivation DerivationBuilder::hash(HashAlgorithm hash, std::size_t cut) {
    m_d.function = std::string(hashName(hash));
    Bytes value = crypto::hash(hash, bytes());
    if (cut && cut < value.size()) value.resize(cut);
    m_d.value = SecretBytes(std::move(value));
    return finish();
}

Derivation DerivationBuilder::cut(std::size_t length) { return slice(0, length); }

Derivation DerivationBuilder::slice(std::size_t offset, std::size_t length) {
    const std::size_t from = std::min(offset, m_data.size());
    const std::size_t n = std::min(length, m_data.size() - from);
    m_d.value = SecretBytes(ByteView(m_data.data() + from, n));
    return finish();
}

Derivation DerivationBuilder::finish() {
    m_d.data = SecretBytes(bytes());
    cleanse(m_data.data(), m_data.size());
    m_data.clear();
    return std::move(m_d);
}

} // namespace ipseclab::crypto
