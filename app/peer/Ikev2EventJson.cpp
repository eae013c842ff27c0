// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// `--events` lines of the IKEv2 engine (--ikev2): the fields EventJson.h lists, "layer": "ikev2",
// and the detail of each core/ikev2 event; keys (SK_*, the child SA keys) in hex like IKEv1's.

#include "crypto/Hash.h"
#include "peer/EventJson.h"
#include "peer/EventJsonParts.h"

namespace ipseclab::peer {

using json = nlohmann::ordered_json;

namespace {

using namespace json_parts;
namespace v2 = wire::ikev2;

const char* sideName(ikev2::Side side) { return side == ikev2::Side::Initiator ? "initiator" : "responder"; }

json header(const v2::Header& h) {
    return json{{"initiatorSpi", hex(h.initiatorSpi)},
                {"responderSpi", hex(h.responderSpi)},
                {"nextPayload", v2::payloadShortName(h.nextPayload)},
                {"version", h.version},
                {"exchangeType", named(v2::exchangeTypeName(h.exchangeType), h.exchangeType)},
                {"flags", h.flags},
                {"messageId", hex32(h.messageId)},
                {"length", h.length}};
}

json identity(const ikev2::Identity& id) {
    if (id.empty()) return nullptr;
    return json{{"type", named(v2::idTypeName(id.type), id.type)}, {"value", id.toString()}};
}

json suite(const ikev2::IkeSuite& s) {
    return json{{"name", s.name()},
                {"encryption", crypto::encryptionName(s.encryption)},
                {"integrity", crypto::integrityName(s.integrity)},
                {"prf", "PRF-HMAC-" + std::string(crypto::hashName(s.prf))},
                {"group", dhGroup(s.group)}};
}

json direction(const ikev2::ChildSaDirection& d) {
    return json{{"spi", hex32(d.spi)},
                {"source", endpoint(d.source)},
                {"destination", endpoint(d.destination)},
                {"encryptionKey", hex(d.encryptionKey.view())},
                {"integrityKey", hex(d.integrityKey.view())},
                {"encryptionKeyId", d.encryptionKeyId},
                {"integrityKeyId", d.integrityKeyId}};
}

struct DetailWriter {
    json& out;

    void operator()(const std::monostate&) const {}

    void operator()(const ikev2::DatagramInfo& d) const {
        out["datagramId"] = d.datagramId;
        out["label"] = d.label;
        out["from"] = endpoint(d.from);
        out["to"] = endpoint(d.to);
        out["bytes"] = hex(d.udpPayload);
        if (d.decoded) out["header"] = header(d.header);
        out["encrypted"] = d.encrypted;
        out["decrypted"] = d.decrypted;
        if (d.decrypted) out["plaintext"] = hex(d.plaintext);
        out["payloads"] = d.payloads;
        if (!d.note.empty()) out["note"] = d.note;
        out["annotations"] = annotations(d.annotations());
        if (d.decrypted) out["plaintextAnnotations"] = annotations(d.plaintextAnnotations());
    }

    void operator()(const ikev2::StateInfo& s) const {
        out["sa"] = s.sa;
        out["state"] = s.state;
    }

    void operator()(const crypto::Derivation& d) const { derivation(out, d); }

    void operator()(const ikev2::DhInfo& d) const {
        out["group"] = dhGroup(d.group);
        out["privateValue"] = hex(d.privateValue.view());
        out["ourPublic"] = hex(d.ourPublic);
        out["peerPublic"] = hex(d.peerPublic);
        out["sharedSecret"] = hex(d.sharedSecret.view());
        out["ourPublicSource"] = source(d.ourPublicSource);
        out["peerPublicSource"] = source(d.peerPublicSource);
    }

    void operator()(const ikev2::NegotiationInfo& n) const {
        out["exchange"] = n.exchange;
        out["role"] = sideName(n.role);
        out["accepted"] = n.accepted;
        out["chosen"] = n.chosen;
    }

    void operator()(const ikev2::NatInfo& n) const {
        out["weAreBehindNat"] = n.weAreBehindNat;
        out["peerIsBehindNat"] = n.peerIsBehindNat;
    }

    void operator()(const ikev2::IkeSaInfo& s) const {
        out["initiatorSpi"] = hex(s.spiI);
        out["responderSpi"] = hex(s.spiR);
        out["role"] = sideName(s.role);
        out["suite"] = suite(s.suite);
        out["local"] = endpoint(s.local);
        out["remote"] = endpoint(s.remote);
        out["localId"] = identity(s.localId);
        out["remoteId"] = identity(s.remoteId);
    }

    void operator()(const ikev2::ChildSaInfo& c) const {
        out["protocol"] = "ESP";
        out["suite"] = json{{"encryption", crypto::encryptionName(c.suite.encryption)},
                            {"integrity", crypto::integrityName(c.suite.integrity)}};
        out["localSelector"] = c.localSelector.toString();
        out["remoteSelector"] = c.remoteSelector.toString();
        out["role"] = sideName(c.role);
        out["inbound"] = direction(c.inbound);
        out["outbound"] = direction(c.outbound);
    }

    void operator()(const ikev2::FailureInfo& f) const {
        out["failure"] = std::string(ikeevents::failureKindName(f.kind));
        out["sentence"] = f.sentence;
        out["notify"] = f.notify ? named(v2::notifyTypeName(*f.notify), *f.notify) : json(nullptr);
        out["exchange"] = f.exchange;
        out["authenticated"] = f.authenticated;
    }

    void operator()(const ikev2::NotifyInfo& n) const {
        out["notify"] = named(v2::notifyTypeName(n.type), n.type);
        out["data"] = hex(n.data);
        out["authenticated"] = n.authenticated;
        out["meaning"] = n.meaning;
    }
};

} // namespace

json toJson(const ikev2::Event& event) {
    json out{{"id", event.id},
             {"layer", "ikev2"},
             {"kind", ikeKindToken(event.kind)},
             {"time", seconds(event.time)},
             {"text", event.text}};
    std::visit(DetailWriter{out}, event.detail);
    return out;
}

} // namespace ipseclab::peer
