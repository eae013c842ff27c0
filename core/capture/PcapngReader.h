// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Reading pcapng files: the vector captures (Ethernet, nanosecond timestamps, written by dumpcap)
// and the lab's own exports. Either byte order; unknown block types are skipped; every length is
// checked against the bytes that are there.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "capture/LinkType.h"

namespace ipseclab::capture {

struct PcapngInterface {
    LinkType linkType = LinkType::Ethernet;
    std::uint32_t snapLength = 0;
    std::string name;                         // if_name
    std::string description;                  // if_description
    std::uint64_t ticksPerSecond = 1'000'000; // from if_tsresol (default: microseconds)
};

struct PcapngPacket {
    std::uint32_t interfaceId = 0;     // index into PcapngCapture::interfaces (across sections)
    std::uint64_t timestamp = 0;       // in the interface's ticks
    std::uint64_t timestampMicros = 0; // the same instant in microseconds (truncated)
    std::uint32_t originalLength = 0;
    Bytes data;                        // the captured bytes
    std::vector<std::string> comments; // opt_comment, in file order
};

struct PcapngCapture {
    std::vector<PcapngInterface> interfaces;
    std::vector<PcapngPacket> packets;
    std::string userApplication; // shb_userappl of the first section
    std::string sectionComment;  // opt_comment of the first section (the first one)

    // The interface a packet was captured on; null only for a packet not read from this capture.
    const PcapngInterface* interfaceOf(const PcapngPacket& packet) const {
        return packet.interfaceId < interfaces.size() ? &interfaces[packet.interfaceId] : nullptr;
    }
};

class PcapngReader {
public:
    // Errors name the block ("pcapng/Block 3 (Enhanced Packet)/Captured Length") and its byte offset.
    static Result<PcapngCapture> read(ByteView bytes);
    static Result<PcapngCapture> readFile(const std::string& path);
};

} // namespace ipseclab::capture
