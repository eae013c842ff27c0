// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/scenario/SiteSettingsEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

#include "ike/ProposalSyntax.h"
#include "ike/Proposals.h"

namespace ipseclab::ui {

namespace {

QString joinList(const std::vector<std::string>& items) {
    QStringList out;
    for (const auto& i : items) out << QString::fromStdString(i);
    return out.join(QStringLiteral(", "));
}

std::vector<std::string> splitList(const QString& text) {
    std::vector<std::string> out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) out.push_back(part.trimmed().toStdString());
    return out;
}

} // namespace

QComboBox* SiteSettingsEditor::combo(std::initializer_list<std::pair<QString, int>> items) {
    auto* box = new QComboBox;
    for (const auto& [text, value] : items) box->addItem(text, value);
    connect(box, &QComboBox::currentIndexChanged, this, &SiteSettingsEditor::changed);
    return box;
}

QSpinBox* SiteSettingsEditor::spin(int maximum, const QString& suffix) {
    auto* box = new QSpinBox;
    box->setRange(0, maximum);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    connect(box, &QSpinBox::valueChanged, this, &SiteSettingsEditor::changed);
    return box;
}

QString SiteSettingsEditor::key(const char* name) const {
    return QStringLiteral("/site%1/%2").arg(QLatin1String(lab::siteName(m_site)), QLatin1String(name));
}

SiteSettingsEditor::SiteSettingsEditor(lab::Site site, QWidget* parent)
    : QWidget(parent), m_site(site),
      m_mode(combo({{tr("Main Mode (6 messages)"), int(ike::Phase1Mode::Main)},
                    {tr("Aggressive Mode (3 messages)"), int(ike::Phase1Mode::Aggressive)}})),
      m_ike(new QLineEdit),
      m_protocol(combo({{tr("ESP"), int(ike::ChildProtocol::Esp)}, {tr("AH"), int(ike::ChildProtocol::Ah)}})),
      m_child(new QLineEdit), m_pfs(new QComboBox), m_acceptOfferedPfs(new QCheckBox(tr("accept offered PFS"))),
      m_psk(new QLineEdit), m_id(new QLineEdit), m_remoteId(new QLineEdit), m_localSubnet(new QLineEdit),
      m_remoteSubnet(new QLineEdit), m_encapsulation(combo({{tr("tunnel"), int(ike::Encapsulation::Tunnel)},
                                                            {tr("transport"), int(ike::Encapsulation::Transport)}})),
      m_natTraversal(combo({{tr("on (when NAT-D sees a NAT)"), int(ike::NatTraversal::On)},
                            {tr("off"), int(ike::NatTraversal::Off)},
                            {tr("forced"), int(ike::NatTraversal::Force)}})),
      m_ikeLifetime(spin(1 << 30, tr(" s"))), m_ipsecLifetime(spin(1 << 30, tr(" s"))),
      m_ipsecKilobytes(spin(1 << 30, tr(" KB"))), m_replayWindow(spin(1 << 20, tr(" packets"))),
      m_dpd(spin(86400, tr(" s"))), m_rekey(new QCheckBox(tr("at the soft lifetime"))) {
    m_pfs->addItem(tr("no PFS"), QString());
    for (crypto::DhGroup group : crypto::supportedDhGroups())
        m_pfs->addItem(QString::fromStdString(std::string(crypto::dhGroupInfo(group).name)),
                       QString::fromStdString(ike::dhGroupToken(group)));
    m_psk->setPlaceholderText(tr("the secret both sites share"));
    m_id->setPlaceholderText(tr("the gateway's address"));
    m_remoteId->setPlaceholderText(tr("any"));
    // The subnets' defaults follow the mode: the LANs in tunnel mode, the gateways' own addresses in
    // transport mode.
    auto showDefaultSubnets = [this, site] {
        const auto mode = static_cast<ike::Encapsulation>(m_encapsulation->currentData().toInt());
        const lab::Site peer = site == lab::Site::A ? lab::Site::B : lab::Site::A;
        m_localSubnet->setPlaceholderText(QString::fromStdString(lab::LabNetwork::protectedSubnet(site, mode)));
        m_remoteSubnet->setPlaceholderText(QString::fromStdString(lab::LabNetwork::protectedSubnet(peer, mode)));
    };
    showDefaultSubnets();
    connect(m_encapsulation, &QComboBox::currentIndexChanged, this, showDefaultSubnets);
    // Empty: none listed, the role's default (the placeholder says which, short enough for a narrow
    // dock; the tooltip says more); saved as not listed.
    m_ike->setPlaceholderText(site == lab::Site::B
                                  ? tr("charon's default (%1 suites)").arg(ike::charonDefaultPhase1().size())
                                  : tr("default: %1").arg(QLatin1String(lab::SiteSettings::kDefaultIkeProposal)));
    m_child->setPlaceholderText(QStringLiteral("aes128-sha1"));
    m_replayWindow->setSpecialValueText(tr("off (no anti-replay)"));
    m_dpd->setSpecialValueText(tr("off"));
    m_ipsecKilobytes->setSpecialValueText(tr("no limit"));

    for (QLineEdit* edit : {m_ike, m_child, m_psk, m_id, m_remoteId, m_localSubnet, m_remoteSubnet})
        connect(edit, &QLineEdit::textChanged, this, &SiteSettingsEditor::changed);
    connect(m_acceptOfferedPfs, &QCheckBox::toggled, this, &SiteSettingsEditor::changed);
    connect(m_rekey, &QCheckBox::toggled, this, &SiteSettingsEditor::changed);
    connect(m_pfs, &QComboBox::activated, this, &SiteSettingsEditor::applyPfsChoice);
    connect(m_child, &QLineEdit::textChanged, this, &SiteSettingsEditor::showPfsOfProposals);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &SiteSettingsEditor::showPfsOfProposals);

    const lab::SiteSettings defaults;
    const lab::Site s = m_site;
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // What the RFCs and the overview article call each setting, in one line each.
    auto add = [&](const QString& label, QWidget* input, const QString& tip, QStringList keys,
                   std::function<void(lab::SiteSettings&)> reset) {
        m_fields.push_back(addScenarioField(*form, label, input, tip, std::move(keys),
                                            [s, reset](lab::Scenario& scenario) { reset(scenario.site(s)); }));
    };
    add(tr("Phase 1"), m_mode,
        tr("Main Mode protects the identities (MM5/MM6 are encrypted); Aggressive Mode sends them in clear"),
        {key("mode")}, [defaults](lab::SiteSettings& x) { x.mode = defaults.mode; });
    add(tr("IKE proposals"), m_ike,
        tr("cipher-hash-DH group, strongSwan syntax; several separated by commas.\nLeft empty, the site lists none: "
           "Site A (the initiator) offers %1; Site B (the responder) accepts charon 5.9's IKEv1 default: "
           "AES-128/192/256 "
           "or 3DES, SHA-256/384/512 or SHA-1, ECP-256/384 or MODP-2048 (%2 suites), as ipsec-lab peer does.")
            .arg(QLatin1String(lab::SiteSettings::kDefaultIkeProposal))
            .arg(ike::charonDefaultPhase1().size()),
        {key("ike")}, [defaults](lab::SiteSettings& x) { x.ikeProposals = defaults.ikeProposals; });
    add(tr("Protocol"), m_protocol,
        tr("ESP encrypts and authenticates; AH only authenticates (and cannot cross a NAT)"), {},
        [](lab::SiteSettings&) {});
    add(tr("Proposals"), m_child, tr("ESP: cipher-integrity[-DH group for PFS][-esn]; AH: integrity[-DH group][-esn]"),
        {key("esp"), key("ah")}, [defaults](lab::SiteSettings& x) {
            x.protocol = defaults.protocol;
            x.childProposals = defaults.childProposals;
        });
    add(tr("PFS"), m_pfs,
        tr("Perfect forward secrecy: a fresh Diffie-Hellman exchange in Quick Mode (KE in QM1 and QM2)"), {},
        [](lab::SiteSettings&) {});
    add(QString(), m_acceptOfferedPfs,
        tr("As a responder without PFS, accept the initiator's PFS group anyway (as Cisco does)"),
        {key("acceptOfferedPfs")}, [](lab::SiteSettings& x) { x.acceptOfferedPfs = false; });
    add(tr("Pre-shared key"), m_psk, tr("Both sites must have the same key: it keys SKEYID"), {key("psk")},
        [defaults](lab::SiteSettings& x) { x.psk = defaults.psk; });
    add(tr("Local ID"), m_id, tr("IDii / IDir: an IPv4 address (ID_IPV4_ADDR) or a name (ID_FQDN)"), {key("id")},
        [](lab::SiteSettings& x) { x.id.clear(); });
    add(tr("Remote ID"), m_remoteId, tr("The identity expected from the peer; empty accepts any"), {key("remoteId")},
        [](lab::SiteSettings& x) { x.remoteId.clear(); });
    add(tr("Local subnet"), m_localSubnet,
        tr("The network this site protects (IDci/IDcr in Quick Mode): a.b.c.d/prefix"), {key("localSubnet")},
        [](lab::SiteSettings& x) { x.localSubnet.clear(); });
    add(tr("Remote subnet"), m_remoteSubnet, tr("The peer's network; must mirror the peer's local subnet"),
        {key("remoteSubnet")}, [](lab::SiteSettings& x) { x.remoteSubnet.clear(); });
    add(tr("Encapsulation"), m_encapsulation,
        tr("Tunnel: the whole inner packet is protected; transport: only its payload"), {key("encapsulation")},
        [defaults](lab::SiteSettings& x) { x.encapsulation = defaults.encapsulation; });
    add(tr("NAT traversal"), m_natTraversal,
        tr("RFC 3947: move to UDP 4500 when NAT-D shows a NAT (or always, when forced)"), {key("natTraversal")},
        [defaults](lab::SiteSettings& x) { x.natTraversal = defaults.natTraversal; });
    add(tr("IKE SA lifetime"), m_ikeLifetime, tr("Phase 1 SA lifetime in seconds"), {key("lifetimes/ikeSeconds")},
        [defaults](lab::SiteSettings& x) { x.lifetimes.ikeSeconds = defaults.lifetimes.ikeSeconds; });
    add(tr("IPsec SA lifetime"), m_ipsecLifetime, tr("Phase 2 SA lifetime in seconds"), {key("lifetimes/ipsecSeconds")},
        [defaults](lab::SiteSettings& x) { x.lifetimes.ipsecSeconds = defaults.lifetimes.ipsecSeconds; });
    add(tr("IPsec SA volume"), m_ipsecKilobytes, tr("Phase 2 SA lifetime in kilobytes"),
        {key("lifetimes/ipsecKilobytes"), key("lifetimes")},
        [defaults](lab::SiteSettings& x) { x.lifetimes = defaults.lifetimes; });
    add(tr("Replay window"), m_replayWindow, tr("Anti-replay window size: 32 to 4096 packets, or 0 for none"),
        {key("replayWindow")}, [defaults](lab::SiteSettings& x) { x.replayWindow = defaults.replayWindow; });
    add(tr("Dead peer detection"), m_dpd, tr("Send R-U-THERE after this long without hearing from the peer"),
        {key("dpdDelay")}, [](lab::SiteSettings& x) { x.dpdDelaySeconds = 0; });
    add(tr("Rekey"), m_rekey, tr("Start a new Quick Mode (or phase 1) at the soft lifetime"), {key("rekey")},
        [](lab::SiteSettings& x) { x.rekey = true; });
    load(defaults);
}

void SiteSettingsEditor::load(const lab::SiteSettings& s) {
    const QSignalBlocker block(this);
    m_mode->setCurrentIndex(m_mode->findData(int(s.mode)));
    m_ike->setText(joinList(s.ikeProposals));
    m_protocol->setCurrentIndex(m_protocol->findData(int(s.protocol)));
    m_child->setText(joinList(s.childProposals));
    m_acceptOfferedPfs->setChecked(s.acceptOfferedPfs);
    m_psk->setText(QString::fromStdString(s.psk));
    m_id->setText(QString::fromStdString(s.id));
    m_remoteId->setText(QString::fromStdString(s.remoteId));
    m_localSubnet->setText(QString::fromStdString(s.localSubnet));
    m_remoteSubnet->setText(QString::fromStdString(s.remoteSubnet));
    m_encapsulation->setCurrentIndex(m_encapsulation->findData(int(s.encapsulation)));
    m_natTraversal->setCurrentIndex(m_natTraversal->findData(int(s.natTraversal)));
    m_ikeLifetime->setValue(static_cast<int>(std::min<std::uint32_t>(s.lifetimes.ikeSeconds, 1 << 30)));
    m_ipsecLifetime->setValue(static_cast<int>(std::min<std::uint32_t>(s.lifetimes.ipsecSeconds, 1 << 30)));
    m_ipsecKilobytes->setValue(static_cast<int>(std::min<std::uint32_t>(s.lifetimes.ipsecKilobytes, 1 << 30)));
    m_replayWindow->setValue(static_cast<int>(std::min<std::uint32_t>(s.replayWindow, 1 << 20)));
    m_dpd->setValue(static_cast<int>(std::min<std::uint32_t>(s.dpdDelaySeconds, 86400)));
    m_rekey->setChecked(s.rekey);
    showPfsOfProposals();
}

void SiteSettingsEditor::read(lab::SiteSettings& s) const {
    s.mode = static_cast<ike::Phase1Mode>(m_mode->currentData().toInt());
    s.ikeProposals = splitList(m_ike->text());
    s.protocol = static_cast<ike::ChildProtocol>(m_protocol->currentData().toInt());
    s.childProposals = splitList(m_child->text());
    s.acceptOfferedPfs = m_acceptOfferedPfs->isChecked();
    s.psk = m_psk->text().toStdString();
    s.id = m_id->text().trimmed().toStdString();
    s.remoteId = m_remoteId->text().trimmed().toStdString();
    s.localSubnet = m_localSubnet->text().trimmed().toStdString();
    s.remoteSubnet = m_remoteSubnet->text().trimmed().toStdString();
    s.encapsulation = static_cast<ike::Encapsulation>(m_encapsulation->currentData().toInt());
    s.natTraversal = static_cast<ike::NatTraversal>(m_natTraversal->currentData().toInt());
    s.lifetimes.ikeSeconds = static_cast<std::uint32_t>(m_ikeLifetime->value());
    s.lifetimes.ipsecSeconds = static_cast<std::uint32_t>(m_ipsecLifetime->value());
    s.lifetimes.ipsecKilobytes = static_cast<std::uint32_t>(m_ipsecKilobytes->value());
    s.replayWindow = static_cast<std::uint32_t>(m_replayWindow->value());
    s.dpdDelaySeconds = static_cast<std::uint32_t>(m_dpd->value());
    s.rekey = m_rekey->isChecked();
}

// The PFS choice becomes the DH group token of every proposal (IKEv1 carries one KE for all).
void SiteSettingsEditor::applyPfsChoice() {
    const auto protocol = static_cast<ike::ChildProtocol>(m_protocol->currentData().toInt());
    std::optional<crypto::DhGroup> group;
    if (const QString token = m_pfs->currentData().toString(); !token.isEmpty())
        if (auto parsed = ike::parseDhGroup(token.toStdString())) group = *parsed;
    QStringList rewritten;
    for (const std::string& text : splitList(m_child->text())) {
        auto parsed = ike::parseChildProposal(text, protocol);
        if (!parsed) return showPfsOfProposals(); // the proposals' own error says what to fix first
        rewritten << QString::fromStdString(ike::childProposalText(parsed->proposal, group));
    }
    m_child->setText(rewritten.join(QStringLiteral(", ")));
}

void SiteSettingsEditor::showPfsOfProposals() {
    const auto protocol = static_cast<ike::ChildProtocol>(m_protocol->currentData().toInt());
    auto parsed = ike::parseChildProposals(m_child->text().remove(QLatin1Char(' ')).toStdString(), protocol);
    const QSignalBlocker block(m_pfs);
    m_pfs->setEnabled(parsed.has_value());
    if (!parsed) return;
    m_pfs->setCurrentIndex(
        std::max(0, m_pfs->findData(parsed->pfsGroup ? QString::fromStdString(ike::dhGroupToken(*parsed->pfsGroup))
                                                     : QString())));
}

} // namespace ipseclab::ui
