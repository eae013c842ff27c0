// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One input of the scenario editor: the scenario keys it edits, spelled as Scenario's errors name
// them ("/siteA/psk"), the label under it that shows such an error, and how to put a valid value
// back in a scenario. The editor validates with Scenario::validate() only; to show every error at
// once it puts the default back at each key named and validates again.

#include <QString>
#include <QStringList>

#include <functional>

class QFormLayout;
class QLabel;
class QWidget;

namespace ipseclab::lab {
struct Scenario;
}

namespace ipseclab::ui {

struct ScenarioField {
    QStringList keys;
    QWidget* input = nullptr;
    QLabel* error = nullptr;
    std::function<void(lab::Scenario&)> setDefault;

    // Whether `key` (from an error: "/siteA/ike/0") is one of ours.
    bool owns(const QString& key) const;
    void showError(const QString& message) const; // empty: no error
};

// A spin box or combo box ignores the mouse wheel until it has the focus, so that scrolling a form
// over it never changes its value (addScenarioField does it for every such input).
void takeWheelOnlyWhenFocused(QWidget& input);

// Adds "label: input" to `form` with a hidden error line under it, and describes the field.
ScenarioField addScenarioField(QFormLayout& form, const QString& label, QWidget* input, const QString& toolTip,
                               QStringList keys, std::function<void(lab::Scenario&)> setDefault);

} // namespace ipseclab::ui
