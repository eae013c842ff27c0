// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the Keys inspector knows about the lab's keys: one node per derived value ("SKEYID_a",
// "KEYMAT.ESP.0x8411fbcc", the DH secret "g^xy") with what each site computed, the Diffie-Hellman
// computations in full, and where each IKE datagram sits on the timeline so an input can be
// followed to its packet field. Everything is copied out of the timeline's events as the
// controller reports them (docs/architecture.md "One timeline"); a reset clears it.

#include <QObject>
#include <QPalette>
#include <QString>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crypto/DhGroup.h"
#include "ike/Keymat.h"
#include "lab/LabEvent.h"

namespace ipseclab::ui {

class LabController;

// The rows of the derivation graph, in the order RFC 2409 derives them.
enum class DerivationStage {
    DiffieHellman,  // g^xy
    Skeyid,         // SKEYID
    SkeyidFamily,   // SKEYID_d, SKEYID_a, SKEYID_e
    EncryptionKey,  // Ka (and its K1, K2... when expanded), the phase-1 IV
    Authentication, // HASH_I, HASH_R
    QuickMode,      // IV.QM1, HASH(1), HASH(2), HASH(3), g(qm)^xy
    Keymat,         // KEYMAT.<protocol>.<SPI> (and its K1, K2...)
    Other,          // Informational hashes and IVs
};
QString stageTitle(DerivationStage stage);

// Where an input came from, in words: "MM3 › KE/Key Exchange Data (bytes 32–287)",
// "SKEYID_d", "the configured pre-shared key".
QString describeSource(const ike::Source& source);

// A link (`text` is HTML) drawn in the palette's link colour. Rich text takes its link colour when
// it is parsed, so the inspectors build their links with this and rebuild them when the palette
// changes (light ↔ dark).
QString linkHtml(const QString& href, const QString& text, const QPalette& palette);

// One site's computation of a node.
struct DerivedAtSite {
    qsizetype index = -1; // its timeline event
    Bytes value;
    Bytes data; // the exact bytes given to the prf or hash (or cut from); inputs index into it
    std::vector<ike::InputRef> inputs;
    ike::Source keySource;
};

struct DerivationNode {
    enum class Kind { Derivation, DiffieHellman };
    Kind kind = Kind::Derivation;
    std::string id;    // the engine's id, the same at both sites: "SKEYID_a", "QM#2.HASH(1)"
    std::string group; // the exchange it belongs to: "" for the first IKE SA and Quick Mode, "IKE#2", "QM#2"
    std::string row;   // nodes with the same row are drawn side by side (KEYMAT: one row per SPI)
    DerivationStage stage = DerivationStage::Other;
    std::string formula;
    std::string function; // "HMAC-SHA1", "SHA1", "" for a cut
    std::string keyName;  // the prf key, empty for a hash or a cut
    QString caption;      // KEYMAT: "A→B"; DH: "phase 1"
    int order = 0;        // appearance order
    int revision = 0;     // counts its changes: the graph redraws a node only when this moved
    std::array<std::optional<DerivedAtSite>, 2> sites; // [0] Site A, [1] Site B

    const DerivedAtSite* at(lab::Site site) const {
        const auto& s = sites[site == lab::Site::A ? 0 : 1];
        return s ? &*s : nullptr;
    }
    // The first site that computed it.
    const DerivedAtSite* first() const { return sites[0] ? &*sites[0] : sites[1] ? &*sites[1] : nullptr; }
    // nullopt until both sites have computed it; then whether they got the same bytes.
    std::optional<bool> agrees() const {
        if (!sites[0] || !sites[1]) return std::nullopt;
        return sites[0]->value == sites[1]->value;
    }
};

// One DhComputed event: a site's half of a Diffie-Hellman exchange.
struct DhComputation {
    qsizetype index = -1;
    std::string purpose; // "phase 1", "Quick Mode PFS"
    crypto::DhGroup group = crypto::DhGroup::Modp2048;
    Bytes privateValue; // empty when the engine did not reveal it
    Bytes ourPublic;
    Bytes peerPublic;
    Bytes sharedSecret;
    ike::Source ourPublicSource;
    ike::Source peerPublicSource;
};

struct DhExchange {
    std::string id; // "g^xy", "g(qm)^xy", "IKE#2.g^xy"
    std::array<std::optional<DhComputation>, 2> sites;
    const DhComputation* at(lab::Site site) const {
        const auto& s = sites[site == lab::Site::A ? 0 : 1];
        return s ? &*s : nullptr;
    }
    const DhComputation* first() const { return sites[0] ? &*sites[0] : sites[1] ? &*sites[1] : nullptr; }
};

class DerivationTracker : public QObject {
    Q_OBJECT
public:
    explicit DerivationTracker(LabController& controller, QObject* parent = nullptr);

    const std::vector<DerivationNode>& nodes() const { return m_nodes; }
    const DerivationNode* node(const std::string& id) const;
    // The node whose computation is timeline event `index`, and at which site.
    const DerivationNode* nodeAt(qsizetype index, lab::Site* site = nullptr) const;
    const std::vector<DhExchange>& dhExchanges() const { return m_dh; }
    // The timeline index of datagram `datagramId` as `site` sent it (or, failing that, received
    // it): what ike::Source::datagram refers to. Its offsets count as EventSelection::selectField's.
    std::optional<qsizetype> datagram(lab::Site site, const std::string& datagramId) const;

signals:
    void cleared();
    // Nodes appeared or a site added its value to one.
    void nodesChanged();
    void dhChanged();

private:
    void clear();
    void read(qsizetype first, qsizetype count);
    void addDerivation(const lab::LabEvent& event, lab::Site site, const ike::Derivation& derivation);
    void addDh(const lab::LabEvent& event, lab::Site site, const ike::DhInfo& info);
    void addChildSa(lab::Site site, const ike::ChildSaInfo& info);
    DerivationNode& nodeFor(const std::string& id, DerivationNode::Kind kind);

    LabController& m_controller;
    std::vector<DerivationNode> m_nodes;
    std::map<std::string, std::size_t> m_byId;
    std::map<qsizetype, std::pair<std::size_t, lab::Site>> m_byIndex;
    std::vector<DhExchange> m_dh;
    std::map<std::pair<int, std::string>, qsizetype> m_sent; // (site, datagram id) -> timeline index
    std::map<std::pair<int, std::string>, qsizetype> m_received;
    std::map<std::string, QString> m_directions; // KEYMAT id -> "A→B"
};

} // namespace ipseclab::ui
