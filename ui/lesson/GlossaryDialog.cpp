// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/GlossaryDialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/lesson/LessonText.h"

namespace ipseclab::ui {

namespace {

QString heading(const lesson::GlossaryTerm& t) {
    const QString term = QString::fromStdString(t.term);
    return t.expansion.empty() ? term : QStringLiteral("%1 (%2)").arg(term, QString::fromStdString(t.expansion));
}

} // namespace

GlossaryDialog::GlossaryDialog(lesson::Glossary glossary, QWidget* parent)
    : QDialog(parent), m_glossary(std::move(glossary)), m_search(new QLineEdit), m_list(new QListWidget),
      m_definition(new QTextBrowser) {
    setWindowTitle(tr("Glossary"));
    setObjectName(QStringLiteral("glossary"));
    m_search->setPlaceholderText(tr("Find a term…"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Find a term"));
    m_list->setAccessibleName(tr("Terms"));
    m_definition->setAccessibleName(tr("Definition"));
    m_definition->setOpenLinks(false);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // long names elide; the tool tip has them
    m_list->setTextElideMode(Qt::ElideRight);
    for (const lesson::GlossaryTerm& t : m_glossary.terms()) {
        auto* item = new QListWidgetItem(heading(t), m_list);
        item->setData(Qt::UserRole, QString::fromStdString(t.id));
        item->setToolTip(heading(t));
    }
    if (m_glossary.empty()) m_definition->setPlainText(tr("The lessons folder has no glossary."));
    connect(m_search, &QLineEdit::textChanged, this, &GlossaryDialog::filter);
    connect(m_list, &QListWidget::currentRowChanged, this, &GlossaryDialog::describe);
    connect(m_definition, &QTextBrowser::anchorClicked, this, &GlossaryDialog::follow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* left = new QVBoxLayout;
    left->addWidget(m_search);
    left->addWidget(m_list, 1);
    auto* panes = new QHBoxLayout;
    panes->addLayout(left, 1);
    panes->addWidget(m_definition, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(panes, 1);
    layout->addWidget(buttons);
    resize(760, 440);
    if (m_list->count() > 0) m_list->setCurrentRow(0);
}

bool GlossaryDialog::showTerm(const QString& id) {
    m_search->clear();
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->data(Qt::UserRole).toString() == id) {
            m_list->setCurrentRow(row);
            return true;
        }
    return false;
}

QString GlossaryDialog::shownTerm() const {
    const QListWidgetItem* item = m_list->currentItem();
    return item && !item->isHidden() ? item->data(Qt::UserRole).toString() : QString();
}

QString GlossaryDialog::definitionText() const { return m_definition->toPlainText(); }

QString GlossaryDialog::toolTip(const lesson::GlossaryTerm& term) {
    return QStringLiteral("<p><b>%1</b></p>%2")
        .arg(heading(term).toHtmlEscaped(), LessonText::markdownToHtml(term.definition));
}

QString GlossaryDialog::linkedId(const QUrl& url) {
    return url.scheme() == QLatin1String(lesson::Glossary::kScheme) ? url.path() : QString();
}

void GlossaryDialog::filter(const QString& typed) {
    int first = -1;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem* item = m_list->item(row);
        const auto* term = m_glossary.find(item->data(Qt::UserRole).toString().toStdString());
        const bool match = typed.isEmpty() || item->text().contains(typed, Qt::CaseInsensitive) ||
                           QString::fromStdString(term->definition).contains(typed, Qt::CaseInsensitive);
        item->setHidden(!match);
        if (match && first < 0) first = row;
    }
    if (!m_list->currentItem() || m_list->currentItem()->isHidden()) m_list->setCurrentRow(first);
    if (first < 0) m_definition->setPlainText(tr("No term matches “%1”.").arg(typed));
}

void GlossaryDialog::describe(int row) {
    if (row < 0 || row >= m_list->count()) return;
    const auto* t = m_glossary.find(m_list->item(row)->data(Qt::UserRole).toString().toStdString());
    if (!t) return;
    QString md = QStringLiteral("## %1\n\n%2\n").arg(heading(*t), QString::fromStdString(t->definition));
    if (!t->see.empty()) {
        QStringList links;
        for (const std::string& id : t->see)
            if (const auto* other = m_glossary.find(id))
                links << QStringLiteral("[%1](%2:%3)")
                             .arg(QString::fromStdString(other->term), QLatin1String(lesson::Glossary::kScheme),
                                  QString::fromStdString(id));
        md += tr("\n**See also:** %1\n").arg(links.join(QStringLiteral(", ")));
    }
    m_definition->setMarkdown(md);
}

void GlossaryDialog::follow(const QUrl& url) {
    if (const QString id = linkedId(url); !id.isEmpty()) showTerm(id);
    else QDesktopServices::openUrl(url);
}

} // namespace ipseclab::ui
