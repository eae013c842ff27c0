// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/keys/DhPanel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "ui/common/AppTheme.h"
#include "ui/common/HexText.h"
#include "ui/keys/DerivationTracker.h"
#include "ui/keys/DhToyPanel.h"

namespace ipseclab::ui {

namespace {

QLabel* valueLabel() {
    auto* label = new QLabel;
    label->setFont(AppTheme::monospace());
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setMinimumWidth(120);
    return label;
}

QLabel* heading(const QString& text) {
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    AppTheme::setRelativeFont(label, 1.1, true);
    label->setContentsMargins(0, 8, 0, 0);
    return label;
}

QString bytesAsNumber(const Bytes& bytes) {
    if (bytes.size() > 8) return groupedHex(bytes);
    std::uint64_t value = 0;
    for (std::uint8_t b : bytes) value = value << 8 | b;
    return QString::number(value);
}

} // namespace

DhPanel::DhPanel(DerivationTracker& tracker, QWidget* parent)
    : QWidget(parent), m_tracker(tracker), m_mode(new QButtonGroup(this)), m_pages(new QStackedWidget),
      m_toy(new DhToyPanel), m_exchange(new QComboBox), m_empty(new QLabel), m_details(new QWidget),
      m_group(new QLabel), m_prime(valueLabel()), m_generator(valueLabel()), m_agreement(new QLabel) {
    m_group->setWordWrap(true);
    setAccessibleName(tr("Diffie-Hellman"));
    setAccessibleDescription(
        tr("The Diffie-Hellman exchange: the group's p and g, each site's private value (hidden until "
           "revealed), public value and shared secret; or, by hand, the same steps with small numbers."));
    auto* lab = new QPushButton(tr("This lab's exchange"));
    auto* toy = new QPushButton(tr("By hand (toy numbers)"));
    for (QPushButton* button : {lab, toy}) button->setCheckable(true);
    lab->setChecked(true);
    m_mode->addButton(lab, 0);
    m_mode->addButton(toy, 1);
    m_mode->setExclusive(true);
    auto* switcher = new QHBoxLayout;
    switcher->addWidget(lab);
    switcher->addWidget(toy);
    switcher->addStretch();
    connect(m_mode, &QButtonGroup::idClicked, m_pages, &QStackedWidget::setCurrentIndex);

    auto* scroll = new QScrollArea;
    scroll->setFocusPolicy(Qt::NoFocus); // its controls take the focus, not the frame (nothing would show it)
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // long values wrap instead
    scroll->setWidget(buildExchangePage());
    m_pages->addWidget(scroll);
    auto* toyScroll = new QScrollArea; // docked and narrow, the worked example scrolls
    toyScroll->setWidgetResizable(true);
    toyScroll->setFocusPolicy(Qt::NoFocus);
    toyScroll->setFrameShape(QFrame::NoFrame);
    toyScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    toyScroll->setWidget(m_toy);
    m_pages->addWidget(toyScroll);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(switcher);
    layout->addWidget(m_pages, 1);

    connect(&tracker, &DerivationTracker::dhChanged, this, &DhPanel::refresh);
    connect(&tracker, &DerivationTracker::cleared, this, &DhPanel::refresh);
    connect(m_exchange, &QComboBox::currentIndexChanged, this, &DhPanel::refresh);
    refresh();
}

QWidget* DhPanel::buildExchangePage() {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_empty->setText(tr("No Diffie-Hellman exchange yet. Step the lab through MM3 and MM4 (Aggressive Mode: AM1 and "
                        "AM2): each site sends its public value in a KE payload, then computes the shared secret."));
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: gray"));
    layout->addWidget(m_exchange);
    layout->addWidget(m_empty);
    layout->addWidget(m_details);
    layout->addStretch();

    auto* grid = new QGridLayout(m_details);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setColumnStretch(1, 1);
    int row = 0;
    auto addRow = [&](const QString& name, QWidget* value, QWidget* extra = nullptr) {
        auto* label = new QLabel(name);
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(label, row, 0);
        grid->addWidget(value, row, 1);
        if (extra) grid->addWidget(extra, row, 2, Qt::AlignTop);
        ++row;
    };
    grid->addWidget(heading(tr("The public parameters")), row++, 0, 1, 3);
    addRow(tr("Group"), m_group);
    addRow(tr("p (prime)"), m_prime);
    addRow(tr("g (generator)"), m_generator);
    for (const lab::Site site : {lab::Site::A, lab::Site::B}) {
        const std::size_t i = index(site);
        const QString x = site == lab::Site::A ? QStringLiteral("x") : QStringLiteral("y");
        grid->addWidget(heading(site == lab::Site::A ? tr("Site A (initiator)") : tr("Site B (responder)")), row++, 0,
                        1, 3);
        m_private[i] = valueLabel();
        m_reveal[i] = new QPushButton(tr("Reveal"));
        m_reveal[i]->setToolTip(tr("The private value never leaves its site; the lab can show it for teaching."));
        connect(m_reveal[i], &QPushButton::clicked, this, [this, site] { setRevealed(site, !revealed(site)); });
        addRow(tr("private %1").arg(x), m_private[i], m_reveal[i]);
        m_public[i] = valueLabel();
        addRow(tr("public g^%1 mod p").arg(x), m_public[i]);
        m_publicFrom[i] = new QLabel;
        m_publicFrom[i]->setWordWrap(true);
        m_publicFrom[i]->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
        addRow(QString(), m_publicFrom[i]);
    }
    grid->addWidget(heading(tr("The shared secret g^xy")), row++, 0, 1, 3);
    for (const lab::Site site : {lab::Site::A, lab::Site::B}) {
        m_secret[index(site)] = valueLabel();
        addRow(site == lab::Site::A ? tr("Site A: (g^y)^x mod p") : tr("Site B: (g^x)^y mod p"), m_secret[index(site)]);
    }
    m_agreement->setWordWrap(true);
    grid->addWidget(m_agreement, row++, 0, 1, 3);
    for (const lab::Site site : {lab::Site::A, lab::Site::B})
        connect(m_publicFrom[index(site)], &QLabel::linkActivated, this, [this, site](const QString&) {
            const auto& exchanges = m_tracker.dhExchanges();
            const int at = m_exchange->currentIndex();
            if (at < 0 || at >= static_cast<int>(exchanges.size())) return;
            const DhExchange& x = exchanges[static_cast<std::size_t>(at)];
            // The site that sent the value knows where it put it; the other where it found it.
            if (const DhComputation* own = x.at(site)) emit sourceClicked(own->ourPublicSource, site);
            else if (const DhComputation* peer = x.at(site == lab::Site::A ? lab::Site::B : lab::Site::A))
                emit sourceClicked(peer->peerPublicSource, site == lab::Site::A ? lab::Site::B : lab::Site::A);
        });
    return page;
}

void DhPanel::setToyMode(bool toy) {
    m_mode->button(toy ? 1 : 0)->setChecked(true);
    m_pages->setCurrentIndex(toy ? 1 : 0);
}

bool DhPanel::toyMode() const { return m_pages->currentIndex() == 1; }

void DhPanel::setRevealed(lab::Site site, bool revealed) {
    m_revealed[index(site)] = revealed;
    refresh();
}

QString DhPanel::privateText(lab::Site site) const { return m_private[index(site)]->text(); }
QString DhPanel::publicText(lab::Site site) const { return m_public[index(site)]->text(); }
QString DhPanel::secretText(lab::Site site) const { return m_secret[index(site)]->text(); }
QString DhPanel::groupText() const { return m_group->text(); }

void DhPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) refresh(); // the KE links take the new link colour
}

void DhPanel::refresh() {
    const auto& exchanges = m_tracker.dhExchanges();
    {
        const QSignalBlocker blocker(m_exchange);
        const int current = m_exchange->currentIndex();
        m_exchange->clear();
        for (const DhExchange& x : exchanges) {
            const DhComputation* any = x.first();
            m_exchange->addItem(tr("%1 — %2").arg(QString::fromStdString(any->purpose), QString::fromStdString(x.id)));
        }
        m_exchange->setCurrentIndex(current >= 0 && current < m_exchange->count() ? current : 0);
    }
    m_exchange->setVisible(exchanges.size() > 1);
    m_empty->setVisible(exchanges.empty());
    m_details->setVisible(!exchanges.empty());
    if (exchanges.empty()) {
        for (QPushButton* reveal : m_reveal) reveal->setEnabled(false);
        return;
    }

    const DhExchange& x = exchanges[static_cast<std::size_t>(std::max(0, m_exchange->currentIndex()))];
    const crypto::DhGroupInfo group = crypto::dhGroupInfo(x.first()->group);
    m_group->setText(QString::fromUtf8(group.name.data(), static_cast<int>(group.name.size())));
    if (group.isElliptic) {
        m_prime->setText(tr("the field of curve %1")
                             .arg(QString::fromUtf8(group.curveName.data(), static_cast<int>(group.curveName.size()))));
        m_generator->setText(tr("the curve's base point G (public values are points x·G, sent as x | y)"));
    } else {
        m_prime->setText(tr("%1 — a %2-bit prime").arg(elidedHex(group.prime, 8, 4)).arg(group.prime.size() * 8));
        m_prime->setToolTip(groupedHex(group.prime));
        m_generator->setText(bytesAsNumber(group.generator));
    }

    const DhComputation* computed[2] = {x.at(lab::Site::A), x.at(lab::Site::B)};
    for (const lab::Site site : {lab::Site::A, lab::Site::B}) {
        const std::size_t i = index(site);
        const DhComputation* own = computed[i];
        const DhComputation* peer = computed[1 - i];
        if (!own) m_private[i]->setText(tr("not computed yet"));
        else if (own->privateValue.empty()) m_private[i]->setText(tr("not revealed by the engine"));
        else if (!m_revealed[i]) m_private[i]->setText(tr("●●●●●●●● hidden (%1 bytes)").arg(own->privateValue.size()));
        else m_private[i]->setText(groupedHex(own->privateValue));
        m_reveal[i]->setEnabled(own && !own->privateValue.empty());
        m_reveal[i]->setText(m_revealed[i] ? tr("Hide") : tr("Reveal"));

        // Its public value: from its own event, or else as the peer received it.
        const Bytes* value = own ? &own->ourPublic : peer ? &peer->peerPublic : nullptr;
        const ike::Source* source = own ? &own->ourPublicSource : peer ? &peer->peerPublicSource : nullptr;
        m_public[i]->setText(value ? elidedHex(*value, 16, 4) : tr("not sent yet"));
        m_public[i]->setToolTip(value ? groupedHex(*value) : QString());
        m_publicFrom[i]->setText(
            source && source->kind == ike::Source::Kind::Datagram
                ? linkHtml(QStringLiteral("ke"),
                           tr("sent in the clear: %1").arg(describeSource(*source).toHtmlEscaped()), palette())
                : QString());
        m_secret[i]->setText(own ? elidedHex(own->sharedSecret, 16, 4) : tr("not computed yet"));
        m_secret[i]->setToolTip(own ? groupedHex(own->sharedSecret) : QString());
    }
    if (computed[0] && computed[1]) {
        const bool same = computed[0]->sharedSecret == computed[1]->sharedSecret;
        m_agreement->setText(
            same ? tr("<span style=\"color:#009e73\"><b>✓ The same %1 bytes at both sites</b></span> — "
                      "computed, never sent: only g^x and g^y crossed the wire.")
                       .arg(computed[0]->sharedSecret.size())
                 : tr("<span style=\"color:#d55e00\"><b>✗ The sites computed different secrets</b></span>"));
    } else {
        m_agreement->setText(tr("<span style=\"color:gray\">Waiting for the other site to compute it.</span>"));
    }
}

} // namespace ipseclab::ui
