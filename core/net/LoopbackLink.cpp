// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "net/LoopbackLink.h"

#include "net/WireFrame.h"

namespace ipseclab::net {

Result<LoopbackLink> LoopbackLink::open() {
    auto a = LoopbackSocket::open();
    if (!a) return tl::unexpected(a.error());
    auto b = LoopbackSocket::open();
    if (!b) return tl::unexpected(b.error());
    return LoopbackLink(std::move(*a), std::move(*b));
}

Result<Bytes> LoopbackLink::carry(Site from, ByteView logicalPacket, std::chrono::milliseconds timeout) {
    const LoopbackSocket& sender = socket(from);
    const LoopbackSocket& receiver = socket(otherSite(from));
    if (auto sent = sender.sendTo(receiver.port(), encodeWireFrame(logicalPacket)); !sent)
        return tl::unexpected(sent.error());
    // Anything else that reached the receiver's port (another program's stray datagram) is not
    // the lab's traffic: skip it and keep waiting for our frame.
    for (;;) {
        auto received = receiver.receive(timeout);
        if (!received) return tl::unexpected(received.error());
        if (!*received)
            return fail("the packet sent from 127.0.0.1:" + std::to_string(sender.port()) +
                        " did not arrive at 127.0.0.1:" + std::to_string(receiver.port()) + " within " +
                        std::to_string(timeout.count()) + " ms");
        if ((*received)->fromPort != sender.port()) continue;
        return decodeWireFrame((*received)->datagram);
    }
}

} // namespace ipseclab::net
