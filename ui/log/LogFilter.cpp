// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/log/LogFilter.h"

#include <QElapsedTimer>

#include <algorithm>

#include "ui/log/LogModel.h"

namespace ipseclab::ui {

LogFilter::LogFilter(LogModel& source, QObject* parent) : QAbstractTableModel(parent), m_source(source) {
    m_nextSlice.setSingleShot(true);
    m_nextSlice.setInterval(0);
    connect(&m_nextSlice, &QTimer::timeout, this, &LogFilter::slice);
    connect(&source, &QAbstractItemModel::modelReset, this, &LogFilter::restart);
    connect(&source, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first) { sourceRowsInserted(first); });
    connect(&source, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), roles);
            });
    restart();
}

void LogFilter::setText(const QString& text) {
    m_needle = LogModel::needleOf(text);
    restart();
}

void LogFilter::setSite(const QString& site) {
    m_site = site.toStdString();
    restart();
}

void LogFilter::restart() {
    m_nextSlice.stop(); // the scan under way, if any, is given up
    beginResetModel();
    m_rows.clear();
    m_rows.shrink_to_fit(); // a broad filter's millions of rows are not kept for the next
    m_scanned = 0;
    m_scanning = true;
    m_firstSlice = true;
    endResetModel();
    slice();
}

void LogFilter::slice() {
    const int end = m_source.rowCount();
    const int before = rowCount();
    if (!filtering() && end > before) {
        beginInsertRows({}, before, end - 1);
        m_scanned = end;
        endInsertRows();
    } else if (filtering()) {
        QElapsedTimer clock;
        clock.start();
        std::vector<int> found;
        const auto kept = [this, &found](int row) {
            if (m_site.empty() || m_source.site(row) == m_site) found.push_back(row);
        };
        // Whole chunks (a fraction of a millisecond each) until the slice's time is up.
        while (m_scanned < end) {
            m_scanned = m_source.forEachContainingInChunk(m_needle, m_scanned, kept);
            if (clock.elapsed() >= kSliceMs) break;
            if (m_firstSlice && before + static_cast<int>(found.size()) >= kFirstScreenRows) break;
        }
        if (!found.empty()) {
            beginInsertRows({}, before, before + static_cast<int>(found.size()) - 1);
            m_rows.insert(m_rows.end(), found.begin(), found.end());
            endInsertRows();
        }
    }
    m_firstSlice = false;
    m_scanning = m_scanned < end;
    if (m_scanning) m_nextSlice.start();
    emit progressed();
}

void LogFilter::sourceRowsInserted(int first) {
    // A scan under way gets to them; otherwise they are the next slice (a step's few: at once).
    if (m_scanned == first && !m_scanning) slice();
}

int LogFilter::rowOf(int sourceRow) const {
    if (!filtering()) return sourceRow < m_scanned ? sourceRow : -1;
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), sourceRow);
    return it != m_rows.end() && *it == sourceRow ? static_cast<int>(it - m_rows.begin()) : -1;
}

int LogFilter::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return filtering() ? static_cast<int>(m_rows.size()) : m_scanned;
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
