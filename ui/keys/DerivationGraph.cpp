// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/keys/DerivationGraph.h"

#include <QEvent>
#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QResizeEvent>
#include <QScrollBar>
#include <QVariantAnimation>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <utility>

#include "ui/common/AppTheme.h"
#include "ui/keys/DerivationTracker.h"

namespace ipseclab::ui {

namespace {

constexpr qreal kGapX = 28;
constexpr qreal kGapY = 44;
constexpr qreal kMargin = 16;

struct Row {
    std::string key;
    DerivationStage stage = DerivationStage::Other;
    std::string group;
    int groupRank = 0;
    int firstOrder = 0;
    std::vector<const DerivationNode*> nodes;
};

QString rowTitle(const Row& row) {
    QString title = stageTitle(row.stage);
    if (row.stage == DerivationStage::Keymat && !row.nodes.empty()) {
        const DerivationNode& last = *row.nodes.back();
        const std::size_t spi = last.id.rfind("0x");
        title = QObject::tr("KEYMAT for SPI %1")
                    .arg(QString::fromStdString(spi == std::string::npos ? last.id : last.id.substr(spi, 10)));
        if (!last.caption.isEmpty()) title += QObject::tr(" — the keys of %1 traffic").arg(last.caption);
    }
    if (!row.group.empty()) title = QString::fromStdString(row.group) + QStringLiteral(" · ") + title;
    return title;
}

// An arrowhead at `tip`, pointing along `direction`.
QPainterPath arrowHead(QPointF tip, QPointF direction) {
    const qreal length = std::hypot(direction.x(), direction.y());
    if (length == 0) return {};
    const QPointF d = direction / length;
    const QPointF n(-d.y(), d.x());
    QPainterPath head;
    head.moveTo(tip);
    head.lineTo(tip - d * 9 + n * 4.5);
    head.lineTo(tip - d * 9 - n * 4.5);
    head.closeSubpath();
    return head;
}

} // namespace

DerivationGraph::DerivationGraph(DerivationTracker& tracker, QWidget* parent)
    : QGraphicsView(parent), m_tracker(tracker), m_scene(new QGraphicsScene(this)) {
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
    AppTheme::repaintOnFocus(this);
    setAccessibleName(tr("Key derivation graph"));
    setAccessibleDescription(
        tr("Every key derived so far, from SKEYID to each SA's KEYMAT, with the keys and packet fields it "
           "was made from. The details below it read the selected key in full; the Log lists every derivation."));
    connect(&tracker, &DerivationTracker::cleared, this, &DerivationGraph::clearAll);
    connect(&tracker, &DerivationTracker::nodesChanged, this, &DerivationGraph::sync);
    clearAll();
}

void DerivationGraph::setShownSites(ShownSites shown) {
    if (shown == m_shown) return;
    m_shown = shown;
    m_redrawAll = true;
    sync();
}

int DerivationGraph::nodeCount() {
    syncIfStale();
    return static_cast<int>(m_items.size());
}

DerivationNodeItem* DerivationGraph::item(const QString& id) {
    syncIfStale();
    const auto it = m_items.find(id.toStdString());
    return it == m_items.end() ? nullptr : it->second;
}

QRect DerivationGraph::inputRect(const QString& id, const QString& input) {
    DerivationNodeItem* node = item(id);
    if (!node) return {};
    const QRectF chip = node->inputRect(input.toStdString());
    if (chip.isNull()) return {};
    ensureVisible(node->mapRectToScene(chip), 20, 20);
    return mapFromScene(node->mapRectToScene(chip)).boundingRect();
}

void DerivationGraph::selectNode(const QString& id) {
    syncIfStale();
    m_selected = m_items.count(id.toStdString()) ? id.toStdString() : std::string();
    for (auto& [nodeId, node] : m_items) node->setSelected(nodeId == m_selected);
    drawEdges();
    if (DerivationNodeItem* node = item(id)) ensureVisible(node, 30, 30);
}

void DerivationGraph::clearAll() {
    m_stale = false;
    m_scene->clear(); // the items, arrows, labels and placeholder
    m_items.clear();
    m_drawn.clear();
    m_labels.clear();
    m_edges.clear();
    m_selected.clear();
    auto* placeholder = m_scene->addSimpleText(
        tr("Keys appear here as the lab derives them.\nStep through MM3 and MM4: the Diffie-Hellman exchange comes "
           "first,\nthen SKEYID and everything made from it."));
    placeholder->setBrush(palette().color(QPalette::PlaceholderText));
    QFont font = this->font();
    font.setPointSizeF(font.pointSizeF() * 1.1);
    placeholder->setFont(font);
    m_placeholder = placeholder;
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-kMargin, -kMargin, kMargin, kMargin));
}

void DerivationGraph::syncIfStale() {
    if (m_stale) rebuild();
}

void DerivationGraph::showEvent(QShowEvent* event) {
    syncIfStale();
    QGraphicsView::showEvent(event);
}

void DerivationGraph::sync() {
    if (isVisible()) rebuild();
    else m_stale = true;
}

void DerivationGraph::rebuild() {
    // Catching up on what was derived while the graph was hidden: those values are not new to
    // the class, so they come in without the fade (it marks a value derived as they watch).
    const bool catchingUp = std::exchange(m_stale, false);
    if (m_tracker.nodes().empty()) return;
    if (m_placeholder) {
        delete m_placeholder;
        m_placeholder = nullptr;
    }
    const DerivationNodeItem* newest = nullptr;
    const bool all = std::exchange(m_redrawAll, false);
    for (const DerivationNode& node : m_tracker.nodes()) {
        DerivationNodeItem*& item = m_items[node.id];
        if (!item) {
            item = new DerivationNodeItem(
                node.id,
                [this](const std::string& id, lab::Site site, int input) {
                    emit inputClicked(QString::fromStdString(id), site, input);
                },
                [this](const std::string& id) {
                    selectNode(QString::fromStdString(id));
                    emit nodeClicked(QString::fromStdString(id));
                });
            m_scene->addItem(item);
            item->setZValue(1);
            if (!catchingUp) fadeIn(item);
            newest = item;
        }
        // Only the nodes that changed (a rekey adds a few to a long run's hundreds).
        const auto drawn = m_drawn.find(node.id);
        if (!all && drawn != m_drawn.end() && drawn->second == node.revision) continue;
        item->update(node, m_shown, palette(), font());
        m_drawn[node.id] = node.revision;
    }
    layoutNodes();
    drawEdges();
    // Follow the exchange as it is played: the newest value comes into view.
    if (newest) ensureVisible(newest, 30, 30);
}

void DerivationGraph::fadeIn(DerivationNodeItem* item) {
    // Not from 0: a fully transparent item gets no clicks, and a quick user may click it at once.
    item->setOpacity(0.1);
    auto* animation = new QVariantAnimation(this);
    animation->setStartValue(0.1);
    animation->setEndValue(1.0);
    animation->setDuration(450);
    // The item may go with a reset before the animation ends: look it up by id, not by pointer.
    const std::string id = item->id();
    connect(animation, &QVariantAnimation::valueChanged, this, [this, id](const QVariant& value) {
        if (const auto it = m_items.find(id); it != m_items.end()) it->second->setOpacity(value.toReal());
    });
    connect(&m_tracker, &DerivationTracker::cleared, animation, &QObject::deleteLater);
    animation->start(QAbstractAnimation::DeleteWhenStopped);
}

void DerivationGraph::layoutNodes() {
    // Rows: by exchange (in order of appearance), then by stage; KEYMAT one row per SPI.
    std::map<std::string, int> groupRank;
    std::map<std::string, Row> rows;
    for (const DerivationNode& node : m_tracker.nodes()) {
        groupRank.emplace(node.group, static_cast<int>(groupRank.size()));
        Row& row = rows[node.row];
        if (row.nodes.empty()) {
            row.key = node.row;
            row.stage = node.stage;
            row.group = node.group;
            row.groupRank = groupRank[node.group];
            row.firstOrder = node.order;
        }
        row.nodes.push_back(&node);
    }
    std::vector<Row*> ordered;
    for (auto& [key, row] : rows) ordered.push_back(&row);
    std::sort(ordered.begin(), ordered.end(), [](const Row* a, const Row* b) {
        return std::tie(a->groupRank, a->stage, a->firstOrder) < std::tie(b->groupRank, b->stage, b->firstOrder);
    });

    // A row longer than the view is wide wraps onto more lines: the graph grows downwards, where
    // scrolling is natural, and stays readable on a projector (no zooming out).
    const qreal pitch = DerivationNodeItem::kWidth + kGapX;
    const auto columns = static_cast<std::size_t>(columnsThatFit());
    std::size_t used = 1;
    for (const Row* row : ordered) used = std::max(used, std::min(columns, row->nodes.size()));
    const qreal widest = static_cast<qreal>(used) * pitch - kGapX;
    m_columns = static_cast<int>(columns);

    for (QGraphicsItem* label : m_labels) delete label;
    m_labels.clear();
    QFont labelFont = font();
    labelFont.setBold(true);
    qreal y = 0;
    for (const Row* row : ordered) {
        auto* label = m_scene->addSimpleText(rowTitle(*row), labelFont);
        label->setBrush(palette().color(QPalette::PlaceholderText));
        label->setPos(0, y);
        m_labels.push_back(label);
        y += label->boundingRect().height() + 6;
        for (std::size_t start = 0; start < row->nodes.size(); start += columns) {
            const std::size_t count = std::min(columns, row->nodes.size() - start);
            qreal x = (widest - (static_cast<qreal>(count) * pitch - kGapX)) / 2;
            qreal height = 0;
            for (std::size_t i = start; i < start + count; ++i) {
                DerivationNodeItem* item = m_items[row->nodes[i]->id];
                item->setPos(x, y);
                x += pitch;
                height = std::max(height, item->boundingRect().height());
            }
            y += height + kGapY;
        }
    }
    m_scene->setSceneRect(QRectF(-kMargin, -kMargin, widest + 2 * kMargin, y + kMargin));
}

void DerivationGraph::drawEdges() {
    for (QGraphicsItem* edge : m_edges) delete edge;
    m_edges.clear();
    const QColor plain = palette().color(QPalette::PlaceholderText);
    const QColor highlight = palette().color(QPalette::Highlight);
    for (const DerivationNode& node : m_tracker.nodes()) {
        DerivationNodeItem* target = m_items[node.id];
        const DerivedAtSite* at = node.at(target->inputSite());
        if (!at) continue;
        auto arrow = [&](const ike::Source& source, int input) {
            if (source.kind != ike::Source::Kind::Derived) return;
            const auto from = m_items.find(source.id);
            if (from == m_items.end()) return;
            const QRectF s = from->second->sceneBoundingRect().adjusted(2, 2, -2, -2);
            const QRectF t = target->sceneBoundingRect().adjusted(2, 2, -2, -2);
            const QPointF end = target->mapToScene(target->inputAnchor(input));
            const bool sameLine = std::abs(s.top() - t.top()) < 1;
            QPainterPath path;
            QPointF tangent(0, 1);
            if (sameLine && s.right() < t.left() && t.left() - s.right() < kGapX + 6) {
                // Neighbours on a line (SKEYID_d → SKEYID_a, K1 → K2): a short arrow across the gap.
                const QPointF a(s.right(), s.top() + 14), b(t.left(), t.top() + 14);
                path.moveTo(a);
                path.lineTo(b);
                tangent = b - a;
            } else if (sameLine) {
                // Further along the line: an arc over the nodes between.
                const QPointF a(s.center().x(), s.top());
                path.moveTo(a);
                path.cubicTo(a + QPointF(0, -34), end + QPointF(0, -34), end);
            } else {
                const QPointF a(s.center().x(), s.bottom());
                const qreal dy = std::max<qreal>(std::abs(end.y() - a.y()) / 2, 24);
                path.moveTo(a);
                path.cubicTo(a + QPointF(0, dy), end - QPointF(0, dy), end);
            }
            const bool lit = !m_selected.empty() && (node.id == m_selected || source.id == m_selected);
            const QColor colour = lit ? highlight : plain;
            auto* line = m_scene->addPath(path, QPen(colour, lit ? 2.4 : 1.1));
            auto* head = m_scene->addPath(arrowHead(path.currentPosition(), tangent), QPen(colour, 1), colour);
            for (QGraphicsPathItem* item : {line, head}) {
                item->setZValue(lit ? 0.5 : 0);
                m_edges.push_back(item);
            }
        };
        arrow(at->keySource, -1);
        for (std::size_t i = 0; i < at->inputs.size(); ++i) arrow(at->inputs[i].source, static_cast<int>(i));
    }
}

void DerivationGraph::wheelEvent(QWheelEvent* event) {
    if (!(event->modifiers() & Qt::ControlModifier)) return QGraphicsView::wheelEvent(event);
    const qreal factor = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
    const qreal zoom = transform().m11() * factor;
    if (zoom > 0.25 && zoom < 3) scale(factor, factor);
    event->accept();
}

int DerivationGraph::columnsThatFit() const {
    const qreal pitch = DerivationNodeItem::kWidth + kGapX;
    return std::max(1, static_cast<int>((viewport()->width() - 2 * kMargin + kGapX) / pitch));
}

void DerivationGraph::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    // Wider or narrower: as many nodes per line as now fit.
    if (columnsThatFit() != m_columns && !m_items.empty() && !m_stale) {
        layoutNodes();
        drawEdges();
    }
}

void DerivationGraph::drawForeground(QPainter* painter, const QRectF& rect) {
    QGraphicsView::drawForeground(painter, rect);
    if (!hasFocus()) return;
    painter->save();
    painter->resetTransform(); // the frame is the viewport's, not the scene's
    AppTheme::paintFocusFrame(*painter, viewport()->rect(), palette());
    painter->restore();
}

void DerivationGraph::changeEvent(QEvent* event) {
    QGraphicsView::changeEvent(event);
    // A palette switch (light / dark) or a bigger font for the projector: draw everything again.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_redrawAll = true;
        sync();
    }
}

} // namespace ipseclab::ui
