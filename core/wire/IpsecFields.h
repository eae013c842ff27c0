// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ESP's (RFC 4303) and AH's (RFC 4302) fields, registered once.

#include "wire/Field.h"

namespace ipseclab::wire {

// What ESP's and AH's headers share.
inline constexpr std::string_view kSpiMeaning =
    "which security association the receiver uses to find keys and replay window";
inline constexpr std::string_view kSequenceMeaning =
    "counts the packets sent on this SA from 1; the receiver uses it to reject replays";
inline constexpr std::string_view kSequenceHighMeaning =
    "extended sequence numbers: the high half of the 64-bit number is never sent; both ends count it, the receiver "
    "infers it from its window, and it enters the ICV";

} // namespace ipseclab::wire

namespace ipseclab::wire::esp_fields {

inline constexpr Field kPacket{"esp", "ESP", FieldType::None,
                               "Encapsulating Security Payload: an encrypted, integrity-protected packet"};
inline constexpr Field kSpi{"esp.spi", "SPI", FieldType::Hex, kSpiMeaning};
inline constexpr Field kSequence{"esp.sequence", "Sequence Number", FieldType::Unsigned, kSequenceMeaning};
inline constexpr Field kSequenceHigh{"ipseclab.esp.sequence_high", "ESN High 32 Bits", FieldType::None,
                                     kSequenceHighMeaning};
inline constexpr Field kProtected{
    "ipseclab.esp.protected", "Encrypted Payload + ICV", FieldType::Bytes,
    "IV, encrypted inner packet with its padding and trailer, then the ICV; only this SA's keys open it"};
inline constexpr Field kIv{"esp.iv", "IV", FieldType::Bytes,
                           "a fresh start value for the cipher, sent in clear; never repeated under one key"};
inline constexpr Field kEncryptedData{
    "esp.encrypted_data", "Encrypted Data", FieldType::Bytes,
    "the inner packet, padding, pad length and next header, encrypted with the SA's key"};
inline constexpr Field kIcv{"esp.icv", "ICV", FieldType::Bytes,
                            "integrity check value: proves the packet comes from the peer and was not changed"};
inline constexpr Field kTrailer{"ipseclab.esp.trailer", "ESP Trailer", FieldType::None,
                                "what ESP adds after the payload before encrypting: padding, its length, and what the "
                                "payload is"};
inline constexpr Field kPadding{"esp.pad", "Padding", FieldType::Bytes,
                                "filler bytes 1, 2, 3, ... so the encrypted part fills whole blocks"};
inline constexpr Field kPadLength{"esp.pad_len", "Pad Length", FieldType::Unsigned,
                                  "how many padding bytes come just before this byte"};
inline constexpr Field kNextHeader{
    "esp.protocol", "Next Header", FieldType::Hex,
    "what the payload is: 4 = an IPv4 packet (tunnel mode), 59 = a dummy packet to discard"};
inline constexpr Field kTfcPadding{
    "ipseclab.esp.tfc_padding", "TFC Padding", FieldType::Bytes,
    "traffic flow confidentiality: filler after the inner packet that hides its true length"};
inline constexpr Field kDummyData{
    "ipseclab.esp.dummy_data", "Dummy Data", FieldType::Bytes,
    "a dummy packet (next header 59): sent only to blur traffic patterns, dropped on arrival"};

inline constexpr const Field* kAll[] = {&kPacket,    &kSpi,           &kSequence,   &kSequenceHigh, &kProtected,
                                        &kIv,        &kEncryptedData, &kIcv,        &kTrailer,      &kPadding,
                                        &kPadLength, &kNextHeader,    &kTfcPadding, &kDummyData};

} // namespace ipseclab::wire::esp_fields

namespace ipseclab::wire::ah_fields {

inline constexpr Field kHeader{
    "ah", "AH", FieldType::None,
    "Authentication Header: proves who sent the packet and that nobody changed it; no encryption"};
inline constexpr Field kNextHeader{"ah.next_header", "Next Header", FieldType::Unsigned,
                                   "what follows the AH header: 4 = an IPv4 packet (tunnel mode)"};
inline constexpr Field kLength{"ah.length", "Payload Length", FieldType::Unsigned,
                               "the AH header's length in 32-bit words, minus 2"};
inline constexpr Field kReserved{"ah.reserved", "Reserved", FieldType::Bytes,
                                 "must be sent as zero; receivers ignore it"};
inline constexpr Field kSpi{"ah.spi", "SPI", FieldType::Hex, kSpiMeaning};
inline constexpr Field kSequence{"ah.sequence", "Sequence Number", FieldType::Unsigned, kSequenceMeaning};
inline constexpr Field kSequenceHigh{"ipseclab.ah.sequence_high", "ESN High 32 Bits", FieldType::None,
                                     kSequenceHighMeaning};
inline constexpr Field kIcv{"ah.icv", "ICV", FieldType::Bytes,
                            "integrity check value over the packet and the outer addresses: why AH cannot cross a NAT"};

inline constexpr const Field* kAll[] = {&kHeader, &kNextHeader, &kLength,       &kReserved,
                                        &kSpi,    &kSequence,   &kSequenceHigh, &kIcv};

} // namespace ipseclab::wire::ah_fields
