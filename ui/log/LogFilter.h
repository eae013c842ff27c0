// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Log dock's rows that the filter keeps: those containing its text (any column, any case of
// the English letters) and, when one is chosen, of one site. A list of the log's rows, found in
// slices when the filter changes and extended as rows come — the log only grows between resets —
// so a new row costs one test. (QSortFilterProxyModel rebuilds its whole mapping at every insert
// and lets rows back in one interval at a time: seconds at a million rows.)
//
// A million-echo run's log is ten million lines, 1.5 GB of text: a second to search. So a new
// filter scans the log a chunk at a time on the GUI thread, the rows found appended as it goes: a
// first slice until a screenful is found, then more from a zero timer, each a few milliseconds,
// the view painting and taking keys between them; the next keystroke starts over. On the GUI
// thread, not a worker: the log grows and resets there, so a slice reads it whole with no lock
// and no snapshot, and a new text cancels the old scan by simply replacing it.
// With neither text nor site the rows are the log's own, shown at once without a scan.

#include <QAbstractTableModel>
#include <QTimer>

#include <string>
#include <vector>

namespace ipseclab::ui {

class LogModel;

class LogFilter : public QAbstractTableModel {
    Q_OBJECT
public:
    // The first slice stops when it has found this many rows (a tall screen's worth), to be painted.
    static constexpr int kFirstScreenRows = 200;
    // A slice's time: half a frame, the other half for the view's painting and input.
    static constexpr int kSliceMs = 8;

    explicit LogFilter(LogModel& source, QObject* parent = nullptr);

    void setText(const QString& text);
    void setSite(const QString& site); // "A", "B", "wire"; empty: every site
    // Some text or a site chosen: not every row is kept.
    bool filtering() const { return !m_needle.empty() || !m_site.empty(); }
    // A new filter's scan under way: the log's rows before scanned() are sorted, the rest not yet.
    bool scanning() const { return m_scanning; }
    int scanned() const { return m_scanned; }
    // One slice of the scan (the zero timer calls it; tests may too): the rows found appended.
    void slice();

    // The log's row shown at `row`, and back (-1: not kept, or not found yet).
    int sourceRow(int row) const { return filtering() ? m_rows.at(static_cast<std::size_t>(row)) : row; }
    int rowOf(int sourceRow) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    // A slice done: scanning(), scanned() and rowCount() may have changed.
    void progressed();

private:
    // A new filter (or a new log): the rows dropped, the scan begun with its first slice.
    void restart();
    // Rows come at the end only: from `first` on is what came.
    void sourceRowsInserted(int first);

    LogModel& m_source;
    std::string m_needle; // LogModel::needleOf(the text)
    std::string m_site;
    std::vector<int> m_rows; // the log's rows kept, in order (when filtering)
    int m_scanned = 0;       // the log's rows looked at: when not filtering, the rows shown
    bool m_scanning = false;
    bool m_firstSlice = false;
    QTimer m_nextSlice;
};

} // namespace ipseclab::ui
