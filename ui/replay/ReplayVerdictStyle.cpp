// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/replay/ReplayVerdictStyle.h"

#include <QObject>
#include <QPainter>
#include <QPixmapCache>

#include <cmath>
#include <numbers>

namespace ipseclab::ui {

VerdictClass classify(ipsec::Verdict verdict) {
    switch (verdict) {
    case ipsec::Verdict::Accepted: return VerdictClass::Accepted;
    case ipsec::Verdict::Duplicate: return VerdictClass::Duplicate;
    case ipsec::Verdict::TooOld: return VerdictClass::TooOld;
    case ipsec::Verdict::BadIcv: return VerdictClass::BadIcv;
    case ipsec::Verdict::PolicyMismatch: return VerdictClass::Policy;
    default: return VerdictClass::Other;
    }
}

QColor verdictColor(VerdictClass verdict) {
    switch (verdict) {
    case VerdictClass::Accepted: return QColor(0x00, 0x9e, 0x73);  // bluish green
    case VerdictClass::Duplicate: return QColor(0xe6, 0x9f, 0x00); // orange
    case VerdictClass::TooOld: return QColor(0x56, 0xb4, 0xe9);    // sky blue
    case VerdictClass::BadIcv: return QColor(0xd5, 0x5e, 0x00);    // vermillion
    case VerdictClass::Policy: return QColor(0xcc, 0x79, 0xa7);    // reddish purple
    case VerdictClass::Other: break;
    }
    return QColor(0x99, 0x99, 0x99);
}

QString verdictLabel(VerdictClass verdict) {
    switch (verdict) {
    case VerdictClass::Accepted: return QObject::tr("accepted");
    case VerdictClass::Duplicate: return QObject::tr("duplicate");
    case VerdictClass::TooOld: return QObject::tr("too old");
    case VerdictClass::BadIcv: return QObject::tr("bad ICV");
    case VerdictClass::Policy: return QObject::tr("policy mismatch");
    case VerdictClass::Other: break;
    }
    return QObject::tr("other");
}

QPainterPath verdictShape(VerdictClass verdict, qreal size) {
    const qreal r = size / 2;
    QPainterPath path;
    switch (verdict) {
    case VerdictClass::Accepted: path.addEllipse(QPointF(0, 0), r * 0.9, r * 0.9); break;
    case VerdictClass::Duplicate:
        path.moveTo(0, -r);
        path.lineTo(r, 0);
        path.lineTo(0, r);
        path.lineTo(-r, 0);
        path.closeSubpath();
        break;
    case VerdictClass::TooOld:
        path.moveTo(0, -r);
        path.lineTo(r, r * 0.8);
        path.lineTo(-r, r * 0.8);
        path.closeSubpath();
        break;
    case VerdictClass::BadIcv: {
        // A thick ✕ as one outline, so it fills like the other shapes.
        const qreal t = r * 0.32;
        const QPointF points[] = {{-r, -r + t}, {-r + t, -r}, {0, -t}, {r - t, -r}, {r, -r + t}, {t, 0},
                                  {r, r - t},   {r - t, r},   {0, t},  {-r + t, r}, {-r, r - t}, {-t, 0}};
        path.addPolygon(QPolygonF(QList<QPointF>(std::begin(points), std::end(points))));
        path.closeSubpath();
        break;
    }
    case VerdictClass::Policy: {
        // An octagon, as a stop sign: authentic, but not allowed through.
        QPolygonF octagon;
        for (int i = 0; i < 8; ++i) {
            const qreal angle = (22.5 + 45.0 * i) * std::numbers::pi / 180.0;
            octagon << QPointF(r * std::cos(angle), r * std::sin(angle));
        }
        path.addPolygon(octagon);
        path.closeSubpath();
        break;
    }
    case VerdictClass::Other: path.addRect(QRectF(-r * 0.8, -r * 0.8, r * 1.6, r * 1.6)); break;
    }
    return path;
}

void drawVerdict(QPainter& painter, VerdictClass verdict, QPointF center, qreal size, const QColor& outline) {
    // The window strip draws a shape per cell every frame: each shape is rendered (antialiased)
    // once per size and colour and then blitted, which keeps a frame cheap during a burst.
    const qreal ratio = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const int side = static_cast<int>(std::ceil(size + 4));
    const QString key = QStringLiteral("ipseclab-verdict:%1:%2:%3:%4")
                            .arg(static_cast<int>(verdict))
                            .arg(std::lround(size * 4))
                            .arg(outline.rgba())
                            .arg(ratio);
    QPixmap pixmap;
    if (!QPixmapCache::find(key, &pixmap)) {
        pixmap = QPixmap(QSize(side, side) * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter shape(&pixmap);
        shape.setRenderHint(QPainter::Antialiasing);
        shape.translate(side / 2.0, side / 2.0);
        shape.setPen(QPen(outline, std::max<qreal>(1, size / 12)));
        shape.setBrush(verdictColor(verdict));
        shape.drawPath(verdictShape(verdict, size));
        shape.end();
        QPixmapCache::insert(key, pixmap);
    }
    painter.drawPixmap(center - QPointF(side / 2.0, side / 2.0), pixmap);
}

} // namespace ipseclab::ui
