// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/ReceiverVerdict.h"

namespace ipseclab::lab {

void ReceiverVerdict::noteDataPlane(const ipsec::Event& e) {
    if (e.kind != ipsec::EventKind::Verdict || m_decided) return;
    if (e.verdict == ipsec::Verdict::Accepted) {
        m_decided = "accepted";
        return;
    }
    const std::string name(ipsec::verdictName(e.verdict));
    if (e.verdict == ipsec::Verdict::PolicyMismatch)
        m_decided = "dropped by policy (" + (e.reason.empty() ? name : e.reason) + ")";
    else m_decided = "dropped (" + name + (e.reason.empty() ? "" : ": " + e.reason) + ")";
}

void ReceiverVerdict::noteIke(const ike::Event& e) {
    switch (e.kind) {
    case ike::EventKind::DatagramReceived: m_received = true; break;
    case ike::EventKind::Dropped:
        // A drop after the datagram was read outweighs the reading: it did not authenticate.
        if (!m_decided) {
            const auto* info = e.as<ike::DatagramInfo>();
            m_decided = "dropped (" + (info && !info->note.empty() ? info->note : e.text) + ")";
        }
        break;
    case ike::EventKind::DuplicateIgnored:
        if (!m_decided) m_decided = "ignored (" + e.text + ")";
        break;
    case ike::EventKind::Failure:
        if (!m_failure) {
            const auto* info = e.as<ike::FailureInfo>();
            m_failure = info && !info->sentence.empty() ? info->sentence : e.text;
        }
        break;
    default: break;
    }
}

void ReceiverVerdict::noteGateway(std::string text) {
    if (!m_decided) m_decided = std::move(text);
}

std::string ReceiverVerdict::text() const {
    if (m_decided) return *m_decided;
    if (m_failure) return "failed (" + *m_failure + ")";
    if (m_received) return "accepted";
    return "no verdict recorded";
}

} // namespace ipseclab::lab
