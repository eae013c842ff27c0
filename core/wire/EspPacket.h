// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ESP framing (RFC 4303 §2): SPI and sequence number in clear, then the protected part. The
// cryptography lives in the ipsec layer; this file only cuts the bytes, in both directions.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::wire {

inline constexpr std::size_t kEspHeaderLength = 8;  // SPI + sequence number
inline constexpr std::size_t kEspTrailerLength = 2; // pad length + next header

// How the protected part splits, which only the SA knows: explicit IV length (AES-CBC 16, 3DES 8,
// AES-GCM 8) and ICV length (12 for *-96, 16 for SHA-256-128 and GCM-16).
struct EspLayout {
    std::size_t ivLength = 0;
    std::size_t icvLength = 0;
    friend bool operator==(const EspLayout&, const EspLayout&) = default;
};

struct EspPacket {
    std::uint32_t spi = 0;
    std::uint32_t sequenceNumber = 0;
    ByteView protectedPart; // everything after the sequence number: IV, ciphertext, ICV

    // Set only when decoded with a layout; views into the decoded buffer.
    ByteView iv;
    ByteView ciphertext;
    ByteView icv;
};

// `bytes` is the ESP packet (the IPv4 payload for protocol 50, the UDP payload on 4500). SPI 0
// is reserved and never sent, so it is an error. With a layout the protected part is split, and a
// packet too short for IV + 2 trailer bytes + ICV is an error. `sequenceHigh`, under ESN (RFC 4303
// §2.2.1), is the high half of the sequence number, which only the SA knows: it is annotated as a
// field that covers no byte, since it is never sent.
Result<EspPacket> decodeEsp(ByteView bytes, const Annotator& annotator = Annotator(nullptr),
                            const std::optional<EspLayout>& layout = std::nullopt,
                            std::optional<std::uint32_t> sequenceHigh = std::nullopt);

// The field an ESN sequence number's high half is shown as: a zero-length annotation at `offset`
// (just after the Sequence Number field) under `annotator`'s prefix. Shared by ESP and AH.
void annotateSequenceHigh(const Annotator& annotator, const Field& field, std::size_t offset, std::uint32_t low,
                          std::uint32_t high);

// SPI | sequence number | protected part.
Bytes encodeEsp(std::uint32_t spi, std::uint32_t sequenceNumber, ByteView protectedPart);

// The cleartext that gets encrypted: payload | padding 1, 2, 3, ... | pad length | next header.
struct EspTrailer {
    ByteView payload; // in tunnel mode: the inner IPv4 packet
    ByteView padding;
    std::uint8_t padLength = 0;
    IpProtocol nextHeader = IpProtocol::IpInIp;
};

// `cleartext` is the decrypted part, padding included. Padding that is not 1, 2, 3, ... (RFC 4303
// §2.4's default, which receivers SHOULD check) or a pad length longer than the data is an error.
// Annotates the trailer ("ESP Trailer": Padding, Pad Length, Next Header); the payload before it is
// the caller's to dissect (see dissectEspCleartext()).
Result<EspTrailer> decodeEspTrailer(ByteView cleartext, const Annotator& annotator = Annotator(nullptr));

// payload | padding | pad length | next header, padded so its length is a multiple of both the
// cipher's block size (16 AES-CBC, 8 3DES, 1 for GCM) and 4, with the least padding that does.
Result<Bytes> encodeEspTrailer(ByteView payload, IpProtocol nextHeader, std::size_t blockSize);

} // namespace ipseclab::wire
