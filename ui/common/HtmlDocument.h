// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A page of HTML written as a file to hand out: PDF (A4, through QTextDocument and QPrinter) or the
// HTML itself. The session report and the lesson's worksheets both write theirs this way.

#include <QString>

namespace ipseclab::ui {

class HtmlDocument {
public:
    static bool writePdf(const QString& html, const QString& path, QString* error);
    static bool writeHtml(const QString& html, const QString& path, QString* error);
    // PDF when `path` ends in ".pdf" (any case), else HTML.
    static bool write(const QString& html, const QString& path, QString* error);
};

} // namespace ipseclab::ui
