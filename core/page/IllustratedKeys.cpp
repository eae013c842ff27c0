// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The key derivation chain of the Illustrated page. Every derived value of IKEv1 is one of three
// kinds (core/ike/Keymat.cpp): prf(key, data), hash(data) cut to a length, or the first bytes of
// data; the event carries the exact data, so one line of Python recomputes each from what is shown.

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "page/IllustratedHtml.h"

namespace ipseclab::page {

namespace {

std::string attr(std::size_t value) { return "\"" + std::to_string(value) + "\""; }

// Where a derivation's input came from, linked to its bytes when it is a field of a datagram.
std::string inputSource(const ike::Source& s, const std::map<std::string, std::size_t>& messageOf,
                        const std::vector<PageMessage>& messages) {
    switch (s.kind) {
    case ike::Source::Kind::Derived: return "<a href=\"#d-" + escapeHtml(s.id) + "\">" + escapeHtml(s.id) + "</a>";
    case ike::Source::Kind::Datagram: {
        const auto found = messageOf.find(s.id);
        if (found == messageOf.end()) return escapeHtml(s.id + " " + s.field);
        const PageMessage& m = messages[found->second];
        // Offsets count in the ISAKMP message, or in the decrypted payloads (the second layer).
        const std::size_t layer = s.plaintext ? 1 : 0;
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

// `anchor`: the item's id in the page, "d-" and the value's id (a repeated id gets "~2", "~3"...).
std::string derivationItem(const ike::Derivation& d, const std::string& anchor, const std::optional<Bytes>& key,
                           const std::map<std::string, std::size_t>& messageOf,
                           const std::vector<PageMessage>& messages) {
    std::string html = "<li class=\"derived\" id=\"" + escapeHtml(anchor) + "\"><p><b>" + escapeHtml(d.id) +
                       "</b> = <code>" + escapeHtml(d.formula.empty() ? d.function : d.formula) + "</code>";
    if (!d.function.empty())
        html += " <span class=\"muted\">(" + escapeHtml(d.function) +
                (d.keyName.empty() ? "" : " keyed with " + escapeHtml(d.keyName)) + ")</span>";
    html += "</p><p class=\"value\">" + escapeHtml(toHexGrouped(d.value.view())) + "</p><ul class=\"inputs\">";
    for (const ike::InputRef& input : d.inputs)
        html += "<li>" + escapeHtml(input.name) + " · " + std::to_string(input.length) + " bytes · " +
                inputSource(input.source, messageOf, messages) + "</li>";
    html += "</ul>";
    if (const auto line = verifyLine(d, key))
        html += "<details class=\"verify\"><summary>Verify it yourself</summary><pre><code>" + escapeHtml(*line) +
                "</code></pre></details>";
    return html + "</li>";
}

std::string dhItem(const std::string& id, const ike::DhInfo& dh) {
    const auto row = [](const char* name, ByteView bytes) {
        return "<p>" + std::string(name) + " <span class=\"value\">" + escapeHtml(toHexGrouped(bytes)) + "</span></p>";
    };
    return "<li class=\"derived\" id=\"d-" + escapeHtml(id) + "\"><p><b>" + escapeHtml(id) + "</b> · " +
           escapeHtml(dh.purpose) + ", " + escapeHtml(std::string(crypto::dhGroupInfo(dh.group).name)) + "</p>" +
           row("Site A's private value x", dh.privateValue.view()) + row("g^x (sent)", dh.ourPublic) +
           row("g^y (received)", dh.peerPublic) + row("g^xy", dh.sharedSecret.view()) + "</li>";
}

} // namespace

std::string derivationChain(const lab::Lab& lab, const std::vector<PageMessage>& messages) {
    const auto messageOf = messageOfDatagram(messages);
    std::map<std::string, Bytes> values; // Site A's derived values so far, by id: the keys of later prfs
    std::map<std::string, int> seen;
    std::string html;
    for (const lab::LabEvent& e : lab.timeline()) {
        const ike::Event* ike = e.ike();
        if (!ike || e.origin != lab::Origin::SiteA) continue;
        if (const auto* dh = ike->as<ike::DhInfo>()) html += dhItem(ike->id, *dh);
        const auto* d = ike->as<ike::Derivation>();
        if (!d) continue;
        std::optional<Bytes> key;
        if (d->keySource.kind == ike::Source::Kind::Derived) {
            if (const auto found = values.find(d->keySource.id); found != values.end()) key = found->second;
        } else if (d->keySource.kind == ike::Source::Kind::Local && d->keyName == "pre-shared-key") {
            const std::string& psk = lab.scenario().siteA.psk;
            key = Bytes(psk.begin(), psk.end());
        }
        const int repeat = ++seen[d->id];
        html += derivationItem(*d, "d-" + d->id + (repeat > 1 ? "~" + std::to_string(repeat) : ""), key, messageOf,
                               messages);
        values[d->id] = Bytes(d->value.view().begin(), d->value.view().end());
    }
    return html.empty() ? std::string()
                        : "<section class=\"keys\" aria-labelledby=\"keys\"><h2 id=\"keys\">The key derivation chain "
                          "(Site A)</h2><ol class=\"chain\">" +
                              html + "</ol></section>";
}

} // namespace ipseclab::page
