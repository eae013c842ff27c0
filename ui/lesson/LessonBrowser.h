// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lesson browser: every lesson of the folder in order, with its summary, goals, lab, time, the
// lessons to do first and the progress kept for it; the files that do not load are listed with their error (file, key,
// line), and the others stay usable.

#include <QDialog>

#include <optional>
#include <string>
#include <vector>

#include "lesson/Lesson.h"

class QLabel;
class QListWidget;
class QTextBrowser;

namespace ipseclab::ui {

class LessonBrowser : public QDialog {
    Q_OBJECT
public:
    // `current`: the lesson to highlight (the one open, or opened last); else the first.
    // `studentCode`: the progress shown is that lab code's (LessonPanel::progressKey).
    explicit LessonBrowser(const std::string& folder, QWidget* parent = nullptr, const std::string& current = {},
                           const QString& studentCode = {});

    // The lesson selected (on Accepted: the one to open).
    std::optional<lesson::Lesson> chosen() const;
    int lessonCount() const { return static_cast<int>(m_lessons.size()); }
    // The bad files' errors, one per line.
    QString errors() const;

private:
    void describe(int row);
    QString titleOf(const std::string& id) const; // a lesson of the folder's title; the id if none

    std::vector<lesson::Lesson> m_lessons;
    QString m_studentCode;
    QListWidget* m_list;
    QTextBrowser* m_details;
    QLabel* m_errors;
};

} // namespace ipseclab::ui
