// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A UDP socket on 127.0.0.1 with an ephemeral port: the lab's physical medium. It can only send
// to another port on 127.0.0.1 — the API takes a port, not an address — so the lab can never
// send to a logical (10.x, 127.0.0.2) or outside address, whatever a scenario says.

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

#include "base/Bytes.h"
#include "base/Error.h"
#include "net/UdpSocket.h"

namespace ipseclab::net {

class LoopbackSocket {
public:
    static Result<LoopbackSocket> open();

    // The ephemeral port the kernel gave us on 127.0.0.1.
    std::uint16_t port() const { return m_socket.port(); }

    Result<void> sendTo(std::uint16_t port, ByteView datagram) const;
    // The next datagram, or nullopt when none arrives within `timeout`. Also says which port it
    // came from, so a receiver can drop strays that are not from its peer socket.
    using Received = UdpSocket::Received;
    Result<std::optional<Received>> receive(std::chrono::milliseconds timeout) const {
        return m_socket.receive(timeout);
    }

private:
    explicit LoopbackSocket(UdpSocket socket) : m_socket(std::move(socket)) {}

    UdpSocket m_socket; // bound to 127.0.0.1, port 0
};

} // namespace ipseclab::net
