// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A responder's cap on half-open IKE SAs, the same for IKEv1 (ike/Engine.cpp) and IKEv2
// (ikev2/IkeSaInit.cpp), as charon's init_limit_half_open (in total) and block_threshold (per
// peer address): whether a new first message from `peer` may make an SA, and which SA to forget
// to make room. Each engine says how its SAs count (HalfOpenRole) and forgets the victim itself.

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <type_traits>

namespace ipseclab {

struct HalfOpenLimits {
    std::size_t total = 1000;
    std::size_t perAddress = 5;
};

// How one SA counts toward the limits.
struct HalfOpenRole {
    bool halfOpen = false;  // a responder SA not established and not gone (failed ones included)
    bool samePeer = false;  // its peer is the sender of the new first message
    bool running = false;   // still in its exchanges: counted per address (a failed one is not)
    bool evictable = false; // still waiting after its first exchange (or failed): may make room
};

template <typename Sa>
struct HalfOpenVerdict {
    std::optional<std::string> refusal; // drop the new message, no SA made, this is why
    Sa* victim = nullptr;               // forget this SA to make room, then admit
    std::size_t halfOpen = 0;           // how many there are now
};

// `sas`: a range of SAs (or handles to them); `role(sa)` a HalfOpenRole; `peer` the sender, in words.
template <typename Range, typename RoleOf>
auto halfOpenVerdict(Range& sas, const HalfOpenLimits& limits, const std::string& peer, RoleOf role) {
    using Sa = std::remove_reference_t<decltype(*std::begin(sas))>;
    HalfOpenVerdict<Sa> verdict;
    std::size_t fromPeer = 0;
    Sa* oldest = nullptr;         // the oldest evictable SA
    Sa* oldestFromPeer = nullptr; // ... and the oldest of the sender's own
    for (Sa& sa : sas) {
        const HalfOpenRole r = role(sa);
        if (!r.halfOpen) continue;
        ++verdict.halfOpen;
        // Per address, only exchanges still running count (as charon's block_threshold): five
        // failed attempts from one host must not lock it out until they time out.
        fromPeer += r.samePeer && r.running;
        if (r.evictable) {
            if (!oldest) oldest = &sa;
            if (r.samePeer && !oldestFromPeer) oldestFromPeer = &sa;
        }
    }
    if (fromPeer >= limits.perAddress) {
        verdict.refusal = peer + " already has " + std::to_string(fromPeer) +
                          " half-open IKE SAs here, the limit per address: dropped, no SA created";
    } else if (verdict.halfOpen >= limits.total) {
        // At the total cap a flood from many addresses would lock everyone out until the half-open
        // timeout: an SA still waiting for the initiator's second exchange makes room (a genuine
        // initiator answers fast, a flood never does). An address that holds such an SA gives up
        // its own oldest, so a flood whose addresses repeat pushes out only its own SAs.
        verdict.victim = oldestFromPeer ? oldestFromPeer : oldest;
        if (!verdict.victim)
            verdict.refusal = "the limit of " + std::to_string(limits.total) +
                              " half-open IKE SAs is reached, each past its first exchange: dropped, no SA created";
    }
    return verdict;
}

// Why a victim of halfOpenVerdict() is forgotten, for its SA's removal.
inline std::string halfOpenEvictionReason(const HalfOpenLimits& limits) {
    return "forgotten to make room: " + std::to_string(limits.total) +
           " half-open IKE SAs is the limit (a flood of first messages?)";
}

} // namespace ipseclab
