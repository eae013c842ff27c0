// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/Suites.h"

namespace ipseclab::ipsec {

std::size_t icvLength(const Suite& suite) { return icvLength(suite.encryption, suite.integrity); }

std::string suiteName(const Suite& suite) {
    if (isAead(suite.encryption)) return std::string(encryptionName(suite.encryption));
    return std::string(encryptionName(suite.encryption)) + " + " + std::string(integrityName(suite.integrity));
}

Result<void> validateSuite(IpsecProtocol protocol, const Suite& suite) {
    return crypto::validateSuite(suite.encryption, suite.integrity, protocol == IpsecProtocol::Ah);
}

std::size_t keymatLength(IpsecProtocol protocol, const Suite& suite) {
    // AH's encryption is Null (validateSuite), so the pair's length is the integrity key's.
    return protocol == IpsecProtocol::Ah ? integrityKeyLength(suite.integrity)
                                         : crypto::keymatLength(suite.encryption, suite.integrity);
}

Result<SaKeys> cutKeymat(IpsecProtocol protocol, const Suite& suite, ByteView keymat) {
    if (auto valid = validateSuite(protocol, suite); !valid) return tl::unexpected(valid.error());
    const std::size_t needed = keymatLength(protocol, suite);
    if (keymat.size() < needed)
        return fail("KEYMAT has " + std::to_string(keymat.size()) + " bytes; " + suiteName(suite) + " needs " +
                        std::to_string(needed),
                    "KEYMAT");
    const std::size_t encryptionLength = protocol == IpsecProtocol::Ah ? 0 : encryptionKeyLength(suite.encryption);
    SaKeys keys;
    keys.encryption = crypto::SecretBytes(keymat.first(encryptionLength));
    keys.integrity = crypto::SecretBytes(keymat.subspan(encryptionLength, integrityKeyLength(suite.integrity)));
    return keys;
}

} // namespace ipseclab::ipsec
