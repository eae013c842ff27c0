// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The anti-replay charts, drawn with QCustomPlot as Wireshark's I/O graphs are: left, each packet's
// sequence number over (virtual) time in its verdict's colour and shape — a replay shows as a dot
// below the rising line, a forged far-ahead number as a mark pinned to the top; right, the
// counters per verdict over time (accepted on the right axis, the rejections on the left). Both
// follow the live traffic: the x axis shows the latest packets. In a narrow dock the two stack. Data is appended per
// batch and bounded; the owner calls follow() and replots at most once per frame.

#include <qcustomplot.h>

#include <array>
#include <deque>
#include <vector>

#include "ui/replay/ReplayTracker.h"

namespace ipseclab::ui {

class ReplayChart : public QCustomPlot {
    Q_OBJECT
public:
    static constexpr int kPointLimit = 6000; // per verdict: older points go
    static constexpr std::size_t kFollowedPackets = 600;
    static constexpr double kFollowedSeconds = 120;

    explicit ReplayChart(QWidget* parent = nullptr);

    // Shows `sa`'s history (nullptr: nothing).
    void showSa(const ReplaySa* sa);
    // A batch of the shown SA's packets.
    void append(const std::vector<ReplayArrival>& arrivals, std::uint32_t windowSize);
    // Axis ranges on the latest packets; then replot().
    void follow();

    int pointCount(VerdictClass verdict) const;
    // What the charts show, in words (also their accessible description, kept current by follow()).
    QString describe() const;
    int farAheadCount() const { return static_cast<int>(m_farAhead.size()); }

    // Whether the two charts sit one above the other (a narrow dock) rather than side by side.
    bool stacked() const { return m_stacked; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Point {
        double time;
        double seq;
    };
    void clearData();
    void addArrival(const ReplayArrival& arrival, std::uint32_t windowSize);

    void applyPalette();
    void arrange(bool stacked);

    QCPAxisRect* m_seqRect;
    QCPAxisRect* m_countRect;
    QCPTextElement* m_seqTitle;
    QCPTextElement* m_countTitle;
    bool m_stacked = false;
    std::array<QCPGraph*, kVerdictClasses.size()> m_seq{};
    std::array<QCPGraph*, kVerdictClasses.size()> m_counts{};
    QCPGraph* m_far;
    QCPItemText* m_farLabel;
    std::deque<Point> m_recent;   // the latest packets (the far-ahead ones aside): what the axes follow
    std::deque<Point> m_farAhead; // forged numbers far beyond the window, drawn at the top
    std::array<std::uint64_t, kVerdictClasses.size()> m_running{}; // running, per verdict class
    std::uint64_t m_maxRejected = 0;
};

} // namespace ipseclab::ui
