// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's timeline as a table for the Log dock: one row per event (time, where, phase, the
// textbook line, the particulars). The text is copied when events arrive, so the view never waits
// for the lab's lock while it scrolls: each row's columns as UTF-8 in one buffer (a cell becomes a
// QString when the view shows it), and beside it the same bytes with the English letters in lower
// case, which the filter searches in one pass (a long run's million rows in tens of milliseconds).
// Roughly 2 × 150 bytes a row (an estimate, not measured).

#include <QAbstractTableModel>
#include <QColor>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

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

    explicit LogModel(QObject* parent = nullptr);
    void follow(LabController& controller);

    void clear();
    void append(const lab::Timeline& timeline, qsizetype first, qsizetype count);
    // One line of text per row: "0.004 s  A  MM5 · IDii, HASH_I (encrypted) — MM5 sent to ...".
    QString lineOf(int row) const;
    // Failures and attacks stand out.
    void setColors(const QColor& failure, const QColor& attack);

    // The filter's questions. `needle` comes from needleOf(text): rows whose columns, one of them,
    // contain the text (any case of the English letters).
    static std::string needleOf(const QString& text);
    bool contains(int row, std::string_view needle) const;
    // Calls `found` with each row from `first` on that contains `needle`, in order.
    void forEachContaining(std::string_view needle, int first, const std::function<void(int)>& found) const;
    // "A", "B", "wire": the Where column.
    std::string_view site(int row) const { return m_rows.at(static_cast<std::size_t>(row)).site; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        std::size_t offset = 0; // in m_text and m_folded: the columns, each ended by kEndOfColumn
        std::string_view site;  // originName()'s, which lives as long as the program
        bool failure = false;
        bool attack = false;
    };
    std::string_view cell(int row, int column) const;

    std::vector<Row> m_rows;
    std::string m_text;   // every row's columns, as shown
    std::string m_folded; // the same, A-Z as a-z: what the filter searches
    QColor m_failure = Qt::red;
    QColor m_attack = Qt::magenta;
};

} // namespace ipseclab::ui
