// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "capture/PcapngWriter.h"
#include "capture/PcapngFormat.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "capture/FileWriter.h"

namespace ipseclab::capture {

namespace {

using namespace pcapng;

constexpr std::uint8_t kMicroseconds = 6; // if_tsresol: 10^-6 s per tick

// pcapng is written in the writer's byte order, announced by the magic; we always write little-endian.
template <typename T>
void putLittleEndian(Bytes& out, T v) {
    const std::size_t at = out.size();
    out.resize(at + sizeof(T)); // one size check per field, not one per byte (the writer's hot path)
    for (std::size_t i = 0; i < sizeof(T); ++i) out[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void putU16(Bytes& out, std::uint16_t v) { putLittleEndian(out, v); }
void putU32(Bytes& out, std::uint32_t v) { putLittleEndian(out, v); }
void putU64(Bytes& out, std::uint64_t v) { putLittleEndian(out, v); }
// `value`, then zeros up to a multiple of four bytes (blocks and options are 32-bit aligned).
void appendPadded(Bytes& out, ByteView value) {
    const std::size_t at = out.size();
    out.resize(at + ((value.size() + 3) & ~std::size_t{3})); // zero-filled: the padding
    if (!value.empty()) std::memcpy(out.data() + at, value.data(), value.size());
}

// One block written in place at the end of `out`: type | total length | body | options | total
// length, the first length patched at the end (no copy of the block).
class BlockBuilder {
public:
    BlockBuilder(Bytes& out, std::uint32_t type) : m_out(out), m_start(out.size()) {
        putU32(m_out, type);
        putU32(m_out, 0);
    }
    Bytes& body() { return m_out; }
    void option(std::uint16_t code, ByteView value) {
        putU16(m_out, code);
        putU16(m_out, static_cast<std::uint16_t>(value.size()));
        appendPadded(m_out, value);
        m_hasOptions = true;
    }
    void option(std::uint16_t code, std::string_view text) {
        option(code, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    }
    void finish() {
        if (m_hasOptions) option(kOptEndOfOpt, ByteView{});
        const auto total = static_cast<std::uint32_t>(m_out.size() - m_start + 4);
        putU32(m_out, total);
        for (std::size_t i = 0; i < 4; ++i) m_out[m_start + 4 + i] = static_cast<std::uint8_t>(total >> (8 * i));
    }

private:
    Bytes& m_out;
    std::size_t m_start;
    bool m_hasOptions = false;
};

// An option value is at most 65535 bytes; longer text is cut at a character boundary.
std::string_view fitOption(std::string_view text) {
    constexpr std::size_t kMax = 65535;
    if (text.size() <= kMax) return text;
    std::size_t end = kMax;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    return text.substr(0, end);
}

} // namespace

bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Comments are mostly ASCII: eight bytes at a time while none has its high bit set.
        std::uint64_t eight = 0;
        if (text.size() - i >= 8 && (std::memcpy(&eight, text.data() + i, 8), eight & 0x8080808080808080ULL) == 0) {
            i += 8;
            continue;
        }
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        std::uint32_t codePoint = 0;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if ((lead & 0xe0) == 0xc0) {
            extra = 1;
            codePoint = lead & 0x1f;
        } else if ((lead & 0xf0) == 0xe0) {
            extra = 2;
            codePoint = lead & 0x0f;
        } else if ((lead & 0xf8) == 0xf0) {
            extra = 3;
            codePoint = lead & 0x07;
        } else {
            return false;
        }
        if (text.size() - i <= extra) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) return false;
            codePoint = (codePoint << 6) | (next & 0x3f);
        }
        constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
        if (codePoint < kMinimum[extra] || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
            return false;
        i += extra + 1;
    }
    return true;
}

PcapngWriter::PcapngWriter(std::string_view userApplication)
    : m_userApplication(userApplication), m_bytes(sectionHeader(userApplication, {})) {
    m_sectionHeaderSize = m_bytes.size();
}

PcapngWriter::~PcapngWriter() {
    if (m_file) drain(true); // finish() says whether it worked; a writer dropped without it still leaves its file
}

PcapngWriter& PcapngWriter::operator=(PcapngWriter&& other) {
    if (this == &other) return *this;
    if (m_file) drain(true); // as the destructor: the file closes below, complete
    m_userApplication = std::move(other.m_userApplication);
    m_sectionHeaderSize = other.m_sectionHeaderSize;
    m_bytes = std::move(other.m_bytes);
    m_pending = std::move(other.m_pending);
    m_interfaceCount = other.m_interfaceCount;
    m_packetCount = other.m_packetCount;
    m_file = std::move(other.m_file);
    m_path = std::move(other.m_path);
    m_writeFailed = other.m_writeFailed;
    return *this;
}

Bytes PcapngWriter::sectionHeader(std::string_view userApplication, std::string_view comment) {
    Bytes header;
    BlockBuilder block(header, kSectionHeaderBlock);
    putU32(block.body(), kByteOrderMagic);
    putU16(block.body(), 1);                 // major version
    putU16(block.body(), 0);                 // minor version
    putU64(block.body(), ~std::uint64_t{0}); // section length: not given
    if (!comment.empty()) block.option(kOptComment, fitOption(comment));
    if (!userApplication.empty()) block.option(kShbUserAppl, fitOption(userApplication));
    block.finish();
    return header;
}

std::uint32_t PcapngWriter::addInterface(std::string_view name, LinkType linkType, std::string_view description) {
    BlockBuilder block(m_bytes, kInterfaceDescriptionBlock);
    putU16(block.body(), static_cast<std::uint16_t>(linkType));
    putU16(block.body(), 0); // reserved
    putU32(block.body(), 0); // snap length: no limit
    if (!name.empty()) block.option(kIfName, fitOption(name));
    if (!description.empty()) block.option(kIfDescription, fitOption(description));
    block.option(kIfTsresol, ByteView(&kMicroseconds, 1));
    block.finish();
    drain(false);
    return m_interfaceCount++;
}

Result<void> PcapngWriter::checkPacket(std::uint32_t interfaceId, ByteView packet, std::string_view comment) const {
    if (interfaceId >= m_interfaceCount)
        return fail("interface " + std::to_string(interfaceId) + " does not exist (" +
                        std::to_string(m_interfaceCount) + " added)",
                    "pcapng/Enhanced Packet/Interface ID");
    if (!isValidUtf8(comment)) return fail("the packet comment is not UTF-8", "pcapng/Enhanced Packet/Comment");
    if (packet.size() > 0xffff'0000u)
        return fail("a packet of " + std::to_string(packet.size()) + " bytes is too long for one block",
                    "pcapng/Enhanced Packet/Captured Length");
    return {};
}

void PcapngWriter::writePacket(std::uint32_t interfaceId, std::uint64_t timestampMicros, ByteView packet,
                               std::string_view comment) {
    BlockBuilder block(m_bytes, kEnhancedPacketBlock);
    Bytes& body = block.body();
    putU32(body, interfaceId);
    putU32(body, static_cast<std::uint32_t>(timestampMicros >> 32));
    putU32(body, static_cast<std::uint32_t>(timestampMicros));
    putU32(body, static_cast<std::uint32_t>(packet.size())); // captured length
    putU32(body, static_cast<std::uint32_t>(packet.size())); // original length
    appendPadded(body, packet);
    if (!comment.empty()) block.option(kOptComment, fitOption(comment));
    block.finish();
}

Result<void> PcapngWriter::addPacket(std::uint32_t interfaceId, std::uint64_t timestampMicros, ByteView packet,
                                     std::string_view comment) {
    if (auto valid = checkPacket(interfaceId, packet, comment); !valid) return valid;
    if (m_pending.empty()) {
        writePacket(interfaceId, timestampMicros, packet, comment);
        drain(false);
    } else {
        m_pending.push_back(
            Pending{interfaceId, timestampMicros, Bytes(packet.begin(), packet.end()), std::string(comment)});
    }
    ++m_packetCount;
    return {};
}

Result<void> PcapngWriter::openPacket(std::uint32_t interfaceId, std::uint64_t timestampMicros, ByteView packet,
                                      std::string_view comment) {
    if (!m_pending.empty()) return fail("a packet is already open", "pcapng/Enhanced Packet");
    if (auto valid = checkPacket(interfaceId, packet, comment); !valid) return valid;
    m_pending.push_back(
        Pending{interfaceId, timestampMicros, Bytes(packet.begin(), packet.end()), std::string(comment)});
    ++m_packetCount;
    return {};
}

Result<void> PcapngWriter::closePacket(std::string_view commentTail) {
    if (m_pending.empty()) return fail("no packet is open", "pcapng/Enhanced Packet");
    if (!isValidUtf8(commentTail)) return fail("the packet comment is not UTF-8", "pcapng/Enhanced Packet/Comment");
    m_pending.front().comment += commentTail;
    for (const Pending& p : m_pending) writePacket(p.interfaceId, p.timestampMicros, p.packet, p.comment);
    m_pending.clear();
    drain(false);
    return {};
}

void PcapngWriter::drain(bool all) {
    constexpr std::size_t kChunk = 256 * 1024; // few, large writes
    if (!m_file || m_bytes.empty() || (!all && m_bytes.size() < kChunk)) return;
    if (std::fwrite(m_bytes.data(), 1, m_bytes.size(), m_file.get()) != m_bytes.size()) m_writeFailed = true;
    m_bytes.clear(); // keeps its capacity: the next chunk reuses it
}

Result<void> PcapngWriter::streamTo(const std::string& path) {
    if (m_file) return fail("the capture already streams to '" + m_path + "'");
    errno = 0;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return fail("cannot open '" + path + "' for writing: " + std::strerror(errno));
    m_file.reset(file);
    m_path = path;
    m_writeFailed = false;
    drain(true);
    return {};
}

Result<void> PcapngWriter::finish() {
    if (!m_file) return {};
    if (!m_pending.empty()) return fail("a packet is still open", "pcapng/Enhanced Packet");
    errno = 0;
    drain(true);
    // Closed whatever happened: a FILE left open would flush its buffer later, perhaps into the
    // same path streamed to again.
    const bool closeFailed = std::fclose(m_file.release()) != 0;
    const bool failed = m_writeFailed || closeFailed;
    if (failed) return fail("cannot write '" + m_path + "': " + (errno != 0 ? std::strerror(errno) : "write error"));
    return {};
}

Result<void> PcapngWriter::writeFile(const std::string& path, std::string_view sectionComment) const {
    if (m_file) return fail("the capture streams to '" + m_path + "': it is not kept in memory");
    if (!m_pending.empty()) return fail("a packet is still open", "pcapng/Enhanced Packet");
    if (sectionComment.empty()) return capture::writeFile(path, m_bytes);
    if (!isValidUtf8(sectionComment)) return fail("the section comment is not UTF-8", "pcapng/Section Header/Comment");
    // The header written again with the comment; the interfaces and packets follow it unchanged.
    Bytes file = sectionHeader(m_userApplication, sectionComment);
    file.insert(file.end(), m_bytes.begin() + static_cast<std::ptrdiff_t>(m_sectionHeaderSize), m_bytes.end());
    return capture::writeFile(path, file);
}

} // namespace ipseclab::capture
