#include "net/LoopbackSocket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace ipseclab::net {

namespace {

constexpr std::size_t kMaxDatagram = 65535;

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    return address;
}

std::string systemError(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

} // namespace

Result<LoopbackSocket> LoopbackSocket::open() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(systemError("cannot create a UDP socket"));
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        const std::string message = systemError("cannot bind a UDP socket on 127.0.0.1");
        ::close(fd);
        return fail(message);
    }
    return LoopbackSocket(fd, ntohs(address.sin_port));
}

LoopbackSocket::LoopbackSocket(LoopbackSocket&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_port(other.m_port) {}

LoopbackSocket& LoopbackSocket::operator=(LoopbackSocket&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_port = other.m_port;
    }
    return *this;
}

LoopbackSocket::~LoopbackSocket() {
    if (m_fd >= 0) ::close(m_fd);
}

Result<void> LoopbackSocket::sendTo(std::uint16_t port, ByteView datagram) const {
    const sockaddr_in address = loopback(port);
    const ssize_t sent = ::sendto(m_fd, datagram.data(), datagram.size(), 0,
                                  reinterpret_cast<const sockaddr*>(&address), sizeof address);
    if (sent < 0 || static_cast<std::size_t>(sent) != datagram.size())
        return fail(systemError(("cannot send " + std::to_string(datagram.size()) + " bytes to 127.0.0.1:" +
                                 std::to_string(port)).c_str()));
    return {};
}

Result<std::optional<LoopbackSocket::Received>> LoopbackSocket::receive(std::chrono::milliseconds timeout) const {
    pollfd waiting{m_fd, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    if (ready < 0) return fail(systemError("poll failed"));
    if (ready == 0) return std::optional<Received>();
    Received received;
    received.datagram.resize(kMaxDatagram);
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const ssize_t size = ::recvfrom(m_fd, received.datagram.data(), received.datagram.size(), 0,
                                    reinterpret_cast<sockaddr*>(&from), &length);
    if (size < 0) return fail(systemError("cannot receive a datagram"));
    received.datagram.resize(static_cast<std::size_t>(size));
    received.fromPort = ntohs(from.sin_port);
    return std::optional<Received>(std::move(received));
}

} // namespace ipseclab::net
