// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// "The Illustrated IPsec page" (issue 19): a run as one self-contained HTML file — the sequence
// diagram as inline SVG, every datagram's bytes beside its annotated fields (hover a byte, see its
// field; hover a field, see its bytes), and the key derivation chain with its formulas. The CSS and
// the script are inline and the page asks for nothing over the network, so it works from a USB
// stick. It reads the timeline only, and the same run gives the same bytes of HTML.

#include <string>
#include <string_view>

#include "base/Error.h"
#include "lab/Lab.h"

namespace ipseclab::page {

struct PageOptions {
    std::string title; // the heading; empty: "scenario <name>, seed <N>"
    // A lesson's part (page/IllustratedLesson.h): its section above the run, its style and script.
    std::string lesson;
    std::string_view style;
    std::string_view script;
};

std::string illustratedPage(const lab::Lab& lab, const PageOptions& options = {});
// The page of a lesson that runs no lab: its title (options.title) and lesson part, no run.
std::string readingPage(const PageOptions& options);

// Writes the page to `path`; the error names the path and why it could not be written.
Result<void> writeIllustratedPage(const lab::Lab& lab, const std::string& path, const PageOptions& options = {});

} // namespace ipseclab::page
