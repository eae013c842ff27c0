// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/diagram/DiagramAccessible.h"

#include "ui/common/DiagramRows.h"
#include "ui/diagram/SequenceDiagramView.h"

namespace ipseclab::ui {

namespace {

// One row: its words, where it is drawn, selected or not.
class RowAccessible : public QAccessibleInterface {
public:
    RowAccessible(SequenceDiagramView* view, int row) : m_view(view), m_row(row) {}

    bool isValid() const override { return m_view && m_row < m_view->rows().rowCount(); }
    QObject* object() const override { return nullptr; }
    QWindow* window() const override { return m_view ? m_view->window()->windowHandle() : nullptr; }
    QAccessibleInterface* childAt(int, int) const override { return nullptr; }
    QAccessibleInterface* parent() const override { return QAccessible::queryAccessibleInterface(m_view); }
    QAccessibleInterface* child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface*) const override { return -1; }
    QString text(QAccessible::Text t) const override {
        if (!isValid()) return {};
        const QStringList lines = m_view->diagramPainter().describe(m_row);
        if (t == QAccessible::Name) return lines.value(0);
        if (t == QAccessible::Description) return lines.mid(1).join(QStringLiteral("; "));
        return {};
    }
    void setText(QAccessible::Text, const QString&) override {}
    QRect rect() const override {
        if (!isValid()) return {};
        const QRect r = m_view->rowRect(m_row);
        return QRect(m_view->viewport()->mapToGlobal(r.topLeft()), r.size());
    }
    QAccessible::Role role() const override { return QAccessible::ListItem; }
    QAccessible::State state() const override {
        QAccessible::State s;
        s.selectable = true;
        s.focusable = true;
        if (!isValid()) return s;
        s.selected = m_view->selectedRow() == m_row;
        s.focused = s.selected && m_view->hasFocus();
        s.invisible = !m_view->viewport()->rect().intersects(m_view->rowRect(m_row));
        s.offscreen = s.invisible;
        return s;
    }

private:
    QPointer<SequenceDiagramView> m_view;
    int m_row;
};

} // namespace

DiagramAccessible::DiagramAccessible(SequenceDiagramView* view) : QAccessibleWidget(view, QAccessible::List) {}

DiagramAccessible::~DiagramAccessible() { forgetRows(); }

QAccessibleInterface* DiagramAccessible::factory(const QString& key, QObject* object) {
    if (key == QLatin1String(SequenceDiagramView::staticMetaObject.className()))
        if (auto* view = qobject_cast<SequenceDiagramView*>(object)) return new DiagramAccessible(view);
    return nullptr;
}

SequenceDiagramView* DiagramAccessible::view() const { return static_cast<SequenceDiagramView*>(widget()); }

void DiagramAccessible::forgetRows() {
    for (const auto& [row, id] : m_rows) QAccessible::deleteAccessibleInterface(id);
    m_rows.clear();
}

int DiagramAccessible::childCount() const { return static_cast<int>(view()->rows().rowCount()); }

QAccessibleInterface* DiagramAccessible::child(int index) const {
    if (index < 0 || index >= childCount()) return nullptr;
    auto it = m_rows.find(index);
    if (it == m_rows.end())
        it = m_rows.emplace(index, QAccessible::registerAccessibleInterface(new RowAccessible(view(), index))).first;
    return QAccessible::accessibleInterface(it->second);
}

int DiagramAccessible::indexOfChild(const QAccessibleInterface* child) const {
    for (const auto& [row, id] : m_rows)
        if (QAccessible::accessibleInterface(id) == child) return row;
    return -1;
}

QAccessibleInterface* DiagramAccessible::focusChild() const {
    const qsizetype row = view()->selectedRow();
    return row >= 0 ? child(static_cast<int>(row)) : nullptr;
}

QAccessibleInterface* DiagramAccessible::childAt(int x, int y) const {
    const QPoint at = view()->viewport()->mapFromGlobal(QPoint(x, y));
    for (int i = 0; i < childCount(); ++i)
        if (view()->rowRect(i).contains(at)) return child(i);
    return nullptr;
}

} // namespace ipseclab::ui
