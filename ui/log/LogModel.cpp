// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/log/LogModel.h"

#include <algorithm>
#include <cstring>

#include "lab/Timeline.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/LabController.h"

namespace ipseclab::ui {

namespace {

// Ends each column in the buffers; a column's own (none in practice) becomes a space, so a match
// never spans two columns.
constexpr char kEndOfColumn = '\x1f';

void appendColumn(std::string& text, std::string_view column) {
    const std::size_t at = text.size();
    text.append(column);
    std::replace(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(), kEndOfColumn, ' ');
    text.push_back(kEndOfColumn);
}

// `from` with A-Z as a-z, into `to` (as long): eight bytes at a time, as fast as memmem searches
// them. A byte above 0x7f (UTF-8's) stays as it is.
void fold(std::string_view from, char* to) {
    constexpr std::uint64_t ones = 0x0101010101010101, high = ones * 0x80;
    std::size_t i = 0;
    for (; i + 8 <= from.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, from.data() + i, 8);
        // Each byte's low seven bits plus a constant: no carry into the next byte, and the high
        // bit says ">= 'A'" or "> 'Z'".
        const std::uint64_t low = w & ~high;
        const std::uint64_t fromA = low + ones * (0x80 - 'A');
        const std::uint64_t pastZ = low + ones * (0x7f - 'Z');
        w |= (fromA & ~pastZ & ~w & high) >> 2; // 0x80 >> 2: the 0x20 between 'A' and 'a'
        std::memcpy(to + i, &w, 8);
    }
    for (; i < from.size(); ++i) to[i] = from[i] >= 'A' && from[i] <= 'Z' ? static_cast<char>(from[i] + 0x20) : from[i];
}

} // namespace

LogModel::LogModel(QObject* parent, std::size_t chunkBytes) : QAbstractTableModel(parent), m_chunkBytes(chunkBytes) {}

void LogModel::follow(LabController& controller) { controller.feed(*this); }

void LogModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_chunks.clear();
    endResetModel();
}

void LogModel::append(const lab::Timeline& timeline, qsizetype first, qsizetype count) {
    const qsizetype begin = std::max<qsizetype>(first, static_cast<qsizetype>(m_rows.size()));
    const qsizetype end = std::min<qsizetype>(first + count, static_cast<qsizetype>(timeline.size()));
    if (begin >= end) return;
    beginInsertRows({}, static_cast<int>(begin), static_cast<int>(end - 1));
    for (qsizetype i = begin; i < end; ++i) {
        const lab::LabEvent& e = timeline.at(static_cast<std::size_t>(i));
        const ike::Event* ike = e.ike();
        const auto* outcome = e.as<lab::OutcomeRecord>();
        m_scratch.clear();
        appendColumn(m_scratch, formatTime(e.time).toStdString());
        appendColumn(m_scratch, lab::originName(e.origin));
        appendColumn(m_scratch, lab::phaseName(e.phase));
        appendColumn(m_scratch, e.summary());
        appendColumn(m_scratch, e.text());
        // A row too big for the last chunk's room starts the next one.
        // Its room reserved: a string grown by doubling would hold up to twice its bytes.
        if (m_chunks.empty() || m_chunks.back().text.size() + m_scratch.size() > m_chunkBytes) {
            m_chunks.push_back(Chunk{{}, m_rows.size()});
            m_chunks.back().text.reserve(std::max(m_chunkBytes, m_scratch.size()));
        }
        Chunk& chunk = m_chunks.back();
        const std::size_t offset = chunk.text.size();
        chunk.text.append(m_scratch);
        m_rows.push_back(Row{static_cast<std::uint32_t>(m_chunks.size() - 1), static_cast<std::uint32_t>(offset),
                             e.origin,
                             (ike && ike->kind == ike::EventKind::Failure) || (outcome && !outcome->asDesigned),
                             e.attack.has_value()});
    }
    endInsertRows();
}

std::string_view LogModel::rowBytes(std::size_t row) const {
    const Row& r = m_rows.at(row);
    const std::string& bytes = m_chunks[r.chunk].text;
    const bool lastOfChunk = row + 1 == m_rows.size() || m_rows[row + 1].chunk != r.chunk;
    const std::size_t end = lastOfChunk ? bytes.size() : m_rows[row + 1].offset;
    return std::string_view(bytes).substr(r.offset, end - r.offset);
}

std::string_view LogModel::cell(int row, int column) const {
    std::string_view rest = rowBytes(static_cast<std::size_t>(row));
    for (int c = 0; c < column; ++c) rest.remove_prefix(rest.find(kEndOfColumn) + 1);
    return rest.substr(0, rest.find(kEndOfColumn));
}

QString LogModel::lineOf(int row) const {
    auto text = [this, row](int column) {
        const std::string_view c = cell(row, column);
        return QString::fromUtf8(c.data(), static_cast<qsizetype>(c.size()));
    };
    return QStringLiteral("%1\t%2\t%3 — %4")
        .arg(text(TimeColumn), text(WhereColumn), text(EventColumn), text(DetailColumn));
}

std::string LogModel::needleOf(const QString& text) {
    std::string needle = text.toStdString();
    fold(needle, needle.data());
    return needle;
}

void LogModel::forEachContaining(std::string_view needle, int first, const std::function<void(int)>& found) const {
    while (first < rowCount()) first = forEachContainingInChunk(needle, first, found);
}

int LogModel::forEachContainingInChunk(std::string_view needle, int first,
                                       const std::function<void(int)>& found) const {
    if (first >= rowCount()) return rowCount();
    const Row& from = m_rows[static_cast<std::size_t>(first)];
    const Chunk& chunk = m_chunks[from.chunk];
    const auto rowsBegin = m_rows.begin() + first;
    const auto rowsEnd = from.chunk + 1 < m_chunks.size()
                             ? m_rows.begin() + static_cast<std::ptrdiff_t>(m_chunks[from.chunk + 1].firstRow)
                             : m_rows.end();
    const int end = static_cast<int>(rowsEnd - m_rows.begin());
    if (needle.empty()) {
        for (int row = first; row < end; ++row) found(row);
        return end;
    }
    // The chunk's rows folded, then one pass of memmem (glibc's: a few gigabytes a second); a
    // hit's row by binary search, and on from the next row.
    const std::string_view bytes = std::string_view(chunk.text).substr(from.offset);
    m_folded.resize(bytes.size());
    fold(bytes, m_folded.data());
    std::size_t at = 0;
    while (at < m_folded.size()) {
        const void* hit = memmem(m_folded.data() + at, m_folded.size() - at, needle.data(), needle.size());
        if (!hit) break;
        const std::size_t offset = from.offset +
                                   static_cast<std::size_t>(static_cast<const char*>(hit) - m_folded.data());
        const auto next = std::upper_bound(rowsBegin, rowsEnd, offset,
                                           [](std::size_t o, const Row& row) { return o < row.offset; });
        found(static_cast<int>(next - m_rows.begin() - 1));
        at = next == rowsEnd ? m_folded.size() : next->offset - from.offset;
    }
    return end;
}

std::size_t LogModel::memoryBytes() const {
    std::size_t bytes = m_chunks.capacity() * sizeof(Chunk) + m_rows.size() * sizeof(Row);
    for (const Chunk& chunk : m_chunks) bytes += chunk.text.capacity();
    return bytes + m_folded.capacity();
}

void LogModel::setColors(const QColor& failure, const QColor& attack) {
    m_failure = failure;
    m_attack = attack;
    if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole});
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Row& r = m_rows.at(static_cast<std::size_t>(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        const std::string_view c = cell(index.row(), index.column());
        return QString::fromUtf8(c.data(), static_cast<qsizetype>(c.size()));
    }
    case Qt::ForegroundRole:
        if (r.failure) return m_failure;
        if (r.attack) return m_attack;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SiteRole: {
        const std::string_view site = lab::originName(r.origin);
        return QString::fromUtf8(site.data(), static_cast<qsizetype>(site.size()));
    }
    default: return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case WhereColumn: return tr("Where");
    case PhaseColumn: return tr("Phase");
    case EventColumn: return tr("Event");
    case DetailColumn: return tr("Details");
    default: return {};
    }
}

} // namespace ipseclab::ui
