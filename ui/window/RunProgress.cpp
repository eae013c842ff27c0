// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/window/RunProgress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>

#include <cmath>

namespace ipseclab::ui {

RunProgress::RunProgress(LabController& controller, QWidget* parent)
    : QWidget(parent), m_what(new QLabel), m_bar(new QProgressBar), m_left(new QLabel),
      m_cancel(new QPushButton(tr("Cancel"))) {
    setObjectName(QStringLiteral("runProgress"));
    m_bar->setObjectName(QStringLiteral("runProgressBar"));
    m_bar->setTextVisible(true);
    m_bar->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 12);
    m_cancel->setObjectName(QStringLiteral("runProgressCancel"));
    m_cancel->setToolTip(
        tr("Stop (Esc): a run or a fast-forward stops where it is, a step back leaves the lab as it was"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_what);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_left);
    layout->addWidget(m_cancel);
    hide();
    // The command the bar shows, not the others queued behind it.
    const auto cancelShown = [this, &controller] { controller.cancel(m_serial); };
    connect(m_cancel, &QPushButton::clicked, this, cancelShown);
    // Esc as well, while the bar shows (a shortcut of a hidden widget does not fire).
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, cancelShown);
    connect(&controller, &LabController::progressed, this, &RunProgress::progressed);
    connect(&controller, &LabController::progressEnded, this, &RunProgress::ended);
}

QString RunProgress::remaining() const {
    if (m_leftSeconds < 0) return {};
    const auto seconds = static_cast<qint64>(std::ceil(m_leftSeconds));
    if (seconds < 60) return tr("about %1 s left").arg(seconds);
    return tr("about %1 min %2 s left").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString RunProgress::besideBar() const { return m_left->text(); }

QString RunProgress::doing(LabProgress::Task task) {
    switch (task) {
    case LabProgress::Task::Run: return tr("Running to the end");
    case LabProgress::Task::RunPhase: return tr("Running to the end of the phase");
    case LabProgress::Task::FastForward: return tr("Fast-forwarding");
    case LabProgress::Task::StepBack: return tr("Stepping back: replaying the run");
    case LabProgress::Task::Export: return tr("Exporting the page");
    }
    return {};
}

QString RunProgress::howFar(const LabProgress& progress) {
    const QLocale locale;
    const QString done = locale.toString(progress.done), total = locale.toString(progress.total);
    if (progress.total <= 0)
        return progress.task == LabProgress::Task::Export ? tr("writing")
                                                          : tr("%1 steps").arg(locale.toString(progress.steps));
    switch (progress.task) {
    case LabProgress::Task::Export: return tr("lesson step %1 of %2").arg(done, total);
    case LabProgress::Task::StepBack: return tr("step %1 of %2").arg(done, total);
    case LabProgress::Task::FastForward: // virtual time
        return tr("%1 of %2 s")
            .arg(locale.toString(static_cast<double>(progress.done) / 1000, 'f', 1),
                 locale.toString(static_cast<double>(progress.total) / 1000, 'f', 1));
    default: // the status line says the step
        return progress.floods ? tr("packet %1 of %2 (echoes and floods)").arg(done, total)
                               : tr("echo %1 of %2").arg(done, total);
    }
}

void RunProgress::progressed(const LabProgress& progress) {
    if (!m_clock.isValid()) {
        m_clock.start();
        m_firstDone = progress.done;
    }
    m_serial = progress.serial;
    m_what->setText(doing(progress.task));
    // A total makes a bar that fills (in thousandths: a run's counts may pass an int); none, a busy one.
    const bool known = progress.total > 0;
    m_bar->setRange(0, known ? 1000 : 0);
    if (known) m_bar->setValue(static_cast<int>(progress.done * 1000 / progress.total));
    m_bar->setFormat(howFar(progress)); // a busy bar shows no text: the steps go beside it instead
    // The rate so far, from the first report on (the command's own start is a report earlier).
    const double seconds = static_cast<double>(m_clock.elapsed()) / 1000;
    const qint64 gained = progress.done - m_firstDone;
    m_leftSeconds = known && gained > 0 && seconds > 0
                        ? static_cast<double>(progress.total - progress.done) * seconds / static_cast<double>(gained)
                        : -1;
    m_left->setText(known ? remaining() : howFar(progress));
    if (!isVisible() && m_clock.elapsed() >= kShowAfterMs) show();
}

void RunProgress::ended() {
    m_clock.invalidate();
    m_leftSeconds = -1;
    hide();
}

} // namespace ipseclab::ui
