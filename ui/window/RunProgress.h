// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The status line's progress bar for a long command (run to the end or to the end of the phase,
// fast-forward, a step back that replays a long run): what it does, how far it is ("echo 45,210 of
// 100,000", "packet 45,210 of 600,000 (echoes and floods)", "12.5 of 60.0 s", "step 4,992 of
// 60,035"; a busy bar and "1,234 steps" when the end is not known ahead), how long it has left, and
// Cancel (or Esc). It shows only once a command has taken kShowAfterMs, so a
// short run does not flash it.

#include <QElapsedTimer>
#include <QWidget>

#include "ui/common/LabController.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace ipseclab::ui {

class RunProgress : public QWidget {
    Q_OBJECT
public:
    static constexpr qint64 kShowAfterMs = 300;

    explicit RunProgress(LabController& controller, QWidget* parent = nullptr);

    QProgressBar* bar() const { return m_bar; }
    QPushButton* cancelButton() const { return m_cancel; }
    // "about 12 s left", or empty while there is nothing to estimate from.
    QString remaining() const;
    // Beside the bar: remaining(), or the steps taken when there is no total ("1,234 steps").
    QString besideBar() const;

    // "Running to the end", and the bar's text: "echo 45,210 of 100,000".
    static QString doing(LabProgress::Task task);
    static QString howFar(const LabProgress& progress);

private:
    void progressed(const LabProgress& progress);
    void ended();

    QLabel* m_what;
    QProgressBar* m_bar;
    QLabel* m_left;
    QPushButton* m_cancel;
    QElapsedTimer m_clock; // since the command's first progress; invalid between commands
    qint64 m_firstDone = 0;
    double m_leftSeconds = -1; // estimated; negative while unknown
    quint64 m_serial = 0;      // the command shown (LabProgress::serial): what Cancel stops
};

} // namespace ipseclab::ui
