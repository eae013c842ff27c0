// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/keys/DerivationNodeItem.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>

#include "ui/common/AppTheme.h"
#include "ui/common/HexText.h"

namespace ipseclab::ui {

namespace {

constexpr qreal kPadding = 9;
constexpr qreal kRadius = 7;
constexpr std::size_t kBytesPerLine = 16;

// Okabe–Ito hues: told apart by colour-blind viewers too, and readable on light and dark palettes.
QColor stageColor(DerivationStage stage) {
    switch (stage) {
    case DerivationStage::DiffieHellman: return QColor(0x56, 0xb4, 0xe9);
    case DerivationStage::Skeyid: return QColor(0x00, 0x72, 0xb2);
    case DerivationStage::SkeyidFamily: return QColor(0x00, 0x9e, 0x73);
    case DerivationStage::EncryptionKey: return QColor(0xe6, 0x9f, 0x00);
    case DerivationStage::Authentication: return QColor(0xcc, 0x79, 0xa7);
    case DerivationStage::QuickMode: return QColor(0xf0, 0xe4, 0x42);
    case DerivationStage::Keymat: return QColor(0xd5, 0x5e, 0x00);
    case DerivationStage::Other: break;
    }
    return QColor(0x99, 0x99, 0x99);
}

const QColor kAgree(0x00, 0x9e, 0x73);
const QColor kDisagree(0xd5, 0x5e, 0x00);

QColor blend(const QColor& over, const QColor& base, qreal amount) {
    return QColor::fromRgbF(over.redF() * amount + base.redF() * (1 - amount),
                            over.greenF() * amount + base.greenF() * (1 - amount),
                            over.blueF() * amount + base.blueF() * (1 - amount));
}

// A value as one or two lines of hex; longer ones shortened (the details pane has them whole).
QStringList valueText(const Bytes& value) {
    if (value.size() <= kBytesPerLine) return {groupedHex(value)};
    if (value.size() <= 2 * kBytesPerLine)
        return {groupedHex(ByteView(value).first(kBytesPerLine)), groupedHex(ByteView(value).subspan(kBytesPerLine))};
    return {groupedHex(ByteView(value).first(kBytesPerLine)),
            QObject::tr("… %1 (%2 bytes)").arg(groupedHex(ByteView(value).last(4))).arg(value.size())};
}

QFont scaled(QFont font, qreal factor, bool bold = false) {
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

QFont monoLike(const QFont& font) { return AppTheme::monospace().resolve(font); }

} // namespace

DerivationNodeItem::DerivationNodeItem(const std::string& id, InputClicked inputClicked, NodeClicked nodeClicked)
    : m_id(id), m_inputClicked(std::move(inputClicked)), m_nodeClicked(std::move(nodeClicked)) {
    setAcceptHoverEvents(true);
    setFlag(QGraphicsItem::ItemIsFocusable, false);
}

void DerivationNodeItem::update(const DerivationNode& node, ShownSites shown, const QPalette& palette,
                                const QFont& font) {
    prepareGeometryChange();
    m_palette = palette;
    m_font = font;
    m_tint = stageColor(node.stage);
    m_title = QString::fromStdString(node.id);
    if (const auto agrees = node.agrees()) {
        m_badge = *agrees ? QObject::tr("A = B ✓") : QObject::tr("A ≠ B ✗");
        m_badgeColor = *agrees ? kAgree : kDisagree;
    } else {
        m_badge = node.sites[0] ? QObject::tr("A so far") : QObject::tr("B so far");
        m_badgeColor = palette.color(QPalette::PlaceholderText);
    }

    const QFontMetricsF plain(font), small(scaled(font, 0.9)), mono(monoLike(font)), title(scaled(font, 1.1, true));
    const qreal inner = kWidth - 2 * kPadding;
    m_headerHeight = title.height() + 8;
    qreal y = m_headerHeight + 5;
    m_lines.clear();
    auto addLine = [&](const QString& text, bool isMono, bool dim, const QFontMetricsF& metrics) {
        const QRectF r = metrics.boundingRect(QRectF(kPadding, y, inner, 1e6), Qt::TextWordWrap, text);
        m_lines.push_back(Line{QRectF(kPadding, y, inner, r.height()), text, isMono, dim});
        y += r.height() + 2;
    };
    if (!node.caption.isEmpty()) addLine(node.caption, false, true, small);
    addLine(QString::fromStdString(node.formula), false, false, plain);
    if (!node.function.empty())
        addLine(node.keyName.empty()
                    ? QString::fromStdString(node.function)
                    : QObject::tr("%1 keyed with %2")
                          .arg(QString::fromStdString(node.function), QString::fromStdString(node.keyName)),
                false, true, small);
    y += 3;

    m_values.clear();
    for (const lab::Site site : {lab::Site::A, lab::Site::B}) {
        if ((shown == ShownSites::A && site != lab::Site::A) || (shown == ShownSites::B && site != lab::Site::B))
            continue;
        const QString label = site == lab::Site::A ? QStringLiteral("A ") : QStringLiteral("B ");
        const DerivedAtSite* at = node.at(site);
        if (!at) {
            m_values << label + QObject::tr("not derived yet");
            addLine(m_values.back(), false, true, small);
            continue;
        }
        const QStringList text = valueText(at->value);
        for (int i = 0; i < text.size(); ++i) {
            m_values << (i == 0 ? label : QStringLiteral("  ")) + text[i];
            addLine(m_values.back(), true, false, mono);
        }
    }
    y += 4;

    // The inputs of one site (both computed from their own copies: the shown one, else the other).
    m_inputSite = shown == ShownSites::B ? lab::Site::B : lab::Site::A;
    if (!node.at(m_inputSite)) m_inputSite = m_inputSite == lab::Site::A ? lab::Site::B : lab::Site::A;
    m_chips.clear();
    if (const DerivedAtSite* at = node.at(m_inputSite)) {
        auto chipFor = [](const std::string& name, const ike::Source& source, int input, bool key) {
            Chip chip;
            chip.name = name;
            chip.input = input;
            chip.key = key;
            chip.fromPacket = source.kind == ike::Source::Kind::Datagram;
            chip.clickable = chip.fromPacket || source.kind == ike::Source::Kind::Derived;
            chip.text = QString::fromStdString(name);
            if (chip.fromPacket) chip.text += QStringLiteral(" ◂ ") + QString::fromStdString(source.id);
            if (key) chip.text = QObject::tr("key %1").arg(chip.text);
            chip.tooltip = QObject::tr("%1: %2%3")
                               .arg(QString::fromStdString(name), describeSource(source),
                                    chip.clickable ? QObject::tr(" — click to go there") : QString());
            return chip;
        };
        if (!node.keyName.empty() || node.kind == DerivationNode::Kind::DiffieHellman)
            m_chips.push_back(chipFor(node.kind == DerivationNode::Kind::DiffieHellman ? "private value" : node.keyName,
                                      at->keySource, -1, true));
        for (std::size_t i = 0; i < at->inputs.size(); ++i)
            m_chips.push_back(chipFor(at->inputs[i].name, at->inputs[i].source, static_cast<int>(i), false));
        qreal x = kPadding;
        const qreal chipHeight = small.height() + 6;
        for (Chip& chip : m_chips) {
            const qreal w = small.horizontalAdvance(chip.text) + 14;
            if (x > kPadding && x + w > kPadding + inner) {
                x = kPadding;
                y += chipHeight + 4;
            }
            chip.rect = QRectF(x, y, w, chipHeight);
            x += w + 5;
        }
        if (!m_chips.empty()) y += chipHeight;
    }
    m_height = y + kPadding;
    QGraphicsItem::update();
}

void DerivationNodeItem::setSelected(bool selected) {
    m_selected = selected;
    setZValue(selected ? 2 : 1);
    QGraphicsItem::update();
}

QRectF DerivationNodeItem::inputRect(const std::string& name) const {
    for (const Chip& chip : m_chips)
        if (chip.name == name) return chip.rect;
    return {};
}

QPointF DerivationNodeItem::inputAnchor(int input) const {
    for (const Chip& chip : m_chips)
        if (chip.input == input) return QPointF(chip.rect.center().x(), 0);
    return QPointF(kWidth / 2, 0);
}

QStringList DerivationNodeItem::valueLines() const { return m_values; }

QRectF DerivationNodeItem::boundingRect() const { return QRectF(-2, -2, kWidth + 4, m_height + 4); }

void DerivationNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF body(0, 0, kWidth, m_height);
    const QColor base = m_palette.color(QPalette::Base);
    const QColor text = m_palette.color(QPalette::Text);

    painter->setPen(
        QPen(m_selected ? m_palette.color(QPalette::Highlight) : blend(text, base, 0.35), m_selected ? 3 : 1.2));
    painter->setBrush(base);
    painter->drawRoundedRect(body, kRadius, kRadius);

    // Header band in the stage's hue.
    QPainterPath header;
    header.addRoundedRect(QRectF(0.6, 0.6, kWidth - 1.2, m_headerHeight + kRadius), kRadius, kRadius);
    QPainterPath clip;
    clip.addRect(QRectF(0, 0, kWidth, m_headerHeight));
    painter->setPen(Qt::NoPen);
    painter->setBrush(blend(m_tint, base, 0.35));
    painter->drawPath(header.intersected(clip));

    const QFont titleFont = scaled(m_font, 1.1, true);
    painter->setFont(titleFont);
    painter->setPen(text);
    const QRectF titleRect(kPadding, 0, kWidth - 2 * kPadding, m_headerHeight);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, m_title);
    painter->setFont(scaled(m_font, 0.95, true));
    painter->setPen(m_badgeColor);
    painter->drawText(titleRect, Qt::AlignRight | Qt::AlignVCenter, m_badge);

    const QFont small = scaled(m_font, 0.9);
    const QFont mono = monoLike(m_font);
    for (const Line& line : m_lines) {
        painter->setFont(line.mono ? mono : line.dim ? small : m_font);
        painter->setPen(line.dim ? m_palette.color(QPalette::PlaceholderText) : text);
        painter->drawText(line.rect, Qt::TextWordWrap, line.text);
    }

    painter->setFont(small);
    for (const Chip& chip : m_chips) {
        const QColor hue = chip.fromPacket  ? QColor(0x00, 0x9e, 0x73)
                           : chip.clickable ? QColor(0x00, 0x72, 0xb2)
                                            : QColor(0x88, 0x88, 0x88);
        painter->setPen(QPen(blend(hue, base, 0.8), chip.key ? 1.8 : 1));
        painter->setBrush(blend(hue, base, 0.14));
        painter->drawRoundedRect(chip.rect, chip.rect.height() / 2, chip.rect.height() / 2);
        painter->setPen(text);
        painter->drawText(chip.rect, Qt::AlignCenter, chip.text);
    }
}

void DerivationNodeItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QGraphicsItem::mousePressEvent(event);
    for (const Chip& chip : m_chips)
        if (chip.clickable && chip.rect.contains(event->pos())) {
            m_inputClicked(m_id, m_inputSite, chip.input);
            event->accept();
            return;
        }
    m_nodeClicked(m_id);
    event->accept();
}

void DerivationNodeItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
    for (const Chip& chip : m_chips)
        if (chip.rect.contains(event->pos())) {
            setToolTip(chip.tooltip);
            setCursor(chip.clickable ? Qt::PointingHandCursor : Qt::ArrowCursor);
            return;
        }
    setToolTip(QObject::tr("%1 — click for its full value and inputs").arg(m_title));
    setCursor(Qt::ArrowCursor);
}

} // namespace ipseclab::ui
