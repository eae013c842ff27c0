// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's timeline as a table for the Log dock: one row per event (time, where, phase, the
// textbook line, the particulars). The text is copied when events arrive, so the view never waits
// for the lab's lock while it scrolls: each row's columns as UTF-8 (a cell becomes a QString when
// the view shows it), which the filter searches a chunk at a time, reading the English letters in
// lower case as it goes (no second, lower-cased copy of the log: at a million echoes that copy
// was 1.5 GB). The bytes are kept in chunks of about a megabyte, each holding
// whole rows, so a long log grows a chunk at a time instead of copying itself into a buffer twice
// its size, and a filter can stop between chunks (LogFilter's slices).

#include <QAbstractTableModel>
#include <QColor>

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/LabEvent.h"

namespace ipseclab::lab {
class Timeline;
}

namespace ipseclab::ui {

class LabController;

class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, WhereColumn, PhaseColumn, EventColumn, DetailColumn, ColumnCount };
    enum Role { SiteRole = Qt::UserRole }; // "A", "B", "wire"

    // About a megabyte of text per chunk (tests choose smaller chunks to cross their borders).
    static constexpr std::size_t kChunkBytes = std::size_t(1) << 20;

    explicit LogModel(QObject* parent = nullptr, std::size_t chunkBytes = kChunkBytes);
    void follow(LabController& controller);

    void clear();
    void append(const lab::Timeline& timeline, qsizetype first, qsizetype count);
    // One line of text per row: "0.004 s  A  MM5 · IDii, HASH_I (encrypted) — MM5 sent to ...".
    QString lineOf(int row) const;
    // Failures and attacks stand out.
    void setColors(const QColor& failure, const QColor& attack);

    // The filter's question. `needle` comes from needleOf(text): rows whose columns, one of them,
    // contain the text (any case of the English letters).
    static std::string needleOf(const QString& text);
    // Calls `found` with each row from `first` on that contains `needle`, in order.
    void forEachContaining(std::string_view needle, int first, const std::function<void(int)>& found) const;
    // The same, from `first` to the end of its chunk only (about a megabyte: a fraction of a
    // millisecond); returns the row after them, rowCount() at the end. An empty needle: every row.
    int forEachContainingInChunk(std::string_view needle, int first, const std::function<void(int)>& found) const;
    // "A", "B", "wire": the Where column.
    std::string_view site(int row) const { return lab::originName(m_rows.at(static_cast<std::size_t>(row)).origin); }
    // What the log holds in memory: its chunks as allocated and its rows (the benchmark's figure).
    std::size_t memoryBytes() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    // Whole rows' columns, each column ended by kEndOfColumn.
    struct Chunk {
        std::string text;
        std::size_t firstRow = 0;
    };
    // Twelve bytes: a million-echo run has ten million rows.
    struct Row {
        std::uint32_t chunk = 0;
        std::uint32_t offset = 0; // in its chunk's text
        lab::Origin origin = lab::Origin::Wire;
        bool failure = false;
        bool attack = false;
    };
    std::string_view rowBytes(std::size_t row) const;
    std::string_view cell(int row, int column) const;

    std::size_t m_chunkBytes;
    std::vector<Chunk> m_chunks;
    std::deque<Row> m_rows; // a deque: no copy of a million rows when it grows
    std::string m_scratch;  // the row being added
    QColor m_failure = Qt::red;
    QColor m_attack = Qt::magenta;
};

} // namespace ipseclab::ui
