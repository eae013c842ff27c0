// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The data plane's algorithms in the names of Wireshark's esp_sa table (core/capture), and the
// key-file entries of one SA: the lab owns this mapping because it is the layer that knows both.

#include <optional>

#include "capture/WiresharkKeys.h"
#include "ipsec/SecurityAssociation.h"
#include "ipsec/Suites.h"

namespace ipseclab::lab {

capture::EspEncryption wiresharkEncryption(ipsec::Encryption encryption);
capture::EspIntegrity wiresharkIntegrity(ipsec::Integrity integrity);
// The same algorithms protecting IKEv2's SK payloads, as ikev2_decryption_table names them.
capture::Ikev2Encryption wiresharkIkev2Encryption(ipsec::Encryption encryption);
capture::Ikev2Integrity wiresharkIkev2Integrity(ipsec::Integrity integrity);

// An ESP SA as an esp_sa line (AH has no Wireshark key line: nullopt). `source`/`destination` are
// the outer addresses as the capture shows them.
std::optional<capture::EspSaKeys> espSaKeys(const ipsec::SecurityAssociation& sa, wire::Ipv4Address source,
                                            wire::Ipv4Address destination);

} // namespace ipseclab::lab
