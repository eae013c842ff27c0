// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// INFORMATIONAL (RFC 7296 §1.4, §1.5), either end may start one on an established IKE SA:
//   HDR, SK {D(ESP, SPIs)} -->   <-- HDR, SK {D(ESP, the answerer's SPIs)}   a child SA's two halves
//   HDR, SK {D(IKE)} -->         <-- HDR, SK {}                               the IKE SA and its children
//   HDR, SK {} -->               <-- HDR, SK {}                               the liveness check
// Each Delete names the SPI its sender receives with (§3.11). Only a request that verifies is
// answered; an exchange that gets no answer after every retransmission deletes the IKE SA (§2.4).

#include "base/Endian.h"
#include "ikev2/Engine.h"

namespace ipseclab::ikev2::detail {

namespace {

using v2::PayloadType;

// The ids of INFORMATIONAL exchange `n` of this IKE SA, numbered in the order they start at
// either end.
std::string exchangeId(const IkeSa& sa, int n, const char* part) {
    return sa.id("INFORMATIONAL#" + std::to_string(n) + part);
}

v2::Payload deleteChildren(const std::vector<std::uint32_t>& spis) {
    v2::DeletePayload d{v2::ProtocolId::Esp, 4, {}};
    for (std::uint32_t spi : spis) {
        Bytes b;
        appendU32(b, spi);
        d.spis.push_back(std::move(b));
    }
    return {PayloadType::Delete, std::move(d)};
}

std::string spiList(const std::vector<std::uint32_t>& spis) {
    std::string out;
    for (std::uint32_t spi : spis) out += (out.empty() ? "" : ", ") + hex32(spi);
    return out.empty() ? "none" : out;
}

// Our inbound SPIs of the children of `sa` whose outbound SPI `d` names (the peer's inbound ones).
std::vector<std::uint32_t> oursFor(const Engine& engine, const IkeSa& sa, const v2::DeletePayload& d) {
    std::vector<std::uint32_t> ours;
    for (const Bytes& spi : d.spis) {
        if (spi.size() != 4) continue;
        for (const ChildSa& c : engine.children)
            if (c.owner == sa.spiI && c.info.outbound.spi == readU32(spi, 0)) ours.push_back(c.info.inbound.spi);
    }
    return ours;
}

// Sends the answer, kept for a copy of the request (§2.1).
void respond(Engine& engine, IkeSa& sa, const Inbound& in, const std::vector<v2::Payload>& payloads,
             const std::string& id) {
    ++sa.expectedMessageId;
    if (engine.sendProtected(sa, v2::ExchangeType::Informational, true, payloads, id, "INFORMATIONAL response"))
        sa.answer = Answer{in.message.header.messageId, Bytes(in.bytes.begin(), in.bytes.end()),
                           engine.transmits.back()};
}

} // namespace

namespace informational {

Result<void> start(Engine& engine, IkeSa& sa, Informational what, std::uint32_t childSpi) {
    std::vector<v2::Payload> payloads;
    std::string label = "INFORMATIONAL request";
    if (what == Informational::DeleteIke) {
        payloads.push_back({PayloadType::Delete, v2::DeletePayload{v2::ProtocolId::Ike, 0, {}}});
        label += " D(IKE)";
    } else if (what == Informational::DeleteChild) {
        payloads.push_back(deleteChildren({childSpi}));
        label += " D(ESP)";
    } else {
        label += " (liveness check)";
    }
    sa.ownInformational = ++sa.informationals;
    const std::string id = exchangeId(sa, sa.ownInformational, ".request");
    auto sent = engine.sendProtected(sa, v2::ExchangeType::Informational, false, payloads, id, label);
    if (!sent) return tl::unexpected(sent.error());
    sa.informational = what;
    sa.deletingChild = childSpi;
    if (what == Informational::Liveness)
        engine.record(EventKind::Dpd, id + ".liveness", sa.name() + ": is the peer alive? an empty INFORMATIONAL sent");
    else
        engine.record(EventKind::DeleteSent, id + ".delete",
                      what == Informational::DeleteIke ? sa.name() + ": Delete of the IKE SA sent"
                                                       : "Delete of child SA " + hex32(childSpi) + " sent");
    return {};
}

void handleRequest(Engine& engine, IkeSa& sa, Inbound& in) {
    ++sa.informationals;
    const std::string requestId = exchangeId(sa, sa.informationals, ".request"),
                      responseId = exchangeId(sa, sa.informationals, ".response");
    auto opened = engine.open(sa, in);
    if (!opened) {
        --sa.informationals;
        engine.drop(in, requestId, "its SK payload did not verify: " + opened.error().toString());
        return;
    }
    engine.recordReceived(in, requestId, "INFORMATIONAL request", &*opened);
    std::vector<v2::Payload> answer;
    bool ikeDeleted = false;
    for (const v2::Payload& p : opened->payloads) {
        if (const auto* n = p.as<v2::NotifyPayload>())
            engine.record(EventKind::NotifyReceived, requestId + ".notify", notifyName(n->type) + ", authenticated",
                          NotifyInfo{n->type, n->data, true, std::string(v2::notifyMeaning(n->type))});
        const auto* d = p.as<v2::DeletePayload>();
        if (!d) continue;
        if (d->protocol == v2::ProtocolId::Ike) {
            ikeDeleted = true;
            engine.record(EventKind::DeleteReceived, requestId + ".delete",
                          sa.name() + ": the peer deletes the IKE SA");
        } else if (d->protocol == v2::ProtocolId::Esp) {
            // The peer's halves go; ours, named by our inbound SPIs, go in the answer (§1.4.1).
            std::vector<std::uint32_t> ours;
            for (std::uint32_t spi : oursFor(engine, sa, *d))
                for (std::uint32_t removed : engine.removeChildren(sa, spi, "deleted by the peer"))
                    ours.push_back(removed);
            engine.record(EventKind::DeleteReceived, requestId + ".delete",
                          "the peer deletes child SAs; ours answered: " + spiList(ours));
            if (!ours.empty()) answer.push_back(deleteChildren(ours));
        }
    }
    if (opened->payloads.empty())
        engine.record(EventKind::Dpd, requestId + ".liveness", sa.name() + ": liveness check answered");
    if (ikeDeleted) answer.clear(); // §1.4.1: the IKE SA's deletion is answered with an empty message
    respond(engine, sa, in, answer, responseId);
    if (ikeDeleted) engine.deleteSa(sa, "deleted by the peer");
}

void handleResponse(Engine& engine, IkeSa& sa, Inbound& in) {
    // Its own number: the peer's requests answered meanwhile counted on (each end numbers its own).
    const std::string responseId = exchangeId(sa, sa.ownInformational, ".response");
    auto opened = engine.open(sa, in);
    if (!opened) {
        engine.drop(in, responseId, "its SK payload did not verify: " + opened.error().toString());
        return;
    }
    engine.recordReceived(in, responseId, "INFORMATIONAL response", &*opened);
    sa.request.reset();
    const Informational what = std::exchange(sa.informational, Informational::None);
    if (what == Informational::Liveness) {
        engine.record(EventKind::Dpd, responseId + ".liveness", sa.name() + ": the peer is alive");
    } else if (what == Informational::DeleteIke) {
        engine.deleteSa(sa, "deleted (the peer answered our Delete)");
    } else if (what == Informational::DeleteChild) {
        for (const v2::Payload& p : opened->payloads)
            if (const auto* d = p.as<v2::DeletePayload>(); d && d->protocol == v2::ProtocolId::Esp)
                engine.record(EventKind::DeleteReceived, responseId + ".delete",
                              "the peer deleted its half of child SA " + hex32(sa.deletingChild));
        engine.removeChildren(sa, sa.deletingChild, "deleted");
    }
}

void onTimeout(Engine& engine, IkeSa& sa) {
    const Informational what = std::exchange(sa.informational, Informational::None);
    const std::string why = what == Informational::Liveness
                                ? "no answer to the liveness check after every retransmission: the peer is dead"
                                : "no answer to an INFORMATIONAL request after every retransmission";
    engine.record(EventKind::Failure, sa.id("INFORMATIONAL.failed"), why,
                  FailureInfo{what == Informational::Liveness ? FailureKind::DeadPeer : FailureKind::Timeout, why,
                              std::nullopt, "INFORMATIONAL"});
    engine.deleteSa(sa, "deleted: " + why); // §2.4: an IKE SA whose peer does not answer is closed
}

} // namespace informational

} // namespace ipseclab::ikev2::detail
