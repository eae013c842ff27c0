// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The packet view (PacketDock shows it): the annotated field tree above one hex pane per layer (the bytes on the
// wire and, for an encrypted message, the decrypted plaintext beside them). It behaves as
// Wireshark does: select a field and its bytes light up; hover a byte and its field is named;
// click a byte and its field is selected. Each field shows its key, Wireshark's display-filter name
// where it has one, and copies as a filter a student can paste into Wireshark on the exported capture.

#include <QWidget>

#include <vector>

#include "ui/packet/PacketModel.h"

class QAction;
class QLabel;
class QTreeView;

namespace ipseclab::ui {

class ElidedLabel;
class HexView;

class PacketView : public QWidget {
    Q_OBJECT
public:
    explicit PacketView(QWidget* parent = nullptr);

    void setPacket(const QString& title, std::vector<PacketLayer> layers);
    void clear(const QString& message);

    PacketModel* model() const { return m_model; }
    QTreeView* tree() const { return m_tree; }
    HexView* hexView(int layer) const;
    // The line naming the field under the mouse.
    QString hoverText() const;
    // Where the dissection of the bytes shown stopped short (the layers' problems), empty if nowhere.
    QString problemText() const;
    // On the tree's context menu: copy the current field as a Wireshark filter (Ctrl+Shift+C),
    // enabled for a field whose key is Wireshark's; show or hide the Filter column (remembered).
    QAction* copyFilterAction() const { return m_copyFilter; }
    QAction* filterColumnAction() const { return m_showFilters; }

    static constexpr const char* kFilterColumnSetting = "view/packetFilterColumn";

signals:
    // The user made a field current in the tree: its key ("isakmp.messageid").
    void fieldPicked(const QString& key);

private:
    void showField(const QModelIndex& index);
    void copyFilter();
    void showHovered(int layer, int offset);

    PacketModel* m_model;
    QLabel* m_title;
    QTreeView* m_tree;
    QWidget* m_hexArea;
    std::vector<HexView*> m_hexViews;
    ElidedLabel* m_hover; // one line, elided: hovering never widens the dock
    QLabel* m_problem;    // under the title: where a dissection stopped
    QAction* m_copyFilter;
    QAction* m_showFilters;
};

} // namespace ipseclab::ui
