// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The transport's icons, drawn in the palette's text colour: the style's stock media icons are
// dark pixmaps that vanish on a dark palette, and a projector needs shapes that read from afar.

#include <QColor>
#include <QIcon>

namespace ipseclab::ui {

enum class TransportGlyph { Reset, StepBack, Step, Play, Pause, RunToEndOfPhase, RunToEnd, NewSeed };

QIcon transportIcon(TransportGlyph glyph, const QColor& color);

} // namespace ipseclab::ui
