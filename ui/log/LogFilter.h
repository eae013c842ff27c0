// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Log dock's rows that the filter keeps: those containing its text (any column, any case of
// the English letters) and, when one is chosen, of one site. A list of the log's rows, rebuilt in
// one pass when the filter changes (LogModel::forEachContaining) and extended as rows come — the
// log only grows between resets — so a long run's million rows filter in tens of milliseconds,
// and a new row costs one test. (QSortFilterProxyModel rebuilds its whole mapping at every insert
// and lets rows back in one interval at a time: seconds at that size.)

#include <QAbstractTableModel>

#include <string>
#include <vector>

namespace ipseclab::ui {

class LogModel;

class LogFilter : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit LogFilter(LogModel& source, QObject* parent = nullptr);

    void setText(const QString& text);
    void setSite(const QString& site); // "A", "B", "wire"; empty: every site

    // The log's row shown at `row`, and back (-1: not kept).
    int sourceRow(int row) const { return m_rows.at(static_cast<std::size_t>(row)); }
    int rowOf(int sourceRow) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void refilter();
    // The log's rows from `first` on that the filter keeps, appended to `rows`.
    void keep(int first, std::vector<int>& rows) const;
    // Rows come at the end only: from `first` on is what came.
    void sourceRowsInserted(int first);

    LogModel& m_source;
    std::string m_needle; // LogModel::needleOf(the text)
    std::string m_site;
    std::vector<int> m_rows; // the log's rows kept, in order
};

} // namespace ipseclab::ui
