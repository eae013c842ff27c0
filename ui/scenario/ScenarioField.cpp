// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/scenario/ScenarioField.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QStyle>

#include <algorithm>

namespace ipseclab::ui {

namespace {

// A spin box or combo box under the mouse takes the wheel only once it has the focus (a click or
// Tab): scrolling the form over it scrolls the form, and no value changes unnoticed.
class WheelWhenFocused : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::Wheel || static_cast<QWidget*>(watched)->hasFocus()) return false;
        event->ignore(); // not handled: the scroll area around the form gets it
        return true;
    }
};

} // namespace

void takeWheelOnlyWhenFocused(QWidget& input) {
    input.setFocusPolicy(Qt::StrongFocus); // not Qt::WheelFocus: the wheel alone does not focus it
    input.installEventFilter(new WheelWhenFocused(&input));
}

bool ScenarioField::owns(const QString& key) const {
    for (const QString& k : keys)
        if (key == k || key.startsWith(k + QLatin1Char('/'))) return true;
    return false;
}

void ScenarioField::showError(const QString& message) const {
    error->setText(message);
    error->setVisible(!message.isEmpty());
    // The input gets a red frame (see ScenarioEditor's style sheet).
    input->setProperty("invalid", !message.isEmpty());
    input->style()->unpolish(input);
    input->style()->polish(input);
}

ScenarioField addScenarioField(QFormLayout& form, const QString& label, QWidget* input, const QString& toolTip,
                               QStringList keys, std::function<void(lab::Scenario&)> setDefault) {
    auto* error = new QLabel;
    error->setObjectName(QStringLiteral("error:") + keys.value(0));
    error->setWordWrap(true);
    error->setProperty("role", QStringLiteral("error"));
    error->hide();
    input->setToolTip(toolTip);
    input->setObjectName(keys.value(0));
    if (qobject_cast<QAbstractSpinBox*>(input) || qobject_cast<QComboBox*>(input)) takeWheelOnlyWhenFocused(*input);
    // A spin box asks for room for its largest value, a combo box for its longest item: capped, both
    // sites fit side by side in the dock instead of scrolling sideways.
    if (!qobject_cast<QAbstractButton*>(input))
        input->setMinimumWidth(
            std::min(input->minimumSizeHint().width(), input->fontMetrics().averageCharWidth() * 14));
    form.addRow(label, input);
    form.addRow(QString(), error);
    return ScenarioField{std::move(keys), input, error, std::move(setDefault)};
}

} // namespace ipseclab::ui
