// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The lab's timeline as a table for the Log dock: one row per event (time, where, phase, the
// textbook line, the particulars). The text is copied when events arrive, so the view never waits
// for the lab's lock while it scrolls; a timeline of 100,000 events costs a few megabytes.

#include <QAbstractTableModel>
#include <QColor>

#include <optional>
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

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Line {
        QString time, where, phase, event, detail;
        bool failure = false;
        bool attack = false;
    };
    std::vector<Line> m_lines;
    QColor m_failure = Qt::red;
    QColor m_attack = Qt::magenta;
};

} // namespace ipseclab::ui
