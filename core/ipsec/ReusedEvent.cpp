// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/ReusedEvent.h"

namespace ipseclab::ipsec {

void ReusedEvent::stamp(std::string label, IpsecProtocol protocol, std::uint32_t spi,
                        std::optional<wire::EspLayout> espLayout, bool extendedSequenceNumbers) {
    m_event.label = std::move(label);
    m_event.espLayout = espLayout;
    m_event.extendedSequenceNumbers = extendedSequenceNumbers;
    m_protocol = protocol;
    m_spi = spi;
}

} // namespace ipseclab::ipsec
