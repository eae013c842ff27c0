// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Big-endian integers, the byte order of every field IPv4, UDP, IKE, ESP and AH carry: read and
// written at an offset of a span, or appended to a byte string. One swapped access each: a word
// written byte by byte and read back as a word soon after (the receiver checks a header right after
// the sender built it, in the lab's loop) cannot be forwarded from the store buffer and stalls
// (docs/performance.md). subspan() bounds-checks in a build with library assertions.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace ipseclab {

namespace endian {

template <typename T>
T swapped(T value) {
    if constexpr (std::endian::native == std::endian::big || sizeof(T) == 1) return value;
    else if constexpr (sizeof(T) == 2) return __builtin_bswap16(value);
    else if constexpr (sizeof(T) == 4) return __builtin_bswap32(value);
    else return __builtin_bswap64(value);
}

template <typename T>
T read(std::span<const std::uint8_t> bytes, std::size_t at) {
    T value;
    std::memcpy(&value, bytes.subspan(at, sizeof(T)).data(), sizeof(T));
    return swapped(value);
}

template <typename T>
void write(std::span<std::uint8_t> bytes, std::size_t at, T value) {
    value = swapped(value);
    std::memcpy(bytes.subspan(at, sizeof(T)).data(), &value, sizeof(T));
}

template <typename T>
void append(std::vector<std::uint8_t>& out, T value) {
    const std::size_t at = out.size();
    out.resize(at + sizeof(T));
    write<T>(out, at, value);
}

} // namespace endian

inline std::uint16_t readU16(std::span<const std::uint8_t> b, std::size_t at) {
    return endian::read<std::uint16_t>(b, at);
}
inline std::uint32_t readU32(std::span<const std::uint8_t> b, std::size_t at) {
    return endian::read<std::uint32_t>(b, at);
}
inline std::uint64_t readU64(std::span<const std::uint8_t> b, std::size_t at) {
    return endian::read<std::uint64_t>(b, at);
}

inline void writeU16(std::span<std::uint8_t> b, std::size_t at, std::uint16_t v) { endian::write(b, at, v); }
inline void writeU32(std::span<std::uint8_t> b, std::size_t at, std::uint32_t v) { endian::write(b, at, v); }
inline void writeU64(std::span<std::uint8_t> b, std::size_t at, std::uint64_t v) { endian::write(b, at, v); }

inline void appendU8(std::vector<std::uint8_t>& out, std::uint8_t v) { out.push_back(v); }
inline void appendU16(std::vector<std::uint8_t>& out, std::uint16_t v) { endian::append(out, v); }
inline void appendU32(std::vector<std::uint8_t>& out, std::uint32_t v) { endian::append(out, v); }
inline void appendU64(std::vector<std::uint8_t>& out, std::uint64_t v) { endian::append(out, v); }

} // namespace ipseclab
