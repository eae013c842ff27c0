// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/window/LabCodeDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "classroom/LabCode.h"
#include "ui/window/StudentSession.h"

namespace ipseclab::ui {

LabCodeDialog::LabCodeDialog(QWidget* parent)
    : QDialog(parent), m_code(new QLineEdit), m_id(new QLineEdit), m_name(new QLineEdit), m_problem(new QLabel),
      m_from(new QLabel), m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)) {
    setObjectName(QStringLiteral("labCodeDialog"));
    setWindowTitle(tr("Open a lab code"));
    m_code->setObjectName(QStringLiteral("labCode"));
    m_id->setObjectName(QStringLiteral("studentId"));
    m_name->setObjectName(QStringLiteral("studentName"));
    m_problem->setObjectName(QStringLiteral("labCodeProblem"));
    m_code->setPlaceholderText(QStringLiteral("K7QF-92XD"));
    m_code->setToolTip(tr("The code your teacher gave you: eight letters and digits"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_from->setWordWrap(true);
    m_from->hide();
    auto* intro = new QLabel(tr("Your lab code gives you your own lab: your values, your answers. Your answers are "
                                "recorded for File › Hand in."));
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Lab &code:"), m_code);
    form->addRow(QString(), m_problem);
    form->addRow(tr("Student &id:"), m_id);
    form->addRow(tr("&Name:"), m_name);
    auto* cardButton = m_buttons->addButton(tr("Open a lab &card…"), QDialogButtonBox::ActionRole);
    cardButton->setObjectName(QStringLiteral("openLabCard"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_from);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(cardButton, &QPushButton::clicked, this, &LabCodeDialog::askCard);
    connect(m_code, &QLineEdit::textChanged, this, &LabCodeDialog::check);
    check();
}

QString LabCodeDialog::problem() const {
    const std::string typed = m_code->text().toStdString();
    if (m_code->text().trimmed().isEmpty()) return tr("Type the code your teacher gave you.");
    auto seed = classroom::decodeLabCode(typed);
    return seed ? QString() : QString::fromStdString(seed.error().message);
}

bool LabCodeDialog::acceptable() const { return problem().isEmpty(); }

void LabCodeDialog::check() {
    const QString text = problem();
    // An empty field is not an error yet: the hint stays quiet until something is typed.
    m_problem->setText(m_code->text().trimmed().isEmpty() ? QString() : text);
    m_problem->setVisible(!m_problem->text().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
}

classroom::LabCard LabCodeDialog::card() const {
    classroom::LabCard card = m_card.value_or(classroom::LabCard{});
    const auto code = classroom::normalizeLabCode(m_code->text().toStdString());
    card.code = code ? *code : m_code->text().trimmed().toStdString();
    card.studentId = m_id->text().trimmed().toStdString();
    card.name = m_name->text().trimmed().toStdString();
    return card;
}

void LabCodeDialog::askCard() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a lab card"), QString(),
                                                      tr("Lab cards (*.ipseclab-card);;All files (*)"));
    if (!path.isEmpty()) loadCard(path);
}

bool LabCodeDialog::loadCard(const QString& path) {
    QString error;
    auto card = StudentSession::readCard(path, &error);
    if (!card) {
        m_problem->setText(error);
        m_problem->show();
        return false;
    }
    m_card = *card;
    // The card is the class's word: its fields are shown, not edited.
    m_code->setText(QString::fromStdString(card->code));
    m_id->setText(QString::fromStdString(card->studentId));
    m_name->setText(QString::fromStdString(card->name));
    for (QLineEdit* edit : {m_code, m_id, m_name}) edit->setReadOnly(true);
    m_from->setText(tr("From the lab card of <b>%1</b>.").arg(QString::fromStdString(card->className).toHtmlEscaped()));
    m_from->show();
    check();
    return true;
}

} // namespace ipseclab::ui
