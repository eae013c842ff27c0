// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The textbook lines of the timeline: "MM5 · IDii, HASH_I (encrypted)", "SKEYID_a = prf(...)".

#include "lab/LabEngine.h"

namespace ipseclab::lab::detail {

namespace {

bool has(const std::vector<std::string>& payloads, const char* name) {
    for (const auto& p : payloads)
        if (p == name || p.rfind(std::string(name) + "#", 0) == 0) return true;
    return false;
}

std::string quickMode(const char* head, const char* nonce, const std::vector<std::string>& payloads) {
    std::string ke = payloads.empty() ? " [KE]" : (has(payloads, "KE") ? ", KE" : "");
    const bool ids = payloads.empty() || has(payloads, "ID");
    return std::string(head) + ", SA, " + nonce + ke + (ids ? ", IDci, IDcr" : "") + " (encrypted)";
}

} // namespace

std::string messageSummary(const std::string& label, const std::vector<std::string>& payloads) {
    if (label == "MM1") return "MM1 · SA proposals";
    if (label == "MM2") return "MM2 · SA (the chosen proposal)";
    if (label == "MM3") return "MM3 · KE, Ni" + std::string(has(payloads, "NAT-D") ? ", NAT-D" : "");
    if (label == "MM4") return "MM4 · KE, Nr" + std::string(has(payloads, "NAT-D") ? ", NAT-D" : "");
    if (label == "MM5") return "MM5 · IDii, HASH_I (encrypted)";
    if (label == "MM6") return "MM6 · IDir, HASH_R (encrypted)";
    if (label == "AM1") return "AM1 · SA, KE, Ni, IDii";
    if (label == "AM2") return "AM2 · SA, KE, Nr, IDir, HASH_R";
    if (label == "AM3") return "AM3 · HASH_I (encrypted)";
    if (label == "QM1") return "QM1 · " + quickMode("HASH(1)", "Ni", payloads);
    if (label == "QM2") return "QM2 · " + quickMode("HASH(2)", "Nr", payloads);
    if (label == "QM3") return "QM3 · HASH(3) (encrypted)";
    if (label == "INFO") {
        std::string list;
        for (const auto& p : payloads) list += (list.empty() ? "" : ", ") + p;
        return "INFO · " + (list.empty() ? std::string("informational exchange") : list);
    }
    return label;
}

std::string ikeEventSummary(const ike::Event& e) {
    using K = ike::EventKind;
    if (const auto* d = e.as<ike::DatagramInfo>(); d && !d->label.empty()) {
        const std::string line = messageSummary(d->label, d->payloads);
        if (e.kind == K::DuplicateIgnored) return "duplicate · " + line;
        if (e.kind == K::Dropped) return "dropped · " + line;
        if (e.kind == K::Retransmitted) return "retransmission · " + line;
        return line;
    }
    if (e.kind == K::DuplicateIgnored) return "duplicate ignored";
    if (e.kind == K::Dropped) return "datagram dropped";
    switch (e.kind) {
    case K::Derived:
        if (const auto* d = e.as<ike::Derivation>())
            return d->id + " = " + (d->formula.empty() ? d->function : d->formula);
        break;
    case K::DhComputed:
        if (const auto* d = e.as<ike::DhInfo>()) return "g^xy · Diffie-Hellman (" + d->purpose + ")";
        break;
    case K::Negotiation:
        if (const auto* n = e.as<ike::NegotiationInfo>())
            return "negotiation · " + n->exchange + (n->accepted ? ": " + n->chosen : ": nothing acceptable");
        break;
    case K::NatDetection: return "NAT detection (NAT-D)";
    case K::IkeSaEstablished: return "IKE SA established";
    case K::ChildSaEstablished: return "IPsec SAs established";
    case K::Failure:
        if (const auto* f = e.as<ike::FailureInfo>()) return "failure · " + std::string(ike::failureKindName(f->kind));
        break;
    case K::NotifySent:
    case K::NotifyReceived:
        if (const auto* n = e.as<ike::NotifyInfo>())
            return "N(" + std::string(wire::notifyTypeName(n->type).value_or("notify")) + ")";
        break;
    case K::DeleteSent:
    case K::DeleteReceived: return "Delete";
    case K::Dpd: return "DPD";
    case K::Lifetime:
        if (const auto* l = e.as<ike::LifetimeInfo>())
            return std::string(l->stage == ike::LifetimeInfo::Stage::Soft ? "soft" : "hard") + " lifetime · " + l->sa;
        break;
    case K::SaDeleted: return "SA deleted";
    case K::StateChanged:
        if (const auto* s = e.as<ike::StateInfo>()) return "state · " + s->ciscoName;
        break;
    default: break;
    }
    return std::string(ike::eventKindName(e.kind));
}

std::string shortHex(ByteView bytes) {
    if (bytes.size() <= 8) return toHex(bytes);
    return toHex(bytes.first(4)) + "…" + toHex(bytes.last(2)) + " (" + std::to_string(bytes.size()) + " bytes)";
}

Phase phaseOfLabel(const std::string& label, Phase context) {
    if (label.rfind("MM", 0) == 0 || label.rfind("AM", 0) == 0) return Phase::IkePhase1;
    if (label.rfind("QM", 0) == 0) return Phase::IkePhase2;
    if (context == Phase::IkePhase1 || context == Phase::IkePhase2 || context == Phase::Termination) return context;
    return Phase::Termination;
}

} // namespace ipseclab::lab::detail
