// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A student's lab, opened with a lab code or a lab card (File › Open lab code, --code, --card):
// who the student is, the seed their code carries, the class's settings, and the results file
// (classroom::Results) every answer attempt is recorded in. The results are written after each
// attempt to a file under the application's data folder (one per lab code), so a crash or a
// restart loses nothing and typing the same code again finds them; File › Hand in copies them to
// the file the student uploads.

#include <QObject>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "classroom/ClassFile.h"
#include "classroom/Results.h"
#include "lesson/Answer.h"

namespace ipseclab::ui {

class StudentSession : public QObject {
    Q_OBJECT
public:
    explicit StudentSession(QObject* parent = nullptr);

    // Opens `card`: its code must decode (else false, `error` saying why, as decodeLabCode does);
    // the results recorded earlier for the same code and student are taken up again.
    bool open(const classroom::LabCard& card, QString* error = nullptr);
    bool isOpen() const { return m_seed.has_value(); }
    // No student's lab any more (the results stay on disk for the code).
    void close();
    const classroom::LabCard& card() const { return m_card; }
    std::uint64_t seed() const { return m_seed.value_or(0); }
    // "Ada Lovelace · K7QF-92XD" (the code alone without a name); empty when no lab is open.
    QString who() const;
    const classroom::Results& results() const { return m_results; }

    // An attempt, timed now (UTC), recorded and kept on disk at once.
    void record(const QString& lessonId, std::size_t step, const lesson::StudentAnswer& given, bool right);
    // Writes the results file (classroom::toJson) to `path`; false with `error` when it cannot.
    bool handIn(const QString& path, QString* error = nullptr) const;
    // "s01-K7QF-92XD-results.json" (the code alone without a student id).
    QString handInFileName() const;
    // Where the results of `code` are kept between sessions.
    static QString keptResultsPath(const QString& code);

    // A lab card file (classroom::cardFromJson); none with `error` naming the file and the problem.
    static std::optional<classroom::LabCard> readCard(const QString& path, QString* error = nullptr);
    // The card in QSettings ("student/…"), for the next start; and the one saved there, if any.
    void saveAsLast() const;
    static void forgetLast();
    static std::optional<classroom::LabCard> last();

signals:
    // Recording failed to reach the disk (the message says where and why): the results are still
    // in memory, and Hand in still writes them.
    void keepFailed(const QString& message);

private:
    void keep();

    classroom::LabCard m_card;
    std::optional<std::uint64_t> m_seed;
    classroom::Results m_results;
};

} // namespace ipseclab::ui
