#pragma once
// Byte strings shared by every core layer.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ipseclab {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Lower-case hex without separators ("0a1b").
std::string toHex(ByteView bytes);
// Hex with a space every `group` bytes, for annotations of long values.
std::string toHexGrouped(ByteView bytes, std::size_t group = 4);
// A 32-bit value as SPIs and message IDs are written: "0x1234abcd".
std::string hex32(std::uint32_t value);
// Accepts upper or lower case and ignores spaces; nullopt on any other character or odd length.
std::optional<Bytes> fromHex(std::string_view hex);

inline Bytes bytesOf(std::string_view text) { return Bytes(text.begin(), text.end()); }

inline void append(Bytes& out, ByteView more) {
    // Growing through resize + copy rather than insert: GCC 12 at -O2 misreads insert into a small
    // vector as an out-of-bounds memcpy (-Warray-bounds), which -Werror turns into a failure.
    const std::size_t at = out.size();
    out.resize(at + more.size());
    std::copy(more.begin(), more.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
}

// Big-endian integers, the byte order of every field IKE and ESP carry.
inline std::uint16_t readU16(ByteView b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
inline std::uint32_t readU32(ByteView b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
           std::uint32_t{b[at + 3]};
}
inline void appendU8(Bytes& out, std::uint8_t v) { out.push_back(v); }
inline void appendU16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
inline void appendU32(Bytes& out, std::uint32_t v) {
    appendU16(out, static_cast<std::uint16_t>(v >> 16));
    appendU16(out, static_cast<std::uint16_t>(v));
}
inline void writeU16(Bytes& out, std::size_t at, std::uint16_t v) {
    out[at] = static_cast<std::uint8_t>(v >> 8);
    out[at + 1] = static_cast<std::uint8_t>(v);
}
inline void writeU32(Bytes& out, std::size_t at, std::uint32_t v) {
    writeU16(out, at, static_cast<std::uint16_t>(v >> 16));
    writeU16(out, at + 2, static_cast<std::uint16_t>(v));
}

} // namespace ipseclab
