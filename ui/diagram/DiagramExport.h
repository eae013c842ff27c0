// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The sequence diagram as a file: PNG (at twice the screen's pixel density, for slides) or SVG
// (for print and for editing), drawn by the same painter as the screen — as wide as its longest
// label needs, without the selection.

#include <QString>

namespace ipseclab::ui {

class SequenceDiagramPainter;

class DiagramExport {
public:
    // A PNG taller than this many pixels would take gigabytes: the rows below it are left out
    // (and `note` says so). SVG has no such limit.
    static constexpr int kMaxPngHeight = 30000;

    // By the file's suffix: .svg, else PNG. False with `error` set when it cannot be written.
    // `who`: a line under the diagram naming whom it is for (a student's name and lab code).
    static bool write(const SequenceDiagramPainter& painter, const QString& path, QString* error,
                      QString* note = nullptr, const QString& who = {});
};

} // namespace ipseclab::ui
