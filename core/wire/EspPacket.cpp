// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/EspPacket.h"

#include <numeric>

#include "wire/FieldSpec.h"
#include "wire/IpsecFields.h"

namespace ipseclab::wire {

namespace {

namespace f = esp_fields;
constexpr FieldSpec kSpi{&f::kSpi, 0, 4};
constexpr FieldSpec kSequenceNumber{&f::kSequence, 4, 4};
constexpr FieldSpec kHeaderFields[] = {kSpi, kSequenceNumber};

} // namespace

void annotateSequenceHigh(const Annotator& annotator, const Field& field, std::size_t offset, std::uint32_t low,
                          std::uint32_t high) {
    const std::uint64_t full = (std::uint64_t{high} << 32) | low;
    annotator.add(field, offset, 0,
                  formatHex(high, 8) + " (" + std::to_string(high) + "): sequence number " + std::to_string(full));
}

Result<EspPacket> decodeEsp(ByteView bytes, const Annotator& annotator, const std::optional<EspLayout>& layout,
                            std::optional<std::uint32_t> sequenceHigh) {
    const Annotator esp = annotator.child("ESP", 0);
    if (auto cut = firstCutField(esp, kHeaderFields, bytes.size(), "the ESP header")) return tl::unexpected(*cut);
    EspPacket packet;
    packet.spi = readU32(bytes, 0);
    packet.sequenceNumber = readU32(bytes, 4);
    if (packet.spi == 0) return failAt(esp, kSpi, "SPI 0 is reserved and never appears on the wire");
    packet.protectedPart = bytes.subspan(kEspHeaderLength);
    // The header is annotated before the rest is checked: a packet cut short keeps its SPI and
    // sequence number named.
    if (esp.enabled()) {
        const std::uint64_t full = (std::uint64_t{sequenceHigh.value_or(0)} << 32) | packet.sequenceNumber;
        annotator.add(f::kPacket, 0, bytes.size(), "SPI " + formatHex(packet.spi, 8) + ", seq " + std::to_string(full));
        annotate(esp, kSpi, formatHex(packet.spi, 8) + " (" + std::to_string(packet.spi) + ")");
        annotate(esp, kSequenceNumber,
                 std::to_string(packet.sequenceNumber) + (sequenceHigh ? " (the low 32 bits)" : ""));
        if (sequenceHigh)
            annotateSequenceHigh(esp, f::kSequenceHigh, kEspHeaderLength, packet.sequenceNumber, *sequenceHigh);
    }

    if (layout) {
        const std::size_t fixed = layout->ivLength + kEspTrailerLength + layout->icvLength;
        if (packet.protectedPart.size() < fixed) {
            // Cut short: what is left still has a name.
            esp.add(f::kProtected, kEspHeaderLength, packet.protectedPart.size(),
                    std::to_string(packet.protectedPart.size()) + " bytes");
            return failAt(esp, "Encrypted Data", kEspHeaderLength + layout->ivLength,
                          std::to_string(packet.protectedPart.size()) +
                              " bytes after the sequence number cannot hold a " + std::to_string(layout->ivLength) +
                              "-byte IV, the 2 trailer bytes and a " + std::to_string(layout->icvLength) + "-byte ICV");
        }
        const std::size_t cipherLength = packet.protectedPart.size() - layout->ivLength - layout->icvLength;
        packet.iv = packet.protectedPart.first(layout->ivLength);
        packet.ciphertext = packet.protectedPart.subspan(layout->ivLength, cipherLength);
        packet.icv = packet.protectedPart.last(layout->icvLength);
    }

    if (esp.enabled()) {
        if (!layout) {
            esp.add(f::kProtected, kEspHeaderLength, packet.protectedPart.size(),
                    std::to_string(packet.protectedPart.size()) + " bytes");
        } else {
            std::size_t at = kEspHeaderLength;
            if (!packet.iv.empty()) esp.add(f::kIv, at, packet.iv.size(), toHexGrouped(packet.iv));
            at += packet.iv.size();
            esp.add(f::kEncryptedData, at, packet.ciphertext.size(),
                    std::to_string(packet.ciphertext.size()) + " bytes");
            at += packet.ciphertext.size();
            if (!packet.icv.empty()) esp.add(f::kIcv, at, packet.icv.size(), toHexGrouped(packet.icv));
        }
    }
    return packet;
}

Bytes encodeEsp(std::uint32_t spi, std::uint32_t sequenceNumber, ByteView protectedPart) {
    Bytes out;
    out.reserve(kEspHeaderLength + protectedPart.size());
    appendU32(out, spi);
    appendU32(out, sequenceNumber);
    append(out, protectedPart);
    return out;
}

Result<EspTrailer> decodeEspTrailer(ByteView cleartext, const Annotator& annotator) {
    const Annotator clear = annotator.child("ESP Trailer", 0);
    if (cleartext.size() < kEspTrailerLength)
        return failAt(clear, "Pad Length", 0,
                      "the decrypted part has " + std::to_string(cleartext.size()) +
                          " bytes; it needs at least 2 (pad length and next header)");
    const std::size_t padLengthAt = cleartext.size() - kEspTrailerLength;
    EspTrailer trailer;
    trailer.padLength = cleartext[padLengthAt];
    trailer.nextHeader = static_cast<IpProtocol>(cleartext[padLengthAt + 1]);
    if (trailer.padLength > padLengthAt)
        return failAt(clear, "Pad Length", padLengthAt,
                      "pad length " + std::to_string(trailer.padLength) + " is more than the " +
                          std::to_string(padLengthAt) + " bytes before it");
    const std::size_t paddingAt = padLengthAt - trailer.padLength;
    trailer.payload = cleartext.first(paddingAt);
    trailer.padding = cleartext.subspan(paddingAt, trailer.padLength);
    for (std::size_t i = 0; i < trailer.padding.size(); ++i) {
        const auto expected = static_cast<std::uint8_t>(i + 1);
        if (trailer.padding[i] != expected)
            return failAt(clear, "Padding", paddingAt + i,
                          "pad byte " + std::to_string(i + 1) + " is " + formatHex(trailer.padding[i], 2) +
                              ", expected " + formatHex(expected, 2) + " (padding must be 1, 2, 3, ...)");
    }

    if (clear.enabled()) {
        annotator.add(f::kTrailer, paddingAt, trailer.padLength + kEspTrailerLength,
                      std::to_string(trailer.padLength) + " bytes of padding, next header " +
                          ipProtocolName(trailer.nextHeader));
        if (!trailer.padding.empty())
            clear.add(f::kPadding, paddingAt, trailer.padding.size(), toHexGrouped(trailer.padding));
        clear.add(f::kPadLength, padLengthAt, 1, std::to_string(trailer.padLength));
        clear.add(f::kNextHeader, padLengthAt + 1, 1, ipProtocolName(trailer.nextHeader));
    }
    return trailer;
}

Result<Bytes> encodeEspTrailer(ByteView payload, IpProtocol nextHeader, std::size_t blockSize) {
    const std::size_t alignment = std::lcm(blockSize == 0 ? std::size_t{1} : blockSize, std::size_t{4});
    const std::size_t padLength = (alignment - (payload.size() + kEspTrailerLength) % alignment) % alignment;
    if (padLength > 255)
        return failAt(Annotator(nullptr, "ESP Trailer"), "Pad Length", payload.size(),
                      "a block size of " + std::to_string(blockSize) + " needs " + std::to_string(padLength) +
                          " padding bytes, more than the 255 a pad length can say");
    Bytes out(payload.begin(), payload.end());
    out.reserve(payload.size() + padLength + kEspTrailerLength);
    for (std::size_t i = 1; i <= padLength; ++i) appendU8(out, static_cast<std::uint8_t>(i));
    appendU8(out, static_cast<std::uint8_t>(padLength));
    appendU8(out, static_cast<std::uint8_t>(nextHeader));
    return out;
}

} // namespace ipseclab::wire
