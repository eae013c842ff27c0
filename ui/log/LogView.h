// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Log dock: the timeline as filterable text. Type in the filter to keep the lines that
// mention it (any column, any case of the English letters: LogFilter, which finds them in slices on a long log, the
// count so far shown under the table); pick a site to keep its lines. A click selects
// the event everywhere, and a selection made elsewhere is shown here. Ctrl+C copies the selected lines, "Copy all" the
// lines the filter keeps, as tab-separated text. The time column is as wide as the latest (largest) time needs, however
// long the lab runs; Where and Phase as their words need.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace ipseclab::ui {

class EventSelection;
class LabController;
class LogFilter;
class LogModel;

class LogView : public QWidget {
    Q_OBJECT
public:
    LogView(LabController& controller, EventSelection& selection, QWidget* parent = nullptr);

    LogModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    LogFilter* filter() const { return m_proxy; }
    // "Filtering… 3,120,000 of 10,000,898 lines, 1,204 found", then "1,204 of 10,000,898 lines".
    QLabel* filterStatus() const { return m_status; }
    // The lines the filter keeps (all of them, or only the selected ones), one per line.
    QString text(bool selectedOnly) const;
    void copy(bool selectedOnly) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void showSelection();
    void showFilterStatus();
    void applyColors();
    // Sizes Where and Phase for their words.
    void fitWordColumns();
    // Widens the time column to fit `time` ("1234.567 s"), or back to its narrowest (empty).
    void fitTimeColumn(const QString& time);

    EventSelection& m_selection;
    LogModel* m_model;
    LogFilter* m_proxy;
    QLineEdit* m_filter;
    QComboBox* m_site;
    QTableView* m_table;
    QLabel* m_status;
};

} // namespace ipseclab::ui
