// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Illustrated page's Content-Security-Policy: the browser runs no script and applies no style
// but the page's own inline ones, named by their SHA-256 (CSP level 2 hash sources), and loads
// nothing at all. The hashes are taken from the page as written, so whatever inline <script> and
// <style> elements it has (a lesson's too) are allowed, and nothing injected into it would be.

#include <string>

namespace ipseclab::page {

// `html` with a <meta http-equiv="Content-Security-Policy"> first in its <head>, allowing exactly
// the inline <script> and <style> elements it holds. `html` must contain "<head>".
std::string withContentSecurityPolicy(const std::string& html);

} // namespace ipseclab::page
