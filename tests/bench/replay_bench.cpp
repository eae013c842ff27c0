// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// replay_bench: anti-replay checks + updates per second with the RFC 6479 ring (ReplayWindow) for
// windows of 64 and 4096 packets, and, measured in the same run on the same arrivals, a
// straightforward shift-register window of the same size (RFC 4303 §3.4.3 / the digest §6.6: the
// bitmap shifted on every advance). The ring should not care about the size (aim: 4096 >= 0.9 x 64);
// the shift register pays for every word it shifts.
//
//   replay_bench [seconds per trial, default 0.5]

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "ipsec/ReplayWindow.h"

using namespace ipseclab;
using namespace ipseclab::ipsec;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTrials = 5;

// The classic window: bit i of the bitmap = sequence number (last - i) received; on advance the
// whole bitmap shifts.
class ShiftRegisterWindow {
public:
    explicit ShiftRegisterWindow(std::uint32_t size) : m_size(size), m_bits((size + 63) / 64, 0) {}

    ReplayStatus check(std::uint64_t seq) const {
        if (seq == 0) return ReplayStatus::SequenceZero;
        if (seq > m_last) return ReplayStatus::Ok;
        const std::uint64_t diff = m_last - seq;
        if (diff >= m_size) return ReplayStatus::TooOld;
        return (m_bits[diff / 64] >> (diff % 64)) & 1U ? ReplayStatus::Duplicate : ReplayStatus::Ok;
    }

    void update(std::uint64_t seq) {
        if (seq > m_last) {
            shiftLeft(seq - m_last);
            m_bits[0] |= 1U;
            m_last = seq;
        } else {
            const std::uint64_t diff = m_last - seq;
            m_bits[diff / 64] |= std::uint64_t{1} << (diff % 64);
        }
    }

private:
    // Shifts the multi-word bitmap towards older numbers by `d` bits.
    void shiftLeft(std::uint64_t d) {
        const std::size_t words = m_bits.size();
        if (d >= m_size) {
            std::fill(m_bits.begin(), m_bits.end(), 0);
            return;
        }
        const std::size_t wordShift = static_cast<std::size_t>(d / 64);
        const unsigned bitShift = static_cast<unsigned>(d % 64);
        for (std::size_t i = words; i-- > 0;) {
            std::uint64_t v = 0;
            if (i >= wordShift) {
                v = m_bits[i - wordShift] << bitShift;
                if (bitShift != 0 && i > wordShift) v |= m_bits[i - wordShift - 1] >> (64 - bitShift);
            }
            m_bits[i] = v;
        }
    }

    std::uint32_t m_size;
    std::vector<std::uint64_t> m_bits;
    std::uint64_t m_last = 0;
};

// Arrivals as a receiver sees them: mostly in order, some reordering inside the window,
// duplicates, the odd jump ahead and stragglers behind.
std::vector<std::uint64_t> arrivals(std::size_t count, std::uint32_t size) {
    std::mt19937_64 rng(6479);
    std::vector<std::uint64_t> out;
    out.reserve(count);
    std::uint64_t next = 1;
    while (out.size() < count) {
        const auto r = rng() % 100;
        if (r < 80) {
            out.push_back(next++);
        } else if (r < 90) {
            const std::uint64_t back = 1 + rng() % (size / 2);
            out.push_back(next > back ? next - back : next); // reordered or duplicate
        } else if (r < 95) {
            next += 1 + rng() % 8; // a few lost
            out.push_back(next++);
        } else {
            const std::uint64_t back = size + rng() % size;
            out.push_back(next > back ? next - back : 1); // too old
        }
    }
    return out;
}

template <typename Window>
double rate(Window window, const std::vector<std::uint64_t>& input, double seconds, std::uint64_t& accepted) {
    std::uint64_t done = 0;
    std::uint64_t ok = 0;
    std::uint64_t base = 0; // later passes continue above the previous ones, so the window keeps advancing
    const std::uint64_t span = input.back() + 1;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto now = start;
    while (now < deadline) {
        for (const std::uint64_t s : input) {
            const std::uint64_t seq = base + s;
            if (window.check(seq) == ReplayStatus::Ok) {
                window.update(seq);
                ++ok;
            }
        }
        done += input.size();
        base += span;
        now = Clock::now();
    }
    accepted += ok;
    return static_cast<double>(done) / std::chrono::duration<double>(now - start).count();
}

struct Figures {
    double ring = 0;
    double shift = 0;
};

Figures measure(std::uint32_t size, double seconds) {
    const std::vector<std::uint64_t> input = arrivals(1 << 20, size);
    auto ring = *ReplayWindow::create(size, true); // ESN: 64-bit numbers, never saturates
    const ShiftRegisterWindow shift(size);
    // Both must agree on every verdict before their speed means anything.
    {
        auto r = ring;
        auto s = shift;
        for (const std::uint64_t seq : input) {
            const ReplayStatus a = r.check(seq);
            if (a != s.check(seq)) {
                std::fprintf(stderr, "replay_bench: ring and shift register disagree at %llu\n",
                             static_cast<unsigned long long>(seq));
                std::exit(1);
            }
            if (a == ReplayStatus::Ok) {
                r.update(seq);
                s.update(seq);
            }
        }
    }
    Figures best;
    std::uint64_t sink = 0;
    rate(ring, input, seconds / 4, sink);
    for (int t = 0; t < kTrials; ++t) {
        best.ring = std::max(best.ring, rate(ring, input, seconds, sink));
        best.shift = std::max(best.shift, rate(shift, input, seconds, sink));
    }
    if (sink == 0) std::printf("(nothing accepted?)\n");
    std::printf("replay_bench window %4u: RFC 6479 ring %7.1f M checks+updates/s | shift register %7.1f M/s | "
                "ring / shift %.2f\n",
                size, best.ring / 1e6, best.shift / 1e6, best.ring / best.shift);
    return best;
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    if (seconds <= 0) {
        std::fprintf(stderr, "usage: replay_bench [seconds per trial]\n");
        return 1;
    }
    std::printf("replay_bench: 2^20 arrivals (80%% in order, 10%% reordered or duplicate, 5%% after a loss, 5%% "
                "too old); best of %d trials of %.2f s\n",
                kTrials, seconds);
    const Figures small = measure(64, seconds);
    const Figures large = measure(4096, seconds);
    std::printf("replay_bench ring 4096 / ring 64: %.3f (aim >= 0.9) | shift register 4096 / 64: %.3f\n",
                large.ring / small.ring, large.shift / small.shift);
    return 0;
}
