// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A layout that places its items left to right and starts a new row when the next one does not
// fit, like words in a paragraph: a row of buttons or counters then needs only the width of its
// widest item, and a narrow dock shows all of them on two or three rows instead of cutting them off.

#include <QLayout>
#include <QList>

namespace ipseclab::ui {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr, int horizontalSpacing = -1, int verticalSpacing = -1);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override { return static_cast<int>(m_items.size()); }
    QLayoutItem* itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem* takeAt(int index) override;

    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return place(QRect(0, 0, width, 0), false); }
    QSize minimumSize() const override;
    QSize sizeHint() const override { return minimumSize(); }
    void setGeometry(const QRect& rect) override;

private:
    // Lays the items out in `rect` (moving them when `apply`); returns the height used.
    int place(const QRect& rect, bool apply) const;
    int spacing(Qt::Orientation orientation) const;

    QList<QLayoutItem*> m_items;
    int m_horizontal;
    int m_vertical;
};

} // namespace ipseclab::ui
