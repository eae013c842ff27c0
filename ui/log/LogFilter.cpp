// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/log/LogFilter.h"

#include <algorithm>

#include "ui/log/LogModel.h"

namespace ipseclab::ui {

LogFilter::LogFilter(LogModel& source, QObject* parent) : QAbstractTableModel(parent), m_source(source) {
    connect(&source, &QAbstractItemModel::modelReset, this, &LogFilter::refilter);
    connect(&source, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first) { sourceRowsInserted(first); });
    connect(&source, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), roles);
            });
    refilter();
}

void LogFilter::setText(const QString& text) {
    m_needle = LogModel::needleOf(text);
    refilter();
}

void LogFilter::setSite(const QString& site) {
    m_site = site.toStdString();
    refilter();
}

void LogFilter::keep(int first, std::vector<int>& rows) const {
    auto kept = [this, &rows](int row) {
        if (m_site.empty() || m_source.site(row) == m_site) rows.push_back(row);
    };
    if (!m_needle.empty()) return m_source.forEachContaining(m_needle, first, kept);
    for (int row = first; row < m_source.rowCount(); ++row) kept(row);
}

void LogFilter::refilter() {
    beginResetModel();
    m_rows.clear();
    keep(0, m_rows);
    endResetModel();
}

void LogFilter::sourceRowsInserted(int first) {
    std::vector<int> rows;
    keep(first, rows);
    if (rows.empty()) return;
    const int at = rowCount();
    beginInsertRows({}, at, at + static_cast<int>(rows.size()) - 1);
    m_rows.insert(m_rows.end(), rows.begin(), rows.end());
    endInsertRows();
}

int LogFilter::rowOf(int sourceRow) const {
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), sourceRow);
    return it != m_rows.end() && *it == sourceRow ? static_cast<int>(it - m_rows.begin()) : -1;
}

int LogFilter::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LogFilter::columnCount(const QModelIndex& parent) const { return m_source.columnCount(parent); }

QVariant LogFilter::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    return m_source.index(sourceRow(index.row()), index.column()).data(role);
}

QVariant LogFilter::headerData(int section, Qt::Orientation orientation, int role) const {
    return m_source.headerData(section, orientation, role);
}

} // namespace ipseclab::ui
