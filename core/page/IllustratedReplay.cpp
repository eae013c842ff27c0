// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The anti-replay section of the Illustrated page: every inbound ESP or AH packet's verdict, per SA,
// and the receiver's window after each. The window is the core's own (ipsec::ReplayWindow) moved
// by the deltas the receiver recorded, so the page shows the edges and bits the SA had; the
// script only draws what each step says and steps through them.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "ipsec/ReplayWindow.h"
#include "page/IllustratedHtml.h"

namespace ipseclab::page {

namespace {

// The steps kept per SA: a flood's thousands would make the page heavy for nothing, and a large
// window's bitmap costs size/4 characters per step.
std::size_t stepLimit(std::uint32_t size) { return std::clamp<std::size_t>(160000 / (size / 4 + 120), 40, 400); }

// The class the page colours a verdict with.
const char* verdictClass(ipsec::Verdict v) {
    switch (v) {
    case ipsec::Verdict::Accepted: return "ok";
    case ipsec::Verdict::Duplicate: return "dup";
    case ipsec::Verdict::TooOld: return "old";
    default: return "bad";
    }
}

// The window's bits from its left edge, four a hex digit, the first the highest bit of the first.
std::string bits(const ipsec::ReplayWindow& window, std::uint64_t left) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::uint32_t i = 0; i < window.size(); i += 4) {
        unsigned nibble = 0;
        for (std::uint32_t j = 0; j < 4; ++j) nibble = nibble << 1 | (window.received(left + i + j) ? 1U : 0U);
        out += kHex[nibble];
    }
    return out;
}

std::uint64_t leftEdge(std::uint64_t right, std::uint32_t size) { return right >= size ? right - size + 1 : 1; }

struct SaSteps {
    std::string name;
    lab::Origin receiver = lab::Origin::SiteB;
    ipsec::IpsecProtocol protocol = ipsec::IpsecProtocol::Esp;
    std::uint32_t size = 0;                    // 0: anti-replay off
    std::optional<ipsec::ReplayWindow> window; // none when off
    std::uint64_t right = 0;
    std::size_t total = 0;
    std::string items;
};

std::string attackName(const std::vector<lab::AttackReport>& attacks, int index) {
    for (const lab::AttackReport& a : attacks)
        if (a.index == index) return "attack " + std::to_string(index) + " (" + a.spec.toString() + ")";
    return "attack " + std::to_string(index);
}

// One packet's step: its verdict, and the window after it as data the script draws.
void addStep(SaSteps& sa, const lab::LabEvent& e, const lab::DataPlaneRecord& v,
             const std::vector<lab::AttackReport>& attacks) {
    const std::uint64_t before = sa.right;
    const std::optional<ipsec::WindowDelta> window = v.window();
    if (window && sa.window) {
        sa.window->update(window->marked);
        sa.right = sa.window->rightEdge();
    } else if (window) {
        sa.right = std::max(sa.right, window->rightEdge);
    }
    if (++sa.total > stepLimit(sa.size)) return;
    const std::uint64_t left = leftEdge(sa.right, sa.size);
    std::string text = lab::formatSeconds(e.time) + " · seq " + std::to_string(v.sequenceNumber()) + " · " +
                       std::string(ipsec::verdictName(v.verdict()));
    if (e.attack) text += " · " + attackName(attacks, *e.attack);
    std::string item = "<li class=\"v-" + std::string(verdictClass(v.verdict())) + (e.attack ? " attack" : "") +
                       "\" data-seq=\"" + std::to_string(v.sequenceNumber()) + "\" data-prev=\"" +
                       std::to_string(before) + "\" data-right=\"" + std::to_string(sa.right) + "\"";
    if (sa.window) item += " data-left=\"" + std::to_string(left) + "\" data-bits=\"" + bits(*sa.window, left) + "\"";
    item += "><button type=\"button\">" + escapeHtml(text) + "</button>";
    if (!v.reason().empty()) item += "<span class=\"why\">" + escapeHtml(v.reason()) + "</span>";
    sa.items += item + "</li>";
}

std::string saSection(const SaSteps& sa, std::size_t number) {
    const std::string site = sa.receiver == lab::Origin::SiteA ? "Site A" : "Site B";
    const std::string name = std::string(sa.protocol == ipsec::IpsecProtocol::Ah ? "AH " : "ESP ") + sa.name;
    const std::string id = "w" + std::to_string(number);
    std::string html = "<div class=\"sa\" id=\"" + id + "\" data-size=\"" + std::to_string(sa.size) + "\"><h3>" +
                       escapeHtml(name) + ", received by " + site + " · ";
    html += sa.size ? "a window of " + std::to_string(sa.size) + " packets"
                    : "anti-replay off: every copy of a packet is accepted";
    html += "</h3>";
    if (sa.total > stepLimit(sa.size))
        html += "<p class=\"sub\" role=\"note\">The first " + std::to_string(stepLimit(sa.size)) + " of its " +
                std::to_string(sa.total) + " packets; the capture has them all.</p>";
    html += "<div class=\"controls\" role=\"group\" aria-label=\"Step through " + escapeHtml(name) +
            "'s packets\"><button type=\"button\" class=\"first\">First</button>"
            "<button type=\"button\" class=\"back\">◀ Back</button>"
            "<button type=\"button\" class=\"play\" aria-pressed=\"false\">▶ Play</button>"
            "<button type=\"button\" class=\"fwd\">Step ▶</button>"
            "<button type=\"button\" class=\"last\">Last</button>"
            "<span class=\"pos\"></span></div>";
    if (sa.size)
        html += "<div class=\"edges\" aria-hidden=\"true\"><span class=\"l\"></span><span class=\"r\"></span></div>"
                "<div class=\"track\"><div class=\"win\" role=\"img\" aria-label=\"The window\"></div></div>";
    html += "<p class=\"now\" aria-live=\"polite\"></p><ol class=\"arrivals\" aria-label=\"" + escapeHtml(name) +
            "'s packets as " + site + " judged them\">" + sa.items + "</ol></div>";
    return html;
}

} // namespace

std::string replaySection(const lab::Lab& lab) {
    const std::vector<lab::AttackReport> attacks = lab.attackReports(false);
    const std::optional<std::uint64_t> esnStart = lab.scenario().labEsnStart;
    std::vector<SaSteps> sas; // in the order their first packet came
    std::map<std::pair<lab::Origin, std::string>, std::size_t> byName;
    for (const lab::LabEvent& e : lab.timeline()) {
        const auto* record = e.as<lab::DataPlaneRecord>();
        if (e.kind != lab::LabEventKind::DataPlane || e.origin == lab::Origin::Wire || !record) continue;
        const lab::DataPlaneRecord& v = *record;
        // An unknown SPI's packet belongs to no SA: no window sees it.
        if (v.kind() != ipsec::EventKind::Verdict || v.verdict() == ipsec::Verdict::UnknownSpi) continue;
        auto [found, added] = byName.emplace(std::pair{e.origin, v.label()}, sas.size());
        if (added) {
            SaSteps sa;
            sa.name = v.label();
            sa.receiver = e.origin;
            sa.protocol = v.protocol();
            sa.size = e.origin == lab::Origin::SiteA ? lab.scenario().siteA.replayWindow
                                                     : lab.scenario().siteB.replayWindow;
            // A new SA assumes everything up to its first number received, as the SA itself does.
            sa.right = esnStart ? *esnStart - 1 : 0;
            if (sa.size)
                if (auto window = ipsec::ReplayWindow::create(sa.size, true, sa.right)) sa.window = std::move(*window);
            sas.push_back(std::move(sa));
        }
        addStep(sas[found->second], e, v, attacks);
    }
    if (sas.empty()) return {};
    std::string html = "<section class=\"replay\" aria-labelledby=\"replay\"><h2 id=\"replay\">The anti-replay window"
                       "</h2><p class=\"sub\">Every ESP or AH packet a gateway received, with its verdict, and the "
                       "receiver's window after it: a filled cell is a sequence number received. Step through them, "
                       "or play.</p>";
    for (std::size_t i = 0; i < sas.size(); ++i) html += saSection(sas[i], i + 1);
    return html + "</section>";
}

} // namespace ipseclab::page
