// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The pieces the Illustrated page is written from: text made safe for HTML, the sequence diagram,
// and the page's own style sheet and script.

#include <string>
#include <string_view>
#include <vector>

#include "lab/Lab.h"
#include "lab/Timeline.h"
#include "page/IllustratedMessages.h"

namespace ipseclab::page {

// `text` with & < > " ' written as entities: safe in element content and in quoted attributes.
std::string escapeHtml(std::string_view text);

// The sequence diagram as an inline SVG: Site A and Site B, one arrow per message, each a link to
// it ("#m3"); a band where the phase changes.
std::string sequenceDiagram(const std::vector<PageMessage>& messages);

// The key derivation chain as Site A computed it, then as Site B did: the Diffie-Hellman values, then
// each derived value with its formula, its inputs linked to the fields they came from (and to the
// value derived last under an id that repeats), and a few lines of Python that recompute it — g^xy
// too — from the bytes shown ("verify it yourself").
std::string derivationChain(const lab::Lab& lab, const std::vector<PageMessage>& messages);

// Every inbound ESP or AH packet's verdict per SA, and the receiver's anti-replay window after
// each, for the page's script to step through; empty when the run has none.
std::string replaySection(const lab::Lab& lab);

std::string_view pageStyle();
std::string_view pageScript();

} // namespace ipseclab::page
