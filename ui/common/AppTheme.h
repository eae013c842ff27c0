// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Light and dark palettes as an application setting (Qt 6.4 cannot ask the desktop for its colour
// scheme), and the text size: a projected class needs bigger type than a laptop on a desk. Every
// widget — the diagram included — follows the application's palette and font.

#include <QFont>
#include <QString>

class QAbstractScrollArea;
class QPainter;
class QPalette;
class QRect;
class QWidget;

namespace ipseclab::ui {

enum class Theme { Light, Dark };

class AppTheme {
public:
    static QPalette palette(Theme theme);
    // Fusion style (it honours palettes the same way everywhere), the palette and a font of
    // `points` points (0: the desktop's size).
    static void apply(Theme theme, double points = 0);
    static double defaultPointSize();

    // A font for `widget` `scale` times the text size (bold if asked) that follows every later
    // text size change: a title, a heading. A size set once with setPointSizeF would stay behind.
    static void setRelativeFont(QWidget* widget, double scale, bool bold = false);
    // The fixed-pitch family alone: a widget given it keeps the text size it inherits (hex, keys).
    static QFont monospace();
    // The keyboard focus of a custom-drawn widget, as Fusion marks its own: a frame in the
    // highlight colour inside `rect`.
    static void paintFocusFrame(QPainter& painter, const QRect& rect, const QPalette& palette);
    // Repaints `area`'s viewport when it gains or loses the focus, so its paintEvent can draw
    // (or drop) paintFocusFrame.
    static void repaintOnFocus(QAbstractScrollArea* area);

    static QString name(Theme theme); // "light", "dark"
    static Theme fromName(const QString& name);
};

} // namespace ipseclab::ui
