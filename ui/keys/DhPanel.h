// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Diffie-Hellman panel of the Keys inspector. "This lab" shows the exchange the sites really
// made, from their DhComputed events: the group with its p and g, each site's private value
// (hidden until revealed: it is the one number that must never leave a site), each public value
// g^x with the KE field that carried it, and g^xy as each site computed it — the same bytes.
// "By hand" is the toy example (DhToyPanel) a class checks with pencil and paper.

#include <QWidget>

#include <array>

#include "ike/Keymat.h"
#include "lab/Scenario.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace ipseclab::ui {

class DerivationTracker;
class DhToyPanel;

class DhPanel : public QWidget {
    Q_OBJECT
public:
    explicit DhPanel(DerivationTracker& tracker, QWidget* parent = nullptr);

    void setToyMode(bool toy);
    bool toyMode() const;
    DhToyPanel* toyPanel() const { return m_toy; }

    // The private value of `site` is shown instead of dots.
    void setRevealed(lab::Site site, bool revealed);
    bool revealed(lab::Site site) const { return m_revealed[index(site)]; }
    QPushButton* revealButton(lab::Site site) const { return m_reveal[index(site)]; }

    // The texts shown, for tests: the private value, the public value, the shared secret of a site.
    QString privateText(lab::Site site) const;
    QString publicText(lab::Site site) const;
    QString secretText(lab::Site site) const;
    QString groupText() const;

signals:
    // A public value's link: select the KE field it came in (KeysView follows it).
    void sourceClicked(const ike::Source& source, lab::Site site);

protected:
    void changeEvent(QEvent* event) override;

private:
    static std::size_t index(lab::Site site) { return site == lab::Site::A ? 0 : 1; }
    QWidget* buildExchangePage();
    void refresh();

    DerivationTracker& m_tracker;
    QButtonGroup* m_mode;
    QStackedWidget* m_pages;
    DhToyPanel* m_toy;
    QComboBox* m_exchange;
    QLabel* m_empty;
    QWidget* m_details;
    QLabel* m_group;
    QLabel* m_prime;
    QLabel* m_generator;
    std::array<QLabel*, 2> m_private{};
    std::array<QPushButton*, 2> m_reveal{};
    std::array<QLabel*, 2> m_public{};
    std::array<QLabel*, 2> m_publicFrom{};
    std::array<QLabel*, 2> m_secret{};
    QLabel* m_agreement;
    std::array<bool, 2> m_revealed{};
};

} // namespace ipseclab::ui
