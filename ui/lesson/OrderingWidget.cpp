// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/OrderingWidget.h"

#include <QAbstractItemView>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace ipseclab::ui {

namespace {
constexpr int kStoredIndexRole = Qt::UserRole;
}

OrderingWidget::OrderingWidget(QWidget* parent)
    : QWidget(parent), m_list(new QListWidget), m_up(new QPushButton(tr("Up"))), m_down(new QPushButton(tr("Down"))) {
    m_list->setObjectName(QStringLiteral("lessonOrderingList"));
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setToolTip(tr("Drag the rows into order, or move the current row with Up and Down (Alt+Up, Alt+Down)"));
    m_list->setAccessibleName(tr("The items to put in order"));
    m_up->setObjectName(QStringLiteral("lessonOrderUp"));
    m_down->setObjectName(QStringLiteral("lessonOrderDown"));
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    connect(m_up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    auto* up = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Up), m_list, nullptr, nullptr, Qt::WidgetShortcut);
    auto* down = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Down), m_list, nullptr, nullptr, Qt::WidgetShortcut);
    connect(up, &QShortcut::activated, this, [this] { moveCurrent(-1); });
    connect(down, &QShortcut::activated, this, [this] { moveCurrent(1); });
}

void OrderingWidget::setItems(const std::vector<std::pair<std::size_t, QString>>& items) {
    m_list->clear();
    for (const auto& [stored, text] : items) {
        auto* item = new QListWidgetItem(text);
        item->setData(kStoredIndexRole, static_cast<qulonglong>(stored));
        m_list->addItem(item);
    }
    // As tall as its rows: the list never scrolls inside the dock's page.
    int height = 2 * m_list->frameWidth() + 4;
    for (int i = 0; i < m_list->count(); ++i) height += m_list->sizeHintForRow(i) + 2;
    m_list->setFixedHeight(height);
}

std::vector<std::size_t> OrderingWidget::order() const {
    std::vector<std::size_t> out;
    for (int i = 0; i < m_list->count(); ++i) out.push_back(m_list->item(i)->data(kStoredIndexRole).toULongLong());
    return out;
}

void OrderingWidget::moveRow(int from, int to) {
    if (from < 0 || to < 0 || from >= m_list->count() || to >= m_list->count() || from == to) return;
    QListWidgetItem* item = m_list->takeItem(from);
    m_list->insertItem(to, item);
    m_list->setCurrentRow(to);
}

void OrderingWidget::moveCurrent(int by) { moveRow(m_list->currentRow(), m_list->currentRow() + by); }

} // namespace ipseclab::ui
