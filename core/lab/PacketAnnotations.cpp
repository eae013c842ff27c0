// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/PacketAnnotations.h"

namespace ipseclab::lab {

Dissected dissect(const PacketRecord& record) {
    Dissected out;
    out.dissection = wire::dissectIpv4Packet(record.packet, wire::Annotator(&out.annotations), record.hints());
    return out;
}

Dissected dissect(const DataPlaneRecord& record) {
    Dissected out;
    const wire::Annotator at(&out.annotations);
    const wire::IpsecHints hints = ipsecHints(record.event());
    out.dissection = record.protocol() == ipsec::IpsecProtocol::Esp ? wire::dissectEsp(record.packet, at, hints)
                                                                    : wire::dissectAh(record.packet, at, hints);
    return out;
}

Dissected dissectCleartext(const DataPlaneRecord& record) {
    Dissected out;
    if (const ByteView cleartext = record.cleartext(); !cleartext.empty())
        out.dissection = wire::dissectEspCleartext(cleartext, wire::Annotator(&out.annotations));
    return out;
}

} // namespace ipseclab::lab
