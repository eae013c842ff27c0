// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "page/ContentSecurityPolicy.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "crypto/Hash.h"

namespace ipseclab::page {

namespace {

std::string base64(ByteView bytes) {
    static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = std::uint32_t(bytes[i]) << 16;
        if (n > 1) group |= std::uint32_t(bytes[i + 1]) << 8;
        if (n > 2) group |= bytes[i + 2];
        for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kDigits[(group >> (18 - 6 * k)) & 63] : '=';
    }
    return out;
}

// The hash sources of every `<tag ...>text</tag>` in `html`: 'sha256-<base64 of SHA-256(text)>'.
// The text of a script or style element is raw (no entities), so its bytes are what the browser
// hashes.
std::string hashSources(std::string_view html, std::string_view tag) {
    const std::string open = "<" + std::string(tag);
    const std::string close = "</" + std::string(tag) + ">";
    std::string sources;
    for (std::size_t at = html.find(open); at != std::string_view::npos; at = html.find(open, at)) {
        const char next = at + open.size() < html.size() ? html[at + open.size()] : '\0';
        if (next != '>' && next != ' ') { // "<styles", not a style element
            at += open.size();
            continue;
        }
        const std::size_t begin = html.find('>', at);
        const std::size_t end = begin == std::string_view::npos ? begin : html.find(close, begin);
        if (end == std::string_view::npos) break;
        const std::string_view text = html.substr(begin + 1, end - begin - 1);
        const Bytes digest = crypto::hash(crypto::HashAlgorithm::Sha256,
                                          ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
        sources += " 'sha256-" + base64(digest) + "'";
        at = end + close.size();
    }
    return sources.empty() ? " 'none'" : sources;
}

} // namespace

std::string withContentSecurityPolicy(const std::string& html) {
    static constexpr std::string_view kHead = "<head>";
    static constexpr std::string_view kCharset = "<meta charset=\"utf-8\">"; // stays first, in the first 1024 bytes
    std::size_t at = html.find(kHead);
    if (at == std::string::npos) return html;
    at += kHead.size();
    if (std::string_view(html).substr(at).starts_with(kCharset)) at += kCharset.size();
    const std::string_view rest = std::string_view(html).substr(at);
    // No base URI or form target either: nothing in the page can send a request anywhere.
    const std::string meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src" +
                             hashSources(rest, "style") + "; script-src" + hashSources(rest, "script") +
                             "; img-src data:; base-uri 'none'; form-action 'none'\">";
    std::string out;
    out.reserve(html.size() + meta.size());
    out.append(html, 0, at).append(meta).append(rest);
    return out;
}

} // namespace ipseclab::page
