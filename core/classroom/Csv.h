// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// CSV as RFC 4180 writes it, for the roster a teacher exports from a spreadsheet and the grade
// sheets the grader writes: fields separated by commas, a field with a comma, a quote or a line
// break in quotes, a quote in a quoted field doubled. CRLF, LF or CR line ends; a UTF-8 byte-order
// mark (spreadsheets write one) is skipped; blank lines are skipped.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"

namespace ipseclab::classroom {

struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0; // where the record starts (1-based)
};

// An unterminated quote or text after a closing quote: "FILE:LINE: problem".
Result<std::vector<CsvRecord>> parseCsv(std::string_view text, std::string_view fileName);

// One line ending in "\n", each field quoted when it needs to be.
std::string csvLine(const std::vector<std::string>& fields);

} // namespace ipseclab::classroom
