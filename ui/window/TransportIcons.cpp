// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/window/TransportIcons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ipseclab::ui {

namespace {

// A triangle pointing right (or left) in the box [x, x + w] × [5, 19] of a 24-unit square.
QPainterPath triangle(double x, double w, bool right) {
    QPainterPath path;
    path.moveTo(right ? x : x + w, 5);
    path.lineTo(right ? x : x + w, 19);
    path.lineTo(right ? x + w : x, 12);
    path.closeSubpath();
    return path;
}

QPainterPath bar(double x) {
    QPainterPath path;
    path.addRect(QRectF(x, 5, 3, 14));
    return path;
}

} // namespace

QIcon transportIcon(TransportGlyph glyph, const QColor& color) {
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 24.0, size / 24.0);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        switch (glyph) {
        case TransportGlyph::Reset: painter.drawPath(bar(3) + triangle(6, 7, false) + triangle(13, 7, false)); break;
        case TransportGlyph::StepBack: painter.drawPath(bar(5) + triangle(9, 10, false)); break;
        case TransportGlyph::Step: painter.drawPath(triangle(5, 10, true) + bar(16)); break;
        case TransportGlyph::Play: painter.drawPath(triangle(7, 12, true)); break;
        case TransportGlyph::Pause: painter.drawPath(bar(7) + bar(14)); break;
        case TransportGlyph::RunToEndOfPhase: painter.drawPath(triangle(3, 9, true) + triangle(12, 9, true)); break;
        case TransportGlyph::RunToEnd: painter.drawPath(triangle(2, 7, true) + triangle(9, 7, true) + bar(17)); break;
        case TransportGlyph::NewSeed:
            // A die showing three.
            painter.setPen(QPen(color, 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRoundedRect(QRectF(4, 4, 16, 16), 3, 3);
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            for (double d : {8.0, 12.0, 16.0}) painter.drawEllipse(QPointF(d, d), 1.8, 1.8);
            break;
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace ipseclab::ui
