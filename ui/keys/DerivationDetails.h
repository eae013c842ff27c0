// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The selected key in full, under the derivation graph: its formula, the function and key, each
// site's whole value and whether they agree, and every input with its bytes and where it came
// from — each a link that follows it (to the node it came from, or to the packet field).

#include <QTextBrowser>

#include "lab/Scenario.h"

namespace ipseclab::ui {

class DerivationTracker;

class DerivationDetails : public QTextBrowser {
    Q_OBJECT
public:
    explicit DerivationDetails(DerivationTracker& tracker, QWidget* parent = nullptr);

    // Shows node `id` (the tracker's), or the hint when there is none.
    void showNode(const QString& id);
    QString shownNode() const { return m_id; }

signals:
    // `input` -1 is the prf key (or, for the Diffie-Hellman secret, the private value).
    void inputClicked(const QString& id, lab::Site site, int input);

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    DerivationTracker& m_tracker;
    QString m_id;
};

} // namespace ipseclab::ui
