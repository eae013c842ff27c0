// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/HexText.h"

#include <QObject>

namespace ipseclab::ui {

QString groupedHex(ByteView bytes, std::size_t group) { return QString::fromStdString(toHexGrouped(bytes, group)); }

QString elidedHex(ByteView bytes, std::size_t head, std::size_t tail) {
    if (bytes.size() <= head + tail) return groupedHex(bytes);
    return QObject::tr("%1 … %2 (%3 bytes)")
        .arg(groupedHex(bytes.first(head)), groupedHex(bytes.last(tail)))
        .arg(bytes.size());
}

} // namespace ipseclab::ui
