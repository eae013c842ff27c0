// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/LessonBrowser.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "lesson/LessonLibrary.h"
#include "lesson/LessonProgress.h"
#include "ui/lesson/LessonPanel.h"

namespace ipseclab::ui {

namespace {

// "4 of 9 steps, 2 of 3 questions right", or empty for a lesson never opened.
QString progressOf(const lesson::Lesson& l, const QString& studentCode) {
    const std::string saved = QSettings().value(LessonPanel::progressKey(l.id, studentCode)).toString().toStdString();
    auto progress = lesson::LessonProgress::fromJson(saved);
    if (saved.empty() || !progress) return {};
    const std::size_t questions = l.questionCount();
    if (progress->reachedCount() == l.steps.size())
        return QObject::tr("done ✓, %1 of %2 questions right").arg(progress->rightCount()).arg(questions);
    return QObject::tr("%1 of %2 steps, %3 of %4 questions right")
        .arg(progress->reachedCount())
        .arg(l.steps.size())
        .arg(progress->rightCount())
        .arg(questions);
}

} // namespace

LessonBrowser::LessonBrowser(const std::string& folder, QWidget* parent, const std::string& current,
                             const QString& studentCode)
    : QDialog(parent), m_studentCode(studentCode), m_list(new QListWidget), m_details(new QTextBrowser),
      m_errors(new QLabel) {
    setWindowTitle(tr("Lessons"));
    setObjectName(QStringLiteral("lessonBrowser"));
    lesson::LessonFolder found = lesson::LessonLibrary::loadFolder(folder);
    m_lessons = std::move(found.lessons);
    for (std::size_t i = 0; i < m_lessons.size(); ++i) {
        const QString done = progressOf(m_lessons[i], studentCode);
        // Numbered as its file is, so "lesson 3" in class is --lesson 3 and 03-main-mode.json.
        const auto number = lesson::LessonLibrary::number(m_lessons[i].file);
        m_list->addItem(tr("%1. %2")
                            .arg(number ? qulonglong(*number) : qulonglong(i + 1))
                            .arg(QString::fromStdString(m_lessons[i].title)) +
                        (done.isEmpty() ? QString() : QStringLiteral("  —  ") + done));
    }
    QStringList problems;
    for (const lesson::LessonError& e : found.errors) problems << QString::fromStdString(e.toString());
    if (m_lessons.empty()) problems.prepend(tr("No lesson in %1.").arg(QString::fromStdString(folder)));
    m_errors->setText(problems.join(QLatin1Char('\n')));
    m_errors->setWordWrap(true);
    m_errors->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_errors->setVisible(!problems.isEmpty());
    m_errors->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
    QPushButton* openButton = buttons->button(QDialogButtonBox::Open);
    openButton->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, [this, openButton](int row) {
        openButton->setEnabled(row >= 0);
        describe(row);
    });
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);

    auto* panes = new QHBoxLayout;
    panes->addWidget(m_list, 2);
    panes->addWidget(m_details, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(panes, 1);
    layout->addWidget(m_errors);
    layout->addWidget(buttons);
    resize(900, 520);
    int row = 0;
    for (std::size_t i = 0; i < m_lessons.size(); ++i)
        if (m_lessons[i].id == current) row = static_cast<int>(i);
    if (!m_lessons.empty()) m_list->setCurrentRow(row);
}

void LessonBrowser::describe(int row) {
    if (row < 0 || row >= lessonCount()) return m_details->clear();
    const lesson::Lesson& l = m_lessons[static_cast<std::size_t>(row)];
    QString md =
        QStringLiteral("## %1\n\n%2\n\n").arg(QString::fromStdString(l.title), QString::fromStdString(l.summary));
    md += tr("**Goals**\n\n");
    for (const std::string& g : l.goals) md += QStringLiteral("- %1\n").arg(QString::fromStdString(g));
    md += QLatin1Char('\n');
    md += l.scenario ? tr("**Lab:** %1, seed %2 · %3 steps\n")
                           .arg(QString::fromStdString(l.scenario->describe()))
                           .arg(l.seed.value_or(0))
                           .arg(l.steps.size())
                     : tr("**A reading lesson** · %1 steps\n").arg(l.steps.size());
    if (l.minutes) md += tr("\n**Time:** about %1 minutes\n").arg(*l.minutes);
    if (!l.prerequisites.empty()) {
        QStringList titles;
        for (const std::string& id : l.prerequisites) titles << titleOf(id);
        md += tr("\n**Do first:** %1\n").arg(titles.join(QStringLiteral(", ")));
    }
    const QString done = progressOf(l, m_studentCode);
    if (!done.isEmpty()) md += tr("\n**Your progress:** %1\n").arg(done);
    m_details->setMarkdown(md);
}

QString LessonBrowser::titleOf(const std::string& id) const {
    for (const lesson::Lesson& l : m_lessons)
        if (l.id == id) return QString::fromStdString(l.title);
    return QString::fromStdString(id);
}

std::optional<lesson::Lesson> LessonBrowser::chosen() const {
    const int row = m_list->currentRow();
    if (row < 0 || row >= lessonCount()) return std::nullopt;
    return m_lessons[static_cast<std::size_t>(row)];
}

QString LessonBrowser::errors() const { return m_errors->text(); }

} // namespace ipseclab::ui
