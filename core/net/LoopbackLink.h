// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's physical wire: Site A's and Site B's sockets on 127.0.0.1. carry() sends one logical
// packet from one site's socket to the other's and reads it back there, so every delivered packet
// really crossed the loopback interface; which packet goes next (the stepping, the attacks) is
// decided above, in the lab.

#include <chrono>

#include "base/Bytes.h"
#include "base/Error.h"
#include "net/LoopbackSocket.h"

namespace ipseclab::net {

enum class Site { A, B };

inline Site otherSite(Site site) { return site == Site::A ? Site::B : Site::A; }

class LoopbackLink {
public:
    static Result<LoopbackLink> open();

    // Sends `logicalPacket` from `from`'s socket and returns it as the other site received it.
    Result<Bytes> carry(Site from, ByteView logicalPacket,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

    std::uint16_t port(Site site) const { return socket(site).port(); }

private:
    LoopbackLink(LoopbackSocket a, LoopbackSocket b) : m_a(std::move(a)), m_b(std::move(b)) {}
    const LoopbackSocket& socket(Site site) const { return site == Site::A ? m_a : m_b; }

    LoopbackSocket m_a;
    LoopbackSocket m_b;
};

} // namespace ipseclab::net
