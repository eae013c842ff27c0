// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The data plane of `ipsec-lab peer`: core/ipsec's SPD and SAD kept in step with the child SAs the
// IKE engine negotiated, carrying inner IPv4 packets as ESP in UDP (RFC 3948) on the NAT-T port.
// Sans-I/O like the layers under it: ESP datagrams in and out as bytes, the peer loop owns the socket.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"
#include "capture/WiresharkKeys.h"
#include "crypto/RandomSource.h"
#include "ike/Event.h"
#include "ipsec/Event.h"
#include "ipsec/Sad.h"
#include "ipsec/Spd.h"
#include "ipsec/Suites.h"

namespace ipseclab::peer {

// The counters of one SA, alive or gone.
struct SaRecord {
    std::string name; // "out", "in", "out#2"...
    bool inbound = false;
    std::uint32_t spi = 0;
    std::string suite;
    wire::Ipv4Address source, destination;
    std::uint16_t sourcePort = 0, destinationPort = 0;
    bool alive = true;
    ipsec::SaCounters counters;
};

class Tunnel {
public:
    // `random` supplies CBC IVs (the OS's, in the peer); events of the SAD, SPD and SAs go to `sink`.
    Tunnel(const ipsec::Subnet& localTs, const ipsec::Subnet& remoteTs, crypto::RandomSource& random,
           ipsec::EventSink sink);
    Tunnel(const Tunnel&) = delete;
    Tunnel& operator=(const Tunnel&) = delete;

    // What changed when the SAD was brought in line with the engine's child SAs.
    struct Change {
        bool installed = false; // else removed
        std::uint32_t inboundSpi = 0;
        std::uint32_t outboundSpi = 0;
        std::string description; // one sentence
    };
    // Installs the child SAs the engine has and the SAD lacks, removes those it no longer has. The
    // newest pair protects the tunnel's traffic. Packets the SPD held for it are sent: `ready`.
    // `payload` lies in the tunnel's output buffer: valid until the tunnel's next call.
    struct Datagram {
        wire::Ipv4Address address; // where to send (the peer's NAT-T endpoint)
        std::uint16_t port = 0;
        std::uint16_t sourcePort = 0; // our NAT-T port it must leave from
        ByteView payload;             // the UDP payload: the ESP packet
    };
    using Sender = std::function<void(const Datagram&)>;
    std::vector<Change> reconcile(const std::vector<ike::ChildSaInfo>& children, ipsec::Timestamp now,
                                  const Sender& sendHeld);

    // An ESP packet that arrived in UDP from `from` to our `to`: the inner IPv4 packet when the SA
    // accepted it (verdicts are events either way), valid until the tunnel's next receive().
    std::optional<ByteView> receive(ByteView esp, const wire::Ipv4Address& fromAddress, std::uint16_t fromPort,
                                    const wire::Ipv4Address& toAddress, std::uint16_t toPort, ipsec::Timestamp now);

    // An inner IPv4 packet to send through the tunnel: the ESP datagram, nullopt when the SPD holds
    // it (no SA yet) or drops it (an event says which), an error when protecting failed.
    Result<std::optional<Datagram>> send(ByteView innerPacket, ipsec::Timestamp now);

    void poll(ipsec::Timestamp now);
    std::optional<ipsec::Timestamp> nextTimeout() const;

    // Every SA installed so far, in installation order, with its counters (final ones when gone).
    std::vector<SaRecord> records() const;
    // esp_sa entries of every SA installed so far (a capture still holds the packets of dead ones).
    const std::vector<capture::EspSaKeys>& wiresharkKeys() const { return m_keys; }

private:
    struct Installed {
        std::uint32_t inboundSpi = 0;
        std::uint32_t outboundSpi = 0;
        ipsec::SaKey inboundKey, outboundKey;
        std::size_t inboundRecord = 0, outboundRecord = 0;
    };
    Result<Installed> install(const ike::ChildSaInfo& info, ipsec::Timestamp now);
    void uninstall(std::size_t index, ipsec::Timestamp now);
    Result<Datagram> protect(const ipsec::SaKey& key, ByteView innerPacket, ipsec::Timestamp now);

    static constexpr const char* kPolicy = "tunnel";
    crypto::RandomSource& m_random;
    ipsec::Sad m_sad;
    ipsec::Spd m_spd;
    std::vector<Installed> m_children;
    std::vector<SaRecord> m_records;
    std::vector<capture::EspSaKeys> m_keys;
    int m_generation = 0;
    // One buffer per direction, reused for every packet (the SA's buffer-reusing overloads).
    Bytes m_outer;
    ipsec::InboundResult m_inbound;
};

} // namespace ipseclab::peer
