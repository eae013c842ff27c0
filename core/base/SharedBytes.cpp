// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "base/SharedBytes.h"

#include <algorithm>
#include <limits>
#include <new>
#include <stdexcept>

namespace ipseclab {

SharedBytes::SharedBytes(ByteView bytes) {
    if (bytes.empty()) return;
    if (bytes.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("SharedBytes: more than 4 GiB");
    void* memory = ::operator new(sizeof(Buffer) + bytes.size());
    m_buffer = new (memory) Buffer;
    std::copy(bytes.begin(), bytes.end(), m_buffer->bytes());
    m_size = static_cast<std::uint32_t>(bytes.size());
}

SharedBytes SharedBytes::slice(std::size_t offset, std::size_t length) const {
    SharedBytes part(*this);
    offset = std::min<std::size_t>(offset, m_size);
    part.m_offset = m_offset + static_cast<std::uint32_t>(offset);
    part.m_size = static_cast<std::uint32_t>(std::min<std::size_t>(length, m_size - offset));
    return part;
}

void SharedBytes::release() noexcept {
    if (!m_buffer || m_buffer->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    m_buffer->~Buffer();
    ::operator delete(m_buffer);
}

} // namespace ipseclab
