// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What a decoder (or an encoder, by decoding what it wrote) says about each field: the role
// Wireshark's registered header fields play. The GUI's field tree and hex pane both read these.
// A field is found by its key (Field.h) and, when the key repeats, by its occurrence; the path is
// the tree's display and is never looked up.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "wire/Field.h"

namespace ipseclab::wire {

struct Annotation {
    std::string key;     // the registered field's key: "isakmp.nonce", "ipseclab.isakmp.payload.sa"
    std::string path;    // "SA/Proposal#1/Transform#1/Encryption Algorithm"; '/' separates tree levels
    std::size_t offset;  // first byte, relative to the buffer the caller decoded (see Annotator::base)
    std::size_t length;  // bytes covered; a container covers its children
    std::string value;   // the value as text: "AES-CBC (7)", "0x0766e24bc7b0e239", "296"
    std::string meaning; // one line a student understands
};

using Annotations = std::vector<Annotation>;

// The `index`th annotation (1 = the first) of the field registered as `key`, or nullptr: how a
// field is found, the way Wireshark's "-E occurrence" counts a repeated field.
inline const Annotation* findAnnotation(const Annotations& annotations, std::string_view key, std::size_t index = 1) {
    for (const Annotation& a : annotations)
        if (a.key == key && --index == 0) return &a;
    return nullptr;
}

// Collects annotations under a path prefix and a byte base, so nested decoders can stay unaware of
// where their bytes sit. A null sink means the caller does not want annotations.
class Annotator {
public:
    Annotator(Annotations* sink, std::string prefix = {}, std::size_t base = 0)
        : m_sink(sink), m_prefix(std::move(prefix)), m_base(base) {}

    bool enabled() const { return m_sink != nullptr; }
    std::size_t base() const { return m_base; }
    const std::string& prefix() const { return m_prefix; }

    // Adds the registered `field`, shown as `name` in the tree (a repeated container's "VID#2", or
    // an attribute's "Attribute Value"), with the field's meaning unless one is given. Returns the
    // annotation's place in the sink, for setValue (0 without a sink).
    std::size_t add(const Field& field, const std::string& name, std::size_t offset, std::size_t length,
                    std::string value, std::string meaning = {}) const {
        if (!m_sink) return 0;
        m_sink->push_back(Annotation{std::string(field.key), join(name), m_base + offset, length, std::move(value),
                                     meaning.empty() ? std::string(field.meaning) : std::move(meaning)});
        return m_sink->size() - 1;
    }
    std::size_t add(const Field& field, std::size_t offset, std::size_t length, std::string value,
                    std::string meaning = {}) const {
        return add(field, std::string(field.name), offset, length, std::move(value), std::move(meaning));
    }

    // An annotation made by another annotator over the same sink's coordinates (collected aside
    // while its container's outcome was not known yet), taken as it is.
    void append(Annotation annotation) const {
        if (m_sink) m_sink->push_back(std::move(annotation));
    }

    // Fills in the value of an annotation added before its value was known (a container whose
    // value text sums up its children).
    void setValue(std::size_t place, std::string value) const {
        if (m_sink && place < m_sink->size()) (*m_sink)[place].value = std::move(value);
    }

    // A child annotator for a nested structure starting at `offset` of this one's bytes.
    Annotator child(const std::string& name, std::size_t offset) const {
        return Annotator(m_sink, join(name), m_base + offset);
    }

    // The same level of the tree `offset` bytes further on: for the next header of a packet,
    // which Wireshark's tree shows beside the one before it, not inside.
    Annotator shifted(std::size_t offset) const { return Annotator(m_sink, m_prefix, m_base + offset); }

private:
    std::string join(const std::string& name) const { return m_prefix.empty() ? name : m_prefix + "/" + name; }

    Annotations* m_sink;
    std::string m_prefix;
    std::size_t m_base;
};

} // namespace ipseclab::wire
