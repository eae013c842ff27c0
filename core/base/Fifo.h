// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A first-in first-out queue over one vector: what an engine queues for its caller (datagrams,
// events) and the caller drains. Unlike std::deque, an empty one owns no memory (libstdc++'s deque
// allocates a map and a block even empty, and again for each copy: the fuzz build copies engines
// for every input), and a queue drained to empty reuses its buffer.

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

namespace ipseclab {

template <typename T>
class Fifo {
public:
    using const_iterator = typename std::vector<T>::const_iterator;
    using const_reverse_iterator = typename std::vector<T>::const_reverse_iterator;

    bool empty() const { return m_head == m_items.size(); }
    std::size_t size() const { return m_items.size() - m_head; }
    T& front() { return m_items[m_head]; }
    const T& front() const { return m_items[m_head]; }
    const T& back() const { return m_items.back(); }
    const T& operator[](std::size_t i) const { return m_items[m_head + i]; }
    const_iterator begin() const { return m_items.begin() + static_cast<std::ptrdiff_t>(m_head); }
    const_iterator end() const { return m_items.end(); }
    const_reverse_iterator rbegin() const { return m_items.rbegin(); }
    const_reverse_iterator rend() const { return std::make_reverse_iterator(begin()); }

    void push_back(T item) { m_items.push_back(std::move(item)); }
    // The front, moved out and popped; none when empty (an engine's pollTransmit / pollEvent).
    std::optional<T> take() {
        if (empty()) return std::nullopt;
        std::optional<T> item(std::move(front()));
        pop_front();
        return item;
    }
    // Drained: the buffer is kept for what comes next. Otherwise the ones taken are dropped once
    // they are half of the buffer, so a queue never drained to empty stays bounded by what it holds.
    void pop_front() {
        if (++m_head == m_items.size()) {
            clear();
        } else if (m_head >= 16 && m_head * 2 >= m_items.size()) {
            m_items.erase(m_items.begin(), m_items.begin() + static_cast<std::ptrdiff_t>(m_head));
            m_head = 0;
        }
    }
    void clear() {
        m_items.clear();
        m_head = 0;
    }

    // Copies hold what is still queued only.
    Fifo() = default;
    Fifo(const Fifo& other) : m_items(other.begin(), other.end()) {}
    Fifo& operator=(const Fifo& other) {
        if (this != &other) *this = Fifo(other);
        return *this;
    }
    Fifo(Fifo&& other) noexcept : m_items(std::move(other.m_items)), m_head(std::exchange(other.m_head, 0)) {
        other.m_items.clear();
    }
    Fifo& operator=(Fifo&& other) noexcept {
        m_items = std::move(other.m_items);
        m_head = std::exchange(other.m_head, 0);
        other.m_items.clear();
        return *this;
    }

    friend bool operator==(const Fifo& a, const Fifo& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

private:
    std::vector<T> m_items;
    std::size_t m_head = 0; // the front's index; the ones before it were taken
};

} // namespace ipseclab
