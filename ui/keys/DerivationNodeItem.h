// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One node of the derivation graph: the value's name, whether both sites got the same bytes, its
// formula, its value at the sites shown, and its inputs as chips (the prf key first) that can be
// clicked to follow them to the node or the packet field they came from.

#include <QFont>
#include <QGraphicsItem>
#include <QPalette>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

#include "ui/keys/DerivationTracker.h"

namespace ipseclab::ui {

// Which sites' values the graph shows.
enum class ShownSites { A, B, Both };

class DerivationNodeItem : public QGraphicsItem {
public:
    static constexpr qreal kWidth = 360;
    // -1 stands for the prf key.
    using InputClicked = std::function<void(const std::string& nodeId, lab::Site site, int input)>;
    using NodeClicked = std::function<void(const std::string& nodeId)>;

    DerivationNodeItem(const std::string& id, InputClicked inputClicked, NodeClicked nodeClicked);

    // Lays the node out again from the tracker's data.
    void update(const DerivationNode& node, ShownSites shown, const QPalette& palette, const QFont& font);
    void setSelected(bool selected);

    const std::string& id() const { return m_id; }
    // The site whose inputs the chips show.
    lab::Site inputSite() const { return m_inputSite; }
    // In item coordinates; empty when the node has no such input.
    QRectF inputRect(const std::string& name) const;
    // Where an edge into input `input` (-1: the key) ends: on the top edge, above its chip.
    QPointF inputAnchor(int input) const;
    // The value lines as drawn ("A  b470a367 …"), for tests and the report.
    QStringList valueLines() const;
    QString badge() const { return m_badge; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    struct Chip {
        QRectF rect;
        QString text;
        QString tooltip;
        std::string name;
        int input = -1;
        bool clickable = false;
        bool fromPacket = false;
        bool key = false;
    };
    struct Line {
        QRectF rect;
        QString text;
        bool mono = false;
        bool dim = false;
    };

    std::string m_id;
    InputClicked m_inputClicked;
    NodeClicked m_nodeClicked;
    lab::Site m_inputSite = lab::Site::A;
    QPalette m_palette;
    QFont m_font;
    QColor m_tint;
    QString m_title;
    QString m_badge;
    QColor m_badgeColor;
    std::vector<Line> m_lines;
    std::vector<Chip> m_chips;
    QStringList m_values;
    qreal m_height = 60;
    qreal m_headerHeight = 24;
    bool m_selected = false;
};

} // namespace ipseclab::ui
