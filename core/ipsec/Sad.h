// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Security Association Database of one peer (RFC 4301 §4.4.2): SAs by (SPI, destination,
// protocol). Inbound packets are routed here to their SA; a packet whose SA does not exist is an
// "unknown SPI", counted by the receiver. Deleting an SA zeroizes its keys.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "ipsec/Event.h"
#include "ipsec/SaKey.h"
#include "ipsec/SecurityAssociation.h"

namespace ipseclab::ipsec {

class Sad {
public:
    // `name` labels the receiver in unknown-SPI event ids ("ESP.B.unknown-spi.seq5.verdict").
    explicit Sad(std::string name = "sad");

    // Applies to every SA, present and future, and to the SAD's own events.
    void setEventSink(EventSink sink);

    // Creates the SA (see SecurityAssociation::create) and files it under its key. Fails on a
    // configuration error or when an SA with the same key exists. The pointer stays valid until the
    // SA is removed.
    Result<SecurityAssociation*> add(SaConfig config);
    SecurityAssociation* find(const SaKey& key);
    const SecurityAssociation* find(const SaKey& key) const;
    // Removes the SA: its keys are wiped and its crypto contexts freed before it leaves, and a
    // SaDeleted event says so. The dead SA is handed back (keys all zero, refusing all traffic) for
    // a view that still wants to show it; null when there was no such SA.
    std::unique_ptr<SecurityAssociation> remove(const SaKey& key, Timestamp now = Timestamp{0});

    // Judges an IPv4 packet that arrived for this peer: ESP (protocol 50), ESP in UDP (any UDP
    // datagram given here is taken as ESP-in-UDP; demultiplex port 4500 with wire::demultiplexNatT
    // first), or AH (51). Finds the SA by (SPI, destination address, protocol) and lets it judge.
    InboundResult receive(ByteView ipv4Packet, Timestamp now);
    // The same into `result`, which is replaced; its packet buffer is reused, so a receiver that
    // keeps one result allocates nothing per packet. (`ipv4Packet` may even be the previous
    // result's packet: its bytes are kept alive until the verdict.)
    void receive(ByteView ipv4Packet, Timestamp now, InboundResult& result);

    // Fires due time-based lifetimes of every SA.
    void poll(Timestamp now);
    // The earliest SecurityAssociation::nextTimeout() of all SAs.
    std::optional<Timestamp> nextTimeout() const;

    std::uint64_t unknownSpiCount() const { return m_unknownSpi; }
    // Packets the SAD could not even attribute to an SA (not IPv4, too short for an SPI, ...).
    std::uint64_t malformedCount() const { return m_malformed; }
    std::size_t size() const { return m_sas.size(); }
    std::vector<SecurityAssociation*> all();
    const std::string& name() const { return m_name; }

private:
    // Cold: the reasons built for it stay off the per-packet path (see ColdPath.h).
    [[gnu::cold]] void reject(InboundResult& r, Verdict verdict, IpsecProtocol protocol, std::uint32_t spi,
                              std::uint64_t sequenceNumber, std::string reason, ByteView packet, Timestamp now);

    std::string m_name;
    std::map<SaKey, std::unique_ptr<SecurityAssociation>> m_sas;
    // The SA the last packet went to: traffic comes in runs, so most packets are routed by one
    // key comparison instead of a tree walk. remove() forgets it.
    SecurityAssociation* m_recent = nullptr;
    EventSink m_sink;
    std::uint64_t m_unknownSpi = 0;
    std::uint64_t m_malformed = 0;
};

} // namespace ipseclab::ipsec
