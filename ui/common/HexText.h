// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Byte strings as the Keys inspector prints them: lower-case hex in groups of four bytes, and a
// shortened form ("9e700127 5a1c… ae59 (256 bytes)") where a whole value would not fit.

#include <QString>

#include "base/Bytes.h"

namespace ipseclab::ui {

// "b470a367 5c0e1f22 ..." with a space every `group` bytes.
QString groupedHex(ByteView bytes, std::size_t group = 4);
// The whole value when it has at most `head` + `tail` bytes; otherwise its first `head` and last
// `tail` bytes around an ellipsis, and the length.
QString elidedHex(ByteView bytes, std::size_t head = 12, std::size_t tail = 4);

} // namespace ipseclab::ui
