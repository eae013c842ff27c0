// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Wireshark key files (UAT tables) that let Wireshark and tshark decrypt the lab's capture:
// ikev1_decryption_table (IKEv1 initiator cookie → Ka) or ikev2_decryption_table (IKEv2 SPIs →
// SK_e and SK_a), and esp_sa (one line per ESP SA and direction). Point WIRESHARK_CONFIG_DIR at the folder, or copy the
// files into a profile.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::capture {

// Only what the lab negotiates; the ipsec layer maps its transforms onto these.
enum class EspEncryption { Null, TripleDesCbc, AesCbc, AesGcm8, AesGcm12, AesGcm16 };
enum class EspIntegrity { Null, HmacMd5_96, HmacSha1_96, HmacSha256_128, HmacSha384_192, HmacSha512_256 };

// The names of Wireshark's esp_encryption_type_vals / esp_authentication_type_vals (packet-ipsec.c),
// which the UAT file must spell exactly, e.g. "AES-CBC [RFC3602]".
std::string_view wiresharkName(EspEncryption encryption);
std::string_view wiresharkName(EspIntegrity integrity);

// One ESP SA, i.e. one direction of a Quick Mode result.
struct EspSaKeys {
    wire::Ipv4Address source; // the outer addresses of the packets this SA protects
    wire::Ipv4Address destination;
    std::uint32_t spi = 0;
    EspEncryption encryption = EspEncryption::AesCbc;
    Bytes encryptionKey; // for AES-GCM: the AES key followed by the 4-byte salt (RFC 4106)
    EspIntegrity integrity = EspIntegrity::HmacSha1_96;
    Bytes integrityKey; // empty for Null (and so for AES-GCM)
};

// One IKEv1 SA: Wireshark finds it by the initiator cookie and decrypts with Ka.
struct Ikev1SaKeys {
    Bytes initiatorCookie; // 8 bytes
    Bytes encryptionKey;   // Ka, at the cipher's key length
};

// IKEv2's SK payload algorithms in ikev2_decryption_table (packet-isakmp.c's
// ikev2_encr_algs / ikev2_auth_algs); AES-GCM is always the 16-octet-ICV variant here.
enum class Ikev2Encryption {
    Null,
    TripleDes,
    AesCbc128,
    AesCbc192,
    AesCbc256,
    AesGcm16_128,
    AesGcm16_192,
    AesGcm16_256
};
enum class Ikev2Integrity { None, HmacMd5_96, HmacSha1_96, HmacSha256_128, HmacSha384_192, HmacSha512_256 };
// "AES-CBC-128 [RFC3602]", "AES-GCM-256 with 16 octet ICV [RFC5282]"; "HMAC_SHA2_256_128 [RFC4868]".
std::string_view wiresharkName(Ikev2Encryption encryption);
std::string_view wiresharkName(Ikev2Integrity integrity);

// One IKEv2 SA: Wireshark finds it by both SPIs and decrypts each direction's SK payloads.
struct Ikev2SaKeys {
    Bytes spiI, spiR; // 8 bytes each
    Ikev2Encryption encryption = Ikev2Encryption::AesCbc128;
    Bytes skEi, skEr; // AES-GCM: the key followed by the 4-byte salt
    Ikev2Integrity integrity = Ikev2Integrity::HmacSha256_128;
    Bytes skAi, skAr; // empty with None (and so with AES-GCM)
};

// Extended sequence numbers (RFC 4304) in Wireshark: its ESP SA table gained them ("SN: 64-bit" and
// "ESN High Bits" columns) after 4.2 — Wireshark's issue 19658 was reported against 4.2, and the 4.5
// development series has the columns, so 4.6 reads ESN (4.4 was not checked). 4.2 and older, such as
// Debian 12's 4.0, leave the high half of the sequence number out of the ICV and show every ESP packet
// of an ESN SA with a bad ICV. The export note and the capture's comments say so, in these words.
inline constexpr std::string_view kWiresharkEsnVersion = "4.6";
inline constexpr std::string_view kWiresharkLastWithoutEsn = "4.2";
// The comment of an ESP packet of an ESN SA: "ESN: sequence number 4294967297 = high 32 bits 1 (not
// on the wire) + low 32 bits 1; Wireshark 4.2 and older ...".
std::string esnPacketComment(std::uint64_t sequenceNumber);

class WiresharkKeys {
public:
    // `ikeVersion` chooses the IKE table writeTo() writes (1 or 2).
    explicit WiresharkKeys(int ikeVersion = 1) : m_ikeVersion(ikeVersion) {}

    static constexpr std::string_view kIkev1FileName = "ikev1_decryption_table";
    static constexpr std::string_view kIkev2FileName = "ikev2_decryption_table";
    static constexpr std::string_view kEspFileName = "esp_sa";

    // Each checks what Wireshark would silently get wrong: key lengths, SPI 0, and AES-GCM with an
    // integrity algorithm (Wireshark requires NULL there).
    Result<void> addIkev1Sa(const Ikev1SaKeys& sa);
    Result<void> addEspSa(const EspSaKeys& sa);
    Result<void> addIkev2Sa(const Ikev2SaKeys& sa);

    // "0766e24bc7b0e239,11f10250d13cc0064db68a0a7331b187"
    const std::vector<std::string>& ikev1Lines() const { return m_ikev1Lines; }
    // "\"IPv4\",\"127.100.0.1\",\"127.100.0.2\",\"0x48858870\",\"AES-CBC [RFC3602]\",\"0x6bec...\",..."
    const std::vector<std::string>& espSaLines() const { return m_espSaLines; }
    // "771344be3d78e9e1,1dd0290b5cdce2c4,<SK_ei>,<SK_er>,\"AES-CBC-128 [RFC3602]\",<SK_ai>,<SK_ar>,\"HMAC_SHA2_256_128
    // [RFC4868]\""
    const std::vector<std::string>& ikev2Lines() const { return m_ikev2Lines; }

    // Creates `folder` if missing and writes exactly two files, the IKE version's table and esp_sa
    // (both, even when one is empty), mode 0600. Errors name the path.
    Result<void> writeTo(const std::string& folder) const;

private:
    int m_ikeVersion = 1;
    std::vector<std::string> m_ikev1Lines;
    std::vector<std::string> m_ikev2Lines;
    std::vector<std::string> m_espSaLines;
};

} // namespace ipseclab::capture
