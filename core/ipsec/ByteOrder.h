#pragma once
// Big-endian 32-bit loads and stores for the per-packet writers and readers of core/ipsec (ESP
// header, GCM AAD, the tunnel header): one swapped 32-bit access each. A word written byte by byte
// and read back as a word soon after (the receiver checks a header right after the sender built
// it, in the lab's loop) cannot be forwarded from the store buffer and stalls.

#include <bit>
#include <cstdint>
#include <cstring>

namespace ipseclab::ipsec {

inline void storeBe32(std::uint8_t* at, std::uint32_t value) {
    if constexpr (std::endian::native == std::endian::little) value = __builtin_bswap32(value);
    std::memcpy(at, &value, 4);
}

inline std::uint32_t loadBe32(const std::uint8_t* at) {
    std::uint32_t value;
    std::memcpy(&value, at, 4);
    if constexpr (std::endian::native == std::endian::little) value = __builtin_bswap32(value);
    return value;
}

} // namespace ipseclab::ipsec
