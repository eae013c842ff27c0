// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "peer/EventJson.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "ike/ProposalSyntax.h"
#include "peer/EventJsonParts.h"

namespace ipseclab::peer {

using json = nlohmann::ordered_json;

namespace json_parts {

std::string hex(ByteView bytes) { return toHex(bytes); }

double seconds(ike::Timestamp time) { return static_cast<double>(time.count()) / 1e6; }

json endpoint(const ike::Endpoint& e) { return e.toString(); }

json dhGroup(crypto::DhGroup group) {
    return json{{"name", std::string(crypto::dhGroupInfo(group).shortName)},
                {"number", static_cast<unsigned>(group)},
                {"token", ike::dhGroupToken(group)}};
}

const char* sourceKind(ike::Source::Kind kind) {
    switch (kind) {
    case ike::Source::Kind::Unknown: return "unknown";
    case ike::Source::Kind::Derived: return "derived";
    case ike::Source::Kind::Datagram: return "datagram";
    case ike::Source::Kind::Local: return "local";
    case ike::Source::Kind::Constant: return "constant";
    }
    return "unknown";
}

json source(const ike::Source& s) {
    json out{{"kind", sourceKind(s.kind)}};
    if (!s.id.empty()) out["id"] = s.id;
    if (!s.field.empty()) out["field"] = s.field;
    if (s.kind == ike::Source::Kind::Datagram) {
        out["offset"] = s.offset;
        out["length"] = s.length;
        out["plaintext"] = s.plaintext;
        out["index"] = s.index;
    }
    if (!s.note.empty()) out["note"] = s.note;
    return out;
}

json annotations(const wire::Annotations& list) {
    json out = json::array();
    for (const wire::Annotation& a : list)
        out.push_back(json{{"key", a.key},
                           {"path", a.path},
                           {"offset", a.offset},
                           {"length", a.length},
                           {"value", a.value},
                           {"meaning", a.meaning}});
    return out;
}

void derivation(json& out, const crypto::Derivation& d) {
    out["formula"] = d.formula;
    out["function"] = d.function;
    if (!d.keyName.empty()) {
        out["key"] = d.keyName;
        out["keySource"] = source(d.keySource);
    }
    json inputs = json::array();
    const ByteView data = d.data.view();
    for (const crypto::InputRef& input : d.inputs) {
        json i{
            {"name", input.name}, {"source", source(input.source)}, {"offset", input.offset}, {"length", input.length}};
        if (input.offset + input.length <= data.size()) i["bytes"] = hex(data.subspan(input.offset, input.length));
        inputs.push_back(std::move(i));
    }
    out["inputs"] = std::move(inputs);
    out["data"] = hex(data);
    out["value"] = hex(d.value.view());
}

} // namespace json_parts

namespace {

using namespace json_parts;

json header(const wire::IsakmpHeader& h) {
    return json{{"initiatorCookie", hex(h.initiatorCookie)},
                {"responderCookie", hex(h.responderCookie)},
                {"nextPayload", wire::payloadShortName(h.nextPayload)},
                {"version", h.version},
                {"exchangeType", named(wire::exchangeTypeName(h.exchangeType), h.exchangeType)},
                {"flags", h.flags},
                {"messageId", hex32(h.messageId)},
                {"length", h.length}};
}

json identity(const ike::Identity& id) {
    if (id.empty()) return nullptr;
    return json{{"type", named(wire::idTypeName(id.type), id.type)}, {"value", id.toString()}};
}

json selector(const ike::Selector& s) { return s.toString(); }

json direction(const ike::ChildSaDirection& d) {
    return json{{"spi", hex32(d.spi)},
                {"source", endpoint(d.source)},
                {"destination", endpoint(d.destination)},
                {"keymat", hex(d.keymat.view())},
                {"encryptionKey", hex(d.encryptionKey.view())},
                {"integrityKey", hex(d.integrityKey.view())},
                {"keymatId", d.keymatId}};
}

const char* dpdStep(ike::DpdInfo::Step step) {
    switch (step) {
    case ike::DpdInfo::Step::RUThereSent: return "R-U-THERE sent";
    case ike::DpdInfo::Step::RUThereReceived: return "R-U-THERE received";
    case ike::DpdInfo::Step::AckSent: return "R-U-THERE-ACK sent";
    case ike::DpdInfo::Step::AckReceived: return "R-U-THERE-ACK received";
    case ike::DpdInfo::Step::Dead: return "dead";
    }
    return "unknown";
}

struct DetailWriter {
    json& out;

    void operator()(const std::monostate&) const {}

    void operator()(const ike::DatagramInfo& d) const {
        out["datagramId"] = d.datagramId;
        out["label"] = d.label;
        out["from"] = endpoint(d.from);
        out["to"] = endpoint(d.to);
        out["bytes"] = hex(d.udpPayload);
        out["isakmpOffset"] = d.isakmpOffset;
        out["header"] = header(d.header);
        out["encrypted"] = d.encrypted;
        out["decrypted"] = d.decrypted;
        if (!d.iv.empty()) out["iv"] = hex(d.iv);
        if (!d.plaintext.empty()) {
            out["plaintext"] = hex(d.plaintext);
            out["paddingLength"] = d.paddingLength;
        }
        out["payloads"] = d.payloads;
        if (!d.note.empty()) out["note"] = d.note;
        out["annotations"] = annotations(d.annotations());
        if (d.decrypted) out["plaintextAnnotations"] = annotations(d.plaintextAnnotations());
    }

    void operator()(const ike::StateInfo& s) const {
        out["sa"] = s.sa;
        out["state"] = s.state;
        out["ciscoName"] = s.ciscoName;
    }

    void operator()(const ike::Derivation& d) const { derivation(out, d); }

    void operator()(const ike::DhInfo& d) const {
        out["purpose"] = d.purpose;
        out["group"] = dhGroup(d.group);
        out["privateValue"] = hex(d.privateValue.view());
        out["ourPublic"] = hex(d.ourPublic);
        out["peerPublic"] = hex(d.peerPublic);
        out["sharedSecret"] = hex(d.sharedSecret.view());
        out["ourPublicSource"] = source(d.ourPublicSource);
        out["peerPublicSource"] = source(d.peerPublicSource);
    }

    void operator()(const ike::NegotiationInfo& n) const {
        out["exchange"] = n.exchange;
        out["role"] = ike::roleName(n.role);
        out["accepted"] = n.accepted;
        out["chosen"] = n.chosen;
        json refused = json::array();
        for (const ike::Refusal& r : n.refused)
            refused.push_back(json{{"proposal", r.proposalNumber},
                                   {"transform", r.transformNumber},
                                   {"offered", r.offered},
                                   {"reason", r.reason}});
        out["refused"] = std::move(refused);
    }

    void operator()(const ike::NatInfo& n) const {
        out["weAreBehindNat"] = n.weAreBehindNat;
        out["peerIsBehindNat"] = n.peerIsBehindNat;
        out["forced"] = n.forced;
        out["floating"] = n.floating;
        out["peerSupportsNatT"] = n.peerSupportsNatT;
    }

    void operator()(const ike::IkeSaInfo& s) const {
        out["initiatorCookie"] = hex(s.initiatorCookie);
        out["responderCookie"] = hex(s.responderCookie);
        out["role"] = ike::roleName(s.role);
        out["mode"] = s.mode == ike::Phase1Mode::Main ? "main" : "aggressive";
        out["suite"] = json{{"name", s.suite.name()},
                            {"proposal", ike::ikeProposalText(s.suite)},
                            {"group", dhGroup(s.suite.group)},
                            {"lifetimeSeconds", s.suite.lifetimeSeconds}};
        out["local"] = endpoint(s.local);
        out["remote"] = endpoint(s.remote);
        out["natT"] = s.natT;
        out["localId"] = identity(s.localId);
        out["remoteId"] = identity(s.remoteId);
    }

    void operator()(const ike::ChildSaInfo& c) const {
        out["protocol"] = c.protocol == ike::ChildProtocol::Esp ? "ESP" : "AH";
        out["suite"] = c.suite.name();
        out["transformId"] = c.transformId;
        if (c.authenticationAlgorithm) out["authenticationAlgorithm"] = *c.authenticationAlgorithm;
        if (c.keyLengthBits) out["keyLengthBits"] = *c.keyLengthBits;
        out["encapsulationMode"] =
            named(wire::attributeValueName(wire::AttributeSpace::Ipsec,
                                           static_cast<std::uint16_t>(wire::IpsecAttribute::EncapsulationMode),
                                           static_cast<std::uint64_t>(c.encapsulationMode)),
                  c.encapsulationMode);
        out["udpEncapsulated"] = c.udpEncapsulated;
        out["esn"] = c.esn;
        out["lifetimeSeconds"] = c.lifetimeSeconds;
        out["lifetimeKilobytes"] = c.lifetimeKilobytes;
        out["pfsGroup"] = c.pfsGroup ? dhGroup(*c.pfsGroup) : json(nullptr);
        out["localSelector"] = selector(c.localSelector);
        out["remoteSelector"] = selector(c.remoteSelector);
        out["quickModeRole"] = ike::roleName(c.quickModeRole);
        out["messageId"] = hex32(c.messageId);
        out["inbound"] = direction(c.inbound);
        out["outbound"] = direction(c.outbound);
    }

    void operator()(const ike::FailureInfo& f) const {
        out["failure"] = std::string(ike::failureKindName(f.kind));
        out["sentence"] = f.sentence;
        out["notify"] = f.notify ? named(wire::notifyTypeName(*f.notify), *f.notify) : json(nullptr);
        out["exchange"] = f.exchange;
    }

    void operator()(const ike::NotifyInfo& n) const {
        out["notify"] = named(wire::notifyTypeName(n.type), n.type);
        out["protocol"] = named(wire::protocolIdName(n.protocol), n.protocol);
        out["spi"] = hex(n.spi);
        out["data"] = hex(n.data);
        out["authenticated"] = n.authenticated;
        out["meaning"] = n.meaning;
    }

    void operator()(const ike::DeleteInfo& d) const {
        out["protocol"] = named(wire::protocolIdName(d.protocol), d.protocol);
        json spis = json::array();
        for (const Bytes& spi : d.spis) spis.push_back(hex(spi));
        out["spis"] = std::move(spis);
        out["authenticated"] = d.authenticated;
        out["known"] = d.known;
    }

    void operator()(const ike::DpdInfo& d) const {
        out["step"] = dpdStep(d.step);
        out["sequence"] = d.sequence;
    }

    void operator()(const ike::LifetimeInfo& l) const {
        out["stage"] = l.stage == ike::LifetimeInfo::Stage::Soft ? "soft" : "hard";
        out["sa"] = l.sa;
        out["seconds"] = l.seconds;
        out["rekeying"] = l.rekeying;
    }

    void operator()(const ike::SaDeletedInfo& d) const {
        if (d.sa == ike::SaDeletedInfo::Sa::Ike) {
            out["initiatorCookie"] = hex(d.initiatorCookie);
            out["responderCookie"] = hex(d.responderCookie);
        } else {
            out["protocol"] = d.protocol == ike::ChildProtocol::Esp ? "ESP" : "AH";
            out["inboundSpi"] = hex32(d.inboundSpi);
            out["outboundSpi"] = hex32(d.outboundSpi);
        }
    }
};

} // namespace

std::string ikeKindToken(ike::EventKind kind) {
    using K = ike::EventKind;
    switch (kind) {
    case K::DatagramSent: return "DatagramSent";
    case K::DatagramReceived: return "DatagramReceived";
    case K::Dropped: return "Dropped";
    case K::DuplicateIgnored: return "DuplicateIgnored";
    case K::Retransmitted: return "Retransmitted";
    case K::StateChanged: return "StateChanged";
    case K::Derived: return "Derived";
    case K::DhComputed: return "DhComputed";
    case K::Negotiation: return "Negotiation";
    case K::NatDetection: return "NatDetection";
    case K::IkeSaEstablished: return "IkeSaEstablished";
    case K::ChildSaEstablished: return "ChildSaEstablished";
    case K::NotifySent: return "NotifySent";
    case K::NotifyReceived: return "NotifyReceived";
    case K::DeleteSent: return "DeleteSent";
    case K::DeleteReceived: return "DeleteReceived";
    case K::Dpd: return "Dpd";
    case K::Lifetime: return "Lifetime";
    case K::SaDeleted: return "SaDeleted";
    case K::Failure: return "Failure";
    }
    return "Unknown";
}

std::string ipsecKindToken(ipsec::EventKind kind) {
    using K = ipsec::EventKind;
    switch (kind) {
    case K::Verdict: return "Verdict";
    case K::Sent: return "Sent";
    case K::RefusedToSend: return "RefusedToSend";
    case K::SoftLimit: return "SoftLimit";
    case K::HardLimit: return "HardLimit";
    case K::SaDeleted: return "SaDeleted";
    case K::Acquire: return "Acquire";
    case K::Queued: return "Queued";
    case K::QueueDropped: return "QueueDropped";
    case K::Discarded: return "Discarded";
    }
    return "Unknown";
}

json peerEvent(const std::string& id, const std::string& kind, ike::Timestamp time, const std::string& text) {
    return json{{"id", id}, {"layer", "peer"}, {"kind", kind}, {"time", seconds(time)}, {"text", text}};
}

json toJson(const ike::Event& event) {
    json out{{"id", event.id},
             {"layer", "ike"},
             {"kind", ikeKindToken(event.kind)},
             {"time", seconds(event.time)},
             {"text", event.text}};
    std::visit(DetailWriter{out}, event.detail);
    return out;
}

json toJson(const ipsec::Event& event) {
    json out{{"id", event.id()},
             {"layer", "ipsec"},
             {"kind", ipsecKindToken(event.kind)},
             {"time", seconds(event.time)},
             {"text", event.reason}};
    out["protocol"] = ipsec::protocolName(event.protocol);
    out["sa"] = event.label;
    out["spi"] = hex32(event.spi);
    if (event.kind == ipsec::EventKind::Verdict || event.kind == ipsec::EventKind::Sent ||
        event.kind == ipsec::EventKind::RefusedToSend)
        out["sequenceNumber"] = event.sequenceNumber;
    if (event.kind == ipsec::EventKind::Verdict) out["verdict"] = std::string(ipsec::verdictName(event.verdict));
    if (event.limit != ipsec::LimitKind::None) out["limit"] = std::string(ipsec::limitKindName(event.limit));
    if (event.window) {
        out["window"] = json{{"previousRightEdge", event.window->previousRightEdge},
                             {"rightEdge", event.window->rightEdge},
                             {"marked", event.window->marked},
                             {"shift", event.window->shift}};
    }
    if (!event.packet.empty()) out["packet"] = hex(event.packet);
    if (!event.payload.empty()) out["payload"] = hex(event.payload);
    if (out["text"].get<std::string>().empty()) {
        std::string text = ipsec::protocolName(event.protocol) + " " + event.label + " " + hex32(event.spi);
        if (event.kind == ipsec::EventKind::Sent)
            text += ": sent sequence number " + std::to_string(event.sequenceNumber);
        else if (event.kind == ipsec::EventKind::Verdict)
            text += ": sequence number " + std::to_string(event.sequenceNumber) + " " +
                    std::string(ipsec::verdictName(event.verdict));
        else text += ": " + ipsecKindToken(event.kind);
        out["text"] = text;
    }
    return out;
}

Result<JsonLinesWriter> JsonLinesWriter::open(const std::string& path) {
    JsonLinesWriter writer;
    writer.m_file = std::fopen(path.c_str(), "w");
    if (!writer.m_file) return fail("cannot write the events file " + path + ": " + std::strerror(errno));
    return writer;
}

JsonLinesWriter::JsonLinesWriter(JsonLinesWriter&& other) noexcept : m_file(std::exchange(other.m_file, nullptr)) {}

JsonLinesWriter& JsonLinesWriter::operator=(JsonLinesWriter&& other) noexcept {
    if (this != &other) {
        if (m_file) std::fclose(m_file);
        m_file = std::exchange(other.m_file, nullptr);
    }
    return *this;
}

JsonLinesWriter::~JsonLinesWriter() {
    if (m_file) std::fclose(m_file);
}

std::string JsonLinesWriter::line(const json& object) {
    return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

void JsonLinesWriter::write(const json& object) {
    if (!m_file) return;
    const std::string text = line(object) + "\n";
    std::fwrite(text.data(), 1, text.size(), m_file);
    std::fflush(m_file);
}

} // namespace ipseclab::peer
