// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The annotated fields of one packet as a tree model: one top-level row per layer ("On the
// wire", "Decrypted payloads"), under it the fields nested by their '/'-separated paths, as
// Wireshark's packet tree shows them. Columns: Field, Value, Filter (the field's key: Wireshark's
// display-filter name, or ours), Meaning.

#include <QAbstractItemModel>
#include <QString>

#include <memory>
#include <vector>

#include "base/Bytes.h"
#include "wire/Annotation.h"
#include "wire/PacketDissector.h"

namespace ipseclab::ui {

// One buffer and what the decoders said about it.
struct PacketLayer {
    QString title;
    Bytes bytes;
    wire::Annotations annotations;      // offsets count in `bytes`
    std::vector<wire::Layer> protocols; // the dissector's layers, outermost first (none: not dissected so)
    QString problem;                    // where the dissection stopped, when it did not reach the end
};

// "IPv4 · UDP · ESP": the names of the layers the dissector found, as core gives them.
QString protocolNames(const std::vector<wire::Layer>& protocols);

class PacketModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn, FilterColumn, MeaningColumn, ColumnCount };
    enum Role {
        LayerRole = Qt::UserRole,
        OffsetRole,
        LengthRole,
        KeyRole,            // the field's key ("isakmp.nonce"); empty for a layer row
        WiresharkFilterRole // "isakmp.messageid == 0x227c45d4"; empty when the key is not Wireshark's
    };

    explicit PacketModel(QObject* parent = nullptr);
    ~PacketModel() override;

    void setLayers(std::vector<PacketLayer> layers);
    const std::vector<PacketLayer>& layers() const { return m_layers; }

    // The deepest field covering byte `offset` of layer `layer`; invalid when none does.
    QModelIndex fieldAt(int layer, std::size_t offset) const;
    QModelIndex layerIndex(int layer) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Node;
    void build();

    std::vector<PacketLayer> m_layers;
    std::unique_ptr<Node> m_root;
    // Per layer, per byte: the deepest node covering it (or null).
    std::vector<std::vector<const Node*>> m_byteOwners;
};

} // namespace ipseclab::ui
