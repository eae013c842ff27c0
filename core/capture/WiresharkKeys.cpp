// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "capture/WiresharkKeys.h"

#include <filesystem>

#include "capture/FileWriter.h"
#include "wire/FieldSpec.h"

namespace ipseclab::capture {

std::string esnPacketComment(std::uint64_t sequenceNumber) {
    return "ESN: sequence number " + std::to_string(sequenceNumber) + " = high 32 bits " +
           std::to_string(sequenceNumber >> 32) + " (never sent) + low 32 bits " +
           std::to_string(sequenceNumber & 0xffffffffU) + " (on the wire); Wireshark " +
           std::string(kWiresharkLastWithoutEsn) +
           " and older cannot put the high bits into the ICV and show this packet's ICV as bad, though it is good";
}

namespace {

constexpr std::size_t kCookieLength = 8;
constexpr std::size_t kGcmSaltLength = 4;

bool validEncryptionKeyLength(EspEncryption encryption, std::size_t length) {
    switch (encryption) {
    case EspEncryption::Null: return length == 0;
    case EspEncryption::TripleDesCbc: return length == 24;
    case EspEncryption::AesCbc: return length == 16 || length == 24 || length == 32;
    case EspEncryption::AesGcm8:
    case EspEncryption::AesGcm12:
    case EspEncryption::AesGcm16:
        return length == 16 + kGcmSaltLength || length == 24 + kGcmSaltLength || length == 32 + kGcmSaltLength;
    }
    return false;
}

std::size_t integrityKeyLength(EspIntegrity integrity) {
    switch (integrity) {
    case EspIntegrity::Null: return 0;
    case EspIntegrity::HmacMd5_96: return 16;
    case EspIntegrity::HmacSha1_96: return 20;
    case EspIntegrity::HmacSha256_128: return 32;
    case EspIntegrity::HmacSha384_192: return 48;
    case EspIntegrity::HmacSha512_256: return 64;
    }
    return 0;
}

bool isAead(EspEncryption encryption) {
    return encryption == EspEncryption::AesGcm8 || encryption == EspEncryption::AesGcm12 ||
           encryption == EspEncryption::AesGcm16;
}

std::string inQuotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

} // namespace

std::string_view wiresharkName(EspEncryption encryption) {
    switch (encryption) {
    case EspEncryption::Null: return "NULL";
    case EspEncryption::TripleDesCbc: return "TripleDES-CBC [RFC2451]";
    case EspEncryption::AesCbc: return "AES-CBC [RFC3602]";
    case EspEncryption::AesGcm8: return "AES-GCM with 8 octet ICV [RFC4106]";
    case EspEncryption::AesGcm12: return "AES-GCM with 12 octet ICV [RFC4106]";
    case EspEncryption::AesGcm16: return "AES-GCM with 16 octet ICV [RFC4106]";
    }
    return "NULL";
}

std::string_view wiresharkName(EspIntegrity integrity) {
    switch (integrity) {
    case EspIntegrity::Null: return "NULL";
    case EspIntegrity::HmacMd5_96: return "HMAC-MD5-96 [RFC2403]";
    case EspIntegrity::HmacSha1_96: return "HMAC-SHA-1-96 [RFC2404]";
    case EspIntegrity::HmacSha256_128: return "HMAC-SHA-256-128 [RFC4868]";
    case EspIntegrity::HmacSha384_192: return "HMAC-SHA-384-192 [RFC4868]";
    case EspIntegrity::HmacSha512_256: return "HMAC-SHA-512-256 [RFC4868]";
    }
    return "NULL";
}

std::string_view wiresharkName(Ikev2Encryption encryption) {
    switch (encryption) {
    case Ikev2Encryption::Null: return "NULL [RFC2410]";
    case Ikev2Encryption::TripleDes: return "3DES [RFC2451]";
    case Ikev2Encryption::AesCbc128: return "AES-CBC-128 [RFC3602]";
    case Ikev2Encryption::AesCbc192: return "AES-CBC-192 [RFC3602]";
    case Ikev2Encryption::AesCbc256: return "AES-CBC-256 [RFC3602]";
    case Ikev2Encryption::AesGcm16_128: return "AES-GCM-128 with 16 octet ICV [RFC5282]";
    case Ikev2Encryption::AesGcm16_192: return "AES-GCM-192 with 16 octet ICV [RFC5282]";
    case Ikev2Encryption::AesGcm16_256: return "AES-GCM-256 with 16 octet ICV [RFC5282]";
    }
    return "NULL [RFC2410]";
}

std::string_view wiresharkName(Ikev2Integrity integrity) {
    switch (integrity) {
    case Ikev2Integrity::None: return "NONE [RFC4306]";
    case Ikev2Integrity::HmacMd5_96: return "HMAC_MD5_96 [RFC2403]";
    case Ikev2Integrity::HmacSha1_96: return "HMAC_SHA1_96 [RFC2404]";
    case Ikev2Integrity::HmacSha256_128: return "HMAC_SHA2_256_128 [RFC4868]";
    case Ikev2Integrity::HmacSha384_192: return "HMAC_SHA2_384_192 [RFC4868]";
    case Ikev2Integrity::HmacSha512_256: return "HMAC_SHA2_512_256 [RFC4868]";
    }
    return "NONE [RFC4306]";
}

namespace {

std::size_t ikev2KeyLength(Ikev2Encryption encryption) {
    switch (encryption) {
    case Ikev2Encryption::Null: return 0;
    case Ikev2Encryption::TripleDes: return 24;
    case Ikev2Encryption::AesCbc128: return 16;
    case Ikev2Encryption::AesCbc192: return 24;
    case Ikev2Encryption::AesCbc256: return 32;
    case Ikev2Encryption::AesGcm16_128: return 16 + kGcmSaltLength;
    case Ikev2Encryption::AesGcm16_192: return 24 + kGcmSaltLength;
    case Ikev2Encryption::AesGcm16_256: return 32 + kGcmSaltLength;
    }
    return 0;
}

std::size_t ikev2IntegrityKeyLength(Ikev2Integrity integrity) {
    switch (integrity) {
    case Ikev2Integrity::None: return 0;
    case Ikev2Integrity::HmacMd5_96: return 16;
    case Ikev2Integrity::HmacSha1_96: return 20;
    case Ikev2Integrity::HmacSha256_128: return 32;
    case Ikev2Integrity::HmacSha384_192: return 48;
    case Ikev2Integrity::HmacSha512_256: return 64;
    }
    return 0;
}

bool isAead(Ikev2Encryption encryption) {
    return encryption == Ikev2Encryption::AesGcm16_128 || encryption == Ikev2Encryption::AesGcm16_192 ||
           encryption == Ikev2Encryption::AesGcm16_256;
}

} // namespace

Result<void> WiresharkKeys::addIkev2Sa(const Ikev2SaKeys& sa) {
    constexpr std::string_view table = "ikev2_decryption_table/";
    if (m_ikeVersion != 2) return fail("these key files are for IKEv1", std::string(table));
    if (sa.spiI.size() != kCookieLength || sa.spiR.size() != kCookieLength)
        return fail("an IKE SA's SPIs have 8 bytes each", std::string(table) + "Initiator's SPI");
    const std::size_t e = ikev2KeyLength(sa.encryption), a = ikev2IntegrityKeyLength(sa.integrity);
    if (sa.skEi.size() != e || sa.skEr.size() != e)
        return fail(std::string(wiresharkName(sa.encryption)) + " takes a " + std::to_string(e) + "-byte SK_e" +
                        (isAead(sa.encryption) ? " (the AES key plus the 4-byte salt)" : ""),
                    std::string(table) + "SK_ei");
    if (isAead(sa.encryption) != (sa.integrity == Ikev2Integrity::None))
        return fail("AES-GCM goes with integrity NONE, and only AES-GCM (RFC 7296 §3.3.3)",
                    std::string(table) + "Integrity algorithm");
    if (sa.skAi.size() != a || sa.skAr.size() != a)
        return fail(std::string(wiresharkName(sa.integrity)) + " takes a " + std::to_string(a) + "-byte SK_a",
                    std::string(table) + "SK_ai");
    // SPIs and keys bare hex, the algorithms quoted: the columns as Wireshark 4.0 reads them.
    m_ikev2Lines.push_back(toHex(sa.spiI) + "," + toHex(sa.spiR) + "," + toHex(sa.skEi) + "," + toHex(sa.skEr) + "," +
                           inQuotes(wiresharkName(sa.encryption)) + "," + toHex(sa.skAi) + "," + toHex(sa.skAr) + "," +
                           inQuotes(wiresharkName(sa.integrity)));
    return {};
}

Result<void> WiresharkKeys::addIkev1Sa(const Ikev1SaKeys& sa) {
    if (sa.initiatorCookie.size() != kCookieLength)
        return fail("the initiator cookie has " + std::to_string(sa.initiatorCookie.size()) + " bytes, not 8",
                    "ikev1_decryption_table/Initiator's COOKIE");
    if (sa.encryptionKey.empty()) return fail("Ka is empty", "ikev1_decryption_table/Encryption Key");
    m_ikev1Lines.push_back(toHex(sa.initiatorCookie) + "," + toHex(sa.encryptionKey));
    return {};
}

Result<void> WiresharkKeys::addEspSa(const EspSaKeys& sa) {
    if (sa.spi == 0) return fail("SPI 0 is reserved and never names an SA", "esp_sa/SPI");
    if (!validEncryptionKeyLength(sa.encryption, sa.encryptionKey.size()))
        return fail(std::string(wiresharkName(sa.encryption)) + " cannot take a " +
                        std::to_string(sa.encryptionKey.size()) + "-byte key" +
                        (isAead(sa.encryption) ? " (AES-GCM takes the AES key plus the 4-byte salt)" : ""),
                    "esp_sa/Encryption Key");
    if (isAead(sa.encryption) && sa.integrity != EspIntegrity::Null)
        return fail("AES-GCM protects integrity itself; Wireshark requires NULL authentication with it",
                    "esp_sa/Authentication");
    if (sa.encryption == EspEncryption::Null && sa.integrity == EspIntegrity::Null)
        return fail("ESP with neither encryption nor integrity is not allowed (RFC 4303 §3.2)",
                    "esp_sa/Authentication");
    if (sa.integrityKey.size() != integrityKeyLength(sa.integrity))
        return fail(std::string(wiresharkName(sa.integrity)) + " takes a " +
                        std::to_string(integrityKeyLength(sa.integrity)) + "-byte key, not " +
                        std::to_string(sa.integrityKey.size()),
                    "esp_sa/Authentication Key");
    const std::vector<std::string> columns = {
        "IPv4",
        sa.source.toString(),
        sa.destination.toString(),
        wire::formatHex(sa.spi, 8),
        std::string(wiresharkName(sa.encryption)),
        "0x" + toHex(sa.encryptionKey),
        std::string(wiresharkName(sa.integrity)),
        "0x" + toHex(sa.integrityKey),
    };
    std::string line;
    for (const std::string& column : columns) line += (line.empty() ? "" : ",") + inQuotes(column);
    m_espSaLines.push_back(std::move(line));
    return {};
}

Result<void> WiresharkKeys::writeTo(const std::string& folder) const {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return fail("cannot create the folder '" + folder + "': " + ec.message());
    if (!std::filesystem::is_directory(folder, ec)) return fail("'" + folder + "' exists and is not a folder");
    const auto writeLines = [&](std::string_view name, const std::vector<std::string>& lines) {
        std::string text;
        for (const std::string& line : lines) text += line + "\n";
        const std::string path = (std::filesystem::path(folder) / name).string();
        return writeFile(path, bytesOf(text), FileAccess::OwnerOnly);
    };
    const bool v2 = m_ikeVersion == 2;
    if (auto written = writeLines(v2 ? kIkev2FileName : kIkev1FileName, v2 ? m_ikev2Lines : m_ikev1Lines); !written)
        return written;
    return writeLines(kEspFileName, m_espSaLines);
}

} // namespace ipseclab::capture
