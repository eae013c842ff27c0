// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// An immutable byte string that copies share: one counted buffer, and a slice of it points into
// the same buffer. The lab's timeline keeps each packet's bytes once this way, however many
// records show them (issue 18: memory per frame): 16 bytes a holder, one allocation a buffer.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "base/Bytes.h"

namespace ipseclab {

class SharedBytes {
public:
    SharedBytes() = default;
    // Copies `bytes` into a new buffer (at most 4 GiB: std::length_error beyond).
    SharedBytes(ByteView bytes); // NOLINT(google-explicit-constructor): bytes convert as a vector does
    SharedBytes(const Bytes& bytes) : SharedBytes(ByteView(bytes)) {} // NOLINT(google-explicit-constructor)
    SharedBytes(const SharedBytes& other) noexcept
        : m_buffer(other.m_buffer), m_offset(other.m_offset), m_size(other.m_size) {
        if (m_buffer) m_buffer->refs.fetch_add(1, std::memory_order_relaxed);
    }
    SharedBytes(SharedBytes&& other) noexcept
        : m_buffer(other.m_buffer), m_offset(other.m_offset), m_size(other.m_size) {
        other.m_buffer = nullptr;
        other.m_offset = other.m_size = 0;
    }
    SharedBytes& operator=(SharedBytes other) noexcept {
        swap(other);
        return *this;
    }
    ~SharedBytes() { release(); }

    const std::uint8_t* data() const { return m_buffer ? m_buffer->bytes() + m_offset : nullptr; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const std::uint8_t* begin() const { return data(); }
    const std::uint8_t* end() const { return data() + m_size; }
    std::uint8_t operator[](std::size_t i) const { return data()[i]; }
    ByteView view() const { return ByteView(data(), m_size); }
    operator ByteView() const { return view(); } // NOLINT(google-explicit-constructor)
    Bytes toBytes() const { return Bytes(begin(), end()); }

    // `length` bytes from `offset` on (clamped to this string), sharing this buffer.
    SharedBytes slice(std::size_t offset, std::size_t length) const;
    bool sharesBufferWith(const SharedBytes& other) const { return m_buffer && m_buffer == other.m_buffer; }

    void swap(SharedBytes& other) noexcept {
        std::swap(m_buffer, other.m_buffer);
        std::swap(m_offset, other.m_offset);
        std::swap(m_size, other.m_size);
    }

    // The same bytes (wherever they are kept).
    friend bool operator==(const SharedBytes& a, const SharedBytes& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    // The count, then the bytes, in one allocation.
    struct Buffer {
        std::atomic<std::size_t> refs{1};
        std::uint8_t* bytes() { return reinterpret_cast<std::uint8_t*>(this + 1); }
    };
    void release() noexcept;

    Buffer* m_buffer = nullptr;
    std::uint32_t m_offset = 0;
    std::uint32_t m_size = 0;
};

} // namespace ipseclab
