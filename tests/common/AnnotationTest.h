// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Looking through a decoder's annotations in a test, beside wire::findAnnotation (a field by key
// and occurrence, as lessons and views find it): a field inside another, a field's container, and
// the bytes no field names.

#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "wire/Annotation.h"

namespace ipseclab::test {

// The `index`th field `key` among the bytes `container` covers (one transform's attributes, one ID
// payload's fields); null when the container is null or holds none.
inline const wire::Annotation* findFieldIn(const wire::Annotations& annotations, const wire::Annotation* container,
                                           std::string_view key, std::size_t index = 1) {
    if (!container) return nullptr;
    for (const wire::Annotation& a : annotations)
        if (a.key == key && a.offset >= container->offset &&
            a.offset + a.length <= container->offset + container->length && --index == 0)
            return &a;
    return nullptr;
}

// The annotation `field` is part of (an attribute for its value, a payload for its header's
// fields): the nearest one before it that covers its bytes, as containers precede their children;
// null when there is none.
inline const wire::Annotation* parentOf(const wire::Annotations& annotations, const wire::Annotation* field) {
    if (!field) return nullptr;
    const wire::Annotation* parent = nullptr;
    for (const wire::Annotation& a : annotations) {
        if (&a == field) return parent;
        if (a.offset <= field->offset && field->offset + field->length <= a.offset + a.length) parent = &a;
    }
    return nullptr;
}

// Which of a `size`-byte buffer's bytes no field covers (a zero-length field covers none), as
// "5, 6, 7"; empty when every byte has its field.
inline QString uncoveredBytes(const wire::Annotations& annotations, std::size_t size) {
    std::vector<bool> covered(size, false);
    for (const wire::Annotation& a : annotations)
        for (std::size_t i = a.offset; i < a.offset + a.length && i < size; ++i) covered[i] = true;
    QStringList missing;
    for (std::size_t i = 0; i < size; ++i)
        if (!covered[i]) missing << QString::number(i);
    return missing.join(", ");
}

// Empty when the leaf annotations (those no other annotation nests under) tile [0, total) exactly
// and every nested annotation comes after its container; otherwise what is wrong.
inline std::string annotationProblem(const wire::Annotations& annotations, std::size_t total) {
    std::set<std::string> containers;
    std::map<std::string, std::size_t> firstIndex;
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const std::string& path = annotations[i].path;
        firstIndex.emplace(path, i);
        for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
            containers.insert(path.substr(0, slash));
    }
    std::vector<const wire::Annotation*> leaves;
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const wire::Annotation& a = annotations[i];
        const std::size_t slash = a.path.rfind('/');
        if (slash != std::string::npos) {
            const auto parent = firstIndex.find(a.path.substr(0, slash));
            if (parent == firstIndex.end()) return "no container annotation for " + a.path;
            if (parent->second > i) return "container " + parent->first + " comes after its child " + a.path;
            const wire::Annotation& p = annotations[parent->second];
            if (a.offset < p.offset || a.offset + a.length > p.offset + p.length)
                return a.path + " lies outside its container";
        }
        if (a.length == 0) return "empty annotation " + a.path;
        if (!containers.count(a.path)) leaves.push_back(&a);
    }
    std::sort(leaves.begin(), leaves.end(), [](auto* x, auto* y) { return x->offset < y->offset; });
    std::size_t covered = 0;
    for (const wire::Annotation* leaf : leaves) {
        if (leaf->offset != covered)
            return (leaf->offset > covered ? "gap before " : "overlap at ") + leaf->path + " (offset " +
                   std::to_string(leaf->offset) + ", covered up to " + std::to_string(covered) + ")";
        covered = leaf->offset + leaf->length;
    }
    if (covered != total) return "leaves cover " + std::to_string(covered) + " of " + std::to_string(total) + " bytes";
    return {};
}

// Wrong values for a length field holding `original` (at most `maxValue`): zero, too small for any
// header, one off either way, the largest.
inline std::vector<std::uint32_t> wrongLengths(std::uint32_t original, std::uint32_t maxValue) {
    std::vector<std::uint32_t> values;
    for (std::uint32_t v : {0u, 1u, 3u, original - 1, original + 1, maxValue})
        if (v != original && v <= maxValue && std::find(values.begin(), values.end(), v) == values.end())
            values.push_back(v);
    return values;
}

} // namespace ipseclab::test
