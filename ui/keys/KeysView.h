// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Keys inspector: the Diffie-Hellman panel (this lab's exchange, or the by-hand toy example)
// beside the derivation graph, whose selected key is shown in full underneath. Nodes appear as the
// lab derives them; both sites' values are shown (or one of them), so a class sees that A and B
// derive the same keys. Clicking an input follows it: to the key it came from, or — through the
// shared EventSelection — to the packet field that carried it. Everything comes from the lab's
// timeline; nothing is computed here but the toy example. Docked and narrow, the DH panel and the
// graph are two tabs, each with the dock's whole height.

#include <QWidget>

#include "ike/Keymat.h"
#include "lab/Scenario.h"

class QComboBox;
class QLabel;
class QSplitter;
class QTabWidget;

namespace ipseclab::ui {

class DerivationDetails;
class DerivationGraph;
class DerivationTracker;
class DhPanel;
class EventSelection;
class LabController;

class KeysView : public QWidget {
    Q_OBJECT
public:
    KeysView(LabController& controller, EventSelection& selection, QWidget* parent = nullptr);

    DerivationTracker& tracker() const { return *m_tracker; }
    DhPanel* dhPanel() const { return m_dh; }
    DerivationGraph* graph() const { return m_graph; }
    DerivationDetails* details() const { return m_details; }
    QComboBox* sitesBox() const { return m_sites; }

    // Follows an input: to its node (selected in the graph and in the shared selection), or to the
    // packet field it came from (EventSelection::selectField). False when it points nowhere.
    bool followSource(const ike::Source& source, lab::Site site);

    // Narrower than this, the DH panel and the graph are two tabs instead of side by side.
    static constexpr int kSideBySideWidth = 1100;
    // Which the tabs show (narrow); side by side both are in view.
    void showDhPanel();
    void showGraph();
    bool tabbed() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void showNode(const QString& id, std::optional<lab::Site> site = std::nullopt);
    void followInput(const QString& id, lab::Site site, int input);
    void selectionChanged(qsizetype index);

    EventSelection& m_selection;
    DerivationTracker* m_tracker;
    DhPanel* m_dh;
    DerivationGraph* m_graph;
    DerivationDetails* m_details;
    QComboBox* m_sites;
    QLabel* m_status;
    QSplitter* m_splitter;
    QTabWidget* m_tabs;
    QWidget* m_graphSide;
};

} // namespace ipseclab::ui
