// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One site's settings in the scenario editor, as a form: phase-1 mode and proposals, ESP or AH
// and its proposals, PFS and its group, accepting an offered PFS group, the pre-shared key, the
// IDs, the protected subnets, encapsulation, NAT traversal, lifetimes, the replay window, DPD and
// rekeying. Proposals are strongSwan's syntax, as in a scenario file; the PFS choice rewrites the
// proposals' DH group through the core's own proposal syntax.

#include <QWidget>

#include <vector>

#include "lab/Scenario.h"
#include "ui/scenario/ScenarioField.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace ipseclab::ui {

class SiteSettingsEditor : public QWidget {
    Q_OBJECT
public:
    SiteSettingsEditor(lab::Site site, QWidget* parent = nullptr);

    void load(const lab::SiteSettings& settings);
    void read(lab::SiteSettings& settings) const;
    const std::vector<ScenarioField>& fields() const { return m_fields; }

signals:
    void changed();

private:
    QString key(const char* name) const;
    void applyPfsChoice();
    void showPfsOfProposals();
    QComboBox* combo(std::initializer_list<std::pair<QString, int>> items);
    QSpinBox* spin(int maximum, const QString& suffix);

    lab::Site m_site;
    QComboBox* m_mode;
    QLineEdit* m_ike;
    QComboBox* m_protocol;
    QLineEdit* m_child;
    QComboBox* m_pfs;
    QCheckBox* m_acceptOfferedPfs;
    QLineEdit* m_psk;
    QLineEdit* m_id;
    QLineEdit* m_remoteId;
    QLineEdit* m_localSubnet;
    QLineEdit* m_remoteSubnet;
    QComboBox* m_encapsulation;
    QComboBox* m_natTraversal;
    QSpinBox* m_ikeLifetime;
    QSpinBox* m_ipsecLifetime;
    QSpinBox* m_ipsecKilobytes;
    QSpinBox* m_replayWindow;
    QSpinBox* m_dpd;
    QCheckBox* m_rekey;
    std::vector<ScenarioField> m_fields;
};

} // namespace ipseclab::ui
