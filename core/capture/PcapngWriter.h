// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A pcapng capture (draft-ietf-opsawg-pcapng) built in memory: one section, several interfaces,
// and packets with caller-given timestamps and a comment each, which Wireshark shows as
// frame.comment.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"
#include "capture/LinkType.h"

namespace ipseclab::capture {

class PcapngWriter {
public:
    // Starts the file with a section header block naming the application (shb_userappl).
    explicit PcapngWriter(std::string_view userApplication = "IPsec Lab");

    // Appends an interface description block (if_name, if_description, if_tsresol = microseconds)
    // and returns its interface id: 0 for the first, then 1, 2, ...
    std::uint32_t addInterface(std::string_view name, LinkType linkType = LinkType::Raw,
                               std::string_view description = {});

    // Appends an enhanced packet block. The comment (opt_comment) must be UTF-8; none if empty.
    // Fails on an unknown interface id or a comment that is not UTF-8.
    Result<void> addPacket(std::uint32_t interfaceId, std::uint64_t timestampMicros, ByteView packet,
                           std::string_view comment = {});

    const Bytes& bytes() const { return m_bytes; }
    std::uint32_t interfaceCount() const { return m_interfaceCount; }
    std::size_t packetCount() const { return m_packetCount; }

    // The file; with `sectionComment`, its section header carries it too (opt_comment, which
    // Wireshark shows in the capture's properties: whom a student's capture is for).
    Result<void> writeFile(const std::string& path, std::string_view sectionComment = {}) const;

private:
    static Bytes sectionHeader(std::string_view userApplication, std::string_view comment);

    std::string m_userApplication;
    std::size_t m_sectionHeaderSize = 0;
    Bytes m_bytes;
    std::uint32_t m_interfaceCount = 0;
    std::size_t m_packetCount = 0;
};

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view text);

} // namespace ipseclab::capture
