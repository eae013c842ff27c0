// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the IKEv2 engine tells its caller, in the shape of IKEv1's (ike/Event.h) and with its
// EventKind and FailureKind (base/IkeEventKind.h): every datagram sent or received (and its SK
// plaintext), every derived value with formula, input bytes and sources, the Diffie-Hellman
// computation, NAT detection, notifies, established SAs with their keys, failures named as RFC 7296
// names them.
//
// Ids are stable (a lesson anchors on them). The engine's first IKE SA has no prefix, later ones
// "IKE#2.": datagrams "IKE_SA_INIT.request", "IKE_AUTH.response" (a retry after INVALID_KE_PAYLOAD
// or COOKIE: "IKE_SA_INIT#2.request"; the n-th INFORMATIONAL an SA starts or answers:
// "INFORMATIONAL#n.request"), events "<datagram>.sent" / ".received"; keys as ikev2/Keymat.h names
// them ("SKEYSEED", "SK_ei", "AUTH_I", "KEYMAT.encryption_initiator"). A responder's stateless
// refusal of an IKE_SA_INIT has its own prefix, "refusal#n." ("refusal#1.IKE_SA_INIT.COOKIE").

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/Bytes.h"
#include "base/IkeEventKind.h"
#include "base/Timestamp.h"
#include "crypto/Derivation.h"
#include "crypto/DhGroup.h"
#include "crypto/SecretBytes.h"
#include "ikev2/Algorithms.h"
#include "ikev2/Config.h"
#include "ikev2/Keymat.h"
#include "wire/Annotation.h"
#include "wire/Ikev2Header.h"

namespace ipseclab::ikev2 {

using ikeevents::EventKind;
using ikeevents::FailureKind;
using ipseclab::Timestamp;

// One IKEv2 datagram as it went over the wire, explained.
struct DatagramInfo {
    std::string datagramId; // "IKE_AUTH.request": what Source::id refers to
    std::string label;      // "IKE_SA_INIT request"
    Endpoint from;
    Endpoint to;
    Bytes udpPayload; // the IKE message exactly as on the wire
    wire::ikev2::Header header;
    bool decoded = false;   // the header and payload chain decoded
    bool encrypted = false; // it carries an SK payload
    bool decrypted = false; // ... whose ICV verified and which decrypted
    wire::ikev2::PayloadType firstInner = wire::ikev2::PayloadType::None;
    Bytes plaintext; // decrypted: the inner payloads (padding and pad length removed)
    // "SA", "KE", "No", "N(NAT_DETECTION_SOURCE_IP)"; a protected message's inner ones, once decrypted
    // ("IDi", "AUTH", ...), in place of "SK", as IKEv1's DatagramInfo lists its decrypted payloads.
    std::vector<std::string> payloads;
    std::string note; // why it was dropped, or what was special about it

    // The annotated fields, made by core's decoder when a view asks (views never parse): the clear
    // message, offsets in udpPayload; the decrypted inner payloads, offsets in `plaintext`.
    wire::Annotations annotations() const;
    wire::Annotations plaintextAnnotations() const;
};

struct DhInfo {
    crypto::DhGroup group = crypto::DhGroup::Modp2048;
    crypto::SecretBytes privateValue; // ours, revealable for teaching
    Bytes ourPublic;
    Bytes peerPublic;
    crypto::SecretBytes sharedSecret; // g^ir, fixed length
    crypto::Source ourPublicSource;   // the KE field that carried ours
    crypto::Source peerPublicSource;
};

struct NatInfo {
    bool weAreBehindNat = false;  // NAT_DETECTION_DESTINATION_IP did not match the address it came to
    bool peerIsBehindNat = false; // NAT_DETECTION_SOURCE_IP did not match the address it came from
};

struct NegotiationInfo {
    std::string exchange; // "IKE_SA_INIT", "IKE_AUTH child SA"
    Side role = Side::Responder;
    bool accepted = false;
    std::string chosen; // the agreed suite, in words
};

struct IkeSaInfo {
    wire::ikev2::Spi spiI{};
    wire::ikev2::Spi spiR{};
    Side role = Side::Initiator;
    IkeSuite suite;
    Endpoint local;
    Endpoint remote;
    Identity localId;
    Identity remoteId;
};

// One direction of a child SA: the SPI its receiver chose, and its keys cut from KEYMAT.
struct ChildSaDirection {
    std::uint32_t spi = 0;
    Endpoint source;
    Endpoint destination;
    crypto::SecretBytes encryptionKey; // AES-GCM: key | 4-byte salt
    crypto::SecretBytes integrityKey;  // empty with AES-GCM
    std::string encryptionKeyId;       // the Derived events ("KEYMAT.encryption_initiator")
    std::string integrityKeyId;
};

struct ChildSaInfo {
    ChildSuite suite;
    Selector localSelector; // the narrowed traffic selectors, our side first
    Selector remoteSelector;
    Side role = Side::Initiator; // of the exchange that made it
    ChildSaDirection inbound;    // the peer sends, we receive: our SPI
    ChildSaDirection outbound;   // we send: the peer's SPI

    ChildSaInfo clone() const;
};

struct FailureInfo {
    FailureKind kind = FailureKind::Local;
    std::string sentence;                          // the explanation a student understands
    std::optional<wire::ikev2::NotifyType> notify; // the RFC notify sent or received with it
    std::string exchange;                          // "IKE_SA_INIT", "IKE_AUTH"
    bool authenticated = false;                    // the notify came (or went) inside a verified SK payload
};

struct NotifyInfo {
    wire::ikev2::NotifyType type = wire::ikev2::NotifyType::InitialContact;
    Bytes data;
    bool authenticated = false;
    std::string meaning;
};

struct StateInfo {
    std::string sa;    // "IKE SA 0x<SPIi>"
    std::string state; // "I: IKE_AUTH sent, waiting for its response"
};

struct Event {
    EventKind kind = EventKind::StateChanged;
    std::string id;
    Timestamp time{0};
    std::string text; // one line for a timeline
    std::variant<std::monostate, DatagramInfo, StateInfo, Derivation, DhInfo, NegotiationInfo, NatInfo, IkeSaInfo,
                 ChildSaInfo, FailureInfo, NotifyInfo>
        detail;

    template <typename T>
    const T* as() const {
        return std::get_if<T>(&detail);
    }
};

} // namespace ipseclab::ikev2
