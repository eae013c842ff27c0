// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The key derivation chain of the Illustrated page. Every derived value of IKEv1 is one of three
// kinds (core/ike/Keymat.cpp): prf(key, data), hash(data) cut to a length, or the first bytes of
// data; the event carries the exact data, so one line of Python recomputes each from what is shown.
// Each site's chain is shown: Site A's, then Site B's, which must agree on every shared value.

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "page/IllustratedHtml.h"

namespace ipseclab::page {

namespace {

std::string attr(std::size_t value) { return "\"" + std::to_string(value) + "\""; }

// The anchors of one site's chain: "d-" (Site A) or "dB-" (Site B) and the value's id, with "~2",
// "~3"... for a value derived again (a rekey, a second Quick Mode). An input names the latest.
struct Anchors {
    std::string prefix;
    std::map<std::string, int> seen;
    std::map<std::string, std::string> latest;

    // The anchor the next value of `id` gets; add() makes it the one links name, once the value's
    // own item (whose inputs name earlier values) is written.
    std::string next(const std::string& id) const {
        const auto found = seen.find(id);
        const int repeat = found == seen.end() ? 1 : found->second + 1;
        return prefix + id + (repeat > 1 ? "~" + std::to_string(repeat) : "");
    }
    void add(const std::string& id) {
        latest[id] = next(id);
        ++seen[id];
    }
    std::string link(const std::string& id, const std::string& text) const {
        const auto found = latest.find(id);
        if (found == latest.end()) return escapeHtml(text);
        return "<a href=\"#" + escapeHtml(found->second) + "\">" + escapeHtml(text) + "</a>";
    }
};

struct ChainContext {
    const std::map<std::string, std::size_t>& messageOf;
    const std::vector<PageMessage>& messages;
    Anchors anchors;
};

// Where a derivation's input came from, linked to its bytes when it is a field of a datagram.
std::string inputSource(const ike::Source& s, const ChainContext& c) {
    switch (s.kind) {
    case ike::Source::Kind::Derived: return c.anchors.link(s.id, s.id);
    case ike::Source::Kind::Datagram: {
        const auto found = c.messageOf.find(s.id);
        // Offsets count in the ISAKMP message, or in the decrypted payloads (the second layer, there
        // only if the receiver decrypted the message).
        const std::size_t layer = s.plaintext ? 1 : 0;
        if (found == c.messageOf.end() || c.messages[found->second].layers.size() <= layer)
            return escapeHtml(s.id + " " + s.field);
        const PageMessage& m = c.messages[found->second];
        const std::size_t offset = s.plaintext ? s.offset : s.offset + m.isakmpOffset;
        return "<a class=\"src\" href=\"#m" + std::to_string(found->second + 1) + "\" data-layer=" + attr(layer) +
               " data-o=" + attr(offset) + " data-l=" + attr(s.length) + ">" + escapeHtml(s.id) + " <code>" +
               escapeHtml(s.field) + "</code></a>";
    }
    case ike::Source::Kind::Local:
    case ike::Source::Kind::Constant: return escapeHtml(s.note);
    case ike::Source::Kind::Unknown: break;
    }
    return "";
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// The Python line that recomputes `d` from its data (and its prf key), or none when the key is not
// known here.
std::optional<std::string> verifyLine(const ike::Derivation& d, const std::optional<Bytes>& key) {
    const std::string data = "bytes.fromhex('" + toHex(d.data.view()) + "')";
    const std::string digits = std::to_string(2 * d.value.size());
    if (d.function.starts_with("HMAC-")) {
        if (!key) return std::nullopt;
        return "python3 -c \"import hmac; print(hmac.new(bytes.fromhex('" + toHex(*key) + "'), " + data + ", '" +
               lower(d.function.substr(5)) + "').hexdigest())\"";
    }
    if (!d.function.empty())
        return "python3 -c \"import hashlib; print(hashlib.new('" + lower(d.function) + "', " + data +
               ").hexdigest()[:" + digits + "])\"";
    return "python3 -c \"print(" + data + ".hex()[:" + digits + "])\"";
}

std::string verifyBlock(const std::string& line) {
    return "<details class=\"verify\"><summary>Verify it yourself</summary><pre><code>" + escapeHtml(line) +
           "</code></pre></details>";
}

std::string derivationItem(const ike::Derivation& d, const std::string& anchor, const std::optional<Bytes>& key,
                           const ChainContext& c) {
    std::string html = "<li class=\"derived\" id=\"" + escapeHtml(anchor) + "\"><p><b>" + escapeHtml(d.id) +
                       "</b> = <code>" + escapeHtml(d.formula.empty() ? d.function : d.formula) + "</code>";
    if (!d.function.empty())
        html += " <span class=\"muted\">(" + escapeHtml(d.function) +
                (d.keyName.empty() ? std::string() : " keyed with " + c.anchors.link(d.keySource.id, d.keyName)) +
                ")</span>";
    html += "</p><p class=\"value\">" + escapeHtml(toHexGrouped(d.value.view())) + "</p><ul class=\"inputs\">";
    for (const ike::InputRef& input : d.inputs)
        html += "<li>" + escapeHtml(input.name) + " · " + std::to_string(input.length) + " bytes · " +
                inputSource(input.source, c) + "</li>";
    html += "</ul>";
    if (const auto line = verifyLine(d, key)) html += verifyBlock(*line);
    return html + "</li>";
}

// The prime of a NIST curve as RFC 5903 writes it (a = -3 for both), for the Python that redoes the
// point multiplication.
std::string curvePrime(const std::string_view curve) {
    return curve == "P-384" ? "2**384 - 2**128 - 2**96 + 2**32 - 1" : "2**256 - 2**224 + 2**192 + 2**96 - 1";
}

// The Python that recomputes g^xy from the private value shown and the peer's public value: pow()
// for MODP, a double-and-add on the curve for ECP (the shared secret is the x coordinate).
std::string dhVerifyLine(const ike::DhInfo& dh) {
    const crypto::DhGroupInfo group = crypto::dhGroupInfo(dh.group);
    const std::string x = "int('" + toHex(dh.privateValue.view()) + "', 16)";
    const std::string digits = "'0" + std::to_string(2 * dh.sharedSecret.size()) + "x'";
    if (!group.isElliptic)
        return "python3 -c \"p = int('" + toHex(group.prime) + "', 16)\nprint(format(pow(int('" + toHex(dh.peerPublic) +
               "', 16), " + x + ", p), " + digits + "))\"";
    const std::size_t half = dh.peerPublic.size() / 2;
    const ByteView peer(dh.peerPublic);
    return "python3 -c \"p = " + curvePrime(group.curveName) + "  # " + std::string(group.curveName) +
           "'s prime; a = -3\n"
           "def add(P, Q):\n"
           "    if P is None or Q is None: return P or Q\n"
           "    if P == Q: s = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p)\n"
           "    elif P[0] == Q[0]: return None\n"
           "    else: s = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p)\n"
           "    x = (s * s - P[0] - Q[0]) % p\n"
           "    return (x, (s * (P[0] - x) - P[1]) % p)\n"
           "R, Q = None, (int('" +
           toHex(peer.first(half)) + "', 16), int('" + toHex(peer.subspan(half)) +
           "', 16))\n"
           "for bit in bin(" +
           x +
           ")[2:]:\n"
           "    R = add(R, R)\n"
           "    if bit == '1': R = add(R, Q)\n"
           "print(format(R[0], " +
           digits + "))\"";
}

std::string dhItem(const std::string& id, const std::string& anchor, const ike::DhInfo& dh, lab::Origin site) {
    const auto row = [](const std::string& name, ByteView bytes) {
        return "<p>" + name + " <span class=\"value\">" + escapeHtml(toHexGrouped(bytes)) + "</span></p>";
    };
    const bool a = site == lab::Origin::SiteA;
    return "<li class=\"derived dh\" id=\"" + escapeHtml(anchor) + "\"><p><b>" + escapeHtml(id) + "</b> · " +
           escapeHtml(dh.purpose) + ", " + escapeHtml(std::string(crypto::dhGroupInfo(dh.group).name)) + "</p>" +
           row(a ? "Site A's private value x" : "Site B's private value y", dh.privateValue.view()) +
           row(a ? "g^x (sent)" : "g^y (sent)", dh.ourPublic) +
           row(a ? "g^y (received)" : "g^x (received)", dh.peerPublic) + "<p>g^xy <span class=\"value shared\">" +
           escapeHtml(toHexGrouped(dh.sharedSecret.view())) + "</span></p>" + verifyBlock(dhVerifyLine(dh)) + "</li>";
}

// One site's chain, in the order it derived: its DH values, then each derived value.
std::string siteChain(const lab::Lab& lab, lab::Origin site, ChainContext& c) {
    std::map<std::string, Bytes> values; // the site's derived values so far, by id: the keys of later prfs
    const std::string& psk = site == lab::Origin::SiteA ? lab.scenario().siteA.psk : lab.scenario().siteB.psk;
    std::string html;
    for (const lab::LabEvent& e : lab.timeline()) {
        const ike::Event* ike = e.ike();
        if (!ike || e.origin != site) continue;
        if (const auto* dh = ike->as<ike::DhInfo>()) {
            html += dhItem(ike->id, c.anchors.next(ike->id), *dh, site);
            c.anchors.add(ike->id);
        }
        const auto* d = ike->as<ike::Derivation>();
        if (!d) continue;
        std::optional<Bytes> key;
        if (d->keySource.kind == ike::Source::Kind::Derived) {
            if (const auto found = values.find(d->keySource.id); found != values.end()) key = found->second;
        } else if (d->keySource.kind == ike::Source::Kind::Local && d->keyName == "pre-shared-key") {
            key = Bytes(psk.begin(), psk.end());
        }
        html += derivationItem(*d, c.anchors.next(d->id), key, c);
        c.anchors.add(d->id);
        values[d->id] = Bytes(d->value.view().begin(), d->value.view().end());
    }
    if (html.empty()) return {};
    const std::string name = site == lab::Origin::SiteA ? "Site A" : "Site B";
    const std::string heading = site == lab::Origin::SiteA ? "keys" : "keysB";
    return "<section class=\"keys\" aria-labelledby=\"" + heading + "\"><h2 id=\"" + heading +
           "\">The key derivation chain (" + name + ")</h2><ol class=\"chain\">" + html + "</ol></section>";
}

} // namespace

std::string derivationChain(const lab::Lab& lab, const std::vector<PageMessage>& messages) {
    const auto messageOf = messageOfDatagram(messages);
    ChainContext a{messageOf, messages, Anchors{"d-", {}, {}}};
    ChainContext b{messageOf, messages, Anchors{"dB-", {}, {}}};
    return siteChain(lab, lab::Origin::SiteA, a) + siteChain(lab, lab::Origin::SiteB, b);
}

} // namespace ipseclab::page
