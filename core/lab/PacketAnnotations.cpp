// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/PacketAnnotations.h"

namespace ipseclab::lab {

wire::IpsecHints ipsecHints(const ipsec::Event& event) {
    wire::IpsecHints hints;
    hints.espLayout = event.espLayout;
    if (event.extendedSequenceNumbers) hints.sequenceHigh = static_cast<std::uint32_t>(event.sequenceNumber >> 32);
    return hints;
}

wire::Annotations annotations(const PacketRecord& record, wire::Dissection* dissection) {
    wire::Annotations out;
    wire::Dissection d = wire::dissectIpv4Packet(record.packet, wire::Annotator(&out), record.hints);
    if (dissection) *dissection = std::move(d);
    return out;
}

wire::Annotations annotations(const DataPlaneRecord& record) {
    wire::Annotations out;
    const wire::Annotator at(&out);
    const wire::IpsecHints hints = ipsecHints(record.event);
    if (record.event.protocol == ipsec::IpsecProtocol::Esp) (void)wire::dissectEsp(record.packet, at, hints);
    else (void)wire::dissectAh(record.packet, at, hints);
    return out;
}

wire::Annotations cleartextAnnotations(const DataPlaneRecord& record) {
    wire::Annotations out;
    if (!record.cleartext.empty()) (void)wire::dissectEspCleartext(record.cleartext, wire::Annotator(&out));
    return out;
}

} // namespace ipseclab::lab
