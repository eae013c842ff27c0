// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The annotated fields of the bytes a timeline event carries, produced when a view asks (as
// ike::DatagramInfo::annotations() is): the data plane never pays for them, and views never parse
// on their own. Offsets count in the record's own buffer.

#include "ipsec/Event.h"
#include "lab/LabEvent.h"
#include "wire/Annotation.h"
#include "wire/PacketDissector.h"

namespace ipseclab::lab {

// What the data plane's event (ipsec::Event, or DataPlaneEvent as the timeline keeps it) says about its
// SA's bytes: the ESP layout, and under ESN the high half of the event's sequence number.
template <typename Event>
wire::IpsecHints ipsecHints(const Event& event) {
    wire::IpsecHints hints;
    hints.espLayout = event.espLayout;
    if (event.extendedSequenceNumbers) hints.sequenceHigh = static_cast<std::uint32_t>(event.sequenceNumber >> 32);
    return hints;
}

// One buffer dissected: its fields, and the layers and the error the dissector found.
struct Dissected {
    wire::Annotations annotations;
    wire::Dissection dissection;
};

// A captured packet (WAN or LAN): the whole IPv4 packet, layer by layer.
Dissected dissect(const PacketRecord& record);
// The ESP packet (SPI .. ICV) or AH header and payload a data-plane event carries.
Dissected dissect(const DataPlaneRecord& record);
// An ESP verdict's decrypted part: the inner packet, then the ESP trailer. Empty if not decrypted.
Dissected dissectCleartext(const DataPlaneRecord& record);

} // namespace ipseclab::lab
