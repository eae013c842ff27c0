// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Internal to core/ike: the state of a Peer and the services its exchanges share (the role of
// strongSwan's task_manager_v1: routing, retransmission, duplicates; plus event and datagram
// helpers). The Engine is split by job: EngineRouting.cpp (input to the right exchange, duplicates),
// EngineTimers.cpp (retransmission and the timer tables), EngineEvents.cpp (event recording),
// EngineCommands.cpp (Peer's commands), Engine.cpp (sending, SA bookkeeping, helpers). The exchanges
// live in their own files, as strongSwan splits them: MainMode.cpp, AggressiveMode.cpp, Phase1.cpp
// (what both share), QuickMode.cpp, Informational.cpp (notifications, delete, DPD), NatT.cpp. Each
// exchange handler reads (checks the payloads against const state) and then answers. Not for use
// outside core/ike.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/Fifo.h"
#include "crypto/DiffieHellman.h"
#include "crypto/RandomSource.h"
#include "crypto/SecretBytes.h"
#include "ike/Config.h"
#include "ike/Event.h"
#include "ike/IvChain.h"
#include "ike/Keymat.h"
#include "ike/Peer.h"
#include "ike/Proposals.h"
#include "ike/Protection.h"
#include "ike/Sourced.h"
#include "wire/IsakmpCodec.h"

namespace ipseclab::ike::detail {

// A request we sent and retransmit with back-off until it is answered. When the next retransmission
// is due is a timer: phase 1's in the IKE SA's table (IkeTimer::Retransmit), a Quick Mode's in its own
// (QmTimer::Retransmit); the request is outstanding while that timer is set.
struct Request {
    Transmit transmit;
    int retransmits = 0;
    Timestamp wait{0}; // the current back-off interval

    friend bool operator==(const Request&, const Request&) = default;
};

// The timers of one SA or exchange in a table (quinn-proto's TimerTable): each kind is set to a
// time or not, and its next timeout is the earliest one set.
template <typename Kind, std::size_t N>
class TimerTable {
public:
    void set(Kind kind, Timestamp at) { m_at[index(kind)] = at; }
    void stop(Kind kind) { m_at[index(kind)].reset(); }
    std::optional<Timestamp> get(Kind kind) const { return m_at[index(kind)]; }
    bool expired(Kind kind, Timestamp now) const { return m_at[index(kind)] && *m_at[index(kind)] <= now; }
    std::optional<Timestamp> next() const {
        std::optional<Timestamp> earliest;
        for (const auto& at : m_at)
            if (at && (!earliest || *at < *earliest)) earliest = at;
        return earliest;
    }

private:
    static std::size_t index(Kind kind) { return static_cast<std::size_t>(kind); }
    std::array<std::optional<Timestamp>, N> m_at{};

    friend bool operator==(const TimerTable&, const TimerTable&) = default;
};

// An IKE SA's timers, in the order handleTimeout() serves them; its Quick Modes' retransmissions
// come right after phase 1's.
enum class IkeTimer { Retransmit, Dpd, HalfOpen, SoftLifetime, HardLifetime };
inline constexpr std::array kIkeTimers{IkeTimer::Retransmit, IkeTimer::Dpd, IkeTimer::HalfOpen, IkeTimer::SoftLifetime,
                                       IkeTimer::HardLifetime};
// A Quick Mode's timer sits in a table of its own, not in the IKE SA's under its Message ID: several
// Quick Modes run at once on one IKE SA, each waiting for its own answer, and the table ends with
// the Quick Mode, so no timer can outlive the exchange it belongs to.
enum class QmTimer { Retransmit };
enum class ChildTimer { SoftLifetime, HardLifetime };

// A request we answered: a byte-identical copy gets the same answer again.
struct Answer {
    Bytes request;         // the ISAKMP bytes of the request
    std::string requestId; // its datagram id ("MM3")
    Transmit transmit;

    friend bool operator==(const Answer&, const Answer&) = default;
};

// A datagram already processed, for duplicates and replays.
struct Seen {
    Bytes bytes;
    std::string datagramId;

    friend bool operator==(const Seen&, const Seen&) = default;
};

enum class P1State {
    Start,         // nothing exchanged yet
    MmI1,          // initiator: MM1 sent, waiting for MM2
    MmI2,          // initiator: MM3 sent, waiting for MM4
    MmI3,          // initiator: MM5 sent, waiting for MM6
    MmR1,          // responder: MM2 sent, waiting for MM3
    MmR2,          // responder: MM4 sent, waiting for MM5
    AmI1,          // initiator: AM1 sent, waiting for AM2
    AmR1,          // responder: AM2 sent, waiting for AM3
    Authenticated, // the peer's HASH verified; completing (MM_KEY_AUTH / AG_AUTH)
    Established,   // QM_IDLE
    Failed,
    Deleted,
};

enum class QmState { I1Sent, R2Sent, Established, Failed };

// One received datagram, its header decoded.
struct Inbound {
    ByteView udpPayload;    // the datagram handle() was given, which outlives it
    std::size_t offset = 0; // of the ISAKMP message (4 behind the non-ESP marker)
    Endpoint from;
    Endpoint to;
    bool onNatTPort = false;
    wire::IsakmpMessage message;
    bool decoded = false;                 // read as ISAKMP (successfully or not)
    mutable bool consumed = false;        // a handler accepted it for processing (DatagramReceived recorded)
    mutable bool unauthenticated = false; // it did not decrypt or verify: it changed nothing and is not remembered
    mutable std::string datagramId;       // as recorded

    ByteView isakmp() const { return udpPayload.subspan(offset); }
};

// A decoded chain and the datagram it came from, for Sources (where each input sits).
struct MsgRef {
    std::string datagramId;
    const wire::PayloadChain* chain = nullptr;
    bool plaintext = false; // offsets count in the decrypted chain, not after the 28-byte header
};

struct QuickMode {
    std::uint32_t messageId = 0;
    Role role = Role::Initiator;
    int ordinal = 1;
    std::string prefix; // "" or "QM#2."
    QmState state = QmState::I1Sent;
    Timestamp started{0};

    wire::SaPayload offer; // initiator: what we proposed
    std::optional<ChildAgreement> agreement;
    Sourced<Bytes> ourSpi;               // the SPI we chose (our inbound)
    Sourced<Bytes> peerSpi;              // the SPI the peer chose (our outbound)
    std::vector<Source> offerSpiSources; // initiator: the SPI field of each proposal in QM1
    Bytes espSpi, ahSpi;                 // initiator: the SPIs in our offer
    Sourced<Bytes> ni, nr;               // the QM initiator's nonce and the responder's, whoever we are
    std::optional<crypto::DiffieHellman> dh;
    Sourced<Bytes> gi, gr;   // QM KE bodies (PFS), the initiator's and the responder's
    crypto::SecretBytes gxy; // g(qm)^xy
    Selector local, remote;  // our view: local = our network
    Bytes idciBody, idcrBody;
    bool idsPresent = true;
    std::optional<std::uint32_t> responderLifetimeSeconds;
    std::optional<std::uint32_t> responderLifetimeKilobytes;
    NatOriginalAddresses peerNatOa; // NAT-OAi and NAT-OAr from the peer's QM1 / QM2
    bool rekey = false;
    // An authenticated NO-PROPOSAL-CHOSEN / INVALID-ID-INFORMATION that named no exchange (charon
    // sends SPI 0 in an Informational of its own): it cancels nothing, but names the timeout.
    std::optional<wire::NotifyType> unnamedRefusal;

    Request request; // initiator: QM1 waiting for QM2; responder: QM2 waiting for QM3
    TimerTable<QmTimer, 1> timers;

    std::string name() const;
    std::string id(const std::string& what) const { return prefix + what; }
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    friend bool operator==(const QuickMode&, const QuickMode&) = default;
#endif
};

struct ChildSa {
    ChildSaInfo info;
    wire::Cookie ckyI{}; // the IKE SA that made it
    Identity peerId;     // that IKE SA's authenticated peer: INITIAL-CONTACT matches by it
    Timestamp established{0};
    TimerTable<ChildTimer, 2> timers;
    std::string prefix;
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    friend bool operator==(const ChildSa&, const ChildSa&) = default;
#endif
};

// The Message IDs of the last `capacity` exchanges of a kind, the oldest forgotten first: a window
// that bounds memory where a Message ID need not stay spent for the IKE SA's whole life.
class RecentMessageIds {
public:
    explicit RecentMessageIds(std::size_t capacity) : m_capacity(capacity) {}
    bool contains(std::uint32_t id) const { return m_ids.count(id) != 0; }
    std::size_t size() const { return m_ids.size(); }
    void add(std::uint32_t id) {
        if (!m_ids.insert(id).second) return;
        if (m_order.size() < m_capacity) {
            m_order.push_back(id);
            return;
        }
        const std::uint32_t evicted = m_capacity ? std::exchange(m_order[m_oldest], id) : id;
        m_ids.erase(evicted);
        if (m_capacity) m_oldest = (m_oldest + 1) % m_capacity;
    }

private:
    std::size_t m_capacity;
    // In the order they came; once full, a ring whose oldest (the next to go) is at m_oldest. Not a
    // deque: an empty one allocates, on every copy of an IKE SA (the fuzz build's snapshots).
    std::vector<std::uint32_t> m_order;
    std::size_t m_oldest = 0;
    std::set<std::uint32_t> m_ids;

    friend bool operator==(const RecentMessageIds&, const RecentMessageIds&) = default;
};

// How many DPD Informationals (ours, and the peer's) keep their Message IDs recognised as replays
// before their sequence numbers alone must (Dpd, informational::handle).
inline constexpr std::size_t kDpdWindow = 256;

// An IKE SA's messaging state: what we wait an answer for, what we answered, what we have seen.
// Only messages that were accepted (in clear in phase 1, or decrypted and verified) enter these, so
// junk can evict nothing.
struct Messaging {
    Request request;             // our last phase-1 request (pending while IkeTimer::Retransmit is set)
    std::vector<Answer> answers; // recent answers, for retransmitted requests
    std::vector<Seen> seen;      // recent datagrams received, for duplicates
    // Message IDs of Quick Modes and of Informationals other than DPD's: they stay spent for the IKE
    // SA's life. Ours are never used twice; another message on one of the peer's (an exchange it
    // started and that authenticated) is a replay, however long ago it came.
    std::set<std::uint32_t> usedMessageIds;
    std::set<std::uint32_t> peerMessageIds;
    // DPD's (an R-U-THERE and its ACK every few seconds, for days) are kept in a window only. That is
    // safe: a DPD message does nothing but answer, end our pending R-U-THERE or (when fresh) move the
    // peer, and an older one is known by its sequence number (RFC 3706 §7, informational::handle).
    RecentMessageIds ourDpdMessageIds{kDpdWindow};
    RecentMessageIds peerDpdMessageIds{kDpdWindow};

    friend bool operator==(const Messaging&, const Messaging&) = default;
};
// How many exchanges other than DPD the peer may start on one IKE SA (bounds peerMessageIds, which
// forgets none); beyond, its new ones are dropped and it needs a new IKE SA. An IKE SA lives
// hours (a rekey costs a Quick Mode and a Delete: months of hourly rekeys stay below); DPD does not count.
inline constexpr std::size_t kMaxPeerExchanges = 10000;

// Dead peer detection (RFC 3706); IkeTimer::Dpd runs while an R-U-THERE is pending.
struct Dpd {
    std::uint32_t first = 0;               // our first R-U-THERE's sequence number: ours run from it to `sequence`
    std::uint32_t sequence = 0;            // the next R-U-THERE's (0: not started)
    std::optional<std::uint32_t> peerLast; // the sequence number of the peer's last R-U-THERE we answered
    std::optional<std::uint32_t> pending;
    int retries = 0;

    friend bool operator==(const Dpd&, const Dpd&) = default;
};

// The keys of phase 1 (RFC 2409 §5), wiped together when the IKE SA goes.
struct Phase1Keys {
    crypto::SecretBytes gxy, skeyid, skeyidD, skeyidA, skeyidE, ka;

    void wipe() {
        for (crypto::SecretBytes* secret : {&gxy, &skeyid, &skeyidD, &skeyidA, &skeyidE, &ka}) secret->wipe();
    }
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    friend bool operator==(const Phase1Keys&, const Phase1Keys&) = default;
#endif
};

struct IkeSa {
    int ordinal = 1;
    std::string prefix; // "" or "IKE#2."
    Role role = Role::Initiator;
    Phase1Mode mode = Phase1Mode::Main;
    P1State state = P1State::Start;
    wire::Cookie ckyI{};
    wire::Cookie ckyR{};
    Endpoint local;
    Endpoint remote;
    Timestamp created{0};
    Timestamp establishedAt{0};

    // NAT-T and DPD support, learned from vendor IDs and NAT-D.
    bool peerNatT = false;
    std::optional<Bytes> natTDraftVid; // the peer sent a NAT-T draft's VID but not RFC 3947's: we answer in kind
    bool peerDpd = false;
    bool natDetected = false;
    bool floated = false;
    bool behindNat = false; // NAT-D: our own address is translated: we never move the peer (RFC 3947 §7)

    wire::SaPayload offer; // initiator: what we proposed
    std::optional<Phase1Suite> suite;
    std::optional<crypto::DiffieHellman> dh;
    // The phase-1 material, each value with the field it travelled in (the cookies' fields are
    // always the same: phase1::cookiePart). SAi_b is the initiator's SA body as sent.
    Sourced<Bytes> saiB, gxi, gxr, ni, nr, idiiB, idirB;
    Phase1Keys keys;
    IvChain iv;
    Source ivBaseSource; // the last phase-1 ciphertext block (datagram field)
    Identity peerId;

    Messaging messages;
    std::optional<wire::NotifyType> peerError; // an unauthenticated error notify received while waiting
    bool unreadableAnswer = false;             // an encrypted Informational came instead of MM6 (keys differ?)
    // What made the peer's MM5/MM6/AM3 (or AM2) unusable: "message 5 did not decrypt to valid payloads",
    // "HASH_R in message 2 did not verify". Dropped, not a verdict: the keys probably differ.
    std::string unreadable;
    // Why the clear MM2/AM2 (SA) or MM3/MM4 (KE, nonce) that came could not be used: dropped, named
    // at the timeout if no usable one came.
    std::string refusedReply;
    // The kinds ("MM5.unreadable", "MM3.unacceptable") of datagrams that did not authenticate we
    // answered with a clear notify already: only the first of each kind is answered, so a forger
    // cannot make us send a datagram for each of its own.
    std::set<std::string> answeredUnauthenticated;
    bool quickModeWhenEstablished = false;
    bool peerInitialContact = false; // the peer's MM5 said INITIAL-CONTACT: our older SAs with it are stale

    std::map<std::uint32_t, QuickMode> quickModes;

    Dpd dpd;
    TimerTable<IkeTimer, kIkeTimers.size()> timers;

    crypto::HashAlgorithm hash() const { return suite ? suite->hash : crypto::HashAlgorithm::Sha1; }
    crypto::CipherAlgorithm cipher() const { return suite ? suite->cipher : crypto::CipherAlgorithm::Aes128Cbc; }
    std::string name() const; // "IKE SA 0x<CKY-I>"
    // CKY-I | CKY-R: the ISAKMP SA's SPI in its notifications and Deletes (RFC 2408 §3.15, §3.14).
    Bytes isakmpSpi() const;
    std::string id(const std::string& what) const { return prefix + what; }
    bool established() const { return state == P1State::Established; }
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    friend bool operator==(const IkeSa&, const IkeSa&) = default;
#endif
};

#ifdef IPSECLAB_FUZZ_SNAPSHOT
// The fuzz build's copies of an engine (Peer::snapshot) share each IKE SA until one of them changes
// it: every path that hands out an IkeSa to change goes through Engine::own(), which copies an SA
// still shared first. A copy costs a reference count per SA then, not the SA's every member.
using IkeSaHandle = std::shared_ptr<IkeSa>;
#else
using IkeSaHandle = std::unique_ptr<IkeSa>;
#endif

class Engine {
public:
    Engine(PeerConfig config, crypto::RandomSource& random);
#ifdef IPSECLAB_FUZZ_SNAPSHOT
    // The fuzz build's copy (Peer::snapshot, EngineSnapshot.cpp), drawing on `random` from then on.
    // A member added to Engine is copied there too.
    Engine(const Engine& other, crypto::RandomSource& random);
    // Whether `other` is in the same state: everything the copy takes but the configuration, the
    // random source (its position is the caller's to compare) and the events not yet polled. The
    // comparisons the structs above define in the fuzz build serve this.
    bool sameState(const Engine& other) const;
#endif

    PeerConfig config;
    crypto::RandomSource& random;
    Fifo<Transmit> transmits;
    Fifo<Event> events;
    int ikeOrdinal = 0;
    int qmOrdinal = 0;
    Timestamp now{0};

    // ---- entry points (Peer forwards here) ----
    void handle(ByteView datagram, const Endpoint& from, const Endpoint& to, Timestamp at);
    void handleTimeout(Timestamp at);
    std::optional<Timestamp> nextTimeout() const;
    Result<void> initiate(Timestamp at);
    Result<void> startQuickMode(Timestamp at);
    Result<void> deleteChildSa(std::uint32_t inboundSpi, Timestamp at);
    Result<void> deleteIkeSa(Timestamp at);
    Result<void> sendDpd(Timestamp at);

    // ---- events ----
    void record(EventKind kind, std::string id, std::string text, decltype(Event::detail) detail = {});
    // Records a Derivation as an event and hands back its value.
    crypto::SecretBytes recordDerived(Derivation d);
    void recordFailure(FailureKind kind, const std::string& id, std::string sentence,
                       std::optional<wire::NotifyType> notify, std::string exchange);
    void setState(IkeSa& sa, P1State state, const std::string& cisco = {});
    void setQmState(IkeSa& sa, QuickMode& qm, QmState state);
    void recordDropped(const Inbound& in, std::string id, std::string reason);
    // A datagram that did not decrypt or verify: a Dropped event saying so, never a Failure; `in` is
    // marked so that no cache remembers it. The exchange it claims to belong to goes on.
    void recordUnauthenticated(const Inbound& in, const std::string& id, const std::string& reason);
    void recordReceived(const Inbound& in, const std::string& datagramId, const std::string& label,
                        const OpenedMessage* opened = nullptr, ByteView iv = {}, const std::string& note = {});

    // A local failure (our own encoding or crypto went wrong; nothing the peer did), recorded.
    void recordLocalFailure(const std::string& id, const std::string& sentence, const std::string& exchange);
    // Our own message `label` could not be encoded or encrypted: a local failure; nothing is sent.
    void recordUnsent(const IkeSa& sa, const std::string& label, const Error& error,
                      const std::string& exchange = "phase 1");

    // ---- sending ----
    // Each builds the Transmit for an ISAKMP message (marker on the NAT-T port), queues it and
    // records DatagramSent. send: in clear on this SA's current endpoints.
    Transmit send(IkeSa& sa, Bytes isakmp, const std::string& datagramId, const std::string& label);
    // Phase 1's request in clear, retransmitted with back-off until it is answered.
    Transmit sendRequest(IkeSa& sa, Bytes isakmp, const std::string& datagramId, const std::string& label);
    // An encrypted message (its plaintext and IV recorded).
    Transmit sendSealed(IkeSa& sa, const SealedMessage& sealed, ByteView iv, const std::string& datagramId,
                        const std::string& label);
    // An encrypted request, retransmitted with back-off until it is answered: phase 1's (MM5), or
    // with `qm`, that Quick Mode's.
    Transmit sendSealedRequest(IkeSa& sa, const SealedMessage& sealed, ByteView iv, const std::string& datagramId,
                               const std::string& label);
    Transmit sendSealedRequest(IkeSa& sa, QuickMode& qm, const SealedMessage& sealed, ByteView iv,
                               const std::string& datagramId, const std::string& label);
    // In clear to explicit endpoints (answers to a peer we have no usable SA with).
    Transmit sendTo(const Endpoint& from, const Endpoint& to, Bytes isakmp, const std::string& datagramId,
                    const std::string& label);
    void rememberAnswer(IkeSa& sa, const Inbound& request, const Transmit& answer);
    wire::IsakmpHeader header(const IkeSa& sa, wire::ExchangeType type, std::uint32_t messageId) const;
    Result<SealedMessage> seal(IkeSa& sa, wire::ExchangeType type, std::uint32_t messageId,
                               std::span<const wire::Payload> payloads, ByteView iv);

    // ---- helpers ----
    // Where a field sits, named by its key (wire/Field.h): `field` of the nth payload of `type`
    // (its whole body when empty), or a header field.
    Source source(const MsgRef& ref, wire::PayloadType type, const std::string& field, std::size_t nth = 0) const;
    Source headerSource(const std::string& datagramId, const std::string& field, std::size_t offset,
                        std::size_t length) const;
    wire::Cookie newCookie();
    // A fresh Message ID for an exchange of ours; `dpd`: an R-U-THERE or its ACK (kept in a window only).
    std::uint32_t newMessageId(IkeSa& sa, bool dpd = false);
    // The peer started its kMaxPeerExchanges-th exchange other than DPD: `in` is dropped (recorded).
    bool peerExchangesExhausted(IkeSa& sa, const Inbound& in);
    Bytes newSpi();
    IkeSa* find(const wire::Cookie& ckyI, const wire::Cookie& ckyR);
    IkeSa* newestEstablished();
    // Whether we hold an established IKE SA other than `except`, or any child SA, with `peer`.
    bool holdsSaWith(const wire::Ipv4Address& peer, const IkeSa& except) const;
    IkeSa& createSa(Role role, Phase1Mode mode);
    // Why a new responder SA for `peer` would exceed a half-open cap (PeerConfig), or nothing; at
    // the total cap the oldest SA still waiting for MM3/AM3 is forgotten to make room (base/HalfOpenLimit.h).
    std::optional<std::string> halfOpenRefusal(const wire::Ipv4Address& peer);
    void removeSa(IkeSa& sa, const std::string& why);
    // Every SA with the peer authenticated as `peer` but `except` and its child SAs, IKE and child,
    // forgotten without a Delete. By identity, not address: two clients behind one NAT share an address.
    void removeSasOf(const Identity& peer, const IkeSa& except, const std::string& why);
    void addChild(ChildSa child);
    // The child SA of `protocol` that IKE SA `owner` made, whose outbound SPI (the one the peer
    // receives on) is `spi`, by index.
    std::optional<std::size_t> findChildByOutboundSpi(std::uint32_t spi, wire::ProtocolId protocol,
                                                      const IkeSa& owner) const;
    void removeChild(std::size_t index, const std::string& why, bool sendDelete);
    // Read-only views for Peer and the tests; the exchanges go through the methods above.
    const std::vector<IkeSaHandle>& ikeSas() const { return sas; }
    const std::vector<ChildSa>& childSas() const { return children; }
    void scheduleLifetimes(IkeSa& sa);
    bool detailed() const { return config.detailedEvents; }

    // Erases the SAs marked Deleted (never while a handler holds a reference).
    void purge();

    // A clear message of ours decoded once: the exchange reads its Sources from it, then sendTo()
    // reuses it instead of decoding the same bytes again.
    struct OwnDecoded {
        Bytes bytes;
        wire::IsakmpMessage message;
    };
    std::optional<OwnDecoded> ownDecoded;
    const wire::PayloadChain* decodeOwn(ByteView clearMessage);

private:
    std::vector<IkeSaHandle> sas;
    std::vector<ChildSa> children;

    // `sa`, to change: in the fuzz build, first copied if a snapshot shares it (IkeSaHandle).
    static IkeSa& own(IkeSaHandle& sa) {
#ifdef IPSECLAB_FUZZ_SNAPSHOT
        if (sa.use_count() > 1) sa = std::make_shared<IkeSa>(std::as_const(*sa));
#endif
        return *sa;
    }

    // Whether any of the SA's timers (or its Quick Modes') has expired: serveTimers would act.
    bool timerDue(const IkeSa& sa) const;
    void serveTimers(IkeSa& sa);
    void serveTimer(IkeSa& sa, IkeTimer kind);
    void serveQuickModeTimers(IkeSa& sa);
    void serveChildTimers();
    void onRetransmitTimeout(IkeSa& sa);
    void onQuickModeRetransmitTimeout(IkeSa& sa, QuickMode& qm);
    void onDpdTimeout(IkeSa& sa);
    void onHalfOpenTimeout(IkeSa& sa);
    void onSoftLifetimeTimeout(IkeSa& sa);
    void onHardLifetimeTimeout(IkeSa& sa);
    void onChildSoftLifetimeTimeout(ChildSa& child);
    void onChildHardLifetimeTimeout(std::size_t index);
    Transmit queue(const Endpoint& from, const Endpoint& to, Bytes isakmp, const std::string& datagramId,
                   const std::string& label, const SealedMessage* sealed, ByteView iv);
    // Starts `request`'s back-off with `transmit`; returns when its first retransmission is due.
    Timestamp arm(Request& request, const Transmit& transmit);
    // A command that cannot run: recorded as a local failure, `why` returned.
    Result<void> refuseCommand(const std::string& sentence, const std::string& why, const std::string& exchange);
    void route(Inbound& in);
    IkeSa* findResponding(const wire::Cookie& ckyI);     // our responder SA for an initiator's cookie
    IkeSa* findAwaitingCookie(const wire::Cookie& ckyI); // our initiator SA still without CKY-R
    void acceptFirst(Inbound& in);
    bool answerAgain(IkeSa& sa, const Inbound& in);
    bool ignoreSeen(IkeSa& sa, const Inbound& in);
    bool ignoreReplayedExchange(IkeSa& sa, const Inbound& in);
    void dispatch(IkeSa& sa, Inbound& in);
    // Sends `request` again, recorded; returns when the next retransmission is due.
    Timestamp retransmit(Request& request, const std::string& what);
    void phase1TimedOut(IkeSa& sa);
    void quickModeTimedOut(IkeSa& sa, QuickMode& qm);
};

// ---- the exchanges ----
// What is wrong with a nonce of `length` bytes, RFC 2409 §5's 8 to 256 ("has 4 bytes, not 8 to 256
// (RFC 2409 §5)"), or "" when it is fine: one check for every mode's messages.
std::string nonceLengthProblem(std::size_t length);

namespace phase1 {
wire::SaPayload offer(const Engine& engine, std::optional<crypto::DhGroup> onlyGroup = std::nullopt);
void addVendorIds(const Engine& engine, const IkeSa& sa, std::vector<wire::Payload>& payloads, bool natT);
void readVendorIds(IkeSa& sa, const wire::PayloadChain& chain);
// Our phase-1 key pair (sa.dh); its public value is stored as g^xi or g^xr once it is sent.
Result<void> generateDh(Engine& engine, IkeSa& sa);
// CKY-I (`of` the initiator) or CKY-R as a keymat input: from the header of phase 1's first message
// (MM1, AM1) or its second (MM2, AM2), where each cookie first travels.
Part cookiePart(const Engine& engine, const IkeSa& sa, Role of);
// g^xy from our key pair and the peer's public value `peerPublic`, computed once per message (the
// caller hands it to deriveKeys), or why that value is unusable ("the initiator's Diffie-Hellman
// value was unusable (...)").
Result<crypto::SecretBytes> sharedSecret(const IkeSa& sa, ByteView peerPublic);
// `gxy` (sharedSecret above, on the peer's g^xr or g^xi kept in the SA), SKEYID.., Ka and the
// phase-1 IV, each recorded.
void deriveKeys(Engine& engine, IkeSa& sa, crypto::SecretBytes gxy);
// HASH_I (from the initiator) or HASH_R, recorded.
crypto::SecretBytes authHash(Engine& engine, IkeSa& sa, Role of);
wire::Payload idPayload(const Identity& identity);
Identity identityOf(const wire::IdPayload& id);
Bytes nonce(Engine& engine);
// Phase 1 is up: state, event, lifetimes, a pending Quick Mode; after INITIAL-CONTACT, the
// older SAs with the peer removed. `answered`: the last message was answered (MM6 to MM5, AM3 to
// AM2) and that answer, the newest stored, is the only one a retransmission may still ask for.
void established(Engine& engine, IkeSa& sa, bool answered);
// A phase-1 message that does not fit the SA's state, dropped and recorded; `what`: "a Main Mode message".
void outOfOrder(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& what);
// MM2/AM2, not yet authenticated, refused without a change of state (the drop recorded): a zero
// responder cookie, or (`nonceLength`, AM2) a nonce outside 8..256 bytes. False: it may be read.
bool droppedReply(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& label,
                  std::optional<std::size_t> nonceLength = std::nullopt);
// A clear MM2/AM2 whose SA we cannot accept, or MM3/MM4 whose KE or nonce we cannot use (`why`),
// dropped unauthenticated: nothing changes, the reason is kept to name the failure should no usable
// one come before the timeout; answered with `answer`, if any (answerUnauthenticated below).
void dropUnacceptableReply(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& label,
                           const std::string& why, std::optional<wire::NotifyType> answer = std::nullopt);
// A phase-1 message that did not authenticate (`what`: "message 5 did not decrypt to valid payloads"):
// dropped as event `id`, kept as the likely cause (the keys differ) to name the timeout, and
// answered with `answer` (answerUnauthenticated below).
void unauthenticated(Engine& engine, IkeSa& sa, const Inbound& in, const std::string& id, const std::string& what,
                     std::optional<wire::NotifyType> answer);
// A clear notify of `type` to where `in` came from, which did not authenticate: only the first
// datagram of its `kind` ("MM5.unreadable") on this SA is answered (enough to tell a genuine peer
// whose key differs; no amplifier).
void answerUnauthenticated(Engine& engine, IkeSa& sa, const std::string& kind, wire::NotifyType type,
                           const Inbound& in);
// Phase 1 timed out waiting for MM2/AM2 or MM4 (the initiator), or MM3 (the responder's half-open
// timeout): the cause what came instead names (a clear NO-PROPOSAL-CHOSEN, only unacceptable
// answers, only AM2s whose HASH_R did not verify, only MM3/MM4s with an unusable KE or nonce), or none.
std::optional<std::pair<FailureKind, std::string>> noUsableMessage(const IkeSa& sa);
// Phase 1 failed: an initiator forgets the SA; a responder keeps it a while to answer retransmissions.
void failSa(Engine& engine, IkeSa& sa);
// Phase 1 refuses `in`: the failure recorded (id under the SA), the notify (if any) sent in clear to
// where `in` came from (a responder answers a retransmitted copy with it again), the SA failed.
void refuse(Engine& engine, IkeSa& sa, const Inbound& in, FailureKind kind, const std::string& id,
            const std::string& sentence, std::optional<wire::NotifyType> notify);
// Decrypts an encrypted phase-1 message with the phase-1 IV (advancing nothing).
Result<OpenedMessage> open(const IkeSa& sa, const Inbound& in);
// An unprotected Informational with one notification about this SA (before keys are shared).
// `replyTo`: answer on the endpoints that datagram came on (else the SA's current ones).
std::optional<Transmit> sendClearNotify(Engine& engine, IkeSa& sa, wire::NotifyType type,
                                        const Inbound* replyTo = nullptr);
// The last ciphertext block of a phase-1 message: the base of every phase-2 IV.
Source lastBlockSource(const Engine& engine, const std::string& datagramId, std::size_t ciphertextLength,
                       std::size_t block);
// Our payloads' Sources: the chain of an encrypted message we built, decoded (empty when events
// are not detailed). Clear messages: Engine::decodeOwn.
wire::PayloadChain plaintextChainOf(const Engine& engine, wire::PayloadType first,
                                    std::span<const wire::Payload> payloads);
} // namespace phase1

namespace main_mode {
void start(Engine& engine, IkeSa& sa);
void handle(Engine& engine, IkeSa& sa, Inbound& in);
} // namespace main_mode

namespace aggressive_mode {
Result<void> start(Engine& engine, IkeSa& sa);
void handle(Engine& engine, IkeSa& sa, Inbound& in);
} // namespace aggressive_mode

// Why an exchange refuses a message (strongSwan's process_r failing): the failure to record, the
// notify it names, and whether that notify goes to the peer.
struct Rejection {
    Rejection(FailureKind kind_, std::string sentence_, std::optional<wire::NotifyType> notify_ = std::nullopt,
              Bytes spi_ = {}, bool tellPeer_ = true, std::optional<ChildSelection> selection_ = std::nullopt)
        : kind(kind_), sentence(std::move(sentence_)), notify(notify_), spi(std::move(spi_)), tellPeer(tellPeer_),
          selection(std::move(selection_)) {}

    FailureKind kind = FailureKind::Malformed;
    std::string sentence;
    std::optional<wire::NotifyType> notify;
    Bytes spi;            // the SPI the notify names (QM1: the offer's first), or none
    bool tellPeer = true; // false: recorded only (a QM2 we cannot accept; QM1 will time out at the peer)
    std::optional<ChildSelection> selection; // QM1: the negotiation that came before, recorded first
};

namespace quick_mode {
Result<void> start(Engine& engine, IkeSa& sa, bool rekey = false);
void handle(Engine& engine, IkeSa& sa, Inbound& in);

// What the responder read out of QM1, checked against its policy: all that QM2 needs.
struct Qm1Offer {
    ChildSelection selection;                 // chosen; its offeredSpi views the chain that was read
    Bytes firstSpi;                           // of the offer's first proposal (named by a refusing notify)
    Bytes peerSpi;                            // the initiator's SPI in the chosen proposal
    std::optional<std::size_t> proposalIndex; // of the chosen proposal in the offer
    Bytes ni;
    std::optional<Bytes> gi;                   // the KE (PFS)
    std::optional<wire::IdPayload> idci, idcr; // the proxy IDs as sent (echoed in QM2); none: the hosts
};
// Reads QM1's decrypted payloads (HASH(1) first, already verified): no state changes, no events.
tl::expected<Qm1Offer, Rejection> readQm1(const wire::PayloadChain& chain, const PeerConfig& config, const IkeSa& sa);

// What the initiator read out of QM2: the responder's choice (RESPONDER-LIFETIME applied).
struct Qm2Reply {
    ChildAgreement agreement;
    Bytes nr;
    Bytes peerSpi;
    std::optional<Bytes> gr; // the KE (PFS)
};
// Reads QM2's decrypted payloads (HASH(2) first, already verified) against our QM1 in `qm`.
tl::expected<Qm2Reply, Rejection> readQm2(const wire::PayloadChain& chain, const QuickMode& qm, bool floated);
} // namespace quick_mode

namespace informational {
void handle(Engine& engine, IkeSa& sa, Inbound& in);
// A protected Informational exchange (HASH(1) | payloads) on an established SA; `what` names the
// payloads in HASH(1)'s formula ("N(R-U-THERE)").
Transmit sendProtected(Engine& engine, IkeSa& sa, std::vector<wire::Payload> payloads, const std::string& what);
// Whether `payload` is a DPD notification (R-U-THERE or R-U-THERE-ACK, RFC 3706).
bool isDpd(const wire::Payload& payload);
Transmit sendNotify(Engine& engine, IkeSa& sa, wire::NotifyType type, wire::ProtocolId protocol, Bytes spi,
                    Bytes data = {});
void sendDelete(Engine& engine, IkeSa& sa, wire::ProtocolId protocol, std::vector<Bytes> spis);
void sendRUThere(Engine& engine, IkeSa& sa);
// The failure kind and sentence of our Quick Mode refused by the responder's error notify `type`.
std::pair<FailureKind, std::string> quickModeRefusal(const Engine& engine, const QuickMode& qm, wire::NotifyType type);
} // namespace informational

namespace nat_t {
// NAT-D payloads for a message from `source` to `destination` (the peer's first, then ours; ours
// faked when NAT-T is forced), each hash recorded.
void addNatD(Engine& engine, IkeSa& sa, std::vector<wire::Payload>& payloads, const Endpoint& destination,
             const Endpoint& source, const std::string& datagramId);
// Checks the peer's NAT-D payloads against the endpoints the message really had; records the
// NatDetection event and decides whether to float to port 4500.
void check(Engine& engine, IkeSa& sa, const wire::PayloadChain& chain, const Endpoint& from, const Endpoint& to,
           const std::string& datagramId);
// Moves the SA to the NAT-T ports (ours and the peer's 4500).
void float4500(Engine& engine, IkeSa& sa);
bool enabled(const Engine& engine, const IkeSa& sa);
// Whether `vid` is a NAT-T vendor ID (RFC 3947's or a draft's); if so the SA learns it.
bool readVendorId(IkeSa& sa, ByteView vid);
// The NAT-T vendor ID we send: RFC 3947's, or the draft's the peer spoke when it sent no RFC one.
const Bytes& vendorId(const IkeSa& sa);
} // namespace nat_t

// "0x0102030405060708"
std::string cookieHex(const wire::Cookie& c);
bool isZero(const wire::Cookie& c);
// The DatagramInfo every datagram event starts from.
DatagramInfo datagramInfo(const std::string& datagramId, const std::string& label, const Endpoint& from,
                          const Endpoint& to, ByteView udpPayload, std::size_t offset);

// A payload's body as encoded (what SAi_b, IDii_b and the proxy-ID checks use); empty if it cannot be.
Bytes bodyOf(const wire::PayloadBody& body);

// "MM_NO_STATE" ...
std::string ciscoName(P1State state, Phase1Mode mode);
std::string stateText(P1State state);
std::string payloadList(const wire::PayloadChain& chain);

} // namespace ipseclab::ike::detail
