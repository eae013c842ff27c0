// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "Error.h"

namespace ipseclab {

std::string Error::toString() const {
    std::string out = field;
    if (offset) out += (out.empty() ? "byte " : " at byte ") + std::to_string(*offset);
    if (!out.empty()) out += ": ";
    return out + message;
}

} // namespace ipseclab
