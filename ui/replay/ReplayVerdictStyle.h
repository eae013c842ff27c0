// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// How the anti-replay views draw a verdict: the five a class watches (accepted, duplicate, too
// old, bad ICV, policy mismatch) and the rest, each with its own colour AND shape, so colour-blind
// viewers tell them apart too (Okabe–Ito hues; circle, diamond, triangle, cross, octagon, square).
// The window strip, the counters and the charts all draw from here.

#include <QColor>
#include <QPainterPath>
#include <QString>

#include <array>

#include "ipsec/Event.h"

class QPainter;

namespace ipseclab::ui {

enum class VerdictClass { Accepted, Duplicate, TooOld, BadIcv, Policy, Other };
inline constexpr std::array<VerdictClass, 6> kVerdictClasses{VerdictClass::Accepted, VerdictClass::Duplicate,
                                                             VerdictClass::TooOld,   VerdictClass::BadIcv,
                                                             VerdictClass::Policy,   VerdictClass::Other};

VerdictClass classify(ipsec::Verdict verdict);
QColor verdictColor(VerdictClass verdict);
// "accepted", "duplicate", "too old", "bad ICV", "policy mismatch", "other".
QString verdictLabel(VerdictClass verdict);
// The verdict's shape, centred on (0, 0), `size` pixels across.
QPainterPath verdictShape(VerdictClass verdict, qreal size);
// The shape filled with the verdict's colour and outlined in `outline`, centred on `center`.
void drawVerdict(QPainter& painter, VerdictClass verdict, QPointF center, qreal size, const QColor& outline);

} // namespace ipseclab::ui
