// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/log/LogModel.h"

#include "lab/Timeline.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/LabController.h"

namespace ipseclab::ui {

LogModel::LogModel(QObject* parent) : QAbstractTableModel(parent) {}

void LogModel::follow(LabController& controller) { controller.feed(*this); }

void LogModel::clear() {
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

void LogModel::append(const lab::Timeline& timeline, qsizetype first, qsizetype count) {
    const qsizetype begin = std::max<qsizetype>(first, static_cast<qsizetype>(m_lines.size()));
    const qsizetype end = std::min<qsizetype>(first + count, static_cast<qsizetype>(timeline.size()));
    if (begin >= end) return;
    beginInsertRows({}, static_cast<int>(begin), static_cast<int>(end - 1));
    for (qsizetype i = begin; i < end; ++i) {
        const lab::LabEvent& e = timeline.at(static_cast<std::size_t>(i));
        const ike::Event* ike = e.ike();
        const auto* outcome = e.as<lab::OutcomeRecord>();
        m_lines.push_back(Line{formatTime(e.time), QString::fromStdString(std::string(lab::originName(e.origin))),
                               QString::fromStdString(std::string(lab::phaseName(e.phase))),
                               QString::fromStdString(e.summary), QString::fromStdString(e.text),
                               (ike && ike->kind == ike::EventKind::Failure) || (outcome && !outcome->asDesigned),
                               e.attack.has_value()});
    }
    endInsertRows();
}

QString LogModel::lineOf(int row) const {
    const Line& l = m_lines.at(static_cast<std::size_t>(row));
    return QStringLiteral("%1\t%2\t%3 — %4").arg(l.time, l.where, l.event, l.detail);
}

void LogModel::setColors(const QColor& failure, const QColor& attack) {
    m_failure = failure;
    m_attack = attack;
    if (!m_lines.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole});
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_lines.size());
}

int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Line& l = m_lines.at(static_cast<std::size_t>(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: return l.time;
        case WhereColumn: return l.where;
        case PhaseColumn: return l.phase;
        case EventColumn: return l.event;
        case DetailColumn: return l.detail;
        default: return {};
        }
    case Qt::ForegroundRole:
        if (l.failure) return m_failure;
        if (l.attack) return m_attack;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SiteRole: return l.where;
    default: return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case WhereColumn: return tr("Where");
    case PhaseColumn: return tr("Phase");
    case EventColumn: return tr("Event");
    case DetailColumn: return tr("Details");
    default: return {};
    }
}

} // namespace ipseclab::ui
