// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/diagram/DiagramExport.h"

#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

#include "ui/common/SequenceDiagramPainter.h"

namespace ipseclab::ui {

namespace {

// The line under the diagram naming whom it is for: its height, then the line drawn at `top`.
int whoHeight(const QString& who) { return who.isEmpty() ? 0 : 2 * QFontMetrics(QFont()).height(); }

void paintWho(QPainter& painter, const SequenceDiagramPainter& diagram, const QString& who, int top) {
    if (who.isEmpty()) return;
    painter.setPen(diagram.colors().text);
    painter.setFont(QFont());
    painter.drawText(QRect(8, top, diagram.width() - 16, whoHeight(who)), Qt::AlignLeft | Qt::AlignVCenter, who);
}

} // namespace

bool DiagramExport::write(const SequenceDiagramPainter& view, const QString& path, QString* error, QString* note,
                          const QString& who) {
    // The screen's painter at the width where no label is cut, and without the selection: a
    // slide or a worksheet shows the exchange, not what the user last clicked.
    SequenceDiagramPainter diagram(view);
    diagram.setWidth(view.naturalWidth());
    const int width = diagram.width();
    constexpr qsizetype kNoSelection = -1;
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        const int total = diagram.fullHeight() + whoHeight(who);
        svg.setSize(QSize(width, total));
        svg.setViewBox(QRect(0, 0, width, total));
        svg.setTitle(QObject::tr("IPsec Lab sequence diagram"));
        svg.setDescription(who);
        QPainter painter;
        if (!painter.begin(&svg)) {
            if (error) *error = QObject::tr("%1: cannot write the SVG").arg(path);
            return false;
        }
        diagram.paintAll(painter, kNoSelection);
        paintWho(painter, diagram, who, diagram.fullHeight());
        painter.end();
        return true;
    }
    constexpr qreal kScale = 2.0;
    const int height = std::min(diagram.fullHeight(), kMaxPngHeight);
    if (note && height < diagram.fullHeight())
        *note = QObject::tr(
                    "The diagram is taller than %1 pixels: the PNG holds its beginning; export SVG for all of it.")
                    .arg(kMaxPngHeight);
    QImage image(QSize(width, height + whoHeight(who)) * kScale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(kScale);
    image.fill(diagram.colors().background);
    {
        QPainter painter(&image);
        painter.setClipRect(QRect(0, 0, width, height));
        diagram.paintAll(painter, kNoSelection, height);
        painter.setClipping(false);
        paintWho(painter, diagram, who, height);
    }
    if (!who.isEmpty()) image.setText(QStringLiteral("Author"), who);
    if (!image.save(path, "PNG")) {
        if (error) *error = QObject::tr("%1: cannot write the PNG").arg(path);
        return false;
    }
    return true;
}

} // namespace ipseclab::ui
