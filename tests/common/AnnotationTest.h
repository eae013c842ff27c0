// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Looking through a decoder's annotations in a test: a field by its path, and the bytes no field names.

#include <QString>
#include <QStringList>

#include <cstddef>
#include <string>
#include <vector>

#include "wire/Annotation.h"

namespace ipseclab::test {

// The field at `path` ("ESP/Sequence Number"), the first one if several; null when there is none.
inline const wire::Annotation* findField(const wire::Annotations& annotations, const std::string& path) {
    for (const wire::Annotation& a : annotations)
        if (a.path == path) return &a;
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
