// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The sequence diagram as inline SVG. Its coordinates are a fixed viewBox that the page scales to
// the width it has, so the same drawing serves a phone and a projector.

#include <algorithm>
#include <optional>

#include "page/IllustratedHtml.h"

namespace ipseclab::page {

namespace {

constexpr int kWidth = 480;
constexpr int kLaneA = 78;
constexpr int kLaneB = 432;
constexpr int kTop = 46;              // below the lanes' names
constexpr int kRow = 34;              // one message
constexpr int kPhaseRow = 26;         // a phase's band
constexpr std::size_t kMaxLabel = 40; // longer labels are cut in the drawing (the title has them whole)

std::string num(int value) { return std::to_string(value); }

std::string fateClass(const PageMessage& m) {
    std::string css = m.fate == PageFate::Lost ? "lost" : m.fate == PageFate::Refused ? "refused" : "ok";
    if (m.attack) css += " attack";
    return css;
}

std::string shortLabel(const std::string& label) {
    if (label.size() <= kMaxLabel) return label;
    std::size_t cut = kMaxLabel;
    while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut; // not inside a UTF-8 character
    return label.substr(0, cut) + "…";
}

// One message's arrow: a link to its section, with a hit area as wide as the row.
std::string arrow(const PageMessage& m, std::size_t index, int y) {
    const bool rightwards = m.from != lab::Origin::SiteB;
    const int x1 = rightwards ? kLaneA : kLaneB;
    const int x2lane = rightwards ? kLaneB : kLaneA;
    // A lost packet stops half-way, with a cross where it vanished.
    const int x2 = m.fate == PageFate::Lost ? (x1 + x2lane) / 2 : x2lane;
    const int head = rightwards ? -9 : 9;
    const int ly = y + 20;
    const std::string id = std::to_string(index + 1);
    const std::string name = m.label + (rightwards ? ", A to B" : ", B to A") +
                             (m.receiver.empty() ? "" : ": " + m.receiver);
    std::string svg = "<a class=\"arrow " + fateClass(m) + "\" href=\"#m" + id + "\" data-m=\"" + id +
                      "\" role=\"button\" aria-label=\"" + escapeHtml(name) + "\"><title>" + escapeHtml(name) +
                      "</title>";
    svg += "<rect class=\"hit\" x=\"0\" y=\"" + num(y) + "\" width=\"" + num(kWidth) + "\" height=\"" + num(kRow) +
           "\"/>";
    svg += "<text class=\"time\" x=\"4\" y=\"" + num(ly + 4) + "\">" + escapeHtml(lab::formatSeconds(m.time)) +
           "</text>";
    svg += "<text class=\"label\" x=\"" + num((kLaneA + kLaneB) / 2) + "\" y=\"" + num(ly - 5) + "\">" +
           escapeHtml(shortLabel(m.label)) + "</text>";
    if (m.fate != PageFate::Accepted)
        svg += "<text class=\"verdict\" x=\"" + num((kLaneA + kLaneB) / 2) + "\" y=\"" + num(ly + 12) + "\">" +
               escapeHtml(shortLabel(shortVerdict(m))) + "</text>";
    svg += "<line x1=\"" + num(x1) + "\" y1=\"" + num(ly) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(ly) + "\"/>";
    if (m.fate == PageFate::Lost)
        svg += "<path class=\"cross\" d=\"M" + num(x2 - 6) + " " + num(ly - 6) + "l12 12m0 -12l-12 12\"/>";
    else svg += "<path class=\"head\" d=\"M" + num(x2) + " " + num(ly) + "l" + num(head) + " -5v10z\"/>";
    return svg + "</a>";
}

// The row under a flood's first packet: the rest of the flood as one, a link to the same section.
std::string groupRow(const PageMessage& m, std::size_t index, int y) {
    const std::string id = std::to_string(index + 1);
    const std::string text = "… and " + std::to_string(m.group.more) + " more of the flood";
    return "<a class=\"grouprow\" href=\"#m" + id + "\" aria-label=\"" +
           escapeHtml(text + ", summed up with message " + id) + "\"><rect class=\"hit\" x=\"0\" y=\"" + num(y) +
           "\" width=\"" + num(kWidth) + "\" height=\"" + num(kRow) + "\"/><text class=\"time\" x=\"4\" y=\"" +
           num(y + 24) + "\">" + escapeHtml(lab::formatSeconds(m.group.last)) + "</text><text class=\"label\" x=\"" +
           num((kLaneA + kLaneB) / 2) + "\" y=\"" + num(y + 20) + "\">" + escapeHtml(text) + "</text></a>";
}

} // namespace

std::string sequenceDiagram(const std::vector<PageMessage>& messages) {
    std::string rows;
    int y = kTop;
    std::optional<lab::Phase> phase;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (messages[i].phase != phase) {
            phase = messages[i].phase;
            rows += "<rect class=\"phase\" x=\"0\" y=\"" + num(y + 2) + "\" width=\"" + num(kWidth) + "\" height=\"" +
                    num(kPhaseRow - 4) + "\"/><text class=\"phase\" x=\"" + num(kWidth / 2) + "\" y=\"" + num(y + 18) +
                    "\">" + escapeHtml(std::string(lab::phaseName(*phase))) + "</text>";
            y += kPhaseRow;
        }
        rows += arrow(messages[i], i, y);
        y += kRow;
        if (messages[i].group.more) {
            rows += groupRow(messages[i], i, y);
            y += kRow;
        }
    }
    const int height = y + 10;
    std::string svg = "<svg class=\"sequence\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
                      "\" role=\"group\" aria-label=\"Sequence diagram: " + std::to_string(messages.size()) +
                      " datagrams between Site A and Site B\">";
    for (const auto& [x, name] : {std::pair{kLaneA, "Site A"}, std::pair{kLaneB, "Site B"}})
        svg += "<text class=\"lane-name\" x=\"" + num(x) + "\" y=\"22\">" + name + "</text><line class=\"lane\" x1=\"" +
               num(x) + "\" y1=\"32\" x2=\"" + num(x) + "\" y2=\"" + num(height) + "\"/>";
    return svg + rows + "</svg>";
}

} // namespace ipseclab::page
