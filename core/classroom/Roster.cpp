// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// readRoster (ClassFile.h): the roster CSV a teacher exports from the school's list.

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "classroom/ClassFile.h"
#include "classroom/Csv.h"

namespace ipseclab::classroom {

namespace {

std::string trimmed(std::string_view text) {
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

struct Columns {
    std::size_t id = 0;
    std::size_t name = 0;
};

Result<Columns> columnsOf(const CsvRecord& header, const std::string& at) {
    std::optional<std::size_t> id, name;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string column = lower(trimmed(header.fields[i]));
        if (column == "id" && !id) id = i;
        if (column == "name" && !name) name = i;
    }
    if (!id || !name)
        return fail(at + "the header line names no column \"" + std::string(id ? "name" : "id") +
                    "\" (a roster starts with a header line naming at least id and name)");
    return Columns{*id, *name};
}

} // namespace

Result<std::vector<RosterEntry>> readRoster(std::string_view csvText, std::string_view fileName) {
    auto records = parseCsv(csvText, fileName);
    if (!records) return tl::unexpected(records.error());
    const std::string file(fileName);
    if (records->empty()) return fail(file + ": the roster is empty (a header line id,name and a line per student)");
    const auto at = [&](std::size_t line) { return file + ":" + std::to_string(line) + ": "; };
    auto columns = columnsOf(records->front(), at(records->front().line));
    if (!columns) return tl::unexpected(columns.error());
    const std::size_t width = records->front().fields.size();
    std::vector<RosterEntry> out;
    std::map<std::string, std::size_t> lineOfId;
    for (std::size_t r = 1; r < records->size(); ++r) {
        const CsvRecord& record = (*records)[r];
        // A spreadsheet writes a row it holds no student in as ",,": skipped as a blank line is.
        if (std::all_of(record.fields.begin(), record.fields.end(), [](const auto& f) { return trimmed(f).empty(); }))
            continue;
        if (record.fields.size() != width)
            return fail(at(record.line) + std::to_string(record.fields.size()) + " fields where the header has " +
                        std::to_string(width));
        RosterEntry entry{trimmed(record.fields[columns->id]), trimmed(record.fields[columns->name]), record.line};
        if (entry.id.empty()) return fail(at(record.line) + "the id is empty");
        if (entry.name.empty()) return fail(at(record.line) + "the name is empty (id " + entry.id + ")");
        if (const auto [first, added] = lineOfId.emplace(entry.id, record.line); !added)
            return fail(at(record.line) + "the id " + entry.id + " is already on line " +
                        std::to_string(first->second));
        out.push_back(std::move(entry));
    }
    if (out.empty()) return fail(file + ": the roster has a header line but no students");
    return out;
}

} // namespace ipseclab::classroom
