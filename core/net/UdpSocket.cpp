// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "net/UdpSocket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace ipseclab::net {

namespace {

constexpr std::size_t kMaxDatagram = 65535;

sockaddr_in socketAddress(const wire::Ipv4Address& address, std::uint16_t port) {
    sockaddr_in out{};
    out.sin_family = AF_INET;
    out.sin_addr.s_addr = htonl(address.toU32());
    out.sin_port = htons(port);
    return out;
}

std::string endpointText(const wire::Ipv4Address& address, std::uint16_t port) {
    return address.toString() + ":" + std::to_string(port);
}

std::string systemError(const std::string& what) { return what + ": " + std::strerror(errno); }

} // namespace

Result<UdpSocket> UdpSocket::bind(const wire::Ipv4Address& address, std::uint16_t port, bool reuseAddress) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(systemError("cannot create a UDP socket"));
    const int on = 1;
    if (reuseAddress && ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) {
        const std::string message = systemError("cannot set SO_REUSEADDR");
        ::close(fd);
        return fail(message);
    }
    sockaddr_in bound = socketAddress(address, port);
    socklen_t length = sizeof bound;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&bound), sizeof bound) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
        const std::string message = systemError("cannot bind a UDP socket to " + endpointText(address, port));
        ::close(fd);
        return fail(message);
    }
    return UdpSocket(fd, address, ntohs(bound.sin_port));
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_address(other.m_address), m_port(other.m_port) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_address = other.m_address;
        m_port = other.m_port;
    }
    return *this;
}

UdpSocket::~UdpSocket() {
    if (m_fd >= 0) ::close(m_fd);
}

Result<void> UdpSocket::sendTo(const wire::Ipv4Address& address, std::uint16_t port, ByteView datagram) const {
    const sockaddr_in to = socketAddress(address, port);
    const ssize_t sent = ::sendto(m_fd, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                                  sizeof to);
    if (sent < 0 || static_cast<std::size_t>(sent) != datagram.size())
        return fail(systemError("cannot send " + std::to_string(datagram.size()) + " bytes from " +
                                endpointText(m_address, m_port) + " to " + endpointText(address, port)));
    return {};
}

Result<std::optional<UdpSocket::Received>> UdpSocket::receive() const { return receive(std::chrono::milliseconds(0)); }

Result<std::optional<UdpSocket::Received>> UdpSocket::receive(std::chrono::milliseconds timeout) const {
    pollfd waiting{m_fd, POLLIN, 0};
    int ready;
    do ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    while (ready < 0 && errno == EINTR);
    if (ready < 0) return fail(systemError("poll failed"));
    if (ready == 0) return std::optional<Received>();
    // Peek at the datagram's length first (Linux: MSG_TRUNC returns it whole), so each datagram
    // gets a buffer of its own size rather than a zero-filled 64 KiB one.
    ssize_t size;
    do size = ::recv(m_fd, nullptr, 0, MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC);
    while (size < 0 && errno == EINTR);
    Received received;
    if (size >= 0) {
        received.datagram.resize(std::min(static_cast<std::size_t>(size), kMaxDatagram));
        sockaddr_in from{};
        socklen_t length = sizeof from;
        do
            size = ::recvfrom(m_fd, received.datagram.data(), received.datagram.size(), MSG_DONTWAIT,
                              reinterpret_cast<sockaddr*>(&from), &length);
        while (size < 0 && errno == EINTR);
        received.fromAddress = wire::Ipv4Address::fromU32(ntohl(from.sin_addr.s_addr));
        received.fromPort = ntohs(from.sin_port);
    }
    if (size < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return std::optional<Received>();
        return fail(systemError("cannot receive a datagram on " + endpointText(m_address, m_port)));
    }
    received.datagram.resize(static_cast<std::size_t>(size));
    return std::optional<Received>(std::move(received));
}

} // namespace ipseclab::net
