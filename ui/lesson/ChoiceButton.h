// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One answer of a choice question: a radio button whose text wraps at the width it is given. A
// QRadioButton keeps its text on one line and so asks for the whole line's width: a long choice
// would widen the Lesson dock (or, inside it, push Back and Next out of sight). Here the button
// carries only the indicator and the text is a word-wrapped label beside it; clicking the label
// chooses the answer, and screen readers read the text as the button's name. For a multi-select
// question the indicator is a check box.

#include <QWidget>

class QAbstractButton;
class QLabel;

namespace ipseclab::ui {

class ChoiceButton : public QWidget {
    Q_OBJECT
public:
    explicit ChoiceButton(const QString& text, QWidget* parent = nullptr, bool checkBox = false);

    QAbstractButton* button() const { return m_button; }
    QString text() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QAbstractButton* m_button;
    QLabel* m_label;
};

} // namespace ipseclab::ui
