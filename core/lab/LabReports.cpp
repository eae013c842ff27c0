// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What the lab reports: status, per-SA counters, attack outcomes, the held queue, the key files.

#include "lab/LabEngine.h"

namespace ipseclab::lab::detail {

LabStatus LabEngine::status() const {
    LabStatus st;
    st.established = siteState(Site::A).established && siteState(Site::B).established;
    st.echoRequests = m_echoes.requests();
    st.echoReplies = m_echoes.replies();
    st.echoesLost = m_echoes.lost();
    st.floodPackets = m_floodPackets;
    st.legitimateRejected = m_legitimateRejected;
    st.unknownSpiA = siteState(Site::A).sad.unknownSpiCount();
    st.unknownSpiB = siteState(Site::B).sad.unknownSpiCount();
    st.failures = m_failures;
    return st;
}

std::vector<SaReport> LabEngine::saReports() const {
    std::vector<SaReport> out;
    for (const SaRecord& r : m_saRecords) {
        SaReport report;
        report.site = r.site;
        report.name = r.name;
        report.protocol = r.key.protocol;
        report.spi = r.key.spi;
        report.inbound = r.inbound;
        report.source = r.source;
        report.destination = r.destination;
        report.suite = r.suite;
        report.udpEncapsulated = r.udpEncapsulated;
        report.esn = r.esn;
        report.alive = r.alive;
        report.installedAt = r.installedAt;
        report.removedAt = r.removedAt;
        report.counters = r.finalCounters;
        if (r.alive)
            if (const ipsec::SecurityAssociation* sa = siteState(r.site).sad.find(r.key)) {
                report.counters = sa->counters();
                if (r.inbound && sa->replayWindow()) report.rightEdge = sa->replayWindow()->rightEdge();
            }
        out.push_back(std::move(report));
    }
    return out;
}

std::vector<AttackReport> LabEngine::attackReports(bool withVerdicts) const {
    std::vector<AttackReport> out;
    for (const ArmedAttack& a : m_attacks) {
        AttackReport r;
        r.index = a.index;
        r.spec = a.spec;
        r.status = a.status;
        r.summary = a.summary;
        if (withVerdicts) r.verdicts = a.verdicts;
        r.ikeReactions = a.ikeReactions;
        r.rightEdgeBefore = a.rightEdgeBefore;
        r.rightEdgeAfter = a.rightEdgeAfter;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<HeldPacketView> LabEngine::heldPackets() const {
    std::vector<HeldPacketView> out;
    for (const HeldPacket& p : m_wire) {
        if (p.flood) viewFlood(*p.flood, p.arrival, out);
        else out.push_back(HeldPacketView{p.from, wireSummary(p), p.arrival, p.attack});
    }
    return out;
}

Result<capture::WiresharkKeys> LabEngine::keys() const {
    capture::WiresharkKeys keys;
    for (const auto& [prefix, k] : m_ikeKeys) {
        if (k.initiatorCookie.size() != 8 || k.ka.empty()) continue;
        if (auto added = keys.addIkev1Sa(capture::Ikev1SaKeys{k.initiatorCookie, k.ka}); !added)
            return tl::unexpected(added.error());
    }
    for (const capture::EspSaKeys& k : m_espKeys)
        if (auto added = keys.addEspSa(k); !added) return tl::unexpected(added.error());
    return keys;
}

} // namespace ipseclab::lab::detail
