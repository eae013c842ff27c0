// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/window/StudentSession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

#include "classroom/LabCode.h"

namespace ipseclab::ui {

namespace {

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

bool writeText(const QString& path, const std::string& text, QString* error) {
    QSaveFile file(path); // all or nothing: a results file is never left half written
    if (file.open(QIODevice::WriteOnly) && file.write(text.data(), static_cast<qint64>(text.size())) >= 0 &&
        file.commit())
        return true;
    if (error) *error = QObject::tr("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

} // namespace

StudentSession::StudentSession(QObject* parent) : QObject(parent) {}

bool StudentSession::open(const classroom::LabCard& card, QString* error) {
    auto code = classroom::normalizeLabCode(card.code);
    auto seed = code ? classroom::decodeLabCode(*code) : Result<std::uint64_t>(tl::unexpected(code.error()));
    if (!seed) {
        if (error) *error = fromStd(seed.error().message);
        return false;
    }
    m_card = card;
    m_card.code = *code;
    m_seed = *seed;
    m_results = classroom::Results{};
    // What this code's student recorded before (a restart, the code typed again) goes on.
    if (QFile kept(keptResultsPath(fromStd(*code))); kept.open(QIODevice::ReadOnly)) {
        const QByteArray text = kept.readAll();
        auto earlier = classroom::resultsFromJson(std::string_view(text.constData(), std::size_t(text.size())),
                                                  kept.fileName().toStdString());
        // The answers are the code's, whoever typed it and however: a code typed alone at home goes
        // on from the card used at school, taking the id, name and class the card gave.
        if (earlier) m_results = std::move(*earlier);
        else // unreadable: set aside, never overwritten
            kept.rename(kept.fileName() + QStringLiteral(".set-aside-") +
                        QString::number(QDateTime::currentMSecsSinceEpoch()));
    }
    m_results.code = *code;
    for (const auto& [given, kept] :
         {std::pair{&card.studentId, &m_results.studentId}, std::pair{&card.name, &m_results.name},
          std::pair{&card.classId, &m_results.classId}})
        if (!given->empty() || kept->empty()) *kept = *given;
    m_card.studentId = m_results.studentId;
    m_card.name = m_results.name;
    m_card.classId = m_results.classId;
    m_results.app =
        (QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion()).toStdString();
    return true;
}

void StudentSession::close() {
    m_card = {};
    m_seed.reset();
    m_results = {};
}

QString StudentSession::who() const {
    if (!isOpen()) return {};
    const QString code = fromStd(m_card.code);
    return m_card.name.empty() ? code : fromStd(m_card.name) + QStringLiteral(" · ") + code;
}

void StudentSession::record(const QString& lessonId, std::size_t step, const lesson::StudentAnswer& given, bool right) {
    if (!isOpen()) return;
    classroom::Attempt attempt;
    attempt.answer = given;
    attempt.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    attempt.right = right;
    m_results.record(lessonId.toStdString(), step, std::move(attempt));
    keep();
}

void StudentSession::keep() {
    const QString path = keptResultsPath(fromStd(m_card.code));
    QDir().mkpath(QFileInfo(path).absolutePath());
    QString error;
    if (!writeText(path, classroom::toJson(m_results), &error)) emit keepFailed(error);
}

bool StudentSession::handIn(const QString& path, QString* error) const {
    if (!isOpen()) {
        if (error) *error = tr("No lab code is open.");
        return false;
    }
    return writeText(path, classroom::toJson(m_results), error);
}

QString StudentSession::handInFileName() const {
    const QString code = fromStd(m_card.code);
    const QString id = fromStd(m_card.studentId);
    return (id.isEmpty() ? code : id + QLatin1Char('-') + code) + QStringLiteral("-results.json");
}

QString StudentSession::keptResultsPath(const QString& code) {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/results/") + code +
           QStringLiteral("-results.json");
}

std::optional<classroom::LabCard> StudentSession::readCard(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    const QByteArray text = file.readAll();
    auto card = classroom::cardFromJson(std::string_view(text.constData(), std::size_t(text.size())),
                                        QFileInfo(path).fileName().toStdString());
    if (!card) {
        if (error) *error = fromStd(card.error().toString());
        return std::nullopt;
    }
    return std::move(*card);
}

void StudentSession::saveAsLast() const {
    if (!isOpen()) return forgetLast();
    QSettings settings;
    settings.beginGroup(QStringLiteral("student"));
    settings.setValue(QStringLiteral("code"), fromStd(m_card.code));
    settings.setValue(QStringLiteral("id"), fromStd(m_card.studentId));
    settings.setValue(QStringLiteral("name"), fromStd(m_card.name));
    settings.setValue(QStringLiteral("className"), fromStd(m_card.className));
    settings.setValue(QStringLiteral("classId"), fromStd(m_card.classId));
    QStringList lessons;
    for (const std::string& l : m_card.lessons) lessons << fromStd(l);
    settings.setValue(QStringLiteral("lessons"), lessons);
    settings.setValue(QStringLiteral("attemptsAllowed"), m_card.settings.attemptsAllowed.value_or(0));
    settings.setValue(QStringLiteral("backPastAnswered"), m_card.settings.backPastAnswered);
    settings.setValue(QStringLiteral("hideFailureNames"), m_card.settings.hideFailureNames);
}

void StudentSession::forgetLast() { QSettings().remove(QStringLiteral("student")); }

std::optional<classroom::LabCard> StudentSession::last() {
    QSettings settings;
    settings.beginGroup(QStringLiteral("student"));
    if (!settings.contains(QStringLiteral("code"))) return std::nullopt;
    const auto text = [&settings](const char* key) {
        return settings.value(QLatin1String(key)).toString().toStdString();
    };
    classroom::LabCard card;
    card.code = text("code");
    card.studentId = text("id");
    card.name = text("name");
    card.className = text("className");
    card.classId = text("classId");
    for (const QString& l : settings.value(QStringLiteral("lessons")).toStringList())
        card.lessons.push_back(l.toStdString());
    if (const uint attempts = settings.value(QStringLiteral("attemptsAllowed")).toUInt(); attempts > 0)
        card.settings.attemptsAllowed = attempts;
    card.settings.backPastAnswered = settings.value(QStringLiteral("backPastAnswered"), true).toBool();
    card.settings.hideFailureNames = settings.value(QStringLiteral("hideFailureNames"), false).toBool();
    return card;
}

} // namespace ipseclab::ui
