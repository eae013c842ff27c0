// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/QuestionOrder.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "lesson/QuestionKinds.h"

namespace ipseclab::lesson {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// FNV-1a over the lesson id, then the step and the seed mixed in.
std::uint64_t startState(const std::string& lessonId, std::size_t step, std::uint64_t seed) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : lessonId) h = (h ^ c) * 0x100000001b3ULL;
    std::uint64_t state = h ^ (static_cast<std::uint64_t>(step) * 0x9e3779b97f4a7c15ULL);
    splitmix64(state);
    return state ^ seed;
}

} // namespace

std::vector<std::size_t> shownOrder(const std::string& lessonId, std::size_t step, std::uint64_t seed,
                                    const Question& q) {
    if (!hasChoices(q)) return {};
    std::vector<std::size_t> order(q.choices.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::uint64_t state = startState(lessonId, step, seed);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[splitmix64(state) % i]);
    // An ordering shown in its right order would be answered by Check alone.
    if (q.kind == Question::Kind::Ordering && std::is_sorted(order.begin(), order.end()))
        std::rotate(order.begin(), order.begin() + 1, order.end());
    return order;
}

std::string choiceLetter(std::size_t position) { return std::string(1, static_cast<char>('A' + position % 26)); }

} // namespace ipseclab::lesson
