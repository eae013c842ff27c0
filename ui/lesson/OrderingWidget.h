// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The answer to an ordering question (lesson/QuestionKinds.h): its items in a list the student
// puts in order, by dragging a row or with Up and Down (Alt+Up, Alt+Down on the current row, so it
// works from the keyboard and with a screen reader). Each row keeps the item's stored index: the
// order given is a list of those.

#include <QWidget>

#include <cstddef>
#include <utility>
#include <vector>

class QListWidget;
class QPushButton;

namespace ipseclab::ui {

class OrderingWidget : public QWidget {
    Q_OBJECT
public:
    explicit OrderingWidget(QWidget* parent = nullptr);

    // The items as first shown: each with its stored index.
    void setItems(const std::vector<std::pair<std::size_t, QString>>& items);
    // The stored indexes in the order the list shows now.
    std::vector<std::size_t> order() const;
    // Moves the row at `from` to `to` (both in the list as it is).
    void moveRow(int from, int to);
    QListWidget* list() const { return m_list; }

private:
    void moveCurrent(int by);

    QListWidget* m_list;
    QPushButton* m_up;
    QPushButton* m_down;
};

} // namespace ipseclab::ui
