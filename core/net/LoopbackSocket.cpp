// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "net/LoopbackSocket.h"

#include <utility>

namespace ipseclab::net {

namespace {

const wire::Ipv4Address kLoopback{{127, 0, 0, 1}};

} // namespace

Result<LoopbackSocket> LoopbackSocket::open() {
    auto socket = UdpSocket::bind(kLoopback, 0);
    if (!socket) return tl::unexpected(socket.error());
    return LoopbackSocket(std::move(*socket));
}

Result<void> LoopbackSocket::sendTo(std::uint16_t port, ByteView datagram) const {
    return m_socket.sendTo(kLoopback, port, datagram);
}

} // namespace ipseclab::net
