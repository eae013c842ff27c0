// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/HtmlDocument.h"

#include <QFile>
#include <QObject>
#include <QPageSize>
#include <QPrinter>
#include <QTextDocument>

namespace ipseclab::ui {

bool HtmlDocument::writeHtml(const QString& html, const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(html.toUtf8()) < 0) {
        if (error) *error = QObject::tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool HtmlDocument::writePdf(const QString& html, const QString& path, QString* error) {
    QTextDocument document;
    document.setHtml(html);
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setPageSize(QPageSize(QPageSize::A4));
    printer.setOutputFileName(path);
    document.print(&printer);
    if (printer.printerState() == QPrinter::Error || !QFile::exists(path)) {
        if (error) *error = QObject::tr("%1: cannot write the PDF").arg(path);
        return false;
    }
    return true;
}

bool HtmlDocument::write(const QString& html, const QString& path, QString* error) {
    return path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? writePdf(html, path, error)
                                                                     : writeHtml(html, path, error);
}

} // namespace ipseclab::ui
