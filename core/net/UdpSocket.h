// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A UDP/IPv4 socket bound to a given address and port: the transport of `ipsec-lab peer`, which
// talks to a real daemon on real addresses (docs/architecture.md "One datagram, from the wire to the window"), and the
// socket under the lab's LoopbackSocket. Blocking only in receive(timeout); the peer's event loop polls fd().
//
// This class sends wherever it is told: the policy of where a program may send (127.0.0.0/8 only,
// unless the user explicitly allows more) belongs to its caller (see LoopbackSocket, app/peer).

#include <chrono>
#include <cstdint>
#include <optional>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::net {

class UdpSocket {
public:
    // Binds to address:port; port 0 lets the kernel choose one (port() tells which). With
    // `reuseAddress` (SO_REUSEADDR) the bind succeeds next to a daemon bound to 0.0.0.0 on the same
    // port, as strongSwan's charon is: the kernel then hands each datagram to the socket bound to
    // its destination address. Errors name the address and the system's reason.
    static Result<UdpSocket> bind(const wire::Ipv4Address& address, std::uint16_t port, bool reuseAddress = false);

    UdpSocket(UdpSocket&& other) noexcept;
    UdpSocket& operator=(UdpSocket&& other) noexcept;
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;
    ~UdpSocket();

    // For poll(): readable when a datagram is waiting.
    int fd() const { return m_fd; }
    const wire::Ipv4Address& address() const { return m_address; }
    std::uint16_t port() const { return m_port; }

    Result<void> sendTo(const wire::Ipv4Address& address, std::uint16_t port, ByteView datagram) const;

    struct Received {
        Bytes datagram;
        wire::Ipv4Address fromAddress;
        std::uint16_t fromPort = 0;
    };
    // The next waiting datagram without blocking; nullopt when none is waiting.
    Result<std::optional<Received>> receive() const;
    // The next datagram, waiting at most `timeout`; nullopt when none arrives in time.
    Result<std::optional<Received>> receive(std::chrono::milliseconds timeout) const;

private:
    UdpSocket(int fd, const wire::Ipv4Address& address, std::uint16_t port)
        : m_fd(fd), m_address(address), m_port(port) {}

    int m_fd = -1;
    wire::Ipv4Address m_address;
    std::uint16_t m_port = 0;
};

} // namespace ipseclab::net
