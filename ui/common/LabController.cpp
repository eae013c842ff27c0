// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/LabController.h"

#include <algorithm>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QSemaphore>
#include <QThread>
#include <QTimer>

namespace ipseclab::ui {

namespace {
// While running many steps, tell the views at most this often (they repaint per signal).
constexpr qint64 kReportEveryMs = 40;
// A step back replays this many steps between two looks at the clock and at cancel() (a step
// takes tens of microseconds).
constexpr std::size_t kReplaySlice = 64;
// The views take in a rebuilt timeline this many events at a time (a few tens of milliseconds of
// their work: 50,000 left the window 0.2 – 0.3 s without a paint).
constexpr qsizetype kRereadSlice = 10000;
constexpr int kRereadWaitMs = 200;

// The echo requests a run to the end has to send: the scenario's and those of the traffic the user
// started.
qint64 plannedEchoes(const lab::Lab& lab) {
    qint64 echoes = lab.scenario().traffic.count;
    for (const lab::LoggedAction& entry : lab.actionLog())
        if (entry.action.kind == lab::LabAction::Kind::StartTraffic) echoes += entry.action.traffic.count;
    return echoes;
}

qint64 millis(lab::Timestamp t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t).count(); }
} // namespace

void measureRun(const lab::Lab& lab, LabProgress& p) {
    qint64 total = plannedEchoes(lab);
    p.floods = false;
    for (const lab::AttackReport& attack : lab.attackReports(/*withVerdicts=*/false)) {
        if (attack.spec.kind != lab::AttackKind::Flood) continue;
        total += static_cast<qint64>(attack.spec.count);
        p.floods = true;
    }
    const lab::LabStatus st = lab.status();
    const auto done = static_cast<qint64>(st.echoRequests + st.floodPackets);
    p.total = lab.finished() ? done : total;
    p.done = std::min(done, p.total);
}

// Lives on the worker thread and does every change to the lab there.
class LabWorker : public QObject {
public:
    explicit LabWorker(LabController& controller) : m_controller(controller), m_timer(new QTimer(this)) {
        connect(m_timer, &QTimer::timeout, this, [this] {
            const bool more = changeLab([](lab::Lab& lab) -> Result<bool> {
                auto stepped = lab.step();
                if (!stepped) return tl::unexpected(stepped.error());
                return *stepped && !lab.finished();
            });
            if (!more) stopPlaying();
        });
    }

    void load(lab::Scenario scenario, std::optional<std::uint64_t> seed) {
        stopPlaying();
        lab::LabOptions options;
        options.seed = seed;
        auto created = lab::Lab::create(std::move(scenario), options);
        if (!created) return fail(created.error());
        {
            const auto lock = m_controller.lockToChange();
            m_controller.m_lab = std::move(*created);
            m_reported = 0;
            m_horizon.reset();
        }
        m_showingStopped = false;
        emit m_controller.reset();
        report();
    }

    void unload() {
        stopPlaying();
        {
            const auto lock = m_controller.lockToChange();
            m_controller.m_lab.reset();
            m_reported = 0;
            m_horizon.reset();
        }
        m_showingStopped = false;
        m_holding = false;
        tellShown(0, false);
        emit m_controller.reset();
        emit m_controller.stateChanged();
    }

    // Runs `change` under the exclusive lock, then tells the views: only the new events, or —
    // when the lab was rebuilt (step back) — everything again after a reset. Returns the change's
    // "go on" answer (false on failure or without a lab).
    template <typename Change>
    bool changeLab(Change change, bool rebuilds = false, bool tell = true) {
        if (!m_controller.hasLab()) return false;
        Result<bool> result = false;
        {
            const auto lock = m_controller.lockToChange();
            result = change(*m_controller.m_lab);
        }
        if (!result) {
            fail(result.error());
            return false;
        }
        if (rebuilds) {
            m_reported = 0;
            emit m_controller.reset();
        }
        if (tell || rebuilds) report();
        return *result;
    }

    // The loop of every long command: `advance` takes it a slice further (true once it is done, an
    // error ends it), `measure` says how far it is; about every kReportEveryMs `tell` tells the
    // views, and progressed() the bar (only for a command that can be cancelled: the bar comes with a
    // Cancel). Cancel ends it before its first slice or between two. The caller ends the bar
    // (progressEnded).
    struct LongEnd {
        std::optional<Error> failure; // told failed() too
        bool cancelled = false;
        bool told = false; // progressed() was emitted
    };
    template <typename Advance, typename Measure, typename Tell>
    LongEnd runLong(quint64 serial, LabProgress progress, Advance advance, Measure measure, Tell tell) {
        QElapsedTimer sinceReport;
        sinceReport.start();
        progress.serial = serial;
        LongEnd end;
        for (;;) {
            if ((end.cancelled = cancelled(serial))) return end;
            Result<bool> reached = advance();
            if (!reached) {
                fail(reached.error());
                end.failure = reached.error();
                return end;
            }
            if (*reached) {
                // The bar's last word is where the command ended (a run's total, now known).
                if (end.told) {
                    measure(progress);
                    emit m_controller.progressed(progress);
                }
                return end;
            }
            if (sinceReport.elapsed() < kReportEveryMs) continue;
            tell();
            measure(progress);
            if (serial != 0) {
                emit m_controller.progressed(progress);
                end.told = true;
            }
            sinceReport.restart();
        }
    }

    // Many steps in a row until `done`, the lock released between them so views can read; the views
    // told on the way and at the end. `progress`: the command's kind and total (measured on the way
    // by `measure`); `serial`: the command's from postLong, 0 for one cancel() does not stop.
    // Returns how it ended.
    template <typename Done, typename Measure>
    LongEnd runUntil(Done done, quint64 serial, LabProgress progress, Measure measure) {
        if (!m_controller.hasLab()) return {};
        const LongEnd end = runLong(
            serial, progress,
            [this, &done]() -> Result<bool> {
                const auto lock = m_controller.lockToChange();
                lab::Lab& lab = *m_controller.m_lab;
                auto stepped = lab.step();
                if (!stepped) return stepped;
                return !*stepped || done(lab);
            },
            [this, &measure](LabProgress& p) {
                m_controller.read([&p, &measure](const lab::Lab& lab) {
                    measure(lab, p);
                    p.steps = static_cast<qint64>(lab.stepCount());
                });
            },
            [this] { report(); });
        report();
        if (end.told) emit m_controller.progressEnded(end.cancelled);
        return end;
    }
    template <typename Done>
    LongEnd runUntil(Done done) {
        return runUntil(done, 0, LabProgress{LabProgress::Task::RunPhase}, [](const lab::Lab&, LabProgress&) {});
    }

    // Back one step: the lab rebuilt beside the one the views show and replayed in slices, which
    // takes its place only once at the step before; cancel() leaves everything as it was, what
    // the views hold back included (the horizon is lifted only with the rebuilt lab).
    void stepBack(quint64 serial) {
        stopPlaying();
        if (!m_controller.hasLab()) return;
        std::optional<lab::LabRewind> rewind;
        Error error;
        m_controller.read([&rewind, &error](const lab::Lab& lab) {
            auto begun = lab.beginStepBack();
            if (begun) rewind = std::move(*begun);
            else error = begun.error();
        });
        if (!rewind) return fail(error);
        const LongEnd end = runLong(
            serial, LabProgress{LabProgress::Task::StepBack, 0, static_cast<qint64>(rewind->total())},
            [&rewind] { return rewind->advance(kReplaySlice); },
            [&rewind](LabProgress& p) { p.done = static_cast<qint64>(rewind->done()); }, [] {});
        if (end.failure || end.cancelled) {
            if (end.told) emit m_controller.progressEnded(true);
            return;
        }
        {
            const auto lock = m_controller.lockToChange();
            (void)m_controller.m_lab->finishStepBack(*rewind); // fails only for a streamed capture: none here
        }
        rewind.reset(); // the state stepped back from, freed outside the lock
        m_horizon.reset();
        m_reported = 0;
        emit m_controller.reset();
        tellInSlices();
        report();
        if (end.told) emit m_controller.progressEnded(false);
    }

    // Run to the end of the phase shown (or of the one held back, when that ends within what is
    // held back: the views are then shown up to there and the lab does not move). The step that
    // ends a phase often begins the next: the views are shown the phase's events only, the rest
    // waits for Step (the horizon).
    void runToEndOfPhase(quint64 serial) {
        stopPlaying();
        if (const auto end = heldPhaseEnd()) {
            runShowingUpTo(0, {}, *end, 0);
            return;
        }
        lift(); // what was held back is shown first: the phase to finish is the one on screen
        if (!m_controller.hasLab()) return;
        lab::Phase phase = lab::Phase::InterestingTraffic;
        std::size_t seen = 0;
        m_controller.read([&phase, &seen](const lab::Lab& lab) {
            if (!lab.timeline().empty()) phase = lab.timeline().back().phase;
            seen = lab.timeline().size();
        });
        runUntil(
            [this, phase, &seen](const lab::Lab& lab) {
                const auto end = lab.phaseEndFrom(phase, seen);
                seen = lab.timeline().size();
                // Set before the views are told of the step that ended the phase.
                if (end) m_horizon = static_cast<qsizetype>(*end);
                return end || lab.finished();
            },
            serial, LabProgress{LabProgress::Task::RunPhase}, [](const lab::Lab&, LabProgress&) {});
    }

    // Run to the designed end: the bar counts the echo requests and flood packets planned.
    void runToEnd(quint64 serial) {
        stopPlaying();
        lift();
        LabProgress planned;
        m_controller.read([&planned](const lab::Lab& lab) { measureRun(lab, planned); });
        runUntil([](const lab::Lab& lab) { return lab.finished(); }, serial, planned, measureRun);
    }

    // Fast-forward by `duration`, the horizon lifted.
    void fastForward(lab::Timestamp duration, quint64 serial) {
        lift();
        (void)fastForwardBy(duration, serial);
    }

    // Fast-forward by `duration`, step by step: the bar counts the virtual time passed. Returns
    // how it ended (the clock got there unless it failed or cancel() stopped it).
    LongEnd fastForwardBy(lab::Timestamp duration, quint64 serial) {
        lab::Timestamp target{0};
        LongEnd begin;
        const bool begun = changeLab(
            [duration, &target, &begin](lab::Lab& lab) -> Result<bool> {
                auto to = lab.beginFastForward(duration);
                if (!to) {
                    begin.failure = to.error();
                    return tl::unexpected(to.error());
                }
                target = *to;
                return true;
            },
            /*rebuilds=*/false, /*tell=*/false);
        if (!begun) return begin;
        const lab::Timestamp from = target - duration;
        // A packet due after the target can carry the clock past it: the bar stops full.
        const auto measure = [from](const lab::Lab& lab, LabProgress& p) {
            p.done = std::min(millis(lab.now() - from), p.total);
        };
        const LongEnd end = runUntil([target](const lab::Lab& lab) { return !lab.fastForwarding(target); }, serial,
                                     LabProgress{LabProgress::Task::FastForward, 0, millis(duration)}, measure);
        // Given up: the clock stays where it stopped, and stepping on does not jump to the target.
        if (end.cancelled)
            changeLab([target](lab::Lab& lab) -> Result<bool> {
                if (auto stopped = lab.stopFastForward(target); !stopped) return tl::unexpected(stopped.error());
                return true;
            });
        return end;
    }

    // Tells the views of a rebuilt timeline kRereadSlice events at a time, each slice once the GUI
    // thread handled the one before, so the window paints in between instead of taking in a long
    // run's million events at once. At most kRereadWaitMs for each: the GUI thread may be waiting
    // for this thread (waitForIdle) rather than handling events. report() tells the rest.
    void tellInSlices() {
        qsizetype size = 0;
        m_controller.read([&size](const lab::Lab& lab) { size = static_cast<qsizetype>(lab.timeline().size()); });
        while (size - m_reported > kRereadSlice) {
            const qsizetype upTo = m_reported + kRereadSlice;
            tellShown(upTo, false);
            emit m_controller.eventsAdded(m_reported, kRereadSlice);
            m_reported = upTo;
            auto handled = std::make_shared<QSemaphore>();
            QMetaObject::invokeMethod(
                &m_controller, [handled] { handled->release(); }, Qt::QueuedConnection);
            handled->tryAcquire(1, kRereadWaitMs);
        }
    }

    bool cancelled(quint64 serial) const {
        if (serial == 0) return false;
        if (serial <= m_controller.m_cancelledUpTo) return true;
        std::lock_guard lock(m_controller.m_cancelMutex);
        return std::find(m_controller.m_cancelled.begin(), m_controller.m_cancelled.end(), serial) !=
               m_controller.m_cancelled.end();
    }

    void play(double stepsPerSecond) {
        if (!m_controller.hasLab()) return;
        lift();
        m_timer->start(static_cast<int>(1000.0 / std::max(0.1, stepsPerSecond)));
        m_controller.m_playing = true;
        emit m_controller.stateChanged();
    }

    void stopPlaying() {
        if (!m_timer->isActive()) return;
        m_timer->stop();
        m_controller.m_playing = false;
        emit m_controller.stateChanged();
    }

    // Whether the views have not been told anything for a while.
    bool reportDue() const { return !m_sinceReport.isValid() || m_sinceReport.elapsed() >= kReportEveryMs; }

    // Steps posted and not run yet (step() counts up on the GUI thread, the worker down).
    std::atomic<int> m_queuedSteps = 0;

    // New events since the last report (up to the horizon), and the state.
    void report() {
        m_sinceReport.restart();
        qsizetype size = 0;
        {
            const auto lock = m_controller.lockToRead();
            if (m_controller.m_lab) size = static_cast<qsizetype>(m_controller.m_lab->timeline().size());
        }
        const qsizetype shown = m_horizon ? std::min(size, *m_horizon) : size;
        m_holding = shown < size;
        // Before the signals, so the GUI thread has these values when it handles them.
        tellShown(shown, m_holding);
        if (shown < m_reported) { // a lower horizon: the views start over
            m_reported = 0;
            emit m_controller.reset();
        }
        if (shown > m_reported) emit m_controller.eventsAdded(m_reported, shown - m_reported);
        m_reported = shown;
        emit m_controller.stateChanged();
    }

    // The controller's shownEvents() and holdingBack() are the GUI thread's: set there, queued
    // ahead of the signals of the same report.
    void tellShown(qsizetype shown, bool holding) {
        QMetaObject::invokeMethod(
            &m_controller,
            [controller = &m_controller, shown, holding] {
                controller->m_shown = shown;
                controller->m_holdingBack = holding;
            },
            Qt::QueuedConnection);
    }

    // The user moves the lab: nothing is held back any more.
    void lift() {
        if (!m_horizon) return;
        m_horizon.reset();
        if (m_controller.hasLab()) report();
    }

    // Where the phase of the first event held back ends, if that is within what is held back (one
    // step crossed two phase boundaries, as a timeout that fails one side after the other side's
    // termination does).
    std::optional<qsizetype> heldPhaseEnd() const {
        if (!m_horizon || !m_holding || !m_controller.hasLab()) return std::nullopt;
        const auto lock = m_controller.lockToRead();
        const lab::Lab& lab = *m_controller.m_lab;
        const auto first = static_cast<std::size_t>(*m_horizon);
        if (const auto end = lab.phaseEndFrom(lab.timeline().at(first).phase, first + 1))
            return static_cast<qsizetype>(*end);
        return std::nullopt;
    }

    // Step's first job under a horizon: show the rest of what it held back.
    bool revealHeld() {
        if (!m_horizon || !m_holding) {
            m_horizon.reset();
            return false;
        }
        lift();
        return true;
    }

    // `labSteps` steps, then the acts, the views told of the first `shown` events only. Cancelled
    // (before it began, or between two acts, or in a fast-forward) or failed, the rest is left
    // undone, and so are the runShowingUpTo() commands queued behind it (stopShowing).
    void runShowingUpTo(std::size_t labSteps, const std::vector<LabAct>& acts, qsizetype shown, quint64 serial) {
        if (!m_controller.hasLab()) return;
        if (m_showingStopped || cancelled(serial)) return stopShowing(serial, {});
        stopPlaying();
        m_horizon = shown;
        if (labSteps > 0) {
            const LongEnd end = runUntil(
                [taken = std::size_t(0), labSteps](const lab::Lab&) mutable { return ++taken >= labSteps; });
            if (end.failure) return stopShowing(serial, end.failure);
        }
        for (const LabAct& act : acts) {
            if (cancelled(serial)) return stopShowing(serial, {});
            if (act.fastForward > lab::Timestamp{0}) {
                const LongEnd end = fastForwardBy(act.fastForward, serial);
                if (end.cancelled || end.failure) return stopShowing(serial, end.failure);
                continue;
            }
            std::optional<Error> failure;
            changeLab([&act, &failure](lab::Lab& lab) -> Result<bool> {
                if (auto made = act.change(lab); !made) {
                    failure = made.error();
                    return tl::unexpected(made.error());
                }
                return true;
            });
            if (failure) return stopShowing(serial, failure);
        }
        if (acts.empty()) report(); // the views told of the new horizon
    }

    // A runShowingUpTo() stopped short: a lesson's steps queued behind it would build on a lab that
    // is not where they expect it, so they are given up too, until a new lab (load, unload).
    void stopShowing(quint64 serial, const std::optional<Error>& failure) {
        m_showingStopped = true;
        emit m_controller.showingStopped(serial, failure ? QString::fromStdString(failure->toString()) : QString());
    }

    // A job beside the lab (LabController::runJob); its error goes to `ended`, not to failed().
    void runJob(quint64 serial, LabProgress progress, const LabController::JobSlice& slice,
                const LabController::JobEnded& ended) {
        progress.serial = serial; // the job's own progress is what the bar is shown
        std::optional<Error> error;
        const LongEnd end = runLong(
            serial, progress,
            [&]() -> Result<bool> {
                auto done = slice(progress);
                if (!done) error = done.error();
                return !done || *done;
            },
            [&progress](LabProgress& p) { p = progress; }, [] {});
        if (end.told) emit m_controller.progressEnded(end.cancelled);
        QMetaObject::invokeMethod(
            &m_controller, [ended, cancelled = end.cancelled, error] { ended(cancelled, error); },
            Qt::QueuedConnection);
    }

    void fail(const Error& error) { emit m_controller.failed(QString::fromStdString(error.toString())); }

private:
    LabController& m_controller;
    QTimer* m_timer;
    qsizetype m_reported = 0;           // timeline events the views have been told about
    std::optional<qsizetype> m_horizon; // the views are told of no event beyond it (runShowingUpTo)
    bool m_holding = false;             // the lab has events beyond the horizon (as of the last report)
    bool m_showingStopped = false;      // a runShowingUpTo() stopped since the last load (stopShowing)
    QElapsedTimer m_sinceReport;
};

LabController::LabController(QObject* parent) : QObject(parent), m_thread(new QThread(this)), m_worker(nullptr) {
    m_worker = new LabWorker(*this);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->setObjectName("lab");
    m_thread->start();
}

LabController::~LabController() {
    cancel(); // a long command under way (a run, a page's export) stops at its next slice, not at its end
    m_thread->quit();
    m_thread->wait();
}

void LabController::post(std::function<void(LabWorker&)> command) {
    QMetaObject::invokeMethod(
        m_worker, [this, command = std::move(command)] { command(*m_worker); }, Qt::QueuedConnection);
}

quint64 LabController::postLong(std::function<void(LabWorker&, quint64)> command) {
    const quint64 serial = ++m_longPosted;
    post([this, serial, command = std::move(command)](LabWorker& worker) {
        command(worker, serial);
        std::lock_guard lock(m_cancelMutex);
        m_longEnded = serial;
        std::erase(m_cancelled, serial);
    });
    return serial;
}

void LabController::load(lab::Scenario scenario, std::optional<std::uint64_t> seed) {
    post([scenario = std::move(scenario), seed](LabWorker& worker) mutable { worker.load(std::move(scenario), seed); });
}

void LabController::unload() {
    post([](LabWorker& worker) { worker.unload(); });
}

void LabController::step() {
    ++m_worker->m_queuedSteps;
    post([](LabWorker& worker) {
        // Steps queued faster than the views can follow (a held key, a script) are told in batches,
        // as runUntil() does: the last one queued at once, the others at most every kReportEveryMs.
        const bool last = --worker.m_queuedSteps == 0;
        worker.stopPlaying();
        if (worker.revealHeld()) return;
        worker.changeLab([](lab::Lab& lab) { return lab.step(); }, /*rebuilds=*/false, last || worker.reportDue());
    });
}

void LabController::stepBack() {
    postLong([](LabWorker& worker, quint64 serial) { worker.stepBack(serial); });
}

void LabController::runToEndOfPhase() {
    postLong([](LabWorker& worker, quint64 serial) { worker.runToEndOfPhase(serial); });
}

void LabController::runToEnd() {
    postLong([](LabWorker& worker, quint64 serial) { worker.runToEnd(serial); });
}

void LabController::cancel() { m_cancelledUpTo = m_longPosted.load(); }

void LabController::cancel(quint64 serial) {
    std::lock_guard lock(m_cancelMutex);
    // One that ended (or serial 0, none) has nothing to stop: kept, it would never be erased.
    if (serial > m_longEnded && std::find(m_cancelled.begin(), m_cancelled.end(), serial) == m_cancelled.end())
        m_cancelled.push_back(serial);
}

void LabController::play(double stepsPerSecond) {
    post([stepsPerSecond](LabWorker& worker) { worker.play(stepsPerSecond); });
}

void LabController::pause() {
    post([](LabWorker& worker) { worker.stopPlaying(); });
}

void LabController::fastForward(lab::Timestamp duration) {
    postLong([duration](LabWorker& worker, quint64 serial) { worker.fastForward(duration, serial); });
}

void LabController::inject(const lab::AttackSpec& attack) {
    post([attack](LabWorker& worker) {
        worker.lift();
        worker.changeLab([&attack](lab::Lab& lab) -> Result<bool> {
            if (auto done = lab.inject(attack); !done) return tl::unexpected(done.error());
            return true;
        });
    });
}

void LabController::startTraffic(const lab::TrafficSpec& traffic) {
    post([traffic](LabWorker& worker) {
        worker.lift();
        worker.changeLab([&traffic](lab::Lab& lab) -> Result<bool> {
            if (auto done = lab.startTraffic(traffic); !done) return tl::unexpected(done.error());
            return true;
        });
    });
}

void LabController::perform(lab::ActionKind action, lab::Site site) {
    post([action, site](LabWorker& worker) {
        worker.lift();
        worker.changeLab([action, site](lab::Lab& lab) -> Result<bool> {
            if (auto done = lab.perform(action, site); !done) return tl::unexpected(done.error());
            return true;
        });
    });
}

void LabController::exportCapture(const QString& capturePath, const QString& keysFolder,
                                  const QString& sectionComment) {
    post([this, capturePath, keysFolder, sectionComment](LabWorker& worker) {
        if (!hasLab()) return;
        Result<void> done;
        {
            const auto lock = lockToRead();
            done = m_lab->exportCapture(capturePath.toStdString(), sectionComment.toStdString());
            if (done) done = m_lab->exportKeys(keysFolder.toStdString());
        }
        if (!done) return worker.fail(done.error());
        emit exported(capturePath, keysFolder);
    });
}

void LabController::runJob(LabProgress progress, JobSlice slice, QObject* context, JobEnded ended) {
    // On the GUI thread, and only while `context` lives (it may go while the worker finishes the job).
    JobEnded guarded = [context = QPointer<QObject>(context),
                        ended = std::move(ended)](bool cancelled, const std::optional<Error>& error) {
        if (context) ended(cancelled, error);
    };
    postLong([progress, slice = std::move(slice), guarded = std::move(guarded)](LabWorker& worker, quint64 serial) {
        worker.runJob(serial, progress, slice, guarded);
    });
}

quint64 LabController::runShowingUpTo(std::size_t labSteps, std::function<Result<void>(lab::Lab&)> act,
                                      std::size_t shown) {
    return runShowingUpTo(labSteps, std::vector<LabAct>{LabAct{std::move(act), {}}}, shown);
}

quint64 LabController::runShowingUpTo(std::size_t labSteps, std::vector<LabAct> acts, std::size_t shown) {
    return postLong([labSteps, acts = std::move(acts), shown](LabWorker& worker, quint64 serial) {
        worker.runShowingUpTo(labSteps, acts, static_cast<qsizetype>(shown), serial);
    });
}

std::shared_lock<std::shared_mutex> LabController::lockToRead() const {
    std::shared_lock lock(m_mutex, std::try_to_lock);
    if (lock.owns_lock()) return lock;
    ++m_readersWaiting;
    lock.lock();
    if (--m_readersWaiting == 0) m_readersWaiting.notify_all();
    return lock;
}

std::unique_lock<std::shared_mutex> LabController::lockToChange() {
    // The lock alone promises no order: a view could wait behind any number of the worker's steps,
    // each of which takes it again at once. With a reader waiting, the worker lets it in first.
    for (int waiting = m_readersWaiting.load(); waiting > 0; waiting = m_readersWaiting.load())
        m_readersWaiting.wait(waiting);
    return std::unique_lock(m_mutex);
}

bool LabController::hasLab() const {
    const auto lock = lockToRead();
    return m_lab != nullptr;
}

bool LabController::read(const std::function<void(const lab::Lab&)>& reader) const {
    const auto lock = lockToRead();
    if (!m_lab) return false;
    reader(*m_lab);
    return true;
}

void LabController::waitForIdle() const {
    // A command queued behind all others; the worker runs them in order.
    QSemaphore done;
    QMetaObject::invokeMethod(
        m_worker, [&done] { done.release(); }, Qt::QueuedConnection);
    done.acquire();
    // Deliver the signals the worker emitted to this (the GUI) thread.
    QCoreApplication::processEvents();
}

} // namespace ipseclab::ui
