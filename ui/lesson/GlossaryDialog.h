// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The glossary (lesson/Glossary.h) as a window: every term in a list a student can filter by
// typing, its definition beside it with links to related terms. The lesson text's term links open
// it at their term; Help › Glossary opens it at the first.

#include <QDialog>

#include "lesson/Glossary.h"

class QLineEdit;
class QListWidget;
class QTextBrowser;
class QUrl;

namespace ipseclab::ui {

class GlossaryDialog : public QDialog {
    Q_OBJECT
public:
    explicit GlossaryDialog(lesson::Glossary glossary, QWidget* parent = nullptr);

    // Selects the term with this id (and clears the filter); false when there is none.
    bool showTerm(const QString& id);
    QString shownTerm() const; // the id of the term shown, empty when none
    QString definitionText() const;

    // "<b>SPI</b> — Security Parameter Index: the number…": a term for a tool tip.
    static QString toolTip(const lesson::GlossaryTerm& term);
    // The id a glossary link points at ("glossary:spi" -> "spi"), empty for other links.
    static QString linkedId(const QUrl& url);

private slots:
    void filter(const QString& typed);
    void describe(int row);
    void follow(const QUrl& url);

private:
    lesson::Glossary m_glossary;
    QLineEdit* m_search;
    QListWidget* m_list;
    QTextBrowser* m_definition;
};

} // namespace ipseclab::ui
