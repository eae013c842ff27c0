// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A queue of elements stored N to an allocation: appending never moves the elements already there
// (references into it stay valid until their element is popped), and an element costs its size.
// std::deque stores one element an allocation when it is larger than 256 bytes (libstdc++), each
// with the allocator's header and rounding: the lab's timeline, a million events and more, paid
// about 16 bytes an event for it (issue 18).

#include <compare>
#include <cstddef>
#include <deque>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>

namespace ipseclab {

template <typename T, std::size_t N>
class ChunkedQueue {
    struct Chunk {
        alignas(T) std::byte bytes[N * sizeof(T)];
        T* slot(std::size_t i) { return std::launder(reinterpret_cast<T*>(bytes) + i); }
    };

public:
    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        const_iterator() = default;
        reference operator*() const { return (*m_queue)[m_index]; }
        pointer operator->() const { return &(*m_queue)[m_index]; }
        reference operator[](difference_type n) const { return *(*this + n); }
        const_iterator& operator++() { return *this += 1; }
        const_iterator operator++(int) {
            const_iterator old = *this;
            ++*this;
            return old;
        }
        const_iterator& operator--() { return *this -= 1; }
        const_iterator operator--(int) {
            const_iterator old = *this;
            --*this;
            return old;
        }
        const_iterator& operator+=(difference_type n) {
            m_index = static_cast<std::size_t>(static_cast<difference_type>(m_index) + n);
            return *this;
        }
        const_iterator& operator-=(difference_type n) { return *this += -n; }
        friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
        friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
        friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return static_cast<difference_type>(a.m_index) - static_cast<difference_type>(b.m_index);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.m_index == b.m_index; }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.m_index <=> b.m_index; }

    private:
        friend class ChunkedQueue;
        const_iterator(const ChunkedQueue* queue, std::size_t index) : m_queue(queue), m_index(index) {}
        const ChunkedQueue* m_queue = nullptr;
        std::size_t m_index = 0;
    };
    using iterator = const_iterator;

    ChunkedQueue() = default;
    ChunkedQueue(const ChunkedQueue&) = delete;
    ChunkedQueue& operator=(const ChunkedQueue&) = delete;
    ~ChunkedQueue() {
        while (!empty()) pop_front();
    }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T& operator[](std::size_t i) {
        const std::size_t at = m_head + i;
        return *m_chunks[at / N]->slot(at % N);
    }
    const T& operator[](std::size_t i) const { return const_cast<ChunkedQueue&>(*this)[i]; }
    T& at(std::size_t i) { return i < m_size ? (*this)[i] : throw std::out_of_range("ChunkedQueue::at"); }
    const T& at(std::size_t i) const { return const_cast<ChunkedQueue&>(*this).at(i); }
    const T& front() const { return (*this)[0]; }
    T& back() { return (*this)[m_size - 1]; }
    const T& back() const { return (*this)[m_size - 1]; }
    const_iterator begin() const { return const_iterator(this, 0); }
    const_iterator end() const { return const_iterator(this, m_size); }

    void push_back(T value) {
        const std::size_t at = m_head + m_size;
        if (at / N == m_chunks.size()) m_chunks.push_back(std::unique_ptr<Chunk>(new Chunk)); // not zeroed
        new (m_chunks[at / N]->slot(at % N)) T(std::move(value));
        ++m_size;
    }
    void pop_front() {
        (*this)[0].~T();
        --m_size;
        if (++m_head == N) {
            m_chunks.pop_front();
            m_head = 0;
        }
    }

private:
    std::deque<std::unique_ptr<Chunk>> m_chunks;
    std::size_t m_head = 0; // the slot of the front element in the first chunk
    std::size_t m_size = 0;
};

} // namespace ipseclab
