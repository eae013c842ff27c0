// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "page/IllustratedPage.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "capture/FileWriter.h"
#include "page/ContentSecurityPolicy.h"
#include "page/IllustratedHtml.h"
#include "wire/Field.h"
#include "wire/IpsecFields.h"
#include "wire/IsakmpFields.h"

namespace ipseclab::page {

namespace {

std::string attr(std::size_t value) { return "\"" + std::to_string(value) + "\""; }

// A field's row: indented by its depth in the packet tree, its Wireshark filter name (or ours,
// marked as such), its value and meaning. Its bytes are [offset, offset + length) of its layer.
std::string fieldRow(const wire::Annotation& a) {
    const auto depth = static_cast<std::size_t>(std::count(a.path.begin(), a.path.end(), '/'));
    const std::size_t slash = a.path.rfind('/');
    const std::string name = slash == std::string::npos ? a.path : a.path.substr(slash + 1);
    const bool ours = a.key.starts_with(wire::Field::kOwnPrefix);
    const std::size_t last = a.offset + a.length - (a.length ? 1 : 0);
    const std::string bytes = a.length <= 1 ? "byte " + std::to_string(a.offset)
                                            : "bytes " + std::to_string(a.offset) + "–" + std::to_string(last);
    // The encrypted part of the wire view: the decrypted view beside it is what these bytes hold.
    const bool encrypted = a.key == wire::isakmp_fields::kEncrypted.key ||
                           a.key == wire::esp_fields::kEncryptedData.key;
    return "<li class=\"f d" + std::to_string(std::min<std::size_t>(depth, 6)) + (encrypted ? " enc" : "") +
           "\" tabindex=\"0\" role=\"button\" data-o=" + attr(a.offset) + " data-l=" + attr(a.length) +
           " aria-label=\"" + escapeHtml(name + ", " + bytes + ": " + a.value) + "\"><span class=\"fn\">" +
           escapeHtml(name) + "</span> <span class=\"fv\">" + escapeHtml(a.value) + "</span> <code class=\"fk" +
           (ours ? " own" : "") + "\" title=\"" +
           (ours ? "the lab's own name: Wireshark has no filter for this field" : "Wireshark display filter") + "\">" +
           escapeHtml(a.key) + "</code> <span class=\"fb\">" + bytes + "</span><span class=\"fm\">" +
           escapeHtml(a.meaning) + "</span></li>";
}

// One layer: its fields beside its bytes. The script ties each byte to the deepest field over it.
std::string layerSection(const PageLayer& layer, std::size_t message, std::size_t index) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string html = "<div class=\"layer\" data-layer=" + attr(index) + "><h4>" + escapeHtml(layer.title) + " · " +
                       std::to_string(layer.bytes.size()) +
                       " bytes</h4><div class=\"pane\"><ol class=\"fields\" aria-label=\"Fields of " +
                       escapeHtml(layer.title) + "\">";
    for (const wire::Annotation& a : layer.fields) html += fieldRow(a);
    html += "</ol><div class=\"bytes\"><div class=\"hex\" tabindex=\"0\" role=\"group\" aria-roledescription=\"bytes\" "
            "aria-label=\"Bytes of message " +
            std::to_string(message) + ", " + escapeHtml(layer.title) +
            ": the arrow keys move from byte to byte and show each one's field\">";
    for (std::uint8_t b : layer.bytes) {
        html += "<i>";
        html += kHex[b >> 4];
        html += kHex[b & 15];
        html += "</i>";
    }
    return html + "</div><p class=\"here\" aria-live=\"polite\"></p></div></div></div>";
}

// A flood's first packet: the rest of the flood, summed up.
std::string groupNote(const PageGroup& g) {
    std::string fates;
    for (const auto& [fate, count] : g.fates)
        fates += (fates.empty() ? "" : ", ") + std::to_string(count) + " " + escapeHtml(fate);
    return "<p class=\"group\" role=\"note\">The first packet of " + escapeHtml(g.attack) + ". The " +
           std::to_string(g.more) + " after it, to " + escapeHtml(lab::formatSeconds(g.last)) +
           ", are summed up rather than shown one by one: " + fates + ". The run's capture has each of them.</p>";
}

std::string messageSection(const PageMessage& m, std::size_t number, std::size_t count) {
    const std::string n = std::to_string(number);
    const char* direction = m.from == lab::Origin::SiteB ? "B → A" : "A → B";
    std::string html = "<section class=\"msg\" id=\"m" + n + "\" aria-labelledby=\"t" + n + "\"><header><h3 id=\"t" +
                       n + "\"><span class=\"no\">" + n + "/" + std::to_string(count) + "</span> " +
                       escapeHtml(m.label) + "</h3><p class=\"meta\">" + direction + " · " +
                       escapeHtml(lab::formatSeconds(m.time)) +
                       (m.frame ? " · capture frame " + std::to_string(m.frame) : std::string()) + "</p>";
    if (!m.receiver.empty())
        html += "<p class=\"verdict " + std::string(m.fate == PageFate::Accepted ? "ok" : "bad") +
                "\">Receiver: " + escapeHtml(m.receiver) + "</p>";
    html += "<nav class=\"step\"><a href=\"#m" + std::to_string(number > 1 ? number - 1 : 1) +
            "\" class=\"prev\" rel=\"prev\">← previous</a><a href=\"#m" +
            std::to_string(number < count ? number + 1 : count) +
            "\" class=\"next\" rel=\"next\">next →</a></nav></header><p class=\"comment\">" + escapeHtml(m.comment) +
            "</p>";
    if (m.group.more) html += groupNote(m.group);
    // The packet as captured and what its receiver decrypted of it, side by side where there is room.
    html += m.layers.size() > 1 ? "<div class=\"views two\">" : "<div class=\"views\">";
    for (std::size_t i = 0; i < m.layers.size(); ++i) html += layerSection(m.layers[i], number, i);
    return html + "</div></section>";
}

std::string truncationNote(const PageMessages& wan) {
    const std::size_t left = wan.total - wan.shown.size() - wan.grouped;
    if (left == 0 && wan.grouped == 0) return {};
    std::string note = "<p class=\"sub\" role=\"note\">";
    if (wan.grouped) note += std::to_string(wan.grouped) + " packets of floods are summed up with each flood's first. ";
    if (left)
        note += "This page shows the first " + std::to_string(wan.shown.size()) + " of them" +
                (wan.grouped ? " and the floods among them" : "") + "; the other " + std::to_string(left) +
                " are in the run's capture (--pcap, or the window's Export the capture for Wireshark).";
    else note += "The run's capture has each of them (--pcap, or the window's Export the capture for Wireshark).";
    return note + "</p>";
}

std::string defaultTitle(const lab::Lab& lab) {
    return "scenario " + lab.scenario().name + ", seed " + std::to_string(lab.seed());
}

// The page around its body: the head, the top (`title` and what follows it: `intro`, from the
// paragraph's rest on), the lesson's part, `body`, the footer, the script; then its CSP.
std::string pageHtml(const std::string& title, const std::string& intro, const std::string& body,
                     const std::string& footer, const PageOptions& options) {
    const std::string html =
        "<!DOCTYPE html>\n<!-- SPDX-License-Identifier: GPL-3.0-or-later -->\n<html lang=\"en\"><head>"
        "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"color-scheme\" content=\"light dark\">"
        "<title>The Illustrated IPsec — " +
        escapeHtml(title) + "</title><style>" + std::string(pageStyle()) + std::string(options.style) +
        "</style></head><body><header class=\"top\"><h1>The Illustrated IPsec</h1><p class=\"sub\">" +
        escapeHtml(title) + intro + "</header>" + options.lesson + body + "<footer><p>" + footer +
        "</p></footer><script>" + std::string(pageScript()) + std::string(options.script) + "</script></body></html>\n";
    return withContentSecurityPolicy(html);
}

} // namespace

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    return out;
}

std::string illustratedPage(const lab::Lab& lab, const PageOptions& options) {
    const PageMessages wan = pageMessages(lab.timeline());
    const std::vector<PageMessage>& messages = wan.shown;
    const std::string title = options.title.empty() ? defaultTitle(lab) : options.title;
    const std::string intro = " · " + std::to_string(wan.total) +
                              " datagrams on the WAN, every byte explained. Choose an arrow; hover or focus a byte "
                              "to see its field, a field to see its bytes.</p>" +
                              truncationNote(wan);
    std::string body = "<main><nav class=\"diagram\" aria-label=\"Sequence diagram\">" + sequenceDiagram(messages) +
                       "</nav><div class=\"messages\">";
    for (std::size_t i = 0; i < messages.size(); ++i) body += messageSection(messages[i], i + 1, messages.size());
    body += "</div></main>" + replaySection(lab) + derivationChain(lab, messages);
    return pageHtml(title, intro, body,
                    "Made by IPsec Lab from the run's own timeline. This page works offline: it loads nothing. It "
                    "shows the Diffie-Hellman private values and the pre-shared key of this run: every secret needed "
                    "to decrypt its capture.",
                    options);
}

std::string readingPage(const PageOptions& options) {
    return pageHtml(options.title, " · a reading lesson: no lab runs in it.</p>", {},
                    "Made by IPsec Lab from the lesson's file. This page works offline: it loads nothing.", options);
}

Result<void> writeIllustratedPage(const lab::Lab& lab, const std::string& path, const PageOptions& options) {
    const std::string html = illustratedPage(lab, options);
    return capture::writeFile(path, ByteView(reinterpret_cast<const std::uint8_t*>(html.data()), html.size()));
}

} // namespace ipseclab::page
