// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/AppTheme.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QEvent>
#include <QFont>
#include <QFontDatabase>
#include <QPainter>
#include <QPalette>
#include <QStyle>
#include <QWidget>

namespace ipseclab::ui {

namespace {

// The desktop's font size before any change, so "normal size" can go back to it.
double& desktopPointSize() {
    static double size = QApplication::font().pointSizeF() > 0 ? QApplication::font().pointSizeF() : 10.0;
    return size;
}

constexpr const char* kScaleProperty = "ipseclabFontScale";
constexpr const char* kBoldProperty = "ipseclabFontBold";

void applyRelativeFont(QWidget* widget) {
    // Only the size and the weight are set: the family still comes from the parent.
    QFont font;
    font.setPointSizeF(QApplication::font().pointSizeF() * widget->property(kScaleProperty).toDouble());
    font.setBold(widget->property(kBoldProperty).toBool());
    widget->setFont(font);
}

// One filter for every custom-drawn scroll area: focus in or out repaints the viewport.
class FocusRepainter : public QObject {
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
            if (auto* area = qobject_cast<QAbstractScrollArea*>(watched)) area->viewport()->update();
        return false;
    }
};

} // namespace

void AppTheme::repaintOnFocus(QAbstractScrollArea* area) {
    static auto* repainter = new FocusRepainter(QCoreApplication::instance());
    area->installEventFilter(repainter);
}

void AppTheme::setRelativeFont(QWidget* widget, double scale, bool bold) {
    widget->setProperty(kScaleProperty, scale);
    widget->setProperty(kBoldProperty, bold);
    applyRelativeFont(widget);
}

QFont AppTheme::monospace() {
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QFont font;
    font.setFamilies(fixed.families().isEmpty() ? QStringList{fixed.family()} : fixed.families());
    font.setStyleHint(QFont::TypeWriter);
    font.setFixedPitch(true);
    return font;
}

void AppTheme::paintFocusFrame(QPainter& painter, const QRect& rect, const QPalette& palette) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(palette.color(QPalette::Highlight), 2));
    painter.drawRect(rect.adjusted(1, 1, -1, -1));
    painter.restore();
}

QPalette AppTheme::palette(Theme theme) {
    if (theme == Theme::Light) {
        QPalette p = QApplication::style()->standardPalette();
        p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
        return p;
    }
    // A dark palette with enough contrast for a projector (text ≥ 7:1 on the window colour).
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe8, 0xe8, 0xea), disabled(0x80, 0x82, 0x88);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3c, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x41));
    p.setColor(QPalette::Mid, QColor(0x33, 0x35, 0x3a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd1));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

double AppTheme::defaultPointSize() { return desktopPointSize(); }

void AppTheme::apply(Theme theme, double points) {
    desktopPointSize();
    // The light palette is Fusion's own.
    if (QApplication::style()->name() != QLatin1String("fusion")) QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(palette(theme));
    QFont font = QApplication::font();
    font.setPointSizeF(points > 0 ? points : desktopPointSize());
    QApplication::setFont(font);
    for (QWidget* widget : QApplication::allWidgets())
        if (widget->property(kScaleProperty).isValid()) applyRelativeFont(widget);
}

QString AppTheme::name(Theme theme) { return theme == Theme::Dark ? QStringLiteral("dark") : QStringLiteral("light"); }

Theme AppTheme::fromName(const QString& name) { return name == QLatin1String("dark") ? Theme::Dark : Theme::Light; }

} // namespace ipseclab::ui
