// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A child SA the IKE engine negotiated, turned into the data plane's SaConfig: one direction of it,
// with its keys cut from KEYMAT. Both the lab and `ipsec-lab peer` install their SAs through this.

#include <cstdint>
#include <optional>
#include <string>

#include "base/Error.h"
#include "base/Timestamp.h"
#include "crypto/RandomSource.h"
#include "ike/Event.h"
#include "ipsec/SaConfig.h"

namespace ipseclab::lab {

// What the installer adds to what was negotiated.
struct ChildSaSettings {
    std::string name;                       // the SA's label in event ids ("A2B", "in#2")
    crypto::RandomSource* random = nullptr; // CBC IVs; not owned
    Timestamp created{0};
    std::uint32_t replayWindow = ipsec::ReplayWindow::kDefaultSize;
    // The soft byte limit as a fraction of the negotiated hard one; none without it.
    std::optional<double> softLifetimeFraction;
    std::optional<std::uint64_t> labStartSequence; // LAB ONLY (SaConfig::labStartSequence)
};

bool isTransportMode(wire::EncapsulationMode mode);

// One direction (`direction`: info.inbound or info.outbound, by reference: which one is told by its
// address) of the child SA `info`, with the Quick Mode's selectors in that direction.
Result<ipsec::SaConfig> childSaConfig(const ike::ChildSaInfo& info, const ike::ChildSaDirection& direction,
                                      const ChildSaSettings& settings);

} // namespace ipseclab::lab
