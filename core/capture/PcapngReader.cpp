// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "capture/PcapngReader.h"
#include "capture/PcapngFormat.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

namespace ipseclab::capture {

namespace {

using namespace pcapng;

std::string blockName(std::uint32_t type) {
    switch (type) {
    case kSectionHeaderBlock: return "Section Header";
    case kInterfaceDescriptionBlock: return "Interface Description";
    case kEnhancedPacketBlock: return "Enhanced Packet";
    }
    return "type " + std::to_string(type);
}

// Reads the section's byte order; every offset is absolute and was bounds-checked by the caller.
class Cursor {
public:
    explicit Cursor(ByteView bytes) : m_bytes(bytes) {}
    void setLittleEndian(bool little) { m_little = little; }
    std::uint16_t u16(std::size_t at) const {
        return m_little ? static_cast<std::uint16_t>(m_bytes[at] | (m_bytes[at + 1] << 8)) : readU16(m_bytes, at);
    }
    std::uint32_t u32(std::size_t at) const {
        return m_little ? (std::uint32_t{u16(at + 2)} << 16) | u16(at) : readU32(m_bytes, at);
    }
    ByteView bytes() const { return m_bytes; }

private:
    ByteView m_bytes;
    bool m_little = true;
};

struct Option {
    std::uint16_t code;
    ByteView value;
};

std::string textOf(ByteView value) { return std::string(value.begin(), value.end()); }

// Microseconds from ticks without overflowing for any realistic resolution.
std::uint64_t toMicros(std::uint64_t ticks, std::uint64_t ticksPerSecond) {
    const std::uint64_t whole = ticks / ticksPerSecond * 1'000'000;
    const std::uint64_t rest = ticks % ticksPerSecond;
    if (ticksPerSecond <= (std::uint64_t{1} << 44)) return whole + rest * 1'000'000 / ticksPerSecond;
    return whole +
           static_cast<std::uint64_t>(static_cast<long double>(rest) * 1e6L / static_cast<long double>(ticksPerSecond));
}

class Parser {
public:
    explicit Parser(ByteView bytes) : m_cursor(bytes) {}

    Result<PcapngCapture> run() {
        const ByteView bytes = m_cursor.bytes();
        std::size_t at = 0;
        while (at < bytes.size()) {
            ++m_blockNumber;
            if (bytes.size() - at < kBlockOverhead)
                return error("Block Total Length", at,
                             "the file ends inside a block header (" + std::to_string(bytes.size() - at) +
                                 " bytes left, 12 needed)");
            const std::uint32_t type = m_cursor.u32(at); // the section header's type reads the same either way
            m_blockType = type;
            if (type == kSectionHeaderBlock) {
                if (auto order = readByteOrder(at); !order) return tl::unexpected(order.error());
            } else if (!m_seenSection) {
                return error("Block Type", at, "a pcapng file must start with a section header block");
            }
            const std::uint32_t total = m_cursor.u32(at + 4);
            if (total < kBlockOverhead || total % 4 != 0)
                return error("Block Total Length", at + 4,
                             "block length " + std::to_string(total) + " is not a multiple of 4 of at least 12");
            if (total > bytes.size() - at)
                return error("Block Total Length", at + 4,
                             "block length " + std::to_string(total) + " runs past the end of the file (" +
                                 std::to_string(bytes.size() - at) + " bytes left)");
            if (m_cursor.u32(at + total - 4) != total)
                return error("Trailing Block Total Length", at + total - 4,
                             "the trailing length " + std::to_string(m_cursor.u32(at + total - 4)) +
                                 " differs from the leading " + std::to_string(total));
            const std::size_t bodyStart = at + 8;
            const std::size_t bodyEnd = at + total - 4;
            Result<void> handled;
            switch (type) {
            case kSectionHeaderBlock: handled = sectionHeader(bodyStart, bodyEnd); break;
            case kInterfaceDescriptionBlock: handled = interfaceDescription(bodyStart, bodyEnd); break;
            case kEnhancedPacketBlock: handled = enhancedPacket(bodyStart, bodyEnd); break;
            default: break; // unknown blocks are skipped, as the specification asks
            }
            if (!handled) return tl::unexpected(handled.error());
            at += total;
        }
        if (!m_seenSection) return error("Block Type", 0, "an empty file is not a pcapng capture");
        return std::move(m_capture);
    }

private:
    tl::unexpected<Error> error(const std::string& field, std::size_t offset, std::string message) const {
        return fail(std::move(message),
                    "pcapng/Block " + std::to_string(m_blockNumber) + " (" + blockName(m_blockType) + ")/" + field,
                    offset);
    }

    Result<void> readByteOrder(std::size_t at) {
        if (m_cursor.bytes().size() - at < kBlockOverhead + 4)
            return error("Byte-Order Magic", at + 8, "the file ends before the byte-order magic");
        const std::uint32_t magic = readU32(m_cursor.bytes(), at + 8);
        if (magic == kByteOrderMagic) {
            m_cursor.setLittleEndian(false);
        } else if (magic == 0x4d3c2b1a) {
            m_cursor.setLittleEndian(true);
        } else {
            return error("Byte-Order Magic", at + 8, "not 1a2b3c4d in either byte order: not a pcapng section");
        }
        m_seenSection = true;
        return {};
    }

    // Options from `at` to `end`: code, length, value padded to 32 bits; opt_endofopt ends them.
    Result<std::vector<Option>> options(std::size_t at, std::size_t end) const {
        std::vector<Option> found;
        while (at < end) {
            if (end - at < 4) return error("Options", at, "an option header is cut short");
            const std::uint16_t code = m_cursor.u16(at);
            const std::uint16_t length = m_cursor.u16(at + 2);
            if (code == kOptEndOfOpt) break;
            const std::size_t padded = (std::size_t{length} + 3) / 4 * 4;
            if (padded > end - at - 4)
                return error("Options", at,
                             "option " + std::to_string(code) + " of " + std::to_string(length) +
                                 " bytes runs past the end of its block");
            found.push_back(Option{code, m_cursor.bytes().subspan(at + 4, length)});
            at += 4 + padded;
        }
        return found;
    }

    Result<void> sectionHeader(std::size_t body, std::size_t end) {
        constexpr std::size_t kFixed = 16; // magic, versions, section length
        if (end - body < kFixed) return error("Section Length", body, "the section header body is cut short");
        if (m_cursor.u16(body + 4) != 1)
            return error("Major Version", body + 4,
                         "major version " + std::to_string(m_cursor.u16(body + 4)) + " is not 1");
        m_sectionBase = m_capture.interfaces.size();
        auto found = options(body + kFixed, end);
        if (!found) return tl::unexpected(found.error());
        for (const Option& option : *found)
            if (option.code == kShbUserAppl && m_capture.userApplication.empty())
                m_capture.userApplication = textOf(option.value);
            else if (option.code == kOptComment && m_capture.sectionComment.empty())
                m_capture.sectionComment = textOf(option.value);
        return {};
    }

    Result<void> interfaceDescription(std::size_t body, std::size_t end) {
        constexpr std::size_t kFixed = 8; // link type, reserved, snap length
        if (end - body < kFixed) return error("Link Type", body, "the interface description body is cut short");
        PcapngInterface interface;
        interface.linkType = static_cast<LinkType>(m_cursor.u16(body));
        interface.snapLength = m_cursor.u32(body + 4);
        auto found = options(body + kFixed, end);
        if (!found) return tl::unexpected(found.error());
        for (const Option& option : *found) {
            if (option.code == kIfName) interface.name = textOf(option.value);
            if (option.code == kIfDescription) interface.description = textOf(option.value);
            if (option.code == kIfTsresol) {
                if (option.value.size() != 1) return error("if_tsresol", body, "if_tsresol must be one byte");
                const std::uint8_t resolution = option.value[0];
                const unsigned exponent = resolution & 0x7fu;
                if (resolution & 0x80) {
                    if (exponent > 63)
                        return error("if_tsresol", body,
                                     "a resolution of 2^-" + std::to_string(exponent) + " s is out of range");
                    interface.ticksPerSecond = std::uint64_t{1} << exponent;
                } else {
                    if (exponent > 19)
                        return error("if_tsresol", body,
                                     "a resolution of 10^-" + std::to_string(exponent) + " s is out of range");
                    interface.ticksPerSecond = 1;
                    for (unsigned i = 0; i < exponent; ++i) interface.ticksPerSecond *= 10;
                }
            }
        }
        m_capture.interfaces.push_back(std::move(interface));
        return {};
    }

    Result<void> enhancedPacket(std::size_t body, std::size_t end) {
        constexpr std::size_t kFixed = 20; // interface id, timestamp high/low, captured and original length
        if (end - body < kFixed) return error("Interface ID", body, "the enhanced packet body is cut short");
        const std::uint32_t localId = m_cursor.u32(body);
        if (localId >= m_capture.interfaces.size() - m_sectionBase)
            return error("Interface ID", body,
                         "interface " + std::to_string(localId) + " was not described before this packet");
        PcapngPacket packet;
        packet.interfaceId = static_cast<std::uint32_t>(m_sectionBase + localId);
        packet.timestamp = (std::uint64_t{m_cursor.u32(body + 4)} << 32) | m_cursor.u32(body + 8);
        packet.timestampMicros = toMicros(packet.timestamp, m_capture.interfaces[packet.interfaceId].ticksPerSecond);
        const std::uint32_t captured = m_cursor.u32(body + 12);
        packet.originalLength = m_cursor.u32(body + 16);
        const std::size_t padded = (std::size_t{captured} + 3) / 4 * 4;
        if (padded > end - body - kFixed)
            return error("Captured Length", body + 12,
                         "captured length " + std::to_string(captured) + " runs past the end of its block");
        const ByteView data = m_cursor.bytes().subspan(body + kFixed, captured);
        packet.data.assign(data.begin(), data.end());
        auto found = options(body + kFixed + padded, end);
        if (!found) return tl::unexpected(found.error());
        for (const Option& option : *found)
            if (option.code == kOptComment) packet.comments.push_back(textOf(option.value));
        m_capture.packets.push_back(std::move(packet));
        return {};
    }

    Cursor m_cursor;
    PcapngCapture m_capture;
    bool m_seenSection = false;
    std::size_t m_sectionBase = 0; // interfaces of earlier sections
    std::size_t m_blockNumber = 0;
    std::uint32_t m_blockType = 0;
};

} // namespace

Result<PcapngCapture> PcapngReader::read(ByteView bytes) { return Parser(bytes).run(); }

Result<PcapngCapture> PcapngReader::readFile(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot open '" + path + "': " + (errno != 0 ? std::strerror(errno) : "unknown error"));
    const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return fail("cannot read '" + path + "'");
    auto capture = read(bytes);
    if (!capture) {
        Error error = capture.error();
        error.message = path + ": " + error.message;
        return tl::unexpected(error);
    }
    return capture;
}

} // namespace ipseclab::capture
