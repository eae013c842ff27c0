// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Anti-replay window inspector: for the SA chosen (A→B, received by Site B; B→A, by Site A;
// later generations after a rekey) the window's cells with the right edge, each arriving packet
// animated in and landing as accepted / duplicate / too old / bad ICV (colour and shape), the
// window sliding as the edge advances; counters per verdict; window size and ESN state (with the
// high 32 bits under ESN); the attacks one click away (on the A→B SA, and a forged Informational
// during a Quick Mode, with what its receiver did and whether the Quick Mode completed); and the
// QCustomPlot charts following the live traffic. Built from the receiver's verdict events and their
// WindowDelta only.
//
// It stays smooth under bursts: each eventsAdded batch is read once (ReplayTracker), at most
// ReplayWindowStrip::kQueueLimit packets wait to be animated, and the strip and the charts are
// painted by one frame timer: the strip at most once per frame while something moves, the charts
// at most ten times a second — the cost of each painted frame is what frameStatistics() reports
// (the GUI benchmark reads it; paintFrame() renders both on demand).

#include <QElapsedTimer>
#include <QWidget>

#include <array>

#include "lab/AttackSpec.h"
#include "ui/replay/ReplayVerdictStyle.h"

class QAbstractButton;
class QComboBox;
class QLabel;
class QSpinBox;
class QTimer;
class QToolButton;

namespace ipseclab::ui {

class EventSelection;
class LabController;
class ReplayChart;
class ReplayTracker;
class ReplayWindowStrip;
struct ReplaySa;

class ReplayView : public QWidget {
    Q_OBJECT
public:
    enum class Attack {
        ReplayLast,
        ReplayChosen,
        ReorderBurst,
        DelayBeyondWindow,
        BitFlip,
        ForgeFarAhead,
        InjectOutside,
        SpoofInformational,
        Flood
    };
    static constexpr std::array<Attack, 9> kAttacks{Attack::ReplayLast,    Attack::ReplayChosen,
                                                    Attack::ReorderBurst,  Attack::DelayBeyondWindow,
                                                    Attack::BitFlip,       Attack::ForgeFarAhead,
                                                    Attack::InjectOutside, Attack::SpoofInformational,
                                                    Attack::Flood};
    // The Quick Mode messages a forged Informational can follow.
    static constexpr std::array<const char*, 3> kQuickModeMessages{"QM1", "QM2", "QM3"};

    struct FrameStatistics {
        int frames = 0;
        double totalMs = 0;
        double maxMs = 0;
        double lastMs = 0;
        double meanMs() const { return frames ? totalMs / frames : 0; }
    };

    ReplayView(LabController& controller, EventSelection& selection, QWidget* parent = nullptr);

    ReplayTracker& tracker() const { return *m_tracker; }
    ReplayWindowStrip* strip() const { return m_strip; }
    ReplayChart* chart() const { return m_chart; }

    // The SA shown ("A2B"); empty before Quick Mode installed one.
    QString selectedSa() const;
    void selectSa(const QString& name);
    QComboBox* saBox() const { return m_saBox; }

    QAbstractButton* attackButton(Attack attack) const { return m_attackButtons[static_cast<std::size_t>(attack)]; }
    // What the button injects (LabController::inject), with the current choices (sequence number, bit-flip field).
    lab::AttackSpec attackSpec(Attack attack) const;
    QSpinBox* chosenSequenceBox() const { return m_chosenSeq; }
    // The bit-flip button's field (payload by default; its menu offers spi, seq, icv).
    void setFlipField(lab::FlipField field);
    // The Quick Mode message the forged Informational follows ("QM1" by default; its menu offers QM2, QM3).
    void setSpoofedMessage(const QString& message);
    // The flood: how many packets (its box, 10000 by default) and what it sends (replays by default;
    // its menu offers forgeries).
    QSpinBox* floodCountBox() const { return m_floodCount; }
    void setFloodKind(lab::FloodKind kind);

    // The texts shown, for tests and the report. The header and the counters tell the window as
    // the strip draws it: the packets still flying in are not counted yet.
    QString windowText() const;
    QString esnText() const;
    QString attackStatus() const;
    std::uint64_t counter(VerdictClass verdict) const;
    QString counterText(VerdictClass verdict) const;

    // Animations still running (the strip lags behind the lab until they land).
    bool animating() const;
    // Lands every packet now and paints.
    void finishAnimations();

    // The cost of the frames painted so far (strip and charts), since the last reset.
    FrameStatistics frameStatistics() const { return m_frames; }
    // The cost of reading each eventsAdded batch into the view.
    FrameStatistics batchStatistics() const { return m_batches; }
    void resetStatistics();
    // Paints one frame now (the strip's animations moved on, the charts replotted) and returns its
    // time in ms; counted in frameStatistics() like any other frame.
    double paintFrame();

private:
    const ReplaySa* shownSa() const;
    void refreshSaList();
    // Shows the chosen SA; `withLastBatch` (a new SA seen in the batch being read) animates that
    // batch's packets in rather than showing them landed.
    void showSelected(bool withLastBatch = false);
    void batchRead(quint64 batch);
    void refreshTexts();
    void inject(Attack attack);
    void frame();
    double renderFrame(bool everything = false);
    void startFrames();

    LabController& m_controller;
    EventSelection& m_selection;
    ReplayTracker* m_tracker;
    ReplayWindowStrip* m_strip;
    ReplayChart* m_chart;
    QComboBox* m_saBox;
    QLabel* m_windowLabel;
    QLabel* m_esnLabel;
    std::array<QLabel*, kVerdictClasses.size()> m_counters{};
    std::array<QAbstractButton*, kAttacks.size()> m_attackButtons{};
    QSpinBox* m_chosenSeq;
    lab::FlipField m_flipField = lab::FlipField::Payload;
    QString m_spoofedMessage = QStringLiteral("QM1");
    QSpinBox* m_floodCount;
    lab::FloodKind m_floodKind = lab::FloodKind::Replay;
    QLabel* m_attackNote;
    QLabel* m_attackStatus;
    QTimer* m_frameTimer;
    QElapsedTimer m_clock;
    std::uint64_t m_syncedBatch = 0; // the strip and the chart show the state as of this batch
    bool m_chartDirty = false;
    bool m_saChosen = false;        // the user or a lesson picked the SA shown; else the A→B one
    qint64 m_lastReplot = -1000000; // m_clock's ms
    FrameStatistics m_frames;
    FrameStatistics m_batches;
};

} // namespace ipseclab::ui
