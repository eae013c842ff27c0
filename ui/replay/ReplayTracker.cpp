// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/replay/ReplayTracker.h"

#include <QElapsedTimer>

#include <map>
#include <set>

#include "ui/common/LabController.h"

namespace ipseclab::ui {

std::uint64_t ReplaySa::count(VerdictClass verdict) const {
    std::uint64_t n = 0;
    for (std::size_t v = 0; v < ipsec::kVerdictCount; ++v)
        if (classify(static_cast<ipsec::Verdict>(v)) == verdict) n += counters[v];
    return n;
}

ReplayTracker::ReplayTracker(LabController& controller, QObject* parent) : QObject(parent), m_controller(controller) {
    connect(&controller, &LabController::reset, this, &ReplayTracker::clear);
    connect(&controller, &LabController::eventsAdded, this, &ReplayTracker::read);
}

const ReplaySa* ReplayTracker::sa(const std::string& name) const {
    for (const ReplaySa& sa : m_sas)
        if (sa.name == name) return &sa;
    return nullptr;
}

IkeAttackShown ReplayTracker::ikeAttack(int index) const {
    const auto it = m_ikeAttacks.find(index);
    if (it == m_ikeAttacks.end()) return {};
    IkeAttackShown shown = it->second;
    if (shown.messageId)
        if (const auto done = m_quickModesDone.find(*shown.messageId); done != m_quickModesDone.end())
            shown.completedAt = done->second;
    return shown;
}

void ReplayTracker::readIke(const lab::LabEvent& e, const ike::Event& ike) {
    const lab::Site site = e.origin == lab::Origin::SiteA ? lab::Site::A : lab::Site::B;
    if (ike.kind == ike::EventKind::ChildSaEstablished) {
        if (const auto* child = ike.as<ike::ChildSaInfo>()) m_quickModesDone[child->messageId].push_back(site);
        return;
    }
    if (!e.attack) return;
    const auto* datagram = ike.as<ike::DatagramInfo>();
    if (!datagram || (ike.kind != ike::EventKind::Dropped && ike.kind != ike::EventKind::DuplicateIgnored &&
                      ike.kind != ike::EventKind::DatagramReceived))
        return;
    IkeAttackShown& attack = m_ikeAttacks[*e.attack];
    attack.messageId = datagram->header.messageId;
    const std::string who = std::string("Site ") + lab::siteName(site);
    if (ike.kind == ike::EventKind::Dropped && !datagram->note.empty())
        attack.refused.push_back(who + " dropped it: " + datagram->note);
    else if (ike.kind != ike::EventKind::DatagramReceived) attack.refused.push_back(who + " ignored it: " + ike.text);
}

void ReplayTracker::clear() {
    m_sas.clear();
    m_attacks.clear();
    m_attackSteps.clear();
    m_attackVerdicts.clear();
    m_ikeAttacks.clear();
    m_quickModesDone.clear();
    m_shownEnd = 0;
    m_attackLastEvent.clear();
    m_attackScanEnd = 0;
    m_resetPending = true;
    emit cleared();
}

void ReplayTracker::read(qsizetype first, qsizetype count) {
    QElapsedTimer timer;
    timer.start();
    struct Found {
        std::string name;
        lab::Site receiver;
        ReplayArrival arrival;
    };
    std::vector<Found> found;
    std::vector<std::pair<int, ipsec::Verdict>> attackVerdicts; // as the lab counts them: unknown SPIs too
    std::vector<lab::SaReport> reports;
    std::vector<lab::AttackReport> attacks;
    std::set<int> attacksGoOn; // attacks with events the views have not been shown yet
    std::array<std::uint32_t, 2> windowSizes{};
    std::optional<std::uint64_t> esnStart;
    // Copy out under the lock, work after it: the lab's worker waits while we hold it.
    const bool read = m_controller.read([&](const lab::Lab& lab) {
        const lab::Timeline& timeline = lab.timeline();
        const std::size_t end = std::min(timeline.size(), static_cast<std::size_t>(first + count));
        for (std::size_t i = static_cast<std::size_t>(first); i < end; ++i) {
            const lab::LabEvent& e = timeline.at(i);
            if (const auto* step = e.as<lab::AttackRecord>()) m_attackSteps[step->attack] = step->step;
            if (const ike::Event* ike = e.ike()) readIke(e, *ike);
            if (e.kind != lab::LabEventKind::DataPlane || e.origin == lab::Origin::Wire) continue;
            const auto* record = e.as<lab::DataPlaneRecord>();
            if (!record || record->kind() != ipsec::EventKind::Verdict) continue;
            if (e.attack) attackVerdicts.emplace_back(*e.attack, record->verdict());
            // Unknown-SPI packets belong to no SA: the SAD counts them, no window sees them.
            if (record->verdict() == ipsec::Verdict::UnknownSpi) continue;
            const lab::DataPlaneRecord& v = *record;
            found.push_back(Found{v.label(), e.origin == lab::Origin::SiteA ? lab::Site::A : lab::Site::B,
                                  ReplayArrival{v.sequenceNumber(), v.verdict(), v.window(), 0,
                                                std::chrono::duration<double>(e.time).count(), e.attack,
                                                static_cast<qsizetype>(i)}});
        }
        // The lab's reports are as of its last event; the views show the first `end` (the rest
        // waits behind a horizon, or for the next batch).
        reports = lab.saReports();
        attacks = lab.attackReports(false); // their verdicts: those shown, kept here
        // Without attacks nothing to look for (a long run's step back re-reads a million events).
        if (attacks.empty()) m_attackScanEnd = timeline.size();
        for (; m_attackScanEnd < timeline.size(); ++m_attackScanEnd)
            if (const auto attack = timeline.at(m_attackScanEnd).attack) m_attackLastEvent[*attack] = m_attackScanEnd;
        for (const auto& [attack, last] : m_attackLastEvent)
            if (last >= end) attacksGoOn.insert(attack);
        m_shownEnd = end;
        windowSizes = {lab.scenario().siteA.replayWindow, lab.scenario().siteB.replayWindow};
        esnStart = lab.scenario().labEsnStart;
    });
    if (!read) return;
    ++m_batch;
    if (m_resetPending) m_firstAfterReset = m_batch;
    m_resetPending = false;

    bool changed = false;
    auto ensure = [&](const std::string& name, lab::Site receiver) -> ReplaySa& {
        for (ReplaySa& sa : m_sas)
            if (sa.name == name) return sa;
        ReplaySa sa;
        sa.name = name;
        sa.receiver = receiver;
        sa.windowSize = windowSizes[receiver == lab::Site::A ? 0 : 1];
        // A new SA's window assumes everything up to its first number received (0 normally; the
        // lab-only ESN start N makes it N - 1), as the SA itself does.
        sa.window = ReplayWindowState(sa.windowSize, esnStart ? *esnStart - 1 : 0);
        m_sas.push_back(std::move(sa));
        changed = true;
        return m_sas.back();
    };

    std::map<std::string, std::vector<ReplayArrival>> batches;
    for (Found& f : found) {
        ReplaySa& sa = ensure(f.name, f.receiver);
        if (!batches.count(f.name)) sa.windowBefore = sa.window;
        f.arrival.rightEdgeBefore = sa.window.rightEdge();
        sa.window.apply(f.arrival);
        ++sa.counters[static_cast<std::size_t>(f.arrival.verdict)];
        ++sa.arrivals;
        sa.history.push_back(f.arrival);
        if (sa.history.size() > kHistoryLimit) sa.history.pop_front();
        batches[f.name].push_back(f.arrival);
    }
    for (const lab::SaReport& report : reports) {
        if (!report.inbound || report.name.empty() || report.installedAt >= m_shownEnd) continue;
        ReplaySa& sa = ensure(report.name, report.site);
        const bool alive = !report.removedAt || *report.removedAt >= m_shownEnd;
        if (sa.esn != report.esn || sa.alive != alive) changed = true;
        sa.esn = report.esn;
        sa.alive = alive;
    }
    // Each attack's verdicts move from the last batch's report to this one's (never copied).
    for (lab::AttackReport& report : m_attacks) m_attackVerdicts[report.index] = std::move(report.verdicts);
    for (const auto& [attack, verdict] : attackVerdicts) m_attackVerdicts[attack].push_back(verdict);
    m_attacks.clear();
    for (lab::AttackReport& report : attacks) {
        const auto step = m_attackSteps.find(report.index);
        if (step == m_attackSteps.end()) continue; // armed after what the views show
        if (attacksGoOn.count(report.index)) {
            // Its report runs ahead of the views: what they have shown of it, no more.
            report.status = step->second;
            report.rightEdgeBefore.reset();
            report.rightEdgeAfter.reset();
        }
        report.verdicts = std::move(m_attackVerdicts[report.index]);
        m_attacks.push_back(std::move(report));
    }
    for (auto& [name, arrivals] : batches) {
        ReplaySa& sa = ensure(name, lab::Site::B);
        sa.lastBatch = std::move(arrivals);
        sa.lastBatchNumber = m_batch;
    }
    m_lastReadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    if (changed) emit sasChanged();
    emit batchRead(m_batch);
}

} // namespace ipseclab::ui
