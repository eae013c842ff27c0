// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A pcapng capture (draft-ietf-opsawg-pcapng): one section, several interfaces, and packets with
// caller-given timestamps and a comment each, which Wireshark shows as frame.comment.
//
// The capture is kept in memory (what the window exports), or streamed to a file as it is made
// (`--headless --pcap`: memory stays flat however long the run). One packet at a time may be left
// open: its comment can still be completed (the lab writes a WAN frame before the receiver has
// judged it, and adds the verdict afterwards); packets added meanwhile queue behind it, so the
// order of the frames is the order in which they were added.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "base/Bytes.h"
#include "base/Error.h"
#include "capture/LinkType.h"

namespace ipseclab::capture {

class PcapngWriter {
public:
    // Starts the capture with a section header block naming the application (shb_userappl).
    explicit PcapngWriter(std::string_view userApplication = "IPsec Lab");
    ~PcapngWriter();
    PcapngWriter(const PcapngWriter&) = delete;
    PcapngWriter& operator=(const PcapngWriter&) = delete;
    PcapngWriter(PcapngWriter&&) = default; // a capture made on demand is handed over (Lab::capture)
    // A streaming writer assigned over first hands its file what it still buffers, as its
    // destructor does (a defaulted one would close the file without it).
    PcapngWriter& operator=(PcapngWriter&& other);

    // Appends an interface description block (if_name, if_description, if_tsresol = microseconds)
    // and returns its interface id: 0 for the first, then 1, 2, ... Interfaces come before packets.
    std::uint32_t addInterface(std::string_view name, LinkType linkType = LinkType::Raw,
                               std::string_view description = {});

    // Appends an enhanced packet block. The comment (opt_comment) must be UTF-8; none if empty.
    // Fails on an unknown interface id or a comment that is not UTF-8. Behind an open packet it
    // waits in the queue until that one is closed.
    Result<void> addPacket(std::uint32_t interfaceId, std::uint64_t timestampMicros, ByteView packet,
                           std::string_view comment = {});
    // Adds a packet whose comment stays open to completion (closePacket); one at a time.
    Result<void> openPacket(std::uint32_t interfaceId, std::uint64_t timestampMicros, ByteView packet,
                            std::string_view comment);
    // Appends `commentTail` to the open packet's comment, then writes it and the packets queued
    // behind it. Fails (writing nothing) when no packet is open or the tail is not UTF-8.
    Result<void> closePacket(std::string_view commentTail = {});
    bool hasOpenPacket() const { return !m_pending.empty(); }

    // From now on, the capture goes to `path` as it is made: what was made so far at once, then
    // each block as it is written (bytes() keeps only what the file has not received yet). There
    // is no section comment then (writeFile's). finish() closes the file.
    Result<void> streamTo(const std::string& path);
    bool streaming() const { return m_file != nullptr; }
    // Streaming: writes what is left and closes the file; the first write error, if any, naming
    // the file. Fails while a packet is open. In memory: nothing to do.
    Result<void> finish();

    // In memory: the capture so far, without an open packet and those queued behind it.
    const Bytes& bytes() const { return m_bytes; }
    std::uint32_t interfaceCount() const { return m_interfaceCount; }
    // Packets added, the open and queued ones included: the last one's frame number.
    std::size_t packetCount() const { return m_packetCount; }

    // The file (in memory only); with `sectionComment`, its section header carries it too
    // (opt_comment, which Wireshark shows in the capture's properties: whom a student's capture
    // is for).
    Result<void> writeFile(const std::string& path, std::string_view sectionComment = {}) const;

private:
    struct Pending {
        std::uint32_t interfaceId = 0;
        std::uint64_t timestampMicros = 0;
        Bytes packet;
        std::string comment;
    };
    struct FileCloser {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };

    static Bytes sectionHeader(std::string_view userApplication, std::string_view comment);
    Result<void> checkPacket(std::uint32_t interfaceId, ByteView packet, std::string_view comment) const;
    void writePacket(std::uint32_t interfaceId, std::uint64_t timestampMicros, ByteView packet,
                     std::string_view comment);
    // Streaming: hands the buffered blocks to the file (all of them, or once there are enough).
    void drain(bool all);

    std::string m_userApplication;
    std::size_t m_sectionHeaderSize = 0;
    Bytes m_bytes;
    std::deque<Pending> m_pending; // the open packet first, then those queued behind it
    std::uint32_t m_interfaceCount = 0;
    std::size_t m_packetCount = 0;
    std::unique_ptr<std::FILE, FileCloser> m_file;
    std::string m_path;
    bool m_writeFailed = false;
};

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view text);

} // namespace ipseclab::capture
