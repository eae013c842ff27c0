// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the anti-replay view shows, tracked from the timeline: for every inbound SA the lab has (A2B received by Site B,
// B2A by Site A, later generations after a rekey), the window rebuilt from the receiver's verdict events, the counters
// per verdict, and a bounded history for the charts. It reads only the new events of each eventsAdded batch (one pass,
// under the lab's lock for as short as possible), so it keeps up with bursts of thousands of packets a second; a reset
// clears it. It shows what the views were told of and no more: an SA installed, an attack armed or finished in events
// held back (a lesson step's horizon) appears once they are shown.

#include <QObject>
#include <QString>

#include <array>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/Lab.h"
#include "ui/replay/ReplayWindowState.h"

namespace ipseclab::ui {

class LabController;

// An attack on IKE (spoof-info, replay-ike, ...) as the events shown tell it: what the receivers
// dropped or ignored of its datagrams, and whether the exchange its datagrams named went on to
// complete all the same (the Quick Mode of that Message ID installed its SAs).
struct IkeAttackShown {
    std::vector<std::string> refused;       // "Site B dropped it: <why>", "Site A ignored it: <why>"
    std::optional<std::uint32_t> messageId; // the Message ID its datagrams carried (0: phase 1)
    std::vector<lab::Site> completedAt;     // the sites whose Quick Mode of that Message ID installed its SAs
};

struct ReplaySa {
    std::string name;                  // "A2B", "B2A", "A2B#2"
    lab::Site receiver = lab::Site::B; // whose window it is
    std::uint32_t windowSize = 0;      // 0: anti-replay off
    bool esn = false;
    bool alive = true;
    ReplayWindowState window;
    ReplayWindowState windowBefore; // as it was before the last batch's packets (a view animates them from there)
    std::array<std::uint64_t, ipsec::kVerdictCount> counters{}; // per ipsec::Verdict
    std::deque<ReplayArrival> history;                          // the latest, for the charts
    std::uint64_t arrivals = 0;
    // The packets of the batch numbered lastBatchNumber, oldest first: what a view animates.
    std::vector<ReplayArrival> lastBatch;
    std::uint64_t lastBatchNumber = 0;

    std::uint64_t count(ipsec::Verdict verdict) const { return counters[static_cast<std::size_t>(verdict)]; }
    std::uint64_t count(VerdictClass verdict) const;
};

class ReplayTracker : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t kHistoryLimit = 20000;

    explicit ReplayTracker(LabController& controller, QObject* parent = nullptr);

    const std::deque<ReplaySa>& sas() const { return m_sas; }
    const ReplaySa* sa(const std::string& name) const;
    // As far as the events shown tell: an attack whose later events are held back has the status
    // of its last shown step ("armed", "started", ...) and the verdicts shown so far.
    const std::vector<lab::AttackReport>& attacks() const { return m_attacks; }
    // An IKE attack's refusals and its exchange's completion, as shown so far (empty if none).
    IkeAttackShown ikeAttack(int index) const;
    // How many batches were read since the start (resets included); the state is as of this one.
    std::uint64_t batchNumber() const { return m_batch; }
    // The batch that followed the last reset: after a step back, the whole rebuilt history —
    // nothing in it is news, so views show it without animation.
    std::uint64_t firstBatchAfterReset() const { return m_firstAfterReset; }
    // How long reading the last batch took (the lab's lock held, then the windows updated).
    double lastReadMs() const { return m_lastReadMs; }

signals:
    void cleared();
    // New SAs (or one died).
    void sasChanged();
    // Batch `batch` is read: windows, counters, attacks and SAs are current, and each SA that got
    // packets has them in lastBatch.
    void batchRead(quint64 batch);

private:
    void clear();
    void read(qsizetype first, qsizetype count);
    // An IKE event: an attack's datagram refused, or a Quick Mode completed.
    void readIke(const lab::LabEvent& e, const ike::Event& ike);

    LabController& m_controller;
    std::deque<ReplaySa> m_sas; // a deque: references stay valid as SAs are added
    std::vector<lab::AttackReport> m_attacks;
    std::map<int, std::string> m_attackSteps;                         // per attack, its last step shown
    std::map<int, std::vector<ipsec::Verdict>> m_attackVerdicts;      // per attack, those shown (kept in m_attacks)
    std::map<int, IkeAttackShown> m_ikeAttacks;                       // per IKE attack, without completedAt
    std::map<std::uint32_t, std::vector<lab::Site>> m_quickModesDone; // per Message ID, where it installed SAs
    std::size_t m_shownEnd = 0;                                       // the events read so far
    // Per attack, its latest event in the lab's timeline, as of the first m_attackScanEnd events
    // (beyond what the views show: each event looked at once, not at every batch).
    std::map<int, std::size_t> m_attackLastEvent;
    std::size_t m_attackScanEnd = 0;
    std::uint64_t m_batch = 0;
    std::uint64_t m_firstAfterReset = 0;
    bool m_resetPending = true;
    double m_lastReadMs = 0;
};

} // namespace ipseclab::ui
