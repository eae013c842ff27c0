// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Looking through a decoder's annotations in a test, beside wire::findAnnotation (a field by key
// and occurrence, as lessons and views find it): a field inside another, a field's container, and
// the bytes no field names.

#include <QString>
#include <QStringList>

#include <cstddef>
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

} // namespace ipseclab::test
