// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Security Policy Database of one gateway (RFC 4301 §4.4.1), outbound side: policies by local
// and remote subnet, first match wins, each protecting, bypassing or discarding. A protect policy
// without an SA yet raises an Acquire (the first interesting packet starts IKE, overview stage 1)
// and holds the packets briefly until attachSa() hands them back to be protected.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "ipsec/Event.h"
#include "ipsec/SaKey.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

struct Subnet {
    wire::Ipv4Address network;
    std::uint8_t prefixLength = 32;

    // "10.1.0.0/24", or an address alone for /32. Host bits must be zero.
    static std::optional<Subnet> parse(std::string_view text);
    bool contains(wire::Ipv4Address address) const;
    std::string toString() const;
};

enum class PolicyAction { Protect, Bypass, Discard };
std::string_view policyActionName(PolicyAction action);

struct Policy {
    std::string name; // the label in event ids: "SPD.A-to-B.acquire"
    Subnet local;     // matched against the packet's source
    Subnet remote;    // ... and destination
    PolicyAction action = PolicyAction::Protect;
    IpsecProtocol protocol = IpsecProtocol::Esp; // what Protect asks IKE for
};

struct OutboundDecision {
    enum class Kind {
        Protect, // protect with `sa` (look it up in the SAD)
        Bypass,  // send in clear
        Discard, // drop (a discard policy, or no policy at all: RFC 4301's default)
        Queued,  // held for the SA an acquire asked for
        Dropped, // a protect policy without SA whose queue is full: dropped
    };
    Kind kind = Kind::Discard;
    const Policy* policy = nullptr; // null when nothing matched
    std::optional<SaKey> sa;
};

struct QueueLimits {
    std::size_t packets = 4;                     // per policy; a packet beyond this is dropped
    Timestamp maxAge = std::chrono::seconds(10); // a packet held longer is dropped by poll()
};

class Spd {
public:
    explicit Spd(QueueLimits limits = {});

    void setEventSink(EventSink sink) { m_sink = std::move(sink); }

    // Appends a policy (order matters: first match wins). Names must be unique and non-empty.
    Result<void> add(Policy policy);
    const Policy* find(std::string_view name) const;
    // The first policy whose subnets contain the source and destination.
    const Policy* match(wire::Ipv4Address source, wire::Ipv4Address destination) const;

    // What to do with an outbound IPv4 packet. For a protect policy without SA, the packet is queued
    // and the first one raises an Acquire event.
    OutboundDecision outbound(ByteView ipv4Packet, Timestamp now);

    // The SA that now protects the policy's traffic (IKE finished). Returns the queued packets,
    // oldest first, for the caller to protect and send; the pending acquire is over.
    Result<std::vector<Bytes>> attachSa(std::string_view policyName, const SaKey& sa);
    // Points the policy at another remote subnet, keeping its SA and queue: a transport-mode peer
    // behind a NAT is reached at its public address once the SA shows it.
    Result<void> setRemote(std::string_view policyName, Subnet remote);
    // Forgets the policy's SA (deleted or expired): the next packet acquires again.
    void detachSa(std::string_view policyName);
    std::optional<SaKey> saOf(std::string_view policyName) const;

    // Drops queued packets older than the limit (QueueDropped events); when a policy's queue
    // empties this way, its acquire is over and the next packet raises a new one.
    void poll(Timestamp now);
    std::size_t queued(std::string_view policyName) const;
    bool acquirePending(std::string_view policyName) const;

private:
    struct Queued {
        Bytes packet;
        Timestamp since;
    };
    struct Entry {
        Policy policy;
        std::optional<SaKey> sa;
        bool acquirePending = false;
        std::deque<Queued> queue;
    };
    Entry* entry(std::string_view name);
    const Entry* entry(std::string_view name) const;
    void notify(EventKind kind, const Policy& policy, std::string reason, ByteView payload, Timestamp now) const;

    QueueLimits m_limits;
    std::vector<Entry> m_entries;
    EventSink m_sink;
};

} // namespace ipseclab::ipsec
