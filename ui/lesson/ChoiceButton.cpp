// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/ChoiceButton.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QRadioButton>

namespace ipseclab::ui {

ChoiceButton::ChoiceButton(const QString& text, QWidget* parent, bool checkBox)
    : QWidget(parent), m_button(checkBox ? static_cast<QAbstractButton*>(new QCheckBox) : new QRadioButton),
      m_label(new QLabel(text)) {
    m_button->setAccessibleName(text);
    m_button->setToolTip(text);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setBuddy(m_button);
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_label->installEventFilter(this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_button, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
}

QString ChoiceButton::text() const { return m_label->text(); }

// A click on the text chooses the answer, as a click on a radio button's own text does.
bool ChoiceButton::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_label && event->type() == QEvent::MouseButtonRelease &&
        static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton &&
        m_label->rect().contains(static_cast<QMouseEvent*>(event)->position().toPoint())) {
        m_button->setFocus(Qt::MouseFocusReason);
        m_button->click();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ipseclab::ui
