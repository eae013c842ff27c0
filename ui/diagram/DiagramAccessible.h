// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The sequence diagram for a screen reader: a list whose items are its rows, each read as the
// tooltip words it ("MM3 · KE, Ni, NAT-D", "Site A → Site B, sent at 0.002 s, …"), the selected
// row being the focused item — walking the diagram with Up and Down reads each packet aloud.

#include <QAccessibleWidget>

#include <map>

namespace ipseclab::ui {

class SequenceDiagramView;

class DiagramAccessible : public QAccessibleWidget {
public:
    explicit DiagramAccessible(SequenceDiagramView* view);
    ~DiagramAccessible() override;

    // Installed once (SequenceDiagramView's constructor): QAccessible asks it for every object.
    static QAccessibleInterface* factory(const QString& key, QObject* object);

    int childCount() const override;
    QAccessibleInterface* child(int index) const override;
    int indexOfChild(const QAccessibleInterface* child) const override;
    QAccessibleInterface* focusChild() const override;
    QAccessibleInterface* childAt(int x, int y) const override;

    // The rows' interfaces go when the diagram is rebuilt (a new lab, a step back).
    void forgetRows();

private:
    SequenceDiagramView* view() const;
    mutable std::map<int, QAccessible::Id> m_rows;
};

} // namespace ipseclab::ui
