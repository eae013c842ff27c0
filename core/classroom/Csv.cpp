// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/Csv.h"

namespace ipseclab::classroom {

namespace {

std::string where(std::string_view file, std::size_t line) {
    return std::string(file) + ":" + std::to_string(line) + ": ";
}

// Whether a line ends at `i`: LF, or CR not followed by LF (the CR of CRLF ends none, its LF does).
// Spreadsheets on old Macs end lines with a lone CR; counting it keeps the line numbers right.
bool lineEndAt(std::string_view text, std::size_t i) {
    return text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
}

bool blank(const CsvRecord& record) { return record.fields.size() == 1 && record.fields[0].empty(); }

// Reads one quoted field starting after its opening quote at `i`; leaves `i` after the closing one.
Result<std::string> quoted(std::string_view text, std::size_t& i, std::size_t& line, std::string_view file,
                           std::size_t startLine) {
    std::string field;
    for (;; ++i) {
        if (i >= text.size()) return fail(where(file, startLine) + "a quote opened here is never closed");
        if (lineEndAt(text, i)) ++line;
        if (text[i] != '"') {
            field += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
            continue;
        }
        ++i;
        return field;
    }
}

} // namespace

Result<std::vector<CsvRecord>> parseCsv(std::string_view text, std::string_view fileName) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<CsvRecord> out;
    std::size_t line = 1, i = 0;
    while (i < text.size()) {
        CsvRecord record{{}, line};
        for (;;) { // one field per turn
            std::string field;
            if (i < text.size() && text[i] == '"') {
                auto read = quoted(text, ++i, line, fileName, line);
                if (!read) return tl::unexpected(read.error());
                field = std::move(*read);
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    return fail(where(fileName, line) + "text after a closing quote (a quote inside a quoted field "
                                                        "is written twice: \"\")");
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '"')
                        return fail(where(fileName, line) + "a quote inside an unquoted field (quote the whole field)");
                    field += text[i++];
                }
            }
            record.fields.push_back(std::move(field));
            if (i < text.size() && text[i] == ',') {
                ++i;
                continue;
            }
            break;
        }
        if (i < text.size() && text[i] == '\r') line += lineEndAt(text, i++) ? 1 : 0;
        if (i < text.size() && text[i] == '\n') ++i, ++line;
        if (!blank(record)) out.push_back(std::move(record));
    }
    return out;
}

std::string csvLine(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        const std::string& f = fields[i];
        if (f.find_first_of(",\"\r\n") == std::string::npos) {
            out += f;
            continue;
        }
        out += '"';
        for (const char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
    }
    return out + "\n";
}

} // namespace ipseclab::classroom
