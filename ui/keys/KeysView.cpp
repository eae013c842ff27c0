// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/keys/KeysView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedLayout>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/common/EventSelection.h"
#include "ui/keys/DerivationDetails.h"
#include "ui/keys/DerivationGraph.h"
#include "ui/keys/DerivationTracker.h"
#include "ui/keys/DhPanel.h"

namespace ipseclab::ui {

KeysView::KeysView(LabController& controller, EventSelection& selection, QWidget* parent)
    : QWidget(parent), m_selection(selection), m_tracker(new DerivationTracker(controller, this)),
      m_dh(new DhPanel(*m_tracker)), m_graph(new DerivationGraph(*m_tracker)),
      m_details(new DerivationDetails(*m_tracker)), m_sites(new QComboBox), m_status(new QLabel),
      m_splitter(new QSplitter(Qt::Horizontal)), m_tabs(new QTabWidget), m_graphSide(new QWidget) {
    m_sites->addItem(tr("Both sites (A and B)"), static_cast<int>(ShownSites::Both));
    m_sites->addItem(tr("Site A only"), static_cast<int>(ShownSites::A));
    m_sites->addItem(tr("Site B only"), static_cast<int>(ShownSites::B));
    m_sites->setToolTip(tr("Whose values the graph shows. Both sites derive every key on their own: the badge says "
                           "whether they agree."));
    connect(m_sites, &QComboBox::currentIndexChanged, this,
            [this] { m_graph->setShownSites(static_cast<ShownSites>(m_sites->currentData().toInt())); });

    auto* title = new QLabel(tr("<b>Key derivation</b> — RFC 2409 §5: every key from g^xy, the nonces and the "
                                "pre-shared key"));
    title->setWordWrap(true);
    // The title on a line of its own: beside the chooser, a narrow dock would wrap it a word a line.
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Values of:")));
    top->addWidget(m_sites);
    top->addStretch(1);

    auto* graphLayout = new QVBoxLayout(m_graphSide);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->addWidget(title);
    graphLayout->addLayout(top);
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(m_graph);
    vertical->addWidget(m_details);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({720, 230});
    graphLayout->addWidget(vertical, 1);
    m_status->setStyleSheet(QStringLiteral("color: gray"));
    graphLayout->addWidget(m_status);

    m_splitter->addWidget(m_dh);
    m_splitter->addWidget(m_graphSide);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 5);
    m_splitter->setSizes({430, 1070});
    m_tabs->setDocumentMode(true);
    auto* layout = new QStackedLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_splitter);
    layout->addWidget(m_tabs);

    connect(m_graph, &DerivationGraph::nodeClicked, this, [this](const QString& id) { showNode(id); });
    connect(m_graph, &DerivationGraph::inputClicked, this, &KeysView::followInput);
    connect(m_details, &DerivationDetails::inputClicked, this, &KeysView::followInput);
    connect(m_dh, &DhPanel::sourceClicked, this, &KeysView::followSource);
    connect(&selection, &EventSelection::currentChanged, this, &KeysView::selectionChanged);
}

void KeysView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Docked beside the diagram the view is narrow, and short on a small screen: the DH panel
    // and the graph take turns (tabs) rather than squeezing each other; a wide view keeps them
    // side by side.
    const bool wide = width() >= kSideBySideWidth;
    if (wide == !tabbed()) return;
    auto* stack = static_cast<QStackedLayout*>(layout());
    if (wide) {
        m_splitter->insertWidget(0, m_dh);
        m_splitter->insertWidget(1, m_graphSide);
        m_dh->show(); // the tab behind was hidden
        m_graphSide->show();
        stack->setCurrentWidget(m_splitter);
    } else {
        m_tabs->addTab(m_graphSide, tr("Key derivation"));
        m_tabs->addTab(m_dh, tr("Diffie-Hellman"));
        stack->setCurrentWidget(m_tabs);
    }
}

bool KeysView::tabbed() const { return static_cast<QStackedLayout*>(layout())->currentWidget() == m_tabs; }

void KeysView::showDhPanel() {
    if (tabbed()) m_tabs->setCurrentWidget(m_dh);
}

void KeysView::showGraph() {
    if (tabbed()) m_tabs->setCurrentWidget(m_graphSide);
}

void KeysView::showNode(const QString& id, std::optional<lab::Site> site) {
    m_graph->selectNode(id);
    m_details->showNode(id);
    const DerivationNode* node = m_tracker->node(id.toStdString());
    if (!node) return;
    const DerivedAtSite* at = site ? node->at(*site) : nullptr;
    if (!at) at = node->first();
    if (at) m_selection.select(at->index);
}

void KeysView::followInput(const QString& id, lab::Site site, int input) {
    const DerivationNode* node = m_tracker->node(id.toStdString());
    const DerivedAtSite* at = node ? node->at(site) : nullptr;
    if (!at || input >= static_cast<int>(at->inputs.size())) return;
    followSource(input < 0 ? at->keySource : at->inputs[static_cast<std::size_t>(input)].source, site);
}

bool KeysView::followSource(const ike::Source& source, lab::Site site) {
    switch (source.kind) {
    case ike::Source::Kind::Derived:
        if (!m_tracker->node(source.id)) break;
        showNode(QString::fromStdString(source.id), site);
        m_status->setText(tr("Went to %1, the key it was made from.").arg(QString::fromStdString(source.id)));
        return true;
    case ike::Source::Kind::Datagram:
        if (const auto index = m_tracker->datagram(site, source.id)) {
            m_selection.selectField(*index, source.plaintext, source.offset, source.length);
            m_status->setText(tr("Selected %1 in the packet inspector.").arg(describeSource(source)));
            return true;
        }
        break;
    case ike::Source::Kind::Local:
    case ike::Source::Kind::Constant:
    case ike::Source::Kind::Unknown: break;
    }
    m_status->setText(tr("%1: nothing to go to.").arg(describeSource(source)));
    return false;
}

void KeysView::selectionChanged(qsizetype index) {
    // Another view selected a derived value (a log line, say): show it here too.
    // A Diffie-Hellman computation is told in full by the DH panel; any other key by the graph.
    bool dh = false;
    for (const DhExchange& x : m_tracker->dhExchanges())
        for (const auto& at : x.sites) dh = dh || (at && at->index == index);
    if (dh) showDhPanel();
    if (const DerivationNode* node = m_tracker->nodeAt(index)) {
        if (!dh) showGraph();
        const QString id = QString::fromStdString(node->id);
        if (m_graph->selectedNode() != id) {
            m_graph->selectNode(id);
            m_details->showNode(id);
        }
    }
}

} // namespace ipseclab::ui
