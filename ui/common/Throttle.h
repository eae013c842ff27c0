// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Runs an action at most once per interval: a request when the last run is older than the interval
// runs it at once; requests within the interval fold into one run when it is over. A view that
// follows the lab stays instant for a single step and keeps up when the lab runs thousands of
// steps a second.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace ipseclab::ui {

class Throttle : public QObject {
public:
    Throttle(int intervalMs, std::function<void()> action, QObject* parent = nullptr)
        : QObject(parent), m_interval(intervalMs), m_action(std::move(action)) {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &Throttle::run);
    }

    void request() {
        // Read the clock once: read twice, the second reading can pass the interval and give the
        // timer a negative wait.
        const qint64 elapsed = m_last.isValid() ? m_last.elapsed() : m_interval;
        if (elapsed >= m_interval) return run();
        if (!m_timer.isActive()) m_timer.start(static_cast<int>(m_interval - elapsed));
    }
    // Forgets a pending run (what it would show is gone: the lab was reset).
    void cancel() { m_timer.stop(); }

private:
    void run() {
        m_timer.stop();
        m_last.restart();
        m_action();
    }

    int m_interval;
    std::function<void()> m_action;
    QTimer m_timer;
    QElapsedTimer m_last;
};

} // namespace ipseclab::ui
