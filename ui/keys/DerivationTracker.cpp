// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/keys/DerivationTracker.h"

#include "ui/common/LabController.h"

namespace ipseclab::ui {

namespace {

bool startsWith(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// "IKE#2.QM#3.HASH(1)" -> group "IKE#2.QM#3", rest "HASH(1)": later IKE SAs and Quick Modes get
// their own rows, below the first ones.
std::pair<std::string, std::string> splitGroup(const std::string& id) {
    std::size_t at = 0;
    while (startsWith(id.substr(at), "IKE#") || startsWith(id.substr(at), "QM#")) {
        const std::size_t dot = id.find('.', at);
        if (dot == std::string::npos) break;
        at = dot + 1;
    }
    return {at ? id.substr(0, at - 1) : std::string(), id.substr(at)};
}

// The stage a derived id belongs to; nullopt for what is not a key (NAT-D hashes are the packet
// inspector's business: they only say whether addresses changed).
std::optional<DerivationStage> stageOf(const std::string& rest) {
    using S = DerivationStage;
    if (rest.find("NAT-D") != std::string::npos) return std::nullopt;
    if (rest == "g^xy") return S::DiffieHellman;
    if (rest == "SKEYID") return S::Skeyid;
    if (rest == "SKEYID_d" || rest == "SKEYID_a" || rest == "SKEYID_e") return S::SkeyidFamily;
    if (rest == "Ka" || startsWith(rest, "Ka.") || rest == "IV.phase1") return S::EncryptionKey;
    if (rest == "HASH_I" || rest == "HASH_R") return S::Authentication;
    if (rest == "g(qm)^xy" || startsWith(rest, "IV.QM") || startsWith(rest, "HASH(")) return S::QuickMode;
    if (startsWith(rest, "KEYMAT.")) return S::Keymat;
    return S::Other;
}

// "KEYMAT.ESP.0x8411fbcc.K2" -> "KEYMAT.ESP.0x8411fbcc": the K steps sit in their KEYMAT's row.
std::string keymatBase(const std::string& id) {
    const std::size_t dot = id.rfind('.');
    if (dot != std::string::npos && dot + 1 < id.size() && id[dot + 1] == 'K' &&
        id.find_first_not_of("0123456789", dot + 2) == std::string::npos && dot + 2 < id.size())
        return id.substr(0, dot);
    return id;
}

Bytes copyOf(const crypto::SecretBytes& secret) { return Bytes(secret.view().begin(), secret.view().end()); }

int slot(lab::Site site) { return site == lab::Site::A ? 0 : 1; }

} // namespace

QString stageTitle(DerivationStage stage) {
    switch (stage) {
    case DerivationStage::DiffieHellman: return QObject::tr("Diffie-Hellman shared secret");
    case DerivationStage::Skeyid: return QObject::tr("SKEYID — from the pre-shared key and both nonces");
    case DerivationStage::SkeyidFamily: return QObject::tr("SKEYID_d · SKEYID_a · SKEYID_e");
    case DerivationStage::EncryptionKey: return QObject::tr("Phase-1 encryption key and first IV");
    case DerivationStage::Authentication: return QObject::tr("Phase-1 authentication: HASH_I, HASH_R");
    case DerivationStage::QuickMode: return QObject::tr("Quick Mode: IV and HASH(1), HASH(2), HASH(3)");
    case DerivationStage::Keymat: return QObject::tr("KEYMAT");
    case DerivationStage::Other: return QObject::tr("Informational exchanges");
    }
    return {};
}

QString describeSource(const ike::Source& source) {
    switch (source.kind) {
    case ike::Source::Kind::Derived: return QString::fromStdString(source.id);
    case ike::Source::Kind::Datagram:
        return QObject::tr("%1 › %2 (%3bytes %4–%5)")
            .arg(QString::fromStdString(source.id), QString::fromStdString(source.field),
                 source.plaintext ? QObject::tr("decrypted, ") : QString())
            .arg(source.offset)
            .arg(source.offset + source.length - (source.length ? 1 : 0));
    case ike::Source::Kind::Local:
    case ike::Source::Kind::Constant: return QString::fromStdString(source.note);
    case ike::Source::Kind::Unknown: break;
    }
    return QObject::tr("unknown");
}

QString linkHtml(const QString& href, const QString& text, const QPalette& palette) {
    return QStringLiteral("<a href=\"%1\" style=\"color:%2\">%3</a>")
        .arg(href.toHtmlEscaped(), palette.color(QPalette::Link).name(), text);
}

DerivationTracker::DerivationTracker(LabController& controller, QObject* parent)
    : QObject(parent), m_controller(controller) {
    connect(&controller, &LabController::reset, this, &DerivationTracker::clear);
    connect(&controller, &LabController::eventsAdded, this, &DerivationTracker::read);
}

const DerivationNode* DerivationTracker::node(const std::string& id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_nodes[it->second];
}

const DerivationNode* DerivationTracker::nodeAt(qsizetype index, lab::Site* site) const {
    const auto it = m_byIndex.find(index);
    if (it == m_byIndex.end()) return nullptr;
    if (site) *site = it->second.second;
    return &m_nodes[it->second.first];
}

std::optional<qsizetype> DerivationTracker::datagram(lab::Site site, const std::string& datagramId) const {
    const auto key = std::make_pair(slot(site), datagramId);
    if (const auto it = m_sent.find(key); it != m_sent.end()) return it->second;
    if (const auto it = m_received.find(key); it != m_received.end()) return it->second;
    return std::nullopt;
}

void DerivationTracker::clear() {
    m_nodes.clear();
    m_byId.clear();
    m_byIndex.clear();
    m_dh.clear();
    m_sent.clear();
    m_received.clear();
    m_directions.clear();
    emit cleared();
}

void DerivationTracker::read(qsizetype first, qsizetype count) {
    const std::size_t nodesBefore = m_nodes.size();
    bool nodesChanged = false;
    bool dhChanged = false;
    m_controller.read([&](const lab::Lab& lab) {
        const lab::Timeline& timeline = lab.timeline();
        const std::size_t end = std::min(timeline.size(), static_cast<std::size_t>(first + count));
        for (std::size_t i = static_cast<std::size_t>(first); i < end; ++i) {
            const lab::LabEvent& e = timeline.at(i);
            const ike::Event* ev = e.ike();
            if (!ev || e.origin == lab::Origin::Wire) continue;
            const lab::Site site = e.origin == lab::Origin::SiteA ? lab::Site::A : lab::Site::B;
            if (const auto* d = ev->as<ike::Derivation>(); d && ev->kind == ike::EventKind::Derived) {
                addDerivation(e, site, *d);
                nodesChanged = true;
            } else if (const auto* dh = ev->as<ike::DhInfo>()) {
                addDh(e, site, *dh);
                nodesChanged = dhChanged = true;
            } else if (const auto* child = ev->as<ike::ChildSaInfo>()) {
                addChildSa(site, *child);
                nodesChanged = true;
            } else if (const auto* datagram = ev->as<ike::DatagramInfo>()) {
                const auto ref = static_cast<qsizetype>(i);
                const auto key = std::make_pair(slot(site), datagram->datagramId);
                // The first sending (a retransmission carries the same bytes) or the first receipt.
                if (ev->kind == ike::EventKind::DatagramSent) m_sent.emplace(key, ref);
                else if (ev->kind == ike::EventKind::DatagramReceived) m_received.emplace(key, ref);
            }
        }
    });
    if (nodesChanged || m_nodes.size() != nodesBefore) emit this->nodesChanged();
    if (dhChanged) emit this->dhChanged();
}

DerivationNode& DerivationTracker::nodeFor(const std::string& id, DerivationNode::Kind kind) {
    if (const auto it = m_byId.find(id); it != m_byId.end()) return m_nodes[it->second];
    DerivationNode node;
    node.kind = kind;
    node.id = id;
    node.order = static_cast<int>(m_nodes.size());
    auto [group, rest] = splitGroup(id);
    node.group = group;
    node.stage = stageOf(rest).value_or(DerivationStage::Other);
    node.row = group + "/" + std::to_string(static_cast<int>(node.stage));
    if (node.stage == DerivationStage::Keymat) {
        node.row += "/" + keymatBase(id);
        if (const auto it = m_directions.find(keymatBase(id)); it != m_directions.end()) node.caption = it->second;
    }
    m_byId.emplace(id, m_nodes.size());
    m_nodes.push_back(std::move(node));
    return m_nodes.back();
}

void DerivationTracker::addDerivation(const lab::LabEvent& event, lab::Site site, const ike::Derivation& d) {
    if (!stageOf(splitGroup(d.id).second)) return;
    DerivationNode& node = nodeFor(d.id, DerivationNode::Kind::Derivation);
    auto& at = node.sites[static_cast<std::size_t>(slot(site))];
    if (at) return; // computed again (a retransmission's answer): the first one stands
    ++node.revision;
    node.formula = d.formula;
    node.function = d.function;
    node.keyName = d.keyName;
    at = DerivedAtSite{static_cast<qsizetype>(event.index), copyOf(d.value), copyOf(d.data), d.inputs, d.keySource};
    m_byIndex[static_cast<qsizetype>(event.index)] = {static_cast<std::size_t>(&node - m_nodes.data()), site};
}

void DerivationTracker::addDh(const lab::LabEvent& event, lab::Site site, const ike::DhInfo& info) {
    const std::string& id = event.ike()->id;
    DhComputation dh{static_cast<qsizetype>(event.index), info.purpose,         info.group,
                     copyOf(info.privateValue),           info.ourPublic,       info.peerPublic,
                     copyOf(info.sharedSecret),           info.ourPublicSource, info.peerPublicSource};

    auto exchange = std::find_if(m_dh.begin(), m_dh.end(), [&id](const DhExchange& x) { return x.id == id; });
    if (exchange == m_dh.end()) {
        m_dh.push_back(DhExchange{id, {}});
        exchange = m_dh.end() - 1;
    }
    if (!exchange->sites[static_cast<std::size_t>(slot(site))])
        exchange->sites[static_cast<std::size_t>(slot(site))] = dh;

    // The shared secret is a node too: SKEYID_d, SKEYID_a, SKEYID_e (and KEYMAT with PFS) take it.
    DerivationNode& node = nodeFor(id, DerivationNode::Kind::DiffieHellman);
    auto& at = node.sites[static_cast<std::size_t>(slot(site))];
    if (at) return;
    ++node.revision;
    const crypto::DhGroupInfo group = crypto::dhGroupInfo(info.group);
    node.formula = group.isElliptic ? "x coordinate of (our private value) · (peer's public point)"
                                    : "(peer's public value)^(our private value) mod p";
    node.function = std::string(group.shortName);
    node.caption = QString::fromStdString(info.purpose);
    DerivedAtSite computed;
    computed.index = static_cast<qsizetype>(event.index);
    computed.value = dh.sharedSecret;
    // Inputs as a derivation would list them: the peer's public value (from its KE payload) and
    // our own, which went out in ours. The private value never leaves the site.
    computed.data = info.peerPublic;
    append(computed.data, info.ourPublic);
    computed.inputs = {ike::InputRef{"peer's public value", info.peerPublicSource, 0, info.peerPublic.size()},
                       ike::InputRef{"our public value", info.ourPublicSource, info.peerPublic.size(),
                                     info.ourPublic.size()}};
    computed.keySource = ike::Source::local("our private value (never sent)");
    at = std::move(computed);
    m_byIndex[static_cast<qsizetype>(event.index)] = {static_cast<std::size_t>(&node - m_nodes.data()), site};
}

void DerivationTracker::addChildSa(lab::Site site, const ike::ChildSaInfo& info) {
    // Each site's outbound SA carries its traffic to the other one.
    const QString out = site == lab::Site::A ? tr("A→B") : tr("B→A");
    const QString in = site == lab::Site::A ? tr("B→A") : tr("A→B");
    for (const auto& [keymatId, direction] :
         {std::pair{info.outbound.keymatId, out}, std::pair{info.inbound.keymatId, in}}) {
        if (keymatId.empty()) continue;
        m_directions[keymatId] = direction;
        for (DerivationNode& node : m_nodes)
            if (node.stage == DerivationStage::Keymat && node.caption != direction && keymatBase(node.id) == keymatId) {
                node.caption = direction;
                ++node.revision;
            }
    }
}

} // namespace ipseclab::ui
