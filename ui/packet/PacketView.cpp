// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/packet/PacketView.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/common/AppTheme.h"
#include "ui/common/ElidedLabel.h"
#include "ui/common/HexView.h"
#include "ui/common/SequenceDiagramPainter.h"

namespace ipseclab::ui {

PacketView::PacketView(QWidget* parent)
    : QWidget(parent), m_model(new PacketModel(this)), m_title(new QLabel), m_tree(new QTreeView),
      m_hexArea(new QWidget), m_hover(new ElidedLabel), m_problem(new QLabel),
      m_copyFilter(new QAction(tr("Copy as Wireshark filter"), this)),
      m_showFilters(new QAction(tr("Show filter names"), this)) {
    AppTheme::setRelativeFont(m_title, 1.2, true);
    m_title->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("dissectionProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->hide();

    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true); // long trees stay fast
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);

    m_copyFilter->setObjectName(QStringLiteral("copyWiresharkFilter"));
    m_copyFilter->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyFilter->setShortcutContext(Qt::WidgetShortcut);
    m_copyFilter->setEnabled(false);
    connect(m_copyFilter, &QAction::triggered, this, &PacketView::copyFilter);
    m_showFilters->setObjectName(QStringLiteral("showFilterColumn"));
    m_showFilters->setCheckable(true);
    m_showFilters->setChecked(QSettings().value(QLatin1String(kFilterColumnSetting), true).toBool());
    m_tree->setColumnHidden(PacketModel::FilterColumn, !m_showFilters->isChecked());
    connect(m_showFilters, &QAction::toggled, this, [this](bool shown) {
        m_tree->setColumnHidden(PacketModel::FilterColumn, !shown);
        if (shown) m_tree->resizeColumnToContents(PacketModel::FilterColumn);
        QSettings().setValue(QLatin1String(kFilterColumnSetting), shown);
    });
    // The context menu (mouse, or the Menu key on the current field), as the log's table has it.
    m_tree->addAction(m_copyFilter);
    m_tree->addAction(m_showFilters);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->header()->addAction(m_showFilters);
    m_tree->header()->setContextMenuPolicy(Qt::ActionsContextMenu);

    new QHBoxLayout(m_hexArea);
    m_hexArea->layout()->setContentsMargins(0, 0, 0, 0);
    m_hover->setObjectName(QStringLiteral("hoverLine"));

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_hexArea);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_problem);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_hover);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showField(current); });
}

HexView* PacketView::hexView(int layer) const {
    return layer >= 0 && static_cast<std::size_t>(layer) < m_hexViews.size()
               ? m_hexViews[static_cast<std::size_t>(layer)]
               : nullptr;
}

QString PacketView::hoverText() const { return m_hover->text(); }

QString PacketView::problemText() const { return m_problem->isHidden() ? QString() : m_problem->text(); }

void PacketView::setPacket(const QString& title, std::vector<PacketLayer> layers) {
    m_title->setText(title);
    // Bytes the dissector could not read to their end: what and where, in the failure red.
    QStringList problems;
    for (const PacketLayer& layer : layers)
        if (!layer.problem.isEmpty()) problems << layer.problem;
    QPalette red = m_problem->palette();
    red.setColor(QPalette::WindowText, SequenceDiagramPainter::colorsFor(palette()).failure);
    m_problem->setPalette(red);
    m_problem->setText(problems.join(QLatin1Char('\n')));
    m_problem->setVisible(!problems.isEmpty());
    // The byte panes arrive with the first packet, after the first layout gave the empty pane a
    // few pixels: give them their share (3:2) then, and leave a size the user chose alone.
    if (auto* splitter = qobject_cast<QSplitter*>(m_hexArea->parentWidget());
        splitter && !layers.empty() && m_hexViews.empty() && m_hexArea->height() < fontMetrics().height() * 6) {
        const int total = splitter->sizes().value(0) + splitter->sizes().value(1);
        if (total > 0) splitter->setSizes({total * 3 / 5, total * 2 / 5});
    }
    qDeleteAll(m_hexArea->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    m_hexViews.clear();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        auto* column = new QWidget;
        auto* columnLayout = new QVBoxLayout(column);
        columnLayout->setContentsMargins(0, 0, 0, 0);
        auto* caption = new ElidedLabel;
        caption->setText(layers[l].title);
        auto* hex = new HexView;
        hex->setAccessibleName(layers[l].title);
        hex->setBytes(layers[l].bytes);
        columnLayout->addWidget(caption);
        columnLayout->addWidget(hex, 1);
        m_hexArea->layout()->addWidget(column);
        m_hexViews.push_back(hex);
        const int layer = static_cast<int>(l);
        connect(hex, &HexView::byteHovered, this, [this, layer](int offset) { showHovered(layer, offset); });
        connect(hex, &HexView::byteClicked, this, [this, layer](int offset) {
            const QModelIndex field = m_model->fieldAt(layer, static_cast<std::size_t>(offset));
            if (field.isValid()) {
                m_tree->scrollTo(field);
                m_tree->setCurrentIndex(field);
            }
        });
    }
    m_model->setLayers(std::move(layers));
    m_tree->expandToDepth(1);
    // As in Wireshark, the carrier headers (IPv4, the inner IPv4 of a tunnel, UDP) start folded when
    // a protocol rides on them, so ESP, AH, ISAKMP, ICMP and the ESP trailer come first; their
    // one-line summaries stay in view.
    for (int l = 0; l < m_model->rowCount(); ++l) {
        const std::vector<wire::Layer>& protocols = m_model->layers()[static_cast<std::size_t>(l)].protocols;
        const QModelIndex layer = m_model->index(l, 0);
        for (std::size_t p = 0; p + 1 < protocols.size(); ++p) {
            if (!protocols[p].carrier) continue;
            const QString name = QString::fromStdString(protocols[p].name);
            for (int r = 0; r < m_model->rowCount(layer); ++r)
                if (const QModelIndex header = m_model->index(r, 0, layer);
                    header.data().toString() == name &&
                    header.data(PacketModel::OffsetRole).toULongLong() == protocols[p].offset)
                    m_tree->collapse(header);
        }
    }
    m_tree->resizeColumnToContents(PacketModel::FieldColumn);
    m_tree->resizeColumnToContents(PacketModel::ValueColumn);
    m_tree->resizeColumnToContents(PacketModel::FilterColumn);
    m_copyFilter->setEnabled(false);
    m_hover->setText(tr("Hover a byte to name its field; click a field to see its bytes."));
}

void PacketView::clear(const QString& message) { setPacket(message, {}); }

void PacketView::showField(const QModelIndex& index) {
    m_copyFilter->setEnabled(index.isValid() && !index.data(PacketModel::WiresharkFilterRole).toString().isEmpty());
    if (!index.isValid()) return;
    if (const QString key = index.data(PacketModel::KeyRole).toString(); !key.isEmpty()) emit fieldPicked(key);
    const int layer = index.data(PacketModel::LayerRole).toInt();
    for (std::size_t l = 0; l < m_hexViews.size(); ++l) {
        const bool own = static_cast<int>(l) == layer;
        m_hexViews[l]->setHighlight(own ? index.data(PacketModel::OffsetRole).toULongLong() : 0,
                                    own ? index.data(PacketModel::LengthRole).toULongLong() : 0);
    }
}

void PacketView::copyFilter() {
    const QString filter = m_tree->currentIndex().data(PacketModel::WiresharkFilterRole).toString();
    if (filter.isEmpty()) return;
    QGuiApplication::clipboard()->setText(filter);
    m_hover->setText(tr("Copied the Wireshark filter %1").arg(filter));
}

void PacketView::showHovered(int layer, int offset) {
    if (offset < 0) {
        m_hover->clear();
        return;
    }
    const QModelIndex field = m_model->fieldAt(layer, static_cast<std::size_t>(offset));
    if (!field.isValid()) {
        m_hover->setText(tr("Byte %1: not part of any field").arg(offset));
        return;
    }
    // "SA › Proposal#1 › Transform#1 › Key Length: 128 bits — cipher key size ..."
    QStringList path;
    for (QModelIndex i = field; i.isValid() && i.parent().isValid(); i = i.parent()) path.prepend(i.data().toString());
    const QString meaning = field.siblingAtColumn(PacketModel::MeaningColumn).data().toString();
    m_hover->setText(tr("Byte %1 · %2: %3%4")
                         .arg(offset)
                         .arg(path.join(QStringLiteral(" › ")),
                              field.siblingAtColumn(PacketModel::ValueColumn).data().toString(),
                              meaning.isEmpty() ? QString() : QStringLiteral(" — ") + meaning));
}

} // namespace ipseclab::ui
