// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/packet/PacketModel.h"

#include <QHash>
#include <QStringList>

#include "wire/FieldRegistry.h"

namespace ipseclab::ui {

struct PacketModel::Node {
    Node* parent = nullptr;
    int row = 0;
    int layer = -1;
    QString name;
    QString value;
    QString meaning;
    QString key;
    QString filter; // Wireshark's display filter for this field's value, if Wireshark knows the key
    std::size_t offset = 0;
    std::size_t length = 0;
    std::vector<std::unique_ptr<Node>> children;

    Node* add(std::unique_ptr<Node> child) {
        child->parent = this;
        child->row = static_cast<int>(children.size());
        children.push_back(std::move(child));
        return children.back().get();
    }
};

QString protocolNames(const std::vector<wire::Layer>& protocols) {
    QStringList names;
    for (const wire::Layer& layer : protocols) names << QString::fromStdString(layer.name);
    return names.join(QStringLiteral(" · "));
}

namespace {

// The filter that selects this field's value in Wireshark, from the bytes the field covers.
QString wiresharkFilter(const wire::Annotation& a, const Bytes& bytes) {
    const wire::Field* field = wire::findRegisteredField(a.key);
    if (!field || a.offset + a.length > bytes.size()) return {};
    const auto filter = wire::wiresharkFilter(*field, ByteView(bytes).subspan(a.offset, a.length));
    return filter ? QString::fromStdString(*filter) : QString();
}

} // namespace

PacketModel::PacketModel(QObject* parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {}

PacketModel::~PacketModel() = default;

void PacketModel::setLayers(std::vector<PacketLayer> layers) {
    beginResetModel();
    m_layers = std::move(layers);
    build();
    endResetModel();
}

void PacketModel::build() {
    m_root = std::make_unique<Node>();
    m_byteOwners.assign(m_layers.size(), {});
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        const PacketLayer& layer = m_layers[l];
        auto top = std::make_unique<Node>();
        top->layer = static_cast<int>(l);
        top->name = layer.title;
        top->value = layer.bytes.size() == 1 ? tr("1 byte") : tr("%1 bytes").arg(layer.bytes.size());
        top->length = layer.bytes.size();
        Node* layerNode = m_root->add(std::move(top));

        std::vector<const Node*>& owners = m_byteOwners[l];
        owners.assign(layer.bytes.size(), nullptr);
        // Paths nest with '/'; a container is announced before its children (the decoders'
        // promise), so each parent is known when its child arrives.
        QHash<QString, Node*> byPath;
        for (const wire::Annotation& a : layer.annotations) {
            const QString path = QString::fromStdString(a.path);
            const int cut = path.lastIndexOf('/');
            Node* parentNode = cut < 0 ? layerNode : byPath.value(path.left(cut), layerNode);
            auto node = std::make_unique<Node>();
            node->layer = static_cast<int>(l);
            node->name = cut < 0 ? path : path.mid(cut + 1);
            node->value = QString::fromStdString(a.value);
            node->meaning = QString::fromStdString(a.meaning);
            node->key = QString::fromStdString(a.key);
            node->filter = wiresharkFilter(a, layer.bytes);
            node->offset = a.offset;
            node->length = a.length;
            Node* added = parentNode->add(std::move(node));
            byPath.insert(path, added);
            // Later (deeper or equal) annotations win the bytes they cover.
            for (std::size_t i = a.offset; i < a.offset + a.length && i < owners.size(); ++i) owners[i] = added;
        }
    }
}

QModelIndex PacketModel::fieldAt(int layer, std::size_t offset) const {
    if (layer < 0 || static_cast<std::size_t>(layer) >= m_byteOwners.size()) return {};
    const auto& owners = m_byteOwners[static_cast<std::size_t>(layer)];
    if (offset >= owners.size() || !owners[offset]) return {};
    const Node* node = owners[offset];
    return createIndex(node->row, 0, const_cast<Node*>(node));
}

QModelIndex PacketModel::layerIndex(int layer) const { return index(layer, 0); }

QModelIndex PacketModel::index(int row, int column, const QModelIndex& parent) const {
    const Node* parentNode = parent.isValid() ? static_cast<const Node*>(parent.internalPointer()) : m_root.get();
    if (row < 0 || column < 0 || column >= ColumnCount || static_cast<std::size_t>(row) >= parentNode->children.size())
        return {};
    return createIndex(row, column, parentNode->children[static_cast<std::size_t>(row)].get());
}

QModelIndex PacketModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    const Node* node = static_cast<const Node*>(child.internalPointer());
    if (!node->parent || node->parent == m_root.get()) return {};
    return createIndex(node->parent->row, 0, node->parent);
}

int PacketModel::rowCount(const QModelIndex& parent) const {
    if (parent.column() > 0) return 0;
    const Node* node = parent.isValid() ? static_cast<const Node*>(parent.internalPointer()) : m_root.get();
    return static_cast<int>(node->children.size());
}

int PacketModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant PacketModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Node* node = static_cast<const Node*>(index.internalPointer());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FieldColumn: return node->name;
        case ValueColumn: return node->value;
        case FilterColumn: return node->key;
        case MeaningColumn: return node->meaning;
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b>").arg(node->name.toHtmlEscaped());
        if (!node->meaning.isEmpty()) tip += QStringLiteral("<br>") + node->meaning.toHtmlEscaped();
        if (!node->key.isEmpty()) tip += QStringLiteral("<br><code>%1</code>").arg(node->key.toHtmlEscaped());
        return tip;
    }
    case KeyRole: return node->key;
    case WiresharkFilterRole: return node->filter;
    case LayerRole: return node->layer;
    case OffsetRole: return qulonglong(node->offset);
    case LengthRole: return qulonglong(node->length);
    }
    return {};
}

QVariant PacketModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case FieldColumn: return tr("Field");
    case ValueColumn: return tr("Value");
    case FilterColumn: return tr("Filter");
    case MeaningColumn: return tr("Meaning");
    }
    return {};
}

} // namespace ipseclab::ui
