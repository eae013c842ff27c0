// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Bytes that must not outlive their use: keys, DH private values, g^xy, SKEYID.
// Every buffer SecretBytes ever owned is wiped with OPENSSL_cleanse before it goes back to the
// heap (growth included), so no stale copy is left behind. Copies are explicit (clone()).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/Bytes.h"

namespace ipseclab::crypto {

// OPENSSL_cleanse: a wipe the optimiser cannot drop.
void cleanse(void* data, std::size_t size);

// Allocator that cleanses each block on deallocation. Upstream is a parameter so a test can watch
// what reaches the heap; production code uses the default.
template <typename T, typename Upstream = std::allocator<T>>
struct ZeroizingAllocator : Upstream {
    using value_type = T;
    template <typename U>
    struct rebind {
        using other = ZeroizingAllocator<U, typename std::allocator_traits<Upstream>::template rebind_alloc<U>>;
    };

    ZeroizingAllocator() = default;
    template <typename U, typename V>
    ZeroizingAllocator(const ZeroizingAllocator<U, V>& other) noexcept : Upstream(static_cast<const V&>(other)) {}

    T* allocate(std::size_t n) { return std::allocator_traits<Upstream>::allocate(*this, n); }
    void deallocate(T* p, std::size_t n) noexcept {
        cleanse(p, n * sizeof(T));
        std::allocator_traits<Upstream>::deallocate(*this, p, n);
    }
    friend bool operator==(const ZeroizingAllocator&, const ZeroizingAllocator&) noexcept { return true; }
};

class SecretBytes {
public:
    using Storage = std::vector<std::uint8_t, ZeroizingAllocator<std::uint8_t>>;

    SecretBytes() = default;
    explicit SecretBytes(std::size_t size) : m_bytes(size, 0) {}
    explicit SecretBytes(ByteView bytes) : m_bytes(bytes.begin(), bytes.end()) {}
    // Takes over a plain buffer (e.g. a prf() output) and wipes the source.
    explicit SecretBytes(Bytes&& bytes);
    ~SecretBytes() = default; // the allocator cleanses the whole block on the way out

    SecretBytes(SecretBytes&&) noexcept = default;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    // The fuzz build copies whole engines (Peer::snapshot); every other build copies explicitly.
    SecretBytes(const SecretBytes& other) : m_bytes(other.m_bytes) {}
    SecretBytes& operator=(const SecretBytes&) = delete;
    // ... and compares them (fuzz_ike_engine: has an input brought the engines back to a known state?).
    friend bool operator==(const SecretBytes&, const SecretBytes&) = default;
#else
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
#endif

    SecretBytes clone() const { return SecretBytes(view()); }

    ByteView view() const { return m_bytes; }
    std::span<std::uint8_t> mutableView() { return m_bytes; }
    const std::uint8_t* data() const { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }
    bool empty() const { return m_bytes.empty(); }

    // Overwrites every byte with zero now, keeping the size: the value is gone, the object stays
    // usable (e.g. an SA that died but is still shown).
    void wipe() noexcept { cleanse(m_bytes.data(), m_bytes.size()); }
    // Wipes and frees.
    void clear() noexcept;

private:
    Storage m_bytes;
};

// Compares in time independent of where the bytes differ (CRYPTO_memcmp). Lengths are public,
// so a length mismatch returns false at once.
bool constantTimeEqual(ByteView a, ByteView b);

} // namespace ipseclab::crypto
