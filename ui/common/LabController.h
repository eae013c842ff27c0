// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The GUI's handle on the lab. The lab runs on a worker thread so the window never freezes during
// a traffic burst; commands are queued to it and its progress comes back as signals. Views read
// the lab — its timeline above all — through read(), which holds the lab's lock for the duration
// of the call: the timeline only grows between reset() signals, so a view keeps indexes, never
// pointers, across calls.

#include <QObject>
#include <QString>

#include <atomic>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "lab/AttackSpec.h"
#include "lab/Lab.h"
#include "lab/Scenario.h"

class QThread;

namespace ipseclab::ui {

class LabWorker;

// How far a long command has gone (run to the end or to the end of the phase, fast-forward, a step
// back that replays a long run), for a progress bar with an ETA and a Cancel.
struct LabProgress {
    enum class Task { Run, RunPhase, FastForward, StepBack, Export };
    Task task = Task::Run;
    // Run: echo requests sent and flood packets put on the wire, of those planned (0 when none: a
    // run without traffic; the run's last report, at its end, has the total it came to: measureRun);
    // RunPhase: 0 (its end is not known ahead); FastForward: the virtual milliseconds passed, of the
    // duration; StepBack: steps replayed; Export (runJob): the job's own count (a lesson's steps
    // replayed for its page), 0 of 0 when it has none.
    qint64 done = 0;
    qint64 total = 0;
    qint64 steps = 0;    // the lab's steps so far
    bool floods = false; // Run: the planned work holds flood packets
    quint64 serial = 0;  // the command's (postLong): what cancel(serial) stops
};

// How far a run to the end is (LabProgress::Task::Run): echo requests sent and flood packets put on
// the wire, of the echoes planned and the packets of the floods armed. Once the lab has finished,
// the total is what was done: a flood that never started (its start lay beyond the run, or its
// tunnel never came up, which the lab knows only as it finishes) sent nothing.
void measureRun(const lab::Lab& lab, LabProgress& progress);

// One of a lesson step's changes to the lab (runShowingUpTo): `change`, made at once, or, with a
// `fastForward` duration, a fast-forward by it, run as fastForward() runs (progressed(), cancel()).
struct LabAct {
    std::function<Result<void>(lab::Lab&)> change;
    lab::Timestamp fastForward{0};
};

class LabController : public QObject {
    Q_OBJECT
public:
    explicit LabController(QObject* parent = nullptr);
    ~LabController() override;

    // ---- commands (queued; each ends with stateChanged, or failed with a sentence) ----
    // A fresh lab for the scenario; `seed` replaces the scenario's.
    void load(lab::Scenario scenario, std::optional<std::uint64_t> seed = std::nullopt);
    // No lab at all (a lesson's reading part): the views empty, the controls idle until load().
    void unload();
    void step();
    // Rebuilds the lab beside the one shown and replays it to the step before; progressed() tells
    // how far it is, and cancel() gives it up with the lab as it was.
    void stepBack();
    // Steps until the phase shown ends; the views are shown that phase's events only (the horizon).
    // progressed() and cancel() as for runToEnd().
    void runToEndOfPhase();
    // Steps until the designed end, telling progressed() how far it is; cancel() stops it where it is.
    void runToEnd();
    // Stops the long commands (runs, fast-forward, steps back) posted so far: a run or a
    // fast-forward where it is (a fast-forward's clock target given up: stepping on does not jump
    // to it), a step back with the lab as it was before it, held-back events included. Any
    // thread; takes effect within one slice of steps, and before the first for one not begun.
    void cancel();
    // Stops the one long command with this serial (LabProgress::serial, runShowingUpTo's answer),
    // as cancel() does; those queued behind it go on. The progress bar's Cancel.
    void cancel(quint64 serial);
    // Steps on a timer, `stepsPerSecond` of them, until pause() or the designed end.
    void play(double stepsPerSecond);
    void pause();
    // Moves the virtual clock by `duration`, step by step; progressed() and cancel() as for runToEnd().
    void fastForward(lab::Timestamp duration);
    void inject(const lab::AttackSpec& attack);
    void startTraffic(const lab::TrafficSpec& traffic);
    void perform(lab::ActionKind action, lab::Site site);
    // Writes the capture and, beside it, the key files folder; exported() or failed() answers.
    // `sectionComment`: whom the capture is for (lab::Lab::exportCapture).
    void exportCapture(const QString& capturePath, const QString& keysFolder, const QString& sectionComment = {});

    // A long job beside the lab, on its worker thread (an export that replays a lesson), so the window
    // stays responsive: the job touches the lab only through read(). `slice` is called until it is
    // done (true) or fails; progressed() shows `progress` as the slices leave it, and cancel() stops
    // the job between two slices. Then `ended` runs on `context`'s thread: cancelled, or its error if any.
    using JobSlice = std::function<Result<bool>(LabProgress&)>;
    using JobEnded = std::function<void(bool cancelled, const std::optional<Error>& error)>;
    void runJob(LabProgress progress, JobSlice slice, QObject* context, JobEnded ended);

    // ---- the horizon ----
    // The lab runs whole steps, and a step makes several events; a view may need to stop between
    // two of them: a lesson step at its anchor (LessonLabSync), though the lab step that made it
    // made the receiver's answer too; "run to the end of the phase" at the phase's last event,
    // though the step that ended it began the next. runShowingUpTo() runs `labSteps` lab steps,
    // then `act` (a lesson step's actions), and tells the views of the timeline's first `shown`
    // events only. The rest stays held back until the user moves the lab: Step then first shows
    // it; any other command and a new lab lift the horizon. The lab itself is the same either way.
    // Returns the command's serial.
    quint64 runShowingUpTo(std::size_t labSteps, std::function<Result<void>(lab::Lab&)> act, std::size_t shown);
    // The same with `acts` in order, a fast-forward among them showing the bar. Cancelled, or one
    // of its steps or acts failed, it stops: the lab stays where it got to, the acts after that
    // undone, and showingStopped() says so; the runShowingUpTo() commands queued behind it (a
    // lesson's later steps) are given up too, each with showingStopped(), until the next load().
    quint64 runShowingUpTo(std::size_t labSteps, std::vector<LabAct> acts, std::size_t shown);
    // The timeline events the views have been told of, and whether the lab holds more. The GUI
    // thread's: as of the last eventsAdded / stateChanged it handled (the worker queues them to it
    // ahead of those signals).
    qsizetype shownEvents() const { return m_shown; }
    bool holdingBack() const { return m_holdingBack; }

    // ---- reading ----
    bool hasLab() const;
    bool playing() const { return m_playing; }
    // Calls `reader` with the lab under its lock (shared: the worker waits meanwhile; the reader
    // waits for one change at most, lockToChange). Returns false without calling it when there is
    // no lab yet.
    bool read(const std::function<void(const lab::Lab&)>& reader) const;

    // Waits until every queued command has run (tests; the GUI never waits).
    void waitForIdle() const;

    // Keeps what a view holds (DiagramRows, a tracker, a table model) in step with the timeline:
    // model.clear() on reset(), and model.append(timeline, first, count) for new events, read under
    // the lab's lock. `count` keeps to the horizon: a model reads no event beyond first + count.
    template <typename Model>
    void feed(Model& model) {
        connect(this, &LabController::reset, &model, [&model] { model.clear(); });
        connect(this, &LabController::eventsAdded, &model, [this, &model](qsizetype first, qsizetype count) {
            read([&](const lab::Lab& lab) { model.append(lab.timeline(), first, count); });
        });
    }

signals:
    // A new lab, or the old one rebuilt (step back): views drop what they showed and re-read.
    void reset();
    // Timeline events [first, first + count) appeared.
    void eventsAdded(qsizetype first, qsizetype count);
    // Step count, clock, outcome or playing state may have changed.
    void stateChanged();
    void failed(const QString& message);
    // A long command's progress (about every kReportEveryMs), then progressEnded() once when it
    // finished or was cancelled.
    void progressed(const ipseclab::ui::LabProgress& progress);
    void progressEnded(bool cancelled);
    // A runShowingUpTo() stopped before all its acts were done (once for each, in the order they
    // were posted); `serial`: the one runShowingUpTo() returned. `failure`: why, when a step or an
    // act failed (empty when cancelled or given up behind another).
    void showingStopped(quint64 serial, const QString& failure);
    void exported(const QString& capturePath, const QString& keysFolder);

private:
    friend class LabWorker;
    void post(std::function<void(LabWorker&)> command);
    // Posts a command that cancel() may stop: it gets its serial number, returned.
    quint64 postLong(std::function<void(LabWorker&, quint64)> command);

    // The lab's lock for reading, the readers waiting for it counted: lockToChange() lets them in first.
    std::shared_lock<std::shared_mutex> lockToRead() const;
    // The lab's lock for a change (the worker's), taken once no reader waits for it: a view waits
    // for one change (a step) at most, however soon the worker comes back for the lock.
    std::unique_lock<std::shared_mutex> lockToChange();

    QThread* m_thread;
    LabWorker* m_worker;
    mutable std::shared_mutex m_mutex;             // guards m_lab against the worker's changes
    mutable std::atomic<int> m_readersWaiting = 0; // lockToRead() calls waiting for m_mutex
    std::unique_ptr<lab::Lab> m_lab;
    std::atomic<bool> m_playing = false;
    std::atomic<quint64> m_longPosted = 0;    // serial of the last long command posted
    std::atomic<quint64> m_cancelledUpTo = 0; // long commands up to this serial are cancelled
    std::mutex m_cancelMutex;                 // guards the two below (cancel(serial), the worker)
    std::vector<quint64> m_cancelled;         // long commands cancelled one by one, not yet ended
    quint64 m_longEnded = 0;                  // serial of the last long command the worker ended
    qsizetype m_shown = 0;                    // GUI thread only
    bool m_holdingBack = false;               // GUI thread only
};

} // namespace ipseclab::ui

Q_DECLARE_METATYPE(ipseclab::ui::LabProgress)
