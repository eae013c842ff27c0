// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Scenario dock: both sites' settings side by side, the wire (NAT), the lab-only ESN start,
// the traffic, the attacks and the outcome it is designed for. The ready-made scenarios (every
// mis-configuration among them) are offered by chooser(), which the main window puts in its
// toolbar; Open and Save read and write scenario files.
//
// Invalid input never reaches the lab: every change is checked by Scenario::validate() — the same
// check a scenario file gets — and each error is shown under the input it names, in the lab's
// own words; Apply stays disabled until none is left. Edits not applied yet are never dropped
// silently: choosing or opening another scenario first asks whether to save them, discard them or
// stay. The chooser lists each ready-made scenario with its description.

#include <QComboBox>
#include <QPointer>
#include <QWidget>

#include <vector>

#include "lab/Scenario.h"
#include "ui/scenario/ScenarioField.h"

class QBoxLayout;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ipseclab::ui {

class SiteSettingsEditor;

class ScenarioEditor : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioEditor(QWidget* parent = nullptr);
    ~ScenarioEditor() override;

    // Shows a scenario (and selects it in the chooser when it is a ready-made one, unedited).
    void setScenario(const lab::Scenario& scenario);
    // The scenario as edited; valid only when errors() is empty.
    lab::Scenario scenario() const;
    // Key ("/siteA/psk") → message, as shown under the inputs.
    const std::vector<std::pair<QString, QString>>& errors() const { return m_errors; }
    // The input editing a key, and the error shown under it (empty: none).
    QWidget* field(const QString& key) const;
    QString errorShown(const QString& key) const;

    // The scenario list, for the window's toolbar: it lives wherever the window puts it, and goes
    // with the editor when nobody took it.
    QComboBox* chooser() const { return m_chooser; }
    QPushButton* applyButton() const { return m_apply; }
    // Opens a scenario file; false (and the file's error shown) when it does not load, or the user
    // chose to keep the edits not applied yet.
    bool open(const QString& path);
    // Whether the inputs differ from the scenario loaded or last applied.
    bool hasUnappliedEdits() const;

signals:
    // A scenario to run now: picked in the chooser, opened, or edited and applied.
    void scenarioChosen(const lab::Scenario& scenario);
    void applied(const lab::Scenario& scenario);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void validate();
    void choose(int index);
    // Before another scenario replaces the edits: true to go on (saved or discarded), false to stay.
    bool mayLeaveEdits(const QString& next);
    bool saveAs();
    void showChosen();

    lab::Scenario m_base;          // what was loaded; the editor changes the settings it shows
    QPointer<QComboBox> m_chooser; // the toolbar that holds it may go first
    QLabel* m_description;
    SiteSettingsEditor* m_sites[2];
    QBoxLayout* m_sitesLayout; // side by side when there is room, one above the other when not
    QCheckBox* m_nat;
    QLineEdit* m_esnStart;
    QSpinBox* m_trafficCount;
    QSpinBox* m_trafficInterval;
    QSpinBox* m_trafficSize;
    QLineEdit* m_attacks;
    QComboBox* m_expect;
    QLabel* m_status;
    QPushButton* m_apply;
    std::vector<ScenarioField> m_fields; // both sites' and the common ones
    std::vector<std::pair<QString, QString>> m_errors;
    bool m_loading = false;
};

} // namespace ipseclab::ui
