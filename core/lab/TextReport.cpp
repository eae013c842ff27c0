// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/TextReport.h"

#include <algorithm>
#include <array>

#include "lab/LabEngine.h"

namespace ipseclab::lab {

namespace {

using detail::shortHex;

std::string pad(std::string text, std::size_t width) {
    // Pads by characters as a terminal shows them (UTF-8 continuation bytes take no column).
    std::size_t columns = 0;
    for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
    if (columns < width) text.append(width - columns, ' ');
    return text;
}

std::string ikeDetail(const ike::Event& e) {
    using K = ike::EventKind;
    if (const auto* d = e.as<ike::Derivation>()) {
        std::string inputs;
        for (const auto& in : d->inputs) inputs += (inputs.empty() ? "" : ", ") + in.name;
        std::string text = "= " + shortHex(d->value.view());
        if (!d->function.empty())
            text += "  [" + d->function + (d->keyName.empty() ? "" : " keyed with " + d->keyName) + "]";
        return text;
    }
    if (const auto* d = e.as<ike::DhInfo>())
        return "g^xy = " + shortHex(d->sharedSecret.view()) + " from our g^x " + shortHex(d->ourPublic) +
               " and the peer's " + shortHex(d->peerPublic);
    if (e.kind == K::ChildSaEstablished)
        if (const auto* c = e.as<ike::ChildSaInfo>())
            return e.text + "; keys in " + shortHex(c->inbound.keymat.view()) + ", out " +
                   shortHex(c->outbound.keymat.view());
    return e.text;
}

} // namespace

std::string TextReport::header(const Lab& lab) {
    const Scenario& s = lab.scenario();
    std::string out = "IPsec Lab — scenario " + s.name + ", seed " + std::to_string(lab.seed()) + "\n";
    if (!s.description.empty()) out += s.description + "\n";
    const auto site = [&](Site which) {
        const SiteSettings& set = s.site(which);
        std::string proposals;
        for (const auto& p : set.childProposals) proposals += (proposals.empty() ? "" : ",") + p;
        const std::string ike = ikeProposalsText(which, set);
        return std::string("Site ") + siteName(which) + " " + LabNetwork::gateway(which).toString() +
               (which == Site::A ? " (initiator" : " (responder") + ", LAN " + LabNetwork::lan(which) + ", host " +
               LabNetwork::host(which).toString() +
               "): " + (set.mode == ike::Phase1Mode::Main ? "Main Mode " : "Aggressive Mode ") + ike + ", " +
               (set.protocol == ike::ChildProtocol::Esp ? "ESP " : "AH ") + proposals +
               (set.encapsulation == ike::Encapsulation::Transport ? ", transport mode" : "") + "\n";
    };
    out += site(Site::A) + site(Site::B);
    if (s.nat) out += "The wire: a NAT rewrites Site A to " + LabNetwork::natPublicAddress().toString() + "\n";
    out += "Traffic: " + std::to_string(s.traffic.count) + " echo request(s) from " +
           (s.gatewaysTalk() ? "gateway A to gateway B" : "host A") + " every " +
           std::to_string(s.traffic.interval.count()) + " ms";
    if (!s.attacks.empty()) {
        out += "; attacks:";
        for (const auto& a : s.attacks) out += " " + a.toString();
    }
    out += "\nExpected outcome: " + s.expect.toString() + "\n";
    return out;
}

std::string TextReport::eventLine(const LabEvent& e) {
    const std::string summary = e.summary(); // made on each call
    std::string line = pad(formatSeconds(e.time), 11) + "  " + pad(std::string(originName(e.origin)), 4) + "  " +
                       summary;
    std::string detail;
    if (const ike::Event* ev = e.ike()) detail = ikeDetail(*ev);
    else detail = e.text();
    if (!detail.empty() && detail != summary) line += (detail.rfind("= ", 0) == 0 ? "  " : "  — ") + detail;
    return line + "\n";
}

std::string TextReport::newEvents(const Timeline& timeline) {
    std::string out;
    // A timeline that keeps no history (Retention) has forgotten the events before first().
    for (m_printed = std::max(m_printed, timeline.first()); m_printed < timeline.size(); ++m_printed) {
        const LabEvent& e = timeline.at(m_printed);
        if (e.kind != LabEventKind::Outcome && (!m_phase || *m_phase != e.phase)) {
            m_phase = e.phase;
            out += "\n── " + std::to_string(static_cast<int>(e.phase) + 1) + ". " + std::string(phaseName(e.phase)) +
                   "\n";
        }
        out += eventLine(e);
    }
    return out;
}

std::string TextReport::verdictCounts(const std::vector<ipsec::Verdict>& verdicts) {
    std::array<std::uint64_t, ipsec::kVerdictCount> counts{};
    for (auto v : verdicts) ++counts[static_cast<std::size_t>(v)];
    std::string out;
    for (std::size_t v = 0; v < counts.size(); ++v)
        if (counts[v])
            out += (out.empty() ? "" : ", ") + std::string(ipsec::verdictName(static_cast<ipsec::Verdict>(v))) + " " +
                   std::to_string(counts[v]);
    if (out.empty()) return out;
    return out + " (" + std::to_string(verdicts.size()) + " packet" + (verdicts.size() == 1 ? "" : "s") + ")";
}

std::string TextReport::attacks(const Lab& lab) {
    const auto reports = lab.attackReports();
    if (reports.empty()) return {};
    std::string out = "\n── Attacks\n";
    for (const AttackReport& r : reports) {
        // A flood's verdicts are counted ("duplicate 5012, too old 4988"); other attacks list theirs.
        std::string verdicts = r.spec.kind == AttackKind::Flood ? verdictCounts(r.verdicts) : std::string();
        if (r.spec.kind != AttackKind::Flood)
            for (auto v : r.verdicts) verdicts += (verdicts.empty() ? "" : ", ") + std::string(ipsec::verdictName(v));
        if (verdicts.empty()) verdicts = r.spec.isIke() ? "n/a (IKE)" : "none";
        out += "  attack " + std::to_string(r.index) + "  " + r.spec.toString() + "  verdicts: " + verdicts;
        std::string notes = r.summary.empty() ? r.status : r.summary;
        if (r.status != "done" && !r.summary.empty()) notes += "; " + r.status;
        if (r.rightEdgeBefore && r.rightEdgeAfter)
            notes += "; right edge " + std::to_string(*r.rightEdgeBefore) + " → " + std::to_string(*r.rightEdgeAfter);
        if (!notes.empty()) out += "  (" + notes + ")";
        out += "\n";
        for (const auto& reaction : r.ikeReactions) out += "      " + reaction + "\n";
    }
    return out;
}

std::string TextReport::counters(const Lab& lab) {
    std::string out = "\n── Counters\n";
    for (const SaReport& r : lab.saReports()) {
        std::string line = "  " + std::string(siteName(r.site)) + "  " + pad(r.name, 6) + " " +
                           ipsec::protocolName(r.protocol) + (r.inbound ? " in " : " out") + "  SPI " + hex32(r.spi) +
                           "  " + r.source.toString() + " → " + r.destination.toString() + "  " + r.suite +
                           (r.udpEncapsulated ? ", UDP 4500" : "") + (r.esn ? ", ESN" : "") +
                           (r.alive ? "" : " (deleted)") + ": ";
        if (r.inbound) {
            line += "received " + std::to_string(r.counters.packetsReceived) + " packets, " +
                    std::to_string(r.counters.bytesReceived) + " bytes; verdicts";
            for (std::size_t v = 0; v < ipsec::kVerdictCount; ++v)
                line += std::string(v ? ", " : " ") + std::string(ipsec::verdictName(static_cast<ipsec::Verdict>(v))) +
                        " " + std::to_string(r.counters.verdicts[v]);
            if (r.rightEdge) line += "; right edge " + std::to_string(*r.rightEdge);
        } else {
            line += "sent " + std::to_string(r.counters.packetsSent) + " packets, " +
                    std::to_string(r.counters.bytesSent) + " bytes";
            if (r.counters.refusedToSend) line += ", refused " + std::to_string(r.counters.refusedToSend);
        }
        out += line + "\n";
    }
    const LabStatus st = lab.status();
    out += "  unknown SPI: A " + std::to_string(st.unknownSpiA) + ", B " + std::to_string(st.unknownSpiB) + "\n";
    out += "  echo requests " + std::to_string(st.echoRequests) + ", replies " + std::to_string(st.echoReplies) +
           ", lost " + std::to_string(st.echoesLost) + "\n";
    out += "  legitimate packets rejected: " + std::to_string(st.legitimateRejected) + "\n";
    return out;
}

std::string TextReport::outcome(const Lab& lab) {
    const auto o = lab.outcome();
    std::string out = "\n── Outcome\n";
    if (!o) return out + "  (the run has not reached its end)\n";
    return out + "  " + o->sentence + "\n";
}

} // namespace ipseclab::lab
