// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/LessonTemplate.h"

#include <cctype>

#include "base/Bytes.h"

#include "lesson/SaRoles.h"
#include "lesson/TimelineLookup.h"

namespace ipseclab::lesson {

namespace {

std::vector<std::string_view> splitColons(std::string_view spec) {
    std::vector<std::string_view> parts;
    for (std::size_t at = 0;;) {
        const std::size_t colon = spec.find(':', at);
        parts.push_back(spec.substr(at, colon == std::string_view::npos ? std::string_view::npos : colon - at));
        if (colon == std::string_view::npos) return parts;
        at = colon + 1;
    }
}

std::optional<std::size_t> number(std::string_view digits) {
    if (digits.empty() || digits.size() > 6) return std::nullopt;
    std::size_t n = 0;
    for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}

// One option after the reference: a rendering or a slice. Returns false when it is neither.
bool applyOption(std::string_view option, ValueSource& s, bool& rendered) {
    static const std::pair<std::string_view, ValueSource::Render> renderings[] = {
        {"hex", ValueSource::Render::Hex},
        {"number", ValueSource::Render::Number},
        {"length", ValueSource::Render::Length},
        {"value", ValueSource::Render::Value}};
    for (const auto& [name, how] : renderings) {
        if (option != name) continue;
        s.render = how;
        rendered = true;
        return true;
    }
    if (option == "first-byte") {
        s.offset = 0;
        s.length = 1;
        return true;
    }
    if (option.substr(0, 6) != "bytes=") return false;
    const std::string_view range = option.substr(6);
    const std::size_t plus = range.find('+');
    const auto offset = number(range.substr(0, plus));
    const auto count = plus == std::string_view::npos ? std::nullopt : number(range.substr(plus + 1));
    if (!offset || !count) return false;
    s.offset = *offset;
    s.length = *count;
    return true;
}

// "A.QM1.sent/isakmp.spi#2" → the event and its field.
Result<void> parseField(std::string_view ref, ValueSource& s) {
    const std::size_t slash = ref.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == ref.size())
        return fail("a field is EVENT/KEY, e.g. A.QM1.sent/isakmp.messageid");
    s.id = std::string(ref.substr(0, slash));
    std::string_view key = ref.substr(slash + 1);
    if (const std::size_t hash = key.find('#'); hash != std::string_view::npos) {
        const auto index = number(key.substr(hash + 1));
        if (!index || *index == 0)
            return fail("\"" + std::string(key.substr(hash)) + "\" is not an occurrence (#1, #2, ...)");
        s.field.index = *index;
        key = key.substr(0, hash);
    }
    s.field.key = std::string(key);
    return {};
}

Result<LessonTemplate> parse(std::string_view spec) {
    const std::vector<std::string_view> parts = splitColons(spec);
    if (parts.size() < 2 || parts[1].empty())
        return fail("a template is {{kind:reference}} with kind spi, key, field or event");
    LessonTemplate t;
    const std::string_view kind = parts[0], ref = parts[1];
    if (kind == "spi") {
        if (!parseSaRole(ref)) return fail("\"" + std::string(ref) + "\" is not an SA role (A2B, B2A, A2B#2, ...)");
        if (parts.size() > 2) return fail("{{spi:SA}} takes no options");
        t.sa = std::string(ref);
        return t;
    }
    ValueSource& s = t.source;
    if (kind == "key") {
        s.kind = ValueSource::Kind::Derived;
        s.id = std::string(ref);
    } else if (kind == "event") {
        s.kind = ValueSource::Kind::Event;
        s.id = std::string(ref);
    } else if (kind == "field") {
        s.kind = ValueSource::Kind::Event;
        if (auto parsed = parseField(ref, s); !parsed) return tl::unexpected(parsed.error());
    } else {
        return fail("unknown kind \"" + std::string(kind) + "\" (spi, key, field or event)");
    }
    bool rendered = false;
    for (std::size_t i = 2; i < parts.size(); ++i)
        if (!applyOption(parts[i], s, rendered))
            return fail("unknown option \"" + std::string(parts[i]) +
                        "\" (hex, number, length, value, first-byte, bytes=OFFSET+COUNT)");
    // A field reads as its annotation's text unless asked otherwise; a slice of it, as hex.
    if (!rendered && kind == "field" && s.offset == 0 && !s.length) s.render = ValueSource::Render::Value;
    return t;
}

} // namespace

Result<std::vector<LessonTemplate>> findTemplates(std::string_view text) {
    std::vector<LessonTemplate> found;
    for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at)) {
        const std::size_t close = text.find("}}", at + 2);
        if (close == std::string_view::npos) return fail("\"{{\" without \"}}\": " + std::string(text.substr(at, 40)));
        const std::string_view written = text.substr(at, close + 2 - at);
        auto t = parse(text.substr(at + 2, close - at - 2));
        if (!t) return fail(std::string(written) + ": " + t.error().message);
        t->written = std::string(written);
        t->begin = at;
        found.push_back(std::move(*t));
        at = close + 2;
    }
    return found;
}

Result<std::string> templateValue(const LessonTemplate& t, const lab::Timeline& timeline,
                                  std::optional<std::size_t> shown) {
    if (!t.sa) return valueOf(t.source, &timeline, nullptr, shown);
    auto spi = spiOf(timeline, *t.sa, shown);
    if (!spi) return tl::unexpected(spi.error());
    return hex32(*spi);
}

std::string renderTemplates(std::string_view text, const lab::Timeline* timeline, std::optional<std::size_t> shown,
                            std::vector<std::string>& problems) {
    auto found = findTemplates(text);
    if (!found) {
        problems.push_back(found.error().message);
        return std::string(text);
    }
    std::string out;
    std::size_t copied = 0;
    for (const LessonTemplate& t : *found) {
        out += text.substr(copied, t.begin - copied);
        copied = t.begin + t.written.size();
        auto value = timeline ? templateValue(t, *timeline, shown) : fail("no lab runs at this step");
        if (!value) problems.push_back(t.written + ": " + value.error().message);
        out += value ? *value : t.written;
    }
    return out + std::string(text.substr(copied));
}

} // namespace ipseclab::lesson
