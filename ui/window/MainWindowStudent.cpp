// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The window in a student's lab (a lab code) and in teacher mode: File › Open lab code and Hand in,
// View › Teacher mode, and what a lab code changes — the seed, the class's settings, the name in the
// status bar. The rest of the window is MainWindow.cpp.

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

#include "lesson/LessonPlayer.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/ExportPath.h"
#include "ui/common/LabController.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/window/LabCodeDialog.h"
#include "ui/window/MainWindow.h"
#include "ui/window/StudentSession.h"
#include "ui/window/TransportControls.h"

namespace ipseclab::ui {

bool MainWindow::openStudentLab(const classroom::LabCard& card, QString* error) {
    if (!m_student->open(card, error)) return false;
    if (m_persist) m_student->saveAsLast();
    const classroom::LabCard& opened = m_student->card();
    m_diagram->setHideFailureNames(opened.settings.hideFailureNames);
    m_lessonPanel->setStudentLab(
        LessonPanel::StudentLab{m_student->seed(), QString::fromStdString(opened.code), opened.settings});
    updateStudentState();
    restartLabForSeed(std::nullopt); // load() puts the code's seed in
    return true;
}

void MainWindow::closeStudentLab() {
    if (!m_student->isOpen()) return;
    m_student->close();
    if (m_persist) StudentSession::forgetLast();
    m_diagram->setHideFailureNames(false);
    m_lessonPanel->setStudentLab(std::nullopt);
    updateStudentState();
    restartLabForSeed(m_scenario.seed);
}

// The lab running now starts again when a lab code comes or goes; a lesson with a lab of its own,
// open in the dock, restarted it already.
void MainWindow::restartLabForSeed(std::optional<std::uint64_t> seed) {
    const bool lessonLab = m_lessonPanel->player() && m_lessonPanel->player()->lab();
    if (m_controller->hasLab() && !lessonLab) load(m_scenario, seed);
}

void MainWindow::updateStudentState() {
    const bool open = m_student->isOpen();
    m_studentLabel->setText(m_student->who());
    m_studentLabel->setVisible(open);
    m_transport->setSeedFixed(open ? tr("Your lab code sets the seed: your own values, the ones your answers are "
                                        "judged with.")
                                   : QString());
    m_actions.handIn->setEnabled(open);
    m_actions.closeLabCode->setEnabled(open);
    m_actions.handIn->setToolTip(open ? m_actions.handIn->statusTip()
                                      : tr("Open a lab code first (File › Open lab code)."));
    m_actions.teacherMode->setEnabled(!open);
    m_actions.teacherMode->setToolTip(open ? tr("A student's lab (a lab code) has no teacher mode.")
                                           : m_actions.teacherMode->statusTip());
    m_lessonPanel->setTeacherMode(m_actions.teacherMode->isChecked() && !open);
}

void MainWindow::setTeacherMode(bool on) {
    m_actions.teacherMode->setChecked(on);
    updateStudentState();
}

bool MainWindow::teacherMode() const { return m_lessonPanel->teacherMenuShown(); }

bool MainWindow::handIn(const QString& path, QString* error) {
    if (!m_student->handIn(path, error)) return false;
    ExportPath::confirm(*statusBar(),
                        tr("Your results were written to %1: upload this file to your course page.")
                            .arg(QDir::toNativeSeparators(path)),
                        path, /*offerFolder=*/false);
    return true;
}

void MainWindow::askOpenLabCode() {
    LabCodeDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    QString error;
    if (!openStudentLab(dialog.card(), &error)) QMessageBox::warning(this, tr("Open a lab code"), error);
}

void MainWindow::askHandIn() {
    if (!m_student->isOpen()) return;
    const QString path = ExportPath::ask(this, tr("Hand in your results"), m_student->handInFileName(),
                                         tr("Results (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!handIn(path, &error)) return void(QMessageBox::warning(this, tr("Hand in"), error));
    QMessageBox::information(this, tr("Handed in"),
                             tr("Your results (%1 questions answered) are in\n%2\n\nUpload this file to your course "
                                "page.")
                                 .arg(m_student->results().questions.size())
                                 .arg(QDir::toNativeSeparators(path)));
}

} // namespace ipseclab::ui
