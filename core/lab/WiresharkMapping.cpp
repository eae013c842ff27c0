// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/WiresharkMapping.h"

namespace ipseclab::lab {

capture::EspEncryption wiresharkEncryption(ipsec::Encryption encryption) {
    switch (encryption) {
    case ipsec::Encryption::Null: return capture::EspEncryption::Null;
    case ipsec::Encryption::TripleDesCbc: return capture::EspEncryption::TripleDesCbc;
    case ipsec::Encryption::Aes128Cbc:
    case ipsec::Encryption::Aes192Cbc:
    case ipsec::Encryption::Aes256Cbc: return capture::EspEncryption::AesCbc;
    case ipsec::Encryption::Aes128Gcm16:
    case ipsec::Encryption::Aes192Gcm16:
    case ipsec::Encryption::Aes256Gcm16: return capture::EspEncryption::AesGcm16;
    }
    return capture::EspEncryption::Null;
}

capture::Ikev2Encryption wiresharkIkev2Encryption(ipsec::Encryption encryption) {
    using E = ipsec::Encryption;
    using W = capture::Ikev2Encryption;
    switch (encryption) {
    case E::Null: return W::Null;
    case E::TripleDesCbc: return W::TripleDes;
    case E::Aes128Cbc: return W::AesCbc128;
    case E::Aes192Cbc: return W::AesCbc192;
    case E::Aes256Cbc: return W::AesCbc256;
    case E::Aes128Gcm16: return W::AesGcm16_128;
    case E::Aes192Gcm16: return W::AesGcm16_192;
    case E::Aes256Gcm16: return W::AesGcm16_256;
    }
    return W::Null;
}

capture::Ikev2Integrity wiresharkIkev2Integrity(ipsec::Integrity integrity) {
    using I = ipsec::Integrity;
    using W = capture::Ikev2Integrity;
    switch (integrity) {
    case I::None: return W::None;
    case I::HmacMd5_96: return W::HmacMd5_96;
    case I::HmacSha1_96: return W::HmacSha1_96;
    case I::HmacSha256_128: return W::HmacSha256_128;
    case I::HmacSha384_192: return W::HmacSha384_192;
    case I::HmacSha512_256: return W::HmacSha512_256;
    }
    return W::None;
}

capture::EspIntegrity wiresharkIntegrity(ipsec::Integrity integrity) {
    switch (integrity) {
    case ipsec::Integrity::None: return capture::EspIntegrity::Null;
    case ipsec::Integrity::HmacMd5_96: return capture::EspIntegrity::HmacMd5_96;
    case ipsec::Integrity::HmacSha1_96: return capture::EspIntegrity::HmacSha1_96;
    case ipsec::Integrity::HmacSha256_128: return capture::EspIntegrity::HmacSha256_128;
    case ipsec::Integrity::HmacSha384_192: return capture::EspIntegrity::HmacSha384_192;
    case ipsec::Integrity::HmacSha512_256: return capture::EspIntegrity::HmacSha512_256;
    }
    return capture::EspIntegrity::Null;
}

std::optional<capture::EspSaKeys> espSaKeys(const ipsec::SecurityAssociation& sa, wire::Ipv4Address source,
                                            wire::Ipv4Address destination) {
    if (sa.protocol() != ipsec::IpsecProtocol::Esp) return std::nullopt;
    capture::EspSaKeys keys;
    keys.source = source;
    keys.destination = destination;
    keys.spi = sa.spi();
    keys.encryption = wiresharkEncryption(sa.suite().encryption);
    keys.encryptionKey.assign(sa.encryptionKey().begin(), sa.encryptionKey().end());
    keys.integrity = wiresharkIntegrity(sa.suite().integrity);
    keys.integrityKey.assign(sa.integrityKey().begin(), sa.integrityKey().end());
    return keys;
}

} // namespace ipseclab::lab
