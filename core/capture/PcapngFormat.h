// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Block types and option codes of the pcapng specification, shared by the reader and the writer.

#include <cstddef>
#include <cstdint>

namespace ipseclab::capture::pcapng {

inline constexpr std::uint32_t kSectionHeaderBlock = 0x0a0d0d0a;
inline constexpr std::uint32_t kInterfaceDescriptionBlock = 0x00000001;
inline constexpr std::uint32_t kEnhancedPacketBlock = 0x00000006;
inline constexpr std::uint32_t kByteOrderMagic = 0x1a2b3c4d;
inline constexpr std::uint16_t kOptEndOfOpt = 0;
inline constexpr std::uint16_t kOptComment = 1;
inline constexpr std::uint16_t kShbUserAppl = 4;
inline constexpr std::uint16_t kIfName = 2;
inline constexpr std::uint16_t kIfDescription = 3;
inline constexpr std::uint16_t kIfTsresol = 9;
inline constexpr std::size_t kBlockOverhead = 12; // type, total length, trailing total length

} // namespace ipseclab::capture::pcapng
