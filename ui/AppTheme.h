#pragma once
// Light and dark palettes as an application setting (Qt 6.4 cannot ask the desktop for its colour
// scheme), and the text size: a projected class needs bigger type than a laptop on a desk. Every
// widget — the diagram included — follows the application's palette and font.

#include <QString>

class QPalette;

namespace ipseclab::ui {

enum class Theme { Light, Dark };

class AppTheme {
public:
    static QPalette palette(Theme theme);
    // Fusion style (it honours palettes the same way everywhere), the palette and a font of
    // `points` points (0: the desktop's size).
    static void apply(Theme theme, double points = 0);
    static double defaultPointSize();

    static QString name(Theme theme); // "light", "dark"
    static Theme fromName(const QString& name);
};

} // namespace ipseclab::ui
