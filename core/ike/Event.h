// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the IKE engine tells its caller (docs/architecture.md "One timeline"): every datagram
// sent or received with its annotations (and, encrypted, its plaintext), every state change, every
// derived key/IV/hash with formula, input bytes and references, DH computations, negotiation
// verdicts, established SAs with their keys, failures in a sentence a student understands,
// retransmissions, duplicates, notifications, deletes, DPD, lifetimes, NAT detection.
//
// Events are plain data (no callbacks). Those that carry secrets hold them as SecretBytes, so an
// Event moves; clone() copies one explicitly.
//
// Ids are stable, so a lesson can anchor on them. Phase-1 ids of the engine's first IKE SA have no
// prefix ("MM1.sent", "SKEYID_a", "state.MM_KEY_EXCH"); later IKE SAs are prefixed "IKE#2.". Quick
// Modes: the first one has no prefix ("QM1.sent", "HASH(1)", "KEYMAT.ESP.0x1234abcd",
// "QM.established"), later ones "QM#2.". Informational exchanges: "INFO.0x<M-ID>.sent".

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/Bytes.h"
#include "base/IkeEventKind.h"
#include "crypto/DhGroup.h"
#include "crypto/SecretBytes.h"
#include "ike/Algorithms.h"
#include "ike/Config.h"
#include "ike/Keymat.h"
#include "ike/Proposals.h"
#include "ike/Types.h"
#include "wire/Annotation.h"
#include "wire/IsakmpConstants.h"
#include "wire/IsakmpHeader.h"

namespace ipseclab::ike {

// Shared with IKEv2 (base/IkeEventKind.h).
using ikeevents::EventKind;
using ikeevents::eventKindName;

// One ISAKMP datagram as it went over the wire, explained.
struct DatagramInfo {
    std::string datagramId; // "MM3", "IKE#2.MM3", "QM#2.QM1", "INFO.0x1234abcd": what Source::id refers to
    std::string label;      // "MM3", "AM1", "QM2", "INFO"
    Endpoint from;
    Endpoint to;
    Bytes udpPayload;             // exactly as on the wire: the non-ESP marker first on port 4500
    std::size_t isakmpOffset = 0; // 4 when the marker precedes the ISAKMP message
    wire::IsakmpHeader header;
    bool isakmp = true; // false: dropped before it was read as ISAKMP (oversize, a keepalive, ESP on 4500)
    bool encrypted = false;
    Bytes iv;        // encrypted: the IV it was encrypted with
    Bytes plaintext; // encrypted and decrypted: payload chain + padding
    std::size_t paddingLength = 0;
    std::vector<std::string> payloads; // "HASH", "SA", "NONCE", "ID", "ID"
    bool decrypted = false;            // encrypted and the engine could decrypt it
    std::string note;                  // why it was dropped, or what was special about it

    // The annotated fields, produced by core's decoder when a view first asks: most datagrams
    // are never opened in an inspector, and annotating each one as it passes cost an exchange a
    // third of its time. Views still never parse on their own: they call these. The clear part:
    // the header and a clear message's payloads, offsets in udpPayload; for a datagram that failed
    // to decode, the fields before the fault.
    wire::Annotations annotations() const;
    // The decrypted payload chain and its padding, offsets in `plaintext`; empty if not decrypted.
    wire::Annotations plaintextAnnotations() const;
};

struct StateInfo {
    std::string sa;        // "IKE SA 0x<CKY-I>" or "Quick Mode 0x<M-ID>"
    std::string state;     // our state: "I: MM3 sent, waiting for MM4"
    std::string ciscoName; // MM_NO_STATE, MM_SA_SETUP, MM_KEY_EXCH, MM_KEY_AUTH, AG_NO_STATE, AG_INIT_EXCH,
                           // AG_AUTH, QM_IDLE; Quick Mode: QM_SPI_STARTING, QM_WAIT_QM3, QM_ESTABLISHED, QM_FAILED;
                           // DELETED
};

struct DhInfo {
    std::string purpose; // "phase 1" or "Quick Mode PFS"
    crypto::DhGroup group = crypto::DhGroup::Modp2048;
    crypto::SecretBytes privateValue; // ours, revealable for teaching
    Bytes ourPublic;
    Bytes peerPublic;
    crypto::SecretBytes sharedSecret; // g^xy, fixed length
    Source ourPublicSource;           // the KE field that carried ours
    Source peerPublicSource;          // and the peer's
};

struct NegotiationInfo {
    std::string exchange; // "phase 1" / "Quick Mode"
    Role role = Role::Responder;
    bool accepted = false;
    std::string chosen; // the agreed suite, in words
    std::vector<Refusal> refused;
};

struct NatInfo {
    bool weAreBehindNat = false;  // the peer's NAT-D of our address did not match
    bool peerIsBehindNat = false; // none of the peer's own NAT-D matched the address it came from
    bool forced = false;          // NAT-T forced (fake NAT-D) by us
    bool floating = false;        // moving to port 4500 with the non-ESP marker
    bool peerSupportsNatT = false;
};

struct IkeSaInfo {
    wire::Cookie initiatorCookie{};
    wire::Cookie responderCookie{};
    Role role = Role::Initiator;
    Phase1Mode mode = Phase1Mode::Main;
    Phase1Suite suite;
    Endpoint local;
    Endpoint remote;
    bool natT = false;
    Identity localId;
    Identity remoteId;
};

// One direction of a child SA: the SPI its receiver chose, and the keys cut from its KEYMAT
// (encryption key first, AES-GCM with its 4-byte salt; then the integrity key).
struct ChildSaDirection {
    std::uint32_t spi = 0;
    Endpoint source; // outer addresses (ports matter when UDP-encapsulated)
    Endpoint destination;
    crypto::SecretBytes keymat;
    crypto::SecretBytes encryptionKey;
    crypto::SecretBytes integrityKey;
    std::string keymatId; // the Derived event of its KEYMAT ("KEYMAT.ESP.0x1234abcd")
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    friend bool operator==(const ChildSaDirection&, const ChildSaDirection&) = default; // Peer::sameState
#endif
};

// NAT-OA (RFC 3947 §5.2): in transport mode through a NAT, the Quick Mode initiator's and
// responder's original addresses as the peer sent them (each as the peer saw it).
struct NatOriginalAddresses {
    std::optional<wire::Ipv4Address> initiator; // NAT-OAi
    std::optional<wire::Ipv4Address> responder; // NAT-OAr
    friend bool operator==(const NatOriginalAddresses&, const NatOriginalAddresses&) = default;
};

struct ChildSaInfo {
    ChildProtocol protocol = ChildProtocol::Esp;
    ChildSuite suite;
    std::uint8_t transformId = 0;
    std::optional<std::uint16_t> authenticationAlgorithm; // IKEv1 attribute value
    std::optional<std::uint16_t> keyLengthBits;
    wire::EncapsulationMode encapsulationMode = wire::EncapsulationMode::Tunnel;
    bool udpEncapsulated = false;
    bool esn = false;
    std::uint32_t lifetimeSeconds = 0;
    std::uint32_t lifetimeKilobytes = 0;
    std::optional<crypto::DhGroup> pfsGroup;
    Selector localSelector;
    Selector remoteSelector;
    Role quickModeRole = Role::Initiator;
    std::uint32_t messageId = 0;
    NatOriginalAddresses peerNatOa; // what the peer's QM1 or QM2 carried, if anything
    ChildSaDirection inbound;       // the peer sends, we receive: our SPI
    ChildSaDirection outbound;      // we send: the peer's SPI

    ChildSaInfo clone() const;
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    friend bool operator==(const ChildSaInfo&, const ChildSaInfo&) = default; // Peer::sameState
#endif
};

using ikeevents::FailureKind;
using ikeevents::failureKindName;

struct FailureInfo {
    FailureKind kind = FailureKind::Local;
    std::string sentence;                   // the explanation a student understands
    std::optional<wire::NotifyType> notify; // the RFC notify sent or received with it, if any
    std::string exchange;                   // "phase 1", "Quick Mode 0x..."
};

struct NotifyInfo {
    wire::NotifyType type = wire::NotifyType::InitialContact;
    wire::ProtocolId protocol = wire::ProtocolId::Isakmp;
    Bytes spi;
    Bytes data;
    bool authenticated = false; // inside a HASH-protected Informational exchange
    std::string meaning;
};

struct DeleteInfo {
    wire::ProtocolId protocol = wire::ProtocolId::IpsecEsp;
    std::vector<Bytes> spis;
    bool authenticated = false;
    bool known = true; // we had an SA for it
};

struct DpdInfo {
    enum class Step { RUThereSent, RUThereReceived, AckSent, AckReceived, Dead };
    Step step = Step::RUThereSent;
    std::uint32_t sequence = 0;
};

struct LifetimeInfo {
    enum class Stage { Soft, Hard };
    Stage stage = Stage::Soft;
    std::string sa;            // "IKE SA ...", "ESP SA 0x..."
    std::uint32_t seconds = 0; // the lifetime
    bool rekeying = false;     // autoRekey started a new exchange
};

// The SA an SaDeleted event ends: an IKE SA by its cookies, or a child SA pair by its SPIs — what
// its IkeSaEstablished or ChildSaEstablished event named it by.
struct SaDeletedInfo {
    enum class Sa { Ike, Child };
    Sa sa = Sa::Ike;
    wire::Cookie initiatorCookie{}; // Ike
    wire::Cookie responderCookie{};
    ChildProtocol protocol = ChildProtocol::Esp; // Child
    std::uint32_t inboundSpi = 0;                // ChildSaInfo::inbound.spi: ours
    std::uint32_t outboundSpi = 0;               // the peer's
};

struct Event {
    EventKind kind = EventKind::StateChanged;
    std::string id;
    Timestamp time{0};
    std::string text; // one line for a timeline
    std::variant<std::monostate, DatagramInfo, StateInfo, Derivation, DhInfo, NegotiationInfo, NatInfo, IkeSaInfo,
                 ChildSaInfo, FailureInfo, NotifyInfo, DeleteInfo, DpdInfo, LifetimeInfo, SaDeletedInfo>
        detail;

    template <typename T>
    const T* as() const {
        return std::get_if<T>(&detail);
    }
    Event clone() const;
};

} // namespace ipseclab::ike
