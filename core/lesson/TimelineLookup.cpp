// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/TimelineLookup.h"

#include <algorithm>

#include "crypto/ToyDiffieHellman.h"
#include "ike/Event.h"
#include "lesson/SaRoles.h"

namespace ipseclab::lesson {

namespace {

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// An annotated field of an IKE datagram event: clear fields first, then the decrypted ones.
struct FoundField {
    std::optional<wire::Annotation> annotation;
    bool inPlaintext = false;
    ByteView bytes; // the buffer the annotation's offsets count in
};

// A key's occurrences count across both, as tshark counts them in a frame it decrypts.
FoundField findField(const ike::DatagramInfo& d, const FieldRef& field) {
    std::size_t remaining = field.index;
    const auto matches = [&](const wire::Annotation& a) {
        if (field.key.empty()) return a.path == field.legacyPath; // a lesson from before keys
        return a.key == field.key && --remaining == 0;
    };
    for (wire::Annotation& a : d.annotations())
        if (matches(a)) return {std::move(a), false, d.udpPayload};
    for (wire::Annotation& a : d.plaintextAnnotations())
        if (matches(a)) return {std::move(a), true, d.plaintext};
    return {};
}

const ike::DatagramInfo* datagramOf(const lab::LabEvent& e) {
    return e.ike() ? e.ike()->as<ike::DatagramInfo>() : nullptr;
}

// The bytes an event carries: an IKE datagram as on the wire, an ESP/AH packet, a captured packet.
std::optional<ByteView> bytesOf(const lab::LabEvent& e) {
    if (const auto* d = datagramOf(e)) return ByteView(d->udpPayload);
    if (const auto* p = e.as<lab::DataPlaneRecord>()) return ByteView(p->packet);
    if (const auto* p = e.as<lab::PacketRecord>()) return ByteView(p->packet);
    return std::nullopt;
}

std::optional<ByteView> derivedBytes(const lab::LabEvent& e) {
    if (!e.ike()) return std::nullopt;
    if (const auto* d = e.ike()->as<ike::Derivation>()) return d->value.view();
    if (const auto* dh = e.ike()->as<ike::DhInfo>()) return dh->sharedSecret.view();
    return std::nullopt;
}

Result<ByteView> slice(ByteView bytes, const ValueSource& s, const std::string& what) {
    if (s.offset > bytes.size())
        return fail(what + " has " + std::to_string(bytes.size()) + " bytes: offset " + std::to_string(s.offset) +
                    " is beyond it");
    const std::size_t length = s.length.value_or(bytes.size() - s.offset);
    if (length > bytes.size() - s.offset)
        return fail(what + " has " + std::to_string(bytes.size()) + " bytes: " + std::to_string(length) +
                    " from offset " + std::to_string(s.offset) + " do not fit");
    return bytes.subspan(s.offset, length);
}

Result<std::string> render(ByteView bytes, ValueSource::Render how, const std::string& what) {
    switch (how) {
    case ValueSource::Render::Hex: return toHex(bytes);
    case ValueSource::Render::Length: return std::to_string(bytes.size());
    case ValueSource::Render::Number: {
        if (bytes.empty() || bytes.size() > 8)
            return fail(what + ": " + std::to_string(bytes.size()) + " bytes are not a number (1 to 8 bytes)");
        std::uint64_t n = 0;
        for (std::uint8_t b : bytes) n = (n << 8) | b;
        return std::to_string(n);
    }
    case ValueSource::Render::Value: return fail(what + ": \"as\": \"value\" needs an annotated field (a path)");
    }
    return fail("unknown rendering");
}

Result<std::string> toyValue(const ValueSource::Toy& t) {
    auto dh = crypto::ToyDiffieHellman::create(t.p, t.g, t.privateValue);
    if (!dh) return tl::unexpected(dh.error());
    if (!t.shared) return std::to_string(dh->publicValue());
    auto secret = dh->sharedSecret(*t.peerPublic);
    if (!secret) return tl::unexpected(secret.error());
    return std::to_string(*secret);
}

// An event the step does not show yet is as good as missing: the student cannot select it.
std::string notShown(const std::string& what, std::size_t index, std::size_t shown) {
    return what + " is event #" + std::to_string(index) + ", beyond what the step shows (the events up to #" +
           std::to_string(shown - 1) + ", its anchor)";
}

bool beyond(const lab::LabEvent* e, std::optional<std::size_t> shown) { return e && shown && e->index >= *shown; }

Result<std::string> eventValue(const lab::Timeline& timeline, const ValueSource& s, std::optional<std::size_t> shown) {
    const lab::LabEvent* e = timeline.find(s.id);
    if (!e) return fail("event " + s.id + " is not on the timeline");
    if (beyond(e, shown)) return fail(notShown("event " + s.id, e->index, *shown));
    if (s.field.empty()) {
        const auto bytes = bytesOf(*e);
        if (!bytes) return fail("event " + s.id + " carries no bytes (expected an IKE datagram or a packet)");
        auto part = slice(*bytes, s, s.id);
        if (!part) return tl::unexpected(part.error());
        return render(*part, s.render, s.id);
    }
    const auto* d = datagramOf(*e);
    if (!d) return fail("event " + s.id + " is not an IKE datagram: it has no annotated fields");
    const FoundField f = findField(*d, s.field);
    if (!f.annotation) return fail(s.id + " has no field " + s.field.describe());
    if (s.render == ValueSource::Render::Value) return f.annotation->value;
    const std::string what = s.id + " " + s.field.describe();
    if (f.annotation->offset + f.annotation->length > f.bytes.size())
        return fail(what + ": the annotation lies outside the datagram");
    auto part = slice(f.bytes.subspan(f.annotation->offset, f.annotation->length), s, what);
    if (!part) return tl::unexpected(part.error());
    return render(*part, s.render, what);
}

// The right edge of SA `sa`'s replay window after the latest verdict that moved it, up to `shown`.
Result<std::string> windowEdge(const lab::Timeline& timeline, const std::string& sa, std::optional<std::size_t> shown) {
    const std::string esp = "ESP." + sa + ".", ah = "AH." + sa + ".";
    bool seen = false;
    const std::size_t end = shown ? std::min(*shown, timeline.size()) : timeline.size();
    for (std::size_t i = end; i-- > 0;) {
        const lab::LabEvent& e = timeline.at(i);
        if (!startsWith(e.id, esp) && !startsWith(e.id, ah)) continue;
        seen = true;
        if (const auto* p = e.as<lab::DataPlaneRecord>(); p && p->window())
            return std::to_string(p->window()->rightEdge);
    }
    if (!seen) return fail("no packet of SA " + sa + " on the timeline" + (shown ? " at the anchor" : ""));
    return std::string("0"); // nothing received yet: the window starts at 0
}

// What an ESP or AH packet adds around the packet it carries: header, IV, padding, trailer, ICV.
Result<std::string> overhead(const lab::Timeline& timeline, const std::string& id, std::optional<std::size_t> shown) {
    const lab::LabEvent* e = timeline.find(id);
    if (!e) return fail("event " + id + " is not on the timeline");
    if (beyond(e, shown)) return fail(notShown("event " + id, e->index, *shown));
    const auto* p = e->as<lab::DataPlaneRecord>();
    if (!p || p->kind() != ipsec::EventKind::Verdict || p->verdict() != ipsec::Verdict::Accepted ||
        p->payload().empty())
        return fail("event " + id + " is not an accepted ESP or AH packet (its verdict event, ESP.A2B.seq1.verdict)");
    return std::to_string(p->packet.size() - p->payload().size());
}

} // namespace

const lab::LabEvent* findAnchor(const lab::Timeline& timeline, const std::string& anchor, std::size_t from) {
    if (anchor.empty() || anchor.back() != '*') {
        const lab::LabEvent* e = timeline.find(anchor);
        return e && e->index >= from ? e : nullptr;
    }
    const std::string prefix = anchor.substr(0, anchor.size() - 1);
    for (std::size_t i = from; i < timeline.size(); ++i)
        if (startsWith(timeline.at(i).id, prefix)) return &timeline.at(i);
    return nullptr;
}

bool sameBytes(const lab::Timeline& timeline, const std::string& a, const std::string& b) {
    const lab::LabEvent* x = timeline.find(a);
    const lab::LabEvent* y = timeline.find(b);
    const auto bx = x ? bytesOf(*x) : std::nullopt, by = y ? bytesOf(*y) : std::nullopt;
    return bx && by && std::equal(bx->begin(), bx->end(), by->begin(), by->end());
}

const lab::LabEvent* findDerived(const lab::Timeline& timeline, const std::string& roleOrId) {
    // A role ("A.KEYMAT.ESP.A2B") names the engine's id of this lab's SA (SaRoles.h).
    const auto resolved = resolveRoleId(timeline, roleOrId);
    if (!resolved) return nullptr;
    const std::string& siteAndId = *resolved;
    if (siteAndId.size() > 2 && siteAndId[1] == '.' && (siteAndId[0] == 'A' || siteAndId[0] == 'B'))
        if (const lab::LabEvent* e = timeline.derived(siteAndId[0] == 'A' ? lab::Origin::SiteA : lab::Origin::SiteB,
                                                      siteAndId.substr(2)))
            return e;
    // Also the lab event's own id (the same spelling for every value the engine derived).
    const lab::LabEvent* e = timeline.find(siteAndId);
    return e && derivedBytes(*e) ? e : nullptr;
}

namespace {

// Why findDerived found nothing: the role has no SA in this lab, or the id is not on the timeline.
std::string missingDerived(const lab::Timeline& timeline, const std::string& id) {
    const auto resolved = resolveRoleId(timeline, id);
    return resolved ? "no derived value " + id + " on the timeline" : resolved.error().message;
}

std::string nameOf(const Highlight& h) {
    switch (h.kind) {
    case Highlight::Kind::Field: return "field " + h.event + " " + h.field.describe();
    case Highlight::Kind::Key: return "key " + h.key;
    case Highlight::Kind::Window: return "window " + h.sa;
    case Highlight::Kind::Event: return "event " + h.event;
    case Highlight::Kind::ToyDh:
        return "toy DH p=" + std::to_string(h.toy.p) + " g=" + std::to_string(h.toy.g) +
               " a=" + std::to_string(h.toy.a) + " b=" + std::to_string(h.toy.b);
    }
    return "?";
}

} // namespace

std::string ResolvedHighlight::describe() const {
    const std::string what = nameOf(highlight);
    if (!resolved()) return what + ": " + problem;
    if (highlight.kind == Highlight::Kind::ToyDh) return what + " -> the Keys dock's by-hand page";
    std::string out = what + " -> event #" + std::to_string(*eventIndex);
    if (field)
        out += (inPlaintext ? ", decrypted bytes " : ", bytes ") + std::to_string(field->offset) + "+" +
               std::to_string(field->length) + " = " + field->value;
    return out;
}

ResolvedHighlight resolveHighlight(const lab::Timeline& timeline, const Highlight& h,
                                   std::optional<std::size_t> shown) {
    ResolvedHighlight r;
    r.highlight = h;
    const lab::LabEvent* found = nullptr;
    switch (h.kind) {
    case Highlight::Kind::Event: {
        found = timeline.find(h.event);
        if (!found) r.problem = "event " + h.event + " is not on the timeline";
        break;
    }
    case Highlight::Kind::Key: {
        found = findDerived(timeline, h.key);
        if (!found) r.problem = missingDerived(timeline, h.key);
        break;
    }
    case Highlight::Kind::Field: {
        found = timeline.find(h.event);
        const ike::DatagramInfo* d = found ? datagramOf(*found) : nullptr;
        if (!d) {
            r.problem = found ? "event " + h.event + " is not an IKE datagram"
                              : "event " + h.event + " is not on the timeline";
            found = nullptr;
            break;
        }
        const FoundField f = findField(*d, h.field);
        if (!f.annotation) {
            r.problem = h.event + " has no field " + h.field.describe();
            found = nullptr;
            break;
        }
        r.field = *f.annotation;
        r.inPlaintext = f.inPlaintext;
        break;
    }
    case Highlight::Kind::Window: {
        // The SA's latest verdict (its window as it stands), else its latest packet.
        const std::string esp = "ESP." + h.sa + ".", ah = "AH." + h.sa + ".";
        std::optional<std::size_t> any;
        const std::size_t end = shown ? std::min(*shown, timeline.size()) : timeline.size();
        for (std::size_t i = end; i-- > 0;) {
            const std::string& id = timeline.at(i).id;
            if (!startsWith(id, esp) && !startsWith(id, ah)) continue;
            if (!any) any = i;
            if (id.find(".verdict") != std::string::npos) {
                r.eventIndex = i;
                break;
            }
        }
        if (!r.eventIndex) r.eventIndex = any;
        if (!r.eventIndex) r.problem = "no packet of SA " + h.sa + " on the timeline" + (shown ? " at the anchor" : "");
        return r;
    }
    case Highlight::Kind::ToyDh: return r; // no event: the panel computes it
    }
    if (beyond(found, shown)) {
        r.problem = notShown(nameOf(h), found->index, *shown);
        r.field.reset();
    } else if (found) {
        r.eventIndex = found->index;
    }
    return r;
}

Result<std::string> valueOf(const ValueSource& s, const lab::Timeline* timeline, const PskCrackResult* crack,
                            std::optional<std::size_t> shown) {
    if (s.kind == ValueSource::Kind::ToyDh) return toyValue(s.toy);
    if (s.kind == ValueSource::Kind::Crack) {
        if (!crack) return fail("no crack has run yet");
        if (s.crack == "tries") return std::to_string(crack->tried);
        if (!crack->key) return fail("the crack found no key (" + crack->describe() + ")");
        return *crack->key;
    }
    if (!timeline) return fail("no lab is running");
    if (s.kind == ValueSource::Kind::Event) return eventValue(*timeline, s, shown);
    if (s.kind == ValueSource::Kind::Window) return windowEdge(*timeline, s.id, shown);
    if (s.kind == ValueSource::Kind::Overhead) return overhead(*timeline, s.id, shown);
    const lab::LabEvent* e = findDerived(*timeline, s.id);
    const auto bytes = e ? derivedBytes(*e) : std::nullopt;
    if (!bytes) return fail(e ? "no derived value " + s.id + " on the timeline" : missingDerived(*timeline, s.id));
    if (beyond(e, shown)) return fail(notShown("derived value " + s.id, e->index, *shown));
    auto part = slice(*bytes, s, s.id);
    if (!part) return tl::unexpected(part.error());
    return render(*part, s.render, s.id);
}

} // namespace ipseclab::lesson
