#include "KeysView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include "DerivationDetails.h"
#include "DerivationGraph.h"
#include "DerivationModel.h"
#include "DhPanel.h"
#include "EventSelection.h"

namespace ipseclab::ui {

KeysView::KeysView(LabController& controller, EventSelection& selection, QWidget* parent)
    : QWidget(parent), m_selection(selection), m_model(new DerivationModel(controller, this)), m_dh(new DhPanel(*m_model)),
      m_graph(new DerivationGraph(*m_model)), m_details(new DerivationDetails(*m_model)), m_sites(new QComboBox),
      m_status(new QLabel), m_splitter(new QSplitter(Qt::Horizontal)) {
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
    auto* top = new QHBoxLayout;
    top->addWidget(title, 1);
    top->addWidget(new QLabel(tr("Values of:")));
    top->addWidget(m_sites);

    auto* graphSide = new QWidget;
    auto* graphLayout = new QVBoxLayout(graphSide);
    graphLayout->setContentsMargins(0, 0, 0, 0);
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
    m_splitter->addWidget(graphSide);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 5);
    m_splitter->setSizes({430, 1070});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_splitter);

    connect(m_graph, &DerivationGraph::nodeClicked, this, [this](const QString& id) { showNode(id); });
    connect(m_graph, &DerivationGraph::inputClicked, this, &KeysView::followInput);
    connect(m_details, &DerivationDetails::inputClicked, this, &KeysView::followInput);
    connect(m_dh, &DhPanel::sourceClicked, this, &KeysView::followSource);
    connect(&selection, &EventSelection::currentChanged, this, &KeysView::selectionChanged);
}

void KeysView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // Docked beside the diagram the view is narrow: the DH panel goes above the graph rather
    // than squeezing it; a wide window (a projector) keeps them side by side.
    const Qt::Orientation wanted = width() >= kSideBySideWidth ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() == wanted) return;
    m_splitter->setOrientation(wanted);
    const int along = wanted == Qt::Horizontal ? width() : height();
    m_splitter->setSizes({along * 2 / 7, along * 5 / 7});
}

void KeysView::showNode(const QString& id, std::optional<lab::Site> site) {
    m_graph->selectNode(id);
    m_details->showNode(id);
    const DerivationNode* node = m_model->node(id.toStdString());
    if (!node) return;
    const DerivedAtSite* at = site ? node->at(*site) : nullptr;
    if (!at) at = node->first();
    if (at) m_selection.select(at->index);
}

void KeysView::followInput(const QString& id, lab::Site site, int input) {
    const DerivationNode* node = m_model->node(id.toStdString());
    const DerivedAtSite* at = node ? node->at(site) : nullptr;
    if (!at || input >= static_cast<int>(at->inputs.size())) return;
    followSource(input < 0 ? at->keySource : at->inputs[static_cast<std::size_t>(input)].source, site);
}

bool KeysView::followSource(const ike::Source& source, lab::Site site) {
    switch (source.kind) {
    case ike::Source::Kind::Derived:
        if (!m_model->node(source.id)) break;
        showNode(QString::fromStdString(source.id), site);
        m_status->setText(tr("Went to %1, the key it was made from.").arg(QString::fromStdString(source.id)));
        return true;
    case ike::Source::Kind::Datagram:
        if (const auto index = m_model->datagram(site, source.id)) {
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
    if (const DerivationNode* node = m_model->nodeAt(index)) {
        const QString id = QString::fromStdString(node->id);
        if (m_graph->selectedNode() != id) {
            m_graph->selectNode(id);
            m_details->showNode(id);
        }
    }
}

} // namespace ipseclab::ui
