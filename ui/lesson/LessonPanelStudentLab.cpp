// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Lesson dock in teacher mode and in a student's lab (a lab code): which menu shows, the seed
// every lesson opens with, and the class's settings — the attempts a question allows, Back past an
// answered question. The rest of the dock is LessonPanel.cpp.

#include <QLabel>
#include <QPushButton>
#include <QToolButton>

#include "lesson/LessonPlayer.h"
#include "ui/lesson/LessonPanel.h"

namespace ipseclab::ui {

namespace {

QString attemptsText(std::uint32_t n) {
    return n == 1 ? LessonPanel::tr("1 attempt") : LessonPanel::tr("%1 attempts").arg(n);
}

} // namespace

void LessonPanel::setTeacherMode(bool on) {
    m_teacherMode = on;
    m_teacher->setVisible(m_teacherMode && !m_student);
}

bool LessonPanel::teacherMenuShown() const { return !m_teacher->isHidden(); }

void LessonPanel::setStudentLab(std::optional<StudentLab> lab) {
    m_student = std::move(lab);
    m_teacher->setVisible(m_teacherMode && !m_student);
    if (!m_player) return;
    const lesson::Lesson lesson = m_player->lesson();
    open(lesson, std::nullopt); // with the code's seed, or the lesson's own again
}

// A student's progress is kept per lab code: what was answered for another seed is not theirs.
QString LessonPanel::progressKey(const std::string& lessonId, const QString& studentCode) {
    if (studentCode.isEmpty()) return settingsKey(lessonId);
    return QStringLiteral("students/%1/%2").arg(studentCode, settingsKey(lessonId));
}

std::optional<std::uint32_t> LessonPanel::attemptsLeft() const {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    if (!m_student || !m_student->settings.attemptsAllowed || !current || !currentQuestion()) return std::nullopt;
    const std::uint32_t made = m_player->progress().steps[*current].attempts;
    const std::uint32_t allowed = *m_student->settings.attemptsAllowed;
    return made >= allowed ? 0 : allowed - made;
}

bool LessonPanel::refuseWithoutAttempts() {
    if (attemptsLeft() != 0u) return false;
    showAttempts();
    return true;
}

// Check as the class allows: disabled, and said so, once no attempt is left.
void LessonPanel::showAttempts() {
    const auto left = attemptsLeft();
    m_check->setEnabled(left != 0u);
    m_check->setToolTip(left == 0u ? tr("Your class allows %1 per question: none is left.")
                                         .arg(attemptsText(*m_student->settings.attemptsAllowed))
                                   : tr("Check your answer (Alt+C, or Enter)"));
    m_attempts->setVisible(left.has_value());
    if (left)
        m_attempts->setText(*left == 0 ? tr("No attempts left for this question.")
                                       : tr("%1 left.").arg(attemptsText(*left)));
}

// With backPastAnswered off, no step before the latest answered question can be reached again.
bool LessonPanel::mayGoBackTo(std::size_t step) const {
    if (!m_player || !m_student || m_student->settings.backPastAnswered) return true;
    const auto& steps = m_player->progress().steps;
    for (std::size_t i = steps.size(); i-- > step + 1;)
        if (steps[i].answered) return false;
    return true;
}

void LessonPanel::showBack() {
    const auto current = m_player ? m_player->currentStep() : std::nullopt;
    const bool previous = current && *current > 0;
    const bool allowed = previous && mayGoBackTo(*current - 1);
    m_back->setEnabled(allowed);
    m_back->setToolTip(previous && !allowed ? tr("Your class does not allow going back past a question you answered.")
                                            : tr("The step before (Alt+B)"));
}

} // namespace ipseclab::ui
