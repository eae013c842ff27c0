// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Internal to core/ikev2: the state of a Peer and what its exchanges share (the role of
// strongSwan's task_manager_v2: message IDs, retransmission, the responder's stored response).
// Engine.cpp routes datagrams, sends, retransmits and records events; the exchanges live in their
// own files as RFC 7296 splits them: IkeSaInit.cpp, IkeAuth.cpp; Negotiation.cpp builds and reads
// SA and TS payloads. Each exchange handler first reads (checks the payloads against const state),
// then changes state and answers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Fifo.h"
#include "crypto/DiffieHellman.h"
#include "crypto/RandomSource.h"
#include "crypto/SecretBytes.h"
#include "ikev2/Config.h"
#include "ikev2/Event.h"
#include "ikev2/Keymat.h"
#include "ikev2/Peer.h"
#include "ikev2/Protection.h"
#include "wire/Ikev2Codec.h"

namespace ipseclab::ikev2::detail {

using wire::ikev2::Spi;
namespace v2 = wire::ikev2;

// Bytes of a message with the field they travelled in.
struct Held {
    Bytes value;
    crypto::Source source;
    Part part(std::string name) const { return Part{std::move(name), value, source}; }
};

// A request we sent and retransmit with back-off until its response comes.
struct Request {
    Transmit transmit;
    std::uint32_t messageId = 0;
    int retransmits = 0;
    Timestamp wait{0}; // the current back-off interval
    Timestamp due{0};  // when it is sent again (or the exchange fails)
};

// The last request we answered and our answer: the same request again gets the same answer.
struct Answer {
    std::uint32_t messageId = 0;
    Bytes request;
    Transmit response;
};

enum class SaState {
    InitSent,     // initiator: IKE_SA_INIT sent, waiting for its response
    AuthSent,     // initiator: IKE_AUTH sent, waiting for its response
    InitAnswered, // responder: IKE_SA_INIT answered, waiting for IKE_AUTH
    Established,
    Failed,
    Deleted, // by an INFORMATIONAL Delete (or a liveness check unanswered): kept to answer a copy of the request
};

// The INFORMATIONAL exchange an IKE SA's pending request is (§1.4, §1.5).
enum class Informational { None, Liveness, DeleteIke, DeleteChild };

// The keys of an IKE SA (RFC 7296 §2.14), wiped together when it fails.
struct SaKeys {
    crypto::SecretBytes gir, skD, skAi, skAr, skEi, skEr, skPi, skPr;
};

struct IkeSa {
    int ordinal = 1;
    std::string prefix; // "" or "IKE#2."
    Side role = Side::Initiator;
    SaState state = SaState::InitSent;
    Spi spiI{};
    Spi spiR{};
    Endpoint local;
    Endpoint remote;
    int initAttempt = 1; // IKE_SA_INIT requests sent with a new KE or cookie (INVALID_KE_PAYLOAD, COOKIE)
    // When this SA is forgotten: a responder's not yet through IKE_AUTH (PeerConfig::halfOpenTimeout),
    // a deleted one (after as long, to answer a copy of the Delete).
    std::optional<Timestamp> forgetAt;

    std::optional<IkeSuite> suite;
    std::optional<crypto::DiffieHellman> dh;
    Held ni, nr, gi, gr;
    Held initRequest, initResponse; // RealMessage1 and RealMessage2, whole
    SaKeys keys;

    // The first child SA (IKE_AUTH).
    std::uint32_t childSpi = 0; // ours: the SPI the peer sends to
    Identity peerId;

    std::uint32_t nextMessageId = 0;     // of our next request
    std::uint32_t expectedMessageId = 0; // of the peer's next request
    std::optional<Request> request;
    std::optional<Answer> answer;
    // Why a response that came could not be used (an unauthenticated error notify, a proposal we
    // did not offer): kept to name the timeout, should no usable one come.
    std::string refusedReply;
    std::optional<v2::NotifyType> refusedNotify;
    Informational informational = Informational::None; // what our pending INFORMATIONAL request is
    std::uint32_t deletingChild = 0;                   // DeleteChild: our inbound SPI of the child
    int informationals = 0;                            // exchanges started or answered: their datagram ids
    int ownInformational = 0;                          // the number of our latest one (its response's id)

    std::string name() const; // "IKE SA 0x<SPIi>"
    std::string id(const std::string& what) const { return prefix + what; }
    // The datagram id of this SA's IKE_SA_INIT message ("IKE_SA_INIT.request", after a retry
    // "IKE_SA_INIT#2.request").
    std::string initId(bool response) const;
    SkProtection protection(Side sender) const;
};

struct ChildSa {
    ChildSaInfo info;
    Spi owner{}; // SPIi of the IKE SA that made it
};

// One received datagram, its header and chain decoded.
struct Inbound {
    ByteView bytes;
    Endpoint from;
    Endpoint to;
    v2::Message message;
};

class Engine {
public:
    Engine(PeerConfig config_, crypto::RandomSource& random_) : config(std::move(config_)), random(random_) {}

    PeerConfig config;
    crypto::RandomSource& random;
    Timestamp now{0};
    Fifo<Transmit> transmits;
    Fifo<Event> events;
    std::vector<IkeSa> sas;
    std::vector<ChildSa> children;
    int nextOrdinal = 1;
    // The responder's secret its cookies are made with (§2.6), drawn when the first one is.
    crypto::SecretBytes cookieSecret;
    int refusals = 0; // IKE_SA_INIT requests answered statelessly (COOKIE, NO_PROPOSAL_CHOSEN...): their ids

    void handle(ByteView datagram, const Endpoint& from, const Endpoint& to);
    // The established IKE SA with this SPIi, or a Local failure recorded and nullptr.
    IkeSa* established(const Spi& spiI, const std::string& command);
    // Removes the child SAs of `sa` (all, or the one with our inbound `spi`), each recorded; returns
    // their inbound SPIs.
    std::vector<std::uint32_t> removeChildren(const IkeSa& sa, std::optional<std::uint32_t> spi,
                                              const std::string& why);
    // `sa` is gone (deleted, or its peer dead): its children removed, its keys wiped, recorded.
    void deleteSa(IkeSa& sa, const std::string& why);
    void handleTimeout();
    std::optional<Timestamp> nextTimeout() const;
    Result<void> initiate();

    // ---- events ----
    void record(EventKind kind, std::string id, std::string text, decltype(Event::detail) detail = {});
    // The Derived event of `d`; returns its value.
    crypto::SecretBytes recordDerived(const Derivation& d);
    void recordAll(const std::vector<Derivation>& ds);
    // A datagram not processed: recorded, nothing else changes.
    void drop(const Inbound& in, const std::string& id, const std::string& why);
    void failSa(IkeSa& sa, FailureKind kind, const std::string& exchange, const std::string& sentence,
                std::optional<v2::NotifyType> notify = std::nullopt, bool authenticated = false);
    void state(const IkeSa& sa, const std::string& text);

    // ---- sending ----
    // Encodes and sends `payloads` in clear (IKE_SA_INIT). Returns the bytes sent.
    Result<Bytes> sendClear(IkeSa& sa, const v2::Header& header, const std::vector<v2::Payload>& payloads,
                            const std::string& datagramId, const std::string& label, bool isRequest);
    // Encodes `payloads`, seals them in an SK payload under our keys and sends them.
    Result<Bytes> sendProtected(IkeSa& sa, v2::ExchangeType exchange, bool response,
                                const std::vector<v2::Payload>& payloads, const std::string& datagramId,
                                const std::string& label);
    v2::Header header(const IkeSa& sa, v2::ExchangeType exchange, bool response, std::uint32_t messageId) const;

    // ---- receiving ----
    // The SK payload of `in` opened with the peer's keys and its inner payloads decoded, or why not.
    struct Opened {
        SkPayload sk;
        std::vector<v2::Payload> payloads;
    };
    Result<Opened> open(const IkeSa& sa, const Inbound& in) const;
    void recordReceived(const Inbound& in, const std::string& datagramId, const std::string& label,
                        const Opened* opened);

    IkeSa* findBySpis(const Spi& spiI, const Spi& spiR);
    // The responder SA an IKE_SA_INIT request is a copy of: the same sender, SPIi and bytes (§2.1:
    // SPIi and address alone cannot tell a retransmission from a new request).
    IkeSa* findInitRequest(const Inbound& in);
    IkeSa& newSa(Side role);
    // Whether a new responder SA for `from` may be made (base/HalfOpenLimit.h); at the total cap the
    // oldest still waiting for IKE_AUTH is forgotten to make room. Why not, or nothing.
    std::optional<std::string> halfOpenRefusal(const Endpoint& from);
    std::size_t halfOpenCount() const;
    // Removes sas[index] (a half-open SA timed out or made room), recorded.
    void forgetSa(std::size_t index, const std::string& why);
    Bytes nonce() { return random.bytes(config.nonceLength); }

private:
    void route(Inbound& in);
    bool answerAgain(IkeSa& sa, const Inbound& in);
    void onRetransmitTimeout(IkeSa& sa);
    Transmit queue(const IkeSa& sa, Bytes bytes, const std::string& datagramId, const std::string& label,
                   const Opened* sealed);
};

// ---- the exchanges ----
namespace ike_sa_init {
Result<void> start(Engine& engine, IkeSa& sa);
void handleRequest(Engine& engine, Inbound& in);
void handleResponse(Engine& engine, IkeSa& sa, Inbound& in);
} // namespace ike_sa_init

namespace ike_auth {
void start(Engine& engine, IkeSa& sa);
void handleRequest(Engine& engine, IkeSa& sa, Inbound& in);
void handleResponse(Engine& engine, IkeSa& sa, Inbound& in);
} // namespace ike_auth

// INFORMATIONAL (§1.4, §1.5): Delete of a child SA or of the IKE SA, the liveness check.
namespace informational {
Result<void> start(Engine& engine, IkeSa& sa, Informational what, std::uint32_t childSpi = 0);
void handleRequest(Engine& engine, IkeSa& sa, Inbound& in);
void handleResponse(Engine& engine, IkeSa& sa, Inbound& in);
void onTimeout(Engine& engine, IkeSa& sa); // no answer after every retransmission
} // namespace informational

// SA and TS payloads (RFC 7296 §3.3, §3.13) against our policy.
namespace negotiation {
v2::SaPayload ikeOffer(const std::vector<IkeSuite>& suites);
v2::SaPayload childOffer(const std::vector<ChildSuite>& suites, std::uint32_t spi);
// The first of `offer`'s proposals that one of `suites` matches, as the one-proposal answer to
// send (its number echoed, one transform of each type), with that suite.
struct IkeChoice {
    v2::Proposal answer;
    IkeSuite suite;
};
std::optional<IkeChoice> chooseIke(const v2::SaPayload& offer, const std::vector<IkeSuite>& suites);
struct ChildChoice {
    v2::Proposal answer; // with our SPI
    ChildSuite suite;
    std::uint32_t peerSpi = 0;
};
std::optional<ChildChoice> chooseChild(const v2::SaPayload& offer, const std::vector<ChildSuite>& suites,
                                       std::uint32_t ourSpi);
// The suite of a responder's one-proposal answer, checked against what we offered.
Result<IkeSuite> acceptedIke(const v2::SaPayload& answer, const std::vector<IkeSuite>& offered);
Result<std::pair<ChildSuite, std::uint32_t>> acceptedChild(const v2::SaPayload& answer,
                                                           const std::vector<ChildSuite>& offered);

v2::TsPayload tsOf(const Selector& selector);
// The part of the peer's `ts` within our `policy` (§2.9 narrowing), as a selector; none when they
// do not overlap or the overlap is not a subnet the data plane can hold.
std::optional<Selector> narrow(const v2::TsPayload& ts, const Selector& policy);
} // namespace negotiation

// NAT_DETECTION_SOURCE_IP / _DESTINATION_IP (§2.23): SHA-1(SPIi | SPIr | IP | port).
namespace nat_detection {
void add(Engine& engine, const IkeSa& sa, const Spi& spiR, std::vector<v2::Payload>& payloads,
         const std::string& datagramId);
void check(Engine& engine, const IkeSa& sa, const Inbound& in, const std::string& datagramId);
} // namespace nat_detection

// The first notify of `type` in `payloads`; the first error notify (type below 16384); a notify's
// name ("INVALID_KE_PAYLOAD", "notify 12345" when unknown); a notify payload about the IKE SA.
const v2::NotifyPayload* findNotify(const std::vector<v2::Payload>& payloads, v2::NotifyType type);
const v2::NotifyPayload* errorNotify(const std::vector<v2::Payload>& payloads);
std::string notifyName(v2::NotifyType type);
// The failure an error notify names (RFC 7296 §3.10.1), PeerError for the rest; and in words.
FailureKind failureKindOf(v2::NotifyType error);
std::string errorSentence(v2::NotifyType error); // "NO_PROPOSAL_CHOSEN", "the peer's error notify 12345"
v2::Payload notifyPayload(v2::NotifyType type, Bytes data = {});
// "SA", "KE", "No", "N(COOKIE)"
std::vector<std::string> payloadNames(const std::vector<v2::Payload>& payloads);
std::string spiHex(const Spi& spi);
Bytes bodyBytes(const v2::Payload& payload); // a payload's body as encoded (IDi', the AUTH octets)
// The offset of payload `p`'s body (after its generic header) in the message it was decoded from.
inline std::size_t bodyOffset(const v2::Payload& p) { return p.offset + v2::kGenericHeaderSize; }

} // namespace ipseclab::ikev2::detail
