#pragma once
// The packet view (PacketDock shows it): the annotated field tree above one hex pane per layer (the bytes on the
// wire and, for an encrypted message, the decrypted plaintext beside them). It behaves as
// Wireshark does: select a field and its bytes light up; hover a byte and its field is named;
// click a byte and its field is selected.

#include <QWidget>

#include <vector>

#include "ui/packet/PacketModel.h"

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

private:
    void showField(const QModelIndex& index);
    void showHovered(int layer, int offset);

    PacketModel* m_model;
    QLabel* m_title;
    QTreeView* m_tree;
    QWidget* m_hexArea;
    std::vector<HexView*> m_hexViews;
    ElidedLabel* m_hover; // one line, elided: hovering never widens the dock
    QLabel* m_problem;    // under the title: where a dissection stopped
};

} // namespace ipseclab::ui
