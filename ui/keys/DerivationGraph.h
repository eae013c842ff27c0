// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The derivation graph: SKEYID → SKEYID_d / SKEYID_a / SKEYID_e → Ka → IVs → HASH_I/R →
// HASH(1..3) → KEYMAT per SPI and direction, one row per stage, an arrow from each value to every
// value that takes it as its key or input. Nodes appear (fading in) as the lab derives them and
// go on a reset. Clicking a node selects it; clicking an input chip asks to follow it
// (KeysView decides where: the node it came from, or the packet field). Ctrl+wheel zooms.

#include <QGraphicsView>

#include <map>
#include <string>
#include <vector>

#include "ui/keys/DerivationNodeItem.h"

namespace ipseclab::ui {

class DerivationTracker;

class DerivationGraph : public QGraphicsView {
    Q_OBJECT
public:
    explicit DerivationGraph(DerivationTracker& tracker, QWidget* parent = nullptr);

    void setShownSites(ShownSites shown);
    ShownSites shownSites() const { return m_shown; }
    // Highlights node `id` (and its arrows) and scrolls to it; an unknown id clears the highlight.
    void selectNode(const QString& id);
    QString selectedNode() const { return QString::fromStdString(m_selected); }

    // These bring a hidden graph up to date first (it is drawn when shown, not at every step).
    int nodeCount();
    DerivationNodeItem* item(const QString& id);
    // Where node `id`'s input chip `input` is, in viewport coordinates (after scrolling it into
    // view); empty when there is no such chip.
    QRect inputRect(const QString& id, const QString& input);

signals:
    void nodeClicked(const QString& id);
    // `input` -1 is the prf key.
    void inputClicked(const QString& id, lab::Site site, int input);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    // Brings the items, rows and arrows up to the tracker's nodes: at once when the graph is on
    // screen, else marks it stale for when it is shown or asked (a step behind another dock's tab
    // costs nothing here; the whole graph is redrawn, O(nodes), which a long run's rekeys grow).
    void sync();
    void syncIfStale();
    void rebuild();
    void layoutNodes();
    void drawEdges();
    void clearAll();
    void fadeIn(DerivationNodeItem* item);
    int columnsThatFit() const; // nodes per line the view's width has room for

    DerivationTracker& m_tracker;
    QGraphicsScene* m_scene;
    std::map<std::string, DerivationNodeItem*> m_items;
    std::vector<QGraphicsItem*> m_labels; // row titles, redrawn on each layout
    std::vector<QGraphicsItem*> m_edges;  // arrows, redrawn on each layout and selection
    QGraphicsItem* m_placeholder = nullptr;
    std::string m_selected;
    ShownSites m_shown = ShownSites::Both;
    int m_columns = 0;                  // nodes per line: as many as the view is wide
    bool m_stale = false;               // the tracker's nodes changed while the graph was hidden
    bool m_redrawAll = false;           // the palette, font or sites shown changed: every node
    std::map<std::string, int> m_drawn; // per node, the revision its item shows
};

} // namespace ipseclab::ui
